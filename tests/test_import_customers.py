"""Tests of importing customers: the four formats, phone normalising, matching, forgetting."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from termpos.models import Customer
from termpos.services.exporter import export
from termpos.services.importer.customers import import_customers
from termpos.services.importer.run import ImportOptions
from termpos.services.runtime import Runtime
from tests.importhelp import write_csv

LOYVERSE = ("Customer name,Email,Phone,Address,City,Customer code,Note,Total visits\n"
            "Mei Lin,mei@example.tw,0912-345-678,,Taipei,L001,likes oolong,12\n"
            "Bob,,,,,L002,,1\n")
SQUARE = ("First Name,Last Name,Email Address,Phone Number,Birthday,Memo,Reference ID,"
          "Email Subscription Status,Square Customer ID\n"
          "Ann,Lee,ann@example.com,+1 (585) 555-1111,1990-04-01,,R1,subscribed,SQ1\n"
          "Tom,,tom@example.com,,0000-05-12,,R2,unsubscribed,SQ2\n")



def test_loyverse_customers(rt: Runtime, tmp_path: Path) -> None:
    result = import_customers(rt, write_csv(tmp_path, LOYVERSE), ImportOptions())
    assert (result.preset, result.created) == ("loyverse", 2)
    mei = Customer.get(Customer.code == "L001")
    assert (mei.name, mei.phone, mei.email, mei.notes) == (
        "Mei Lin", "0912345678", "mei@example.tw", "likes oolong")
    again = import_customers(rt, write_csv(tmp_path, LOYVERSE), ImportOptions())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_square_customers_birthday_and_consent(sqlite_rt: Runtime, tmp_path: Path) -> None:
    result = import_customers(sqlite_rt, write_csv(tmp_path, SQUARE), ImportOptions())
    assert (result.preset, result.created) == ("square", 2)
    ann = Customer.get(Customer.code == "R1")
    assert (ann.name, ann.phone, ann.birthday, ann.consent) == (
        "Ann Lee", "+15855551111", dt.date(1990, 4, 1), True)
    tom = Customer.get(Customer.code == "R2")
    assert tom.birthday is None and tom.consent is False


def test_match_by_phone_updates_and_forgotten_stay_forgotten(
        sqlite_rt: Runtime, tmp_path: Path) -> None:
    import_customers(sqlite_rt, write_csv(tmp_path, LOYVERSE), ImportOptions())
    update = write_csv(tmp_path, "name,phone,email\nMei L.,0912 345 678,new@example.tw\n",
                       "u.csv")
    result = import_customers(sqlite_rt, update, ImportOptions())
    assert (result.created, result.updated) == (0, 1)
    assert Customer.get(Customer.code == "L001").email == "new@example.tw"
    Customer.update(forgotten_at=dt.datetime(2026, 1, 1), name="", phone=None, email="").where(
        Customer.code == "L001").execute()
    result = import_customers(sqlite_rt, write_csv(tmp_path, LOYVERSE), ImportOptions())
    assert result.skipped["customer asked to be forgotten: not imported again"] == 1
    assert Customer.get(Customer.code == "L001").name == ""


def test_customers_export_round_trip(sqlite_rt: Runtime, tmp_path: Path) -> None:
    import_customers(sqlite_rt, write_csv(tmp_path, SQUARE), ImportOptions())
    out = io.StringIO()
    export(sqlite_rt, "customers", out)
    path = write_csv(tmp_path, out.getvalue(), "export.csv")
    result = import_customers(sqlite_rt, path, ImportOptions())
    assert (result.preset, result.unchanged, result.rejected) == ("termpos", 2, 0)


@pytest.mark.parametrize(("text", "message"), [
    ("name,phone\nAnn,12\n", "line 2, column 'phone': phone '12': too short"),
    ("name,email\nAnn,not-an-email\n", "line 2, column 'email': 'not-an-email' is not an email"),
    ("name,phone\n,0912345678\n", "line 2: no name"),
    ("name,phone\nAnn,0912345678\nBea,0912-345-678\n",
     "line 3: duplicate: the same customer as line 2"),
])
def test_customer_problems(sqlite_rt: Runtime, tmp_path: Path, text: str, message: str) -> None:
    result = import_customers(sqlite_rt, write_csv(tmp_path, text), ImportOptions())
    assert not result.committed and str(result.problems[0]).startswith(message)
    assert Customer.select().count() == 0


def test_imported_phones_are_stored_as_the_till_stores_them(
    sqlite_rt: Runtime, tmp_path: Path
) -> None:
    """With a country code set, a national number imports in the same form the till uses."""
    import dataclasses

    from termpos.services.customers import phone_of

    rt = dataclasses.replace(sqlite_rt, settings=dataclasses.replace(
        sqlite_rt.settings, customer_country_code="886"))
    path = tmp_path / "c.csv"
    path.write_text("name,phone\nAnn,0912-345-678\n", encoding="utf-8")
    result = import_customers(rt, path, ImportOptions())
    assert result.created == 1
    stored = Customer.get().phone
    assert stored == phone_of(rt, "0912 345 678") == "+886912345678"
