"""``fairprint serve``: the local web app (dashboard, calculator, model sheets, API)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fairprint.cli._extras import require_extra
from fairprint.cli._shared import RegistryOption, existing_ledger_path, load_registry
from fairprint.errors import InputError, LedgerError


def _default_ledger() -> Path:
    from fairprint.ledger import default_ledger_path

    return Path(default_ledger_path())


def _ledger_to_serve(path: Path, *, create: bool) -> Path:
    """The ledger ``serve`` reads: it must exist (as for ``report``) unless ``--create``."""
    from fairprint.ledger import Ledger

    if path.exists():
        return path
    if not create:
        try:
            existing_ledger_path(path)
        except LedgerError as missing:  # report's message, plus the way to start empty
            raise LedgerError(f"{missing}, or pass --create to serve an empty one") from None
    with Ledger(path):
        pass
    typer.echo(f"created an empty ledger at {path}")
    return path


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        host: Annotated[
            str, typer.Option(help="Address to bind; anything but loopback needs --token.")
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
        ledger: Annotated[
            Path | None,
            typer.Option(
                "--ledger",
                envvar="FAIRPRINT_LEDGER",
                help="Ledger file (default: the user data folder).",
                show_default=False,
            ),
        ] = None,
        token: Annotated[
            str | None,
            typer.Option(
                envvar="FAIRPRINT_TOKEN",
                help="Bearer token the write endpoints require (needed beyond loopback).",
                show_default=False,
            ),
        ] = None,
        max_upload_mb: Annotated[
            int, typer.Option(min=1, max=10_000, help="Largest accepted upload, in MiB.")
        ] = 50,
        allowed_host: Annotated[
            list[str] | None,
            typer.Option(
                "--allowed-host",
                help="Host name browsers may use besides loopback (repeatable; * for any).",
                show_default=False,
            ),
        ] = None,
        create: Annotated[
            bool,
            typer.Option(
                "--create",
                help="Start an empty ledger if none exists (files can then be imported "
                "from the web page); without it a missing ledger is refused.",
            ),
        ] = False,
        registry_path: RegistryOption = None,
    ) -> None:
        """Serve the web dashboard, calculator and JSON API on this machine."""
        require_extra("web", "serve", "uvicorn", "fastapi", "multipart")
        import uvicorn

        from fairprint._asgi import is_loopback, server_settings
        from fairprint.web import create_app

        if not is_loopback(host) and not token:
            raise InputError(
                f"--host {host} exposes the server beyond this machine: pass --token "
                "(or set FAIRPRINT_TOKEN) so that only holders of the token can import files"
            )
        ledger_path = _ledger_to_serve(ledger or _default_ledger(), create=create)
        web_app = create_app(
            ledger_path,
            registry=load_registry(registry_path),
            token=token,
            max_upload_bytes=max_upload_mb * 1024 * 1024,
            bind_host=host,
            allowed_host=allowed_host or (),
        )
        typer.echo(f"fairprint serving {ledger_path} on http://{host}:{port}/ (Ctrl+C stops)")
        if host in ("0.0.0.0", "::") and not allowed_host:
            typer.echo(
                "note: only loopback host names are answered; add --allowed-host NAME for "
                "the name other machines use to reach this one"
            )
        uvicorn.run(web_app, host=host, port=port, **server_settings())
