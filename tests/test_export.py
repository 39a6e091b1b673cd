"""Tests of exports: formula guards, numbers kept numbers, date windows, and the round trip
export products -> import into an empty store -> the same catalogue.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from termpos.core.clock import FixedClock
from termpos.models import Product, Sale, SaleLine
from termpos.services import journal
from termpos.services.exporter import export
from termpos.services.runtime import Runtime, open_runtime
from termpos.services.users import create_user
from tests.importhelp import catalogue, run, write_csv

HEADER = ("code,barcode,name,price,cost,tax_class,category,supplier,on_hand,reorder_level,"
          "unit,weighed,active")
TRICKY = HEADER + """
0042,,Leading zero cake,12.99,,A,Bakery,,,,ea,no,yes
'-3,4006381333931,'=HYPERLINK(\"http://x\"),1.00,0.50,B,'@cat,'+sup,-2.5,1,ea,no,yes
TEA,96385074,珍珠奶茶 大杯,55.00,20,B,Drinks > Tea,Tea Co,10,,ea,no,no
APL,,Apples,2.99,1.10,B,Produce,,12.345,,kg,yes,yes
"""


def _export(rt: Runtime, kind: str, fmt: str = "csv", **kw: dt.date) -> str:
    out = io.StringIO()
    export(rt, kind, out, fmt, kw.get("since"), kw.get("until"))
    return out.getvalue()


def test_products_round_trip_into_an_empty_store(rt: Runtime, tmp_path: Path) -> None:
    result = run(rt, write_csv(tmp_path, TRICKY))
    assert result.created == 4
    original = catalogue(rt)
    assert original["-3"]["name"] == '=HYPERLINK("http://x")'
    text = _export(rt, "products")
    rows = list(csv.reader(io.StringIO(text)))
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["'-3"][2] == "'=HYPERLINK(\"http://x\")"
    assert by_code["'-3"][6:8] == ["'@cat", "'+sup"]
    assert by_code["'-3"][8] == "-2.5"  # a number: not guarded
    assert by_code["0042"][3] == "12.99"
    exported = tmp_path / "export.csv"
    exported.write_text(text, encoding="utf-8")
    fresh = open_runtime(rt.settings, str(tmp_path / "fresh.db"), clock=FixedClock(
        dt.datetime(2026, 3, 3, 9, 0)), create=True)
    try:
        again = run(fresh, exported)
        assert (again.preset, again.created, again.rejected) == ("termpos", 4, 0)
        assert catalogue(fresh) == original
    finally:
        fresh.db.close()


def test_products_json_keeps_amounts_exact(sqlite_rt: Runtime, tmp_path: Path) -> None:
    run(sqlite_rt, write_csv(tmp_path, TRICKY))
    text = _export(sqlite_rt, "products", "json")
    assert '"price": 12.99' in text
    data = json.loads(text)
    assert {d["code"]: d["on_hand"] for d in data}["-3"] == -2.5
    assert data[0]["barcode"] is None and data[2]["active"] is False


def _sale(rt: Runtime, number: str, when: dt.datetime, kind: str, amount: int,
          user_id: int) -> None:
    sale = Sale.create(number=number, till="T1", seq=int(number[-1]), kind=kind, user=user_id,
                       created_at=when, tax_mode="inclusive", subtotal=amount, tax_total=0,
                       total=amount)
    SaleLine.create(sale=sale, seq=1, code="TEA", name="=tea", qty_milli=1000 if amount > 0
                    else -1000, unit_price=500, amount=amount, tax_class="B",
                    tax_rate_ppm=50_000, tax=0)


def test_sales_export_window_and_refund_stays_a_number(sqlite_rt: Runtime) -> None:
    user = create_user(sqlite_rt, "ann", "cashier", "1357", actor="test")
    _sale(sqlite_rt, "T1-1", dt.datetime(2026, 3, 1, 10), "sale", 500, user.id)
    _sale(sqlite_rt, "T1-2", dt.datetime(2026, 3, 2, 23, 59), "refund", -500, user.id)
    _sale(sqlite_rt, "T1-3", dt.datetime(2026, 3, 3, 0, 0), "sale", 500, user.id)
    rows = list(csv.reader(io.StringIO(_export(
        sqlite_rt, "sales", since=dt.date(2026, 3, 2), until=dt.date(2026, 3, 2)))))
    assert [r[0] for r in rows[1:]] == ["T1-2"]
    assert rows[1][8] == "'=tea"
    assert rows[1][9] == "-1" and rows[1][12] == "-5.00" and rows[1][14] == "5"
    everything = json.loads(_export(sqlite_rt, "sales", "json"))
    assert [s["amount"] for s in everything] == [5, -5, 5]


def test_journal_and_customers_export(sqlite_rt: Runtime) -> None:
    from termpos.store.tx import write_transaction

    with write_transaction(sqlite_rt.db):
        journal.append(sqlite_rt, "test.kind", "=actor", {"x": 1})
    rows = list(csv.reader(io.StringIO(_export(sqlite_rt, "journal"))))
    assert rows[0][:4] == ["seq", "created_at", "till", "kind"]
    assert rows[-1][3:6] == ["test.kind", "'=actor", '{"x": 1}']
    assert Product.select().count() == 0
    assert _export(sqlite_rt, "customers").splitlines() == [
        "code,name,phone,email,birthday,notes,consent,created_at"]
