"""The real python-escpos Serial writing into a pseudo-terminal pair, decoded by the parser."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from termpos.core.config import PrinterSettings
from termpos.devices.printer import PrinterError, ReceiptPrinter, parse_connection
from tests.pty_printer import PtyPrinter
from tests.receipts import latin, simplified, traditional


@pytest.fixture
def pty() -> Iterator[PtyPrinter]:
    p = PtyPrinter()
    yield p
    p.close()


def _printer(pty: PtyPrinter, charset: str, columns: int = 48) -> ReceiptPrinter:
    settings = PrinterSettings(connection=pty.connection, charset=charset, columns=columns,
                               status_timeout_ms=150)
    return ReceiptPrinter(settings)


def test_latin_receipt_on_serial(pty: PtyPrinter) -> None:
    with _printer(pty, "cp858") as printer:
        printer.print_receipt(latin())
    page = pty.page()
    assert page.inits == 1 and page.code_pages == [19]
    head = page.lines[0]
    assert (head.text, head.align, head.bold, head.size) == ("Café Corner", "center", True,
                                                             (2, 2))
    assert page.find("Crème brûlée").text.endswith("7.00 B")
    assert page.find("Cashier Zoë").align == "left"
    total = page.find("TOTAL")
    assert total.bold and total.size == (2, 2) and total.text.endswith("£19.30")
    assert page.find("Customer").text.endswith("Ana Núñez")
    assert page.barcodes == [(73, b"{BT1-000042")]
    assert page.cuts == 1 and page.drawer_pulses == []
    assert not any(line.double_byte for line in page.lines)


def test_traditional_chinese_big5_on_serial(pty: PtyPrinter) -> None:
    with _printer(pty, "big5", 32) as printer:
        printer.print_receipt(traditional())
    page = pty.page("big5")
    raw = bytes(pty.data)
    assert b"\x1c&" + "珍珠奶茶".encode("big5") + b"\x1c." in raw
    line = page.find("珍珠奶茶")
    assert line.double_byte and line.text.endswith("110 A")
    assert page.find("總計").text.endswith("NT$430")
    assert page.find("收銀員 王小明").double_byte
    assert "謝謝光臨" in page.texts and page.code_pages == []


def test_simplified_chinese_gb18030_on_serial(pty: PtyPrinter) -> None:
    with _printer(pty, "gb18030", 42) as printer:
        printer.print_receipt(simplified())
    page = pty.page("gb18030")
    assert page.find("绿茶饮料").text.endswith("12 A")
    assert page.find("上海便利店").size == (2, 2)
    assert "欢迎再次光临" in page.texts
    assert b"\x1c&" + "绿茶饮料".encode("gb18030") + b"\x1c." in bytes(pty.data)


def test_drawer_kick(pty: PtyPrinter) -> None:
    with _printer(pty, "cp437") as printer:
        printer.kick_drawer()
    assert pty.page().drawer_pulses == [(0, 25, 250)]


@pytest.mark.parametrize(("mode", "state"), [
    ("ok", "ok"), ("silent", "unknown"), ("paper out", "paper out"),
    ("cover open", "cover open")])
def test_status_over_dle_eot(pty: PtyPrinter, mode: str, state: str) -> None:
    pty.mode = mode
    with _printer(pty, "cp437") as printer:
        assert printer.status().state == state
    assert pty.status_asked >= 1
    assert pty.page().status_requests[0] == 1


def test_peer_closed_is_gone_not_a_traceback(pty: PtyPrinter) -> None:
    printer = _printer(pty, "cp437")
    printer.open()
    pty.unplug()
    assert printer.status().state == "gone"
    with pytest.raises(PrinterError) as err:
        printer.send(b"x" * 10)
    assert err.value.state == "gone"
    printer.close()


def test_missing_port_and_connection_strings() -> None:
    printer = ReceiptPrinter(PrinterSettings(connection="serial:/dev/nonexistent-tty"))
    with pytest.raises(PrinterError, match="cannot open"):
        printer.open()
    assert printer.status().state == "gone"
    assert str(parse_connection("usb:04b8:0202")) == "usb:04b8:0202"
    assert parse_connection("tcp:192.0.2.10:9100").port == 9100
    assert parse_connection("file:/dev/usb/lp0").target == "/dev/usb/lp0"
    for bad in ("serial:", "usb:xyz", "tcp:host", "lpt1"):
        with pytest.raises(ValueError, match="expected none, serial"):
            parse_connection(bad)
    none = ReceiptPrinter(PrinterSettings())
    with pytest.raises(PrinterError, match="no printer is configured"):
        none.open()


def test_file_connection(tmp_path: Path) -> None:
    out = tmp_path / "receipt.bin"
    printer = ReceiptPrinter(PrinterSettings(connection=f"file:{out}", charset="cp858"))
    assert printer.status().state == "unknown"  # no status channel
    with printer:
        printer.print_receipt(latin())
    from tests.escpos_parser import parse

    assert parse(out.read_bytes()).find("Café Corner")


def test_escpos_import_traps(tmp_path: Path) -> None:
    code = (
        "import logging, os, sys\n"
        "from termpos.devices.escpos_import import load_escpos\n"
        "mod = load_escpos()\n"
        "print('MOD', mod.__name__)\n"
        "print('HANDLERS', [type(h).__name__ for h in logging.getLogger().handlers])\n"
        "print('PICKLE', os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR'])\n"
        "logging.getLogger('escpos.x').error('must not reach stderr')\n"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # the second run loads the cached pickle
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, timeout=60)
        assert r.returncode == 0, r.stderr
        assert r.stderr == ""
        assert r.stdout.splitlines() == [
            "MOD escpos.printer", "HANDLERS ['NullHandler']",
            f"PICKLE {tmp_path / 'termpos' / 'escpos'}"]
    assert list((tmp_path / "termpos" / "escpos").glob("*.capabilities.pickle"))


@pytest.mark.parametrize(("key", "value", "words"), [
    ("connection", "lpt1", "key printer.connection: expected none, serial"),
    ("connection", "usb:zz:01", "key printer.connection"),
    ("charset", "utf-8", "key printer.charset: expected a code page"),
    ("raster_font", "/nonexistent.ttf", "key printer.raster_font: expected a font file"),
])
def test_config_checks_printer_keys(key: str, value: str, words: str) -> None:
    from termpos.core.config import ConfigError, parse_settings

    with pytest.raises(ConfigError, match=words):
        parse_settings({"printer": {key: value}}, "t.toml")
    ok = parse_settings({"printer": {"connection": "tcp:192.0.2.1:9100", "charset": "big5"}})
    assert ok.printer.connection == "tcp:192.0.2.1:9100" and ok.printer.charset == "big5"


def _ink(width: int, data: bytes) -> tuple[int, int]:
    """First and last dot column with ink in a 1-bit image (-1, -1 when blank)."""
    cols = [x for row in range(len(data) // width) for xb in range(width)
            for bit in range(8) if data[row * width + xb] & (0x80 >> bit)
            for x in [xb * 8 + bit]]
    return (min(cols), max(cols)) if cols else (-1, -1)


def test_raster_receipt_lines_up_on_the_column_grid(pty: PtyPrinter) -> None:
    from termpos.core.print_blocks import Text
    from termpos.core.receipt_layout import layout_receipt

    settings = PrinterSettings(connection=pty.connection, charset="raster", columns=48,
                               paper_mm=80, status_timeout_ms=150)
    with ReceiptPrinter(settings) as printer:
        printer.print_receipt(traditional())
    page = pty.page()
    texts = [b for b in layout_receipt(traditional(), 48) if isinstance(b, Text)]
    assert len(page.rasters) == len(texts) and page.code_pages == []
    assert not [t for t in page.texts if t.strip()]  # no text sent as characters
    assert all(width == 72 for width, _, _ in page.rasters)  # 576 dots
    heights = {t.size: h for t, (_, h, _) in zip(texts, page.rasters, strict=True)}
    assert heights["double"] == 2 * heights["normal"]
    cell = 576 // 48
    for t, (width, _, data) in zip(texts, page.rasters, strict=True):
        first, last = _ink(width, data)
        if not t.text.strip():
            assert first == -1
        elif t.text.endswith("110 A"):  # a two-column line ends in the last cell
            assert first < cell and last >= 576 - cell - 1
    assert page.barcodes == [(73, b"{BT2-000007")] and page.cuts == 1


def test_raster_with_a_broken_font_keeps_the_job_pending(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(b"not a font")
    printer = ReceiptPrinter(PrinterSettings(connection=f"file:{tmp_path / 'out'}",
                                             charset="raster", raster_font=str(bad)))
    from termpos.core.receipt_layout import layout_receipt

    with pytest.raises(PrinterError, match="printer charset raster") as err:
        printer.render(layout_receipt(latin(), 32))
    assert err.value.state == "config"
