"""What the SQLite product search index holds, read through fts5vocab (the index is
contentless: it cannot be scanned), and what it should hold."""

from __future__ import annotations

from termpos.core.search_text import spaced
from termpos.services.runtime import Runtime

Entry = tuple[int, str, int]  # product id, term, position


def _instances(rt: Runtime, schema: str, table: str) -> list[Entry]:
    rt.db.execute_sql(f'DROP TABLE IF EXISTS temp."{table}_terms"')
    rt.db.execute_sql(f'CREATE VIRTUAL TABLE temp."{table}_terms" '
                      f"USING fts5vocab({schema}, '{table}', 'instance')")
    rows = rt.db.execute_sql(f'SELECT "doc", "term", "offset" FROM temp."{table}_terms" '
                             'ORDER BY 1, 3, 2').fetchall()
    return [(int(d), str(t), int(o)) for d, t, o in rows]


def search_entries(rt: Runtime) -> list[Entry]:
    """Every (product id, term, position) in the product_search index."""
    return _instances(rt, "main", "product_search")


def expected_entries(rt: Runtime) -> list[Entry]:
    """The same, for a fresh index of the active products' spaced names."""
    rt.db.execute_sql('DROP TABLE IF EXISTS temp."expected_search"')
    rt.db.execute_sql('CREATE VIRTUAL TABLE temp."expected_search" USING fts5("body", '
                      "tokenize = 'unicode61 remove_diacritics 2')")
    rows = rt.db.execute_sql('SELECT "id", "name" FROM "product" WHERE "active"').fetchall()
    for pid, name in rows:
        rt.db.execute_sql('INSERT INTO temp."expected_search" ("rowid", "body") VALUES (?, ?)',
                          (pid, spaced(name)))
    return _instances(rt, "temp", "expected_search")


def indexed_ids(rt: Runtime) -> set[int]:
    return {doc for doc, _term, _pos in search_entries(rt)}
