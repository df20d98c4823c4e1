"""``fairprint demo`` as a newcomer sees it: says the data is invented, shows progress in
order, and leaves nothing behind in the temporary folder."""

from __future__ import annotations

import tempfile

import pytest
from typer.testing import CliRunner

from fairprint.cli import app
from fairprint.demo import FILES


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):
    """One demo run whose temporary folder is a fresh, empty one of its own."""
    tmp_path = tmp_path_factory.mktemp("demo-cli")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(scratch))
        patch.setenv("FAIRPRINT_DEMO_DIR", str(tmp_path / "demo"))
        patch.setenv("COLUMNS", "80")
        result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    return result.output, scratch, tmp_path / "demo"


def test_the_demo_says_its_organisation_and_logs_are_invented(run) -> None:
    output, _, _ = run
    assert "invented" in output.splitlines()[0]


def test_import_lines_come_before_the_report_and_count_up(run) -> None:
    output, _, _ = run
    lines = output.splitlines()
    imported = [i for i, line in enumerate(lines) if " imported " in line]
    assert len(imported) == len(FILES)
    assert f"[1/{len(FILES)}]" in lines[imported[0]]
    assert f"[{len(FILES)}/{len(FILES)}]" in lines[imported[-1]]
    assert imported[-1] < next(i for i, line in enumerate(lines) if "Footprint" in line)


def test_the_demo_leaves_no_temporary_folder_and_keeps_its_ledger(run) -> None:
    output, scratch, folder = run
    assert list(scratch.iterdir()) == []
    assert (folder / "demo.duckdb").exists() and (folder / "fairprint-demo.html").exists()
    assert str(folder / "demo.duckdb") in output.replace("\n", "")


def test_the_demo_report_words_a_water_increase_as_one(tmp_path) -> None:
    """A lever that costs water says "uses … more", never "Water saved … more"."""
    import re

    from fairprint.demo import run_demo
    from fairprint.report import render_html

    page = render_html(run_demo(ledger_path=tmp_path / "demo.duckdb").report)
    cells = re.findall(r'<td class="num">([^<]*(?:saves|more)[^<]*)</td>', page)
    assert cells, "the demo's levers show their water change"
    assert all(c.startswith("saves ") or c.startswith("uses ") for c in cells), cells
    assert "Water saved" not in page
