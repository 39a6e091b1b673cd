"""Provides exports of products, customers, sales and the journal as CSV or JSON, streamed.

The products export is the termpos import format: importing it into an empty store gives
the same catalogue.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any, TextIO

from termpos.core.errors import UsageError
from termpos.core.exporting import Cell, csv_cell, json_object, money, quantity
from termpos.services.runtime import Runtime

KINDS = ("products", "customers", "sales", "journal")
PRODUCT_HEADER = ["code", "barcode", "name", "price", "cost", "tax_class", "category",
                  "supplier", "on_hand", "reorder_level", "unit", "weighed", "active"]
CUSTOMER_HEADER = ["code", "name", "phone", "email", "birthday", "notes", "consent",
                   "created_at"]
SALE_HEADER = ["number", "created_at", "till", "kind", "user", "customer", "line", "code",
               "name", "qty", "unit_price", "discount", "amount", "tax_class", "tax_rate",
               "tax"]
JOURNAL_HEADER = ["seq", "created_at", "till", "kind", "actor", "payload", "prev_hash", "hash"]


def _stamp(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    return str(value)[:19] if value is not None else ""


def _bool(value: Any) -> bool:
    return bool(value) and value not in ("0", "f", "false")


def _window(column: str, since: dt.date | None, until: dt.date | None,
            param: str) -> tuple[str, list[Any]]:
    """A WHERE clause for a date window (both days included)."""
    parts, args = [], []
    if since is not None:
        parts.append(f'{column} >= {param}')
        args.append(dt.datetime.combine(since, dt.time()))
    if until is not None:
        parts.append(f'{column} < {param}')
        args.append(dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
    return (" WHERE " + " AND ".join(parts)) if parts else "", args


def _query(rt: Runtime, sql: str, args: list[Any]) -> Iterator[tuple[Any, ...]]:
    from peewee import SqliteDatabase

    if isinstance(rt.db, SqliteDatabase):
        args = [a.isoformat(sep=" ") if isinstance(a, dt.datetime) else a for a in args]
    cursor = rt.db.execute_sql(sql, args)
    while True:
        rows = cursor.fetchmany(1000)
        if not rows:
            return
        yield from (tuple(r) for r in rows)


def product_rows(rt: Runtime) -> Iterator[list[Cell]]:
    """Every product with its category, supplier and stock on hand."""
    exp = rt.settings.currency_exponent
    sql = ('SELECT p."code", p."barcode", p."name", p."price", p."cost", p."tax_class", '
           'c."name", s."name", m."qty", p."reorder_level", p."unit", p."weighed", p."active" '
           'FROM "product" p LEFT JOIN "category" c ON c."id" = p."category_id" '
           'LEFT JOIN "supplier" s ON s."id" = p."supplier_id" '
           'LEFT JOIN (SELECT "product_id", SUM("qty_milli") AS "qty" FROM "stock_move" '
           'GROUP BY "product_id") m ON m."product_id" = p."id" ORDER BY p."id"')
    for r in _query(rt, sql, []):
        yield [r[0], r[1], r[2], money(int(r[3]), exp), money(int(r[4]), exp), r[5], r[6],
               r[7], quantity(int(r[8] or 0)),
               quantity(int(r[9])) if r[9] is not None else None, r[10], _bool(r[11]),
               _bool(r[12])]


def customer_rows(rt: Runtime, since: dt.date | None = None,
                  until: dt.date | None = None) -> Iterator[list[Cell]]:
    """Customers created in the window (a forgotten one keeps only what the store holds)."""
    where, args = _window('"created_at"', since, until, rt.db.param)
    sql = ('SELECT "code", "name", "phone", "email", "birthday", "notes", "consent", '
           f'"created_at" FROM "customer"{where} ORDER BY "id"')
    for r in _query(rt, sql, args):
        yield [r[0], r[1], r[2], r[3], str(r[4])[:10] if r[4] else None, r[5], _bool(r[6]),
               _stamp(r[7])]


def sale_rows(rt: Runtime, since: dt.date | None, until: dt.date | None) -> Iterator[list[Cell]]:
    """One row per sale line, with its sale's number, time, till, cashier and customer."""
    exp = rt.settings.currency_exponent
    where, args = _window('s."created_at"', since, until, rt.db.param)
    sql = ('SELECT s."number", s."created_at", s."till", s."kind", u."name", c."code", '
           'l."seq", l."code", l."name", l."qty_milli", l."unit_price", l."discount", '
           'l."amount", l."tax_class", l."tax_rate_ppm", l."tax" FROM "sale_line" l '
           'JOIN "sale" s ON s."id" = l."sale_id" JOIN "user" u ON u."id" = s."user_id" '
           f'LEFT JOIN "customer" c ON c."id" = s."customer_id"{where} '
           'ORDER BY s."id", l."seq"')
    for r in _query(rt, sql, args):
        rate = int(r[14])
        yield [r[0], _stamp(r[1]), r[2], r[3], r[4], r[5], int(r[6]), r[7], r[8],
               quantity(int(r[9])), money(int(r[10]), exp), money(int(r[11]), exp),
               money(int(r[12]), exp), r[13], quantity(rate // 10), money(int(r[15]), exp)]


def journal_rows(rt: Runtime, since: dt.date | None,
                 until: dt.date | None) -> Iterator[list[Cell]]:
    """The journal entries in order (payload as its stored JSON text)."""
    where, args = _window('"created_at"', since, until, rt.db.param)
    sql = ('SELECT "id", "created_at", "till", "kind", "actor", "payload", "prev_hash", "hash" '
           f'FROM "journal"{where} ORDER BY "id"')
    for r in _query(rt, sql, args):
        yield [int(r[0]), _stamp(r[1]), r[2], r[3], r[4], r[5], r[6], r[7]]


def export(rt: Runtime, kind: str, out: TextIO, fmt: str = "csv",
           since: dt.date | None = None, until: dt.date | None = None) -> int:
    """Writes one export to out; returns the number of rows written."""
    if fmt not in ("csv", "json"):
        raise UsageError("--format {fmt!r}: use csv or json", fmt=fmt)
    if kind == "products":
        header, rows = PRODUCT_HEADER, product_rows(rt)
    elif kind == "customers":
        header, rows = CUSTOMER_HEADER, customer_rows(rt, since, until)
    elif kind == "sales":
        header, rows = SALE_HEADER, sale_rows(rt, since, until)
    elif kind == "journal":
        header, rows = JOURNAL_HEADER, journal_rows(rt, since, until)
    else:
        raise UsageError("export {kind!r}: use {kinds}", kind=kind, kinds=', '.join(KINDS))
    count = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
            count += 1
        return count
    out.write("[")
    for row in rows:
        out.write(("," if count else "") + "\n" + json_object(header, row))
        count += 1
    out.write("\n]\n")
    return count
