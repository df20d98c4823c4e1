"""The ``fairprint`` command line: a thin Typer skin over the library.

Each area registers its commands from its own module (``register(app)``), so this file
only assembles them and turns ``FairprintError`` into a clear message and exit code 2.
It is also the one top-level guard: any other exception becomes one line saying what
happened and that nothing was stored (imports are single transactions), exit code 3; set
``FAIRPRINT_DEBUG=1`` to see the traceback instead.
"""

from __future__ import annotations

import os
from typing import Any

import typer
from typer.core import TyperGroup

from fairprint.errors import FairprintError


def _click_exception_base() -> type[Exception]:
    """The ClickException class Typer handles (recent Typer vendors its own copy of click)."""
    for klass in typer.BadParameter.__mro__:
        if klass.__name__ == "ClickException":
            return klass
    raise ImportError("typer exposes no ClickException")  # pragma: no cover


class UserError(_click_exception_base()):  # type: ignore[misc]
    """A ``FairprintError`` shown as ``error: ...`` with exit code 2, never a traceback."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        typer.echo(f"error: {self.message}", err=True)


class UnexpectedError(UserError):
    """An exception fairprint did not expect: one line, a hint to report it, exit code 3."""

    exit_code = 3


DEBUG_VARIABLE = "FAIRPRINT_DEBUG"
"""Set to 1 to let unexpected exceptions show their traceback."""


def unexpected_message(exc: BaseException) -> str:
    """The one line shown for a bug: the exception, that nothing was stored, what to do."""
    detail = " ".join(str(exc).split())[:160]
    kind = type(exc).__name__
    return (
        f"unexpected {kind}{': ' + detail if detail else ''}. Nothing was stored. "
        f"This is a bug: please report it with {DEBUG_VARIABLE}=1 set to show the traceback."
    )


class FairprintGroup(TyperGroup):
    """Turns the library's user errors into clean CLI errors for every command."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FairprintError as exc:
            raise UserError(str(exc)) from exc
        except (_click_exception_base(), typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get(DEBUG_VARIABLE, "") not in ("", "0"):
                raise
            raise UnexpectedError(unexpected_message(exc)) from exc


app = typer.Typer(
    cls=FairprintGroup,
    name="fairprint",
    help="The hidden costs of AI: energy, carbon, water, minerals — and the people.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_all() -> None:
    """Add every area's commands; each area module imports its heavy dependencies lazily."""
    from fairprint.cli import audit, estimate, ledger, people, report, spark, track, validate, web

    for area in (estimate, ledger, report, people, audit, track, web, spark, validate):
        area.register(app)


_register_all()


def main() -> None:
    """Entry point of the ``fairprint`` console script."""
    app()


__all__ = ["DEBUG_VARIABLE", "app", "main", "unexpected_message"]
