"""Tests of importing products into a real store: matching, stock modes, safety, journal."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from termpos.core.errors import UsageError
from termpos.models import Journal, Product, StockMove
from termpos.services.importer.reading import ImportFileError
from termpos.services.runtime import Runtime
from tests.importhelp import catalogue, run, write_csv

BASE = """code,barcode,name,price,cost,tax_class,category,supplier,on_hand,reorder_level
TEA-1,4006381333931,Green tea,2.50,1.10,B,Drinks,Tea Co,10,2
0042,,Leading zero cake,"1.299,00",,A,Bakery,,,
SOAP,96385074,Soap,'3.00,1,Standard,Household,Clean Ltd,-3,
"""


def test_creates_products_categories_suppliers_and_stock(rt: Runtime, tmp_path: Path) -> None:
    result = run(rt, write_csv(tmp_path, BASE))
    assert (result.created, result.updated, result.rejected, result.committed) == (3, 0, 0, True)
    cat = catalogue(rt)
    assert cat["TEA-1"] == {
        "barcode": "4006381333931", "name": "Green tea", "price": 250, "cost": 110,
        "tax_class": "B", "category": "Drinks", "supplier": "Tea Co", "unit": "ea",
        "weighed": False, "reorder_level": 2000, "active": True, "on_hand": 10000}
    assert cat["0042"]["price"] == 129900 and cat["0042"]["barcode"] is None
    assert cat["SOAP"]["tax_class"] == "A" and cat["SOAP"]["on_hand"] == -3000
    assert StockMove.select().where(StockMove.kind == "import").count() == 2
    entry = Journal.select().order_by(Journal.id.desc()).first()
    assert entry.kind == "import.products"
    assert '"created": 3' in entry.payload and result.sha256 in entry.payload


def test_reimport_changes_nothing(rt: Runtime, tmp_path: Path) -> None:
    path = write_csv(tmp_path, BASE)
    run(rt, path)
    before = catalogue(rt)
    moves, entries = StockMove.select().count(), Journal.select().count()
    again = run(rt, path, stock="set")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert catalogue(rt) == before
    assert (StockMove.select().count(), Journal.select().count()) == (moves, entries)
    assert any("imported before (journal #" in n for n in again.notes)


def test_existing_products_are_matched_by_barcode_then_code(rt: Runtime, tmp_path: Path) -> None:
    run(rt, write_csv(tmp_path, BASE))
    update = write_csv(tmp_path, "barcode,code,name,price\n"
                       "4006381333931,TEA-NEW,Green tea 20 bags,2.75\n"
                       "4000000000006,0042,,\n", "u.csv")
    result = run(rt, update)
    assert (result.created, result.updated) == (0, 2)
    cat = catalogue(rt)
    assert "TEA-1" not in cat and cat["TEA-NEW"]["name"] == "Green tea 20 bags"
    assert cat["TEA-NEW"]["price"] == 275 and cat["TEA-NEW"]["cost"] == 110
    assert cat["0042"]["barcode"] == "4000000000006"
    assert cat["0042"]["price"] == 129900  # missing price keeps the price, never zero


@pytest.mark.parametrize(("mode", "expected"), [("keep", 10000), ("set", 4000), ("add", 14000)])
def test_stock_modes(rt: Runtime, tmp_path: Path, mode: str, expected: int) -> None:
    run(rt, write_csv(tmp_path, BASE))
    path = write_csv(tmp_path, "code,on_hand\nTEA-1,4\n", "s.csv")
    result = run(rt, path, stock=mode)
    assert catalogue(rt)["TEA-1"]["on_hand"] == expected
    assert result.updated == (0 if mode == "keep" else 1)
    with pytest.raises(UsageError):
        run(rt, path, stock="replace")


def test_any_invalid_row_changes_nothing_and_lists_every_problem(
        rt: Runtime, tmp_path: Path) -> None:
    path = write_csv(tmp_path, BASE + "BAD1,4006381333932,Bad check,1.00\n"
                     "BAD2,,No price,\nBAD3,7.61E+12,Mangled,2.00\nTEA-1,,Again,1.00\n")
    result = run(rt, path)
    assert not result.committed and result.rejected == 4
    assert Product.select().count() == 0 and StockMove.select().count() == 0
    text = [str(p) for p in result.problems]
    assert text[0].startswith("line 5, column 'barcode'") and "check digit" in text[0]
    assert text[1] == "line 6, column 'price': missing: a new product needs a price"
    assert text[2].startswith("line 7, column 'barcode'") and "scientific notation" in text[2]
    assert text[3].startswith("line 8, column 'code'") and "line 2" in text[3]


def test_skip_invalid_writes_rejects_untouched(rt: Runtime, tmp_path: Path) -> None:
    bad_line = 'BAD3,7.61E+12,"Mangled, with comma",2.00'
    path = write_csv(tmp_path, BASE + bad_line + "\n")
    rejects = tmp_path / "rejects.csv"
    result = run(rt, path, skip_invalid=True, rejects=rejects)
    assert result.committed and (result.created, result.rejected) == (3, 1)
    with rejects.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][-1] == "reason" and rows[0][:-1] == BASE.splitlines()[0].split(",")
    assert rows[1][:-1] == next(csv.reader([bad_line]))
    assert rows[1][-1].startswith("line 5, column 'barcode'")


def test_dry_run_writes_nothing_but_counts(rt: Runtime, tmp_path: Path) -> None:
    result = run(rt, write_csv(tmp_path, BASE), dry_run=True)
    assert (result.created, result.committed) == (3, False)
    assert Product.select().count() == 0 and Journal.select().count() == 0


def test_duplicates_inside_the_file_across_batches(sqlite_rt: Runtime, tmp_path: Path) -> None:
    lines = ["code,barcode,name,price"] + [f"C{i},,Item {i},1.00" for i in range(30)]
    lines += ["C3,,Again,1.00", "X1,4006381333931,A,1", "X2,4006381333931,B,1"]
    result = run(sqlite_rt, write_csv(tmp_path, "\n".join(lines)), batch_size=7)
    assert [str(p) for p in result.problems] == [
        "line 32, column 'code': duplicate: the same product as line 5",
        "line 34, column 'barcode': duplicate barcode '4006381333931': also on line 33"]


def test_conflicting_keys_are_refused(sqlite_rt: Runtime, tmp_path: Path) -> None:
    run(sqlite_rt, write_csv(tmp_path, BASE))
    path = write_csv(tmp_path, "code,barcode,name,price\nSOAP,4006381333931,X,1\n", "c.csv")
    result = run(sqlite_rt, path)
    assert result.rejected == 1 and "belongs to product TEA-1" in str(result.problems[0])


def test_tax_column_by_rate_and_unknown_falls_back(sqlite_rt: Runtime, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "code,name,price,vat\nA1,x,1,5%\nA2,y,1,20\nA3,z,1,8\n")
    result = run(sqlite_rt, path)
    assert [catalogue(sqlite_rt)[c]["tax_class"] for c in ("A1", "A2", "A3")] == ["B", "A", "A"]
    assert any("'8' is not a configured class" in n for n in result.notes)


def test_location_columns(sqlite_rt: Runtime, tmp_path: Path) -> None:
    text = ("Token,Item Name,Variation Name,SKU,Price,Current Quantity Richmond,"
            "Current Quantity Main Street\nT1,Coffee,Small,COF-S,2.00,5,7\n"
            "T2,Coffee,Large,COF-L,3.00,1,2\nT3,Tea,Regular,TEA,1.50,3,4\n")
    path = write_csv(tmp_path, text)
    with pytest.raises(UsageError, match="--location"):
        run(sqlite_rt, path)
    run(sqlite_rt, path, location="Main Street")
    cat = catalogue(sqlite_rt)
    assert {c: (v["name"], v["on_hand"]) for c, v in cat.items()} == {
        "COF-S": ("Coffee - Small", 7000), "COF-L": ("Coffee - Large", 2000),
        "TEA": ("Tea", 4000)}


def test_loyverse_variants_and_weighed(sqlite_rt: Runtime, tmp_path: Path) -> None:
    text = ("Handle,SKU,Name,Category,Sold by weight,Option 1 name,Option 1 value,"
            "Default price,Cost,Barcode,In stock [Main]\n"
            "latte,10001,Latte,Coffee,N,Size,Small,3.00,1.00,,\n"
            "latte,10002,,,N,,Large,4.00,1.20,,\n"
            "apples,10003,Apples,Fruit,Y,,,2.99,,,12.5\n")
    run(sqlite_rt, write_csv(tmp_path, text))
    cat = catalogue(sqlite_rt)
    assert cat["10002"]["name"] == "Latte - Large" and cat["10002"]["category"] == "Coffee"
    assert cat["10003"]["weighed"] and cat["10003"]["on_hand"] == 12500


def test_file_that_is_not_a_product_list(sqlite_rt: Runtime, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Order Date,Supplier,Order Lines / Quantity\n2012-12-15,A,20\n")
    with pytest.raises(ImportFileError, match="not a product list"):
        run(sqlite_rt, path)


def test_rows_with_too_many_cells(sqlite_rt: Runtime, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "code,name,price\nA,Tea,1,50\nB,Cake,2\n")
    result = run(sqlite_rt, path)
    assert str(result.problems[0]) == ("line 2: 4 cells but the header has 3 "
                                       "(an unquoted delimiter inside a cell?)")


def test_shopify_new_headers_and_lightspeed_variants(sqlite_rt: Runtime, tmp_path: Path) -> None:
    shopify = ("Title,URL handle,Vendor,Type,SKU,Barcode,Option1 name,Option1 value,Price,"
               "Cost per item,Inventory quantity,Status\n"
               "Mug,mug,Acme,Kitchen,MUG-1,4006381333931,Title,Default Title,9.99,3,4,active\n"
               "Shirt,shirt,Acme,Clothes,SH-S,,Size,S,20.00,,2,draft\n"
               ",shirt,,,SH-M,,,M,22.00,,,\n")
    result = run(sqlite_rt, write_csv(tmp_path, shopify, "s.csv"))
    assert (result.preset, result.created) == ("shopify", 3)
    cat = catalogue(sqlite_rt)
    assert cat["MUG-1"]["name"] == "Mug" and cat["MUG-1"]["on_hand"] == 4000
    assert (cat["SH-M"]["name"], cat["SH-M"]["active"], cat["SH-M"]["category"]) == (
        "Shirt - M", False, "Clothes")
    lightspeed = ("handle,sku,name,variant_option_one_name,variant_option_one_value,"
                  "supply_price,retail_price,supplier_name,active,inventory_Main_Outlet\n"
                  "cap,CAP-R,Cap,Colour,Red,4,12.5,Hats Ltd,1,3\n"
                  "cap,CAP-B,Cap,Colour,Blue,4,12.5,Hats Ltd,1,0\n")
    result = run(sqlite_rt, write_csv(tmp_path, lightspeed, "l.csv"))
    assert (result.preset, result.created) == ("lightspeed", 2)
    cat = catalogue(sqlite_rt)
    assert cat["CAP-B"] == cat["CAP-B"] | {"name": "Cap - Blue", "price": 1250, "cost": 400,
                                           "supplier": "Hats Ltd"}
    assert cat["CAP-R"]["on_hand"] == 3000


def test_gbk_and_big5_files_with_shop_prices(sqlite_rt: Runtime, tmp_path: Path) -> None:
    gbk = ("条码,品名,售价,库存\n6901234567892,珍珠奶茶,￥366.80,5\n"
           "6901234567908,乌龙茶 大杯,\"$1,299.00\",nan\n6901234567915,凤梨酥礼盒,NULL,1\n")
    result = run(sqlite_rt, write_csv(tmp_path, gbk, "gbk.csv", "gbk"))
    assert (result.encoding, result.rejected) == ("gb18030", 1)
    assert str(result.problems[0]) == (
        "line 4, column '售价': missing: a new product needs a price")
    result = run(sqlite_rt, write_csv(tmp_path, gbk, "gbk.csv", "gbk"), skip_invalid=True,
                 rejects=tmp_path / "r.csv")
    big5 = "條碼;品名;售價\n4710088410016;珍珠奶茶 中杯;55,00\n4710088410023;烏龍茶 大杯;'35\n"
    result = run(sqlite_rt, write_csv(tmp_path, big5, "big5.csv", "big5"))
    assert (result.encoding, result.delimiter, result.created) == ("big5", ";", 2)
    by_name = {v["name"]: v for v in catalogue(sqlite_rt).values()}
    assert by_name["珍珠奶茶 中杯"]["price"] == 5500 and by_name["烏龍茶 大杯"]["price"] == 3500
    assert by_name["乌龙茶 大杯"]["price"] == 129900 and by_name["乌龙茶 大杯"]["on_hand"] == 0
    assert by_name["珍珠奶茶 中杯"]["barcode"] == "4710088410016"


def test_square_tax_flag_columns(sqlite_rt: Runtime, tmp_path: Path) -> None:
    text = ("Item Name,Variation Name,SKU,Price,Tax - VAT (20%),Tax - Reduced (5 %)\n"
            "Soap,Regular,S1,2.00,Y,N\nBread,Regular,B1,1.00,N,Y\nStamp,Regular,P1,1.00,N,N\n")
    result = run(sqlite_rt, write_csv(tmp_path, text))
    cat = catalogue(sqlite_rt)
    assert [cat[c]["tax_class"] for c in ("S1", "B1", "P1")] == ["A", "B", "A"]
    assert any("1 row names no tax class" in n for n in result.notes)


def test_negative_price_is_refused(sqlite_rt: Runtime, tmp_path: Path) -> None:
    result = run(sqlite_rt, write_csv(tmp_path, "code,name,price\nA,Tea,-1.00\n"))
    assert [str(p) for p in result.problems] == ["line 2, column 'price': a price cannot be "
                                                 "negative"]
def test_search_index_follows_created_and_updated_products(rt: Runtime, tmp_path: Path) -> None:
    from termpos.services.search import search_products

    run(rt, write_csv(tmp_path, BASE + "MILK-1,,珍珠奶茶 500ml,1.00,,A,Drinks,,,\n"))
    assert [p.code for p in search_products(rt, "奶茶")] == ["MILK-1"]
    # A price-only update keeps the entry; a renamed product is found by its new name only.
    run(rt, write_csv(tmp_path, "code,name,price\nMILK-1,珍珠奶茶 500ml,1.20\n"
                      "TEA-1,Oolong tea,2.60\n", "u.csv"))
    assert [p.code for p in search_products(rt, "奶茶")] == ["MILK-1"]
    assert [p.code for p in search_products(rt, "oolong")] == ["TEA-1"]
    assert search_products(rt, "green") == []
    assert catalogue(rt)["MILK-1"]["price"] == 120
