"""Tests of `termpos import` and `termpos export` through a real subprocess."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.clihelp import run_termpos
from tests.importhelp import SAMPLES, write_csv

GOOD = "code,barcode,name,price,on_hand\nTEA,4006381333931,Green tea,2.50,10\nCAKE,,Cake,3,\n"


def _names(folder: Path) -> dict[str, str]:
    return {"TERMPOS_DB": str(folder / "store.db"),
            "TERMPOS_PEPPER_FILE": str(folder / "pepper"),
            "XDG_CONFIG_HOME": str(folder / "cfg")}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store made by `termpos init`, copied for each test (start-up is the slow part)."""
    folder = tmp_path_factory.mktemp("template")
    done = run_termpos("init", env=_names(folder))
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Path:
    for name in ("store.db", "pepper"):
        shutil.copy(template / name, tmp_path / name)
    return tmp_path


def _env(tmp_path: Path) -> dict[str, str]:
    return _names(tmp_path)


def _count(tmp_path: Path, table: str) -> int:
    with sqlite3.connect(tmp_path / "store.db") as conn:
        return int(conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])


def test_import_then_reimport_and_export(store: Path) -> None:
    tmp_path = store
    env = _env(tmp_path)
    path = write_csv(tmp_path, GOOD)
    done = run_termpos("import", "products", str(path), env=env)
    assert done.returncode == 0, done.stderr
    assert "created" in done.stdout and "Traceback" not in done.stderr
    assert _count(tmp_path, "product") == 2 and _count(tmp_path, "stock_move") == 1
    journal = _count(tmp_path, "journal")
    done = run_termpos("import", "products", str(path), env=env)
    assert done.returncode == 0 and _count(tmp_path, "journal") == journal
    out = tmp_path / "out.csv"
    done = run_termpos("export", "products", "-o", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith(
        "TEA,4006381333931,Green tea,2.50,")


def test_invalid_rows_exit_1_with_line_numbers_and_nothing_changes(store: Path) -> None:
    tmp_path = store
    env = _env(tmp_path)
    path = write_csv(tmp_path, GOOD + "BAD,4.00638E+12,Bad,1\nNOPRICE,,No price,nan\n")
    done = run_termpos("import", "products", str(path), env=env)
    assert done.returncode == 1
    assert "line 4, column 'barcode'" in done.stderr and "scientific notation" in done.stderr
    assert "line 5, column 'price': missing" in done.stderr
    assert "2 invalid rows, nothing was imported" in done.stderr
    assert "Traceback" not in done.stderr
    assert _count(tmp_path, "product") == 0
    rejects = tmp_path / "rejects.csv"
    done = run_termpos("import", "products", str(path), "--skip-invalid", "--rejects",
                       str(rejects), env=env)
    assert done.returncode == 0, done.stderr
    assert _count(tmp_path, "product") == 2
    assert len(rejects.read_text(encoding="utf-8-sig").splitlines()) == 3


def test_counts_say_what_would_happen_when_nothing_is_written(store: Path) -> None:
    tmp_path = store
    env = _env(tmp_path)
    path = write_csv(tmp_path, GOOD + "BAD,,Bad,abc\n")
    rejects = tmp_path / "rejects.csv"
    done = run_termpos("import", "products", str(path), "--rejects", str(rejects), env=env)
    assert done.returncode == 1
    assert "1 invalid row, nothing was imported (fix it," in done.stderr
    assert "to create" in done.stdout and "nothing written" in done.stdout
    assert "1 rejected row written" in done.stdout
    assert rejects.read_text(encoding="utf-8-sig").splitlines()[1].startswith("BAD,,Bad,abc,")
    assert _count(tmp_path, "product") == 0
    done = run_termpos("import", "products", str(path), "--skip-invalid", "--rejects",
                       str(rejects), env=env)
    assert done.returncode == 0, done.stderr
    assert "created" in done.stdout and "to create" not in done.stdout
    assert "nothing written" not in done.stdout
    out = tmp_path / "out.csv"
    done = run_termpos("export", "products", "-o", str(out), env=env)
    assert done.returncode == 0 and "2 rows of products written" in done.stderr


def test_a_repeated_column_is_named_as_not_read(store: Path) -> None:
    tmp_path = store
    env = _env(tmp_path)
    path = write_csv(tmp_path, "code,price,name,Price\nTEA,2.50,Green tea,9.99\n")
    done = run_termpos("import", "products", str(path), env=env)
    assert done.returncode == 0, done.stderr
    assert ("column 4 'Price' is not read: another column gives price (column 2)"
            in done.stdout)
    with sqlite3.connect(tmp_path / "store.db") as conn:
        assert conn.execute('SELECT "price" FROM "product"').fetchall() == [(250,)]
    done = run_termpos("import", "products", str(path), "--show-mapping", env=env)
    assert "another column gives price (column 2)" in done.stdout


def test_usage_errors_exit_2(store: Path) -> None:
    tmp_path = store
    env = _env(tmp_path)
    path = write_csv(tmp_path, GOOD)
    done = run_termpos("import", "products", str(path), "--skip-invalid", env=env)
    assert done.returncode == 2 and "--rejects" in done.stderr
    done = run_termpos("import", "products", str(path), "--map", "name=colour", env=env)
    assert done.returncode == 2 and "unknown field 'colour'" in done.stderr
    done = run_termpos("import", "products", str(path), "--stock", "double", env=env)
    assert done.returncode == 2
    done = run_termpos("export", "sales", "--from", "yesterday", env=env)
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr


def test_show_mapping_and_dry_run(store: Path) -> None:
    tmp_path = store
    env = _env(tmp_path)
    shopify = SAMPLES / "shopify" / "product_template_2019_umsu2.csv"
    done = run_termpos("import", "products", str(shopify), "--show-mapping", env=env)
    assert done.returncode == 0, done.stderr
    assert "preset shopify" in done.stdout and "Variant SKU" in done.stdout
    done = run_termpos("import", "products", str(shopify), "--dry-run", env=env)
    assert done.returncode == 0 and "dry run: nothing was written" in done.stdout
    assert _count(tmp_path, "product") == 0


def test_spreadsheet_and_missing_file_are_refused(store: Path) -> None:
    tmp_path = store
    env = _env(tmp_path)
    xlsx = tmp_path / "catalogue.csv"
    xlsx.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    done = run_termpos("import", "products", str(xlsx), env=env)
    assert done.returncode == 1 and "Excel .xlsx workbook" in done.stderr
    done = run_termpos("import", "products", str(tmp_path / "nope.csv"), env=env)
    assert done.returncode == 1 and "cannot be read" in done.stderr
    assert "Traceback" not in done.stderr


def test_import_customers_cli(store: Path) -> None:
    tmp_path = store
    env = _env(tmp_path)
    path = write_csv(tmp_path, "code,name,phone,email,consent\nC1,Ann,+44 20 7946 0958,"
                     "ann@example.com,yes\nC2,Bo,not a phone,,no\n")
    done = run_termpos("import", "customers", str(path), env=env)
    assert done.returncode == 1 and "line 3, column 'phone'" in done.stderr
    assert _count(tmp_path, "customer") == 0
