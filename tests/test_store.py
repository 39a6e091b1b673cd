"""The store: pragmas, migrations, schema versions, immutable documents, model drift."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from peewee import DatabaseError, IntegrityError, PostgresqlDatabase, SqliteDatabase

from termpos.models import MODELS, Category, Journal, Product, Sale, User
from termpos.services.runtime import Runtime
from termpos.store import migrate as migrate_mod
from termpos.store.db import StoreError, backup, integrity_check, open_database
from termpos.store.migrate import latest_version, schema_version


def test_sqlite_pragmas(sqlite_rt: Runtime) -> None:
    db = sqlite_rt.db
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    # -1 (SQLite's default) would keep a big import's WAL at its size until the last close
    assert 0 < db.execute_sql("PRAGMA journal_size_limit").fetchone()[0] <= 64 * 1024 * 1024


def test_the_wal_shrinks_back_after_a_big_transaction(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A big import grows the WAL to its own size; the next write, once the WAL has been
    checkpointed, cuts the file back to journal_size_limit (a till's SD card gets it back)."""
    from termpos.store import db as store_db

    limit = 256 * 1024
    monkeypatch.setitem(store_db.SQLITE_PRAGMAS, "journal_size_limit", limit)
    db = open_database(f"sqlite:///{tmp_path / 'wal.db'}", create=True)
    other = open_database(f"sqlite:///{tmp_path / 'wal.db'}")  # a till keeps its connection
    wal = tmp_path / "wal.db-wal"
    now = "2026-01-01 00:00:00"
    with db.atomic():
        db.execute_sql('CREATE TABLE "big" ("id" INTEGER PRIMARY KEY, "body" TEXT)')
        for i in range(1200):  # more than wal_autocheckpoint (1000 pages)
            db.execute_sql('INSERT INTO "big" ("body") VALUES (?)', (f"{i} {now} " * 300,))
    grown = wal.stat().st_size
    assert grown > 4 * limit  # auto-checkpointed at the commit, but the file stays
    db.close()
    with other.atomic():
        other.execute_sql('INSERT INTO "big" ("body") VALUES (?)', ("small",))
    assert wal.stat().st_size <= limit < grown
    other.close()


def test_schema_matches_models(rt: Runtime) -> None:
    """Migrations build exactly the columns the models declare: no drift."""
    assert schema_version(rt.db) == latest_version()
    for model in MODELS:
        table = model._meta.table_name
        in_db = {c.name for c in rt.db.get_columns(table)}
        in_model = {f.column_name for f in model._meta.sorted_fields}
        assert in_db == in_model, table


def test_completed_documents_cannot_change(rt: Runtime) -> None:
    user = User.create(name="u", role="cashier", pin_hash="x", created_at=rt.clock.now())
    sale = Sale.create(
        number="T1-000001", till="T1", seq=1, user=user, created_at=rt.clock.now(),
        tax_mode="inclusive", subtotal=100, tax_total=5, total=100,
    )
    with pytest.raises(DatabaseError, match="never"), rt.db.atomic():
        Sale.update(total=1).where(Sale.id == sale.id).execute()
    with pytest.raises(DatabaseError, match="never"), rt.db.atomic():
        Sale.delete().where(Sale.id == sale.id).execute()
    assert Sale.get_by_id(sale.id).total == 100


def test_unique_barcode(rt: Runtime) -> None:
    cat = Category.create(name="c")
    now = rt.clock.now()
    Product.create(code="a", barcode="4006381333931", name="x", category=cat, tax_class="A",
                   price=1, created_at=now, updated_at=now)
    with pytest.raises(IntegrityError), rt.db.atomic():
        Product.create(code="b", barcode="4006381333931", name="y", tax_class="A", price=1,
                       created_at=now, updated_at=now)


def test_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_database(str(tmp_path / "nope" / "x.db"), create=True)


def test_missing_store_needs_init(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="termpos init"):
        open_database(str(tmp_path / "x.db"))
    assert not (tmp_path / "x.db").exists()


def test_corrupt_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="bad.db"):
        open_database(str(bad))


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite:///", "postgresql://host"])
def test_bad_urls(url: str) -> None:
    with pytest.raises(StoreError, match="database URL"):
        open_database(url)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_database(str(path), create=True).close()
    raw = SqliteDatabase(str(path))
    raw.execute_sql("INSERT INTO schema_version VALUES (999, 'future')")
    raw.close()
    with pytest.raises(StoreError, match="newer than this termpos"):
        open_database(str(path))


def test_older_schema_is_backed_up_then_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.db"
    db = open_database(str(path), create=True)
    db.execute_sql("INSERT INTO category (name) VALUES ('kept')")
    db.close()
    folder = tmp_path / "migrations"
    shutil.copytree(migrate_mod.migrations_dir(), folder)  # type: ignore[arg-type]
    nxt = latest_version() + 1
    (folder / f"{nxt:04d}_extra.sqlite.sql").write_text(
        "CREATE TABLE extra (id INTEGER PRIMARY KEY);\n"
    )
    monkeypatch.setattr(migrate_mod, "MIGRATIONS_DIR", folder)
    db = open_database(str(path))
    assert schema_version(db) == nxt
    assert "extra" in db.get_tables()
    backups = list(tmp_path.glob("s.db.v*.bak"))
    assert len(backups) == 1
    old = SqliteDatabase(str(backups[0]))
    assert "extra" not in old.get_tables()
    assert old.execute_sql("SELECT name FROM category").fetchone()[0] == "kept"


def test_backup_and_integrity(sqlite_rt: Runtime, tmp_path: Path) -> None:
    Category.create(name="copied")
    dest = tmp_path / "copy.db"
    backup(sqlite_rt.db, dest)
    copy = SqliteDatabase(str(dest))
    assert copy.execute_sql("SELECT name FROM category").fetchone()[0] == "copied"
    assert integrity_check(sqlite_rt.db) == []


def test_journal_chain_appends(rt: Runtime) -> None:
    from termpos.core.journal import GENESIS, chain_hash
    from termpos.services import journal

    a = journal.append(rt, "test", "me", {"n": 1})
    rt.clock.advance(1)  # type: ignore[attr-defined]
    b = journal.append(rt, "test", "me", {"n": 2, "名": "珍珠"})
    assert a.prev_hash == GENESIS and b.prev_hash == a.hash
    rows = list(Journal.select().order_by(Journal.id))
    assert [r.id for r in rows] == [1, 2]
    again = chain_hash(
        a.hash,
        journal.entry_dict(2, str(rows[1].created_at), "T1", "test", "me", {"n": 2, "名": "珍珠"}),
    )
    assert again == b.hash


def test_a_store_busy_past_the_timeout_refuses_in_one_line(
        rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program holding the writers' lock (a long import) makes a write refuse with
    StoreBusy after the timeout, changing nothing; once it lets go, writing works."""
    from termpos.store import tx
    from termpos.store.tx import StoreBusy, write_transaction

    if isinstance(rt.db, PostgresqlDatabase):
        import psycopg2  # type: ignore[import-untyped]

        monkeypatch.setattr(tx, "PG_LOCK_TIMEOUT_MS", 200)
        other = psycopg2.connect(dbname=rt.db.database, **rt.db.connect_params)
        other.cursor().execute("SELECT pg_advisory_xact_lock(7310001)")  # in a transaction
    else:
        import sqlite3

        rt.db.execute_sql("PRAGMA busy_timeout = 200")
        other = sqlite3.connect(rt.db.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreBusy, match="the store is busy"), write_transaction(rt.db):
        Category.create(name="never")
    assert not rt.db.in_transaction()
    other.close()  # its transaction ends, and with it the lock
    with write_transaction(rt.db):
        Category.create(name="after")
    assert [c.name for c in Category.select()] == ["after"]


def test_postgres_without_its_driver_says_how_to_install_it() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.modules['psycopg2'] = None  # as when the postgres extra is not installed\n"
        "from termpos.store.db import StoreError, open_database\n"
        "try:\n"
        "    open_database('postgresql://postgres@127.0.0.1:1/none')\n"
        "except StoreError as exc:\n"
        "    print('REFUSED', exc)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.startswith("REFUSED database postgresql://postgres@127.0.0.1"), (
        r.stdout + r.stderr)
    assert "needs the psycopg2 driver" in r.stdout and "[postgres]" in r.stdout
