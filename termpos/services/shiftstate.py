"""Provides current_shift(): the open shift of this till (the status line needs it at start)."""

from __future__ import annotations

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
