"""The stock and suppliers commands in real subprocesses: exit codes, messages, database state."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from .clihelp import run_termpos

MANAGER = ("--user", "manager", "--pin", "2468")
CASHIER = ("--user", "cashier", "--pin", "1357")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store.db"
    monkeypatch.delenv("TERMPOS_PEPPER_FILE", raising=False)
    code, _, err = tp(path, "init", "--demo", "--no-stock", inproc=True)
    assert code == 0, err
    return path


def tp(db: Path, *args: str, input_text: str | None = None,
       inproc: bool = False) -> tuple[int, str, str]:
    """Runs termpos in a real subprocess, or in-process (typer's CliRunner) where speed
    matters; both give the exit status, stdout and the one-line error."""
    if inproc:
        from typer.testing import CliRunner

        from termpos.cli import app
        from termpos.core.errors import TermposError

        result = CliRunner().invoke(app, ["--db", str(db), *args], input=input_text)
        if isinstance(result.exception, TermposError):
            return result.exception.exit_code, result.stdout, str(result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception)
        return result.exit_code, result.stdout, result.stderr
    r = run_termpos("--db", str(db), *args, input_text=input_text)
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, r.stdout, r.stderr


def fast(db: Path, *args: str) -> tuple[int, str, str]:
    """In-process run, for the many refusals around the subprocess runs."""
    return tp(db, *args, inproc=True)


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_supplier_order_and_partial_receiving(db: Path, tmp_path: Path) -> None:
    assert tp(db, "suppliers", "add", "Acme", "--lead-time", "3", "--email", "o@acme.test",
              *MANAGER)[0] == 0
    assert fast(db, "suppliers", "add", "Acme", *MANAGER)[0] == 1
    code, _, err = fast(db, "suppliers", "add", "Other", *CASHIER)
    assert code == 1 and "back_office" in err
    assert fast(db, "suppliers", "link", "Acme", "P00001", "--cost", "1.20", "--supplier-code",
              "=HYPERLINK()", *MANAGER)[0] == 0
    code, out, _ = fast(db, "suppliers", "show", "Acme")
    assert code == 0 and "P00001" in out and "1.20" in out
    assert fast(db, "stock", "order", "--item", "P00001*5", *MANAGER)[0] == 2  # no supplier
    assert fast(db, "stock", "order", "--supplier", "Acme", "--item", "P00001*x", *MANAGER)[0] == 2
    assert fast(db, "stock", "order", "--supplier", "Nobody", "--item", "P00001*5",
              *MANAGER)[0] == 1
    sheet = tmp_path / "po.csv"
    code, out, err = tp(db, "stock", "order", "--supplier", "Acme", "--item", "P00001*10",
                        "--item", "P00002*4", "--csv", str(sheet), *MANAGER)
    assert code == 0, err
    assert "PO-000001" in out
    with sheet.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[1][:4] == ["PO-000001", "Acme", "P00001", "'=HYPERLINK()"]
    assert lines[1][5:] == ["10", "1.20", "12.00"]
    assert tp(db, "stock", "order", "send", "PO-000001", *MANAGER)[0] == 0
    assert fast(db, "stock", "order", "send", "PO-000001", *MANAGER)[0] == 1
    code, out, _ = tp(db, "stock", "receive", "--order", "PO-000001", "P00001*6", *CASHIER)
    assert code == 0 and "partial" in out
    code, _, err = fast(db, "stock", "receive", "--order", "PO-000001", "P00009*1", *CASHIER)
    assert code == 1 and "not on PO-000001" in err
    assert rows(db, "SELECT status FROM purchase_order") == [("partial",)]
    assert rows(db, "SELECT p.code, l.received_milli FROM purchase_order_line l JOIN product p "
                    "ON p.id = l.product_id ORDER BY p.code") == [("P00001", 6000), ("P00002", 0)]
    code, out, _ = tp(db, "stock", "receive", "--order", "po-000001", "P00001*4", "P00002*4",
                      "--cost", "P00002=2.50", "--update-cost", *MANAGER)
    assert code == 0 and "received" in out
    assert rows(db, "SELECT status FROM purchase_order") == [("received",)]
    assert rows(db, "SELECT cost FROM product WHERE code = 'P00002'") == [(250,)]
    assert rows(db, "SELECT sum(qty_milli) FROM stock_move WHERE kind = 'receive'") == [(14000,)]
    code, out, _ = fast(db, "stock", "order", "list", "--status", "received")
    assert code == 0 and "PO-000001" in out


def test_adjust_needs_a_manager_above_the_limit(db: Path) -> None:
    code, out, _ = tp(db, "stock", "adjust", "P00001", "-2", "--reason", "damaged", *CASHIER)
    assert code == 0 and "-> -2" in out
    code, _, err = tp(db, "stock", "adjust", "P00001", "-11", "--reason", "theft", *CASHIER)
    assert code == 1 and "manager must approve" in err
    code, _, err = fast(db, "stock", "adjust", "P00001", "-11", "--reason", "theft", *CASHIER,
                      "--approver", "manager", "--approver-pin", "0000",
                      "--approval-reason", "x")
    assert code == 1 and "wrong PIN" in err
    assert rows(db, "SELECT count(*) FROM stock_move") == [(1,)]
    code, out, err = tp(db, "stock", "adjust", "P00001", "-11", "--reason", "theft", *CASHIER,
                        "--approver", "manager", "--approver-pin", "2468",
                        "--approval-reason", "break-in")
    assert code == 0 and "approved by manager" in out, err
    assert fast(db, "stock", "adjust", "P00001", "+3", "--reason", "lost", *CASHIER)[0] == 2
    assert fast(db, "stock", "adjust", "P00001", "3x", "--reason", "correction", *CASHIER)[0] == 2
    assert fast(db, "stock", "adjust", "P00001", "1", "--reason", "correction", "--user",
              "cashier", "--pin", "9999")[0] == 1
    assert rows(db, "SELECT qty_milli, reason FROM stock_move ORDER BY id") == [
        (-2000, "damaged"), (-11000, "theft")]
    code, out, _ = fast(db, "stock", "history", "P00001")
    assert code == 0 and "-13" in out and "break-in" not in out and "approved by" in out
    code, out, _ = fast(db, "stock", "negative")
    assert code == 0 and "P00001" in out


def test_count_is_booked_once(db: Path) -> None:
    assert fast(db, "stock", "receive", "P00001*5", "P00002*5", *CASHIER)[0] == 0
    assert fast(db, "stock", "count", "start", "--items", "P00001,P00002", *CASHIER)[0] == 1
    code, out, err = tp(db, "stock", "count", "start", "--items", "P00001,P00002", *MANAGER)
    assert code == 0 and "2 product(s)" in out, err
    assert fast(db, "stock", "count", "enter", "P00001", "3")[0] == 0
    assert fast(db, "stock", "count", "enter", "P00003", "3")[0] == 1
    assert fast(db, "stock", "count", "enter", "P00002", "-1")[0] == 2
    code, out, _ = tp(db, "stock", "count", "finish", *MANAGER)
    assert code == 0 and "-2" in out and "COUNT-000001" in out
    code, _, err = tp(db, "stock", "count", "finish", *MANAGER)
    assert code == 1 and "finished already" in err
    assert rows(db, "SELECT qty_milli, document FROM stock_move WHERE kind = 'count'") == [
        (-2000, "COUNT-000001")]


def test_receive_reads_scans_from_stdin(db: Path) -> None:
    code, out, err = tp(db, "stock", "receive", *CASHIER, input_text="P00001\n\nP00001*2\n")
    assert code == 0, err
    assert rows(db, "SELECT sum(qty_milli) FROM stock_move") == [(3000,)]
    code, _, err = tp(db, "stock", "receive", *CASHIER, input_text="P00001\nNOPE\n")
    assert code == 1 and "NOPE" in err
    assert rows(db, "SELECT count(*) FROM stock_move") == [(1,)]


def test_order_auto_dry_run(db: Path) -> None:
    fast(db, "suppliers", "add", "Acme", *MANAGER)
    fast(db, "suppliers", "link", "Acme", "P00001", *MANAGER)
    code, out, _ = fast(db, "stock", "order", "--supplier", "Acme", "--auto", "--dry-run")
    assert code == 0 and "P00001" in out and "1 product(s) to order" in out
    assert rows(db, "SELECT count(*) FROM purchase_order") == [(0,)]


def test_two_finishes_at_once_book_once(db: Path) -> None:
    """Two terminals finishing the same count at the same moment: one books, one is refused."""
    import subprocess
    import sys

    fast(db, "stock", "receive", "P00001*5", *CASHIER)
    fast(db, "stock", "count", "start", "--items", "P00001", *MANAGER)
    fast(db, "stock", "count", "enter", "P00001", "1")
    cmd = [sys.executable, "-m", "termpos", "--db", str(db), "stock", "count", "finish",
           *MANAGER]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [(p.wait(timeout=60), p.stderr.read() if p.stderr else "") for p in procs]
    assert sorted(code for code, _ in results) == [0, 1], results
    assert rows(db, "SELECT qty_milli FROM stock_move WHERE kind = 'count'") == [(-4000,)]


def test_stock_help_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.argv=['termpos', 'stock', 'count', '--help']\n"
        "from termpos.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "bad=[m for m in ('textual','escpos','evdev','charset_normalizer') if m in sys.modules]\n"
        "print('HEAVY', bad)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in r.stdout, r.stdout + r.stderr


def test_import_stock_command_fills_the_open_count(db: Path, tmp_path: Path) -> None:
    assert fast(db, "stock", "receive", "P00001*5", "P00002*5", *CASHIER)[0] == 0
    assert tp(db, "stock", "count", "start", "--items", "P00001,P00002", *MANAGER)[0] == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("code;counted\nP00001;4\nNOPE;2\n", encoding="utf-8")
    code, _, err = tp(db, "import", "stock", str(bad))
    assert code == 1 and "bad.csv" in err
    assert rows(db, "SELECT count(*) FROM stock_count_line WHERE counted_milli IS NOT NULL") == [
        (0,)]
    good = tmp_path / "count.csv"
    good.write_text("code;counted\r\nP00001;4\r\nP00002;5\r\n", encoding="utf-8")
    code, out, err = tp(db, "import", "stock", str(good))
    assert code == 0 and "2 product(s)" in out, err
    code, out, _ = tp(db, "stock", "count", "finish", *MANAGER)
    assert code == 0
    assert rows(db, "SELECT qty_milli FROM stock_move WHERE kind = 'count'") == [(-1000,)]
