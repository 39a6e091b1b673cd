"""Provides record_document(): a sale or refund with everything that belongs to it, at once.

Inside one write transaction: the gap-free number from the Counter table, the sale row, its
lines, taxes and tenders, the stock movements, a journal entry carrying the document's
digest, the customer's points (redeemed, earned or reversed) and the receipt print job.
Either all of it is stored or none of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from termpos.core.document import Document, build_receipt, digest, receipt_number
from termpos.core.receipt import ReceiptData
from termpos.models import Counter, PrintJob, Sale, SaleLine, SaleTax, Tender
from termpos.services import journal, sale_loyalty, stock
from termpos.services.runtime import Runtime
from termpos.services.shifts import require_open_shift
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class Recorded:
    """A stored document: its id, printed number and receipt."""

    sale_id: int
    number: str
    receipt: ReceiptData


def counter_name(till: str) -> str:
    """The Counter row that numbers a till's documents."""
    return f"receipt:{till}"


def next_seq(rt: Runtime) -> int:
    """Advances this till's document counter (call inside the document's transaction)."""
    name = counter_name(rt.till)
    updated = Counter.update(value=Counter.value + 1).where(Counter.name == name).execute()
    if not updated:
        Counter.insert(name=name, value=1).execute()
    return int(Counter.get_by_id(name).value)


def stored_rows(sale_id: int) -> tuple[dict[str, Any], list[dict[str, Any]],
                                       list[dict[str, Any]], list[dict[str, Any]]]:
    """A document's stored rows as plain dicts, in a fixed order (what the digest covers)."""
    Rows = list[dict[str, Any]]
    sale = cast(dict[str, Any], Sale.select().where(Sale.id == sale_id).dicts().get())
    lines = cast(Rows, list(SaleLine.select().where(SaleLine.sale == sale_id)
                            .order_by(SaleLine.seq, SaleLine.id).dicts()))
    taxes = cast(Rows, list(SaleTax.select().where(SaleTax.sale == sale_id)
                            .order_by(SaleTax.tax_class, SaleTax.rate_ppm, SaleTax.id).dicts()))
    tenders = cast(Rows, list(Tender.select().where(Tender.sale == sale_id)
                              .order_by(Tender.id).dicts()))
    return sale, lines, taxes, tenders


def stored_digest(sale_id: int) -> str:
    """The digest of a document as it is stored now."""
    return digest(*stored_rows(sale_id))


def stored_digests(first_id: int, last_id: int) -> dict[int, str]:
    """Digests of every document with an id in [first_id, last_id], in four queries."""
    Rows = list[dict[str, Any]]
    in_range = (Sale.id >= first_id) & (Sale.id <= last_id)
    sales = cast(Rows, list(Sale.select().where(in_range).dicts()))
    parts: dict[int, tuple[Rows, Rows, Rows]] = {int(r["id"]): ([], [], []) for r in sales}
    queries: tuple[Any, ...] = (
        SaleLine.select().where((SaleLine.sale >= first_id) & (SaleLine.sale <= last_id))
        .order_by(SaleLine.sale, SaleLine.seq, SaleLine.id),
        SaleTax.select().where((SaleTax.sale >= first_id) & (SaleTax.sale <= last_id))
        .order_by(SaleTax.sale, SaleTax.tax_class, SaleTax.rate_ppm, SaleTax.id),
        Tender.select().where((Tender.sale >= first_id) & (Tender.sale <= last_id))
        .order_by(Tender.sale, Tender.id),
    )
    for index, query in enumerate(queries):
        for row in cast(Rows, list(query.dicts())):
            bucket = parts.get(int(row["sale"]))
            if bucket is not None:
                bucket[index].append(row)
    return {r["id"]: digest(r, *parts[int(r["id"])]) for r in sales}


def record_document(rt: Runtime, doc: Document) -> Recorded:
    """Stores a complete document; requires an open shift on this till."""
    s = rt.settings
    with write_transaction(rt.db):
        shift = require_open_shift(rt)
        seq = next_seq(rt)
        number = receipt_number(rt.till, seq)
        now = rt.clock.now().replace(microsecond=0)
        sale = Sale.create(
            number=number, till=rt.till, seq=seq, kind=doc.kind, original=doc.original_id,
            shift=shift.id, user=doc.user_id, customer=doc.customer_id, created_at=now,
            tax_mode=doc.tax_mode, subtotal=doc.subtotal, discount_total=doc.discount_total,
            tax_total=doc.tax_total, rounding=doc.rounding, total=doc.total, change=doc.change,
            points_earned=doc.points_earned,
        )
        if doc.lines:
            SaleLine.insert_many([{
                "sale": sale.id, "seq": i, "product": ln.product_id, "code": ln.code,
                "name": ln.name, "qty_milli": ln.qty_milli, "unit_price": ln.unit_price,
                "discount": ln.discount, "amount": ln.amount, "tax_class": ln.tax_class,
                "tax_rate_ppm": ln.tax_rate_ppm, "tax": ln.tax, "cost": ln.cost,
                "original_line": ln.original_line_id,
            } for i, ln in enumerate(doc.lines, start=1)]).execute()
        if doc.taxes:
            SaleTax.insert_many([{"sale": sale.id, "tax_class": t.code, "rate_ppm": t.rate_ppm,
                                  "net": t.net, "tax": t.tax} for t in doc.taxes]).execute()
        for t in doc.tenders:
            Tender.create(sale=sale.id, kind=t.kind, amount=t.amount, reference=t.reference)
        kind = "sale" if doc.kind == "sale" else "refund"
        for ln in doc.lines:
            if ln.product_id is not None:
                stock.record_move(rt, ln.product_id, -ln.qty_milli, kind, document=number,
                                  user_id=doc.user_id)
        journal.append(rt, doc.kind, doc.user_name, {
            "number": number, "total": doc.total, "tax_total": doc.tax_total,
            "original": doc.original_number, "lines": len(doc.lines),
            "tenders": [[t.kind, t.amount] for t in doc.tenders], "change": doc.change,
            "digest": stored_digest(sale.id),
        })
        points_shown, points_balance = sale_loyalty.apply(rt, doc, sale.id)
        header = {"store_name": s.store_name, "store_address": s.store_address,
                  "store_tax_id": s.store_tax_id, "footer": s.receipt_footer}
        header.update({f"tax:{tc.code}": tc.name for tc in s.tax_classes})
        receipt = build_receipt(doc, number=number, till=rt.till, created_at=now, header=header,
                                currency_exponent=s.currency_exponent,
                                currency_symbol=s.currency_symbol, language=s.language,
                                training=rt.training, points_earned=points_shown,
                                points_balance=points_balance)
        # a till without a printer keeps the receipt (for a reprint elsewhere) but queues
        # nothing: a printer set up later must not print weeks of old receipts
        PrintJob.create(sale=sale.id, kind="receipt", payload=receipt.to_json(), till=rt.till,
                        status="pending" if rt.has_printer else "skipped",
                        created_at=now, updated_at=now)
    return Recorded(sale.id, number, receipt)
