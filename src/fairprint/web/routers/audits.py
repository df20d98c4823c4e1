"""``/audits``: the fair data-work audits stored in the ledger (k-anonymous)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from fairprint.web.audit_view import audit_view
from fairprint.web.config import config_of
from fairprint.web.ledger_views import audit_headlines, audits_payload
from fairprint.web.render import page
from fairprint.web.store import open_ledger

router = APIRouter(include_in_schema=False)


@router.get("/audits", response_class=HTMLResponse)
def audits_page(request: Request) -> Response:
    with open_ledger(config_of(request)) as ledger:
        payload = audits_payload(ledger)
    return page(
        request,
        "audits.html.j2",
        {
            "page_title": "Fair data-work audits",
            "page_subtitle": "Pay and hours of the people who label data — groups smaller "
            "than k are never shown",
            **payload,
            "views": [
                audit_view(entry, audit_headlines(entry.get("figures") or {}))
                for entry in payload.get("audits", [])
            ],
        },
    )
