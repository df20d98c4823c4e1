"""CLI for the people side: ``fairprint people MODEL`` and ``fairprint transparency``.

Thin by design: each command parses its options, calls ``fairprint.people`` and prints
(Rich tables, or JSON with ``--json``). "undisclosed" is printed as such, never as 0.
User errors are ``FairprintError``s, which the ``fairprint`` app turns into ``error: ...``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from fairprint.cli._shared import RegistryOption, load_registry
from fairprint.errors import InputError
from fairprint.registry import FMTI_EDITIONS

if TYPE_CHECKING:  # the work is imported inside each command: the CLI starts fast
    from fairprint.people import EditionRank
    from fairprint.registry import Registry

__all__ = ["register"]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _parse_requests(text: str | None) -> tuple[float, float, float] | None:
    """Split LOW:CENTRAL:HIGH (or one number); the library validates the range."""
    if text is None:
        return None
    parts = text.split(":")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise InputError(f"--lifetime-requests {text!r}: use LOW:CENTRAL:HIGH numbers") from None
    if len(values) == 1:
        values = values * 3
    if len(values) != 3:
        raise InputError(f"--lifetime-requests {text!r}: use LOW:CENTRAL:HIGH numbers")
    from fairprint.impacts import lifetime_range

    return lifetime_range(values)


def _rank_dict(rank: EditionRank, registry: Registry) -> dict[str, Any]:
    from fairprint.people import provider_score

    score = provider_score(rank.provider, registry)
    return {
        "rank": rank.rank,
        "provider": rank.provider,
        "name": rank.name,
        "edition": rank.edition,
        "points": rank.points,
        "possible": rank.possible,
        "status": rank.status,
        "share": rank.share,
        "change": rank.change,
        "editions": [
            {
                "edition": e.edition,
                "points": e.points,
                "possible": e.possible,
                "indicators": e.indicators,
                "evidence": e.evidence,
            }
            for e in score.editions
        ],
        "source": score.source,
        "source_url": score.source_url,
    }


def register(app: typer.Typer) -> None:
    """Add ``people`` and ``transparency`` to ``app``."""

    @app.command("people")
    def people(
        model: Annotated[str, typer.Argument(help="Model id or alias, e.g. llama-2-70b-chat.")],
        sources: Annotated[bool, typer.Option("--sources", help="List every source.")] = False,
        as_json: JsonFlag = False,
        living_wages: Annotated[
            Path | None,
            typer.Option(
                "--living-wages",
                help="CSV of living wages: country, hourly, currency, year, source, licence.",
            ),
        ] = None,
        lifetime_requests: Annotated[
            str | None,
            typer.Option(
                "--lifetime-requests",
                help="Requests the model serves over its "
                "life, LOW:CENTRAL:HIGH (your assumption; none is published).",
            ),
        ] = None,
        registry_path: RegistryOption = None,
    ) -> None:
        """The data-work sheet of MODEL: who labelled its data, where, for how much."""
        from fairprint.people import datawork_sheet, load_living_wages
        from fairprint.report import print_sheet

        registry = load_registry(registry_path)
        living = load_living_wages(living_wages) if living_wages else None
        sheet = datawork_sheet(
            model,
            registry,
            living_wages=living,
            lifetime_requests=_parse_requests(lifetime_requests),
        )
        if as_json:
            typer.echo(json.dumps(sheet.to_dict(), indent=2, default=str))
            return
        print_sheet(sheet, Console(), sources)

    @app.command("transparency")
    def transparency(
        as_json: JsonFlag = False,
        edition: Annotated[
            str | None,
            typer.Option(
                "--edition",
                help=f"FMTI edition to rank within ({', '.join(FMTI_EDITIONS)}; default: latest).",
            ),
        ] = None,
        registry_path: RegistryOption = None,
    ) -> None:
        """Providers ranked within one FMTI edition by data-labour transparency."""
        from fairprint.people import edition_ranking
        from fairprint.report import print_transparency

        registry = load_registry(registry_path)
        ranking = edition_ranking(registry, edition, {str(r["provider"]) for r in registry.models})
        if as_json:
            typer.echo(json.dumps([_rank_dict(r, registry) for r in ranking], indent=2))
            return
        print_transparency(ranking, Console())
