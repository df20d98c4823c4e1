"""``create_app``: the local web app — server-rendered pages and a JSON API over one ledger.

Why server-rendered: the pages must work with JavaScript off, open fast on a phone and
fetch nothing from another host, so HTML is rendered here from the same report, people
and estimate functions the CLI uses, charts are inline SVG, and every asset is served
from ``/static``. A little optional script (``static/enhance.js``) only adds conveniences.

User mistakes become clear 4xx answers: a ``FairprintError`` is a 422 carrying its
message (as JSON under ``/api``, as a page elsewhere); bad request bodies are 422 with
the failing field; writes without the right to write are 401/403 (see ``security``).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from fairprint._asgi import HostGuard, allowed_hosts
from fairprint.errors import FairprintError
from fairprint.registry import Registry
from fairprint.report import template_environment
from fairprint.web.config import (
    DEFAULT_MAX_BATCH_ROWS,
    DEFAULT_MAX_JSON_BYTES,
    DEFAULT_MAX_UPLOAD_BYTES,
    WebConfig,
    config_of,
)
from fairprint.web.guard import BodyGuard
from fairprint.web.render import page
from fairprint.web.wording import for_the_web

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

NAVIGATION: tuple[tuple[str, str], ...] = (
    ("/", "Dashboard"),
    ("/calculator", "Calculator"),
    ("/models", "Models"),
    ("/audits", "Audits"),
    ("/imports", "Imports"),
    ("/docs", "API"),
)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
        "form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
"""Sent with every response: nothing may load from another host."""


def templates() -> Jinja2Templates:
    """The web templates over the report templates (so pages share ``base.html.j2``)."""
    env = template_environment(extra_dirs=[TEMPLATES])
    env.globals["navigation"] = NAVIGATION
    return Jinja2Templates(env=env)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path.endswith(".json")


_ABSOLUTE_PATH = re.compile(r"(?<![\w:/.])/(?:[^\s/'\"(),;:]+/)+([^\s/'\"(),;:]+)")
"""An absolute path outside a URL: kept as its last component (the file name)."""

_PROCESS = re.compile(r"\b(?:PID|pid|process)\s*(?:id\s*)?[:=]?\s*\d+")

_LOCK_HOLDER = re.compile(
    r"is in use by .*; waited (\S+) s\.(?: Try again when it has finished)?"
    r"(?:, or use --ledger PATH for another file)?",
    re.S,
)
"""The ledger's lock error names the holder's PID and command line (useful in a terminal;
a command line may hold paths or secrets): on the web only the fact is kept."""


def public_message(request: Request, message: str) -> str:
    """``message`` without what a visitor must not learn: local paths and process ids.

    Why: an error page is seen by whoever sent the request; the ledger's path, the
    temporary folder of an upload or the PID of the process holding the ledger tell an
    attacker about the machine. The ledger becomes "the ledger", any other absolute path
    (an upload's temporary copy, the interpreter holding a lock) its last component.
    """
    try:
        ledger = str(config_of(request).ledger_path)
    except AttributeError:
        ledger = ""
    message = _LOCK_HOLDER.sub(
        r"is locked by another process; waited \1 s. Try again when it has finished", message
    )
    if ledger:
        message = message.replace(f"the ledger {ledger}", "the ledger")
        message = message.replace(ledger, "the ledger")
    message = _ABSOLUTE_PATH.sub(r"\1", message)
    return _PROCESS.sub("another process", message)


def _error_page(request: Request, status_code: int, message: str) -> Response:
    message = public_message(request, message)
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status_code)
    context = {"page_title": f"Error {status_code}", "message": message}
    return page(request, "error.html.j2", context, status_code)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(FairprintError)
    async def fairprint_error(request: Request, exc: FairprintError) -> Response:
        return _error_page(request, 422, for_the_web(str(exc)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = _error_page(request, exc.status_code, str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        ]
        if _wants_json(request):
            return JSONResponse(
                {"detail": "; ".join(problems), "errors": problems}, status_code=422
            )
        return _error_page(request, 422, "; ".join(problems))

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response


def create_app(
    ledger_path: str | Path,
    registry: Registry | None = None,
    token: str | None = None,
    *,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    max_batch_rows: int = DEFAULT_MAX_BATCH_ROWS,
    max_json_bytes: int = DEFAULT_MAX_JSON_BYTES,
    bind_host: str = "127.0.0.1",
    allowed_host: Iterable[str] = (),
) -> FastAPI:
    """The web app over the ledger at ``ledger_path`` (opened per request, never held).

    ``token``: when given, write endpoints need ``Authorization: Bearer <token>``; when
    None, they accept requests from loopback clients only. ``registry`` defaults to the
    bundled one. Requests must name this server in ``Host``: a loopback name,
    ``bind_host`` when it is a specific address, or one of ``allowed_host`` (``*``: any),
    so that a page elsewhere cannot reach a loopback server by DNS rebinding; whoever
    mounts the app under another name passes that name. Bodies are limited before
    they are read (``guard.BodyGuard``): uploads to ``max_upload_bytes``, any other body to
    ``max_json_bytes``.
    """
    from fairprint import __version__
    from fairprint.web.routers import api, audits, calculator, dashboard, models

    app = FastAPI(
        title="fairprint",
        version=__version__,
        description=(
            "The hidden costs of AI — energy, carbon, water, minerals and the human data "
            "work — as a local JSON API. Every quantity comes as low / central / high; "
            "null means unknown, never zero. Write endpoints need a bearer token when the "
            "server was started with one, and loopback clients otherwise."
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.state.config = WebConfig(
        ledger_path=Path(ledger_path),
        registry=registry or Registry.default(),
        token=token or None,
        max_upload_bytes=max_upload_bytes,
        max_batch_rows=max_batch_rows,
        max_json_bytes=max_json_bytes,
    )
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (dashboard, calculator, models, audits, api):
        app.include_router(module.router)
    app.add_middleware(BodyGuard, config=app.state.config, error=_error_page)
    app.add_middleware(HostGuard, allowed=allowed_hosts(bind_host, allowed_host))
    _install_handlers(app)
    return app
