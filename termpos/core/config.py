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

from termpos.core.configread import (
    TableReader,
    barcode_rules,
    permission_matrix,
    printer_charset,
    printer_connection,
    raster_font_name,
    tax_classes,
)
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


def parse_settings(data: dict[str, Any], source: str = "(memory)") -> Settings:
    """Builds Settings from parsed TOML, refusing unknown keys and wrong types."""
    d = Settings()
    top = TableReader(source, data, "")
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
    classes = tax_classes(tax) if "classes" in tax.table else d.tax_classes
    tax_mode = tax.choice("mode", d.tax_mode, ("inclusive", "exclusive"))
    tax_rounding = tax.choice("rounding", d.tax_rounding, ("line", "document"))
    rules = barcode_rules(barcodes)
    pd = PrinterSettings()
    paper = printer.integer("paper_mm", pd.paper_mm, 58, 80)
    if paper not in (58, 80):
        raise printer.fail("paper_mm", "58 or 80")
    printer_settings = PrinterSettings(
        connection=printer_connection(printer, pd.connection),
        baudrate=printer.integer("baudrate", pd.baudrate, 1200, 921600),
        flow_control=printer.choice("flow_control", pd.flow_control, ("none", "rtscts", "xonxoff")),
        paper_mm=paper,
        columns=printer.integer("columns", 32 if paper == 58 else 48, 24, 64),
        charset=printer_charset(printer, pd.charset),
        drawer=printer.flag("drawer", pd.drawer),
        status_timeout_ms=printer.integer("status_timeout_ms", pd.status_timeout_ms, 50, 10000),
        raster_font=raster_font_name(printer, pd.raster_font),
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
        permissions=permission_matrix(top.sub("permissions")),
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
