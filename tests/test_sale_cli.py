"""`termpos sale`, `termpos demo` and `termpos audit` as a user runs them (real processes)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from .clihelp import run_termpos


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("tpl") / "termpos.db"
    assert run_termpos("--db", str(db), "init", "--demo").returncode == 0
    return db


@pytest.fixture
def store(demo_template: Path, tmp_path: Path) -> Path:
    db = tmp_path / "termpos.db"
    shutil.copy(demo_template, db)
    shutil.copy(demo_template.with_name("termpos.db.pepper"), tmp_path / "termpos.db.pepper")
    return db


def counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as con:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("sale", "journal", "basket_line"))


def open_shift(db: Path) -> None:
    from termpos.core.config import Settings
    from termpos.services.runtime import open_runtime
    from termpos.services.shifts import open_shift as do_open

    rt = open_runtime(Settings(), str(db))
    do_open(rt, 2, 10_000)
    rt.db.close()


SALE = ["sale", "--user", "cashier", "--pin", "1357"]


def test_sale_needs_an_open_shift(store: Path) -> None:
    before = counts(store)
    r = run_termpos("--db", str(store), *SALE, "--item", "P00001", "--pay", "cash:10")
    assert r.returncode == 1 and "termpos shift open" in r.stderr
    assert counts(store) == before


def test_scripted_sale_prints_number_and_totals(store: Path) -> None:
    open_shift(store)
    r = run_termpos("--db", str(store), *SALE, "--item", "P00001", "--item", "P00002*2",
                    "--item", "00001*0.5", "--pay", "card:5.00:AUTH77", "--pay", "cash:20",
                    "--discount", "10%")
    assert r.returncode == 0, r.stderr
    assert "receipt T1-000001" in r.stdout
    # 3.50 + 2 x 3.60 + 0.5 kg x 1.99 = 11.70; less 10% = 10.53; paid 25.00
    assert "total 10.53" in r.stdout and "change 14.47" in r.stdout
    with sqlite3.connect(store) as con:
        assert con.execute("SELECT count(*) FROM sale_line").fetchone()[0] == 3
        assert con.execute("SELECT reference FROM tender WHERE kind='card'").fetchone() == (
            "AUTH77",)
    verify = run_termpos("--db", str(store), "audit", "verify")
    assert verify.returncode == 0 and "ok:" in verify.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--item", "NOPE", "--pay", "cash:10"], "not found: NOPE"),
    (["--item", "P00001", "--pay", "cash:1"], "not paid in full: 2.50"),
    (["--item", "P00001", "--pay", "card:3.50:4111111111111111"], "card number"),
    (["--item", "P00001", "--pay", "bitcoin:3.50"], "--pay"),
    (["--item", "P00001*x", "--pay", "cash:5"], "--item"),
    (["--item", "P00001*1.5", "--pay", "cash:9"], "whole number"),
    (["--item", "P00001", "--pay", "cash:5", "--customer", "nobody"], "customer not found"),
    (["--item", "P00001", "--pay", "cash:5", "--discount", "abc"], "--discount"),
    (["--item", "P00001", "--pay", "cash:5", "--discount", "50%"], "may not give a discount"),
    (["--item", "P00001", "--pay", "cash:99999999999999999"], "amount too large"),
    (["--item", "P00001*999999999999", "--pay", "cash:5"], "quantity too large"),
])
def test_bad_input_writes_nothing(store: Path, args: list[str], message: str) -> None:
    open_shift(store)
    before = counts(store)
    r = run_termpos("--db", str(store), *SALE, *args)
    assert r.returncode == 1 and message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert counts(store) == before


def test_demo_history_and_audit(store: Path) -> None:
    r = run_termpos("--db", str(store), "demo", "--sales", "30", "--days", "3")
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(store) as con:
        assert con.execute("SELECT count(*) FROM sale WHERE kind='sale'").fetchone()[0] == 30
        days = con.execute("SELECT count(DISTINCT date(created_at)) FROM sale").fetchone()[0]
        assert days == 3
    assert run_termpos("--db", str(store), "audit", "verify").returncode == 0
    log = run_termpos("--db", str(store), "audit", "log", "--kind", "sale", "--limit", "2")
    assert log.returncode == 0 and len(log.stdout.strip().splitlines()) == 2
    as_json = run_termpos("--db", str(store), "audit", "log", "--kind", "refund", "--json")
    refunds = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert refunds and all(r["kind"] == "refund" and r["data"]["total"] < 0 for r in refunds)
    assert run_termpos("--db", str(store), "audit", "log", "--from", "yesterday").returncode == 2
    with sqlite3.connect(store) as con:
        con.execute("DROP TRIGGER sale_no_update")
        con.execute("UPDATE sale SET total = total + 1 WHERE seq = 7")
    bad = run_termpos("--db", str(store), "audit", "verify")
    assert bad.returncode == 1 and "T1-000007" in bad.stderr
