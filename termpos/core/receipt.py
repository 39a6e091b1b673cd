"""Provides ReceiptData: everything printed on a receipt, as plain values that survive JSON.

The sale engine builds it in the sale's transaction and stores it in the print job; the
receipt layout turns it into printer lines. Amounts are integer minor units.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    qty_milli: int
    unit: str  # "ea" or "kg"
    unit_price: int
    amount: int  # what the customer pays for the line, after its discount
    discount: int = 0
    tax_class: str = ""
    weighed: bool = False


@dataclass(frozen=True)
class ReceiptTax:
    code: str
    name: str
    rate_ppm: int
    net: int
    tax: int


@dataclass(frozen=True)
class ReceiptTender:
    kind: str  # cash | card | other | points
    amount: int
    reference: str = ""


@dataclass(frozen=True)
class ReceiptData:
    number: str
    till: str
    cashier: str
    created_at: str  # local wall time, "YYYY-MM-DD HH:MM:SS"
    store_name: str
    lines: tuple[ReceiptLine, ...]
    taxes: tuple[ReceiptTax, ...]
    tenders: tuple[ReceiptTender, ...]
    subtotal: int
    total: int
    tax_mode: str = "inclusive"
    kind: str = "sale"  # sale | refund
    original_number: str = ""
    store_address: str = ""
    store_tax_id: str = ""
    footer: str = ""
    discount_total: int = 0
    order_discount: int = 0
    rounding: int = 0
    change: int = 0
    customer: str = ""
    points_earned: int = 0
    points_balance: int | None = None
    currency_exponent: int = 2
    currency_symbol: str = ""
    language: str = "en"
    training: bool = False
    copy: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """Serialises the receipt for the print spool."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ReceiptData:
        """Reads a receipt back from the print spool."""
        data: dict[str, Any] = json.loads(text)
        data["lines"] = tuple(ReceiptLine(**x) for x in data["lines"])
        data["taxes"] = tuple(ReceiptTax(**x) for x in data["taxes"])
        data["tenders"] = tuple(ReceiptTender(**x) for x in data["tenders"])
        return cls(**data)
