"""Provides the printer character sets termpos can drive (config checks them, escpos uses them)."""

from __future__ import annotations

CODE_PAGES: dict[str, int] = {
    "cp437": 0, "cp850": 2, "cp860": 3, "cp863": 4, "cp865": 5, "cp857": 13, "cp737": 14,
    "iso8859_7": 15, "cp1252": 16, "cp866": 17, "cp852": 18, "cp858": 19, "cp862": 36,
    "cp864": 37, "cp869": 38, "iso8859_2": 39, "iso8859_15": 40, "cp1250": 45, "cp1251": 46,
    "cp1253": 47, "cp1254": 48, "cp1255": 49, "cp1256": 50, "cp1257": 51, "cp1258": 52,
}
DOUBLE_BYTE: tuple[str, ...] = ("big5", "gb18030")
RASTER = "raster"  # text drawn as an image by the devices layer (any script the font has)
CHARSETS: tuple[str, ...] = (*CODE_PAGES, *DOUBLE_BYTE, RASTER)
