"""The public surface of fairprint.track, and what importing it costs."""

from __future__ import annotations

import importlib
import subprocess
import sys

# ``fairprint.track`` is the public function; the subpackage is reached through sys.modules.
track_module = importlib.import_module("fairprint.track")


def test_all_names_are_importable():
    for name in track_module.__all__:
        assert getattr(track_module, name) is not None
    assert {"track", "untrack", "tracking", "measure"} <= set(track_module.__all__)


def test_importing_fairprint_track_loads_no_optional_dependency():
    code = (
        "import sys, fairprint.track; heavy = [m for m in ('openai', 'anthropic', "
        "'litellm', 'mistralai', 'google.genai', 'opentelemetry', 'pynvml', "
        "'prometheus_client') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_only_imported_sdks_are_patched_by_default():
    code = (
        "import openai, fairprint; fairprint.track(); "
        "from fairprint.track import _patch; import sys; "
        "print(sorted({k.split('.')[0] for k in _patch.installed()}), "
        "'litellm' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['openai'] False"
