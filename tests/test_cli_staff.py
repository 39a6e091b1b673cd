"""`termpos users` and `termpos shift` as real subprocesses: exit codes and database state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from termpos.core import pins
from termpos.core.config import Settings
from termpos.models import Shift, User, ZReport
from termpos.services.runtime import Runtime, open_runtime, pepper_path
from termpos.services.users import create_user, ensure_pepper
from tests.clihelp import run_termpos


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty store made by `termpos init`; commands find it through TERMPOS_DB."""
    db = tmp_path / "shop.db"
    monkeypatch.delenv("TERMPOS_PEPPER_FILE", raising=False)
    monkeypatch.setenv("TERMPOS_DB", str(db))
    monkeypatch.setenv("TERMPOS_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    yield db


def _open(db: Path) -> Runtime:
    return open_runtime(Settings(), str(db))


def _create(db: Path, users: tuple[tuple[str, str, str], ...] = ()) -> None:
    """Makes the store and its pepper in process (as `termpos init` does), with cheap hashes."""
    ensure_pepper(pepper_path(str(db)))
    rt = open_runtime(Settings(), str(db), create=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pins, "_N", 2**6)
        for name, role, pin in users:
            create_user(rt, name, role, pin)
    rt.db.close()


def test_users_add_from_a_script(store: Path) -> None:
    _create(store)
    first = run_termpos("users", "add", "boss", "--role", "admin", input_text="2580\n2580\n")
    assert first.returncode == 0, first.stderr
    assert "first admin" in first.stdout
    ann = run_termpos("users", "add", "ann", "--role", "cashier", "--user", "boss",
                      "--pin", "2580", input_text="1357\n")
    assert ann.returncode == 0, ann.stderr
    differ = run_termpos("users", "add", "bob", "--role", "cashier", "--user", "boss",
                         "--pin", "2580", input_text="1111\n2222\n")
    assert differ.returncode == 2 and "differ" in differ.stderr
    assert "Traceback" not in differ.stderr
    rt = _open(store)
    try:
        rows = {u.name: (u.role, u.active) for u in User.select()}
        assert rows == {"boss": ("admin", True), "ann": ("cashier", True)}
    finally:
        rt.db.close()


def test_shift_open_status_close(store: Path) -> None:
    _create(store, (("cashier", "cashier", "1357"),))
    status = run_termpos("shift", "status")
    assert status.returncode == 1 and "no open shift" in status.stdout
    opened = run_termpos("shift", "open", "--user", "cashier", "--pin", "1357", "--float", "100")
    assert opened.returncode == 0, opened.stderr
    status = run_termpos("shift", "status")
    assert status.returncode == 0 and "open since" in status.stdout
    assert "expected" not in status.stdout  # the close stays blind
    closed = run_termpos("shift", "close", "--user", "cashier", "--pin", "1357",
                         "--counted", "99.50")
    assert closed.returncode == 0, closed.stderr
    assert "Z 1" in closed.stdout and "short 0.50" in closed.stdout
    rt = _open(store)
    try:
        shift = Shift.get()
        assert (shift.status, shift.counted_cash, shift.expected_cash, shift.z_number) == (
            "closed", 9950, 10000, 1)
        assert ZReport.select().count() == 1
    finally:
        rt.db.close()
