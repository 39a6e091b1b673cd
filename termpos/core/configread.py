"""Provides the checked reading of one TOML table: typed keys with defaults and ranges, and
the parsers of the settings that are more than one value (tax classes, barcode rules, printer
connection, font, charset, permissions). Every refusal is a ConfigError naming file and key.
"""

from __future__ import annotations

import os
import re
from typing import Any

from termpos.core.charsets import CHARSETS
from termpos.core.connection import FORMS, parse_connection
from termpos.core.money import MoneyError, parse_amount
from termpos.core.permissions import ACTIONS, DEFAULT_MATRIX, ROLES
from termpos.core.settings import BarcodeRule, ConfigError, TaxClass


class TableReader:
    """Reads typed values from one TOML table, naming the key in every error."""

    def __init__(self, source: str, table: dict[str, Any], prefix: str) -> None:
        self.source, self.table, self.prefix = source, table, prefix
        self.used: set[str] = set()

    def fail(self, key: str, expected: str) -> ConfigError:
        got = self.table.get(key)
        return ConfigError(
            "config file {source}: key {prefix}{key}: expected {expected}, got {got!r}",
            source=self.source, prefix=self.prefix, key=key, expected=expected, got=got,
        )

    def get(self, key: str, kind: type | tuple[type, ...], default: Any, expected: str) -> Any:
        self.used.add(key)
        if key not in self.table:
            return default
        value = self.table[key]
        if isinstance(value, bool) and kind is not bool:
            raise self.fail(key, expected)
        if not isinstance(value, kind):
            raise self.fail(key, expected)
        return value

    def text(self, key: str, default: str) -> str:
        return str(self.get(key, str, default, "text"))

    def integer(self, key: str, default: int, low: int = 0, high: int = 10**9) -> int:
        value = int(self.get(key, int, default, f"a whole number from {low} to {high}"))
        if not low <= value <= high:
            raise self.fail(key, f"a whole number from {low} to {high}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        return bool(self.get(key, bool, default, "true or false"))

    def choice(self, key: str, default: str, options: tuple[str, ...]) -> str:
        value = self.text(key, default)
        if value not in options:
            raise self.fail(key, " or ".join(repr(o) for o in options))
        return value

    def amount(self, key: str, default: int, exponent: int) -> int:
        if key not in self.table:
            self.used.add(key)
            return default
        raw = self.get(key, (str, int), default, "an amount such as \"0.05\"")
        try:
            return parse_amount(str(raw), exponent)
        except MoneyError as exc:
            raise self.fail(key, "an amount such as \"0.05\"") from exc

    def sub(self, key: str) -> TableReader:
        value = self.get(key, dict, {}, "a table")
        return TableReader(self.source, value, f"{self.prefix}{key}.")

    def check_unknown(self) -> None:
        for key in self.table:
            if key not in self.used:
                raise ConfigError(
                    "config file {source}: unknown key {prefix}{key}",
                    source=self.source, prefix=self.prefix, key=key,
                )


def rate_ppm(r: TableReader, key: str) -> int:
    raw = r.get(key, (str, int, float), None, "a percentage such as \"5\" or \"8.25\"")
    try:
        value = parse_amount(str(raw).rstrip("%"), 4)  # ten-thousandths of a percent
    except MoneyError as exc:
        raise r.fail(key, "a percentage such as \"5\" or \"8.25\"") from exc
    if not 0 <= value <= 1_000_000:
        raise r.fail(key, "a percentage from 0 to 100")
    return value


def tax_classes(r: TableReader) -> tuple[TaxClass, ...]:
    classes = r.sub("classes")
    out = []
    for code in list(classes.table):
        one = classes.sub(code)
        if one.get("rate", object, None, "") is None:
            raise one.fail("rate", "a percentage such as \"5\"")
        out.append(TaxClass(code, one.text("name", code), rate_ppm(one, "rate")))
        one.check_unknown()
    return tuple(out)


def barcode_rules(r: TableReader) -> tuple[BarcodeRule, ...] | None:
    raw = r.get("rules", list, None, "a list of tables")
    if raw is None:
        return None
    rules = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise r.fail("rules", "a list of tables")
        one = TableReader(r.source, item, f"{r.prefix}rules[{i}].")
        pattern = one.text("pattern", "")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise one.fail("pattern", "a regular expression") from exc
        if not pattern:
            raise one.fail("pattern", "a prefix pattern such as \"2[0-9]\"")
        rule = BarcodeRule(
            pattern,
            one.integer("item_digits", 5, 1, 10),
            one.integer("value_digits", 5, 1, 10),
            one.choice("kind", "price", ("price", "weight")),
        )
        one.check_unknown()
        rules.append(rule)
    return tuple(rules)


def printer_connection(r: TableReader, default: str) -> str:
    value = r.text("connection", default)
    try:
        parse_connection(value)
    except ValueError as exc:
        raise r.fail("connection", FORMS) from exc
    return value


def raster_font_name(r: TableReader, default: str) -> str:
    value = r.text("raster_font", default)
    if value and not os.path.isfile(value):
        raise r.fail("raster_font", "a font file that exists (TTF, OTF or TTC)")
    return value


def printer_charset(r: TableReader, default: str) -> str:
    value = r.text("charset", default)
    if value not in CHARSETS:
        raise r.fail("charset", "a code page (cp437, cp858, cp1252, ...), \"gb18030\", "
                     "\"big5\" or \"raster\"")
    return value


def permission_matrix(r: TableReader) -> dict[str, frozenset[str]]:
    matrix = dict(DEFAULT_MATRIX)
    for role in list(r.table):
        if role not in ROLES:
            raise ConfigError(
                "config file {source}: key {prefix}{role}: expected a role ({roles})",
                source=r.source, prefix=r.prefix, role=role, roles=', '.join(ROLES),
            )
        actions = r.get(role, list, [], "a list of action names")
        for action in actions:
            if action not in ACTIONS:
                raise ConfigError(
                    "config file {source}: key {prefix}{role}: unknown action {action!r} (known: "
                    "{actions})",
                    source=r.source, prefix=r.prefix, role=role, action=action,
                    actions=', '.join(ACTIONS),
                )
        matrix[role] = frozenset(actions)
    return matrix
