"""Who may write: the guard in front of every endpoint that changes the ledger.

The rule, in order:

1. A browser request whose ``Origin`` is another site is refused (403): a page elsewhere
   must not be able to post a file into a ledger on this machine (cross-site request
   forgery), whatever else holds.
2. With a token (``create_app(token=...)``, required by ``fairprint serve`` when bound
   beyond loopback) the request must carry ``Authorization: Bearer <token>`` (401 if not).
3. Without a token, only clients on this machine (127.0.0.0/8, ::1) may write (403).

Reading (pages, estimates, reports) needs nothing: estimates change no state.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request, status

from fairprint._asgi import is_loopback
from fairprint.web.config import config_of

__all__ = ["authorise_write", "bearer_token", "is_loopback", "require_writer"]


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


def authorise_write(request: Request, given_token: str | None) -> None:
    """Raise 401/403 unless this request may change the ledger (see the module rules)."""
    if not _same_origin(request):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "cross-site write refused: send the request from this server's own pages or "
            "without an Origin header",
        )
    token = config_of(request).token
    if token is not None:
        if given_token is None or not secrets.compare_digest(
            given_token.strip().encode(), token.encode()
        ):
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "this endpoint needs the server's token: send 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return
    client = request.client.host if request.client else None
    if not is_loopback(client):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "this server has no token, so it accepts writes from this machine only; "
            "restart it with --token to allow other hosts",
        )


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or None."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return given if scheme.lower() == "bearer" and given else None


def require_writer(request: Request) -> None:
    """FastAPI dependency for the JSON API: the bearer token, or loopback without one."""
    authorise_write(request, bearer_token(request))
