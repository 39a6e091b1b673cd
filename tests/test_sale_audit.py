"""The audit: a clean history verifies; tampering with journal or sale rows is found."""

from __future__ import annotations

import re

import pytest
from peewee import PostgresqlDatabase

from termpos.core.tenders import TenderInput
from termpos.models import Journal
from termpos.services import audit, basket, checkout
from termpos.services.runtime import Runtime
from tests.salehelp import BARCODE_SOAP, make_shop

TABLES = ("sale", "sale_line", "sale_tax", "tender", "journal")


def drop_triggers(rt: Runtime) -> None:
    """What an attacker with the database file would do first."""
    for table in TABLES:
        if isinstance(rt.db, PostgresqlDatabase):
            rt.db.execute_sql(f'DROP TRIGGER "{table}_immutable" ON "{table}"')
        else:
            rt.db.execute_sql(f'DROP TRIGGER "{table}_no_update"')
            rt.db.execute_sql(f'DROP TRIGGER "{table}_no_delete"')


def three_sales(rt: Runtime) -> None:
    shop = make_shop(rt)
    for _ in range(3):
        cart = basket.open_basket(rt, shop.cashier)
        basket.scan(rt, cart.id, BARCODE_SOAP)
        basket.scan(rt, cart.id, "P3", 2000)
        checkout.complete_sale(rt, cart.id, shop.cashier, [TenderInput("cash", 2000)])


TAMPERING = [
    ("UPDATE sale SET total = total - 100 WHERE number = 'T1-000002'",
     "document T1-000002: changed since journal entry"),
    ("UPDATE sale_line SET qty_milli = 1000 WHERE qty_milli = 2000 AND sale_id = 3",
     "document T1-000003: changed"),
    ("UPDATE tender SET amount = 1500 WHERE sale_id = 1", "document T1-000001: changed"),
    ("UPDATE sale_tax SET tax = tax + 1 WHERE sale_id = 2", "document T1-000002: changed"),
    ("DELETE FROM sale_line WHERE sale_id = 1 AND seq = 2", "document T1-000001: changed"),
    ("DELETE FROM tender WHERE sale_id = 2", "document T1-000002"),
    ("UPDATE journal SET actor = 'someone' WHERE kind = 'sale'", "journal entry .*hash"),
    ("UPDATE journal SET payload = replace(payload, 'cashier', 'boss') WHERE kind = 'user.add'",
     "journal entry 1 .user.add.: hash does not match"),
    ("UPDATE journal SET payload = replace(payload, '\"lines\": 2', '\"lines\": 1') "
     "WHERE kind = 'sale'",
     "journal entry 5 .sale.: hash does not match"),
]


def tamper(rt: Runtime, sql: str, found: str) -> None:
    rt.db.execute_sql(sql)
    report = audit.verify(rt)
    assert not report.ok and report.problem is not None
    assert re.search(found, report.problem), report.problem


@pytest.mark.parametrize(("sql", "found"), TAMPERING)
def test_tampering_is_found(sqlite_rt: Runtime, sql: str, found: str) -> None:
    three_sales(sqlite_rt)
    assert audit.verify(sqlite_rt).ok
    drop_triggers(sqlite_rt)
    tamper(sqlite_rt, sql, found)


def test_tampering_is_found_on_both_databases(rt: Runtime) -> None:
    three_sales(rt)
    drop_triggers(rt)
    tamper(rt, TAMPERING[3][0], TAMPERING[3][1])  # a tax row
    rt.db.execute_sql("UPDATE sale_tax SET tax = tax - 1 WHERE sale_id = 2")  # put back
    assert audit.verify(rt).ok
    tamper(rt, TAMPERING[6][0], TAMPERING[6][1])  # a journal row


def test_a_deleted_sale_leaves_a_gap(sqlite_rt: Runtime) -> None:
    three_sales(sqlite_rt)
    drop_triggers(sqlite_rt)
    sqlite_rt.db.execute_sql("PRAGMA foreign_keys = OFF")
    for table in ("sale_line", "sale_tax", "tender"):
        sqlite_rt.db.execute_sql(f"DELETE FROM {table} WHERE sale_id = 2")
    sqlite_rt.db.execute_sql("DELETE FROM sale WHERE id = 2")
    problem = audit.verify(sqlite_rt).problem or ""
    assert "T1-000002" in problem and "missing" in problem


def test_a_removed_journal_entry_breaks_the_chain(sqlite_rt: Runtime) -> None:
    three_sales(sqlite_rt)
    drop_triggers(sqlite_rt)
    middle = Journal.select().order_by(Journal.id).offset(3).first()
    assert middle is not None
    sqlite_rt.db.execute_sql("DELETE FROM journal WHERE id = ?", (middle.id,))
    assert audit.verify(sqlite_rt).problem == f"journal entry {middle.id}: missing (next is " \
        f"{middle.id + 1})"


def test_log_filters(rt: Runtime) -> None:
    three_sales(rt)
    sales = audit.log(rt, kind="sale")
    assert [e.payload["number"] for e in sales] == ["T1-000003", "T1-000002", "T1-000001"]
    assert len(audit.log(rt, kind="sale", limit=2)) == 2
    assert {e.kind for e in audit.log(rt, kind="shift")} == {"shift.open"}
    later = rt.clock.now().replace(year=2030)
    assert audit.log(rt, since=later) == []
    assert len(audit.log(rt, until=later, limit=1000)) == Journal.select().count()
