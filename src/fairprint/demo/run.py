"""``run_demo``: the sample imported into a ledger and turned into a report.

It goes through the same doors a user does — ``Ledger.import_file`` for every sample file,
then ``report_from_ledger`` — so the demo exercises the real importers, ledger and kernels.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fairprint import _scratch
from fairprint.demo.sample import SEED, write_sample
from fairprint.registry import Registry
from fairprint.report import Report, report_from_ledger, write_html

DEMO_TITLE = "AI footprint — an invented demo organisation, Q3 2026"


@dataclass(frozen=True)
class DemoResult:
    """The demo's report, with where its ledger and HTML report were written."""

    report: Report
    ledger_path: Path
    html_path: Path | None
    imports: tuple[object, ...]


def run_demo(
    ledger_path: Path | None = None,
    html_out: Path | None = None,
    by: str = "model",
    seed: int = SEED,
    registry: Registry | None = None,
    generated_at: datetime | None = None,
    keep: bool = False,
    on_import: Callable[[object], None] | None = None,
) -> DemoResult:
    """Write the sample, import it into a ledger, build the report (and its HTML).

    ``ledger_path`` defaults to a new temporary folder, so the demo never touches the
    user's own ledger: removed when the process exits (``fairprint._scratch``) unless
    ``keep``. The generated sample files live in a scratch folder removed once imported,
    so a run leaves nothing in the temporary folder. ``html_out`` writes the HTML report
    there when given. ``on_import`` is called with each file's import result as soon as it
    is in, so a caller can show progress.
    """
    from fairprint.ledger import Ledger  # the ledger layer sits beside report, import late

    if ledger_path is None:  # a scratch folder gone at exit, unless the caller keeps it
        work = (
            Path(tempfile.mkdtemp(prefix="fairprint-demo-"))
            if keep
            else _scratch.until_exit("demo")
        )
        ledger_path = work / "demo.duckdb"
    ledger_path = Path(ledger_path)
    with _scratch.folder("demo-sample") as sample_folder, Ledger(ledger_path) as ledger:
        sample = write_sample(sample_folder / "sample", seed=seed)
        results = []
        for name, path in sample.files.items():
            results.append(ledger.import_file(path, format=name))
            if on_import is not None:
                on_import(results[-1])
        imports = tuple(results)
        report = report_from_ledger(
            ledger, by=by, registry=registry, generated_at=generated_at, title=DEMO_TITLE
        )
    html_path = write_html(report, Path(html_out)) if html_out is not None else None
    return DemoResult(report=report, ledger_path=ledger_path, html_path=html_path, imports=imports)
