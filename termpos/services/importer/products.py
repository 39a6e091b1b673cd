"""Provides import_products(): a catalogue file into the product table, in batches.

Existing products are matched by barcode, then by code (SKU), and updated; new ones are
created; stock on hand goes to the ledger as "import" movements (--stock set|add|keep).
"""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from termpos.core.importing.mapping import Mapping
from termpos.core.importing.products import ProductReader, ProductRow
from termpos.core.importing.rows import Problem
from termpos.models import Category, Supplier
from termpos.services.importer.dbrows import (
    BULK_INDEX_ROWS,
    PRODUCT_COLUMNS,
    NameIds,
    db_time,
    executemany,
    index_new_products,
    insert_rows,
    insert_stock_moves,
    on_hand_many,
    restore_suspended,
    select_in,
    suspend_indexes,
    suspend_triggers,
)
from termpos.services.importer.productchecks import (
    batch_duplicates,
    check_product_mapping,
    missing_problem,
)
from termpos.services.importer.reading import Table
from termpos.services.importer.run import (
    ImportOptions,
    ImportResult,
    Progress,
    Reader,
    Writer,
    run_import,
)
from termpos.services.runtime import Runtime

STOCK_MODES = ("set", "add", "keep")
IDLE_INDEX_ROWS = 50_000  # new products indexed for search at a time while reading waits
_INSERT_COLUMNS = ("id", "code", "barcode", "name", "category_id", "tax_class", "price", "cost",
                   "unit", "weighed", "reorder_level", "supplier_id", "active", "created_at",
                   "updated_at")
_UPDATE = ('UPDATE "product" SET "code" = ?, "barcode" = ?, "name" = ?, "price" = ?, '
           '"cost" = ?, "tax_class" = ?, "category_id" = ?, "supplier_id" = ?, "unit" = ?, '
           '"weighed" = ?, "reorder_level" = ?, "active" = ?, "updated_at" = ? WHERE "id" = ?')
# The same without the columns the search index is built from, so that its trigger does not
# re-index a product whose code, barcode, name and active flag stay as they were.
_UPDATE_OTHERS = ('UPDATE "product" SET "price" = ?, "cost" = ?, "tax_class" = ?, '
                  '"category_id" = ?, "supplier_id" = ?, "unit" = ?, "weighed" = ?, '
                  '"reorder_level" = ?, "updated_at" = ? WHERE "id" = ?')


class ProductWriter:
    """Matches, creates and updates products batch by batch; remembers what it touched."""

    def __init__(self, rt: Runtime, opts: ImportOptions, mapping: Mapping,
                 result: ImportResult, path: str, expected_rows: int = 0) -> None:
        self.db, self.opts, self.mapping = rt.db, opts, mapping
        now = rt.clock.now()
        self.now, self.stamp = now, db_time(rt.db, now)
        self.default_tax = rt.settings.tax_classes[0].code if rt.settings.tax_classes else "A"
        self.categories = NameIds(Category, now)
        self.suppliers = NameIds(Supplier, now)
        self.first_line = array("I")  # product id -> line that touched it (0: untouched)
        # SQLite under BEGIN IMMEDIATE: this import is the only writer, so it numbers its
        # new products itself and needs no look-up after the insert (PostgreSQL: sequence).
        self.next_id: int | None = None
        if isinstance(rt.db, SqliteDatabase):
            self.next_id = int(rt.db.execute_sql(
                'SELECT COALESCE(MAX("id"), 0) FROM "product"').fetchone()[0]) + 1
        # SQLite: flags bound as 0 and 1, which sqlite3 binds directly; for a bool it looks
        # for an adapter first (half the time of a one-column insert). PostgreSQL: bools.
        self.flags: tuple[Any, Any] = (0, 1) if self.next_id is not None else (False, True)
        self.result = result
        self.note = f"import {Path(path).name}"[:200]
        # SQLite: per-batch statements instead of the per-row triggers, and for a file
        # bigger than the catalogue some indexes built at the end (all back before commit)
        self.suspended = suspend_triggers(rt.db) if self.next_id is not None else []
        self.bulk = bool(self.suspended)
        self.unindexed = self.next_id  # new products from here on: indexed for search at the end
        if self.bulk and expected_rows >= max(BULK_INDEX_ROWS, self.next_id or 0):
            self.suspended += suspend_indexes(rt.db)

    def _touch(self, pid: int, line: int) -> int:
        """Marks a product as touched by a line; returns the earlier line, or 0."""
        if pid >= len(self.first_line):
            self.first_line.extend([0] * (pid + 1 - len(self.first_line) + 1024))
        earlier = self.first_line[pid]
        if not earlier:
            self.first_line[pid] = line
        return int(earlier)

    def _touch_new(self, ids: list[int], rows: list[ProductRow]) -> None:
        """Marks new products as touched by their lines (their ids are new: none earlier)."""
        need = max(ids, default=0) + 1 - len(self.first_line)
        if need > 0:
            self.first_line.extend([0] * (need + 1024))
        if ids and ids[-1] - ids[0] + 1 == len(ids):  # numbered here: one stretch
            self.first_line[ids[0]:ids[-1] + 1] = array("I", [r.line for r in rows])
            return
        for pid, r in zip(ids, rows, strict=True):
            self.first_line[pid] = r.line

    def _header(self, name: str) -> str:
        return self.mapping.header_of(name) or name

    def flush(self, batch: list[tuple[Any, list[str] | None]]
              ) -> list[tuple[list[str] | None, list[Problem]]]:
        """Writes one batch; returns the rows rejected with their problems."""
        if not batch:
            return []
        rows: list[ProductRow] = [r for r, _ in batch]
        bad = batch_duplicates(rows, self._header)
        cols = PRODUCT_COLUMNS
        by_bc = {t[2]: t for t in select_in(self.db, "product", cols, "barcode",
                                             [r.barcode for r in rows if r.barcode])}
        by_code = {t[1]: t for t in select_in(self.db, "product", cols, "code",
                                               [r.code for r in rows])}
        creates: list[ProductRow] = []
        updates: list[tuple[ProductRow, tuple[Any, ...]]] = []
        for i, r in enumerate(rows):
            if i in bad:
                continue
            p_bc = by_bc.get(r.barcode) if r.barcode else None
            p_code = by_code.get(r.code)
            if p_bc is not None and p_code is not None and p_bc[0] != p_code[0] and r.code_given:
                bad[i] = Problem(r.line, self._header("code"),
                                 f"barcode {r.barcode} belongs to product {p_bc[1]} but code "
                                 f"{r.code} to another product ({p_code[2]})")
                continue
            target = p_bc or p_code
            if target is None:
                if r.name is None or r.price is None:
                    bad[i] = missing_problem(r, self._header)
                    continue
                creates.append(r)
                continue
            earlier = self._touch(int(target[0]), r.line)
            if earlier:
                bad[i] = Problem(r.line, self._header("barcode" if p_bc else "code"),
                                 f"duplicate: the same product as line {earlier}")
                continue
            updates.append((r, target))
        self._write_updates(updates)
        self._write_creates(creates)
        return [(batch[i][1], [p]) for i, p in sorted(bad.items())]

    def _write_updates(self, updates: list[tuple[ProductRow, tuple[Any, ...]]]) -> None:
        """Updates changed products and records stock per --stock."""
        params: list[tuple[Any, ...]] = []
        others: list[tuple[Any, ...]] = []
        moves: list[tuple[int, int]] = []
        current: dict[int, int] = {}
        no, yes = self.flags
        if self.opts.stock == "set":
            current = on_hand_many(self.db, [int(t[0]) for r, t in updates
                                             if r.on_hand is not None])
        for r, t in updates:
            pid = int(t[0])
            old = (t[1], t[2], t[3], int(t[4]), int(t[5]), t[6], t[7], t[8], t[9],
                   yes if t[10] else no, t[11], yes if t[12] else no)
            new = (
                r.code if r.code_given else t[1],
                r.barcode if r.barcode is not None else t[2],
                r.name if r.name is not None else t[3],
                r.price if r.price is not None else old[3],
                r.cost if r.cost is not None else old[4],
                r.tax_class or t[6],
                self.categories.id_for(r.category) if r.category is not None else t[7],
                self.suppliers.id_for(r.supplier) if r.supplier is not None else t[8],
                r.unit if r.unit is not None else t[9],
                (yes if r.weighed else no) if r.weighed is not None else old[9],
                r.reorder_level if r.reorder_level is not None else t[11],
                (yes if r.active else no) if r.active is not None else old[11],
            )
            qty = 0
            if r.on_hand is not None and self.opts.stock == "add":
                qty = r.on_hand
            elif r.on_hand is not None and self.opts.stock == "set":
                qty = r.on_hand - current.get(pid, 0)
            if qty:
                moves.append((pid, qty))
            if new != old:
                if new[:3] == old[:3] and new[11] == old[11]:
                    others.append((*new[3:11], self.stamp, pid))
                else:
                    params.append((*new, self.stamp, pid))
            if new != old or qty:
                self.result.updated += 1
            else:
                self.result.unchanged += 1
        executemany(self.db, _UPDATE, params)
        executemany(self.db, _UPDATE_OTHERS, others)
        insert_stock_moves(self.db, moves, self.note, self.now, self.bulk)
        self.result.stock_moves += len(moves)

    def _write_creates(self, creates: list[ProductRow]) -> None:
        """Inserts new products, then their opening stock."""
        if not creates:
            return
        if self.next_id is not None:
            first = self.next_id
            self.next_id += len(creates)
            new_ids: list[int | None] = list(range(first, first + len(creates)))
        else:
            new_ids = [None] * len(creates)
        # names in first-seen order: new categories and suppliers are numbered as in the file
        category = {n: self.categories.id_for(n)
                    for n in dict.fromkeys(r.category for r in creates)}
        supplier = {n: self.suppliers.id_for(n)
                    for n in dict.fromkeys(r.supplier for r in creates)}
        tax, stamp = self.default_tax, self.stamp
        no, yes = self.flags
        params = [(
            pid, r.code, r.barcode, r.name, category[r.category], r.tax_class or tax, r.price,
            r.cost or 0, r.unit or "ea", yes if r.weighed else no, r.reorder_level,
            supplier[r.supplier], no if r.active is False else yes, stamp, stamp,
        ) for pid, r in zip(new_ids, creates, strict=True)]
        if self.next_id is not None:
            insert_rows(self.db, "product", _INSERT_COLUMNS, params)
            ids = [int(pid) for pid in new_ids if pid is not None]
        else:
            insert_rows(self.db, "product", _INSERT_COLUMNS[1:], [p[1:] for p in params])
            by_code = {t[1]: int(t[0]) for t in select_in(self.db, "product", ("id", "code"),
                                                          "code", [r.code for r in creates])}
            ids = [by_code[r.code] for r in creates]
        self._touch_new(ids, creates)
        moves = [(pid, r.on_hand) for pid, r in zip(ids, creates, strict=True) if r.on_hand]
        insert_stock_moves(self.db, moves, self.note, self.now, self.bulk, new=True)
        self.result.stock_moves += len(moves)
        self.result.created += len(creates)

    def idle(self) -> bool:
        """Indexes new products for search while the reading process has no chunk ready
        (when writing is the faster half, that work is then off the import's time); at
        least IDLE_INDEX_ROWS at a time, so that FTS5 gets few segments to merge."""
        if not self.bulk or self.unindexed is None or self.next_id is None:
            return False
        end = min(self.next_id, self.unindexed + 2 * IDLE_INDEX_ROWS)
        if end - self.unindexed < IDLE_INDEX_ROWS:
            return False
        index_new_products(self.db, self.unindexed, end)
        self.unindexed = end
        return True

    def finish(self, result: ImportResult) -> None:
        """Puts the triggers back; adds the notes the summary shows (new names)."""
        if self.bulk and self.unindexed is not None:
            index_new_products(self.db, self.unindexed)
        restore_suspended(self.db, self.suspended)
        self.suspended, self.bulk = [], False
        done = "would be created" if self.opts.dry_run else "created"
        for n, one, many in ((self.categories.created, "category", "categories"),
                             (self.suppliers.created, "supplier", "suppliers")):
            if n:
                result.notes.append(f"{n} {one if n == 1 else many} {done}")


def import_products(rt: Runtime, path: Path | str, opts: ImportOptions,
                    progress: Progress | None = None) -> ImportResult:
    """Imports a product file; see ImportOptions. Returns what was (or would be) done."""
    if opts.stock not in STOCK_MODES:
        from termpos.core.errors import UsageError

        raise UsageError("--stock {stock!r}: use set, add or keep", stock=opts.stock)
    readers: list[ProductReader] = []

    def build(rt: Runtime, mapping: Mapping, table: Table,
              result: ImportResult) -> tuple[Reader, Writer]:
        check_product_mapping(mapping, table.header, str(path))
        reader = ProductReader(
            mapping, len(table.header), exponent=rt.settings.currency_exponent,
            decimal=opts.decimal,
            tax_classes=[(t.code, t.name, t.rate_ppm) for t in rt.settings.tax_classes])
        readers.append(reader)
        return reader, ProductWriter(rt, opts, mapping, result, str(path),
                                     table.estimated_rows)

    result = run_import(rt, path, opts, "products", build, progress)
    if readers:
        default = rt.settings.tax_classes[0] if rt.settings.tax_classes else None
        result.notes.extend(readers[0].notes(f"{default.code} ({default.name})" if default
                                             else "A"))
    return result
