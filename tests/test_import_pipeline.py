"""Big imports: a second process reads the file, per-batch statements replace the per-row
triggers. Both must give exactly what the plain path gives, and fail as cleanly."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import pytest

from termpos.core.importing import products as product_rows
from termpos.models import Journal, Product, StockMove
from termpos.services import search
from termpos.services.importer import pipeline
from termpos.services.runtime import Runtime

from .importhelp import catalogue, run, write_csv
from .searchhelp import expected_entries, search_entries


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
    indexed = search_entries(rt)
    active = Product.select().where(Product.active).count()
    assert levels == sums and values == 0 and len({e[0] for e in indexed}) == active
    assert indexed == expected_entries(rt)
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


def test_the_readers_own_notes_come_back_from_the_worker(
        sqlite_rt: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "WORKER_BYTES", 0)
    path = write_csv(tmp_path, "name,price,tax\nTea,1.00,A\nCake,2.00,\nBun,0.50,\n")
    result = run(sqlite_rt, path, batch_size=2)
    assert result.created == 3
    assert "3 rows without code or barcode got a code made from the name" in result.notes
    assert any(n.startswith("2 rows name no tax class") for n in result.notes), result.notes


def test_rejected_rows_do_not_pile_up_in_one_chunk(sqlite_rt: Runtime, tmp_path: Path) -> None:
    """A file of mostly bad rows still travels in chunks of batch_size rows, and without
    their cells when no rejects file wants them (memory stays flat)."""
    from termpos.core.importing.mapping import build_mapping
    from termpos.core.importing.products import ProductReader
    from termpos.services.importer.reading import open_table

    lines = ["code,name,price"] + [f"C{i},Item {i},{'x' if i % 10 else '1.00'}"
                                   for i in range(1, 96)]
    path = write_csv(tmp_path, "\n".join(lines) + "\n")
    with open_table(path) as table:
        mapping = build_mapping(table.header, None, (), None, "products")
        reader = ProductReader(mapping, len(table.header))
        parts = list(pipeline.chunks(table, reader, 10, keep_cells=False))
    assert max(len(c.records) + len(c.rejected) for c in parts) == 10
    assert sum(len(c.rejected) for c in parts) == 86 and sum(c.rows for c in parts) == 95
    assert all(cells is None for c in parts for cells, _ in c.rejected)


def test_a_writer_that_fails_stops_the_reading_process_at_once(
        sqlite_rt: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from termpos.services.importer.products import ProductWriter

    monkeypatch.setattr(pipeline, "WORKER_BYTES", 0)
    real_flush = ProductWriter.flush
    calls = []

    def failing(self: ProductWriter, batch: list) -> list:  # type: ignore[type-arg]
        calls.append(len(batch))
        if len(calls) == 2:
            raise RuntimeError("writer failed")
        return real_flush(self, batch)

    monkeypatch.setattr(ProductWriter, "flush", failing)
    monkeypatch.setattr("termpos.services.importer.products.BULK_INDEX_ROWS", 0)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="writer failed"):
        run(sqlite_rt, shop_file(tmp_path, n=3000), batch_size=10)
    assert multiprocessing.active_children() == []  # the reader was stopped and reaped
    assert time.monotonic() - started < 4  # not left to time out while the lock is held
    assert Product.select().count() == 0
    names = {r[0] for r in sqlite_rt.db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')").fetchall()}
    assert {"product_search_insert", "stock_level_move", "product_category_id",
            "product_supplier_id", "product_active"} <= names  # the rollback put them back


# Updates and creates in one batch, negative and fractional stock, cost changes, products
# switched inactive and back (written for the review of the per-batch statements).
UPDATES = [
    "code,barcode,name,price,cost,on_hand,active\nA1,4006381333931,Apple,1.00,0.33,5.5,yes\n"
    "B1,,Bean,2.00,0.77,-3.25,no\nC1,,Corn,1.00,0.5,,yes\nG1,,珍珠奶茶 Crème,1.00,0.5,1,yes\n"
    "H1,,Huge,1.00,1000000000.00,90000000,yes\n",  # at the limits: its stock value passes 64 bits
    "code,barcode,name,price,cost,on_hand,active\nA1,4006381333931,Apple2,1.00,0.99,-7.125,no\n"
    "B1,,Bean,2.00,0.11,-1.5,yes\nD1,,Date,3.00,0.13,-2.333,yes\nE1,,Egg,3.00,0.3,2,no\n",
    "code,barcode,name,price,cost,on_hand,active\nA1,4006381333931,Apple2,1.00,0.5,0,yes\n"
    "B1,,Bean,2.00,0.11,4,yes\nD1,,Date,3.00,0.2,-2.333,no\nF1,,Fig,3.00,0.3,1,yes\n",
]


def kept_state(rt: Runtime) -> tuple[object, ...]:
    """stock_level, the ledger, the search index and the triggers, as stored."""
    assert search_entries(rt) == expected_entries(rt)
    return (search_entries(rt),) + tuple(rt.db.execute_sql(sql).fetchall() for sql in (
        'SELECT "id", "product_id", "qty_milli", "kind", "document", "reason", "user_id" '
        'FROM "stock_move" ORDER BY 1',
        'SELECT "product_id", "qty_milli", "value", "last_sold" FROM "stock_level" ORDER BY 1',
        "SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY 1"))


@pytest.mark.parametrize("mode", ["add", "set"])
def test_batch_statements_store_what_the_triggers_would(
        sqlite_rt: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    from termpos.services.importer import dbrows
    from termpos.services.runtime import open_runtime

    dropped: list[list[str]] = []

    def suspend_indexes(db: object) -> list[str]:
        dropped.append(dbrows.suspend_indexes(db))  # type: ignore[arg-type]
        return dropped[-1]

    # every file counts as big: the category, supplier and active indexes are built at the end
    monkeypatch.setattr("termpos.services.importer.products.BULK_INDEX_ROWS", 0)
    monkeypatch.setattr("termpos.services.importer.products.suspend_indexes", suspend_indexes)
    for i, text in enumerate(UPDATES):
        result = run(sqlite_rt, write_csv(tmp_path, text, f"f{i}.csv"), stock=mode, batch_size=2)
        assert result.committed, result.problems
    assert len(dropped) >= 1 and all(len(d) == 3 for d in dropped)
    with_batches = kept_state(sqlite_rt)
    plain = open_runtime(sqlite_rt.settings, str(tmp_path / "plain.db"), clock=sqlite_rt.clock,
                         create=True)
    monkeypatch.setattr("termpos.services.importer.products.suspend_triggers",
                        lambda db: [])  # the triggers stay and do the work row by row
    for i, text in enumerate(UPDATES):
        result = run(plain, write_csv(tmp_path, text, f"g{i}.csv"), stock=mode, batch_size=2)
        assert result.committed, result.problems
    assert kept_state(plain) == with_batches
    plain.db.close()


@pytest.mark.parametrize("commit", [True, False])
def test_products_indexed_while_the_reader_is_busy(
        sqlite_rt: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        commit: bool) -> None:
    """While no chunk is ready the writer indexes new products for search: the index ends
    as the triggers would leave it, and a dry run leaves no entry behind."""
    from termpos.services.importer import products as product_import

    monkeypatch.setattr(pipeline, "WORKER_BYTES", 0)
    monkeypatch.setattr(product_import, "IDLE_INDEX_ROWS", 10)
    real_read = product_rows.ProductReader.read

    def slow(self: object, line: int, cells: list[str]) -> object:
        if line % 40 == 0:
            time.sleep(0.05)  # the reading process only: the writer waits for it
        return real_read(self, line, cells)  # type: ignore[arg-type]

    ranges: list[tuple[int, int | None]] = []
    real_index = product_import.index_new_products

    def index(db: object, first: int, end: int | None = None) -> None:
        ranges.append((first, end))
        real_index(db, first, end)  # type: ignore[arg-type]

    monkeypatch.setattr(product_rows.ProductReader, "read", slow)
    monkeypatch.setattr(product_import, "index_new_products", index)
    result = run(sqlite_rt, shop_file(tmp_path, n=400), batch_size=20, skip_invalid=True,
                 dry_run=not commit)
    assert result.created == 396
    assert len(ranges) >= 3 and ranges[-1][1] is None  # some while reading, the rest at the end
    assert [r[0] for r in ranges[1:]] == [r[1] for r in ranges[:-1]]  # no gap, no overlap
    assert all(10 <= end - first <= 20 for first, end in ranges[:-1] if end is not None)
    if commit:
        snapshot(sqlite_rt)  # the search index holds exactly the active names
        assert [h.code for h in search.search_products(sqlite_rt, "Item 399")] == ["C0399"]
    else:
        assert Product.select().count() == 0 and search_entries(sqlite_rt) == []
