"""Provides the settings dataclasses: every key of a store's and till's config, with defaults.

termpos.core.config reads them from a TOML file; nothing here touches a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from termpos.core.errors import UsageError
from termpos.core.permissions import DEFAULT_MATRIX


class ConfigError(UsageError):
    """A configuration file is missing, unreadable or has a bad key (exit status 2)."""


@dataclass(frozen=True)
class TaxClass:
    """A tax class: code used on products, a name for receipts, a rate in parts per million."""

    code: str
    name: str
    rate_ppm: int


@dataclass(frozen=True)
class BarcodeRule:
    """A variable-measure barcode layout: prefix pattern, item digits, value digits, kind."""

    pattern: str
    item_digits: int
    value_digits: int
    kind: str  # "weight" (grams) or "price" (minor units)


@dataclass(frozen=True)
class PrinterSettings:
    """Where the receipt printer is and how to talk to it."""

    connection: str = "none"  # none | serial:/dev/ttyUSB0 | usb:VID:PID | tcp:HOST:PORT | file:PATH
    baudrate: int = 19200
    flow_control: str = "none"  # none | rtscts | xonxoff
    paper_mm: int = 80
    columns: int = 48
    charset: str = "cp437"  # a code page, gb18030, big5 or raster
    drawer: bool = True
    status_timeout_ms: int = 500
    raster_font: str = ""  # charset raster: a TTF/OTF/TTC font file; "" = look for one


@dataclass(frozen=True)
class ScannerSettings:
    """Which input devices are barcode scanners and how to decode them."""

    devices: tuple[str, ...] = ()
    name_pattern: str = ""
    keymap: str = "us"
    terminator: str = "enter"
    prefix: str = ""
    suffix: str = ""
    wedge_max_gap_ms: int = 50


@dataclass(frozen=True)
class Settings:
    """Everything a till and the back office need to know, with working defaults."""

    source: str = "(defaults)"
    store_name: str = "termpos demo store"
    store_address: str = ""
    store_tax_id: str = ""
    receipt_footer: str = "Thank you!"
    currency_code: str = "EUR"
    currency_exponent: int = 2
    currency_symbol: str = ""
    language: str = "en"
    till_id: str = "T1"
    idle_lock_seconds: int = 300
    tax_mode: str = "inclusive"
    tax_rounding: str = "line"
    tax_classes: tuple[TaxClass, ...] = (
        TaxClass("A", "Standard", 200_000),
        TaxClass("B", "Reduced", 50_000),
    )
    cash_rounding_step: int = 1
    discount_limit_percent_milli: int = 10_000
    stock_adjust_limit: int = 10_000  # milli-units a negative adjustment may take without a manager
    barcode_rules: tuple[BarcodeRule, ...] = (
        BarcodeRule("2[0-4]", 5, 5, "price"),
        BarcodeRule("2[5-9]", 5, 5, "weight"),
        BarcodeRule("02", 5, 5, "price"),
    )
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    scanner: ScannerSettings = field(default_factory=ScannerSettings)
    permissions: dict[str, frozenset[str]] = field(default_factory=lambda: dict(DEFAULT_MATRIX))
    loyalty_spend_per_point: int = 100  # minor units spent for one point; 0 turns loyalty off
    loyalty_point_value: int = 1  # minor units one point is worth as a tender
    kiosk_privacy_text: str = (
        "We keep your name, phone and email to record your purchases and points. "
        "We send offers only if you agree. Ask at the till to see or delete your data."
    )
    kiosk_idle_seconds: int = 60
    customer_country_code: str = ""  # calling code for national phone numbers: "44", "886"
    keymap: dict[str, str] = field(default_factory=dict)
    database_url: str = ""

    def tax_class(self, code: str) -> TaxClass:
        """Returns the tax class with this code; KeyError when there is none."""
        for tc in self.tax_classes:
            if tc.code == code:
                return tc
        raise KeyError(code)
