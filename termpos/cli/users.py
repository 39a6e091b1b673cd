"""Provides `termpos users`: add, list, disable, enable, set-pin and set-role.

Changes need --user/--pin of someone with the user_management permission; the first admin of
an empty store is created without. New PINs are typed twice on a terminal, or read from
standard input (one line, or the same PIN on two lines) so scripts can create users.
"""

from __future__ import annotations

from typing import Annotated

import typer

from termpos.cli.auth import PinOpt, UserOpt, login, read_new_pin
from termpos.cli.common import GLOBALS, out_console
from termpos.core.errors import UsageError

app = typer.Typer(help="Staff accounts, roles and PINs.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)

NameArg = Annotated[str, typer.Argument(help="The user's name.")]


@app.command()
def add(
    name: NameArg,
    role: Annotated[str, typer.Option("--role", help="cashier, supervisor, manager or admin.")],
    user: UserOpt = None,
    pin: PinOpt = None,
) -> None:
    """Add a user; their PIN (4-8 digits) is asked twice, or read from standard input."""
    from termpos.services import usermgmt
    from termpos.services.staff import authorize
    from termpos.services.users import check_name, check_role

    rt = GLOBALS.runtime()
    check_name(name)
    check_role(role)
    if user is None:
        if not usermgmt.store_is_empty():
            raise UsageError("give --user NAME --pin PIN of a user who may manage users")
        by = None
    else:
        by = login(rt, user, pin)
        authorize(rt, by, usermgmt.ACTION)  # refuse before asking for the new PIN
    info = usermgmt.add_user(rt, by, name, role, read_new_pin())
    first = " (the store's first admin)" if by is None else ""
    out_console.print(f"added user {info.name} ({info.role}){first}")


@app.command("list")
def list_cmd() -> None:
    """List users with their role and whether they are active or locked."""
    from rich.table import Table

    from termpos.services.users import list_users

    rt = GLOBALS.runtime()
    table = Table("name", "role", "status")
    for u in list_users(rt):
        status = "disabled" if not u.active else "locked" if u.locked else "active"
        table.add_row(u.name, u.role, status)
    out_console.print(table)


@app.command()
def disable(name: NameArg, user: UserOpt = None, pin: PinOpt = None) -> None:
    """Disable a user: they can no longer log in (their sales stay theirs)."""
    from termpos.services import usermgmt

    rt = GLOBALS.runtime()
    by = login(rt, user, pin)
    info = usermgmt.set_active(rt, by, name, False)
    out_console.print(f"disabled user {info.name}")


@app.command()
def enable(name: NameArg, user: UserOpt = None, pin: PinOpt = None) -> None:
    """Enable a disabled user again (and lift any lockout)."""
    from termpos.services import usermgmt

    rt = GLOBALS.runtime()
    by = login(rt, user, pin)
    info = usermgmt.set_active(rt, by, name, True)
    out_console.print(f"enabled user {info.name}")


@app.command()
def unlock(name: NameArg, user: UserOpt = None, pin: PinOpt = None) -> None:
    """Lift a user's lockout after wrong PINs (the PIN stays as it is)."""
    from termpos.services import usermgmt

    rt = GLOBALS.runtime()
    by = login(rt, user, pin)
    info = usermgmt.clear_lockout(rt, by, name)
    out_console.print(f"user {info.name} can log in again")


@app.command("set-pin")
def set_pin(name: NameArg, user: UserOpt = None, pin: PinOpt = None) -> None:
    """Set a user's PIN (asked twice, or read from standard input); lifts a lockout."""
    from termpos.services import usermgmt
    from termpos.services.staff import authorize

    rt = GLOBALS.runtime()
    by = login(rt, user, pin)
    if by.name != name:
        authorize(rt, by, usermgmt.ACTION)  # refuse before asking for the new PIN
    info = usermgmt.set_pin(rt, by, name, read_new_pin())
    out_console.print(f"PIN changed for {info.name}")


@app.command("set-role")
def set_role(
    name: NameArg,
    role: Annotated[str, typer.Argument(help="cashier, supervisor, manager or admin.")],
    user: UserOpt = None,
    pin: PinOpt = None,
) -> None:
    """Change a user's role."""
    from termpos.services import usermgmt

    rt = GLOBALS.runtime()
    by = login(rt, user, pin)
    info = usermgmt.set_role(rt, by, name, role)
    out_console.print(f"user {info.name} is now {info.role}")
