"""Provides tenders: split payments, cash rounding on the cash part, change only in cash.

Card and other tenders carry an amount and an optional reference, never a card number: a
reference that looks like a card number (13 to 19 digits in a row) is refused. A points
tender pays with loyalty points: its amount is their value, its reference how many points
(see core.loyalty.points_tender); like a card it never gives change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from termpos.core.errors import Refused
from termpos.core.pricing import cash_rounding

KINDS: tuple[str, ...] = ("cash", "card", "other", "points")
_PAN = re.compile(r"\d{13,19}")
_MAX_REFERENCE = 64


@dataclass(frozen=True)
class TenderInput:
    """One payment offered: its kind, amount (minor units) and optional reference."""

    kind: str
    amount: int
    reference: str = ""


@dataclass(frozen=True)
class Settlement:
    """How a total is settled by tenders: rounding, what is owed, paid, change, what is left."""

    tenders: tuple[TenderInput, ...]
    total: int  # before cash rounding
    rounding: int  # its own line; non-zero only when cash pays part of the sale
    payable: int  # total + rounding
    paid: int
    change: int  # given in cash only
    remaining: int  # still to pay (0 when complete)

    @property
    def complete(self) -> bool:
        """A sale completes only when fully paid."""
        return self.remaining == 0


def check_reference(reference: str) -> str:
    """Returns a cleaned reference; refuses anything that looks like a card number."""
    ref = reference.strip()
    if len(ref) > _MAX_REFERENCE:
        raise Refused(
            "a tender reference is at most {max_reference} characters",
            max_reference=_MAX_REFERENCE,
        )
    if _PAN.search(re.sub(r"[\s-]", "", ref)):
        raise Refused("a tender reference must not be a card number: record an approval or "
                      "terminal reference instead")
    return ref


def settle(total: int, tenders: Sequence[TenderInput], cash_step: int = 1) -> Settlement:
    """Applies tenders to a total; refuses bad amounts and non-cash overpayment.

    The cash part (what is left after card and other tenders) is rounded to ``cash_step``
    when any cash is tendered. Change is the cash paid beyond what is owed.
    """
    if total < 0:
        raise Refused("a sale total cannot be negative")
    cleaned = []
    for t in tenders:
        if t.kind not in KINDS:
            raise Refused(
                "unknown tender {kind!r} (use {kinds})",
                kind=t.kind, kinds=', '.join(KINDS),
            )
        if t.amount <= 0:
            raise Refused("a tender amount must be more than zero")
        ref = check_reference(t.reference)
        if t.kind == "cash" and ref:
            raise Refused("a cash tender has no reference")
        cleaned.append(TenderInput(t.kind, t.amount, ref))
    non_cash = sum(t.amount for t in cleaned if t.kind != "cash")
    cash = sum(t.amount for t in cleaned if t.kind == "cash")
    if non_cash > total:
        raise Refused("card, other and points tenders cannot exceed the amount due (no change "
                      "on them)")
    rounding = cash_rounding(total - non_cash, cash_step) if cash > 0 else 0
    payable = total + rounding
    paid = non_cash + cash
    change = max(0, paid - payable)
    remaining = max(0, payable - paid)
    if change > cash:
        raise Refused("change can only be given in cash")
    return Settlement(tuple(cleaned), total, rounding, payable, paid, change, remaining)
