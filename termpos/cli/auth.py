"""Provides what staff commands share: PIN options, reading PINs, amounts and the till id."""

from __future__ import annotations

import dataclasses
import getpass
import re
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from termpos.core.errors import UsageError

if TYPE_CHECKING:
    from termpos.services.runtime import Runtime
    from termpos.services.users import UserInfo

UserOpt = Annotated[str | None, typer.Option("--user", help="Your user name.",
                                             envvar="TERMPOS_USER")]
PinOpt = Annotated[str | None, typer.Option("--pin", help="Your PIN (else TERMPOS_PIN, or asked).",
                                            envvar="TERMPOS_PIN")]
TillOpt = Annotated[str | None, typer.Option("--till", help="Act on this till (default: config).")]
ApproverOpt = Annotated[str | None, typer.Option("--approver",
                                                 help="A manager who approves (override).")]
ApproverPinOpt = Annotated[str | None, typer.Option("--approver-pin", help="The approver's PIN.",
                                                    envvar="TERMPOS_APPROVER_PIN")]


def ask_pin(prompt: str) -> str:
    """Reads a PIN hidden from a terminal; refuses when there is no terminal to ask on."""
    if not sys.stdin.isatty():
        raise UsageError(
            "{prompt}: give it as an option (no terminal to ask on)",
            prompt=prompt.rstrip(': '),
        )
    return getpass.getpass(prompt)


def login(rt: Runtime, user: str | None, pin: str | None) -> UserInfo:
    """Authenticates --user/--pin (asking for the PIN on a terminal)."""
    from termpos.services.staff import authenticate

    if not user:
        raise UsageError("give --user NAME (and --pin PIN) of the person doing this")
    return authenticate(rt, user, pin if pin is not None else ask_pin(f"PIN for {user}: "))


def approver(name: str | None, pin: str | None) -> tuple[str, str] | None:
    """The (name, PIN) of an approving manager, when --approver is given."""
    if not name:
        return None
    return name, pin if pin is not None else ask_pin(f"PIN for approver {name}: ")


def read_new_pin() -> str:
    """A new PIN: typed twice, hidden, on a terminal; else one or two lines of stdin."""
    if sys.stdin.isatty():
        first = getpass.getpass("New PIN: ")
        if getpass.getpass("New PIN again: ") != first:
            raise UsageError("the two PINs differ: nothing changed")
        return first
    lines = [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
    if not lines:
        raise UsageError("no PIN on standard input (give it on one line, or twice on two)")
    if len(lines) > 2:
        raise UsageError("standard input: expected the PIN on one line, or twice on two lines")
    if len(lines) == 2 and lines[0] != lines[1]:
        raise UsageError("standard input: the two PINs differ: nothing changed")
    return lines[0]


def amount(text: str, option: str, exponent: int) -> int:
    """Reads an amount option such as 150 or 150.00; a bad one names the option."""
    from termpos.core.money import MoneyError, parse_amount

    try:
        return parse_amount(text, exponent)
    except MoneyError as exc:
        raise UsageError("{option}: {error}", option=option, error=exc) from exc


def on_till(rt: Runtime, till: str | None) -> Runtime:
    """Points the runtime at another till (a manager closing a forgotten shift elsewhere)."""
    if till is None:
        return rt
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,8}", till):
        raise UsageError("--till {till!r}: 1 to 8 letters, digits, '-' or '_'", till=till)
    rt.settings = dataclasses.replace(rt.settings, till_id=till)
    return rt
