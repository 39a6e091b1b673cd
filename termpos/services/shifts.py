"""Provides the shift a till sells in: a till sells only while a shift is open."""

from __future__ import annotations

from termpos.core.errors import Refused
from termpos.models import Shift
from termpos.services.runtime import Runtime


def current_shift(rt: Runtime) -> Shift | None:
    """The open shift of this till, if any."""
    shift: Shift | None = (
        Shift.select()
        .where((Shift.till == rt.till) & (Shift.status == "open"))
        .order_by(Shift.id.desc())
        .first()
    )
    return shift


def require_open_shift(rt: Runtime) -> Shift:
    """The open shift of this till; refuses with how to open one when there is none."""
    shift = current_shift(rt)
    if shift is None:
        raise Refused(
            f"till {rt.till} has no open shift: open one at the till, or with "
            "`termpos shift open --user NAME --pin PIN --float AMOUNT`"
        )
    return shift


def open_shift(rt: Runtime, user_id: int, opening_float: int) -> Shift:
    """Opens a shift on this till with a counted float; refuses a second open shift."""
    from termpos.services import journal
    from termpos.store.tx import write_transaction

    if opening_float < 0:
        raise Refused("the opening float cannot be negative")
    with write_transaction(rt.db):
        if current_shift(rt) is not None:
            raise Refused(f"till {rt.till} has an open shift already")
        shift = Shift.create(
            till=rt.till, opened_by=user_id, opened_at=rt.clock.now(), opening_float=opening_float
        )
        journal.append(rt, "shift.open", str(user_id),
                       {"shift": shift.id, "float": opening_float})
    return shift
