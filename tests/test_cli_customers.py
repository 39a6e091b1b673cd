"""`termpos customers ...` and `termpos kiosk --help`, run as real subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from termpos.models import Customer, Journal
from termpos.services import customers, loyalty
from termpos.services.runtime import Runtime
from termpos.services.users import create_user
from tests import customerhelp

from .clihelp import run_termpos


@pytest.fixture
def store(sqlite_rt: Runtime, tmp_path: Path) -> list[str]:
    """Global options for a store with a manager and a cashier, phones national to the UK."""
    create_user(sqlite_rt, "boss", "manager", "2468")
    create_user(sqlite_rt, "cat", "cashier", "1357")
    config = tmp_path / "termpos.toml"
    config.write_text('[customers]\ncountry_code = "44"\n[currency]\nsymbol = "£"\n',
                      encoding="utf-8")
    return ["--config", str(config), "--db", str(tmp_path / "store.db")]


def test_add_then_duplicate_and_bad_input_are_one_line(store: list[str]) -> None:
    r = run_termpos(*store, "customers", "add", "--name", "Ann Lee", "--phone", "07700 900123",
                    "--email", "ann@example.com", "--consent", "--birthday", "1990-05-17")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ("customer C00000017 added: Ann Lee +447700900123 "
                                "(consents to offers)")
    row = Customer.get()
    assert row.source == "cli" and row.consent and str(row.birthday) == "1990-05-17"
    dup = run_termpos(*store, "customers", "add", "--name", "Bob", "--phone", "+44 7700-900123")
    assert dup.returncode == 1
    assert dup.stderr.strip() == ("error: phone +447700900123 is already registered to "
                                  "customer C00000017")
    for args, reason in ((["--phone", "0770"], "too short"),
                         (["--phone", "07700 900999", "--birthday", "17/05/1990"], "birthday")):
        bad = run_termpos(*store, "customers", "add", "--name", "Bob", *args)
        assert bad.returncode == 1 and reason in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
    assert Customer.select().count() == 1


def test_show_list_and_export(store: list[str], sqlite_rt: Runtime, tmp_path: Path) -> None:
    ming = customers.create_customer(sqlite_rt, "王小明", "+447700900123")
    customers.create_customer(sqlite_rt, "Bob", "+447700900456", consent=True)
    tea = customerhelp.product(sqlite_rt, "T", "Oolong tea", 250, "Drinks")
    sale = customerhelp.sale(sqlite_rt, ming.id, [(tea, 4)])
    loyalty.earn_for_sale(sqlite_rt, sale.id)
    show = run_termpos(*store, "customers", "show", "07700900123")
    assert show.returncode == 0, show.stderr
    for expected in ("王小明", "C00000017", "points", "10", "£10.00", "Oolong tea", "Drinks",
                     sale.number):
        assert expected in show.stdout, expected
    listed = run_termpos(*store, "customers", "list", "--consent")
    assert "Bob" in listed.stdout and "王小明" not in listed.stdout
    assert "2 customer(s)" in run_termpos(*store, "customers", "list").stdout
    assert run_termpos(*store, "customers", "list", "--since", "May").returncode == 2
    out = tmp_path / "ming.json"
    exported = run_termpos(*store, "customers", "export", ming.code, "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["customer"]["name"] == "王小明" and data["sales"][0]["number"] == sale.number
    again = run_termpos(*store, "customers", "export", ming.code, "-o", str(out))
    assert again.returncode == 2 and "exists" in again.stderr
    stdout_json = json.loads(run_termpos(*store, "customers", "export", "07700 900123").stdout)
    assert stdout_json["loyalty_moves"][0]["points"] == 10
    assert Journal.select().where(Journal.kind == "customer.export").count() == 2
    missing = run_termpos(*store, "customers", "show", "07700 000000")
    assert missing.returncode == 1 and "no customer" in missing.stderr


def test_forget_needs_back_office(store: list[str], sqlite_rt: Runtime) -> None:
    customers.create_customer(sqlite_rt, "Ann", "+447700900123")
    denied = run_termpos(*store, "customers", "forget", "C00000017", "--user", "cat",
                         "--pin", "1357")
    assert denied.returncode == 1 and "may not" in denied.stderr
    wrong = run_termpos(*store, "customers", "forget", "C00000017", "--user", "boss",
                        "--pin", "0000")
    assert wrong.returncode == 1 and "PIN" in wrong.stderr
    ok = run_termpos(*store, "customers", "forget", "C00000017", "--user", "boss",
                     "--pin", "2468")
    assert ok.returncode == 0, ok.stderr
    row = Customer.get()
    assert row.name == "(forgotten)" and row.phone is None and row.forgotten_at is not None
    shown = run_termpos(*store, "customers", "show", "C00000017")
    assert "forgotten" in shown.stdout and "Ann" not in shown.stdout


def test_kiosk_and_customers_are_commands() -> None:
    r = run_termpos("--help")
    assert "kiosk" in r.stdout and "self-registration" in r.stdout and "customers" in r.stdout
