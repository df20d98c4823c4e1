"""Every CLI command is in the README and every option is documented somewhere in the docs."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from fairprint.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = README + "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]


def test_the_readme_starts_with_the_two_commands() -> None:
    first_block = README.split("```", 2)[1]
    assert "make demo" in first_block and "make test" in first_block


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"fairprint {name}" in README


@pytest.mark.parametrize(
    ("name", "option"),
    sorted(
        (name, opt)
        for name, command in COMMANDS.items()
        for param in command.params
        for opt in param.opts
        if opt.startswith("--") and opt != "--help"
    ),
)
def test_every_option_is_documented(name: str, option: str) -> None:
    assert f"`{option}" in DOCS or f" {option}" in DOCS, f"fairprint {name} {option}"
