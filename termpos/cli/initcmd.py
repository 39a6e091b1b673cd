"""Provides `termpos init`: creates a store, optionally filled with demo data."""

from __future__ import annotations

from typing import Annotated

import typer

from termpos.cli.common import GLOBALS, fail, out_console


def init(
    demo: Annotated[bool, typer.Option("--demo", help="Fill the store with demo data.")] = False,
    no_stock: Annotated[bool, typer.Option(
        "--no-stock", help="With --demo: no opening stock (an empty shelf to practise on).")]
    = False,
) -> None:
    """Create a new store at --db (or the default place) with its PIN pepper file."""
    from termpos.services.runtime import pepper_path
    from termpos.services.users import ensure_pepper
    from termpos.store.db import parse_target

    url = GLOBALS.db_url()
    target = parse_target(url)
    if target.sqlite_path is not None:
        target.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        if target.sqlite_path.exists():
            fail(f"database {target.sqlite_path}: a store exists here already")
    ensure_pepper(pepper_path(url))
    rt = GLOBALS.runtime(create=True)
    from termpos.models import User

    if User.select().exists():
        fail(f"database {target.label}: a store exists here already")
    out_console.print(f"created store at {target.label}")
    if demo:
        from termpos.services.demo import create_demo_store

        summary = create_demo_store(rt, opening_stock=not no_stock)
        out_console.print(
            f"demo data: {summary.products} products in {summary.categories} categories"
        )
        for name, role, pin in summary.users:
            out_console.print(f"  user {name} ({role}) PIN {pin}")
