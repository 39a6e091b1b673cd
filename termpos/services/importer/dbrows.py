"""Provides batched database access for imports: look-ups by key, executemany writes,
and name -> id caches for categories and suppliers (created as needed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from peewee import Database, SqliteDatabase

from termpos.models import Category, Supplier
from termpos.services import stock

CHUNK = 2000  # bound parameters per IN (...) query
PRODUCT_COLUMNS = ("id", "code", "barcode", "name", "price", "cost", "tax_class",
                   "category_id", "supplier_id", "unit", "weighed", "reorder_level", "active")


def db_time(db: Database, when: dt.datetime) -> Any:
    """A timestamp as the driver stores it (SQLite keeps Peewee's text form)."""
    return when.isoformat(sep=" ") if isinstance(db, SqliteDatabase) else when


def select_in(db: Database, table: str, columns: Sequence[str], key: str,
              values: Iterable[Any]) -> list[tuple[Any, ...]]:
    """Rows of a table whose key is in values, asked in chunks."""
    keys = list(dict.fromkeys(values))
    out: list[tuple[Any, ...]] = []
    cols = ", ".join(f'"{c}"' for c in columns)
    for i in range(0, len(keys), CHUNK):
        part = keys[i:i + CHUNK]
        marks = ", ".join([db.param] * len(part))
        cursor = db.execute_sql(
            f'SELECT {cols} FROM "{table}" WHERE "{key}" IN ({marks})', part)
        out.extend(tuple(r) for r in cursor.fetchall())
    return out


def executemany(db: Database, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """Runs one statement for many rows (`?` placeholders become the driver's)."""
    if not rows:
        return
    cursor = db.cursor()
    if db.param != "?":
        # psycopg2's executemany makes one round trip per row: inserts go as multi-row
        # VALUES lists, updates as pages of statements.
        from psycopg2.extras import (  # type: ignore[import-untyped]
            execute_batch,
            execute_values,
        )

        head, sep, _values = sql.partition(" VALUES (")
        if sep and head.lstrip().upper().startswith("INSERT"):
            execute_values(cursor, head + " VALUES %s", rows, page_size=1000)
        else:
            execute_batch(cursor, sql.replace("?", db.param), rows, page_size=500)
        return
    cursor.executemany(sql, rows)


# The per-row triggers a bulk import replaces by one statement per batch (SQLite only).
BULK_TRIGGERS = ("product_search_insert", "stock_level_move")
# The product indexes a big import into a small catalogue builds at the end instead (SQLite).
BULK_INDEXES = ("product_category_id", "product_supplier_id", "product_active")
BULK_INDEX_ROWS = 50_000  # files of at least this many rows (and more than the catalogue)
# termpos_search_name(name) written in SQL for names of printable ASCII (nothing to space
# out), so most rows do not call into Python; the same text either way. GLOB stops at a NUL
# character, so a name holding one goes to Python too.
SEARCH_BODY = ("(CASE WHEN \"name\" GLOB '*[^ -~]*' OR instr(CAST(\"name\" AS BLOB), x'00') "
               "THEN termpos_search_name(\"name\") ELSE \"name\" END)")


def _value(qty: str, cost: str) -> str:
    """SQL for the stock value of qty (milli-units) at cost, rounded half away from zero."""
    v = f"({qty}) * ({cost})"
    return f"(CASE WHEN {v} >= 0 THEN ({v} + 500) / 1000 ELSE -((-({v}) + 500) / 1000) END)"


def suspend_triggers(db: Database) -> list[str]:
    """Drops the BULK_TRIGGERS for the rest of this transaction; returns their SQL.

    Under BEGIN IMMEDIATE nobody else writes meanwhile, readers keep their snapshot, and a
    rollback brings the triggers back with everything else. restore_suspended puts them
    back, as they were, before the commit.
    """
    return _drop(db, "trigger", BULK_TRIGGERS)


def suspend_indexes(db: Database) -> list[str]:
    """Drops BULK_INDEXES for the rest of this transaction (as suspend_triggers); returns
    their SQL. Built once at the end from sorted keys, they cost a big import into a small
    catalogue a third of what keeping them up to date row by row does."""
    return _drop(db, "index", BULK_INDEXES)


def _drop(db: Database, kind: str, names: Sequence[str]) -> list[str]:
    if not isinstance(db, SqliteDatabase):
        return []
    marks = ", ".join("?" * len(names))
    found = db.execute_sql(f"SELECT name, sql FROM sqlite_master WHERE type = '{kind}' "
                           f"AND name IN ({marks}) AND sql IS NOT NULL", names).fetchall()
    for name, _sql in found:
        db.execute_sql(f'DROP {kind.upper()} "{name}"')
    return [sql for _name, sql in found]


def restore_suspended(db: Database, sqls: Sequence[str]) -> None:
    """Re-creates the triggers and indexes dropped by suspend_triggers and suspend_indexes."""
    for sql in sqls:
        db.execute_sql(sql)


def insert_rows(db: Database, table: str, columns: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> None:
    """Inserts many rows into a table."""
    if not rows:
        return
    cols = ", ".join(f'"{c}"' for c in columns)
    executemany(db, f'INSERT INTO "{table}" ({cols}) VALUES '
                f'({", ".join("?" * len(columns))})', rows)


def index_new_products(db: Database, first_id: int, end_id: int | None = None) -> None:
    """Writes the search entries of the products numbered from first_id (up to end_id, not
    included), as the product_search_insert trigger would (SQLite, triggers suspended).

    Few statements for a whole import: FTS5 writes its pending terms out at the end of
    every statement, so one per batch made ten times the segments to merge.
    """
    db.execute_sql(
        f'INSERT INTO "product_search" ("rowid", "body") SELECT "id", {SEARCH_BODY} '
        'FROM "product" WHERE "id" >= ? AND "id" < ? AND "active"',
        (first_id, end_id if end_id is not None else 1 << 62))


def insert_stock_moves(db: Database, moves: Sequence[tuple[int, int]], note: str,
                       when: dt.datetime, bulk: bool = False, new: bool = False) -> None:
    """The batch form of stock.record_move for kind "import": one executemany per batch.

    ``bulk`` (SQLite, triggers suspended): the moves go through a temporary table into the
    ledger, and stock_level is brought up to date for the whole batch at once, as the
    stock_level_move trigger does row by row. ``new``: the moves are the opening stock of
    new products (one each, no stock level yet): their levels are inserted, not upserted.
    """
    if "import" not in stock.KINDS:
        raise ValueError("the stock ledger has no \"import\" movements")
    if not moves:
        return
    stamp = db_time(db, when)
    if not bulk:
        executemany(db, 'INSERT INTO "stock_move" ("product_id", "qty_milli", "kind", '
                    '"document", "reason", "note", "user_id", "created_at") '
                    'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                    [(pid, qty, "import", "", "import", note[:200], None, stamp)
                     for pid, qty in moves])
        return
    db.execute_sql('CREATE TEMP TABLE IF NOT EXISTS "import_moves" '
                   '("product_id" INTEGER NOT NULL, "qty_milli" INTEGER NOT NULL)')
    executemany(db, 'INSERT INTO temp."import_moves" VALUES (?, ?)', moves)
    db.execute_sql(
        'INSERT INTO "stock_move" ("product_id", "qty_milli", "kind", "document", "reason", '
        '"note", "user_id", "created_at") SELECT "product_id", "qty_milli", \'import\', \'\', '
        '\'import\', ?, NULL, ? FROM temp."import_moves" ORDER BY "rowid"', (note[:200], stamp))
    if new:
        # the value as the trigger computes it (in SQL: a product beyond 64 bits turns REAL)
        db.execute_sql(
            'INSERT INTO "stock_level" ("product_id", "qty_milli", "value", "last_sold") '
            f'SELECT m."product_id", m."qty_milli", {_value("m.qty_milli", "p.cost")}, NULL '
            'FROM temp."import_moves" AS m JOIN "product" AS p ON p."id" = m."product_id"')
    else:
        cost = '(SELECT "cost" FROM "product" WHERE "id" = excluded."product_id")'
        db.execute_sql(
            'INSERT INTO "stock_level" ("product_id", "qty_milli", "value", "last_sold") '
            f'SELECT m."product_id", m."qty", {_value("m.qty", "p.cost")}, NULL FROM '
            '(SELECT "product_id", SUM("qty_milli") AS "qty" FROM temp."import_moves" '
            'GROUP BY "product_id") AS m JOIN "product" AS p ON p."id" = m."product_id" '
            'WHERE 1 ON CONFLICT ("product_id") DO UPDATE SET '
            '"qty_milli" = "stock_level"."qty_milli" + excluded."qty_milli", "value" = '
            f'{_value("stock_level.qty_milli + excluded.qty_milli", cost)}')
    db.execute_sql('DELETE FROM temp."import_moves"')


def on_hand_many(db: Database, ids: Sequence[int]) -> dict[int, int]:
    """Stock on hand (sum of moves) for many products, asked in chunks."""
    out = dict.fromkeys(ids, 0)
    for i in range(0, len(ids), CHUNK):
        part = list(ids[i:i + CHUNK])
        marks = ", ".join([db.param] * len(part))
        cursor = db.execute_sql(
            'SELECT "product_id", SUM("qty_milli") FROM "stock_move" '
            f'WHERE "product_id" IN ({marks}) GROUP BY "product_id"', part)
        for pid, qty in cursor.fetchall():
            out[int(pid)] = int(qty or 0)
    return out


class NameIds:
    """Category or supplier ids by name, created the first time a name is seen."""

    def __init__(self, model: type[Category] | type[Supplier], when: dt.datetime) -> None:
        self.model, self.when = model, when
        self.ids: dict[str, int] = {}
        self.created = 0
        query: Any = model.select(model.id, model.name).tuples()
        rows: list[tuple[Any, Any]] = list(query)
        for pid, name in rows:
            self.ids[str(name).casefold()] = int(pid)

    def id_for(self, name: str | None) -> int | None:
        """The id of the named row, creating it when missing (None for no name)."""
        if name is None:
            return None
        key = name.casefold()
        found = self.ids.get(key)
        if found is None:
            extra: dict[str, Any] = {"created_at": self.when} if self.model is Supplier else {}
            found = int(self.model.insert(name=name, **extra).execute())
            self.ids[key] = found
            self.created += 1
        return found
