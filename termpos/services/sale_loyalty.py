"""Provides the points side of a sale or refund, moved inside the document's own transaction.

``check_points`` refuses, before anything is written, a points tender without a customer or
beyond the balance; ``points_to_earn`` is what the sale row stores (computed before the row
is written, since sale rows are immutable); ``apply`` redeems and earns, or reverses, through
services.loyalty once the document's rows exist, so the points commit with the document or
not at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from termpos.core import loyalty as calc
from termpos.core.document import Document
from termpos.core.errors import Refused
from termpos.core.tenders import TenderInput
from termpos.models import Customer
from termpos.services import loyalty
from termpos.services.runtime import Runtime


def check_points(rt: Runtime, customer_id: int | None, tenders: Sequence[TenderInput]) -> int:
    """The points the tenders spend; refuses them without a customer or beyond the balance."""
    points, _ = calc.tendered_points(tenders, rt.settings.loyalty_point_value)
    if points == 0:
        return 0
    if customer_id is None:
        raise Refused("points pay only for a sale with a customer: attach the customer first")
    calc.check_redeem(loyalty.balance(customer_id), points, rt.settings.loyalty_point_value)
    return points


def points_to_earn(rt: Runtime, customer_id: int | None, total: int,
                   tenders: Sequence[TenderInput]) -> int:
    """The points a sale of ``total`` paid with ``tenders`` earns its customer (0 for none)."""
    if customer_id is None or rt.settings.loyalty_spend_per_point <= 0:
        return 0
    row = Customer.get_or_none(Customer.id == customer_id)
    if row is None or row.forgotten_at is not None:
        return 0
    _, paid_with_points = calc.tendered_points(tenders, rt.settings.loyalty_point_value)
    return calc.sale_points(total, paid_with_points, rt.settings.loyalty_spend_per_point)


def apply(rt: Runtime, doc: Document, sale_id: int) -> tuple[int, int | None]:
    """Moves the points of a just-written document: (points shown on it, balance after).

    A sale redeems its points tenders (refused beyond the balance: the caller's transaction
    then rolls the whole sale back) and earns ``doc.points_earned``; a refund takes back what
    its part earned and gives back the points it returns. Call inside the document's
    transaction, after its sale row and tenders are written.
    """
    customer_id = doc.customer_id
    if doc.kind == "sale":
        points = check_points(rt, customer_id, doc.tenders)  # again, under the write lock
        if points and customer_id is not None:
            loyalty.redeem(rt, customer_id, points, sale_id)
        loyalty.earn_for_sale(rt, sale_id)
        shown = doc.points_earned
    else:
        shown = loyalty.reverse_for_refund(rt, sale_id)
    return shown, (loyalty.balance(customer_id) if customer_id is not None else None)
