"""End to end: the real `termpos till` on a demo store in a terminal (tmux, else a pty).

Logs in as cashier/1357, opens a shift, types a barcode and Enter, checks the basket line,
pays exact cash (F10, Enter) and checks the completed sale, its tender, stock move and
receipt print job in the database.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shlex
import shutil
import sqlite3
import struct
import subprocess
import sys
import termios
import time
import uuid
from pathlib import Path

import pytest

from tests.clihelp import run_termpos

ROOT = Path(__file__).resolve().parents[1]


class Tmux:
    """A till running in its own tmux server (its own socket), 80x24."""

    def __init__(self, command: str) -> None:
        self.socket = f"termpos-e2e-{uuid.uuid4().hex[:8]}"
        self._run("new-session", "-d", "-s", "till", "-x", "80", "-y", "24", command)

    def _run(self, *args: str) -> str:
        r = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                           timeout=20)
        return r.stdout

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-t", "till")

    def send(self, *keys: str) -> None:
        self._run("send-keys", "-t", "till", *keys)

    def close(self) -> None:
        self._run("kill-server")


class Pty:
    """The same over a pseudo-terminal, for machines without tmux (screen text is raw)."""

    def __init__(self, command: str) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: run the till
            os.execvp("sh", ["sh", "-c", command])
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.output = b""

    def screen(self) -> str:
        while select.select([self.fd], [], [], 0.05)[0]:
            try:
                self.output += os.read(self.fd, 65536)
            except OSError:
                break
        return self.output.decode("utf-8", "replace")

    def send(self, *keys: str) -> None:
        names = {"Enter": "\r", "C-q": "\x11", "F10": "\x1b[21~"}
        os.write(self.fd, "".join(names.get(key, key) for key in keys).encode())

    def close(self) -> None:
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def wait_for(check, what: str, term: Tmux | Pty | None = None,  # type: ignore[no-untyped-def]
             timeout: float = 30.0):
    """Polls check() until it returns something true; on timeout shows the screen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    screen = term.screen()[-3000:] if term is not None else ""
    raise AssertionError(f"timed out waiting for {what}\n{screen}")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store made by the real `termpos init --demo` (once for both terminals)."""
    folder = tmp_path_factory.mktemp("demo")
    init = run_termpos("--db", str(folder / "shop.db"), "init", "--demo", cwd=ROOT,
                       env={"XDG_CONFIG_HOME": str(folder)})
    assert init.returncode == 0, init.stderr
    return folder


@pytest.mark.parametrize("terminal", ["tmux", "pty"])
def test_till_in_a_terminal(demo_store: Path, tmp_path: Path, terminal: str) -> None:
    if terminal == "tmux" and shutil.which("tmux") is None:
        pytest.skip("tmux is not installed: the pty run covers this")
    for name in ("shop.db", "shop.db.pepper"):
        shutil.copy(demo_store / name, tmp_path / name)
    db = tmp_path / "shop.db"
    with sqlite3.connect(db) as conn:
        barcode, name = conn.execute(
            "SELECT barcode, name FROM product WHERE name = '珍珠奶茶'").fetchone()
    command = " ".join(shlex.quote(p) for p in [
        "env", "-u", "TERMPOS_PEPPER_FILE", f"XDG_CONFIG_HOME={tmp_path}",
        "TERM=xterm-256color", "LANG=C.UTF-8", sys.executable, "-m", "termpos", "--db",
        str(db), "till",
    ])
    term = Tmux(command) if terminal == "tmux" else Pty(command)
    try:
        wait_for(lambda: "PIN" in term.screen(), "the login screen", term)
        term.send("cashier", "Enter", "1357", "Enter")  # typed ahead: the PIN lands in its field
        wait_for(lambda: "Opening float" in term.screen(), "the open-shift screen", term)
        term.send("100", "Enter")
        wait_for(lambda: "Entry:" in term.screen(), "the sale screen", term)
        term.send(barcode, "Enter")  # tmux sends the digits at once: a keyboard-wedge scan

        def line() -> tuple[str, int] | None:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                return conn.execute("SELECT name, qty_milli FROM basket_line").fetchone()

        assert wait_for(line, "the basket line in the database", term) == (name, 1000)
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            shift = conn.execute("SELECT opening_float, status FROM shift").fetchone()
        assert shift == (10000, "open")
        wait_for(lambda: "Total: 3.50" in term.screen(), "the total on screen", term)
        term.send("F10")
        wait_for(lambda: "Payment" in term.screen(), "the tender screen", term)
        term.send("Enter")  # empty amount: exact cash

        def sale() -> tuple[str, int, int] | None:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                return conn.execute("SELECT number, total, change FROM sale").fetchone()

        number, total, change = wait_for(sale, "the completed sale in the database", term)
        assert (total, change) == (350, 0)
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            assert conn.execute("SELECT kind, amount FROM tender").fetchall() == [("cash", 350)]
            assert conn.execute(
                "SELECT qty_milli, kind FROM stock_move WHERE kind = 'sale'").fetchall() == [
                (-1000, "sale")]
            assert conn.execute("SELECT count(*) FROM print_job WHERE kind = 'receipt'"
                                ).fetchone() == (1,)
            assert conn.execute("SELECT status FROM basket").fetchone() == ("done",)
        wait_for(lambda: number in term.screen(), "the receipt number on screen", term)
        term.send("C-q")
    finally:
        term.close()

