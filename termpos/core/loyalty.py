"""Provides loyalty arithmetic: points earned by spending, their value as a tender, refunds.

All amounts are minor units, all points whole numbers. A balance never goes below zero: a
redemption larger than the balance is refused, and a refund takes back at most what is left.
"""

from __future__ import annotations

from collections.abc import Iterable

from termpos.core.errors import Refused
from termpos.core.money import div_half_up
from termpos.core.tenders import TenderInput

POINTS = "points"  # the tender kind that pays with points


def eligible_amount(total: int, points_tendered: int) -> int:
    """The part of a sale that earns points: what was not itself paid with points."""
    return max(0, total - abs(points_tendered))


def points_earned(amount: int, spend_per_point: int) -> int:
    """Whole points for an amount spent (rounded down); 0 when loyalty is off."""
    if spend_per_point <= 0 or amount <= 0:
        return 0
    return amount // spend_per_point


def sale_points(total: int, points_tendered: int, spend_per_point: int) -> int:
    """The points a sale earns (what the engine stores in Sale.points_earned)."""
    return points_earned(eligible_amount(total, points_tendered), spend_per_point)


def points_value(points: int, point_value: int) -> int:
    """What a number of points is worth as a tender, in minor units."""
    return max(0, points) * max(0, point_value)


def max_redeemable(balance: int, amount_due: int, point_value: int) -> int:
    """The most points that can pay towards an amount without paying more than it."""
    if point_value <= 0 or amount_due <= 0 or balance <= 0:
        return 0
    return min(balance, amount_due // point_value)


def check_redeem(balance: int, points: int, point_value: int) -> None:
    """Refuses a redemption that is not positive, exceeds the balance, or loyalty is off."""
    if point_value <= 0:
        raise Refused("points cannot be redeemed: loyalty point value is 0")
    if points <= 0:
        raise Refused("redeem a positive number of points")
    if points > balance:
        raise Refused(
            "only {balance} points available, {points} asked",
            balance=balance, points=points,
        )


def refund_takeback(
    earned: int, sale_total: int, refunded_so_far: int, taken_so_far: int, balance: int
) -> int:
    """Points a refund takes back (a positive number, to be recorded as negative).

    ``refunded_so_far`` is the amount refunded of the original sale (total ``sale_total``)
    including this refund, ``taken_so_far`` the points earlier refunds of it took back. The
    refunded share of the earned points is rounded half up, so refunding everything takes
    back exactly what was earned, never more; and never more than the customer still holds.
    """
    if earned <= 0 or sale_total <= 0:
        return 0
    refunded = min(max(0, refunded_so_far), sale_total)
    share = min(earned, div_half_up(earned * refunded, sale_total))
    return max(0, min(share - taken_so_far, balance))


def points_tender(points: int, point_value: int) -> TenderInput:
    """A tender paying with points: amount = points x point value, reference = the points."""
    if point_value <= 0:
        raise Refused("points cannot be redeemed: loyalty point value is 0")
    if points <= 0:
        raise Refused("redeem a positive number of points")
    return TenderInput(POINTS, points * point_value, str(points))


def tender_points(tender: TenderInput, point_value: int) -> int:
    """The points a points tender spends (or gives back); refuses an inconsistent one.

    The reference holds the whole number of points; the amount must be their value.
    """
    ref = tender.reference.strip()
    if not (ref.isascii() and ref.isdigit()) or int(ref) <= 0:
        raise Refused("a points tender gives its points as a whole number, not {ref!r}", ref=ref)
    points = int(ref)
    if point_value <= 0:
        raise Refused("points cannot be redeemed: loyalty point value is 0")
    if abs(tender.amount) != points * point_value:
        raise Refused(
            "{points} points are worth {worth}, not {amount}",
            points=points, worth=points * point_value, amount=abs(tender.amount),
        )
    return points


def tendered_points(tenders: Iterable[TenderInput], point_value: int) -> tuple[int, int]:
    """(points, their value in minor units) of the points tenders among ``tenders``."""
    spent = [t for t in tenders if t.kind == POINTS]
    return (sum(tender_points(t, point_value) for t in spent),
            sum(abs(t.amount) for t in spent))
