"""Provides a completed document (sale or refund) as plain values, its digest and its receipt.

The digest is sha256 of the canonical JSON of the stored rows (sale, lines, taxes, tenders);
it is written into the journal entry of the document, so changing any stored row afterwards
is found by the audit even though the journal chain itself is intact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from termpos.core.journal import canonical
from termpos.core.pricing import TaxRow
from termpos.core.receipt import ReceiptData, ReceiptLine, ReceiptTax, ReceiptTender
from termpos.core.tenders import TenderInput


@dataclass(frozen=True)
class DocLine:
    """One line of a document; amounts and quantities are negative on a refund."""

    product_id: int | None
    code: str
    name: str
    qty_milli: int
    unit_price: int
    discount: int
    amount: int
    tax_class: str
    tax_rate_ppm: int
    tax: int
    cost: int = 0
    original_line_id: int | None = None
    unit: str = "ea"
    weighed: bool = False


@dataclass(frozen=True)
class Document:
    """A sale or refund ready to be recorded (number and time are given when it is)."""

    kind: str  # sale | refund
    user_id: int
    user_name: str
    tax_mode: str
    lines: tuple[DocLine, ...]
    taxes: tuple[TaxRow, ...]
    tenders: tuple[TenderInput, ...]
    subtotal: int
    discount_total: int
    tax_total: int
    total: int  # what was paid (or paid back), after cash rounding
    rounding: int = 0
    change: int = 0
    order_discount: int = 0
    customer_id: int | None = None
    customer_name: str = ""
    original_id: int | None = None
    original_number: str = ""
    points_earned: int = 0  # stored on the sale row: computed before it is written


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, bool):
        return int(value)
    return value


def digest(sale: Mapping[str, Any], lines: Sequence[Mapping[str, Any]],
           taxes: Sequence[Mapping[str, Any]], tenders: Sequence[Mapping[str, Any]]) -> str:
    """sha256 of the canonical JSON of a document's stored rows (line ids left out)."""
    def clean(row: Mapping[str, Any], keep_id: bool = False) -> dict[str, Any]:
        return {k: _plain(v) for k, v in row.items() if keep_id or k != "id"}

    body = {
        "sale": clean(sale, keep_id=True),
        "lines": [clean(r) for r in lines],
        "taxes": [clean(r) for r in taxes],
        "tenders": [clean(r) for r in tenders],
    }
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def receipt_number(till: str, seq: int) -> str:
    """The printed number of a document: till id and a six-digit gap-free sequence."""
    return f"{till}-{seq:06d}"


def build_receipt(doc: Document, *, number: str, till: str, created_at: dt.datetime,
                  header: Mapping[str, str], currency_exponent: int, currency_symbol: str,
                  language: str, training: bool, points_earned: int = 0,
                  points_balance: int | None = None) -> ReceiptData:
    """The receipt of a recorded document, as the printer spool receives it.

    ``points_earned`` is what the document moved on the customer's points (negative when a
    refund takes points back), ``points_balance`` their balance after it (None: no customer).
    """
    lines = tuple(
        ReceiptLine(ln.name, ln.qty_milli, ln.unit, ln.unit_price, ln.amount, ln.discount,
                    ln.tax_class, ln.weighed)
        for ln in doc.lines
    )
    taxes = tuple(ReceiptTax(t.code, header.get(f"tax:{t.code}", t.code), t.rate_ppm, t.net,
                             t.tax) for t in doc.taxes)
    tenders = tuple(ReceiptTender(t.kind, t.amount, t.reference) for t in doc.tenders)
    return ReceiptData(
        number=number, till=till, cashier=doc.user_name,
        created_at=created_at.replace(microsecond=0).isoformat(sep=" "),
        store_name=header.get("store_name", ""), lines=lines, taxes=taxes, tenders=tenders,
        subtotal=doc.subtotal, total=doc.total, tax_mode=doc.tax_mode, kind=doc.kind,
        original_number=doc.original_number, store_address=header.get("store_address", ""),
        store_tax_id=header.get("store_tax_id", ""), footer=header.get("footer", ""),
        discount_total=doc.discount_total, order_discount=doc.order_discount,
        rounding=doc.rounding, change=doc.change, customer=doc.customer_name,
        points_earned=points_earned, points_balance=points_balance,
        currency_exponent=currency_exponent, currency_symbol=currency_symbol,
        language=language, training=training,
        extra={"notice": "TRAINING — NOT A VALID RECEIPT"} if training else {},
    )
