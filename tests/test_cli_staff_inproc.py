"""`termpos users` and `termpos shift` in process (typer's CliRunner): refusals and reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from termpos.cli import app
from termpos.cli.common import GLOBALS
from termpos.core.config import Settings
from termpos.core.errors import TermposError
from termpos.models import CashMovement, PrintJob, User
from termpos.services.runtime import open_runtime
from termpos.services.users import create_user
from tests.staffkit import fast_scrypt

__all__ = ["fast_scrypt"]
pytestmark = pytest.mark.usefixtures("fast_scrypt")


@pytest.fixture
def db(tmp_path: Path, pepper_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A store with an admin (boss 2580), a cashier (ann 1357) and a manager (max 2468)."""
    path = tmp_path / "shop.db"
    monkeypatch.setenv("TERMPOS_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr(GLOBALS, "_settings", None)
    rt = open_runtime(Settings(), str(path), create=True)
    create_user(rt, "boss", "admin", "2580")
    create_user(rt, "ann", "cashier", "1357")
    create_user(rt, "max", "manager", "2468")
    rt.db.close()
    yield path


def run(db: Path, *args: str, stdin: str = "") -> tuple[int, str]:
    """Runs termpos in process; a TermposError becomes its exit status and message."""
    result = CliRunner().invoke(app, ["--db", str(db), *args], input=stdin)
    if isinstance(result.exception, TermposError):
        return result.exception.exit_code, str(result.exception)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_user_management_refusals(db: Path) -> None:
    boss = ("--user", "boss", "--pin", "2580")
    assert run(db, "users", "add", "bob", "--role", "cashier", *boss, stdin="12\n")[0] == 1
    code, msg = run(db, "users", "add", "bob", "--role", "cashier", "--user", "ann",
                    "--pin", "1357", stdin="4444\n")
    assert code == 1 and "may not add" in msg
    code, msg = run(db, "users", "add", "bob", "--role", "owner", *boss, stdin="4444\n")
    assert code == 1 and "unknown role" in msg
    code, msg = run(db, "users", "add", "bob", "--role", "cashier", *boss, stdin="")
    assert code == 2 and "no PIN" in msg
    code, msg = run(db, "users", "add", "bob", "--role", "cashier", "--user", "boss",
                    stdin="4444\n")
    assert code == 2 and "give it as an option" in msg
    assert run(db, "users", "set-role", "ann", "supervisor", *boss)[0] == 0
    assert run(db, "users", "set-pin", "ann", *boss, stdin="9999\n9999\n")[0] == 0
    assert run(db, "users", "set-pin", "ann", "--user", "ann", "--pin", "9999",
               stdin="8888\n")[0] == 0  # one's own PIN
    assert run(db, "users", "disable", "ann", *boss)[0] == 0
    code, msg = run(db, "users", "disable", "boss", *boss)
    assert code == 1 and "last one" in msg
    code, out = run(db, "users", "list")
    assert code == 0 and "disabled" in out and "supervisor" in out
    assert run(db, "users", "enable", "ann", *boss)[0] == 0
    for _ in range(5):
        assert run(db, "shift", "open", "--user", "ann", "--pin", "0000", "--float", "1")[0] == 1
    code, msg = run(db, "shift", "open", "--user", "ann", "--pin", "8888", "--float", "1")
    assert code == 1 and "locked" in msg
    assert run(db, "users", "unlock", "ann", *boss)[0] == 0
    rt = open_runtime(Settings(), str(db))
    try:
        ann = User.get(User.name == "ann")
        assert (ann.role, ann.active) == ("supervisor", True)
    finally:
        rt.db.close()


def test_shift_cash_and_reports(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ann = ("--user", "ann", "--pin", "1357")
    code, msg = run(db, "shift", "open", *ann, "--float", "ten")
    assert code == 2 and "--float" in msg
    assert run(db, "shift", "x")[0] == 1
    assert run(db, "shift", "open", *ann, "--float", "150")[0] == 0
    code, msg = run(db, "shift", "open", *ann, "--float", "150")
    assert code == 1 and "open shift already" in msg
    code, msg = run(db, "shift", "paid-out", "5", "--reason", "stamps", *ann)
    assert code == 1 and "may not" in msg
    code, out = run(db, "shift", "paid-out", "5", "--reason", "stamps", *ann,
                    "--approver", "max", "--approver-pin", "2468")
    assert code == 0 and "paid out 5.00" in out
    assert run(db, "shift", "paid-in", "20", "--reason", "coins", "--user", "max",
               "--pin", "2468")[0] == 0
    code, out = run(db, "shift", "x")
    assert code == 0 and "Expected cash" in out and "165.00" in out
    code, out = run(db, "shift", "x", "--format", "text")
    assert code == 0 and "X REPORT" in out
    code, msg = run(db, "shift", "close", *ann)
    assert code == 2 and "count the cash first" in msg
    code, msg = run(db, "shift", "close", "--user", "ann", "--pin", "0000", "--counted", "1")
    assert code == 1 and "wrong PIN" in msg
    code, msg = run(db, "shift", "close", *ann, "-d", "fifty")
    assert code == 1 and "VALUExCOUNT" in msg
    code, out = run(db, "shift", "close", *ann, "-d", "100x1", "-d", "50x1", "-d", "20x1")
    assert code == 0 and "Z 1" in out and "over 5.00" in out
    code, out = run(db, "shift", "z", "--format", "json")
    data = json.loads(out)
    assert (data["number"], data["over_short"], data["denominations"]) == (
        1, 500, [[10000, 1], [5000, 1], [2000, 1]])
    code, out = run(db, "shift", "z", "--print", "--format", "text")  # this till: no printer
    assert code == 0 and "Z REPORT" in out and PrintJob.select().count() == 0
    assert "not queued: till T1 has no receipt printer" in out
    printed = db.parent / "printer.bin"  # now with one
    (db.parent / "printer.toml").write_text(f'[printer]\nconnection = "file:{printed}"\n',
                                            encoding="utf-8")
    monkeypatch.setenv("TERMPOS_CONFIG", str(db.parent / "printer.toml"))
    monkeypatch.setattr(GLOBALS, "_settings", None)
    code, out = run(db, "shift", "z", "--print", "--format", "text")
    assert code == 0 and "queued for the printer of till T1" in out
    code, out = run(db, "printer", "retry")
    assert code == 0 and "printed 1 job(s)" in out
    assert b"Z REPORT No. 1" in printed.read_bytes() and b"Counted cash" in printed.read_bytes()
    code, out = run(db, "shift", "z", "--list")
    assert code == 0 and "170.00" not in out and "1" in out
    code, msg = run(db, "shift", "z", "--number", "7")
    assert code == 1 and "no Z report number 7" in msg
    code, out = run(db, "shift", "z", "--till", "T9")
    assert code == 1
    code, msg = run(db, "shift", "status", "--till", "bad till!")
    assert code == 2
    rt = open_runtime(Settings(), str(db))
    try:
        assert [m.kind for m in CashMovement.select().order_by(CashMovement.id)] == [
            "paid_out", "paid_in"]
        job = PrintJob.get(PrintJob.kind == "report")
        assert json.loads(job.payload)["title"] == "Z 1"
        assert (job.till, job.status) == ("T1", "done")
    finally:
        rt.db.close()
