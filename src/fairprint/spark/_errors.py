"""Turn Spark's wrapped failures back into fairprint errors a user can act on.

Why: an ``InputError`` raised by ``estimate_table`` on an executor reaches the driver as a
``PythonException`` whose text holds the worker's whole traceback; a file Spark cannot
read or a value it cannot cast arrives as an ``AnalysisException`` or a runtime error with
an error class. The CLI must print one line that says what to fix, not a JVM stack trace.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from fairprint import errors
from fairprint.errors import FairprintError, FormatError, InputError

_WORKER_ERROR = re.compile(r"fairprint\.errors\.(\w+): (.+)")

_FORMAT_CLASSES = (
    "PATH_NOT_FOUND",
    "UNABLE_TO_INFER_SCHEMA",
    "CAST_INVALID_INPUT",
    "MALFORMED_RECORD_IN_PARSING",
    "FAILED_READ_FILE",
)

_SIMPLE_CLASSES = ("InputError", "FormatError", "RegistryError", "LedgerError")
"""Error classes whose constructor takes just a message (rebuilt as such)."""


def from_worker(text: str) -> FairprintError | None:
    """The fairprint error named in a Python worker's traceback text, if any."""
    match = _WORKER_ERROR.search(text)
    if match is None:
        return None
    name, message = match.group(1), match.group(2).strip()
    klass = getattr(errors, name) if name in _SIMPLE_CLASSES else FairprintError
    return klass(
        f"{message} (raised on a Spark executor; a row number there counts from the start "
        "of that executor's Arrow batch, not of the file)"
    )


@contextmanager
def translate_errors() -> Iterator[None]:
    """Re-raise Spark failures caused by bad input or registry gaps as fairprint errors."""
    from pyspark.errors import PySparkException, PythonException

    try:
        yield
    except PythonException as exc:
        error = from_worker(str(exc))
        if error is None:
            raise
        raise error from None
    except PySparkException as exc:
        error = from_worker(str(exc))
        if error is not None:
            raise error from None
        condition = exc.getCondition() if hasattr(exc, "getCondition") else None
        condition = condition or (exc.getErrorClass() or "")
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else condition
        if condition == "PATH_ALREADY_EXISTS":
            raise InputError(f"{first_line} Pass --overwrite to replace it.") from None
        if condition.split(".")[0] in _FORMAT_CLASSES:
            raise FormatError(first_line) from None
        raise
