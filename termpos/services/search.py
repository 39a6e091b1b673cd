"""Provides product look-up for the till: exact code/barcode first, then name search.

SQLite: codes and barcodes that start with a one-word query come next (a range of their
unique indexes), then names from the FTS5 index of migration 0012 (CJK characters indexed one
by one, so any Chinese substring matches). PostgreSQL uses ILIKE on names, answered by the
pg_trgm index when present (codes match exactly there).
Results are limited; the catalogue is never loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import PostgresqlDatabase

from termpos.core.search_text import fts_query, terms
from termpos.models import Product
from termpos.services.runtime import Runtime

DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class ProductHit:
    """A product as the till shows it in search results and adds it to a basket."""

    id: int
    code: str
    barcode: str | None
    name: str
    price: int
    unit: str
    weighed: bool
    tax_class: str


def _hit(p: Product) -> ProductHit:
    return ProductHit(p.id, p.code, p.barcode, p.name, p.price, p.unit, bool(p.weighed),
                      p.tax_class)


def find_by_code(rt: Runtime, code: str) -> ProductHit | None:
    """The active product whose barcode, else whose code, is exactly this; None if none."""
    code = code.strip()
    if not code:
        return None
    for field in (Product.barcode, Product.code):
        row = Product.get_or_none((field == code) & (Product.active == True))  # noqa: E712
        if row is not None:
            return _hit(row)
    return None


def search_products(rt: Runtime, query: str, limit: int = DEFAULT_LIMIT) -> list[ProductHit]:
    """Products matching a query: the exact code first, then names containing every term."""
    query = query.strip()
    if not query or limit <= 0:
        return []
    exact = find_by_code(rt, query)
    found = [exact] if exact is not None else []
    if isinstance(rt.db, PostgresqlDatabase):
        rows = _search_postgres(query, limit)
    else:
        names = _search_sqlite(rt, query, limit)
        codes = _code_prefix(query, limit)
        if names:  # codes first; the names keep at least half of the list
            codes = codes[:max(limit // 2, limit - len(names))]
        rows = codes + names
    seen = {h.id for h in found}
    for p in rows:
        if p.id not in seen:
            found.append(_hit(p))
            seen.add(p.id)
    return found[:limit]


def _code_prefix(query: str, limit: int) -> list[Product]:
    """Active products whose code or barcode starts with a one-word query (as typed, in
    capitals or in small letters), in code order: a range scan of each unique index (binary
    order, so `Ab12` is found by `Ab` only)."""
    if len(query) < 2 or any(ch.isspace() for ch in query):
        return []
    out: dict[int, Product] = {}
    for field in (Product.code, Product.barcode):
        for prefix in dict.fromkeys((query, query.upper(), query.lower())):
            if len(out) >= limit:  # the rest would be cut from the list anyway
                return list(out.values())
            # `active + 0`: not the active index, which the planner would otherwise pick
            # (and then sort every active product by code: 0.3 s at a million products)
            for p in Product.select().where(
                (field >= prefix) & (field < prefix + "\U0010ffff") & (Product.active + 0 == 1)
            ).order_by(field).limit(limit):
                out.setdefault(p.id, p)
    return list(out.values())


def _search_sqlite(rt: Runtime, query: str, limit: int) -> list[Product]:
    match = fts_query(query)
    if not match:
        return []
    # No ORDER BY rank: with one common character (茶) ranking would read every match.
    ids = [r[0] for r in rt.db.execute_sql(
        'SELECT "rowid" FROM "product_search" WHERE "product_search" MATCH ? LIMIT ?',
        (match, limit),
    ).fetchall()]
    if not ids:
        return []
    rows = list(Product.select().where(Product.id.in_(ids) & (Product.active == True)))  # noqa: E712
    return sorted(rows, key=lambda p: (len(p.name), p.name))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_postgres(query: str, limit: int) -> list[Product]:
    cond = None
    for _kind, text in terms(query):
        pattern = _escape_like(text)
        # Names only, so the pg_trgm index can answer; codes match exactly in find_by_code.
        term = Product.name.ilike(f"%{pattern}%")
        cond = term if cond is None else cond & term
    if cond is None:
        return []
    rows = list(
        Product.select().where(cond & (Product.active == True)).limit(limit)  # noqa: E712
    )
    return sorted(rows, key=lambda p: (len(p.name), p.name))
