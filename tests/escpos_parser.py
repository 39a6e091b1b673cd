"""A small ESC/POS interpreter for tests: bytes in, the printed page as data out.

It knows text, alignment (ESC a), emphasis (ESC E), size (GS !), code page (ESC t),
double-byte mode (FS & / FS .), barcodes (GS k), QR codes (GS ( k), feed (ESC d), cut
(GS V), drawer pulse (ESC p), raster images (GS v 0) and status requests (DLE EOT).
Anything else is an error, so a stray byte in termpos's output fails the test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ESC t n -> codec: written from the Epson table, independently of termpos.core.escpos.
PAGES = {0: "cp437", 2: "cp850", 16: "cp1252", 17: "cp866", 19: "cp858", 40: "iso8859_15"}


class ParseError(ValueError):
    pass


@dataclass
class Line:
    text: str
    align: str = "left"
    bold: bool = False
    size: tuple[int, int] = (1, 1)  # width, height multipliers
    double_byte: bool = False  # some of it was printed in FS & mode


@dataclass
class Page:
    lines: list[Line] = field(default_factory=list)
    barcodes: list[tuple[int, bytes]] = field(default_factory=list)
    qrcodes: list[bytes] = field(default_factory=list)
    cuts: int = 0
    drawer_pulses: list[tuple[int, int, int]] = field(default_factory=list)
    code_pages: list[int] = field(default_factory=list)
    status_requests: list[int] = field(default_factory=list)
    rasters: list[tuple[int, int, bytes]] = field(default_factory=list)  # GS v 0 images
    inits: int = 0

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    def find(self, needle: str) -> Line:
        for line in self.lines:
            if needle in line.text:
                return line
        raise AssertionError(f"{needle!r} not printed; page:\n" + "\n".join(self.texts))


def parse(data: bytes, dbcs: str = "gb18030") -> Page:
    """Interprets ESC/POS bytes; dbcs is the printer's two-byte font (big5 or gb18030)."""
    page = Page()
    p = _Parser(data, dbcs, page)
    p.run()
    return page


class _Parser:
    def __init__(self, data: bytes, dbcs: str, page: Page) -> None:
        self.d, self.i, self.dbcs, self.page = data, 0, dbcs, page
        self.reset()
        self.text: list[str] = []
        self.line_attrs: tuple[str, bool, tuple[int, int]] | None = None
        self.line_dbcs = False
        self.qr_store = b""

    def reset(self) -> None:
        self.codec, self.align, self.bold, self.size, self.double = "cp437", "left", False, (
            1, 1), False

    def take(self, n: int) -> bytes:
        if self.i + n > len(self.d):
            raise ParseError(f"command cut short at byte {self.i}")
        out = self.d[self.i:self.i + n]
        self.i += n
        return out

    def byte(self) -> int:
        return self.take(1)[0]

    def newline(self) -> None:
        align, bold, size = self.line_attrs or (self.align, self.bold, self.size)
        self.page.lines.append(Line("".join(self.text), align, bold, size, self.line_dbcs))
        self.text, self.line_attrs, self.line_dbcs = [], None, False

    def char(self, ch: str) -> None:
        if self.line_attrs is None:
            self.line_attrs = (self.align, self.bold, self.size)
        self.text.append(ch)

    def run(self) -> None:
        while self.i < len(self.d):
            b = self.byte()
            if b == 0x0A:
                self.newline()
            elif b == 0x1B:
                self.esc(self.byte())
            elif b == 0x1D:
                self.gs(self.byte())
            elif b == 0x1C:
                c = self.byte()
                if c not in (0x26, 0x2E):
                    raise ParseError(f"unknown FS {c:#x} at {self.i}")
                self.double = c == 0x26
            elif b == 0x10:
                if self.byte() != 0x04:
                    raise ParseError(f"unknown DLE at {self.i}")
                self.page.status_requests.append(self.byte())
            elif b < 0x20:
                raise ParseError(f"unknown control byte {b:#x} at {self.i - 1}")
            elif self.double and b >= 0x80:
                self.char((bytes([b]) + self.take(1)).decode(self.dbcs))
                self.line_dbcs = True
            else:
                self.char(bytes([b]).decode(self.codec))
        if self.text:
            self.newline()

    def esc(self, c: int) -> None:
        if c == 0x40:
            self.reset()
            self.page.inits += 1
        elif c == ord("t"):
            n = self.byte()
            if n not in PAGES:
                raise ParseError(f"code page {n} unknown to the test parser")
            self.codec = PAGES[n]
            self.page.code_pages.append(n)
        elif c == ord("a"):
            self.align = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center",
                          50: "right"}[self.byte()]
        elif c == ord("E"):
            self.bold = bool(self.byte() & 1)
        elif c == ord("d"):
            for _ in range(self.byte()):
                self.newline()
        elif c == ord("p"):
            m, t1, t2 = self.take(3)
            self.page.drawer_pulses.append((m, t1, t2))
        else:
            raise ParseError(f"unknown ESC {c:#x} at {self.i}")

    def gs(self, c: int) -> None:
        if c == ord("!"):
            n = self.byte()
            self.size = ((n >> 4) + 1, (n & 0x0F) + 1)
        elif c in (ord("h"), ord("w"), ord("H")):
            self.byte()
        elif c == ord("k"):
            m = self.byte()
            if m >= 65:
                data = self.take(self.byte())
            else:
                end = self.d.index(b"\x00", self.i)
                data = self.take(end - self.i)
                self.i += 1
            self.page.barcodes.append((m, data))
        elif c == ord("("):
            if self.byte() != ord("k"):
                raise ParseError(f"unknown GS ( at {self.i}")
            low, high = self.take(2)
            body = self.take(low + 256 * high)
            if body[:2] == b"1P":
                self.qr_store = body[3:]
            elif body[:2] == b"1Q":
                self.page.qrcodes.append(self.qr_store)
        elif c == ord("v"):
            if self.byte() != 0x30:
                raise ParseError(f"unknown GS v at {self.i}")
            self.byte()  # mode
            xl, xh, yl, yh = self.take(4)
            width, height = xl + 256 * xh, yl + 256 * yh
            self.page.rasters.append((width, height, self.take(width * height)))
        elif c == ord("V"):
            m = self.byte()
            if m in (65, 66):
                self.byte()
            self.page.cuts += 1
        else:
            raise ParseError(f"unknown GS {c:#x} at {self.i}")
