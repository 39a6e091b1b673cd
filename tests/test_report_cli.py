"""`termpos report` as a real process: formats parse back, exit codes, one-line messages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from termpos.core.config import Settings
from termpos.core.errors import NotFound, UsageError
from termpos.services.runtime import open_runtime

from .clihelp import run_termpos
from .history import History, generate

SPAN = ["--from", "2026-02-02", "--to", "2026-02-15"]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, History]:
    path = tmp_path_factory.mktemp("cli") / "shop.db"
    rt = open_runtime(Settings(), str(path), create=True)
    hist = generate(rt, seed=9, first_day=dt.date(2026, 2, 2), days=14, sales_per_day=12,
                    products=30, customers=10)
    rt.db.close()
    return path, hist


def report(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_termpos("--db", str(db), "report", *args)


def invoke(db: Path, *args: str) -> Result:
    """Runs the command in this process (for the many format checks)."""
    from termpos.cli import app

    return CliRunner().invoke(app, ["--db", str(db), "report", *args])


def test_sales_json_and_csv_carry_exact_decimal_amounts(shop: tuple[Path, History]) -> None:
    db, hist = shop
    net = sum(s["total"] for s in hist.rows("sale"))
    r = report(db, "sales", *SPAN, "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["report"] == "sales" and doc["from"] == "2026-02-02" and len(doc["rows"]) == 14
    assert Decimal(doc["summary"]["net"]) * 100 == net
    assert sum(Decimal(row["net"]) for row in doc["rows"]) * 100 == net
    assert all(isinstance(row["sales"], int) for row in doc["rows"])
    r2 = invoke(db, "sales", *SPAN, "--format", "csv", "--by", "week")
    assert r2.exit_code == 0, r2.output
    rows = list(csv.DictReader(io.StringIO(r2.stdout)))
    assert [row["period"] for row in rows] == ["2026-W06", "2026-W07"]
    assert sum(Decimal(row["net"]) for row in rows) * 100 == net
    assert Decimal(rows[0]["refunded"]) <= 0  # a refund stays a plain negative number


def test_table_shows_chart_and_totals(shop: tuple[Path, History]) -> None:
    db, _ = shop
    r = report(db, "sales", *SPAN)
    assert r.returncode == 0, r.stderr
    assert "Sales by day" in r.stdout and "█" in r.stdout and "Net:" in r.stdout
    assert not set(r.stdout) & set("▁▊▎▏▔━┃┏")  # Linux console font glyphs only
    r2 = invoke(db, "hourly", *SPAN)
    assert r2.exit_code == 0 and "Mon" in r2.stdout and ("▓" in r2.stdout or "█" in r2.stdout)


@pytest.mark.parametrize("name", ["products", "categories", "abc", "cashiers", "payments",
                                  "tax", "refunds", "customers", "basket", "stock", "reorder",
                                  "dead-stock"])
def test_every_report_runs_in_every_format(shop: tuple[Path, History], name: str) -> None:
    db, _ = shop
    span = [] if name in ("stock", "dead-stock") else SPAN
    if name == "dead-stock":
        span = ["--to", "2026-02-15", "--days", "10"]
    r = invoke(db, name, *span, "--format", "json", "--limit", "5")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["rows"] and len(doc["rows"]) <= 5
    keys = [c["key"] for c in doc["columns"]]
    assert all(list(row) == keys for row in doc["rows"])
    r = invoke(db, name, *span, "--format", "csv")
    assert r.exit_code == 0, r.output
    assert next(csv.reader(io.StringIO(r.stdout))) == keys
    r = invoke(db, name, *span)
    assert r.exit_code == 0 and doc["title"] in r.stdout, r.output


def test_customer_history_by_phone(shop: tuple[Path, History]) -> None:
    db, hist = shop
    c = hist.rows("customer")[0]
    r = report(db, "customers", *SPAN, "--customer", c["phone"])
    assert r.returncode == 0, r.stderr
    assert c["code"] in r.stdout and "Visits:" in r.stdout
    r2 = invoke(db, "customers", "--customer", "0000")
    assert isinstance(r2.exception, NotFound) and "no customer" in str(r2.exception)


def test_bad_option_is_one_line_exit_2(shop: tuple[Path, History]) -> None:
    db, _ = shop
    r = report(db, "sales", "--from", "someday")
    assert r.returncode == 2 and "--from 'someday'" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["sales", "--format", "xml"], "--format 'xml'"),
        (["sales", "--by", "year"], "--by 'year'"),
        (["products", "--by", "colour"], "--by 'colour'"),
        (["sales", "--from", "2026-03-01", "--to", "2026-02-01"], "after --to"),
    ],
)
def test_bad_options_are_usage_errors(shop: tuple[Path, History], args: list[str],
                                      words: str) -> None:
    r = invoke(shop[0], *args)
    assert isinstance(r.exception, UsageError) and words in str(r.exception)


def test_missing_database_and_empty_period(shop: tuple[Path, History], tmp_path: Path) -> None:
    r = report(tmp_path / "none.db", "sales")
    assert r.returncode == 1 and "no store here yet" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "none.db").exists()
    db, _ = shop
    r2 = invoke(db, "sales", "--from", "2020-01-01", "--to", "2020-01-31")
    assert r2.exit_code == 0 and r2.stdout.strip() == "no sales or refunds from 2020-01-01 to " \
        "2020-01-31"
    r2 = invoke(db, "refunds", "--from", "2020-01-01", "--to", "2020-01-02", "--format", "json")
    assert r2.exit_code == 0 and json.loads(r2.stdout)["rows"] == []
    assert "no refunds" in r2.stderr


def test_report_help_lists_the_reports() -> None:
    from termpos.cli import app

    r = CliRunner().invoke(app, ["report", "--help"])
    assert r.exit_code == 0
    for name in ("sales", "hourly", "products", "cashiers", "reorder", "dead-stock", "basket"):
        assert name in r.stdout, r.stdout


def test_running_a_report_imports_no_textual(shop: tuple[Path, History]) -> None:
    db, _ = shop
    argv = ["termpos", "--db", str(db), "report", "products", *SPAN]
    code = (
        f"import sys; sys.argv={argv!r}\n"
        "from termpos.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "bad=[m for m in ('textual','escpos','evdev') if m in sys.modules]\n"
        "print('HEAVY', bad)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in r.stdout, r.stdout + r.stderr
    assert "Top products by revenue" in r.stdout


def test_basket_min_together(shop: tuple[Path, History]) -> None:
    """--min-together narrows the pairs; below 2 is refused as one line, exit 2."""
    db, _ = shop
    span = ["--from", "2026-02-02", "--to", "2026-02-15", "--format", "json", "--limit", "999"]
    every = json.loads(invoke(db, "basket", *span).stdout)["rows"]
    often = json.loads(invoke(db, "basket", *span, "--min-together", "9").stdout)["rows"]
    assert min(r["together"] for r in every) == 2
    assert often == [r for r in every if r["together"] >= 9] and 0 < len(often) < len(every)
    bad = report(db, "basket", "--min-together", "1")
    assert bad.returncode == 2 and "--min-together" in bad.stderr, bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def in_terminal(db: Path, *args: str, columns: int = 80) -> str:
    """The report as a manager sees it in a terminal of this width (a real pty)."""
    import fcntl
    import os
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen([sys.executable, "-m", "termpos", "--db", str(db), "report", *args],
                            stdout=slave, stderr=slave, env={**env, "TERM": "xterm"})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(master)
    import re

    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.decode()).replace("\r", "")


@pytest.mark.parametrize("args", [["sales", "--by", "week"], ["cashiers"], ["stock"],
                                  ["products"]])
def test_wide_reports_keep_every_column_at_80_columns(shop: tuple[Path, History],
                                                      args: list[str]) -> None:
    """A table wider than the terminal is split, each part repeating the first column:
    no column shrinks out of sight, no header is cut, no line wraps."""
    from termpos.core.textwidth import text_width

    db, _ = shop
    span = [] if args[0] == "stock" else SPAN
    text = in_terminal(db, *args, *span)
    lines = text.splitlines()
    assert lines and max(text_width(line) for line in lines) <= 80, text
    wide = json.loads(invoke(db, *args, *span, "--format", "json").stdout)
    titles = {"sales": ["Period", "Sales", "Refunds", "Net", "Avg basket"],
              "cashiers": ["Cashier", "Sales", "Items/min", "No-sales"],
              "stock": ["Code", "Product", "On hand", "Value at cost"],
              "products": ["Code", "Product", "Revenue", "Margin %"]}[args[0]]
    for title in titles:
        assert title in text, (title, text)
    first = titles[0]
    assert text.count(first) >= (2 if args[0] in ("sales", "cashiers") else 1)
    assert wide["rows"]
