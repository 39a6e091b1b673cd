"""Every report's figures equal a recomputation in plain Python from the rows inserted.

Runs on SQLite and PostgreSQL (the ``rt`` fixture) over a generated two-till history.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import combinations
from typing import Any

import pytest

from termpos.core.clock import FixedClock
from termpos.core.config import Settings
from termpos.core.money import div_half_up
from termpos.core.periods import Period
from termpos.services.reports import basket, cashiers, customers, money, products, sales, stock
from termpos.services.reports.base import Filters
from termpos.services.runtime import Runtime, open_runtime

from .conftest import PG_URL, _pg_schema
from .history import History, generate

FIRST = dt.date(2026, 2, 2)
PERIOD = Period(dt.date(2026, 2, 5), dt.date(2026, 2, 18))  # inside the history, not all of it


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Runtime, History]]:
    """One generated history per database for the whole module (reports only read)."""
    clock = FixedClock(dt.datetime(2026, 2, 23, 9))
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("reports") / "store.db"
        runtime = open_runtime(Settings(), str(path), clock=clock, create=True)
        schemas = None
    else:
        schemas = _pg_schema()
        runtime = open_runtime(Settings(), PG_URL, clock=clock, pg_schema=next(schemas))
    try:
        yield runtime, generate(runtime, seed=5, first_day=FIRST, days=21, sales_per_day=14,
                                products=40, customers=25, tills=("T1", "T2"))
    finally:
        runtime.db.close()
        if schemas is not None:
            next(schemas, None)


@pytest.fixture
def rt(store: tuple[Runtime, History]) -> Runtime:
    return store[0]


@pytest.fixture
def hist(store: tuple[Runtime, History]) -> History:
    return store[1]


def in_period(row: dict[str, Any], period: Period = PERIOD, till: str | None = None) -> bool:
    ok = period.start <= row["created_at"] < period.end
    return ok and (till is None or row["till"] == till)


def docs(h: History, till: str | None = None) -> list[dict[str, Any]]:
    return [s for s in h.rows("sale") if in_period(s, till=till)]


def lines_of(h: History, sale_ids: set[int]) -> Iterator[dict[str, Any]]:
    return (ln for ln in h.rows("sale_line") if ln["sale"] in sale_ids)


@pytest.mark.parametrize("till", [None, "T2"])
def test_sales_by_day_and_week(rt: Runtime, hist: History, till: str | None) -> None:
    rows = docs(hist, till)
    rep = sales.sales_report(rt, Filters(PERIOD, till), "day")
    assert len(rep.rows) == PERIOD.days
    by_day: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in rows:
        acc = by_day[s["created_at"].date().isoformat()]
        acc[0] += s["kind"] == "sale"
        acc[1] += s["total"]
        acc[2] += s["tax_total"]
    for r in rep.rows:
        assert [r[1], r[5], r[6]] == by_day.get(r[0], [0, 0, 0]), r[0]
    assert rep.total("net") == sum(s["total"] for s in rows)
    assert rep.total("refunded") == sum(s["total"] for s in rows if s["kind"] == "refund")
    assert rep.total("refunds") == sum(1 for s in rows if s["kind"] == "refund") > 0
    assert rep.total("discounts") == sum(s["discount_total"] for s in rows)
    weekly = sales.sales_report(rt, Filters(PERIOD, till), "week")
    assert [r[0] for r in weekly.rows] == ["2026-W06", "2026-W07", "2026-W08"]
    assert sum(r[5] for r in weekly.rows) == rep.total("net")


def test_hourly_heat_map(rt: Runtime, hist: History) -> None:
    rep = sales.hourly_report(rt, Filters(PERIOD))
    cells = Counter((s["created_at"].weekday(), s["created_at"].hour)
                    for s in docs(hist) if s["kind"] == "sale")
    assert rep.chart is not None and not isinstance(rep.chart, sales.BarChart)
    for wd in range(7):
        for hr in range(24):
            assert rep.chart.matrix[wd][hr] == cells.get((wd, hr), 0)
    assert rep.total("net") == sum(s["total"] for s in docs(hist))


def _by_product(h: History, till: str | None = None) -> dict[int, list[int]]:
    ids = {s["id"] for s in docs(h, till)}
    acc: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for ln in lines_of(h, ids):
        a = acc[ln["product"]]
        a[0] += ln["qty_milli"]
        a[1] += ln["amount"]
        a[2] += ln["amount"] - ln["tax"]
        a[3] += ln["cost"]
    return acc


@pytest.mark.parametrize(("by", "bottom"), [("revenue", False), ("qty", False),
                                            ("margin", True)])
def test_products(rt: Runtime, hist: History, by: str, bottom: bool) -> None:
    expected = _by_product(hist)
    code = {p["id"]: p["code"] for p in hist.rows("product")}
    rep = products.products_report(rt, Filters(PERIOD, None, 10), by, bottom)
    assert len(rep.rows) == 10
    for r in rep.rows:
        pid = next(k for k, v in code.items() if v == r[1])
        assert list(r[3:7]) == expected[pid]
    key = {"revenue": 1, "qty": 0, "margin": None}[by]

    def measure(v: list[int]) -> int:
        return v[2] - v[3] if key is None else v[key]

    ranked = sorted((measure(v) for v in expected.values()), reverse=not bottom)
    assert [measure(expected[next(k for k, c in code.items() if c == r[1])]) for r in rep.rows] \
        == ranked[:10]
    assert rep.total("products") == len(expected)
    assert rep.total("revenue") == sum(v[1] for v in expected.values())
    assert rep.total("margin") == sum(v[2] - v[3] for v in expected.values())


def test_products_of_one_till_and_shortcut_agree(rt: Runtime, hist: History) -> None:
    """One till's documents are not one id range: the joined path must give the same sums."""
    code = {p["id"]: p["code"] for p in hist.rows("product")}
    for till in ("T1", "T2", None):
        expected = {code[k]: v[1] for k, v in _by_product(hist, till).items()}
        rep = products.products_report(rt, Filters(PERIOD, till), "revenue")
        assert {r[1]: r[4] for r in rep.rows} == expected
        pairs = basket.basket_report(rt, Filters(PERIOD, till, 3))
        assert len(pairs.rows) == 3


def test_categories_and_abc(rt: Runtime, hist: History) -> None:
    expected = _by_product(hist)
    cat_of = {p["id"]: p["category"] for p in hist.rows("product")}
    names = {c["id"]: c["name"] for c in hist.rows("category")}
    per_cat: dict[str, int] = defaultdict(int)
    for pid, v in expected.items():
        per_cat[names[cat_of[pid]]] += v[1]
    rep = products.categories_report(rt, Filters(PERIOD))
    assert {r[0]: r[3] for r in rep.rows} == per_cat
    assert sum(r[4] for r in rep.rows) in range(9_990, 10_011)  # shares add up to ~100%
    abc = products.abc_report(rt, Filters(PERIOD))
    revenues = sorted((v[1] for v in expected.values()), reverse=True)
    assert [r[4] for r in abc.rows] == revenues
    total, before = sum(revenues), 0
    for r in abc.rows:
        assert r[1] == ("A" if before * 100 < 80 * total else
                        "B" if before * 100 < 95 * total else "C")
        before += r[4]
    assert abc.total("a_revenue") + abc.total("b_revenue") + abc.total("c_revenue") == total
    n_all = len(abc.rows)
    for cls, note in zip("ABC", abc.notes, strict=True):  # shares rounded to the nearest %
        n, rev = abc.total(f"{cls.lower()}_products"), abc.total(f"{cls.lower()}_revenue")
        m = re.fullmatch(rf"{cls}: {n} products \((\d+)% of products\), (\d+)% of revenue", note)
        assert m is not None, note
        assert abs(int(m[1]) - 100 * n / n_all) <= 0.505
        assert abs(int(m[2]) - 100 * rev / total) <= 0.505


def test_cashiers_exceptions(rt: Runtime, hist: History) -> None:
    users = {u["id"]: u["name"] for u in hist.rows("user")}
    rows = docs(hist)
    sale_ids = {s["id"] for s in rows if s["kind"] == "sale"}
    items = Counter(users[next(s["user"] for s in rows if s["id"] == ln["sale"])]
                    for ln in lines_of(hist, sale_ids))
    journal = [j for j in hist.rows("journal") if PERIOD.start <= j["created_at"] < PERIOD.end]
    kind = {"line.void": "void", "drawer.no_sale": "no_sale"}
    events = Counter((kind.get(j["kind"], j["kind"]),
                      json.loads(j["payload"]).get("user", j["actor"])) for j in journal)
    openings = {(j["actor"], j["created_at"]) for j in journal
                if j["kind"] in ("no_sale", "drawer.no_sale")}
    nosale = Counter(who for who, _ in openings)
    rep = cashiers.cashiers_report(rt, Filters(PERIOD))
    assert rep.rows
    for r in rep.rows:
        name = r[0]
        mine = [s for s in rows if users[s["user"]] == name]
        assert r[1] == sum(1 for s in mine if s["kind"] == "sale")
        assert r[2] == sum(s["total"] for s in mine)
        assert r[3] == items[name]
        assert r[5] == sum(1 for s in mine if s["kind"] == "refund")
        assert (r[7], r[8], r[9], r[10]) == (events[("void", name)],
                                             events[("basket.cancel", name)],
                                             events[("override", name)], nosale[name])
        assert r[4] is not None and r[4] > 0
    assert rep.total("voids") == sum(v for (k, _), v in events.items() if k == "void") > 0
    assert rep.total("no_sales") == sum(nosale.values()) > 0
    assert rep.total("cancels") > 0
    movements = sum(1 for m in hist.rows("cash_movement") if m["kind"] == "no_sale"
                    and PERIOD.start <= m["created_at"] < PERIOD.end)
    assert rep.total("no_sales") > movements  # drawer-only openings count too


def test_payments_tax_refunds(rt: Runtime, hist: History) -> None:
    rows = docs(hist)
    ids = {s["id"] for s in rows}
    tendered: dict[str, int] = defaultdict(int)
    for t in hist.rows("tender"):
        if t["sale"] in ids:
            tendered[t["kind"]] += t["amount"]
    pay = payments_report = money.payments_report(rt, Filters(PERIOD))
    assert {r[0]: r[2] for r in payments_report.rows} == tendered
    assert pay.total("change") == sum(s["change"] for s in rows)
    assert pay.total("net") == pay.total("sales_total") == sum(s["total"] for s in rows)
    assert pay.notes == []
    taxes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for t in hist.rows("sale_tax"):
        if t["sale"] in ids:
            taxes[t["tax_class"]][0] += t["net"]
            taxes[t["tax_class"]][1] += t["tax"]
    tax = money.tax_report(rt, Filters(PERIOD))
    assert {r[0]: [r[2], r[3]] for r in tax.rows} == taxes
    assert {r[0]: r[1] for r in tax.rows} == {"A": 2000, "B": 500}
    assert tax.total("tax") == sum(s["tax_total"] for s in rows) and tax.notes == []
    ref = money.refunds_report(rt, Filters(PERIOD))
    refunds = [s for s in rows if s["kind"] == "refund"]
    numbers = {s["id"]: s["number"] for s in hist.rows("sale")}
    assert {(r[1], r[2]) for r in ref.rows} == {(s["number"], numbers[s["original"]])
                                                for s in refunds}
    assert ref.total("refunded") == sum(s["total"] for s in refunds) < 0


def _on_hand(h: History) -> dict[int, int]:
    acc: dict[int, int] = defaultdict(int)
    for m in h.rows("stock_move"):
        acc[m["product"]] += m["qty_milli"]
    return acc


def test_stock_value_and_reorder(rt: Runtime, hist: History) -> None:
    on_hand = _on_hand(hist)
    cost = {p["id"]: p["cost"] for p in hist.rows("product")}
    rep = stock.stock_report(rt, Filters(PERIOD))
    assert rep.total("products") == len(hist.rows("product"))
    assert rep.total("value") == sum(div_half_up(on_hand[p] * cost[p], 1000) for p in cost)
    by_code = {r[0]: r for r in rep.rows}
    for p in hist.rows("product"):
        assert by_code[p["code"]][3] == on_hand[p["id"]]
    reo = stock.reorder_report(rt, Filters(PERIOD), lead_days=5, cover_days=7)
    low = {p["code"] for p in hist.rows("product")
           if p["reorder_level"] is not None and on_hand[p["id"]] <= p["reorder_level"]}
    assert {r[1] for r in reo.rows} == low and low
    sold: dict[int, int] = defaultdict(int)
    ids = {s["id"] for s in docs(hist)}
    for ln in lines_of(hist, ids):
        sold[ln["product"]] += ln["qty_milli"]
    leads = {s["id"]: s["lead_time_days"] for s in hist.rows("supplier")}
    for p in hist.rows("product"):
        if p["code"] not in low:
            continue
        r = next(r for r in reo.rows if r[1] == p["code"])
        lead = leads[p["supplier"]] if p["supplier"] else 5
        demand = -(-sold[p["id"]] * (lead + 7) // PERIOD.days)
        need = max(0, p["reorder_level"] + demand - on_hand[p["id"]])
        if need and not p["weighed"]:
            need = -(-need // 1000) * 1000
        assert (r[4], r[6], r[8], r[9]) == (0, sold[p["id"]], lead, need)


def test_dead_stock(rt: Runtime, hist: History) -> None:
    on_hand = _on_hand(hist)
    today = dt.date(2026, 2, 22)
    cutoff = dt.datetime(2026, 2, 9)  # 14 days up to today
    recent = {s["id"] for s in hist.rows("sale") if s["kind"] == "sale"
              and cutoff <= s["created_at"] < dt.datetime(2026, 2, 23)}
    sold = {ln["product"] for ln in lines_of(hist, recent)}
    dead = {p["code"] for p in hist.rows("product") if on_hand[p["id"]] > 0 and p["id"] not in sold}
    rep = stock.dead_stock_report(rt, today, 14)
    assert {r[0] for r in rep.rows} == dead and dead
    assert rep.total("products") == len(dead)


def test_customers_and_history(rt: Runtime, hist: History) -> None:
    rows = [s for s in docs(hist) if s["customer"]]
    spend: dict[int, int] = defaultdict(int)
    visits: Counter[int] = Counter()
    for s in rows:
        spend[s["customer"]] += s["total"]
        visits[s["customer"]] += s["kind"] == "sale"
    code = {c["id"]: c["code"] for c in hist.rows("customer")}
    rep = customers.customers_report(rt, Filters(PERIOD))
    assert {r[1]: (r[3], r[4]) for r in rep.rows} == {code[c]: (visits[c], spend[c])
                                                      for c in spend}
    assert [r[4] for r in rep.rows] == sorted(spend.values(), reverse=True)
    assert rep.total("anonymous_sales") == sum(1 for s in docs(hist)
                                                if s["kind"] == "sale" and not s["customer"])
    best = rep.rows[0]
    phone = next(c["phone"] for c in hist.rows("customer") if c["code"] == best[1])
    one = customers.customer_history(rt, Filters(PERIOD), phone)
    assert one.total("spend") == best[4] and one.total("visits") == best[3]
    assert len(one.rows) == sum(1 for s in rows if code[s["customer"]] == best[1])
    assert any(n.startswith("favourite products") for n in one.notes)


@pytest.mark.parametrize(("first_items", "wide", "till", "at_least"),
                         [(40, 2_000, None, None), (6, 2_000, None, None),
                          (3, 2_000, None, None), (2, 2_000, "T1", None), (3, 1, None, None),
                          (2, 1, "T1", None), (40, 2_000, None, 3), (3, 1, None, 3)])
def test_basket_pairs_are_the_true_top_pairs(rt: Runtime, hist: History, first_items: int,
                                             wide: int, till: str | None,
                                             at_least: int | None,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Exact whichever products are counted first, by id range or joined (one till),
    sought by index or read whole (``wide``), from 2 sales together or from 3."""
    monkeypatch.setattr(basket, "FIRST_ITEMS", first_items)
    monkeypatch.setattr(basket, "WIDE", wide)
    ids = {s["id"] for s in docs(hist, till) if s["kind"] == "sale"}
    per_sale: dict[int, set[int]] = defaultdict(set)
    for ln in lines_of(hist, ids):
        per_sale[ln["sale"]].add(ln["product"])
    pairs: Counter[tuple[int, int]] = Counter()
    for items in per_sale.values():
        pairs.update(combinations(sorted(items), 2))
    code = {p["id"]: p["code"] for p in hist.rows("product")}
    rep = basket.basket_report(rt, Filters(PERIOD, till, 8), at_least)
    truth = {(code[a], code[b]): n for (a, b), n in pairs.items()}
    expected = sorted((n for n in pairs.values() if n >= (at_least or 2)), reverse=True)[:8]
    assert expected and [r[4] for r in rep.rows] == expected
    for r in rep.rows:
        assert truth[(r[0], r[2])] == r[4]
    assert rep.total("products") == len({p for items in per_sale.values() for p in items})
    assert rep.total("sales") == len(ids)


def test_basket_default_threshold_grows_with_the_period() -> None:
    """Pairs seen twice by chance in a year of a busy shop are noise: 1 sale in 10,000."""
    assert basket.default_min_together(0) == 2
    assert basket.default_min_together(20_000) == 2
    assert basket.default_min_together(20_001) == 3
    assert basket.default_min_together(222_000) == 23
