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


def insert_rows(db: Database, table: str, columns: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> None:
    """Inserts many rows into a table; on SQLite as one statement through a temporary table.

    executemany runs one statement per row, and after every statement the product search
    index (FTS5, filled by a trigger) writes its pending terms to disk: one INSERT ... SELECT
    lets it index the whole batch in one pass (several times faster for products).
    """
    if not rows:
        return
    cols = ", ".join(f'"{c}"' for c in columns)
    if db.param != "?":
        executemany(db, f'INSERT INTO "{table}" ({cols}) VALUES '
                    f'({", ".join("?" * len(columns))})', rows)
        return
    stage = f"import_stage_{table}"
    db.execute_sql(f'CREATE TEMP TABLE IF NOT EXISTS "{stage}" AS '
                   f'SELECT {cols} FROM main."{table}" WHERE 0')
    cursor = db.cursor()
    cursor.executemany(f'INSERT INTO temp."{stage}" ({cols}) VALUES '
                       f'({", ".join("?" * len(columns))})', rows)
    try:
        db.execute_sql(f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM temp."{stage}"')
    finally:
        db.execute_sql(f'DELETE FROM temp."{stage}"')


def insert_stock_moves(db: Database, moves: Sequence[tuple[int, int]], note: str,
                       when: dt.datetime) -> None:
    """The batch form of stock.record_move for kind "import": one executemany per batch."""
    if "import" not in stock.KINDS:
        raise ValueError("the stock ledger has no \"import\" movements")
    stamp = db_time(db, when)
    executemany(db, 'INSERT INTO "stock_move" ("product_id", "qty_milli", "kind", "document", '
                '"reason", "note", "user_id", "created_at") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                [(pid, qty, "import", "", "import", note[:200], None, stamp)
                 for pid, qty in moves])


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
