"""Opening the ledger for one request, and turning its records into plain rows.

Why per request: DuckDB lets one process hold a database file for writing, so the app
opens the ledger only while it serves a request and the CLI can import between two page
loads. ``fairprint.ledger`` is imported lazily so the calculator and model sheets work
even where no ledger has been created yet.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from fairprint.errors import LedgerError
from fairprint.web.config import WebConfig


@contextmanager
def open_ledger(config: WebConfig) -> Iterator[Any]:
    """The ledger of this app, open (and held by this request alone) inside the block."""
    try:
        from fairprint.ledger import Ledger
    except ImportError as exc:  # pragma: no cover - the ledger ships with fairprint
        raise LedgerError(f"the ledger module is not available: {exc}") from exc
    with config.ledger_lock:
        config.ledger_path.parent.mkdir(parents=True, exist_ok=True)
        with Ledger(config.ledger_path) as ledger:
            yield ledger


def plain(value: Any) -> Any:
    """A JSON- and template-ready value: NaN → None, datetimes → ISO text."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def rows(records: Any) -> list[dict[str, Any]]:
    """Records as dicts, whether they come as an Arrow table, dataclasses or mappings."""
    if records is None:
        return []
    if isinstance(records, pa.Table):
        items: list[Any] = records.to_pylist()
    elif hasattr(records, "fetch_arrow_table"):
        items = records.fetch_arrow_table().to_pylist()
    else:
        items = list(records)
    out = []
    for item in items:
        if is_dataclass(item) and not isinstance(item, type):
            item = asdict(item)
        elif hasattr(item, "_asdict"):
            item = item._asdict()
        elif not isinstance(item, dict):
            item = dict(item)
        out.append({key: plain(value) for key, value in item.items()})
    return out
