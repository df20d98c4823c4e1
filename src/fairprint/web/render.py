"""Rendering a page: one call that every router uses, so all pages share one frame.

The page's language is chosen here, once: ``?lang=fr|en`` if given (kept on the site's
links), else the browser's ``Accept-Language``; the response says which (``Content-
Language``) and that it varies with the header.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from fairprint.i18n import LANGUAGE_NAMES, LOCALES, negotiate


def request_locale(request: Request) -> str:
    """``?lang=`` when it names a known locale, else the best ``Accept-Language`` match."""
    return negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))


def language_context(request: Request) -> dict[str, Any]:
    """What the frame needs to speak the page's language and offer the other one."""
    locale = request_locale(request)
    chosen = request.query_params.get("lang")
    others = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    links = [
        (
            code,
            LANGUAGE_NAMES[code],
            str(request.url.replace_query_params(**dict(others), lang=code)),
        )
        for code in LOCALES
    ]
    return {
        "locale": locale,
        "lang_links": links,
        "lang_query": f"?lang={locale}" if chosen else "",
        "lang_amp": f"&lang={locale}" if chosen else "",
    }


def page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render ``template`` with ``context`` plus what the frame needs (path, language)."""
    context = {
        "current_path": request.url.path,
        "generator": "fairprint",
        **language_context(request),
        **context,
    }
    response = request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status
    )
    response.headers["Content-Language"] = context["locale"]
    response.headers["Vary"] = "Accept-Language"
    return response
