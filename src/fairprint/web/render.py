"""Rendering a page: one call that every router uses, so all pages share one frame."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response


def page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render ``template`` with ``context`` plus what the frame needs (current path)."""
    context = {"current_path": request.url.path, "generator": "fairprint", **context}
    return request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status
    )
