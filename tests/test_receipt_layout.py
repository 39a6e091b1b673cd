"""Receipt layout and ESC/POS encoding (pure): columns, CJK widths, marks, languages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from termpos.core import escpos
from termpos.core.print_blocks import Barcode, Cut, QRCode, Text, line_columns, preview
from termpos.core.receipt import ReceiptData
from termpos.core.receipt_layout import format_qty, format_rate, layout_receipt
from termpos.core.textwidth import pad, text_width, two_columns, wrap
from tests.escpos_parser import parse
from tests.receipts import latin, simplified, traditional

SAMPLES = {"latin": latin, "traditional": traditional, "simplified": simplified}


@pytest.mark.parametrize("columns", [32, 42, 48])
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_every_line_fits_and_pairs_fill_the_width(columns: int, sample: str) -> None:
    blocks = layout_receipt(SAMPLES[sample](), columns)
    texts = [b for b in blocks if isinstance(b, Text)]
    for b in texts:
        assert text_width(b.text) <= line_columns(b.size, columns), b
    # two-column lines (name ... amount) end exactly at the right edge, CJK included
    amounts = [b for b in texts if b.size == "normal" and b.text.endswith((" A", " B"))]
    assert amounts and all(text_width(b.text) == columns for b in amounts)


def test_latin_content() -> None:
    blocks = layout_receipt(latin(), 48, qr="https://shop.test/r/T1-000042")
    lines = preview(blocks, 48)
    text = "\n".join(lines)
    assert blocks[0] == Text("Café Corner", "center", True, "double")
    assert "  2 x 3.50" in lines and "  0.455 kg x 1.29/kg" in lines
    assert any(x.startswith("  Discount") and x.endswith("-1.30") for x in lines)
    assert any(x.startswith("Espresso beans") and x.endswith("12.99 A") for x in lines)
    assert Text("TOTAL" + " " * 13 + "£19.30", "left", True, "double") in blocks
    assert any(x.startswith("Change") and x.endswith("0.70") for x in lines)
    assert any(x.startswith("A Standard") and x.split()[-3:] == ["20%", "9.74", "1.95"]
               for x in lines)
    assert "Cashier Zoë" in text and "2026-03-02 09:15" in text
    assert Barcode("T1-000042") in blocks and QRCode("https://shop.test/r/T1-000042") in blocks
    assert isinstance(blocks[-1], Cut)
    assert "COPY" not in text and "TRAINING" not in text
    assert QRCode not in [type(b) for b in layout_receipt(latin(), 48)]


def test_copy_and_training_marks_and_refund() -> None:
    r = replace(latin(), copy=True, training=True, kind="refund", original_number="T1-000001")
    texts = [b.text for b in layout_receipt(r, 32) if isinstance(b, Text)]
    assert texts.count("COPY") == 2 and texts.count("TRAINING - NOT A") == 2
    assert any(t.startswith("Refund T1-000042") for t in texts)
    assert "Refund of T1-000001" in texts


def test_traditional_chinese_words_and_alignment() -> None:
    lines = preview(layout_receipt(traditional(), 32), 32)
    assert any(x.startswith("珍珠奶茶") and x.endswith("110 A") for x in lines)
    assert text_width(next(x for x in lines if x.startswith("珍珠奶茶"))) == 32
    assert any(x.startswith("收據 T2-000007") for x in lines)
    assert any(x.startswith("信用卡 1234") and x.endswith("430") for x in lines)
    assert "謝謝光臨" in [x.strip() for x in lines]


def test_width_helpers() -> None:
    assert text_width("台北a") == 5 and text_width("e\u0301") == 1
    assert pad("台北", 5, "right") == " 台北" and pad("台北小舖", 5) == "台北 "
    assert wrap("鳳梨酥禮盒", 4) == ["鳳梨", "酥禮", "盒"]
    assert wrap("one two three", 7) == ["one two", "three"]
    assert two_columns("x" * 30, "9.99", 32) == ["x" * 30, " " * 28 + "9.99"]
    assert format_rate(200_000) == "20%" and format_rate(82_500) == "8.25%"
    assert format_qty(455) == "0.455" and format_qty(2000) == "2" and format_qty(-1500) == "-1.5"


def test_encoding_big5_gb18030_and_code_pages() -> None:
    assert escpos.encode_text("A台B", "big5") == b"A\x1c&" + "台".encode("big5") + b"\x1c.B"
    assert escpos.encode_text("上海", "gb18030") == b"\x1c&" + "上海".encode("gb18030") + b"\x1c."
    assert escpos.encode_text("é台", "big5") == b"?\x1c&" + "台".encode("big5") + b"\x1c."
    assert escpos.encode_text("€5 台", "cp858") == b"\xd55 ??"  # wide char -> two '?'
    assert escpos.encode_text("😀", "gb18030") == b"??"  # four-byte GB18030: not printable
    assert escpos.select_charset("cp1252") == b"\x1bt\x10"
    with pytest.raises(ValueError, match="unknown printer charset"):
        escpos.check_charset("utf-8")


@pytest.mark.parametrize(("sample", "charset"), [
    ("latin", "cp858"), ("latin", "cp437"), ("traditional", "big5"),
    ("simplified", "gb18030")])
def test_render_round_trips_through_the_parser(sample: str, charset: str) -> None:
    r: ReceiptData = SAMPLES[sample]()
    blocks = layout_receipt(r, 42, qr="Q1")
    page = parse(escpos.render(blocks, charset), "big5" if charset == "big5" else "gb18030")
    texts = [b.text for b in blocks if isinstance(b, Text)]
    if charset == "cp437":  # no euro or accents beyond cp437: same width, '?' where missing
        assert [text_width(t) for t in page.texts if t] == [
            text_width(t) for t in texts if t]
    else:  # ¥ is four bytes in GB18030: outside the printer's two-byte font, so '?'
        assert [t for t in page.texts if t] == [t.replace("¥", "?") for t in texts if t]
    assert page.barcodes == [(73, b"{B" + r.number.encode())]
    assert page.qrcodes == [b"Q1"] and page.cuts == 1 and page.drawer_pulses == []


@pytest.mark.parametrize("columns", [32, 42, 48])
def test_test_page_fits_every_width(columns: int) -> None:
    from termpos.core.testpage import build_test_page

    blocks = build_test_page(columns, "big5", "serial:/dev/serial/by-id/usb-FTDI_FT232R-port0")
    texts = [b for b in blocks if isinstance(b, Text)]
    assert all(text_width(b.text) <= line_columns(b.size, columns) for b in texts)
    assert {b.size for b in texts} == {"normal", "double", "tall", "wide"}
    assert any(b.bold for b in texts) and {b.align for b in texts} == {"left", "center", "right"}
    assert Barcode("TERMPOS-TEST") in blocks and isinstance(blocks[-1], Cut)
