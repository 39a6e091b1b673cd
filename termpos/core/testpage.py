"""Provides the printer test page: every style, a code page sample, Chinese text, a barcode."""

from __future__ import annotations

from termpos.core.charsets import CODE_PAGES
from termpos.core.print_blocks import Barcode, Block, Cut, Feed, QRCode, Text, line_columns
from termpos.core.textwidth import wrap

LATIN_SAMPLE = "ÀÁÂÄÇÉÈÊËÍÑÓÖÚÜ àáâäçéèêëíñóöúüß £¥€¿¡°±½"
CHINESE_SAMPLE = "中文測試：繁體 收據／简体 收据"


def build_test_page(columns: int, charset: str, connection: str) -> list[Block]:
    """The blocks of `termpos printer test` for this printer."""
    rule = Text("-" * columns)
    blocks: list[Block] = [
        Text("TEST PAGE", "center", True, "double"),
        Text("termpos", "center"),
        Text(f"{connection}", "center"),
        Text(f"charset {charset}, {columns} columns", "center"),
        rule,
        Text("normal text"),
        Text("bold text", bold=True),
        Text("double size", size="double"),
        Text("double height", size="tall"),
        Text("double width", size="wide"),
        Text("left"),
        Text("center", "center"),
        Text("right", "right"),
        Text("1234567890" * (columns // 10) + "1234567890"[: columns % 10]),
        rule,
    ]
    if charset in CODE_PAGES:
        blocks.append(Text(f"code page {charset} (ESC t {CODE_PAGES[charset]}):"))
        blocks.append(Text(LATIN_SAMPLE[:columns]))
        blocks.append(Text(LATIN_SAMPLE[columns:]) if len(LATIN_SAMPLE) > columns else Feed(0))
    blocks.append(Text("Chinese:"))
    blocks.append(Text(CHINESE_SAMPLE))
    blocks += [rule, Barcode("TERMPOS-TEST"), QRCode("termpos test page"), Feed(2), Cut()]
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Text):  # long lines wrap on narrow paper
            width = line_columns(b.size, columns)
            out += [Text(part, b.align, b.bold, b.size) for part in wrap(b.text, width)]
        elif not (isinstance(b, Feed) and b.lines == 0):
            out.append(b)
    return out
