"""Provides what every report query shares: a read-only snapshot, dialect SQL, filters.

Each report runs in ONE short read transaction (a consistent snapshot that is released at
once, so SQLite can keep checkpointing its write-ahead log while the till sells). On SQLite
the connection is opened read-only (mode=ro) and set to query_only; on PostgreSQL the
transaction is READ ONLY. Nothing on the report path writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from peewee import Database, PostgresqlDatabase

from termpos.core.periods import Period
from termpos.services.runtime import Runtime


@dataclass(frozen=True)
class Filters:
    """What every report is asked for: a period, optionally one till, and a row limit."""

    period: Period
    till: str | None = None
    limit: int | None = None


class Sql:
    """Runs plain SQL written with ``?`` placeholders on SQLite and on PostgreSQL."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.pg = isinstance(db, PostgresqlDatabase)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """All rows of a query, with SQLite datetimes passed as text."""
        if self.pg:
            sql = sql.replace("?", "%s")
        values = [self._param(p) for p in params]
        return [tuple(r) for r in self.db.execute_sql(sql, values).fetchall()]

    def cursor(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        """The rows of a query one by one, for results too long to hold as tuples."""
        if self.pg:
            sql = sql.replace("?", "%s")
        return iter(self.db.execute_sql(sql, [self._param(p) for p in params]))

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...]:
        """The single row of an aggregate query."""
        found = self.rows(sql, params)
        return found[0] if found else ()

    def _param(self, value: Any) -> Any:
        if isinstance(value, dt.datetime) and not self.pg:
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return value

    def day(self, col: str) -> str:
        """The local date of a timestamp column as YYYY-MM-DD text."""
        return f"to_char({col}, 'YYYY-MM-DD')" if self.pg else f"substr({col}, 1, 10)"

    def hour(self, col: str) -> str:
        """The hour 0-23 of a timestamp column."""
        if self.pg:
            return f"CAST(EXTRACT(HOUR FROM {col}) AS INTEGER)"
        return f"CAST(substr({col}, 12, 2) AS INTEGER)"

    def weekday(self, col: str) -> str:
        """The weekday of a timestamp column, Monday = 0."""
        if self.pg:
            return f"(CAST(EXTRACT(ISODOW FROM {col}) AS INTEGER) - 1)"
        return f"((CAST(strftime('%w', {col}) AS INTEGER) + 6) % 7)"

    def cost_value(self, qty: str, cost: str) -> str:
        """qty_milli x unit cost / 1000 rounded half away from zero, as SQL on integers."""
        x = f"({qty}) * ({cost})"
        return f"(CASE WHEN {x} >= 0 THEN ({x} + 500) / 1000 ELSE -((-({x}) + 500) / 1000) END)"


def period_where(f: Filters, alias: str = "s") -> tuple[str, list[Any]]:
    """The WHERE fragment for sales in the period (and till) with its parameters."""
    sql = f"{alias}.created_at >= ? AND {alias}.created_at < ?"
    params: list[Any] = [f.period.start, f.period.end]
    if f.till:
        sql += f" AND {alias}.till = ?"
        params.append(f.till)
    return sql, params


RANGE_SHARE = 8  # the id-range path pays off when the period holds over 1/8 of all documents


def sale_id_range(q: Sql, f: Filters, short_too: bool = False) -> tuple[int, int] | None:
    """The ids of the period's documents when they fill one unbroken range, else None.

    Ids grow with time, so this is the usual case; then sale lines can be read by a range
    of sale_id from a covering index in product order, without joining every line to its
    sale. The check (as many documents in the period as ids in the range) makes the
    shortcut exact. A full read covers the whole history, so a short period is joined
    instead, unless ``short_too`` (queries that seek a few products' lines by index).
    """
    where, params = period_where(f)
    lo, hi, n = q.one(f"SELECT MIN(s.id), MAX(s.id), COUNT(*) FROM sale s WHERE {where}", params)
    if not n or int(hi) - int(lo) + 1 != int(n):
        return None
    if short_too:
        return int(lo), int(hi)
    first, last = q.one("SELECT MIN(id), MAX(id) FROM sale")
    if int(n) * RANGE_SHARE < int(last) - int(first) + 1:
        return None
    return int(lo), int(hi)


def num(value: Any) -> int:
    """An aggregate as int (PostgreSQL returns Decimal for SUM of bigint; NULL is 0)."""
    return int(value or 0)


def as_datetime(value: Any) -> dt.datetime | None:
    """A timestamp read back from either database (SQLite gives text for raw SQL)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    text = str(value)
    return dt.datetime.fromisoformat(text[:19])


@contextmanager
def snapshot(rt: Runtime) -> Iterator[Sql]:
    """One short read-only transaction: every query of a report sees the same data."""
    db = rt.db
    sql = Sql(db)
    before = 0
    if not sql.pg:
        before = int(db.execute_sql("PRAGMA query_only").fetchone()[0])
        db.execute_sql("PRAGMA query_only = 1")
    try:
        with db.atomic():
            if sql.pg:
                db.execute_sql("SET TRANSACTION READ ONLY")
            yield sql
    finally:
        if not sql.pg:
            db.execute_sql(f"PRAGMA query_only = {before}")
