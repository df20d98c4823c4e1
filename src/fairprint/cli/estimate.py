"""``fairprint estimate`` and ``fairprint models``."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console

from fairprint.cli._shared import RegistryOption, load_registry


def register(app: typer.Typer) -> None:
    @app.command("estimate")
    def estimate_command(
        model: Annotated[
            str, typer.Option("--model", "-m", help="Model id or alias (see `fairprint models`).")
        ],
        input_tokens: Annotated[
            int, typer.Option(min=0, help="Fresh prompt tokens (not cache reads).")
        ] = 0,
        output_tokens: Annotated[
            int, typer.Option(min=0, help="Visible output tokens (excluding reasoning).")
        ] = 0,
        cached_input_tokens: Annotated[
            int, typer.Option(min=0, help="Prompt tokens read from a cache.")
        ] = 0,
        reasoning_tokens: Annotated[
            int | None,
            typer.Option(
                min=0, help="Hidden reasoning tokens (unknown: estimated for reasoning models)."
            ),
        ] = None,
        requests: Annotated[int, typer.Option(min=1, help="Number of identical requests.")] = 1,
        provider: Annotated[
            str | None, typer.Option(help="Serving provider (default: the model's).")
        ] = None,
        region: Annotated[
            str | None,
            typer.Option(help="Provider region, e.g. us or eu (default: the provider's)."),
        ] = None,
        boundary: Annotated[
            str,
            typer.Option(help="What the figures include: accelerator, it, facility or lifecycle."),
        ] = "facility",
        as_json: Annotated[
            bool, typer.Option("--json", help="Print JSON instead of a table.")
        ] = False,
        registry_path: RegistryOption = None,
    ) -> None:
        """Estimate the footprint of a request: energy, carbon, water, minerals, primary energy."""
        # the work is imported here, not at the top: the CLI starts fast
        from fairprint.estimate import estimate
        from fairprint.report import model_premium, premium_line, print_estimate

        result = estimate(
            model,
            input_tokens,
            output_tokens,
            cached_input_tokens=cached_input_tokens,
            reasoning_tokens=reasoning_tokens,
            requests=requests,
            provider=provider,
            region=region,
            registry=load_registry(registry_path),
            boundary=boundary,
        )
        if as_json:
            typer.echo(json.dumps(result.model_dump(), indent=2))
            return
        console = Console()
        print_estimate(result, console)
        premium = model_premium(result.model_id, load_registry(registry_path))
        console.print(premium_line(premium), highlight=False)

    @app.command("models")
    def models_command(
        provider: Annotated[str | None, typer.Option(help="Only this provider's models.")] = None,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print JSON instead of a table.")
        ] = False,
        registry_path: RegistryOption = None,
    ) -> None:
        """List the known models with parameters, provider, region and the source of each figure."""
        from fairprint.report import print_models

        registry = load_registry(registry_path)
        rows = [r for r in registry.models if provider is None or r["provider"] == provider.lower()]
        if as_json:
            typer.echo(json.dumps([_model_json(r) for r in rows], indent=2))
            return
        print_models(rows, registry.version, Console())


def _model_json(row: Any) -> dict[str, Any]:
    """A registry row as JSON: NaN (unknown) becomes null."""
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
