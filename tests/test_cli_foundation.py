"""The termpos command: help, version, init --demo, db commands, and one-line errors."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from termpos.core.gtin import is_valid_gtin

from .clihelp import run_termpos


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "var" / "termpos.db"
    result = run_termpos("--db", str(db), "init", "--demo")
    assert result.returncode == 0, result.stderr
    return db


def test_version() -> None:
    r = run_termpos("--version")
    assert r.returncode == 0 and r.stdout.startswith("termpos ")


@pytest.mark.parametrize("argv", [["--help"], ["report", "--help"], ["db", "--help"]])
def test_help_does_not_import_textual_or_escpos(argv: list[str]) -> None:
    code = (
        f"import sys; sys.argv=['termpos', *{argv!r}]\n"
        "from termpos.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "bad=[m for m in ('textual','escpos','evdev') if m in sys.modules]\n"
        "print('HEAVY', bad)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in r.stdout, r.stdout + r.stderr


def test_init_demo_creates_a_believable_store(demo_db: Path) -> None:
    con = sqlite3.connect(demo_db)
    n, = con.execute("SELECT count(*) FROM product").fetchone()
    assert n >= 300
    barcodes = [b for (b,) in con.execute("SELECT barcode FROM product WHERE barcode IS NOT NULL")]
    assert barcodes and all(len(b) == 13 and is_valid_gtin(b) for b in barcodes)
    names = [x for (x,) in con.execute("SELECT name FROM product")]
    assert any("珍珠奶茶" in x for x in names) and any("烏龍茶" in x for x in names)
    assert con.execute("SELECT count(*) FROM product WHERE weighed = 1").fetchone()[0] >= 5
    assert {t for (t,) in con.execute("SELECT DISTINCT tax_class FROM product")} == {"A", "B"}
    no_stock = con.execute(
        "SELECT count(*) FROM product p WHERE COALESCE((SELECT SUM(qty_milli) FROM stock_move m "
        "WHERE m.product_id = p.id), 0) <= COALESCE(p.reorder_level, 0)").fetchone()[0]
    assert no_stock == 0  # opening stock above every reorder level
    roles = dict(con.execute("SELECT name, role FROM user").fetchall())
    assert roles["manager"] == "manager" and roles["cashier"] == "cashier"
    pepper = demo_db.with_name(demo_db.name + ".pepper")
    assert pepper.stat().st_mode & 0o777 == 0o600


def test_init_twice_is_refused(demo_db: Path) -> None:
    r = run_termpos("--db", str(demo_db), "init")
    assert r.returncode == 1
    assert "exists here already" in r.stderr and "Traceback" not in r.stderr


def test_db_check_and_backup(demo_db: Path, tmp_path: Path) -> None:
    r = run_termpos("--db", str(demo_db), "db", "check")
    assert r.returncode == 0 and "ok" in r.stdout
    dest = tmp_path / "copy.db"
    r = run_termpos("--db", str(demo_db), "db", "backup", str(dest))
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(dest)
    assert con.execute("SELECT count(*) FROM product").fetchone()[0] >= 300
    r = run_termpos("--db", str(demo_db), "db", "backup", str(dest))
    assert r.returncode == 1 and "exists" in r.stderr


def test_db_migrate_reports_version(demo_db: Path) -> None:
    r = run_termpos("--db", str(demo_db), "db", "migrate")
    assert r.returncode == 0 and "schema version" in r.stdout


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--db", "/nonexistent/dir/x.db", "db", "check"], 1, "does not exist"),
        (["--db", "mysql://h/d", "db", "check"], 1, "unknown scheme"),
        (["--config", "/nonexistent.toml", "db", "check"], 2, "not found"),
    ],
)
def test_errors_are_one_line(args: list[str], code: int, words: str) -> None:
    r = run_termpos(*args)
    assert r.returncode == code
    assert words in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_bad_config_key_exits_2(tmp_path: Path) -> None:
    cfg = tmp_path / "shop.toml"
    cfg.write_text('[tax]\nmode = "sideways"\n')
    r = run_termpos("--config", str(cfg), "--db", str(tmp_path / "x.db"), "init")
    assert r.returncode == 2
    assert "shop.toml" in r.stderr and "tax.mode" in r.stderr
    assert not (tmp_path / "x.db").exists()


def test_corrupt_database_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    r = run_termpos("--db", str(bad), "db", "check")
    assert r.returncode == 1 and "bad.db" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], {}),
        (["till"], {}),
        (["--db", "x.db", "till"], {"db": "x.db"}),
        (["--config=c.toml", "--debug"], {"config": "c.toml", "debug": True}),
        (["--db"], None),
        (["till", "--help"], None),
        (["--help"], None),
        (["report", "sales"], None),
        (["--version"], None),
    ],
)
def test_till_fast_path_only_for_the_till(argv: list[str], expected: object) -> None:
    from termpos.cli import till_fast_path

    assert till_fast_path(argv) == expected


def test_till_fast_path_skips_typer_and_reports_errors(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    code = (
        f"import sys; sys.argv=['termpos', '--db', {str(missing)!r}, 'till']\n"
        "from termpos.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    print('EXIT', e.code)\n"
        "print('TYPER', 'typer' in sys.modules)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "EXIT 1" in r.stdout and "TYPER False" in r.stdout, r.stdout + r.stderr
    assert "termpos init" in r.stderr and "Traceback" not in r.stderr


def test_error_text_with_markup_is_printed_plainly(tmp_path: Path) -> None:
    bad = tmp_path / "[bold]x[/].toml"
    r = run_termpos("--config", str(bad), "db", "check")
    assert r.returncode == 2 and "[bold]x[/].toml" in r.stderr and "Traceback" not in r.stderr
