"""Provides ESC/POS bytes for printed blocks, with the encoding chosen by termpos.

A Latin code page is selected with ESC t n and text is encoded by Python's codec; for
`big5` and `gb18030` every run of Chinese text is wrapped in FS & (double-byte mode on) and
FS . (off). Characters the printer cannot show become "?" (two for a wide one), so columns
still line up. With `raster`, text lines come from an image renderer in the devices layer.
Nothing here relies on python-escpos's automatic encoding.
"""

from __future__ import annotations

from collections.abc import Callable

from termpos.core.charsets import CHARSETS, CODE_PAGES, RASTER
from termpos.core.print_blocks import Barcode, Block, Feed, QRCode, Text
from termpos.core.textwidth import char_width

ESC, GS, FS, DLE, EOT = b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x04"
INIT = ESC + b"@"
DBCS_ON, DBCS_OFF = FS + b"&", FS + b"."

# Python codec -> ESC t n page number (Epson numbering, shared by most clones).

_SIZES = {"normal": 0x00, "double": 0x11, "tall": 0x01, "wide": 0x10}
_ALIGN = {"left": 0, "center": 1, "right": 2}


def check_charset(name: str) -> str:
    """Returns the charset name, or raises ValueError listing the ones termpos can drive."""
    if name not in CHARSETS:
        raise ValueError(f"unknown printer charset {name!r} (use {', '.join(CHARSETS)})")
    return name


def select_charset(charset: str) -> bytes:
    """The bytes that put the printer into this character set after ESC @."""
    if charset in CODE_PAGES:
        return ESC + b"t" + bytes([CODE_PAGES[charset]])
    if charset == RASTER:
        return b""
    return DBCS_OFF  # start in single-byte mode; runs of Chinese switch it on


def _one(ch: str, codec: str) -> bytes | None:
    try:
        data = ch.encode(codec)
    except UnicodeEncodeError:
        return None
    return data


def encode_text(text: str, charset: str) -> bytes:
    """Encodes a line for the printer's character set (with FS &/FS . for Chinese)."""
    if charset in CODE_PAGES:
        out = bytearray()
        for ch in text:
            data = _one(ch, charset)
            out += data if data is not None else b"?" * max(char_width(ch), 1)
        return bytes(out)
    out = bytearray()
    double = False
    for ch in text:
        if ord(ch) < 0x80:
            if double:
                out += DBCS_OFF
                double = False
            out += ch.encode("ascii")
            continue
        data = _one(ch, charset)
        if data is None or len(data) != 2:  # not in the printer's two-byte font
            data = b"?" * max(char_width(ch), 1)
            if double:
                out += DBCS_OFF
                double = False
            out += data
            continue
        if not double:
            out += DBCS_ON
            double = True
        out += data
    if double:
        out += DBCS_OFF
    return bytes(out)


def text_line(block: Text, charset: str) -> bytes:
    """One line with its alignment, emphasis and size, reset afterwards."""
    head = ESC + b"a" + bytes([_ALIGN[block.align]])
    head += ESC + b"E" + (b"\x01" if block.bold else b"\x00")
    head += GS + b"!" + bytes([_SIZES[block.size]])
    tail = b""
    if block.bold or block.size != "normal":
        tail = ESC + b"E\x00" + GS + b"!\x00"
    return head + encode_text(block.text, charset) + b"\n" + tail


def code128(data: str) -> bytes:
    """A CODE128 barcode (code set B), 80 dots high, text below, centred."""
    payload = b"{B" + data.encode("ascii", errors="replace")
    return (ESC + b"a\x01" + GS + b"h\x50" + GS + b"w\x02" + GS + b"H\x02"
            + GS + b"k\x49" + bytes([len(payload)]) + payload + b"\n" + ESC + b"a\x00")


def qr_code(data: str, size: int = 6) -> bytes:
    """A printer-native QR code (model 2, error level M), centred."""
    payload = data.encode("utf-8")
    n = len(payload) + 3

    def fn(*body: int) -> bytes:
        return GS + b"(k" + bytes([len(body) & 0xFF, len(body) >> 8, *body])

    store = GS + b"(k" + bytes([n & 0xFF, n >> 8, 49, 80, 48]) + payload
    return (ESC + b"a\x01" + fn(49, 65, 50, 0) + fn(49, 67, max(1, min(size, 16)))
            + fn(49, 69, 49) + store + fn(49, 81, 48) + b"\n" + ESC + b"a\x00")


def cut() -> bytes:
    """Feed to the cutter and make a partial cut (GS V 66 0)."""
    return GS + b"VB\x00"


def drawer_pulse(pin: int = 0) -> bytes:
    """ESC p: kick the cash drawer on connector pin 2 (0) or 5 (1): 50 ms on, 500 ms off."""
    return ESC + b"p" + bytes([pin, 25, 250])


def status_request(n: int) -> bytes:
    """DLE EOT n: real-time status (1 printer, 2 offline cause, 3 error, 4 paper)."""
    return DLE + EOT + bytes([n])


def raster_image(width_bytes: int, height: int, data: bytes) -> bytes:
    """GS v 0: a 1-bit image, width_bytes x 8 dots wide, rows top to bottom, 1 = black."""
    if len(data) != width_bytes * height:
        raise ValueError("raster data does not match its size")
    return (GS + b"v0\x00" + bytes([width_bytes & 0xFF, width_bytes >> 8, height & 0xFF,
                                    height >> 8]) + data)


def render(blocks: list[Block], charset: str,
           draw_text: Callable[[Text], bytes] | None = None) -> bytes:
    """The whole page as ESC/POS bytes: initialise, select the charset, print the blocks.

    With charset "raster", draw_text turns each text line into image bytes (GS v 0).
    """
    check_charset(charset)
    if charset == RASTER and draw_text is None:
        raise ValueError("charset raster needs a text renderer (termpos.devices.raster)")
    out = bytearray(INIT + select_charset(charset))
    for b in blocks:
        if isinstance(b, Text):
            out += draw_text(b) if draw_text is not None else text_line(b, charset)
        elif isinstance(b, Barcode):
            out += code128(b.data)
        elif isinstance(b, QRCode):
            out += qr_code(b.data, b.size)
        elif isinstance(b, Feed):
            out += ESC + b"d" + bytes([min(b.lines, 255)])
        else:
            out += cut()
    return bytes(out)
