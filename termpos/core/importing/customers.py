"""Provides customer presets (termpos, Open Source Point of Sale, Loyverse, Square) and
CustomerReader: one file row -> a CustomerRow or its problems.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from termpos.core.importing.headers import normalise_header
from termpos.core.importing.mapping import Mapping
from termpos.core.importing.phone import normalise_phone
from termpos.core.importing.presets import Preset
from termpos.core.importing.rows import Problem, Skipped, make_plan, read_cells
from termpos.core.importing.values import ValueProblem, clean, parse_bool, parse_text

CUSTOMER_FIELDS: tuple[str, ...] = (
    "code", "name", "first_name", "last_name", "phone", "email", "birthday", "notes",
    "consent", "ignore",
)
_C = dict[str, str]


def _preset(name: str, title: str, columns: _C, *sigs: set[str]) -> Preset:
    return Preset(name, title, columns, tuple(frozenset(s) for s in sigs))


CUSTOMER_PRESETS: dict[str, Preset] = {p.name: p for p in (
    _preset("termpos", "termpos", {
        "code": "code", "name": "name", "phone": "phone", "email": "email",
        "birthday": "birthday", "notes": "notes", "consent": "consent"},
        {"code", "name", "phone", "consent"}),
    _preset("ospos", "Open Source Point of Sale", {
        "first name": "first_name", "last name": "last_name", "email": "email",
        "phone number": "phone", "comments": "notes", "account number": "code",
        "consent": "consent"}, {"first name", "last name", "account number"}),
    _preset("loyverse", "Loyverse", {
        "customer name": "name", "email": "email", "phone": "phone", "note": "notes",
        "customer code": "code"}, {"customer name", "customer code"}),
    _preset("square", "Square", {
        "first name": "first_name", "last name": "last_name", "email address": "email",
        "phone number": "phone", "birthday": "birthday", "memo": "notes",
        "reference id": "code", "email subscription status": "consent"},
        {"first name", "email address", "square customer id"},
        {"first name", "email address", "reference id"}),
)}

CUSTOMER_GENERIC: dict[str, str] = {
    alias: fld for fld, names in {
        "code": "code|customer code|customer id|account number|member number|會員編號|会员编号",
        "name": "name|customer name|full name|姓名|客戶名稱|客户名称",
        "first_name": "first name|given name|firstname|名",
        "last_name": "last name|surname|family name|lastname|姓",
        "phone": "phone|phone number|mobile|telephone|tel|電話|电话|手機|手机",
        "email": "email|e-mail|email address|電子郵件|邮箱",
        "birthday": "birthday|date of birth|dob|生日",
        "notes": "notes|note|comments|comment|memo|備註|备注",
        "consent": "consent|marketing consent|accepts marketing|同意",
    }.items() for alias in names.split("|")
}

_SUBSCRIBED = {"subscribed": True, "unsubscribed": False, "not subscribed": False}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def detect_customer_preset(headers: Sequence[str]) -> str:
    """Names the customer preset whose signature headers are all present, else generic."""
    bases = {normalise_header(h) for h in headers}
    for preset in CUSTOMER_PRESETS.values():
        if any(sig <= bases for sig in preset.signature):
            return preset.name
    return "generic"


def parse_consent(text: str) -> bool | None:
    """Reads consent: yes/no words or Square's subscription status."""
    value = clean(text)
    if value is None:
        return None
    if value.casefold() in _SUBSCRIBED:
        return _SUBSCRIBED[value.casefold()]
    return parse_bool(value)


def parse_email(text: str) -> str | None:
    """Reads an email address (one @, a dot in the domain)."""
    value = clean(text)
    if value is None:
        return None
    if not _EMAIL.match(value) or len(value) > 200:
        raise ValueProblem("{value!r} is not an email address", value=value)
    return value


def parse_birthday(text: str) -> dt.date | None:
    """Reads a birthday as YYYY-MM-DD (Square writes 0000-MM-DD when the year is unknown)."""
    value = clean(text)
    if value is None or value.startswith("0000-"):
        return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 (a date only)
        except ValueError:
            continue
    raise ValueProblem("{value!r} is not a date (YYYY-MM-DD)", value=value)


@dataclass(slots=True)
class CustomerRow:
    """A customer as a file row gives it; None means the file says nothing."""

    line: int
    code: str
    code_given: bool
    name: str
    phone: str | None = None
    email: str | None = None
    birthday: dt.date | None = None
    notes: str | None = None
    consent: bool | None = None


class CustomerReader:
    """Reads customer rows for one mapping."""

    def __init__(self, mapping: Mapping, width: int, country_code: str = "") -> None:
        self.mapping, self.width = mapping, width
        parsers = {
            "code": lambda t: parse_text(t, 32), "name": lambda t: parse_text(t, 200),
            "first_name": parse_text, "last_name": parse_text,
            "phone": lambda t: normalise_phone(t, country_code),
            "email": parse_email, "birthday": parse_birthday,
            "notes": lambda t: parse_text(t, 2000), "consent": parse_consent,
        }
        self.plan = make_plan(mapping, parsers)

    def read(self, line: int, cells: list[str]) -> CustomerRow | Skipped | list[Problem]:
        """Turns one row into a customer row, a skipped empty row or its problems."""
        if not "".join(cells).strip():
            return Skipped(line, "empty row")
        v, problems = read_cells(line, cells, self.width, self.plan)
        if problems:
            return problems
        name = v.get("name") or " ".join(
            p for p in (v.get("first_name"), v.get("last_name")) if p) or None
        if name is None:
            return [Problem(line, "", "no name (first and last name are empty)")]
        code = v.get("code")
        given = code is not None
        if code is None:
            key = "\x1f".join(str(v.get(k) or "") for k in ("phone", "email")) or name
            if key == "\x1f":
                key = name
            code = "C" + hashlib.sha1(key.casefold().encode()).hexdigest()[:11].upper()
        return CustomerRow(line, code, given, name[:200], v.get("phone"), v.get("email"),
                           v.get("birthday"), v.get("notes"), v.get("consent"))
