"""Provides the few basket operations the sale screen calls (a thin, replaceable adapter).

TEMPORARY: a minimal implementation over the basket and basket_line tables until the sale
engine (feat/sale) lands; the integrator re-points these functions to its services. tender()
here only closes the basket: it writes no sale document, tenders, stock moves or receipt.
"""

from __future__ import annotations

from dataclasses import dataclass

from termpos.core.errors import NotFound, Refused
from termpos.core.i18n import _
from termpos.core.money import div_half_up
from termpos.models import Basket, BasketLine, Product
from termpos.services.runtime import Runtime
from termpos.services.search import find_by_code
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class LineView:
    """A basket line as the screen shows it."""

    id: int
    seq: int
    code: str
    name: str
    qty_milli: int
    unit_price: int
    amount: int
    weighed: bool


@dataclass(frozen=True)
class BasketView:
    """A basket's live lines and total."""

    id: int
    lines: tuple[LineView, ...]
    total: int


@dataclass(frozen=True)
class TenderOutcome:
    """What a completed tender produced."""

    total: int
    paid: int
    change: int
    receipt: str


def line_amount(qty_milli: int, unit_price: int) -> int:
    """The amount of a line: quantity times price, rounded half up."""
    return div_half_up(qty_milli * unit_price, 1000)


def current_basket(rt: Runtime, user_id: int, shift_id: int | None) -> int:
    """The till's open basket (recalled after a restart), or a new one."""
    with write_transaction(rt.db):
        row = (Basket.select().where((Basket.till == rt.till) & (Basket.status == "open"))
               .order_by(Basket.id.desc()).first())
        if row is not None:
            return int(row.id)
        now = rt.clock.now()
        return int(Basket.create(till=rt.till, shift=shift_id, user=user_id, created_at=now,
                                 updated_at=now).id)


def view(rt: Runtime, basket_id: int) -> BasketView:
    """The basket's lines that are not voided, in order, with the total."""
    lines = tuple(
        LineView(r.id, r.seq, r.code, r.name, r.qty_milli, r.unit_price,
                 line_amount(r.qty_milli, r.unit_price), bool(r.weighed))
        for r in BasketLine.select().where(
            (BasketLine.basket == basket_id) & (BasketLine.voided == False)  # noqa: E712
        ).order_by(BasketLine.seq)
    )
    return BasketView(basket_id, lines, sum(line.amount for line in lines))


def add_product(rt: Runtime, basket_id: int, product_id: int, qty_milli: int = 1000) -> int:
    """Adds a product to the basket (saved at once); returns the line id."""
    if qty_milli <= 0:
        raise Refused(_("the quantity must be more than zero"))
    with write_transaction(rt.db):
        p = Product.get_by_id(product_id)
        last = (BasketLine.select(BasketLine.seq).where(BasketLine.basket == basket_id)
                .order_by(BasketLine.seq.desc()).first())
        line = BasketLine.create(
            basket=basket_id, seq=(last.seq + 1) if last else 1, product=p.id, code=p.code,
            name=p.name, tax_class=p.tax_class, qty_milli=qty_milli, unit_price=p.price,
            original_price=p.price, weighed=p.weighed, created_at=rt.clock.now(),
        )
        Basket.update(updated_at=rt.clock.now()).where(Basket.id == basket_id).execute()
    return int(line.id)


def add_by_code(rt: Runtime, basket_id: int, code: str, qty_milli: int = 1000) -> int:
    """Adds the product with this barcode or code; NotFound when there is none."""
    hit = find_by_code(rt, code)
    if hit is None:
        raise NotFound(_("not found: {code}").format(code=code))
    return add_product(rt, basket_id, hit.id, qty_milli)


def void_line(rt: Runtime, line_id: int) -> None:
    """Voids a line (kept, marked voided)."""
    with write_transaction(rt.db):
        BasketLine.update(voided=True).where(BasketLine.id == line_id).execute()


def set_qty(rt: Runtime, line_id: int, qty_milli: int) -> None:
    """Changes a line's quantity."""
    if qty_milli <= 0:
        raise Refused(_("the quantity must be more than zero"))
    with write_transaction(rt.db):
        BasketLine.update(qty_milli=qty_milli).where(BasketLine.id == line_id).execute()


def set_price(rt: Runtime, line_id: int, price: int, by_user_id: int, reason: str) -> None:
    """Overrides a line's unit price (the permission is checked by the caller's service)."""
    if price < 0:
        raise Refused(_("a price cannot be negative"))
    with write_transaction(rt.db):
        BasketLine.update(unit_price=price, price_override_by=by_user_id,
                          price_override_reason=reason).where(BasketLine.id == line_id).execute()


def cancel(rt: Runtime, basket_id: int) -> None:
    """Cancels the whole basket."""
    with write_transaction(rt.db):
        Basket.update(status="cancelled", updated_at=rt.clock.now()).where(
            Basket.id == basket_id).execute()


def tender(rt: Runtime, basket_id: int, tenders: list[tuple[str, int]]) -> TenderOutcome:
    """Closes the basket when the tenders cover it; change comes from cash only."""
    total = view(rt, basket_id).total
    paid = sum(amount for _kind, amount in tenders)
    if paid < total:
        raise Refused(_("not paid in full"))
    cash = sum(amount for kind, amount in tenders if kind == "cash")
    change = min(paid - total, cash)
    with write_transaction(rt.db):
        Basket.update(status="done", updated_at=rt.clock.now()).where(
            Basket.id == basket_id).execute()
    return TenderOutcome(total, paid, change, f"B{basket_id}")
