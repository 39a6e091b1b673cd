"""Provides RasterText: receipt lines drawn as 1-bit images (GS v 0) with Pillow.

For printers without the needed character set: any script the font has prints. Each
character is placed on the receipt's column grid (a wide CJK character takes two cells), so
columns line up exactly whatever the font's own widths are. Pillow comes with python-escpos.
"""

from __future__ import annotations

import os
from typing import Any

from termpos.core import escpos
from termpos.core.print_blocks import Text
from termpos.core.textwidth import char_width

# Tried in order when [printer] raster_font is empty: CJK fonts first.
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
)
PAPER_DOTS = {58: 384, 80: 576}  # printable width at 203 dpi
_SCALE = {"normal": (1, 1), "double": (2, 2), "tall": (1, 2), "wide": (2, 1)}


def find_font(configured: str = "") -> str:
    """The font file to draw with: the configured one, else the first that exists, else ""."""
    if configured:
        return configured
    return next((p for p in FONT_CANDIDATES if os.path.isfile(p)), "")


class RasterText:
    """Draws Text blocks as images for a printer `dots` wide with `columns` cells."""

    def __init__(self, columns: int, dots: int = 576, font_path: str = "") -> None:
        from PIL import ImageFont

        self.columns, self.dots = columns, dots - dots % 8
        self.cell = self.dots // columns
        self.line_height = self.cell * 2  # cells are about twice as tall as wide
        self.font_path = find_font(font_path)
        self._fonts: dict[int, Any] = {}
        self._default = ImageFont.load_default()

    def _font(self, height: int) -> Any:
        from PIL import ImageFont

        if height not in self._fonts:
            if self.font_path:
                try:
                    self._fonts[height] = ImageFont.truetype(self.font_path, int(height * 0.8))
                except OSError as exc:
                    raise ValueError(f"raster_font {self.font_path}: {exc}") from exc
            else:
                self._fonts[height] = self._default
        return self._fonts[height]

    def image(self, block: Text) -> tuple[int, int, bytes]:
        """(width in bytes, height in dots, 1-bit rows) of one text line."""
        from PIL import Image, ImageDraw

        sx, sy = _SCALE[block.size]
        cell, height = self.cell * sx, self.line_height * sy
        used = sum(char_width(ch) for ch in block.text)
        start = {"left": 0, "center": (self.columns // sx - used) // 2,
                 "right": self.columns // sx - used}[block.align]
        img = Image.new("1", (self.dots, height), 0)
        draw = ImageDraw.Draw(img)
        font = self._font(height)
        col = max(start, 0)
        for ch in block.text:
            w = char_width(ch)
            if w and ch != " ":
                draw.text((col * cell, 0), ch, fill=1, font=font,
                          stroke_width=1 if block.bold else 0, stroke_fill=1)
            col += w
        return self.dots // 8, height, img.tobytes()

    def __call__(self, block: Text) -> bytes:
        width_bytes, height, data = self.image(block)
        return escpos.raster_image(width_bytes, height, data)
