"""Provides `termpos audit`: verify the journal chain and numbering, and list entries."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer

from termpos.cli.common import GLOBALS, out_console
from termpos.core.errors import TermposError, UsageError

app = typer.Typer(help="Check the hash-chained journal and list its entries.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)


def _when(option: str, text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            "{option} {text!r}: expected YYYY-MM-DD or YYYY-MM-DD HH:MM",
            option=option, text=text,
        ) from None


@app.command()
def verify() -> None:
    """Check the whole journal chain, document digests and gap-free numbering (exit 1 if not)."""
    rt = GLOBALS.runtime(read_only=True)
    from termpos.services.audit import verify as run

    report = run(rt)
    if report.problem is not None:
        raise TermposError("audit failed: {problem}", problem=report.problem)
    out_console.print(f"ok: {report.entries} journal entries, {report.documents} documents, "
                      "numbering without gaps")


@app.command()
def log(
    kind: Annotated[str | None, typer.Option("--kind", help="Entry kind, e.g. sale, refund, "
                                             "login.failed (a prefix like 'login' matches "
                                             "login.*).")] = None,
    since: Annotated[str | None, typer.Option("--from", help="From this date/time.")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Before this date/time.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List journal entries, newest first."""
    start, end = _when("--from", since), _when("--to", until)
    rt = GLOBALS.runtime(read_only=True)
    from termpos.services.audit import log as entries

    for e in entries(rt, kind=kind, since=start, until=end, limit=limit):
        if as_json:
            typer.echo(json.dumps({
                "id": e.id, "at": e.created_at.isoformat(sep=" "), "till": e.till,
                "kind": e.kind, "actor": e.actor, "data": e.payload, "hash": e.hash},
                ensure_ascii=False, sort_keys=True))
            continue
        data = json.dumps(e.payload, ensure_ascii=False, sort_keys=True)
        out_console.print(f"{e.id:>7} {e.created_at:%Y-%m-%d %H:%M:%S} {e.till:<4} "
                          f"{e.kind:<16} {e.actor:<10} {data}", markup=False, soft_wrap=True)
