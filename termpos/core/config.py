"""Provides the settings of a store and till, read from a TOML file and checked key by key.

Every key has a default, so a till runs with no file at all. A bad file raises ConfigError
naming the file, the key and what was expected; callers turn it into a one-line message.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from termpos.core.charsets import CHARSETS
from termpos.core.connection import FORMS, parse_connection
from termpos.core.money import MoneyError, parse_amount
from termpos.core.permissions import ACTIONS, DEFAULT_MATRIX, ROLES
from termpos.core.phone import valid_country_code
from termpos.core.settings import (
    BarcodeRule,
    ConfigError,
    PrinterSettings,
    ScannerSettings,
    Settings,
    TaxClass,
)
from termpos.core.tillkeys import check_keymap

__all__ = [
    "BarcodeRule", "ConfigError", "PrinterSettings", "ScannerSettings", "Settings", "TaxClass",
    "default_config_paths", "find_config", "load_settings", "parse_settings",
]


def default_config_paths() -> list[Path]:
    """Lists the places searched for a config file after --config and TERMPOS_CONFIG."""
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return [Path(xdg) / "termpos" / "termpos.toml", Path("/etc/termpos/termpos.toml")]


def find_config(explicit: str | None) -> Path | None:
    """Finds the config file: --config, then TERMPOS_CONFIG, then the user's, then /etc."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("TERMPOS_CONFIG")
    if env:
        return Path(env)
    for path in default_config_paths():
        if path.is_file():
            return path
    return None


def load_settings(explicit: str | None = None) -> Settings:
    """Finds and reads the config file, or returns the defaults when there is none."""
    path = find_config(explicit)
    if path is None:
        return Settings()
    if not path.is_file():
        raise ConfigError("config file {path}: not found", path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            "config file {path}: cannot be read ({error})",
            path=path, error=exc,
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            "config file {path}: not valid TOML ({error})",
            path=path, error=exc,
        ) from exc
    return parse_settings(data, str(path))


class _Reader:
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

    def sub(self, key: str) -> _Reader:
        value = self.get(key, dict, {}, "a table")
        return _Reader(self.source, value, f"{self.prefix}{key}.")

    def check_unknown(self) -> None:
        for key in self.table:
            if key not in self.used:
                raise ConfigError(
                    "config file {source}: unknown key {prefix}{key}",
                    source=self.source, prefix=self.prefix, key=key,
                )


def _rate_ppm(r: _Reader, key: str) -> int:
    raw = r.get(key, (str, int, float), None, "a percentage such as \"5\" or \"8.25\"")
    try:
        value = parse_amount(str(raw).rstrip("%"), 4)  # ten-thousandths of a percent
    except MoneyError as exc:
        raise r.fail(key, "a percentage such as \"5\" or \"8.25\"") from exc
    if not 0 <= value <= 1_000_000:
        raise r.fail(key, "a percentage from 0 to 100")
    return value


def _tax_classes(r: _Reader) -> tuple[TaxClass, ...]:
    classes = r.sub("classes")
    out = []
    for code in list(classes.table):
        one = classes.sub(code)
        if one.get("rate", object, None, "") is None:
            raise one.fail("rate", "a percentage such as \"5\"")
        out.append(TaxClass(code, one.text("name", code), _rate_ppm(one, "rate")))
        one.check_unknown()
    return tuple(out)


def _barcode_rules(r: _Reader) -> tuple[BarcodeRule, ...] | None:
    raw = r.get("rules", list, None, "a list of tables")
    if raw is None:
        return None
    rules = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise r.fail("rules", "a list of tables")
        one = _Reader(r.source, item, f"{r.prefix}rules[{i}].")
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


def _connection(r: _Reader, default: str) -> str:
    value = r.text("connection", default)
    try:
        parse_connection(value)
    except ValueError as exc:
        raise r.fail("connection", FORMS) from exc
    return value


def _font(r: _Reader, default: str) -> str:
    value = r.text("raster_font", default)
    if value and not os.path.isfile(value):
        raise r.fail("raster_font", "a font file that exists (TTF, OTF or TTC)")
    return value


def _charset(r: _Reader, default: str) -> str:
    value = r.text("charset", default)
    if value not in CHARSETS:
        raise r.fail("charset", "a code page (cp437, cp858, cp1252, ...), \"gb18030\", "
                     "\"big5\" or \"raster\"")
    return value


def _permissions(r: _Reader) -> dict[str, frozenset[str]]:
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


def parse_settings(data: dict[str, Any], source: str = "(memory)") -> Settings:
    """Builds Settings from parsed TOML, refusing unknown keys and wrong types."""
    d = Settings()
    top = _Reader(source, data, "")
    store = top.sub("store")
    currency = top.sub("currency")
    exponent = currency.integer("exponent", d.currency_exponent, 0, 4)
    till = top.sub("till")
    tax = top.sub("tax")
    cash = top.sub("cash")
    disc = top.sub("discounts")
    stock = top.sub("stock")
    barcodes = top.sub("barcodes")
    printer = top.sub("printer")
    scanner = top.sub("scanner")
    loyalty = top.sub("loyalty")
    kiosk = top.sub("kiosk")
    customers = top.sub("customers")
    keys = top.sub("keys")
    database = top.sub("database")
    locale = top.sub("locale")
    classes = _tax_classes(tax) if "classes" in tax.table else d.tax_classes
    tax_mode = tax.choice("mode", d.tax_mode, ("inclusive", "exclusive"))
    tax_rounding = tax.choice("rounding", d.tax_rounding, ("line", "document"))
    rules = _barcode_rules(barcodes)
    pd = PrinterSettings()
    paper = printer.integer("paper_mm", pd.paper_mm, 58, 80)
    if paper not in (58, 80):
        raise printer.fail("paper_mm", "58 or 80")
    printer_settings = PrinterSettings(
        connection=_connection(printer, pd.connection),
        baudrate=printer.integer("baudrate", pd.baudrate, 1200, 921600),
        flow_control=printer.choice("flow_control", pd.flow_control, ("none", "rtscts", "xonxoff")),
        paper_mm=paper,
        columns=printer.integer("columns", 32 if paper == 58 else 48, 24, 64),
        charset=_charset(printer, pd.charset),
        drawer=printer.flag("drawer", pd.drawer),
        status_timeout_ms=printer.integer("status_timeout_ms", pd.status_timeout_ms, 50, 10000),
        raster_font=_font(printer, pd.raster_font),
    )
    sd = ScannerSettings()
    devices = scanner.get("devices", list, list(sd.devices), "a list of device paths")
    scanner_settings = ScannerSettings(
        devices=tuple(str(x) for x in devices),
        name_pattern=scanner.text("name_pattern", sd.name_pattern),
        keymap=scanner.choice("keymap", sd.keymap, ("us", "uk", "de", "fr")),
        terminator=scanner.choice("terminator", sd.terminator, ("enter", "tab")),
        prefix=scanner.text("prefix", sd.prefix),
        suffix=scanner.text("suffix", sd.suffix),
        wedge_max_gap_ms=scanner.integer("wedge_max_gap_ms", sd.wedge_max_gap_ms, 5, 1000),
    )
    key_map = {k: str(keys.get(k, str, "", "a key name such as \"f5\"")) for k in list(keys.table)}
    problem = check_keymap(key_map)
    if problem is not None:
        raise ConfigError("config file {source}: [keys] {error}", source=source, error=problem)
    settings = Settings(
        source=source,
        store_name=store.text("name", d.store_name),
        store_address=store.text("address", d.store_address),
        store_tax_id=store.text("tax_id", d.store_tax_id),
        receipt_footer=store.text("receipt_footer", d.receipt_footer),
        currency_code=currency.text("code", d.currency_code),
        currency_exponent=exponent,
        currency_symbol=currency.text("symbol", d.currency_symbol),
        language=locale.choice("language", d.language, ("en", "zh_TW")),
        till_id=till.text("id", d.till_id),
        idle_lock_seconds=till.integer("idle_lock_seconds", d.idle_lock_seconds, 0, 86400),
        tax_mode=tax_mode,
        tax_rounding=tax_rounding,
        tax_classes=classes,
        cash_rounding_step=cash.amount("rounding_step", d.cash_rounding_step, exponent) or 1,
        discount_limit_percent_milli=disc.integer("cashier_max_percent", 10, 0, 100) * 1000,
        stock_adjust_limit=stock.integer("negative_adjust_limit", 10, 0, 10**6) * 1000,
        barcode_rules=rules if rules is not None else d.barcode_rules,
        printer=printer_settings,
        scanner=scanner_settings,
        permissions=_permissions(top.sub("permissions")),
        loyalty_spend_per_point=loyalty.amount("spend_per_point", d.loyalty_spend_per_point,
                                               exponent),
        loyalty_point_value=loyalty.amount("point_value", d.loyalty_point_value, exponent),
        kiosk_privacy_text=kiosk.text("privacy_text", d.kiosk_privacy_text),
        kiosk_idle_seconds=kiosk.integer("idle_seconds", d.kiosk_idle_seconds, 5, 3600),
        customer_country_code=customers.text("country_code", d.customer_country_code),
        keymap=key_map,
        database_url=database.text("url", d.database_url),
    )
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,8}", settings.till_id):
        raise till.fail("id", "1 to 8 letters, digits, '-' or '_'")
    if not valid_country_code(settings.customer_country_code):
        raise customers.fail("country_code", "a calling code of 1 to 3 digits such as \"44\"")
    if not settings.tax_classes:
        raise tax.fail("classes", "at least one tax class")
    for reader in (store, currency, till, tax, cash, disc, stock, barcodes, printer, scanner,
                   loyalty, kiosk, customers, database, locale, top):
        reader.check_unknown()
    return settings
