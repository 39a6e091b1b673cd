"""Generates a deterministic shop history (sales, refunds, shifts, exceptions) for report tests.

Rows are built in Python with explicit ids, kept in a History for recomputation, and inserted
with insert_many in one write transaction. Conventions (the sale engine's schema):
- sale.total = sum of line amounts + rounding; amounts include tax (inclusive mode);
- sale_line.cost is the line's cost (quantity x unit cost), discount the line's discount;
- cash tenders record what was handed over, sale.change what was given back;
- refunds are kind "refund" documents with negative quantities and amounts, ``original`` set;
- voids are journal "void" or "line.void" (actor = cashier), cancels "basket.cancel",
  overrides "override" (payload "user" = cashier); no-sales are cash_movement kind "no_sale"
  with a journal "no_sale" entry, or a journal "drawer.no_sale" entry, or both at once.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from peewee import fn

from termpos.core.money import div_half_up, percent_of
from termpos.models import (
    Base,
    CashMovement,
    Category,
    Customer,
    Journal,
    Product,
    Sale,
    SaleLine,
    SaleTax,
    Shift,
    StockMove,
    Supplier,
    Tender,
    User,
)
from termpos.services.runtime import Runtime
from termpos.store.tx import write_transaction

from .history_rows import Ids, chain_rows, document

Row = dict[str, Any]
RATES = {"A": 200_000, "B": 50_000}
HOUR_WEIGHTS = {8: 2, 9: 4, 10: 5, 11: 7, 12: 10, 13: 8, 14: 5, 15: 5, 16: 6, 17: 9, 18: 8, 19: 4}
DAY_WEIGHTS = (9, 8, 9, 10, 12, 15, 6)  # Monday .. Sunday, relative traffic


@dataclass
class History:
    """The rows inserted, by table, as plain dicts (foreign keys as ids)."""

    tables: dict[str, list[Row]] = field(default_factory=dict)

    def rows(self, table: str) -> list[Row]:
        """The rows inserted into one table."""
        return self.tables.setdefault(table, [])


def generate(
    rt: Runtime,
    *,
    seed: int = 1,
    first_day: dt.date = dt.date(2026, 2, 2),
    days: int = 28,
    sales_per_day: int = 30,
    products: int = 80,
    customers: int = 30,
    tills: Sequence[str] = ("T1",),
    refund_share: int = 4,  # percent of sales refunded later
    keep: bool = True,
) -> History:
    """Builds and inserts a history; returns the rows inserted (none kept with keep=False,
    which inserts week by week for histories too large to hold in memory)."""
    gen = _Generator(rt, random.Random(seed), History(), Ids())
    gen.catalogue(products, customers, first_day)
    for d in range(days):
        day = first_day + dt.timedelta(days=d)
        for till in tills:
            gen.day(day, till, sales_per_day, refund_share)
        if not keep and d % 7 == 6:
            gen.flush(keep)
    gen.flush(keep)
    return gen.h


_ORDER: tuple[tuple[type[Base], str], ...] = (
    (User, "user"), (Category, "category"), (Supplier, "supplier"), (Product, "product"),
    (Customer, "customer"), (Shift, "shift"), (Sale, "sale"), (SaleLine, "sale_line"),
    (SaleTax, "sale_tax"), (Tender, "tender"), (StockMove, "stock_move"),
    (CashMovement, "cash_movement"), (Journal, "journal"),
)


class _Generator:
    def __init__(self, rt: Runtime, rng: random.Random, h: History, ids: Ids) -> None:
        self.rt, self.rng, self.h, self.ids = rt, rng, h, ids
        self.events: list[tuple[dt.datetime, str, str, dict[str, Any]]] = []
        self.seq: dict[str, int] = {}
        self.z: dict[str, int] = {}
        self.pending_refunds: list[tuple[dt.datetime, Row, list[Row], str]] = []

    def _user(self, name: str, role: str, when: dt.datetime) -> Row:
        existing = User.get_or_none(User.name == name)
        if existing is not None:
            return {"id": existing.id, "name": name, "role": existing.role}
        row = {"id": self.ids.take(User), "name": name, "role": role, "pin_hash": "x",
               "active": True, "failed_attempts": 0, "created_at": when}
        self.h.rows("user").append(row)
        return row

    def catalogue(self, n_products: int, n_customers: int, first_day: dt.date) -> None:
        rng, h = self.rng, self.h
        t0 = dt.datetime.combine(first_day - dt.timedelta(days=30), dt.time(7))
        self.cashiers = [self._user(n, "cashier", t0) for n in ("ana", "ben", "chen")]
        self.manager = self._user("mia", "manager", t0)
        tag = f"{self.ids.take(Category)}"
        cats = []
        for name in ("Drinks", "Bakery", "Snacks", "Produce", "Household"):
            cats.append({"id": self.ids.take(Category), "name": f"{name} {tag}"})
        h.rows("category").extend(cats)
        sups = [{"id": self.ids.take(Supplier), "name": f"Supplier {tag}-{i}", "contact": "",
                 "phone": "", "email": "", "lead_time_days": lead, "notes": "", "created_at": t0}
                for i, lead in enumerate((3, 7, 14))]
        h.rows("supplier").extend(sups)
        self.products: list[Row] = []
        for i in range(n_products):
            cat = cats[i % len(cats)]
            weighed = cat["name"].startswith("Produce") and i % 2 == 0
            price = rng.randint(50, 2500)
            pid = self.ids.take(Product)
            row = {"id": pid, "code": f"H{pid:06d}", "barcode": None, "name": f"Item {pid}",
                   "category": cat["id"], "tax_class": "A" if i % 3 == 0 else "B",
                   "price": price, "cost": price * rng.randint(40, 75) // 100,
                   "unit": "kg" if weighed else "ea", "weighed": weighed,
                   "reorder_level": rng.choice((None, 5000, 10000, 30000)),
                   "supplier": rng.choice(sups)["id"] if i % 5 else None, "active": True,
                   "created_at": t0, "updated_at": t0}
            self.products.append(row)
            self._move(pid, rng.randint(5, 120) * 1000, "receive", "", t0)
        h.rows("product").extend(self.products)
        # Popularity falls with rank; the last tenth never sells (dead stock).
        live = len(self.products) - len(self.products) // 10
        weights = [1.0 / (r + 1) ** 0.9 if r < live else 0.0 for r in range(len(self.products))]
        acc, self.cum = 0.0, []
        for w in weights:
            acc += w
            self.cum.append(acc)
        self.customers = []
        for _ in range(n_customers):
            cid = self.ids.take(Customer)
            self.customers.append({
                "id": cid, "code": f"C{cid:05d}", "name": f"Customer {cid}",
                "phone": f"09{cid:08d}", "email": "", "notes": "", "consent": True,
                "source": "cli", "created_at": t0})
        h.rows("customer").extend(self.customers)

    def _move(self, pid: int, qty: int, kind: str, doc: str, when: dt.datetime) -> None:
        self.h.rows("stock_move").append({
            "id": self.ids.take(StockMove), "product": pid, "qty_milli": qty, "kind": kind,
            "document": doc, "reason": "", "note": "", "user": None, "created_at": when})

    def day(self, day: dt.date, till: str, per_day: int, refund_share: int) -> None:
        rng = self.rng
        opener = rng.choice(self.cashiers)
        opened = dt.datetime.combine(day, dt.time(7, 55))
        shift = {"id": self.ids.take(Shift), "till": till, "opened_by": opener["id"],
                 "opened_at": opened, "opening_float": 10000, "status": "closed",
                 "closed_by": opener["id"], "closed_at": opened.replace(hour=20, minute=5)}
        self.h.rows("shift").append(shift)
        self.z[till] = self.z.get(till, 0) + 1
        shift["z_number"] = self.z[till]
        n = max(1, per_day * DAY_WEIGHTS[day.weekday()] // 10 + rng.randint(-2, 2))
        hours, weights = list(HOUR_WEIGHTS), list(HOUR_WEIGHTS.values())
        times = sorted(
            dt.datetime.combine(day, dt.time(h, rng.randrange(60), rng.randrange(60)))
            for h in rng.choices(hours, weights, k=n)
        )
        queue: list[tuple[dt.datetime, int, Row | None, list[Row]]] = [
            (r[0], i, r[1], r[2]) for i, r in enumerate(self.pending_refunds)
            if r[0].date() == day and r[3] == till]
        self.pending_refunds = [r for r in self.pending_refunds
                                if not (r[0].date() == day and r[3] == till)]
        queue += [(when, len(queue) + i, None, []) for i, when in enumerate(times)]
        heapq.heapify(queue)
        while queue:
            when, _, refund_of, refund_lines = heapq.heappop(queue)
            if refund_of is not None:
                self._refund(when, refund_of, refund_lines, shift)
                continue
            user = rng.choices(self.cashiers, (5, 3, 2))[0]
            sale, lines = self._sale(when, till, shift, user)
            if rng.randrange(100) < refund_share:
                later = when + dt.timedelta(days=rng.randint(0, 3), hours=rng.randint(0, 2))
                later = later.replace(hour=min(max(later.hour, 8), 19))
                if later <= when:
                    pass
                elif later.date() == day:
                    heapq.heappush(queue, (later, 10_000 + sale["id"], sale, lines))
                else:
                    self.pending_refunds.append((later, sale, lines, till))
            if rng.randrange(100) < 6:
                self._event(when, rng.choice(("void", "line.void")), user["name"],
                            {"line": 1, "amount": lines[0]["amount"]})
            if rng.randrange(100) < 2:
                self._event(when, "basket.cancel", user["name"], {"lines": 2, "total": 100})
            if rng.randrange(100) < 3:
                self._event(when, "override", self.manager["name"], {
                    "action": "price_override", "user": user["name"],
                    "approver": self.manager["name"], "reason": "price tag", "before": 1,
                    "after": 0})
        for _ in range(rng.randint(0, 2)):
            who = rng.choice(self.cashiers)
            at = dt.datetime.combine(day, dt.time(rng.randint(8, 19), rng.randrange(60)))
            style = rng.randrange(3)  # staff service, drawer service, or both for one opening
            if style != 1:
                self.h.rows("cash_movement").append({
                    "id": self.ids.take(CashMovement), "shift": shift["id"], "kind": "no_sale",
                    "amount": 0, "reason": "change for a note", "user": who["id"],
                    "approved_by": None, "created_at": at})
                self._event(at, "no_sale", who["name"], {"user": who["name"], "amount": 0})
            if style != 0:
                self._event(at, "drawer.no_sale", who["name"], {"user": who["name"],
                                                                "approver": None})

    def _event(self, when: dt.datetime, kind: str, actor: str, payload: dict[str, Any]) -> None:
        self.events.append((when, kind, actor, payload))

    def _number(self, till: str) -> tuple[int, str]:
        if till not in self.seq:
            last = Sale.select(fn.COALESCE(fn.MAX(Sale.seq), 0)).where(Sale.till == till).scalar()
            self.seq[till] = int(last)
        self.seq[till] += 1
        return self.seq[till], f"{till}-{self.seq[till]:06d}"

    def _sale(self, when: dt.datetime, till: str, shift: Row, user: Row) -> tuple[Row, list[Row]]:
        rng = self.rng
        sale_id = self.ids.take(Sale)
        seq, number = self._number(till)
        lines = []
        for i in range(rng.choices((1, 2, 3, 4, 5, 6, 8), (3, 4, 4, 3, 2, 1, 1))[0]):
            p = rng.choices(self.products, cum_weights=self.cum)[0]
            qty = rng.randint(150, 2500) if p["weighed"] else 1000 * rng.choice((1, 1, 1, 2, 3))
            gross = div_half_up(qty * p["price"], 1000)
            discount = percent_of(gross, 10_000) if rng.randrange(10) == 0 else 0
            amount = gross - discount
            rate = RATES[p["tax_class"]]
            lines.append({
                "id": self.ids.take(SaleLine), "sale": sale_id, "seq": i + 1, "product": p["id"],
                "code": p["code"], "name": p["name"], "qty_milli": qty, "unit_price": p["price"],
                "discount": discount, "amount": amount, "tax_class": p["tax_class"],
                "tax_rate_ppm": rate, "tax": div_half_up(amount * rate, 1_000_000 + rate),
                "cost": div_half_up(qty * p["cost"], 1000), "original_line": None})
            self._move(p["id"], -qty, "sale", number, when)
        customer = rng.choice(self.customers[: max(1, len(self.customers) * 2 // 3)]) \
            if self.customers and rng.randrange(10) < 3 else None
        kind = rng.choices(("cash", "card", "split"), (6, 3, 1))[0]
        sale = document(self.h, self.ids, self.rng, sale_id, number, till, seq, "sale", None,
                        shift, user, customer, when, lines, kind)
        return sale, lines

    def _refund(self, when: dt.datetime, sale: Row, lines: list[Row], shift: Row) -> None:
        chosen = lines if self.rng.randrange(2) == 0 else lines[:1]
        sale_id = self.ids.take(Sale)
        seq, number = self._number(sale["till"])
        out = []
        for i, ln in enumerate(chosen):
            out.append({**ln, "id": self.ids.take(SaleLine), "sale": sale_id, "seq": i + 1,
                        "qty_milli": -ln["qty_milli"], "discount": -ln["discount"],
                        "amount": -ln["amount"], "tax": -ln["tax"], "cost": -ln["cost"],
                        "original_line": ln["id"]})
            self._move(ln["product"], ln["qty_milli"], "refund", number, when)
        user = next(u for u in self.cashiers if u["id"] == sale["user"])
        customer = {"id": sale["customer"]} if sale["customer"] else None
        document(self.h, self.ids, self.rng, sale_id, number, sale["till"], seq, "refund",
                 sale["id"], shift, user, customer, when, out,
                 "cash" if self.rng.randrange(2) else "card")

    def flush(self, keep: bool) -> None:
        """Chains the journal events in time order, then inserts every row built so far."""
        journal = chain_rows(self.rt, sorted(self.events, key=lambda e: e[0]))
        self.events = []
        pending = {t: self.h.rows(t) for _, t in _ORDER}
        pending["journal"] = journal
        with write_transaction(self.rt.db):
            for model, table in _ORDER:
                rows = pending[table]
                for i in range(0, len(rows), 400):
                    model.insert_many(rows[i : i + 400]).execute()
        if keep:
            self.h.rows("journal").extend(journal)
        else:
            self.h.tables.clear()


class Seller:
    """Completes single sales, each in its own write transaction (for concurrency tests)."""

    def __init__(self, rt: Runtime, seed: int = 3, products: int = 40) -> None:
        self.gen = _Generator(rt, random.Random(seed), History(), Ids())
        self.gen.catalogue(products, 5, rt.clock.now().date())
        self.shift: Row = {"id": None}
        self.gen.flush(keep=False)

    def sell(self, when: dt.datetime, till: str = "T1") -> str:
        """Writes one sale with its lines, taxes, tenders and stock moves; returns its number."""
        user = self.gen.cashiers[0]
        sale, _ = self.gen._sale(when, till, self.shift, user)
        self.gen.flush(keep=False)
        return str(sale["number"])
