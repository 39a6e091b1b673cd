"""Provides write_transaction(): one writer at a time, taken before anything is read."""

from __future__ import annotations

from typing import Any

from peewee import Database, OperationalError, PostgresqlDatabase, SqliteDatabase

from termpos.store.db import StoreError

_PG_LOCK_KEY = 7_310_001  # one advisory lock serialises document writers across tills
PG_LOCK_TIMEOUT_MS = 5000  # as long as SQLite's busy timeout


def write_transaction(db: Database) -> Any:
    """Starts a transaction that holds the write lock from its first statement.

    SQLite: BEGIN IMMEDIATE, so a reader upgrading to writer never dead-ends in SQLITE_BUSY.
    PostgreSQL: a transaction-scoped advisory lock, so gap-free numbers and the journal
    chain are allocated by one till at a time. Nested calls become savepoints.
    """
    if isinstance(db, SqliteDatabase):
        if db.in_transaction():
            return db.atomic()
        return _Immediate(db.atomic("IMMEDIATE"))
    tx = db.atomic()
    if isinstance(db, PostgresqlDatabase) and not db.in_transaction():
        return _PgLocked(db, tx)
    return tx


class StoreBusy(StoreError):
    """Another program held the write lock past the busy timeout; nothing was changed."""


def _busy() -> StoreBusy:
    return StoreBusy("the store is busy: another program has been writing to it for several "
                     "seconds (an import?); nothing was changed, try again")


class _Immediate:
    """BEGIN IMMEDIATE that says so in one line when the store stays busy (a long import
    in another process, say) instead of failing with the driver's exception."""

    def __init__(self, tx: Any) -> None:
        self.tx = tx

    def __enter__(self) -> Any:
        try:
            return self.tx.__enter__()
        except OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise _busy() from None

    def __exit__(self, *exc: Any) -> Any:
        return self.tx.__exit__(*exc)


class _PgLocked:
    """A PostgreSQL transaction that takes the writers' advisory lock when entered."""

    def __init__(self, db: Database, tx: Any) -> None:
        self.db, self.tx = db, tx

    def __enter__(self) -> Any:
        result = self.tx.__enter__()
        try:
            self.db.execute_sql(f"SET LOCAL lock_timeout = {int(PG_LOCK_TIMEOUT_MS)}")
            self.db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_LOCK_KEY,))
        except OperationalError as exc:
            self.tx.__exit__(type(exc), exc, None)  # rolls the empty transaction back
            if "lock timeout" not in str(exc):
                raise
            raise _busy() from None
        return result

    def __exit__(self, *exc: Any) -> Any:
        return self.tx.__exit__(*exc)
