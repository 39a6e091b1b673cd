"""`termpos sale --pay points:N` and `termpos demo` closing its days, as real processes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from .clihelp import run_termpos
from .test_sale_cli import SALE, open_shift


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo store with an open shift and a customer (phone 0912 000 111) holding 10 points."""
    db = tmp_path_factory.mktemp("loyalty") / "termpos.db"
    assert run_termpos("--db", str(db), "init", "--demo").returncode == 0
    added = run_termpos("--db", str(db), "customers", "add", "--name", "Ann",
                        "--phone", "0912 000 111")
    assert added.returncode == 0, added.stderr
    open_shift(db)
    earn = run_termpos("--db", str(db), *SALE, "--item", "P00001", "--item", "P00002*2",
                       "--pay", "cash:20", "--customer", "0912-000-111")
    assert earn.returncode == 0, earn.stderr
    assert "points +10  balance 10" in earn.stdout  # 3.50 + 2 x 3.60 = 10.70
    return db


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Path:
    db = tmp_path / "termpos.db"
    shutil.copy(template, db)
    shutil.copy(template.with_name("termpos.db.pepper"), tmp_path / "termpos.db.pepper")
    return db


def counts(db: Path) -> tuple[int, ...]:
    with sqlite3.connect(db) as con:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("sale", "tender", "loyalty_move", "journal", "basket"))


def balance(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute("SELECT coalesce(sum(points), 0) FROM loyalty_move").fetchone()[0])


def test_pay_with_points_by_phone(store: Path) -> None:
    paid = run_termpos("--db", str(store), *SALE, "--item", "P00001", "--pay", "points:8",
                       "--pay", "cash:5", "--customer", "0912000111")
    assert paid.returncode == 0, paid.stderr
    assert "points +3  balance 5" in paid.stdout  # (3.50 - 0.08) earns 3
    assert "change 1.58" in paid.stdout
    with sqlite3.connect(store) as con:
        assert con.execute("SELECT amount, reference FROM tender WHERE kind = 'points'"
                           ).fetchall() == [(8, "8")]
        assert con.execute("SELECT kind, points FROM loyalty_move ORDER BY id").fetchall() == [
            ("earn", 10), ("redeem", -8), ("earn", 3)]
    assert run_termpos("--db", str(store), "audit", "verify").returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--pay", "points:11", "--pay", "cash:5", "--customer", "0912000111"],
     "only 10 points available, 11 asked"),
    (["--pay", "points:5", "--pay", "cash:5"], "attach the customer"),
    (["--pay", "points:abc", "--pay", "cash:5", "--customer", "0912000111"], "--pay"),
    (["--pay", "points:0", "--pay", "cash:5", "--customer", "0912000111"], "--pay"),
    (["--pay", "points:400", "--customer", "0912000111"], "cannot exceed the amount due"),
])
def test_bad_points_write_nothing(store: Path, args: list[str], message: str) -> None:
    before = counts(store)
    r = run_termpos("--db", str(store), *SALE, "--item", "P00001", *args)
    assert r.returncode == 1 and message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert counts(store) == before and balance(store) == 10


def test_demo_closes_each_day_with_a_z(store: Path) -> None:
    before = counts(store)
    busy = run_termpos("--db", str(store), "demo", "--sales", "10")
    assert busy.returncode == 1 and "open shift" in busy.stderr
    assert counts(store) == before
    closed = run_termpos("--db", str(store), "shift", "close", "--user", "cashier", "--pin",
                         "1357", "--counted", "110.70")
    assert closed.returncode == 0, closed.stderr
    r = run_termpos("--db", str(store), "demo", "--sales", "30", "--days", "3")
    assert r.returncode == 0, r.stderr
    assert "3 days closed: Z 2 to 4" in r.stdout
    with sqlite3.connect(store) as con:
        assert con.execute("SELECT number FROM z_report ORDER BY id").fetchall() == [
            (1,), (2,), (3,), (4,)]
        assert con.execute("SELECT count(*) FROM shift WHERE status = 'open'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM loyalty_move WHERE kind = 'earn'"
                           ).fetchone()[0] > 0
    assert run_termpos("--db", str(store), "audit", "verify").returncode == 0
