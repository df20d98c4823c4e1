"""The public surface: a tested ``__all__``, callable trackers, nothing heavy at import."""

from __future__ import annotations

import subprocess
import sys

import fairprint


def test_every_name_in_all_exists() -> None:
    for name in fairprint.__all__:
        assert getattr(fairprint, name) is not None, name


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
