"""Provides the shift a till sells in: open with a float, blind close into a numbered Z.

A till sells only while a shift is open. Closing takes the counted cash first and only then
tells the expected amount and the over/short, with the Z report written in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from termpos.core.cashcount import count_total, merge_counts
from termpos.core.errors import Refused
from termpos.core.shiftreport import ShiftReport
from termpos.models import Counter, Sale, Shift, User, ZReport
from termpos.services import journal
from termpos.services.runtime import Runtime
from termpos.services.shiftfigures import build_report, figures_for
from termpos.services.shiftstate import current_shift as current_shift  # re-exported
from termpos.services.staff import authorize
from termpos.services.users import UserInfo, to_info
from termpos.store.tx import write_transaction

ACTION = "shift_open_close"


def require_open_shift(rt: Runtime) -> Shift:
    """The open shift of this till; refuses with how to open one when there is none."""
    shift = current_shift(rt)
    if shift is None:
        raise Refused(
            "till {till} has no open shift: open one at the till, or with `termpos shift open "
            "--user NAME --pin PIN --float AMOUNT`",
            till=rt.till,
        )
    return shift


def _user(user: UserInfo | int) -> UserInfo:
    """Accepts a UserInfo or a user id (older callers pass the id)."""
    if isinstance(user, UserInfo):
        return user
    row = User.get_or_none(User.id == user)
    if row is None:
        raise Refused("no user with id {user}", user=user)
    return to_info(row)


def open_shift(rt: Runtime, user: UserInfo | int, opening_float: int, *,
               approver: tuple[str, str] | None = None, reason: str = "") -> Shift:
    """Opens a shift on this till with a counted float; refuses a second open shift.

    Needs the shift_open_close permission (or an approver's override).
    """
    who = _user(user)
    if opening_float < 0:
        raise Refused("the opening float cannot be negative")
    approved = authorize(rt, who, ACTION, approver=approver, reason=reason,
                         after={"float": opening_float})
    with write_transaction(rt.db):
        if current_shift(rt) is not None:
            raise Refused(
                "till {till} has an open shift already: close it first with `termpos shift close`",
                till=rt.till,
            )
        shift = Shift.create(
            till=rt.till, opened_by=who.id, opened_at=rt.clock.now().replace(microsecond=0),
            opening_float=opening_float,
        )
        journal.append(rt, "shift.open", who.name, {
            "shift": shift.id, "till": rt.till, "float": opening_float,
            "approver": approved.name if approved else "",
        })
    return shift


@dataclass(frozen=True)
class CloseResult:
    """A closed shift: the Z report, what was counted, expected and over (+) or short (-)."""

    z: ShiftReport
    number: int
    counted_cash: int
    expected_cash: int
    over_short: int


def z_counter(till: str) -> str:
    """The Counter row that numbers a till's Z reports."""
    return f"z:{till}"


def _next_z(till: str) -> int:
    """Advances the till's Z counter inside the caller's transaction (gap-free)."""
    name = z_counter(till)
    if not Counter.update(value=Counter.value + 1).where(Counter.name == name).execute():
        Counter.insert(name=name, value=1).execute()
    return int(Counter.get_by_id(name).value)


def _counted(counted_cash: int | None, counts: Mapping[int, int]) -> int:
    """The counted total: given, or added up from the denominations (both must agree)."""
    if counts:
        total = count_total(counts)
        if counted_cash is not None and counted_cash != total:
            raise Refused(
                "the denominations add up to {total}, not to the counted {counted_cash}",
                total=total, counted_cash=counted_cash,
            )
        return total
    if counted_cash is None:
        raise Refused("count the cash first: give the counted total or the denominations")
    if counted_cash < 0:
        raise Refused("counted cash cannot be negative")
    return counted_cash


def close_shift(
    rt: Runtime,
    user: UserInfo | int,
    counted_cash: int | None = None,
    *,
    denominations: Mapping[int, int] | None = None,
    approver: tuple[str, str] | None = None,
    reason: str = "",
) -> CloseResult:
    """Closes this till's open shift with a blind count and writes its numbered Z report.

    The count is the total (``counted_cash``) or the notes and coins by value
    (``denominations``: value in minor units -> how many), or both when they agree. The
    expected cash is only computed after the count is taken, in the same transaction as the
    Z number, the Z report, the closed shift and the journal entries.
    """
    who = _user(user)
    counts = merge_counts((int(v), int(c)) for v, c in (denominations or {}).items())
    counted = _counted(counted_cash, counts)
    approved = authorize(rt, who, ACTION, approver=approver, reason=reason)
    with write_transaction(rt.db):
        shift = require_open_shift(rt)
        now = rt.clock.now().replace(microsecond=0)
        number = _next_z(rt.till)
        report = build_report(shift, "Z", now, number=number, closed_by=who.name,
                              counted_cash=counted,
                              denominations=tuple((v, c) for v, c in counts.items() if c))
        payload = report.to_dict()
        ZReport.create(till=rt.till, number=number, shift=shift.id, created_at=now,
                       payload=json.dumps(payload, sort_keys=True, ensure_ascii=False),
                       grand_total=report.grand_net)
        expected = report.figures.expected_cash
        over_short = counted - expected
        Shift.update(status="closed", closed_by=who.id, closed_at=now,
                     counted_cash=counted, expected_cash=expected,
                     z_number=number).where(Shift.id == shift.id).execute()
        journal.append(rt, "shift.close", who.name, {
            "shift": shift.id, "till": rt.till, "z": number, "counted": counted,
            "expected": expected, "over_short": over_short,
            "approver": approved.name if approved else "",
        })
        journal.append(rt, "z_report", who.name, payload)
    return CloseResult(report, number, counted, expected, over_short)


def close_day(rt: Runtime, user: UserInfo | int, over_short: int = 0) -> CloseResult:
    """Closes the open shift counting the expected cash (plus ``over_short``).

    For `termpos demo --sales` (one Z per day) and tests only: it is not a blind count, so
    no screen or command for people uses it.
    """
    with write_transaction(rt.db):  # nothing may land between the figures and the close
        expected = figures_for(require_open_shift(rt)).expected_cash
        return close_shift(rt, user, max(0, expected + over_short))


@dataclass(frozen=True)
class ShiftStatus:
    """What `shift status` shows: no expected cash, so the close stays blind."""

    shift_id: int
    till: str
    opened_at: str
    opened_by: str
    opening_float: int
    sales_count: int
    last_z: int


def shift_status(rt: Runtime) -> ShiftStatus | None:
    """The open shift of this till in brief, or None when the till is closed."""
    shift = current_shift(rt)
    if shift is None:
        return None
    opened_by = shift.opened_by.name
    count = Sale.select().where((Sale.shift == shift.id) & (Sale.kind == "sale")).count()
    return ShiftStatus(int(shift.id), str(shift.till), str(shift.opened_at)[:19], str(opened_by),
                       int(shift.opening_float), int(count), last_z_number(rt))


def last_z_number(rt: Runtime) -> int:
    """The number of this till's last Z report (0 before the first)."""
    last = ZReport.select(ZReport.number).where(ZReport.till == rt.till).order_by(
        ZReport.number.desc()).first()
    return int(last.number) if last else 0
