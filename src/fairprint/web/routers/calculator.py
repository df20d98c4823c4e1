"""``/calculator``: the public calculator page and its shareable SVG card."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from fairprint.errors import FairprintError, InputError
from fairprint.report import METRIC_BY_COLUMN
from fairprint.web.calculator import (
    CUSTOM,
    Question,
    calculate,
    count_text,
    model_choices,
    region_choices,
)
from fairprint.web.card import render_card
from fairprint.web.config import config_of
from fairprint.web.reference import presets
from fairprint.web.render import page, request_locale

router = APIRouter(include_in_schema=False)


def _question(params: dict[str, Any]) -> Question:
    try:
        return Question.model_validate(params)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise InputError(problems) from None


def _params(request: Request) -> dict[str, Any]:
    return {k: v for k, v in request.query_params.items() if v != ""}


@router.get("/calculator", response_class=HTMLResponse)
def calculator_page(
    request: Request,
    model: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The form, and the answer when a model was picked (the form is a GET: shareable)."""
    config = config_of(request)
    registry = config.registry
    context: dict[str, Any] = {
        "page_title": "What does one AI request cost?",
        "page_subtitle": "Energy, carbon, water, minerals — and the people behind the model",
        "models": model_choices(registry),
        "regions": region_choices(registry),
        "presets": presets(registry),
        "custom": CUSTOM,
        "count_text": count_text,
        "colours": {column: metric.colour for column, metric in METRIC_BY_COLUMN.items()},
        "answer": None,
        "error": None,
        "form": {
            "preset": "epoch-typical-chat",
            "requests": 1,
            "input_tokens": 0,
            "output_tokens": 0,
            "region": "",
            "boundary": "facility",
            "model": model or "gpt-4o",
        },
    }
    status = 200
    if model:
        params = _params(request)
        context["form"].update(params)
        try:
            question = _question(params)
            context["answer"] = calculate(question, registry)
            context["share_query"] = question.query_string()
        except FairprintError as exc:
            context["error"] = str(exc)
            status = 422
    return page(request, "calculator.html.j2", context, status)


@router.get("/calculator/card.svg")
def calculator_card(request: Request) -> Response:
    """The answer's card as SVG (``?download=1`` asks the browser to save it)."""
    question = _question(_params(request))
    answer = calculate(question, config_of(request).registry)
    headers = {"Cache-Control": "no-store"}
    if request.query_params.get("download"):
        name = f"fairprint-{answer.result.model_id}.svg".replace('"', "")
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return Response(
        str(render_card(answer, request_locale(request))),
        media_type="image/svg+xml",
        headers=headers,
    )


@router.get("/methodology/ranges", response_class=HTMLResponse)
def ranges_page(request: Request) -> Response:
    """Why ranges are wide: the envelope rule and every uncertain input, from the registry."""
    registry = config_of(request).registry
    rows = [
        {
            "name": str(row["name"]),
            "unit": str(row["unit"]),
            "low": row["low"],
            "central": row["central"],
            "high": row["high"],
            "spread": (float(row["high"]) / float(row["low"]))
            if float(row["low"] or 0) > 0
            else None,
            "favourable_end": str(row["favourable_end"]),
            "source": str(row["source"]),
            "source_url": str(row["source_url"] or ""),
            "notes": str(row["notes"]),
        }
        for row in registry.tables["parameters"].rows
    ]
    return page(
        request,
        "ranges.html.j2",
        {
            "page_title": "Why are the ranges so wide?",
            "page_subtitle": "How fairprint builds every low–high range, and from what",
            "parameters": rows,
            "registry_version": registry.version,
        },
    )
