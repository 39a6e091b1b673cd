"""Start-up: the till reaches the sale screen without escpos/evdev and never reads the
catalogue as a whole (every query on product is indexed and limited)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import asyncio, datetime as dt, json, os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from termpos.core.clock import FixedClock
from termpos.core.config import Settings
from termpos.services.runtime import open_runtime
from termpos.services.users import ensure_pepper
from tests.tillkit import burst, login_and_open, stock_store

folder = Path(sys.argv[1])
ensure_pepper(folder / "pepper")
os.environ["TERMPOS_PEPPER_FILE"] = str(folder / "pepper")
rt = open_runtime(Settings(), str(folder / "s.db"), clock=FixedClock(dt.datetime(2026, 3, 2, 9)),
                  create=True)
stock_store(rt)
statements = []
rt.db.connection().set_trace_callback(statements.append)
from termpos.app import make_app

async def main():
    app = make_app(rt, console=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await burst(pilot, "4710000000042", enter=True)
        await pilot.press("f2")
        await burst(pilot, "茶")
        assert len(app.screen.hits) == 2, app.screen.hits

asyncio.run(main())
heavy = sorted(m for m in ("escpos", "evdev", "serial", "typer") if m in sys.modules)
print(json.dumps({"heavy": heavy, "sql": statements}))
"""


def test_till_start_path_is_light_and_never_loads_the_catalogue(tmp_path: Path) -> None:
    import json

    r = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), str(ROOT)],
                       capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert result["heavy"] == []
    product_reads = [s for s in result["sql"] if s.lstrip().upper().startswith("SELECT")
                     and ('FROM "product"' in s or 'FROM "product_search"' in s)]
    assert len(product_reads) >= 3  # the scan and the search did query the database
    for sql in product_reads:
        assert "WHERE" in sql and ("LIMIT" in sql or '"id" IN' in sql or "=" in sql), sql


def test_the_till_command_path_imports_no_device_library() -> None:
    """What `termpos till` imports before the app runs: the CLI, the app, its screens."""
    code = (
        "import sys\n"
        "import termpos.cli, termpos.cli.till\n"
        "from termpos.app import make_app\n"
        "import termpos.screens.sale, termpos.screens.login\n"
        "print(sorted(m for m in ('escpos', 'evdev', 'serial') if m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_a_sqlite_till_does_not_load_the_postgresql_driver(tmp_path: Path) -> None:
    """peewee imports psycopg2 when installed (10 ms of start-up); a SQLite till skips it,
    a PostgreSQL till keeps it."""
    code = (
        "import sys\n"
        "from termpos.cli import _skip_postgres_driver\n"
        "from termpos.cli.common import GLOBALS\n"
        "GLOBALS.db = sys.argv[1]\n"
        "_skip_postgres_driver()\n"
        "import peewee\n"
        "print(peewee.psycopg2 is not None)"
    )
    loaded = []
    for url in (str(tmp_path / "s.db"), "postgresql://postgres@127.0.0.1:5432/test",
                "PostgreSQL://postgres@127.0.0.1:5432/test"):
        r = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True,
                           timeout=60, cwd=ROOT)
        assert r.returncode == 0, r.stderr
        loaded.append(r.stdout.strip())
    assert loaded == ["False", "True", "True"]
