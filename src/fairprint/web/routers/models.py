"""``/models`` and ``/models/{id}``: the model list and each model's sheet."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from fairprint.errors import UnknownModelError
from fairprint.i18n import gettext
from fairprint.web.calculator import count_text
from fairprint.web.config import config_of
from fairprint.web.model_sheet import model_rows, model_sheet
from fairprint.web.render import page, request_locale

router = APIRouter(include_in_schema=False)


@router.get("/models", response_class=HTMLResponse)
def models_page(request: Request) -> Response:
    registry = config_of(request).registry
    rows = model_rows(registry)
    return page(
        request,
        "models.html.j2",
        {
            "page_title": "Model sheets",
            "page_subtitle": f"{len(rows)} models · registry {registry.version}",
            "rows": rows,
        },
    )


@router.get("/models/{model_id:path}", response_class=HTMLResponse)
def model_page(model_id: str, request: Request) -> Response:
    registry = config_of(request).registry
    try:
        sheet = model_sheet(model_id, registry)
    except UnknownModelError as exc:
        raise HTTPException(404, str(exc)) from None
    return page(
        request,
        "model.html.j2",
        {
            "page_title": sheet.model_id,
            "page_subtitle": gettext(
                request_locale(request), "%(provider)s · what is known and what is hidden"
            )
            % {"provider": sheet.provider},
            "sheet": sheet,
            "count_text": count_text,
        },
    )
