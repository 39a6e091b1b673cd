"""Every real file in shared/data/import-samples imports correctly or is refused as its
README says: row by row, with the line, the column and the reason.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from termpos.models import Customer, Product
from termpos.services.importer.customers import import_customers
from termpos.services.importer.reading import ImportFileError
from termpos.services.importer.run import ImportOptions
from termpos.services.runtime import Runtime
from tests.importhelp import SAMPLES, catalogue, run

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not beside repo")


def _rejects(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";" if "off_fr" in path.name else ","))


def test_woocommerce_sample_variations_parents_and_reimport(rt: Runtime) -> None:
    path = SAMPLES / "woocommerce" / "sample_products.csv"
    result = run(rt, path)
    assert (result.preset, result.encoding) == ("woocommerce", "utf-8-sig")
    assert (result.created, result.rejected) == (21, 0)
    assert result.skipped == {"variable product without price (its variations are sold)": 2,
                              "grouped product: not sold itself": 1,
                              "external product: sold on another site": 1}
    cat = catalogue(rt)
    assert "woo-hoodie" not in cat and "woo-vneck-tee" not in cat
    assert cat["woo-hoodie-blue-logo"]["name"] == "Hoodie - Blue, Yes"
    assert (cat["woo-vneck-tee-blue"]["price"], cat["woo-vneck-tee-blue"]["category"]) == (
        1500, "Clothing > Tshirts")
    assert cat["woo-beanie"]["price"] == 2000  # the regular price, not the sale price
    again = run(rt, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 21)


def test_classiccommerce_fork_inherits_parent_tax_and_category(sqlite_rt: Runtime) -> None:
    result = run(sqlite_rt, SAMPLES / "woocommerce" /
                 "classiccommerce_fork_sample_products_2020.csv")
    assert (result.created, result.rejected, sum(result.skipped.values())) == (20, 0, 4)
    cat = catalogue(sqlite_rt)
    assert cat["cc-t-shirt-blue"]["name"] == "T-Shirt - Blue"
    assert cat["cc-t-shirt-blue"]["price"] == 2500


def test_experimental_fashion_multiline_cells_and_missing_price(
        sqlite_rt: Runtime, tmp_path: Path) -> None:
    path = SAMPLES / "woocommerce" / "experimental_fashion_sample_9_products.csv"
    result = run(sqlite_rt, path)
    assert not result.committed and Product.select().count() == 0
    assert [str(p) for p in result.problems] == [
        "line 5, column 'Regular price': missing: a new product needs a price"]
    rejects = tmp_path / "rejects.csv"
    result = run(sqlite_rt, path, skip_invalid=True, rejects=rejects)
    assert (result.created, result.rejected) == (8, 1)
    cat = catalogue(sqlite_rt)
    assert cat["woo-fashion-sweater"]["price"] == 1800 and cat["woo-fashion-shirt"][
        "on_hand"] == 10000
    assert _rejects(rejects)[1][1] == "woo-fashion-blouse"


def test_woocommerce_unit_test_sample_variations_without_sku(sqlite_rt: Runtime) -> None:
    result = run(sqlite_rt, SAMPLES / "woocommerce" / "wc_unit_test_importer_sample_2017.csv")
    assert (result.created, result.rejected) == (4, 0)
    names = {v["name"]: v for v in catalogue(sqlite_rt).values()}
    assert set(names) == {"Woo Logo", "Woo Album #1", "Ship Your Idea - Black, M",
                          "Ship Your Idea - Green, L"}
    assert names["Ship Your Idea - Green, L"]["price"] == 2000
    assert names["Woo Logo"]["category"] == "Clothing > T-shirts"
    assert names["Woo Logo"]["tax_class"] == "A"  # "standard" names the Standard class


def test_shopify_template_variants_by_handle(rt: Runtime) -> None:
    result = run(rt, SAMPLES / "shopify" / "product_template_2019_umsu2.csv")
    assert (result.preset, result.created) == ("shopify", 3)
    cat = catalogue(rt)
    assert cat["example-shirt-s"] == cat["example-shirt-s"] | {
        "name": "Example T-Shirt - Small", "price": 1999, "supplier": "Acme",
        "category": "Shirts"}
    assert {v["name"] for v in cat.values()} >= {"Example T-Shirt - Medium"}


@pytest.mark.parametrize(("name", "header"), [
    ("import_items.csv", "Barcode"), ("import_items_2014-02.csv", "UPC/EAN/ISBN"),
    ("import_items_2018-12_with_location_qty.csv", "Barcode")])
def test_ospos_items_bad_check_digit_then_mapped_as_code(
        sqlite_rt: Runtime, name: str, header: str) -> None:
    path = SAMPLES / "opensourcepos" / name
    result = run(sqlite_rt, path)
    assert result.preset == "ospos" and result.rejected == 1
    assert "check digit" in str(result.problems[0])
    assert str(result.problems[0]).startswith(f"line 2, column '{header}'")
    result = run(sqlite_rt, path, overrides=(f"{header}=code",))
    assert result.created == 1
    (product,) = catalogue(sqlite_rt).values()
    assert (product["name"], product["price"], product["cost"], product["category"]) == (
        "Apple iMac", 120000, 80000, "Computers")
    assert any("'8' is not a configured class" in n for n in result.notes)


def test_ospos_customers(sqlite_rt: Runtime) -> None:
    path = SAMPLES / "opensourcepos" / "importCustomers.csv"
    with pytest.raises(ImportFileError, match="not a product list"):
        run(sqlite_rt, path)
    result = import_customers(sqlite_rt, path, ImportOptions())
    assert (result.preset, result.created) == ("ospos", 1)
    bob = Customer.get()
    assert (bob.name, bob.phone, bob.email, bob.consent, bob.notes, bob.source) == (
        "Bob Smith", "5855551111", "bsmith@nowhere.com", True, "Awesome guy", "import")


@pytest.mark.parametrize("name", ["Name_products.csv",
                                  "External_id_3rd_party_application_products.csv"])
def test_odoo_products(sqlite_rt: Runtime, name: str) -> None:
    result = run(sqlite_rt, SAMPLES / "odoo" / name)
    assert (result.preset, result.created) == ("odoo", 5)
    cat = catalogue(sqlite_rt)
    assert (cat["TBL"]["price"], cat["TBL"]["cost"], cat["TBL"]["active"]) == (16900, 10000, True)
    assert (cat["FL"]["price"], cat["FL"]["active"]) == (30, False)


@pytest.mark.parametrize("name", ["External_id_3rd_party_application_product_categories.csv",
                                  "o2m_purchase_order_lines.csv"])
def test_odoo_files_that_are_not_product_lists(sqlite_rt: Runtime, name: str) -> None:
    with pytest.raises(ImportFileError, match="not a product list"):
        run(sqlite_rt, SAMPLES / "odoo" / name)


def test_taiwan_template_traditional_chinese(sqlite_rt: Runtime) -> None:
    result = run(sqlite_rt, SAMPLES / "taiwan-utakasse" / "product_template.csv")
    assert result.created == 3
    by_name = {v["name"]: v for v in catalogue(sqlite_rt).values()}
    assert by_name["範例商品2"] == by_name["範例商品2"] | {
        "price": 30000, "on_hand": 5000, "category": "類別A", "active": True}
    assert by_name["範例商品3"]["on_hand"] == 0  # empty stock is missing, not a movement


def test_off_excel_scientific_barcodes_refused_row_by_row(
        sqlite_rt: Runtime, tmp_path: Path) -> None:
    path = SAMPLES / "openfoodfacts" / (
        "off_subset_EXCEL_sciNotation_NAME_utf8bom_thomasstern123.csv")
    rejects = tmp_path / "rejects.csv"
    result = run(sqlite_rt, path, rejects=rejects)
    assert (result.preset, result.encoding, result.created) == ("openfoodfacts", "utf-8-sig", 0)
    rows = _rejects(rejects)
    assert rows[0][-1] == "reason" and len(rows) == 1471
    sci = [r for r in rows[1:] if "E+" in r[0]]
    assert len(sci) == 1253
    assert all("scientific notation" in r[-1] and "not guessed" in r[-1] for r in sci)
    assert not any("scientific notation" in r[-1] for r in rows[1:] if "E+" not in r[0])
    assert Product.select().count() == 0


def test_off_cp1252_semicolons_lost_zeros(sqlite_rt: Runtime, tmp_path: Path) -> None:
    path = SAMPLES / "openfoodfacts" / "off_fr_subset_semicolon_cp1252_leadingZerosLost_Synkied.csv"
    rejects = tmp_path / "off_fr_rejects.csv"
    result = run(sqlite_rt, path, rejects=rejects)
    assert (result.encoding, result.delimiter, result.rejected) == ("cp1252", ";", 333)
    rows = {r[0]: r for r in _rejects(rejects)[1:]}
    assert "scientific notation" in rows["1,62E+11"][-1]
    assert "5 digits" in rows["18999"][-1] and "leading zeros" in rows["18999"][-1]
    assert rows["18999"][7] == "Petit-déjeuners"


def test_off_utf16_keeps_leading_zeros(sqlite_rt: Runtime, tmp_path: Path) -> None:
    path = SAMPLES / "openfoodfacts" / "off_fr_db_file_UTF16LE_semicolon_crlf_Synkied.csv"
    rejects = tmp_path / "off_fr_rejects.csv"
    result = run(sqlite_rt, path, rejects=rejects)
    assert (result.encoding, result.delimiter, result.rows) == ("utf-16", ";", 6774)
    rows = {r[0]: r for r in _rejects(rejects)[1:]}
    assert rows["0016229910204"][-1].endswith("missing: a new product needs a price")
    assert "6 digits" in rows["001151"][-1]
