"""``fairprint validate``: fairprint beside the held-out published figures."""

from __future__ import annotations

import shutil
from typing import Annotated

import typer

from fairprint.cli._shared import RegistryOption, load_registry
from fairprint.errors import InputError


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate(
        output_format: Annotated[
            str,
            typer.Option(
                "--format",
                help="text (80-column cards), markdown (docs/validation.md), json or html.",
            ),
        ] = "text",
        registry_dir: RegistryOption = None,
    ) -> None:
        """Compare fairprint with published per-request figures, each at its boundary."""
        from fairprint.validation import FORMATS, compare_cases, load_cases, render, summarise

        if output_format not in FORMATS:
            raise InputError(f"--format {output_format!r}: choose one of {', '.join(FORMATS)}")
        registry = load_registry(registry_dir)
        comparisons = compare_cases(load_cases(registry), registry)
        width = min(shutil.get_terminal_size((80, 24)).columns, 120)
        typer.echo(render(comparisons, summarise(comparisons), output_format, width), nl=False)
