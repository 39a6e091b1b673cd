"""Rows for generated histories: one document (sale, taxes, tenders), ids, journal chain."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from peewee import fn

from termpos.core.journal import GENESIS, chain_hash
from termpos.core.money import round_to_step
from termpos.models import Base, Journal, SaleTax, Tender
from termpos.services.journal import entry_dict
from termpos.services.runtime import Runtime

if TYPE_CHECKING:
    from .history import History

Row = dict[str, Any]


class Ids:
    """Hands out ids after the largest one already in each table."""

    def __init__(self) -> None:
        self.next: dict[type[Base], int] = {}

    def take(self, model: type[Base]) -> int:
        if model not in self.next:
            self.next[model] = int(model.select(fn.COALESCE(fn.MAX(model.id), 0)).scalar()) + 1
        value = self.next[model]
        self.next[model] = value + 1
        return value


def document(h: History, ids: Ids, rng: random.Random, sale_id: int, number: str, till: str,
             seq: int, kind: str, original: int | None, shift: Row, user: Row,
             customer: Row | None, when: dt.datetime, lines: list[Row], pay: str) -> Row:
    """Adds a sale or refund with its taxes and tenders to the history; returns the sale."""
    base = sum(ln["amount"] for ln in lines)
    rounding = round_to_step(base, 5) - base if pay == "cash" else 0
    total = base + rounding
    change = 0
    tenders: list[tuple[str, int, str]] = []
    if pay == "cash":
        handed = total if total <= 0 or rng.randrange(3) == 0 else \
            -(-total // 500) * 500
        change = handed - total
        tenders.append(("cash", handed, ""))
    elif pay == "card":
        tenders.append(("card", total, f"AUTH{sale_id}"))
    else:
        cash_part = total // 3
        tenders += [("cash", cash_part, ""), ("card", total - cash_part, f"AUTH{sale_id}")]
    sale = {"id": sale_id, "number": number, "till": till, "seq": seq, "kind": kind,
            "original": original, "shift": shift["id"], "user": user["id"],
            "customer": customer["id"] if customer else None, "created_at": when,
            "tax_mode": "inclusive",
            "subtotal": sum(ln["amount"] + ln["discount"] for ln in lines),
            "discount_total": sum(ln["discount"] for ln in lines),
            "tax_total": sum(ln["tax"] for ln in lines), "rounding": rounding,
            "total": total, "change": change, "points_earned": 0}
    h.rows("sale").append(sale)
    h.rows("sale_line").extend(lines)
    by_class: dict[tuple[str, int], list[int]] = {}
    for ln in lines:
        acc = by_class.setdefault((ln["tax_class"], ln["tax_rate_ppm"]), [0, 0])
        acc[0] += ln["amount"] - ln["tax"]
        acc[1] += ln["tax"]
    for (cls, rate), (net, tax) in sorted(by_class.items()):
        h.rows("sale_tax").append({"id": ids.take(SaleTax), "sale": sale_id,
                                        "tax_class": cls, "rate_ppm": rate, "net": net,
                                        "tax": tax})
    for tkind, amount, ref in tenders:
        h.rows("tender").append({"id": ids.take(Tender), "sale": sale_id,
                                      "kind": tkind, "amount": amount, "reference": ref})
    return sale


def chain_rows(
    rt: Runtime, events: Iterable[tuple[dt.datetime, str, str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Journal rows for (when, kind, actor, payload) events, hashed as services.journal does."""
    last = Journal.select(Journal.id, Journal.hash).order_by(Journal.id.desc()).first()
    prev = last.hash if last else GENESIS
    seq = last.id if last else 0
    rows = []
    for when, kind, actor, payload in events:
        seq += 1
        at = when.replace(microsecond=0)
        digest = chain_hash(prev, entry_dict(seq, at.isoformat(sep=" "), rt.till, kind, actor,
                                             payload))
        rows.append({"id": seq, "created_at": at, "till": rt.till, "kind": kind, "actor": actor,
                     "payload": json.dumps(payload, sort_keys=True, ensure_ascii=False),
                     "prev_hash": prev, "hash": digest})
        prev = digest
    return rows
