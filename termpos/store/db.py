"""Provides open_database(): binds the models to SQLite or PostgreSQL and migrates the schema.

SQLite is opened in WAL mode with synchronous=FULL, foreign keys on and a 5 s busy timeout.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from peewee import (
    Database,
    ImproperlyConfigured,
    OperationalError,
    PostgresqlDatabase,
    SqliteDatabase,
)
from peewee import DatabaseError as PeeweeDatabaseError

from termpos.core.errors import TermposError
from termpos.core.search_text import search_text, spaced
from termpos.models import MODELS
from termpos.store.migrate import latest_version, migrate, schema_version

SQLITE_PRAGMAS: dict[str, object] = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": 2,  # FULL: a completed sale survives a power cut
    "wal_autocheckpoint": 1000,
    # The WAL grows to the size of the biggest transaction (400 MB for a 1,000,000-row
    # import); once checkpointed, the next write cuts it back to this size.
    "journal_size_limit": 32 * 1024 * 1024,
    # Statement journals (every statement that fires a trigger opens one) in memory, not in
    # a temporary file: a stock movement's trigger costs 6 us instead of 15.
    "temp_store": 2,
}


# SQL functions the product search triggers call on every product write (migration 0002
# the first, 0012 and later the second); registered on every SQLite connection.
SEARCH_FUNCTIONS: tuple[tuple[str, int, Callable[..., str]], ...] = (
    ("termpos_search_text", 3, search_text),
    ("termpos_search_name", 1, spaced),
)


class StoreError(TermposError):
    """The database cannot be opened or used; the message names it."""


@dataclass(frozen=True)
class Target:
    """Where a database is: a SQLite file or a PostgreSQL URL."""

    url: str
    sqlite_path: Path | None

    @property
    def label(self) -> str:
        """A name for messages: the file path, or the URL without its password."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        p = urlparse(self.url)
        host = p.hostname or ""
        return f"{p.scheme}://{p.username + '@' if p.username else ''}{host}{p.path}"


def parse_target(value: str) -> Target:
    """Reads a --db value: a file path, sqlite:///path, or postgresql://user@host/db."""
    if "://" not in value:
        path = Path(value).expanduser()
        return Target(f"sqlite:///{path}", path)
    p = urlparse(value)
    if p.scheme == "sqlite":
        raw = value.split("://", 1)[1]
        if raw.startswith("/"):
            raw = raw[1:] if raw.startswith("//") else raw
        if not raw or raw == "/":
            raise StoreError("database URL {value}: no file path after sqlite:///", value=value)
        return Target(value, Path(raw))
    if p.scheme in ("postgres", "postgresql"):
        if not p.path.strip("/"):
            raise StoreError("database URL {value}: no database name", value=value)
        return Target(value, None)
    raise StoreError(
        "database URL {value}: unknown scheme {scheme!r} (use a file path, sqlite:/// or "
        "postgresql://)",
        value=value, scheme=p.scheme,
    )


def _connect_postgres(target: Target, schema: str | None) -> Database:
    p = urlparse(target.url)
    kwargs: dict[str, Any] = {
        "host": p.hostname or "127.0.0.1",
        "port": p.port or 5432,
        "user": p.username or "postgres",
    }
    if p.password:
        kwargs["password"] = p.password
    if schema:
        kwargs["options"] = f"-c search_path={schema}"
    return PostgresqlDatabase(p.path.lstrip("/"), **kwargs)


def connect(
    target: Target, *, read_only: bool = False, create: bool = False, pg_schema: str | None = None
) -> Database:
    """Connects to the database, refusing a missing file unless ``create`` is set."""
    if target.sqlite_path is None:
        db = _connect_postgres(target, pg_schema)
    else:
        path = target.sqlite_path
        if not path.parent.is_dir():
            raise StoreError(
                "database {path}: folder {parent} does not exist",
                path=path, parent=path.parent,
            )
        if not create and not path.exists():
            raise StoreError("database {path}: no store here yet (run `termpos init`)", path=path)
        if read_only:
            db = SqliteDatabase(
                f"file:{path}?mode=ro", uri=True, pragmas={"busy_timeout": 5000}
            )
        else:
            db = SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS)
        for name, args, fn in SEARCH_FUNCTIONS:
            db.register_function(fn, name, args, deterministic=True)
    try:
        db.connect()
        if target.sqlite_path is not None:
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except ImproperlyConfigured:  # peewee found no psycopg2
        raise StoreError(
            "database {label}: PostgreSQL needs the psycopg2 driver (.venv/bin/pip install "
            "-e '.[postgres]' in the termpos folder)",
            label=target.label,
        ) from None
    except (OperationalError, PeeweeDatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreError(
            "database {label}: cannot be opened ({reason})",
            label=target.label, reason=reason,
        ) from exc
    return db


def open_database(
    value: str,
    *,
    read_only: bool = False,
    create: bool = False,
    migrate_schema: bool = True,
    pg_schema: str | None = None,
) -> Database:
    """Opens, migrates (after a backup of an older SQLite file) and binds the models."""
    target = parse_target(value)
    db = connect(target, read_only=read_only, create=create, pg_schema=pg_schema)
    try:
        current = schema_version(db)
        latest = latest_version()
        if current > latest:
            raise StoreError(
                "database {label}: schema version {current} is newer than this termpos (knows up "
                "to {latest}); upgrade termpos",
                label=target.label, current=current, latest=latest,
            )
        if current < latest:
            if read_only or not migrate_schema:
                raise StoreError(
                    "database {label}: schema version {current}, needs {latest} (run `termpos db "
                    "migrate`)",
                    label=target.label, current=current, latest=latest,
                )
            if current > 0 and target.sqlite_path is not None:
                backup(db, _backup_name(target.sqlite_path, current))
            migrate(db)
    except (OperationalError, PeeweeDatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreError("database {label}: {reason}", label=target.label, reason=reason) from exc
    except StoreError:
        db.close()
        raise
    db.bind(MODELS, bind_refs=False, bind_backrefs=False)
    return db


def _backup_name(path: Path, version: int) -> Path:
    stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


def backup(db: Database, dest: Path) -> None:
    """Copies a live SQLite database to ``dest`` with SQLite's online backup API."""
    if not isinstance(db, SqliteDatabase):
        raise StoreError("backup: only SQLite stores can be backed up this way (use pg_dump)")
    if not dest.parent.is_dir():
        raise StoreError(
            "backup {dest}: folder {parent} does not exist",
            dest=dest, parent=dest.parent,
        )
    target = sqlite3.connect(str(dest))
    try:
        db.connection().backup(target)
    finally:
        target.close()


def integrity_check(db: Database) -> list[str]:
    """Runs SQLite's integrity and foreign-key checks; returns the problems found."""
    if not isinstance(db, SqliteDatabase):
        return []
    problems = [r[0] for r in db.execute_sql("PRAGMA integrity_check").fetchall()]
    problems = [p for p in problems if p != "ok"]
    for row in db.execute_sql("PRAGMA foreign_key_check").fetchall():
        problems.append(f"foreign key: table {row[0]} row {row[1]} -> {row[2]}")
    return problems
