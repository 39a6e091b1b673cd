"""Provides `termpos customers`: add, show, list, export and forget customer records."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from termpos.cli.common import GLOBALS, out_console
from termpos.core.customer import parse_birthday
from termpos.core.errors import UsageError

if TYPE_CHECKING:
    from termpos.services.runtime import Runtime

app = typer.Typer(help="Customer records, history, loyalty and privacy.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)

Key = Annotated[str, typer.Argument(metavar="PHONE|CODE", help="Phone number or customer code.")]


def _actor() -> str:
    """Who ran the command, for the journal: the operating-system login."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _money(rt: Runtime, amount: int) -> str:
    from termpos.core.money import format_amount

    return format_amount(amount, rt.settings.currency_exponent, rt.settings.currency_symbol)


def _days(n: int | None) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _qty(milli: int) -> str:
    """A quantity in milli-units as a number: 6, 1.25."""
    whole, part = divmod(abs(milli), 1000)
    text = f"{whole}.{part:03d}".rstrip("0").rstrip(".")
    return f"-{text}" if milli < 0 else text


@app.command()
def add(
    name: Annotated[str, typer.Option("--name", help="Full name (any script).")],
    phone: Annotated[str, typer.Option("--phone", help="Phone number, national or +CC.")],
    email: Annotated[str, typer.Option("--email", help="Email address.")] = "",
    consent: Annotated[bool, typer.Option("--consent", help="They agree to offers.")] = False,
    birthday: Annotated[str, typer.Option("--birthday", help="YYYY-MM-DD.")] = "",
    notes: Annotated[str, typer.Option("--notes", help="Free notes.")] = "",
    force: Annotated[bool, typer.Option(
        "--force", help="Add even if the email or name+birthday matches someone.")] = False,
) -> None:
    """Add a customer; a phone number already registered is refused."""
    from termpos.services.customers import create_customer

    rt = GLOBALS.runtime()
    born = parse_birthday(birthday, rt.clock.now().date())
    info = create_customer(rt, name, phone, email=email, birthday=born, notes=notes,
                           consent=consent, source="cli", actor=_actor(), allow_similar=force)
    out_console.print(f"customer {info.code} added: {escape(info.name)} {info.phone}"
                      f"{' (consents to offers)' if info.consent else ''}")


@app.command()
def show(key: Key) -> None:
    """Show one customer: details, points, spend, habits and last visits."""
    from rich.table import Table

    from termpos.services.customer_history import history
    from termpos.services.customer_search import lookup

    rt = GLOBALS.runtime(read_only=True)
    c = lookup(rt, key)
    h = history(c.id)
    now = rt.clock.now()
    details = Table.grid(padding=(0, 2))
    details.add_column(style="bold")
    details.add_column()
    consent = (f"yes since {c.consent_at:%Y-%m-%d}" if c.consent and c.consent_at
               else "no")
    for label, value in (
        ("code", c.code), ("name", c.name), ("phone", c.phone or "-"), ("email", c.email or "-"),
        ("birthday", c.birthday.isoformat() if c.birthday else "-"), ("offers", consent),
        ("since", f"{c.created_at:%Y-%m-%d} ({c.source}"
                  f"{', by ' + c.created_by if c.created_by else ''})"),
        ("notes", c.notes or "-"), ("points", str(h.points)),
        ("visits", f"{h.visits} ({h.refunds} refunds)"), ("spend", _money(rt, h.spend)),
        ("average basket", _money(rt, h.average_basket)),
        ("last purchase", f"{h.last_purchase:%Y-%m-%d} ({_days(h.days_since_last(now))} ago)"
         if h.last_purchase else "never"),
        ("comes every", _days(h.days_between_visits())
         if h.days_between_visits() is not None else "-"),
    ):
        details.add_row(label, escape(value))
    if c.forgotten_at:
        details.add_row("forgotten", f"{c.forgotten_at:%Y-%m-%d %H:%M}")
    out_console.print(details)
    for title, favs in (("Favourite products", h.products), ("Favourite categories",
                                                              h.categories)):
        if not favs:
            continue
        table = Table(title=title, title_justify="left")
        for col in ("name", "sales", "qty", "spent"):
            table.add_column(col, justify="left" if col == "name" else "right")
        for f in favs:
            table.add_row(escape(f.name), str(f.times), _qty(f.qty_milli),
                          _money(rt, f.amount))
        out_console.print(table)
    if h.recent:
        table = Table(title="Last visits", title_justify="left")
        for col in ("receipt", "when", "kind", "total", "points"):
            table.add_column(col, justify="right" if col in ("total", "points") else "left")
        for v in h.recent:
            table.add_row(v.number, f"{v.at:%Y-%m-%d %H:%M}", v.kind, _money(rt, v.total),
                          f"{v.points:+d}" if v.points else "")
        out_console.print(table)


@app.command("list")
def list_(
    consent: Annotated[bool | None, typer.Option(
        "--consent/--no-consent", help="Only those who agreed (or did not) to offers.")] = None,
    since: Annotated[str, typer.Option("--since", help="Registered on or after YYYY-MM-DD.")]
    = "",
    name: Annotated[str, typer.Option("--name", help="Part of the name.")] = "",
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 50,
) -> None:
    """List customers, newest first."""
    from rich.table import Table

    from termpos.services.customer_search import list_customers
    from termpos.services.loyalty import balance

    try:
        since_day = dt.date.fromisoformat(since) if since else None
    except ValueError:
        raise UsageError("--since {since!r}: expected YYYY-MM-DD", since=since) from None
    rt = GLOBALS.runtime(read_only=True)
    rows = list_customers(rt, consent=consent, since=since_day, name=name, limit=limit)
    table = Table()
    for col in ("code", "name", "phone", "email", "offers", "since", "points"):
        table.add_column(col, justify="right" if col == "points" else "left",
                         no_wrap=col in ("code", "phone", "since"),
                         min_width={"code": 9, "phone": 13, "since": 10}.get(col))
    for c in rows:
        table.add_row(escape(c.code), escape(c.name), c.phone or "", escape(c.email),
                      "yes" if c.consent else "no", f"{c.created_at:%Y-%m-%d}",
                      str(balance(c.id)))
    out_console.print(table)
    out_console.print(f"{len(rows)} customer(s)")


@app.command()
def export(
    key: Key,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to FILE.")] = None,
) -> None:
    """Write everything held about one person as JSON (journaled)."""
    from termpos.services.privacy import export as do_export

    if output is not None and output.exists():
        raise UsageError("output {output}: file exists already (choose a new name)", output=output)
    rt = GLOBALS.runtime()
    text = json.dumps(do_export(rt, key, actor=_actor()), ensure_ascii=False, indent=2)
    if output is None:
        typer.echo(text)
        return
    output.write_text(text + "\n", encoding="utf-8")
    out_console.print(f"exported to {output}")


@app.command()
def forget(
    key: Key,
    user: Annotated[str, typer.Option("--user", help="A user with back_office permission.")],
    pin: Annotated[str, typer.Option("--pin", prompt=True, hide_input=True,
                                     help="That user's PIN (asked if not given).")],
) -> None:
    """Anonymise one person; their past sales stay for the books (journaled)."""
    from termpos.services.privacy import forget as do_forget
    from termpos.services.staff import authenticate

    rt = GLOBALS.runtime()
    staff_user = authenticate(rt, user, pin)
    info = do_forget(rt, key, staff_user)
    out_console.print(f"customer {info.code} forgotten: details cleared, sales kept")
