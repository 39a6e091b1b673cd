"""`termpos devices` and `termpos printer` run as real subprocesses."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from termpos.core.clock import FixedClock
from termpos.core.config import Settings
from termpos.services import spool
from termpos.services.runtime import open_runtime
from tests.clihelp import run_termpos
from tests.conftest import START
from tests.escpos_parser import parse
from tests.pty_printer import PtyPrinter
from tests.receipts import latin, traditional

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "TERMPOS_CONFIG": ""}


@pytest.mark.parametrize("group", ["devices", "printer"])
def test_group_help_imports_no_device_library(group: str) -> None:
    code = (
        f"import sys; sys.argv=['termpos', '{group}', '--help']\n"
        "from termpos.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "bad=[m for m in ('textual','escpos','evdev','serial') if m in sys.modules]\n"
        "print('HEAVY', bad)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in r.stdout, r.stdout + r.stderr


def test_devices_list_without_input_devices(tmp_path: Path, env: dict[str, str]) -> None:
    r = run_termpos("devices", "list", "--input-dir", str(tmp_path / "nope"), env=env)
    assert r.returncode == 0, r.stderr
    assert "none (" in r.stdout and "does not exist" in r.stdout
    assert "serial ports:" in r.stdout


def test_scan_test_replays_a_recording(env: dict[str, str]) -> None:
    r = run_termpos("devices", "scan-test", "--replay", str(DATA / "scan_us_ean13.events"),
                    env=env)
    assert r.returncode == 0, r.stderr
    lines = [x for x in r.stdout.splitlines() if "typed in" in x]
    assert [x.split()[2] for x in lines] == ["4006381333931", "5901234123457"]
    assert "(13 chars, typed in 52 ms" in lines[0]
    assert "2 scan(s)" in r.stderr


def test_scan_test_without_a_scanner_is_a_usage_error(env: dict[str, str]) -> None:
    r = run_termpos("devices", "scan-test", env=env)
    assert r.returncode == 2 and "no scanner configured" in r.stderr
    assert "Traceback" not in r.stderr


def test_printer_test_page_to_a_file_in_big5(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "page.bin"
    r = run_termpos("printer", "test", "--device", f"file:{out}", "--charset", "big5", env=env)
    assert r.returncode == 0, r.stderr
    assert "test page sent to file:" in r.stdout
    page = parse(out.read_bytes(), "big5")
    chinese = page.find("中文測試")
    assert chinese.double_byte and "收據" in chinese.text
    assert page.find("double size").size == (2, 2) and page.find("bold text").bold
    assert page.find("right").align == "right"
    assert page.barcodes == [(73, b"{BTERMPOS-TEST")] and page.cuts == 1


def test_printer_test_page_code_page_sample(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "page.bin"
    r = run_termpos("printer", "test", "--device", f"file:{out}", "--charset", "cp858",
                    env=env)
    assert r.returncode == 0, r.stderr
    page = parse(out.read_bytes())
    assert page.code_pages == [19] and page.find("ÀÁÂÄÇÉ")
    assert page.find("?????")  # Chinese has no glyphs in cp858: two '?' per character


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--device", "serial:/dev/nonexistent-tty"], 1, "cannot open"),
    (["--device", "lpt1"], 2, "expected none, serial"),
    (["--device", "usb:04b8:0202"], 1, "usb:04b8:0202: USB printing needs"),
    (["--charset", "utf-8"], 2, "unknown printer charset"),
    ([], 1, "no printer is configured"),
])
def test_printer_test_errors_are_one_line(args: list[str], code: int, words: str,
                                          env: dict[str, str]) -> None:
    r = run_termpos("printer", "test", *args, env=env)
    assert r.returncode == code, r.stderr
    assert words in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_queue_and_retry_on_a_pty(tmp_path: Path, env: dict[str, str]) -> None:
    db = tmp_path / "store.db"
    rt = open_runtime(Settings(), str(db), clock=FixedClock(START), create=True)
    spool.enqueue_receipt(rt, latin())
    spool.enqueue_receipt(rt, traditional())
    rt.db.close()
    r = run_termpos("--db", str(db), "printer", "queue", env=env)
    assert r.returncode == 0 and "receipt T1-000042" in r.stdout and "2 unprinted" in r.stdout
    pty = PtyPrinter("paper out")
    try:
        r = run_termpos("--db", str(db), "printer", "retry", "--device", pty.connection, env=env)
        assert r.returncode == 1
        assert "paper out; 2 job(s) still unprinted" in r.stderr
        con = sqlite3.connect(db)
        rows = con.execute("SELECT status, attempts, last_error FROM print_job").fetchall()
        con.close()
        assert rows == [("pending", 1, "paper out"), ("pending", 0, "")]  # stopped at once
        pty.mode = "ok"
        r = run_termpos("--db", str(db), "printer", "retry", "--device", pty.connection, env=env)
        assert r.returncode == 0 and "printed 2 job(s)" in r.stdout, r.stderr
        assert pty.page().find("Café Corner")
    finally:
        pty.close()
    r = run_termpos("--db", str(db), "printer", "queue", env=env)
    assert "no unprinted jobs" in r.stdout
    r = run_termpos("--db", str(db), "printer", "done", "1", env=env)
    assert r.returncode == 1 and "is done, not sent" in r.stderr


def test_done_confirms_a_sent_job(tmp_path: Path, env: dict[str, str]) -> None:
    db = tmp_path / "store.db"
    rt = open_runtime(Settings(), str(db), clock=FixedClock(START), create=True)
    job_id = spool.enqueue_receipt(rt, latin())
    spool._update(rt, job_id, status="sent", last_error="sent, then paper out")
    rt.db.close()
    r = run_termpos("--db", str(db), "printer", "done", str(job_id), env=env)
    assert r.returncode == 0 and "confirmed 1 job(s)" in r.stdout, r.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT status FROM print_job").fetchone() == ("done",)
