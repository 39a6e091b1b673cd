"""Provides receiving: a delivery booked against a purchase order or without one.

Each delivered product becomes a stock movement of kind "receive"; against an order the
received quantities accumulate on its lines (partial deliveries) and the order's status
follows (sent/draft -> partial -> received). Everything commits in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from termpos.core.errors import Refused
from termpos.core.i18n import N_
from termpos.models import Product, PurchaseOrder, PurchaseOrderLine, SupplierProduct
from termpos.services import journal
from termpos.services.invbase import check_qty, find_product, fk_id, next_number, require
from termpos.services.purchasing import order_row
from termpos.services.runtime import Runtime
from termpos.services.stock import record_move
from termpos.services.suppliers import supplier_cost
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class ReceivedLine:
    """One product of a delivery as booked."""

    code: str
    name: str
    qty_milli: int
    cost: int
    cost_changed_from: int | None  # the old product cost when --update-cost changed it
    ordered_milli: int | None  # on the order; None without an order
    received_milli: int | None  # received on the order so far, this delivery included


@dataclass(frozen=True)
class Delivery:
    """What one receive booked."""

    document: str
    order: str
    status: str
    lines: tuple[ReceivedLine, ...]


def order_status(lines: list[tuple[int, int]]) -> str:
    """The status an order reaches from its (ordered, received) quantities."""
    if lines and all(received >= ordered for ordered, received in lines):
        return "received"
    if any(received > 0 for _, received in lines):
        return "partial"
    return ""


def receive(
    rt: Runtime, user: UserInfo, items: list[tuple[str, int]], *, order: str | None = None,
    costs: dict[str, int] | None = None, update_cost: bool = False, note: str = "",
) -> Delivery:
    """Books a delivery; all or nothing (an unknown code or a product not on the order
    changes nothing). Repeated codes (scans) add up."""
    if not items:
        raise Refused("nothing to receive: list CODE*QTY items")
    if update_cost:
        require(rt, user, "back_office", N_("change product costs (--update-cost)"))
    costs = dict(costs or {})
    if any(c < 0 for c in costs.values()):
        raise Refused("a cost cannot be negative")
    with write_transaction(rt.db):
        po = _open_order(order) if order else None
        qty_by_product: dict[int, int] = {}
        products: dict[int, Product] = {}
        for code, qty in items:
            product = find_product(code)
            check_qty(product, qty)
            products[product.id] = product
            qty_by_product[product.id] = qty_by_product.get(product.id, 0) + qty
        cost_by_product: dict[int, int] = {}
        for code, amount in costs.items():
            product = find_product(code)
            if product.id not in qty_by_product:
                raise Refused("--cost {code}: that product is not in this delivery", code=code)
            cost_by_product[product.id] = amount
        po_lines: dict[int, PurchaseOrderLine] = {}
        if po is not None:
            po_lines = {fk_id(ln, "product") or 0: ln for ln in
                        PurchaseOrderLine.select().where(PurchaseOrderLine.order == po.id)}
            for product_id in qty_by_product:
                if product_id not in po_lines:
                    raise Refused(
                        "{code} is not on {number}: receive it without --order",
                        code=products[product_id].code, number=po.number,
                    )
        document = po.number if po is not None else next_number(rt, "goods_receipt", "GR")
        lines = [
            _book(rt, user, products[pid], qty, document, note, po, po_lines.get(pid),
                  cost_by_product.get(pid), update_cost)
            for pid, qty in qty_by_product.items()
        ]
        status = ""
        if po is not None:
            status = order_status([(int(ln.qty_milli), int(ln.received_milli))
                                   for ln in po_lines.values()])
            PurchaseOrder.update(status=status).where(PurchaseOrder.id == po.id).execute()
        journal.append(rt, "stock.receive", user.name, {
            "document": document, "order": po.number if po else "", "status": status,
            "lines": [[ln.code, ln.qty_milli, ln.cost] for ln in lines],
            "cost_updates": [[ln.code, ln.cost_changed_from, ln.cost] for ln in lines
                             if ln.cost_changed_from is not None],
        })
    return Delivery(document, po.number if po else "", status, tuple(lines))


def _open_order(number: str) -> PurchaseOrder:
    po = order_row(number)
    if po.status == "received":
        raise Refused("{number} is fully received already", number=po.number)
    return po


def _book(
    rt: Runtime, user: UserInfo, product: Product, qty: int, document: str, note: str,
    po: PurchaseOrder | None, line: PurchaseOrderLine | None, given_cost: int | None,
    update_cost: bool,
) -> ReceivedLine:
    """Books one product of a delivery: the move, the order line, the optional cost update."""
    if given_cost is not None:
        cost = given_cost
    elif line is not None:
        cost = int(line.cost)
    elif (main_supplier := fk_id(product, "supplier")) is not None:
        cost = supplier_cost(main_supplier, product)
    else:
        cost = int(product.cost)
    record_move(rt, product.id, qty, "receive", document=document, reason="delivery",
                note=note, user_id=user.id)
    ordered = received = None
    if line is not None:
        line.received_milli = int(line.received_milli) + qty
        line.save()
        ordered, received = int(line.qty_milli), int(line.received_milli)
    changed_from = None
    if update_cost and cost != int(product.cost):
        changed_from = int(product.cost)
        Product.update(cost=cost, updated_at=rt.clock.now()).where(
            Product.id == product.id).execute()
        supplier_id = fk_id(po, "supplier") if po is not None else fk_id(product, "supplier")
        if supplier_id is not None:
            SupplierProduct.update(cost=cost).where(
                (SupplierProduct.supplier == supplier_id)
                & (SupplierProduct.product == product.id)).execute()
    return ReceivedLine(product.code, product.name, qty, cost, changed_from, ordered, received)
