"""Big imports: a second process reads the file, per-batch statements replace the per-row
triggers. Both must give exactly what the plain path gives, and fail as cleanly."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from termpos.core.importing import products as product_rows
from termpos.models import Journal, Product, StockMove
from termpos.services import search
from termpos.services.importer import pipeline
from termpos.services.runtime import Runtime

from .importhelp import catalogue, run, write_csv


def shop_file(tmp_path: Path, n: int = 300, bad_line: int | None = None) -> Path:
    """n products with stock, a few with errors a reader refuses, one CJK name."""
    lines = ["code,barcode,name,price,cost,category,on_hand,active"]
    for i in range(1, n + 1):
        barcode = "4006381333931" if i == 7 else ""
        price = "abc" if i % 97 == 0 else f"{i % 50 + 1}.25"
        name = "珍珠奶茶 大杯" if i == 11 else f"Item {i}"
        lines.append(f"C{i:04d},{barcode},{name},{price},0.37,Cat {i % 5},{i % 9}.5,"
                     f"{'no' if i % 13 == 0 else 'yes'}")
    if bad_line is not None:
        lines.insert(bad_line, 'C9999,,"never closed,1.00,0.10,Cat,1,yes')
    return write_csv(tmp_path, "\n".join(lines) + "\n")


def snapshot(rt: Runtime) -> tuple[object, ...]:
    """The catalogue, the stock levels as the triggers keep them, and the search index."""
    levels = dict(rt.db.execute_sql(
        'SELECT "product_id", "qty_milli" FROM "stock_level" ORDER BY 1').fetchall())
    sums = dict(rt.db.execute_sql(
        'SELECT "product_id", SUM("qty_milli") FROM "stock_move" GROUP BY 1').fetchall())
    values = rt.db.execute_sql(
        'SELECT COUNT(*) FROM "stock_level" l JOIN "product" p ON p."id" = l."product_id" '
        'WHERE l."value" <> (l."qty_milli" * p."cost" + 500) / 1000').fetchone()[0]
    indexed = rt.db.execute_sql('SELECT COUNT(*) FROM "product_search"').fetchone()[0]
    active = Product.select().where(Product.active).count()
    assert levels == sums and values == 0 and indexed == active
    return (catalogue(rt), levels, indexed)


@pytest.mark.parametrize("through_worker", [False, True])
def test_worker_and_inline_reading_give_the_same_store(
        sqlite_rt: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        through_worker: bool) -> None:
    if through_worker:
        monkeypatch.setattr(pipeline, "WORKER_BYTES", 0)
    spawned: list[int] = []
    real = pipeline.read_forked
    monkeypatch.setattr(pipeline, "read_forked",
                        lambda *a: spawned.append(os.getpid()) or real(*a))
    path = shop_file(tmp_path)
    rejects = tmp_path / "rejects.csv"
    result = run(sqlite_rt, path, batch_size=40, skip_invalid=True, rejects=rejects)
    assert bool(spawned) == through_worker
    assert (result.created, result.rejected, result.rows) == (297, 3, 300)
    assert result.sha256 and result.committed
    # the reader's own notes came back from the reading process
    assert any("no tax column" in n for n in result.notes)
    kept = list(csv.reader(rejects.open(encoding="utf-8")))
    assert [r[0] for r in kept[1:]] == ["C0097", "C0194", "C0291"]
    state = snapshot(sqlite_rt)
    assert state[0]["C0011"]["name"] == "珍珠奶茶 大杯"  # type: ignore[index]
    hits = search.search_products(sqlite_rt, "奶茶")
    assert [h.code for h in hits] == ["C0011"]
    # the triggers are back: a sale-side movement still updates stock_level
    pid = Product.get(Product.code == "C0001").id
    before = state[1][pid]  # type: ignore[index]
    StockMove.create(product=pid, qty_milli=-1000, kind="sale", created_at=sqlite_rt.clock.now())
    level = sqlite_rt.db.execute_sql(
        'SELECT "qty_milli" FROM "stock_level" WHERE "product_id" = ?', (pid,)).fetchone()[0]
    assert level == before - 1000


def test_same_store_either_way(sqlite_rt: Runtime, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-importing the same file through the worker changes nothing (all unchanged)."""
    path = shop_file(tmp_path, n=120)
    first = run(sqlite_rt, path, batch_size=25, skip_invalid=True)
    state = snapshot(sqlite_rt)
    monkeypatch.setattr(pipeline, "WORKER_BYTES", 0)
    again = run(sqlite_rt, path, batch_size=25, skip_invalid=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert again.sha256 == first.sha256
    assert snapshot(sqlite_rt) == state


def test_a_broken_file_read_by_the_worker_imports_nothing(
        sqlite_rt: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from termpos.services.importer.reading import ImportFileError

    monkeypatch.setattr(pipeline, "WORKER_BYTES", 0)
    path = shop_file(tmp_path, n=200, bad_line=150)
    with pytest.raises(ImportFileError, match="line 151: a quoted cell opened here is never"):
        run(sqlite_rt, path, batch_size=20)
    assert Product.select().count() == 0 and StockMove.select().count() == 0
    assert Journal.select().count() == 0
    names = {r[0] for r in sqlite_rt.db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
    assert {"product_search_insert", "stock_level_move"} <= names


def test_a_reading_process_that_dies_imports_nothing(
        sqlite_rt: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from termpos.services.importer.reading import ImportFileError

    monkeypatch.setattr(pipeline, "WORKER_BYTES", 0)
    real_read = product_rows.ProductReader.read

    def dying(self: object, line: int, cells: list[str]) -> object:
        if line == 90:
            os._exit(9)  # the reading process only: the test process never reads
        return real_read(self, line, cells)  # type: ignore[arg-type]

    monkeypatch.setattr(product_rows.ProductReader, "read", dying)
    with pytest.raises(ImportFileError, match="reading stopped before the end of the file"):
        run(sqlite_rt, shop_file(tmp_path, n=200), batch_size=20)
    assert Product.select().count() == 0 and StockMove.select().count() == 0
