"""`termpos report x` and `report z`: the shift's X and Z under the report group."""

from __future__ import annotations

import json
from pathlib import Path

from .clihelp import run_termpos


def test_report_x_and_z(tmp_path: Path) -> None:
    env = {"TERMPOS_DB": str(tmp_path / "s.db")}
    assert run_termpos("init", "--demo", env=env).returncode == 0
    r = run_termpos("report", "x", env=env)
    assert r.returncode == 1 and "no open shift" in r.stderr.lower()
    assert run_termpos("shift", "open", "--user", "cashier", "--pin", "1357", "--float", "100",
                       env=env).returncode == 0
    sold = run_termpos("sale", "--user", "cashier", "--pin", "1357", "--item", "P00001",
                       "--item", "P00002*2", "--pay", "cash:50", env=env)
    assert sold.returncode == 0, sold.stderr
    x = run_termpos("report", "x", "--format", "json", env=env)
    assert x.returncode == 0, x.stderr
    figures = json.loads(x.stdout)["figures"]
    assert figures["sales_count"] == 1 and figures["opening_float"] == 10000
    none_yet = run_termpos("report", "z", env=env)
    assert none_yet.returncode == 1 and "no Z report yet" in none_yet.stderr
    closed = run_termpos("shift", "close", "--user", "cashier", "--pin", "1357", "--counted",
                         "110", env=env)
    assert closed.returncode == 0 and "Z 1" in closed.stdout
    listed = run_termpos("report", "z", env=env)
    assert listed.returncode == 0 and "│ 1 " in listed.stdout
    as_json = run_termpos("report", "z", "--format", "json", env=env)
    assert [z["number"] for z in json.loads(as_json.stdout)] == [1]
    one = run_termpos("report", "z", "--number", "1", "--format", "json", env=env)
    z = json.loads(one.stdout)
    assert z["number"] == 1 and z["figures"]["sales_total"] == figures["sales_total"]
    missing = run_termpos("report", "z", "--number", "7", env=env)
    assert missing.returncode == 1 and "number 7" in missing.stderr
