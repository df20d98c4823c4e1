"""The public surface: a tested ``__all__``, callable trackers, nothing heavy at import."""

from __future__ import annotations

import subprocess
import sys

import fairprint


def test_every_name_in_all_is_the_object_of_its_home_module() -> None:
    import importlib

    # ``fairprint.estimate`` the attribute is the function; the module is looked up by name.
    homes = [
        importlib.import_module(f"fairprint.{module}")
        for module in ("errors", "estimate", "registry", "track")
    ]
    for name in fairprint.__all__:
        if name == "__version__":
            continue
        value = getattr(fairprint, name)
        assert any(getattr(home, name, None) is value for home in homes), name


def test_every_error_class_is_exported_from_the_package_root() -> None:
    import inspect

    import fairprint.errors

    error_classes = {
        name
        for name, value in inspect.getmembers(fairprint.errors, inspect.isclass)
        if issubclass(value, fairprint.errors.FairprintError)
        and value.__module__ == "fairprint.errors"
    }
    assert error_classes <= set(fairprint.__all__)
    assert len(error_classes) >= 9


def test_every_fairprint_error_class_lives_in_the_errors_module() -> None:
    """A subclass defined elsewhere could not be caught from the package root."""
    import ast
    import inspect
    from pathlib import Path

    import fairprint.errors

    names = {
        name
        for name, value in inspect.getmembers(fairprint.errors, inspect.isclass)
        if issubclass(value, fairprint.errors.FairprintError)
    }
    package = Path(fairprint.__file__).parent
    strays = [
        f"{path.relative_to(package)}:{node.name}"
        for path in package.rglob("*.py")
        if path.name != "errors.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
        and any(getattr(base, "id", getattr(base, "attr", None)) in names for base in node.bases)
    ]
    assert strays == []


def test_a_ledger_error_can_be_caught_from_the_package_root(tmp_path) -> None:
    from fairprint.ledger import Ledger

    not_a_ledger = tmp_path / "notes.duckdb"
    not_a_ledger.write_text("this is a text file, not a DuckDB database\n")
    try:
        Ledger(not_a_ledger)
    except fairprint.LedgerError as error:
        assert "notes.duckdb" in str(error)
    else:  # pragma: no cover - the message explains the failure
        raise AssertionError("opening a file that is not a ledger must raise LedgerError")


def test_public_functions_are_callable_even_after_importing_subpackages() -> None:
    import fairprint.track.otel  # importing a submodule must not rebind fairprint.track

    for name in ("estimate", "estimate_batch", "track", "untrack", "tracking", "measure"):
        assert callable(getattr(fairprint, name)), name


def test_import_loads_no_sdk_server_or_cluster_library() -> None:
    code = (
        "import sys, fairprint; "
        "heavy = [m for m in ('openai', 'anthropic', 'litellm', 'fastapi', 'pyspark', "
        "'opentelemetry', 'pynvml', 'polars', 'pandas') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
