"""Provides what the stock and supplier commands share: sign-in, quantity parsing, output."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from termpos.cli.common import GLOBALS
from termpos.core.errors import UsageError
from termpos.core.money import MoneyError, format_amount, parse_amount
from termpos.core.stockqty import QtyError, format_qty, parse_assignment, parse_item, parse_qty

if TYPE_CHECKING:
    from termpos.services.runtime import Runtime
    from termpos.services.users import UserInfo

UserOpt = Annotated[str, typer.Option("--user", help="Your user name.", envvar="TERMPOS_USER")]
PinOpt = Annotated[
    str | None,
    typer.Option("--pin", help="Your PIN (asked for when missing).", envvar="TERMPOS_PIN"),
]


def sign_in(rt: Runtime, user: str, pin: str | None, action: str | None = None) -> UserInfo:
    """Checks the user's PIN (prompting without echo when not given) and a permission."""
    from termpos.services.invbase import sign_in as check

    if pin is None:
        pin = typer.prompt(f"PIN for {user}", hide_input=True)
    return check(rt, user, pin, action)


def qty(text: str, *, signed: bool = False, what: str = "quantity") -> int:
    """Parses a quantity argument into milli-units; a bad one is a usage error."""
    try:
        return parse_qty(text, signed=signed)
    except QtyError as exc:
        raise UsageError("{what}: {error}", what=what, error=exc) from exc


def items(tokens: list[str]) -> list[tuple[str, int]]:
    """Parses CODE*QTY tokens; a bad one is a usage error naming it."""
    try:
        return [parse_item(t) for t in tokens]
    except QtyError as exc:
        raise UsageError("{error}", error=exc) from exc


def amounts(tokens: list[str], option: str) -> dict[str, int]:
    """Parses CODE=AMOUNT tokens into minor units of the store's currency."""
    exponent = GLOBALS.settings().currency_exponent
    out: dict[str, int] = {}
    for token in tokens:
        try:
            code, text = parse_assignment(token)
            out[code] = parse_amount(text, exponent)
        except (QtyError, MoneyError) as exc:
            raise UsageError(
                "{option} {token}: {error}",
                option=option, token=token, error=exc,
            ) from exc
    return out


def amount(text: str, option: str) -> int:
    """Parses one amount in the store's currency."""
    try:
        return parse_amount(text, GLOBALS.settings().currency_exponent)
    except MoneyError as exc:
        raise UsageError("{option}: {error}", option=option, error=exc) from exc


def money(value: int) -> str:
    """Formats minor units in the store's currency."""
    return format_amount(value, GLOBALS.settings().currency_exponent)


def q(value: int | None, *, signed: bool = False) -> str:
    """Formats a quantity; None (not counted) as a dash."""
    return "-" if value is None else format_qty(value, signed=signed)


def add_row(table: Table, *values: str) -> None:
    """Adds a row of plain text (no markup: names may contain brackets)."""
    table.add_row(*(Text(v) for v in values))


def read_scans() -> list[str]:
    """Reads CODE or CODE*QTY tokens a line at a time from stdin (a scanner types lines).

    On a terminal it prompts and stops at an empty line; from a pipe it reads to the end.
    """
    interactive = sys.stdin.isatty()
    if interactive:
        typer.echo("scan or type CODE or CODE*QTY, an empty line to finish", err=True)
    tokens: list[str] = []
    for line in sys.stdin:
        text = line.strip()
        if not text:
            if interactive:
                break
            continue
        tokens.append(text)
    return tokens
