"""stock_level (migration 0010) equals the stock ledger after any mix of documents;
the reports' short paths equal their full computations.

Its on-hand must be the sum of the product's movements, its value that sum at today's cost
(rounded half up), and its last sale the newest 'sale' line of the product: the reports and
on_hand read it instead of summing millions of rows.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from peewee import AutoField, PostgresqlDatabase

from termpos.core.analysis import abc_class_list, abc_classes
from termpos.core.config import Settings
from termpos.core.money import div_half_up
from termpos.models import MODELS, Product
from termpos.services import adjust, counts, receiving
from termpos.services.runtime import Runtime, open_runtime
from termpos.services.stock import on_hand, on_hand_many, record_move
from termpos.services.users import create_user
from termpos.store import migrate
from termpos.store.tx import write_transaction

from .history import generate
from .importhelp import run, write_csv

CSV = """code,name,price,cost,tax_class,on_hand
IMP-1,Imported one,2.50,1.10,B,10
IMP-2,Imported two,1.00,0.35,A,-3
IMP-3,Imported three,4.00,0.01,A,
"""


def _ledger(rt: Runtime) -> dict[int, tuple[int, int, Any]]:
    """(on-hand, value at cost, last sold) per product, recomputed from the raw rows."""
    db = rt.db
    sums = dict(db.execute_sql(
        "SELECT product_id, SUM(qty_milli) FROM stock_move GROUP BY product_id").fetchall())
    last = dict(db.execute_sql(
        "SELECT l.product_id, MAX(s.created_at) FROM sale_line l JOIN sale s ON s.id = l.sale_id "
        "WHERE s.kind = 'sale' AND l.product_id IS NOT NULL GROUP BY l.product_id").fetchall())
    cost = dict(db.execute_sql("SELECT id, cost FROM product").fetchall())
    return {pid: (int(sums.get(pid) or 0), div_half_up(int(sums.get(pid) or 0) * cost[pid], 1000),
                  last.get(pid)) for pid in set(sums) | set(last)}


def _levels(rt: Runtime) -> dict[int, tuple[int, int, Any]]:
    return {int(r[0]): (int(r[1]), int(r[2]), r[3]) for r in rt.db.execute_sql(
        "SELECT product_id, qty_milli, value, last_sold FROM stock_level").fetchall()}


def _resync_ids(rt: Runtime) -> None:
    """The history inserts explicit ids: move PostgreSQL's sequences past them."""
    if not isinstance(rt.db, PostgresqlDatabase):
        return
    for model in MODELS:
        if isinstance(model._meta.primary_key, AutoField):
            table = model._meta.table_name
            rt.db.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                              f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)")


def test_stock_level_follows_every_kind_of_document(rt: Runtime, tmp_path: Path) -> None:
    generate(rt, days=6, sales_per_day=12, products=15, refund_share=30)  # sales, refunds
    _resync_ids(rt)
    boss = create_user(rt, "boss", "manager", "9999", actor="test")
    assert run(rt, write_csv(tmp_path, CSV)).committed  # batch "import" moves
    codes = [p.code for p in Product.select().order_by(Product.id).limit(4)]
    receiving.receive(rt, boss, [(codes[0], 5000), ("IMP-3", 3000)])
    adjust.adjust(rt, boss, codes[1], -7000, "correction")
    counts.start_count(rt, boss, codes=[codes[2], "IMP-1"])
    counts.enter_count(rt, codes[2], 4000)
    counts.enter_count(rt, "IMP-1", 2000)
    counts.finish_count(rt, boss)
    with write_transaction(rt.db):
        record_move(rt, Product.get(Product.code == "IMP-2").id, 777, "refund", document="T1-9")
        # a cost change revalues the stock it holds; one unchanged cost changes nothing
        Product.update(cost=Product.cost * 3 + 1).where(Product.code.in_(codes[:3])).execute()
    expected = _ledger(rt)
    levels = _levels(rt)
    assert {k: v[:2] for k, v in levels.items()} == {k: v[:2] for k, v in expected.items()}
    sold = {k: v[2] for k, v in expected.items()}
    assert {k: v[2] for k, v in levels.items()} == sold and any(sold.values())
    assert levels[Product.get(Product.code == "IMP-1").id][0] == 2000
    assert on_hand(Product.get(Product.code == "IMP-2").id) == -3000 + 777
    ids = [p.id for p in Product.select()] + [10**9]
    assert on_hand_many(ids) == {i: expected.get(i, (0,))[0] for i in ids}


def test_migration_fills_stock_level_from_existing_moves(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A store at schema 9 (moves, sales, no stock_level) migrates to the same figures."""
    old = tmp_path / "migrations"
    old.mkdir()
    shipped = resources.files("termpos.store") / "migrations"
    for entry in shipped.iterdir():
        if entry.name.endswith(".sql") and int(entry.name[:4]) < 10:
            (old / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", old)
    path = tmp_path / "old.db"
    rt = open_runtime(Settings(), str(path), create=True)
    generate(rt, days=4, sales_per_day=10, products=12, refund_share=25,
             first_day=dt.date(2026, 3, 2))
    assert "stock_level" not in rt.db.get_tables()
    rt.db.close()
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", None)
    rt = open_runtime(Settings(), str(path))
    try:
        expected = _ledger(rt)
        assert _levels(rt) == expected and len(expected) >= 10
    finally:
        rt.db.close()


def test_short_paths_give_the_full_reports_figures(rt: Runtime, tmp_path: Path) -> None:
    """The top-N paths (stock, ABC) and the last-sold path (dead stock) agree with the full
    and line-by-line computations, across positive, zero and negative values."""
    from termpos.core.periods import Period
    from termpos.services.reports import products, stock
    from termpos.services.reports.base import Filters, snapshot

    generate(rt, days=10, sales_per_day=8, products=25, refund_share=20)
    _resync_ids(rt)
    assert run(rt, write_csv(tmp_path, CSV)).committed  # a negative and a zero on-hand
    period = Period(dt.date(2026, 2, 2), dt.date(2026, 2, 11))
    whole = stock.stock_report(rt, Filters(period))
    positive = sum(1 for r in whole.rows if r[5] > 0)
    assert any(r[5] == 0 for r in whole.rows) and any(r[5] < 0 for r in whole.rows)
    for n in (1, positive, positive + 2, len(whole.rows) - 1, len(whole.rows) + 5):
        top = stock.stock_report(rt, Filters(period, limit=n))
        assert top.rows == whole.rows[:n] and top.summary == whole.summary
    abc = products.abc_report(rt, Filters(period))
    assert products.abc_report(rt, Filters(period, limit=3)).rows == abc.rows[:3]
    for days in (1, 3, 7):
        today = dt.date(2026, 2, 11)
        fast = stock.dead_stock_report(rt, today, days)
        cutoff = dt.datetime.combine(today - dt.timedelta(days=days - 1), dt.time())
        with snapshot(rt) as q:  # no sale after today: the report took the last-sold path
            assert str(q.one("SELECT MAX(created_at) FROM sale")[0]) < "2026-02-12"
            slow = stock._dead_by_lines(q, cutoff, cutoff + dt.timedelta(days=days), None)
        assert [r[:4] for r in fast.rows] == [(c, nm, int(qt), int(v)) for c, nm, qt, v, _ in
                                              slow[0]]
        assert (fast.total("products"), fast.total("value")) == slow[1:]
        assert fast.rows and fast.total("products") < len(whole.rows)


@given(st.lists(st.integers(-500, 5000), max_size=60), st.integers(1, 99))
def test_abc_class_list_equals_abc_classes(revenues: list[int], a_share: int) -> None:
    ranked = sorted(revenues, reverse=True)
    b_share = min(a_share + 15, 100)
    assert abc_class_list(ranked, a_share, b_share) == abc_classes(ranked, a_share, b_share)
