"""Provides `termpos db`: migrate, integrity check and online backup."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from termpos.cli.common import GLOBALS, fail, out_console

app = typer.Typer(help="Database: migrate, check, backup.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


@app.command()
def migrate() -> None:
    """Bring the database schema up to date (an older SQLite file is backed up first)."""
    from termpos.store.migrate import latest_version, schema_version

    rt = GLOBALS.runtime()
    out_console.print(f"schema version {schema_version(rt.db)} (latest {latest_version()})")


@app.command()
def check() -> None:
    """Run SQLite's integrity and foreign-key checks; exit 1 if anything is wrong."""
    from termpos.store.db import integrity_check

    rt = GLOBALS.runtime(read_only=True)
    problems = integrity_check(rt.db)
    if problems:
        for p in problems[:20]:
            out_console.print(p)
        fail(f"database {rt.db_url}: {len(problems)} problem(s) found")
    out_console.print("ok")


@app.command()
def backup(dest: Annotated[Path, typer.Argument(help="File to write the copy to.")]) -> None:
    """Copy the live database to DEST with SQLite's online backup API."""
    from termpos.store.db import backup as do_backup

    if dest.exists():
        fail(f"backup {dest}: file exists already (choose a new name)")
    rt = GLOBALS.runtime()
    do_backup(rt.db, dest)
    out_console.print(f"backed up to {dest}")
