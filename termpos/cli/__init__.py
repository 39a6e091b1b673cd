"""Provides the termpos command's entry point.

`termpos` and `termpos till` (with only --config/--db/--debug) start the till without loading
Typer or the command groups: the till is ready to scan sooner on a Raspberry Pi. Everything
else goes through the Typer app in cli/root.py.
"""

from __future__ import annotations

import sys
from typing import Any

_GLOBAL_VALUE_OPTIONS = ("--config", "--db")


def till_fast_path(argv: list[str]) -> dict[str, str | bool] | None:
    """The global options when argv only asks for the till, else None."""
    found: dict[str, str | bool] = {}
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        name, eq, value = arg.partition("=")
        if name in _GLOBAL_VALUE_OPTIONS:
            if not eq:
                if not rest:
                    return None
                value = rest.pop(0)
            found[name[2:]] = value
        elif arg == "--debug":
            found["debug"] = True
        elif arg == "till" and not rest:
            return found
        else:
            return None
    return found


def main() -> None:
    """Runs the command; a user's mistake prints one line, never a traceback."""
    from termpos.cli.common import GLOBALS, err_console
    from termpos.core.errors import TermposError

    try:
        fast = till_fast_path(sys.argv[1:])
        if fast is not None:
            import gc

            gc.disable()  # no collections while the till loads; its first screen enables them
            GLOBALS.config = str(fast["config"]) if "config" in fast else None
            GLOBALS.db = str(fast["db"]) if "db" in fast else None
            GLOBALS.debug = bool(fast.get("debug", False))
            _skip_postgres_driver()
            from termpos.cli.till import run_till

            run_till()
            return
        from termpos.cli.root import app

        code = app(prog_name="termpos", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except TermposError as exc:
        if GLOBALS.debug:
            raise
        from rich.markup import escape

        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True,
                          highlight=False)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except OverflowError:  # a sum beyond 64 bits (each typed amount is capped): rolled back
        if GLOBALS.debug:
            raise
        err_console.print("[bold red]error:[/] a number is too large for the store; nothing "
                          "was saved", markup=True, highlight=False)
        sys.exit(1)
    except Exception as exc:
        if not _usage_error(exc, err_console):
            raise


def _skip_postgres_driver() -> None:
    """A till on SQLite does not load psycopg2, which peewee imports when it is installed
    (10 ms of a 0.3 s start-up); a PostgreSQL till loads it as usual."""
    import os
    from urllib.parse import urlparse

    from termpos.cli.common import GLOBALS

    url = GLOBALS.db or os.environ.get("TERMPOS_DB") or GLOBALS.settings().database_url or ""
    if urlparse(url).scheme.lower() not in ("postgres", "postgresql"):
        sys.modules.setdefault("psycopg2", None)  # type: ignore[arg-type]  # import refused


def _usage_error(exc: Exception, console: Any) -> bool:
    """Prints a command-line usage error as one line (help when a group is called bare)."""
    try:
        from typer._click import exceptions as click_errors
    except ImportError:  # a Typer that uses the click package itself
        from click import exceptions as click_errors  # type: ignore[no-redef]
    if not isinstance(exc, click_errors.ClickException):
        if type(exc).__name__ == "Abort":
            sys.exit(1)
        return False
    if type(exc).__name__ == "NoArgsIsHelpError":
        exc.show()
        sys.exit(exc.exit_code)
    from rich.markup import escape

    where = ""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        where = f"{ctx.command_path}: "
    console.print(f"[bold red]error:[/] {escape(where + exc.format_message())} (see --help)",
                  markup=True, highlight=False)
    sys.exit(exc.exit_code)


def __getattr__(name: str) -> Any:
    """Gives `termpos.cli.app` (the Typer app) to code that imports it, loading it lazily."""
    if name == "app":
        from termpos.cli.root import app

        return app
    raise AttributeError(name)
