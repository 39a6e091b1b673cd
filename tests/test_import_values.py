"""Tests of the pure import layer: cell values, headers, presets, mapping, export guards."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termpos.core.exporting import Number, csv_cell, guard_text, quantity
from termpos.core.importing.headers import normalise_header, split_location
from termpos.core.importing.mapping import MappingError, build_mapping, detect_preset
from termpos.core.importing.phone import normalise_phone
from termpos.core.importing.values import (
    ValueProblem,
    parse_barcode,
    parse_bool,
    parse_code,
    parse_money,
    parse_quantity,
    strip_guard,
)


@pytest.mark.parametrize(("text", "minor"), [
    ("12.34", 1234), ("12", 1200), ("780,00", 78000), ("$1,299.00", 129900),
    ("1.299,00", 129900), ("￥366.80", 36680), ("＄５.５０", 550), ("€ 3,50", 350),
    ("1 299,50", 129950), ("1'299.50", 129950), ("-5.00", -500), ("(5.00)", -500),
    ("-$5.00", -500), ("NT$ 120", 12000), ("12.50 EUR", 1250), ("'-3", -300),
    ("1,299,000", 129_900_000), ("0.5", 50),
])
def test_money_reads_shop_formats(text: str, minor: int) -> None:
    assert parse_money(text) == minor


@pytest.mark.parametrize("text", ["", "  ", "nan", "NaN", "NULL", "null", "None", "N/A", "#N/A"])
def test_missing_is_none_never_zero(text: str) -> None:
    assert parse_money(text) is None
    assert parse_quantity(text) is None
    assert parse_code(text) is None


@pytest.mark.parametrize("text", ["abc", "12.345", "1.2E+3", "1,500", "--5", "5-"])
def test_money_refuses_what_it_cannot_read_exactly(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_money(text)


def test_ambiguous_comma_is_settled_by_decimal_option() -> None:
    assert parse_money("1,500", decimal=",") == 150
    assert parse_money("1,500", decimal=".") == 150000
    assert parse_money("1.500", decimal=",") == 150000


def test_exponent_zero_currency() -> None:
    assert parse_money("366", exponent=0) == 366
    with pytest.raises(ValueProblem):
        parse_money("366.5", exponent=0)


def test_quantities_in_milli_units_and_negative_stock() -> None:
    assert parse_quantity("1.5") == 1500
    assert parse_quantity("-3") == -3000
    assert parse_quantity("'-3") == -3000
    assert parse_quantity("2,25") == 2250
    with pytest.raises(ValueProblem):
        parse_quantity("1.2345")


def test_codes_are_text_with_leading_zeros_and_guard_removed() -> None:
    assert parse_code("0012345") == "0012345"
    assert parse_code("'2019104") == "2019104"
    assert parse_code(" ABC-1 ") == "ABC-1"
    assert parse_code('="0012345"') == "0012345"
    assert parse_money('="12.50"') == 1250
    assert strip_guard("'=SUM(A1)") == "=SUM(A1)"
    assert strip_guard("'Allo 'Allo") == "'Allo 'Allo"


@pytest.mark.parametrize("text", ["4.00638E+12", "1,62E+11", "2.02E+11", "7.61E+12", "3e5"])
def test_scientific_notation_codes_are_refused_not_guessed(text: str) -> None:
    with pytest.raises(ValueProblem, match="scientific notation"):
        parse_code(text)
    with pytest.raises(ValueProblem, match="scientific notation"):
        parse_barcode(text)


@pytest.mark.parametrize("code", ["4006381333931", "96385074", "036000291452", "00012345600012"])
def test_valid_gtins_pass(code: str) -> None:
    assert parse_barcode(code) == code


@pytest.mark.parametrize(("code", "why"), [
    ("4006381333932", "EAN-13 check digit"), ("96385075", "EAN-8 check digit"),
    ("036000291453", "UPC-A check digit"), ("18999", "5 digits"),
    ("4006381333931.0", "decimal point"), ("400638\x1d1333931", "control character"),
])
def test_bad_barcodes_name_the_reason(code: str, why: str) -> None:
    with pytest.raises(ValueProblem, match=why):
        parse_barcode(code)


def test_alphanumeric_barcodes_are_kept() -> None:
    assert parse_barcode("ABC-12345") == "ABC-12345"


def test_bools_and_phones() -> None:
    assert parse_bool("TRUE") is True
    assert parse_bool("draft") is False
    assert parse_bool("") is None
    with pytest.raises(ValueProblem):
        parse_bool("maybe")
    assert normalise_phone("+1 (585) 555-1111") == "+15855551111"
    assert normalise_phone("0049 30 1234567") == "+49301234567"
    assert normalise_phone("585-555-1111") == "5855551111"
    with pytest.raises(ValueProblem):
        normalise_phone("call me")


def test_headers_normalise_and_carry_locations() -> None:
    assert normalise_header("  Tax 2 Name ") == "tax 2 name"
    assert normalise_header("Variant_SKU") == "variant sku"
    assert normalise_header("\ufeffＰｒｉｃｅ") == "price"
    assert split_location("Price [Main Store]") == ("price", "Main Store")
    assert split_location("Current Quantity Richmond") == ("current quantity", "Richmond")
    assert split_location("inventory_Main_Outlet") == ("inventory", "Main Outlet")
    assert split_location("In stock [Taipei 101]") == ("in stock", "Taipei 101")
    assert split_location("Name") == ("name", None)


SHOPIFY_NEW = ["Title", "URL handle", "Description", "Vendor", "Type", "SKU", "Barcode",
               "Option1 name", "Option1 value", "Price", "Cost per item", "Inventory quantity",
               "Status"]
SQUARE = ["Token", "Item Name", "Variation Name", "SKU", "Description", "Category", "GTIN",
          "Price", "Archived", "Current Quantity Richmond", "Current Quantity Main Street",
          "Stock Alert Count Richmond", "Stock Alert Count Main Street", "Default Unit Cost"]
LOYVERSE = ["Handle", "SKU", "Name", "Category", "Sold by weight", "Option 1 name",
            "Option 1 value", "Default price", "Cost", "Barcode", "Track stock",
            "Available for sale [Main]", "Price [Main]", "In stock [Main]", "Low stock [Main]"]
LIGHTSPEED = ["id", "handle", "sku", "name", "variant_option_one_name",
              "variant_option_one_value", "supply_price", "retail_price", "supplier_name",
              "active", "inventory_Main_Outlet", "reorder_point_Main_Outlet"]


@pytest.mark.parametrize(("headers", "preset"), [
    (["code", "barcode", "name", "price", "tax_class", "on_hand"], "termpos"),
    (SHOPIFY_NEW, "shopify"),
    (["Handle", "Title", "Variant SKU", "Variant Price", "Option1 Value"], "shopify"),
    (["ID", "Type", "SKU", "Name", "Regular price", "Parent"], "woocommerce"),
    (SQUARE, "square"), (LOYVERSE, "loyverse"), (LIGHTSPEED, "lightspeed"),
    (["Barcode", "Item Name", "Category", "Cost Price", "Unit Price", "Tax 2 Name "], "ospos"),
    (["Name", "Internal Reference", "Sale Price", "Cost"], "odoo"),
    (["名稱", "售價", "條碼"], "generic"),
])
def test_presets_are_detected_from_the_header(headers: list[str], preset: str) -> None:
    assert detect_preset(headers) == preset


def test_generic_aliases_cover_chinese_headers() -> None:
    m = build_mapping(["品名", "售價", "條碼", "庫存"])
    assert {f: m.columns[i].header for f, i in m.index.items()} == {
        "name": "品名", "price": "售價", "barcode": "條碼", "on_hand": "庫存"}


def test_locations_must_be_chosen_when_several() -> None:
    with pytest.raises(MappingError, match="--location"):
        build_mapping(SQUARE)
    m = build_mapping(SQUARE, location="richmond")
    assert m.location == "Richmond"
    assert m.columns[m.index["on_hand"]].header == "Current Quantity Richmond"
    assert m.columns[m.index["reorder_level"]].header == "Stock Alert Count Richmond"
    with pytest.raises(MappingError, match="Main Street"):
        build_mapping(SQUARE, location="Nowhere")


def test_single_location_is_used_and_unlocated_price_wins() -> None:
    m = build_mapping(LOYVERSE)
    assert m.preset == "loyverse"
    assert m.columns[m.index["price"]].header == "Default price"
    assert m.columns[m.index["on_hand"]].header == "In stock [Main]"
    m = build_mapping(LOYVERSE, location="Main")
    assert m.columns[m.index["price"]].header == "Price [Main]"


def test_map_overrides_and_errors() -> None:
    m = build_mapping(["Artikel", "Bezeichnung", "VK"],
                      overrides=["Artikel=code", "bezeichnung=name", "VK=price"])
    assert set(m.index) == {"code", "name", "price"}
    with pytest.raises(MappingError, match="no column"):
        build_mapping(["a"], overrides=["b=name"])
    with pytest.raises(MappingError, match="unknown field"):
        build_mapping(["a"], overrides=["a=colour"])
    with pytest.raises(MappingError, match="unknown"):
        build_mapping(["a"], preset="sap")


def test_export_guard_keeps_numbers_as_numbers() -> None:
    assert guard_text("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert guard_text("+1") == "'+1"
    assert guard_text("-3") == "'-3"
    assert guard_text("@cmd") == "'@cmd"
    assert guard_text("\tx") == "'\tx"
    assert guard_text("'quoted") == "''quoted"
    assert guard_text("Cola") == "Cola"
    assert csv_cell(Number("-5.00")) == "-5.00"
    assert csv_cell(quantity(-1500)) == "-1.5"
    assert csv_cell(True) == "yes"
    for text in ["=SUM(A1)", "-3", "'5 o'clock", "@x", "plain"]:
        assert strip_guard(guard_text(text)) == text


@pytest.mark.parametrize("text", ["12 pcs", "about 5", "5 apples"])
def test_words_around_a_number_are_not_currency(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_money(text)


def test_count_reader_for_stock_files() -> None:
    from termpos.core.importing.counts import CountReader, CountRow
    from termpos.core.importing.rows import Problem

    m = build_mapping(["條碼", "盤點數量"])
    reader = CountReader(m, 2)
    assert reader.read(2, ["4006381333931", "12,5"]) == CountRow(2, None, "4006381333931", 12500)
    assert reader.read(3, ["4006381333931", "-1"]) == [
        Problem(3, "盤點數量", "a counted quantity cannot be negative")]
    assert isinstance(reader.read(4, ["4.00638E+12", "1"]), list)
    with pytest.raises(MappingError, match="quantity"):
        CountReader(build_mapping(["code", "name"]), 2)


@pytest.mark.parametrize(("headers", "fields"), [
    (["Artikelnummer", "EAN", "Bezeichnung", "VK", "MwSt", "Bestand"],
     ["code", "barcode", "name", "price", "tax_class", "on_hand"]),
    (["Référence", "Code barre", "Désignation", "Prix TTC", "TVA", "Quantité"],
     ["code", "barcode", "name", "price", "tax_class", "on_hand"]),
    (["商品コード", "JANコード", "商品名", "販売価格", "在庫数"],
     ["code", "barcode", "name", "price", "on_hand"]),
])
def test_generic_headers_in_other_languages(headers: list[str], fields: list[str]) -> None:
    m = build_mapping(headers)
    assert m.preset == "generic" and [c.field for c in m.columns] == fields


def _outcome(parse: Any, text: str) -> tuple[str, Any]:
    try:
        return ("value", parse(text))
    except ValueProblem as exc:
        return ("problem", str(exc))


CODE_CHARS = "0123456789eE+-., 'ABCnaulNULＡ１\t\x1d"


@given(st.text(alphabet=CODE_CHARS, max_size=16) | st.sampled_from(
    ["nan", "NULL", "None", "na", "4E12", "1e5", "4006381333931", "4006381333932",
     "96385074", "036000291452", "10614141000415", "B0000001", "x" * 64, "x" * 65]))
def test_fast_paths_read_codes_as_the_full_rules_do(text: str) -> None:
    """parse_code and parse_barcode answer the usual cell without cleaning it: always with
    what the full rules give (value or problem)."""
    from termpos.core.importing.values import _parse_barcode, _parse_code

    assert _outcome(parse_code, text) == _outcome(lambda t: _parse_code(t, 64), text)
    assert _outcome(parse_barcode, text) == _outcome(_parse_barcode, text)
    assert _outcome(lambda t: parse_code(t, 8), text) == _outcome(
        lambda t: _parse_code(t, 8), text)
