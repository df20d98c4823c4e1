"""``/`` (the dashboard), ``/imports`` and ``/imports/quarantine`` (the drill-down), ``/docs``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, Response

from fairprint.errors import InputError
from fairprint.i18n import translations
from fairprint.report import DIMENSIONS, report_from_ledger
from fairprint.web.config import config_of
from fairprint.web.ledger_views import BREAKDOWNS, dashboard_context
from fairprint.web.render import page, request_locale
from fairprint.web.routers.api import PERIOD_MAX, period
from fairprint.web.security import authorise_write, bearer_token
from fairprint.web.store import open_ledger, rows
from fairprint.web.uploads import import_upload

STATIC = Path(__file__).resolve().parents[1] / "static"

router = APIRouter(include_in_schema=False)

GROUPINGS = DIMENSIONS
"""The dashboard's ``by`` offers the same groupings as ``fairprint report --by`` and the API."""


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request,
    since: Annotated[str | None, Query(max_length=PERIOD_MAX)] = None,
    until: Annotated[str | None, Query(max_length=PERIOD_MAX)] = None,
    by: Annotated[str, Query(max_length=20)] = "model",
) -> Response:
    """Totals with ranges, over time and by model/provider/team/project; people; levers."""
    config = config_of(request)
    if by not in GROUPINGS:
        raise InputError(f"cannot group by {by!r}; choose one of {', '.join(GROUPINGS)}")
    start, end = period(since, until)
    order = (by, *(b for b in BREAKDOWNS if b != by))
    with open_ledger(config) as ledger:
        report = report_from_ledger(
            ledger, by=by, since=start, until=end, registry=config.registry, breakdowns=order
        )
    import_count = len(report.sources)
    context: dict[str, Any] = {
        "page_title": "AI footprint dashboard",
        "page_subtitle": "Planet and people, with ranges — from the ledger on this machine",
        "filters": {"since": since or "", "until": until or "", "by": by},
        "groupings": GROUPINGS,
        "import_count": import_count,
        "empty": report.summary.activities == 0,
        "query": request.url.query,
        **dashboard_context(
            report, report.breakdowns, config.registry, locale=request_locale(request)
        ),
    }
    return page(request, "dashboard.html.j2", context)


@router.get("/imports", response_class=HTMLResponse)
def imports_page(request: Request) -> Response:
    """Every import: file, format, hash, accepted / quarantined / already-known counts."""
    config = config_of(request)
    with open_ledger(config) as ledger:
        records = rows(ledger.imports())
    return page(
        request,
        "imports.html.j2",
        {
            "page_title": "Imports",
            "page_subtitle": translations(request_locale(request)).ngettext(
                "%(n)s file imported into %(ledger)s",
                "%(n)s files imported into %(ledger)s",
                len(records),
            )
            % {"n": len(records), "ledger": config.ledger_path.name},
            "imports": records,
            "columns": list(records[0]) if records else [],
            "needs_token": config.token is not None,
            "max_upload": f"{config.max_upload_bytes / 1024 / 1024:,.0f} MiB",
        },
    )


@router.post("/imports", response_class=HTMLResponse)
async def import_form(
    request: Request,
    file: Annotated[UploadFile, File()],
    format: Annotated[str, Form(max_length=50)] = "auto",
    token: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    """The Imports page's form: same guard and import as ``POST /api/import``."""
    authorise_write(request, token or bearer_token(request))
    result = await import_upload(request, config_of(request), file, format)
    return page(
        request,
        "import_result.html.j2",
        {"page_title": "Import done", "result": result},
    )


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


@router.get("/imports/quarantine", response_class=HTMLResponse)
def quarantine_page(
    request: Request, import_id: Annotated[int | None, Query(ge=0)] = None
) -> Response:
    """Rows the importers set aside, with the reason (optionally of one import)."""
    with open_ledger(config_of(request)) as ledger:
        records = rows(ledger.quarantine(import_id))
    return page(
        request,
        "quarantine.html.j2",
        {
            "page_title": "Quarantined rows",
            "page_subtitle": _set_aside(request_locale(request), len(records), import_id),
            "records": records,
            "columns": list(records[0]) if records else [],
        },
    )


def _set_aside(locale: str, count: int, import_id: int | None) -> str:
    """The quarantine page's subtitle in ``locale``: how many rows, of which import."""
    plural = translations(locale).ngettext
    if import_id:
        return plural(
            "%(n)s row set aside by import %(id)s", "%(n)s rows set aside by import %(id)s", count
        ) % {"n": count, "id": import_id}
    return plural("%(n)s row set aside", "%(n)s rows set aside", count) % {"n": count}


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    """The API reference, rendered here from the OpenAPI schema (no CDN-hosted viewer)."""
    schema = request.app.openapi()
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "description": op.get("description", ""),
            "parameters": [p["name"] for p in op.get("parameters", [])],
        }
        for path, methods in schema.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return page(
        request,
        "api.html.j2",
        {
            "page_title": "JSON API",
            "page_subtitle": schema["info"]["description"],
            "operations": operations,
            "needs_token": config_of(request).token is not None,
        },
    )
