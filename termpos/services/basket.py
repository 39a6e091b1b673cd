"""Provides the open basket: built and saved line by line, so a crash loses nothing scanned.

One open basket per till; ``open_basket`` recovers it after a restart. A scan is one indexed
product lookup plus one insert. Voids and cancels are journaled, and need permission where
the shop says so. Parked baskets are listed with time, cashier and total and recalled later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import IntegrityError, fn

from termpos.core.barcodes import grams_for_price, parse_scale_label
from termpos.core.cart import Cart, CartLine
from termpos.core.errors import NotFound, Refused
from termpos.models import Basket, BasketLine, Product
from termpos.services import journal
from termpos.services.basket_rows import line_row, load_cart, open_row
from termpos.services.runtime import Runtime
from termpos.services.staff import authorize
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction

MAX_QTY_MILLI = 10_000_000  # 10,000 items or kg on one line: more is a typing slip


@dataclass(frozen=True)
class ParkedBasket:
    """A parked basket as listed for recall."""

    id: int
    parked_at: dt.datetime
    cashier: str
    lines: int
    total: int
    customer: str


def current_basket(rt: Runtime) -> Cart | None:
    """The open basket of this till (the one to show after a restart), if any."""
    row = (Basket.select(Basket.id)
           .where((Basket.till == rt.till) & (Basket.status == "open"))
           .order_by(Basket.id.desc()).first())
    return None if row is None else load_cart(row.id)


def open_basket(rt: Runtime, user: UserInfo) -> Cart:
    """Returns this till's open basket, recovered as it was, or starts an empty one."""
    with write_transaction(rt.db):
        found = current_basket(rt)
        if found is not None:
            return found
        return start_basket(rt, user)


def start_basket(rt: Runtime, user: UserInfo) -> Cart:
    """Starts a new empty basket (scripted sales use their own, inside their transaction)."""
    from termpos.services.shifts import current_shift

    with write_transaction(rt.db):
        shift = current_shift(rt)
        now = rt.clock.now()
        row = Basket.create(till=rt.till, shift=shift.id if shift else None, user=user.id,
                            created_at=now, updated_at=now)
    return load_cart(row.id)


def get_basket(rt: Runtime, basket_id: int) -> Cart:
    """A basket with its lines."""
    return load_cart(basket_id)


def _check_qty(qty_milli: int, weighed: bool, name: str) -> None:
    if qty_milli <= 0 or qty_milli > MAX_QTY_MILLI:
        raise Refused("{name}: quantity must be more than 0 and at most 10000", name=name)
    if not weighed and qty_milli % 1000:
        raise Refused("{name}: sold by the item, the quantity must be a whole number", name=name)


def _insert(rt: Runtime, basket_id: int, product: Product | None, *, code: str, name: str,
            tax_class: str, qty_milli: int, unit_price: int, weighed: bool,
            label_amount: int | None = None, unit: str = "ea") -> CartLine:
    """Inserts one line with the next seq in the same statement and returns it."""
    try:
        rt.settings.tax_class(tax_class)
    except KeyError:
        raise Refused(
            "{name}: tax class {tax_class!r} is not configured",
            name=name, tax_class=tax_class,
        ) from None
    now = rt.clock.now()
    # The next seq, or NULL (refused by NOT NULL) unless the basket is open: still one insert.
    next_seq = Basket.select(
        BasketLine.select(fn.COALESCE(fn.MAX(BasketLine.seq), 0) + 1)
        .where(BasketLine.basket == basket_id)
    ).where((Basket.id == basket_id) & (Basket.status == "open"))
    query = BasketLine.insert(
        basket=basket_id, seq=next_seq, product=product.id if product else None, code=code,
        name=name, tax_class=tax_class, qty_milli=qty_milli, unit_price=unit_price,
        original_price=unit_price, weighed=weighed, price_override_reason="",
        discount_kind="", discount_value=0, discount_reason="", voided=False,
        label_amount=label_amount, created_at=now,
    ).returning(BasketLine.id, BasketLine.seq)
    try:
        with write_transaction(rt.db):
            row = list(query.execute())[0]
    except IntegrityError:
        raise Refused(
            "basket {basket_id} is not open: start or recall a basket",
            basket_id=basket_id,
        ) from None
    return CartLine(row.id, row.seq, product.id if product else None, code, name, tax_class,
                    qty_milli, unit_price, unit_price, weighed, "kg" if weighed else unit,
                    label_amount)


@dataclass(frozen=True)
class Resolved:
    """What a scanned or typed code stands for: product, quantity, price, label amount."""

    product: Product
    qty_milli: int
    unit_price: int
    label_amount: int | None = None


def _for_product(product: Product, qty_milli: int | None,
                 label_amount: int | None = None) -> Resolved:
    if not product.active:
        raise Refused(
            "{code} {name}: not for sale (inactive)",
            code=product.code, name=product.name,
        )
    if qty_milli is None:
        if product.weighed:
            raise Refused(
                "{code} {name}: a weighed item, enter the weight",
                code=product.code, name=product.name,
            )
        qty_milli = 1000
    _check_qty(qty_milli, bool(product.weighed), product.name)
    return Resolved(product, qty_milli, int(product.price), label_amount)


def resolve(rt: Runtime, code: str, qty_milli: int | None = None) -> Resolved:
    """Looks a code up (one indexed query) without writing: barcode, product code, label.

    A weight label gives the quantity in grams; a price label on a weighed item gives the
    weight from price / unit price (so stock stays right) and fixes the line's amount.
    Unknown codes raise NotFound "not found".
    """
    code = code.strip()
    if not code:
        raise NotFound("not found: empty code")
    label = parse_scale_label(code, rt.settings.barcode_rules)
    wanted = [code] if label is None else [code, label.item_code]
    rows = list(Product.select()
                .where(Product.barcode.in_(wanted) | Product.code.in_(wanted)).limit(4))
    exact = [p for p in rows if code in (p.barcode, p.code)]
    if exact:
        return _for_product(exact[0], qty_milli)
    by_item = [p for p in rows if label is not None and p.code == label.item_code]
    if label is None or not by_item:
        raise NotFound("not found: {code}", code=code)
    product = by_item[0]
    if label.kind == "weight":
        if not product.weighed:
            raise Refused(
                "{code}: a weight label on {name}, which is sold by the item",
                code=code, name=product.name,
            )
        return _for_product(product, label.value)
    if product.weighed:
        grams = grams_for_price(label.value, int(product.price))
        if grams <= 0:
            raise Refused("{code}: price label too small for {name}", code=code, name=product.name)
        return _for_product(product, grams, label_amount=label.value)
    found = _for_product(product, None)
    return Resolved(product, found.qty_milli, label.value)


def insert_resolved(rt: Runtime, basket_id: int, found: Resolved) -> CartLine:
    """Adds a resolved code to the basket as one new line."""
    p = found.product
    return _insert(rt, basket_id, p, code=p.code, name=p.name, tax_class=p.tax_class,
                   qty_milli=found.qty_milli, unit_price=found.unit_price,
                   weighed=bool(p.weighed), label_amount=found.label_amount, unit=p.unit)


def scan(rt: Runtime, basket_id: int, code: str, qty_milli: int | None = None) -> CartLine:
    """Adds a line by barcode, product code or scale label; NotFound leaves the basket as is."""
    return insert_resolved(rt, basket_id, resolve(rt, code, qty_milli))


def add_product(rt: Runtime, basket_id: int, product_id: int,
                qty_milli: int | None = None) -> CartLine:
    """Adds a line for a product chosen from a search result."""
    product = Product.get_or_none(Product.id == product_id)
    if product is None:
        raise NotFound("not found: product {product_id}", product_id=product_id)
    return insert_resolved(rt, basket_id, _for_product(product, qty_milli))


def add_open_price(rt: Runtime, basket_id: int, name: str, price: int, tax_class: str,
                   qty_milli: int = 1000) -> CartLine:
    """Adds an open-price department item (no product, no stock movement)."""
    name = name.strip() or "Department"
    if price <= 0:
        raise Refused("{name}: an open price must be more than zero", name=name)
    _check_qty(qty_milli, False, name)
    return _insert(rt, basket_id, None, code=f"DEPT-{tax_class}", name=name[:300],
                   tax_class=tax_class, qty_milli=qty_milli, unit_price=price, weighed=False)


def set_quantity(rt: Runtime, basket_id: int, line_id: int, qty_milli: int) -> CartLine:
    """Changes a line's quantity (a weighed line takes a weight; a label's fixed price goes)."""
    with write_transaction(rt.db):
        row = line_row(basket_id, line_id)
        _check_qty(qty_milli, bool(row.weighed), row.name)
        row.qty_milli = qty_milli
        row.label_amount = None
        row.save()
    return load_cart(basket_id).line(line_id)


def void_line(rt: Runtime, basket_id: int, line_id: int, user: UserInfo, *,
              after_subtotal: bool = False, approver: tuple[str, str] | None = None,
              reason: str = "") -> Cart:
    """Voids a line (kept, struck out, journaled); after the subtotal it needs permission.

    Permission is checked before the write transaction, so a wrong approver PIN stays
    counted and journaled even though the void is refused.
    """
    row = line_row(basket_id, line_id)
    approved = None
    if after_subtotal:
        approved = authorize(rt, user, "void_line_after_subtotal", approver=approver,
                             reason=reason, before=row.name, after="void")
    with write_transaction(rt.db):
        row = line_row(basket_id, line_id)
        row.voided = True
        row.save()
        journal.append(rt, "line.void", user.name, {
            "basket": basket_id, "line": row.seq, "code": row.code, "name": row.name,
            "qty_milli": int(row.qty_milli), "unit_price": int(row.unit_price),
            "approver": approved.name if approved else "", "reason": reason.strip(),
        })
    return load_cart(basket_id)


def cancel_basket(rt: Runtime, basket_id: int, user: UserInfo, *,
                  approver: tuple[str, str] | None = None, reason: str = "") -> None:
    """Cancels the whole basket; one with live lines needs the cancel_sale permission."""
    open_row(basket_id)
    cart = load_cart(basket_id)
    total = cart.totals(rt.settings).total
    approved = None
    if cart.live_lines:
        approved = authorize(rt, user, "cancel_sale", approver=approver, reason=reason,
                             before=total, after=0)
    with write_transaction(rt.db):
        row = open_row(basket_id)
        if cart.live_lines:
            journal.append(rt, "basket.cancel", user.name, {
                "basket": basket_id, "lines": len(cart.live_lines), "total": total,
                "approver": approved.name if approved else "", "reason": reason.strip(),
            })
        row.status = "cancelled"
        row.updated_at = rt.clock.now()
        row.save()


def park(rt: Runtime, basket_id: int) -> None:
    """Parks the open basket (kept for recall); the till can start a new one."""
    with write_transaction(rt.db):
        row = open_row(basket_id)
        if not load_cart(basket_id).live_lines:
            raise Refused("an empty basket cannot be parked")
        row.status = "parked"
        row.updated_at = rt.clock.now()
        row.save()


def list_parked(rt: Runtime) -> list[ParkedBasket]:
    """Parked baskets of this till, oldest first, with time, cashier and total."""
    out = []
    rows = (Basket.select(Basket.id)
            .where((Basket.till == rt.till) & (Basket.status == "parked"))
            .order_by(Basket.updated_at, Basket.id))
    for row in rows:
        cart = load_cart(row.id)
        out.append(ParkedBasket(cart.id, cart.updated_at, cart.user_name,
                                len(cart.live_lines), cart.totals(rt.settings).total,
                                cart.customer_name))
    return out


def recall(rt: Runtime, basket_id: int, user: UserInfo) -> Cart:
    """Makes a parked basket the open one; refused while another basket is open."""
    with write_transaction(rt.db):
        row = Basket.get_or_none((Basket.id == basket_id) & (Basket.till == rt.till))
        if row is None or row.status != "parked":
            raise NotFound(
                "no parked basket {basket_id} on till {till}",
                basket_id=basket_id, till=rt.till,
            )
        current = current_basket(rt)
        if current is not None and current.live_lines:
            raise Refused("finish, park or cancel the open basket first")
        if current is not None:
            Basket.update(status="cancelled").where(Basket.id == current.id).execute()
        row.status = "open"
        row.updated_at = rt.clock.now()
        row.save()
        journal.append(rt, "basket.recall", user.name, {"basket": basket_id})
    return load_cart(basket_id)
