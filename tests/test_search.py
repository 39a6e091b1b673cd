"""Product search: exact codes first, Chinese substrings of any length, Latin prefixes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from peewee import SqliteDatabase

from termpos.core.search_text import fts_query, search_text, spaced, terms
from termpos.models import Product
from termpos.services.runtime import Runtime
from termpos.services.search import find_by_code, search_products

from .searchhelp import expected_entries, indexed_ids, search_entries

NAMES = [
    ("P1", "4710000000011", "珍珠奶茶 large"),
    ("P2", "4710000000028", "烏龍茶"),
    ("P3", "4710000000035", "綠茶"),
    ("P4", "4710000000042", "Sourdough loaf"),
    ("P5", "4710000000059", "Sparkling water 1L"),
    ("P6", None, "鳳梨酥"),
    ("P7", "4710000000073", "Crème brûlée"),
]


def _add(rt: Runtime) -> dict[str, int]:
    now = rt.clock.now()
    ids = {}
    for code, barcode, name in NAMES:
        p = Product.create(code=code, barcode=barcode, name=name, tax_class="A", price=100,
                           created_at=now, updated_at=now)
        ids[name] = p.id
    return ids


def names(rt: Runtime, query: str) -> list[str]:
    return [h.name for h in search_products(rt, query)]


def test_query_building() -> None:
    assert terms("珍珠 large") == [("cjk", "珍珠"), ("word", "large")]
    assert terms("茶x") == [("cjk", "茶"), ("word", "x")]
    assert fts_query('珍珠 la"') == '"珍 珠" "la"*'
    assert fts_query("  ") == ""
    assert search_text("P1", None, "珍珠奶茶") == "P1  珍  珠  奶  茶 "


def test_chinese_substrings_of_any_length(rt: Runtime) -> None:
    _add(rt)
    assert names(rt, "珍珠") == ["珍珠奶茶 large"]
    assert names(rt, "烏龍茶") == ["烏龍茶"]
    assert sorted(names(rt, "茶")) == sorted(["珍珠奶茶 large", "烏龍茶", "綠茶"])
    assert names(rt, "奶茶") == ["珍珠奶茶 large"]
    assert names(rt, "珠奶") == ["珍珠奶茶 large"]
    assert names(rt, "茶珍") == []  # characters must be consecutive
    assert names(rt, "梨") == ["鳳梨酥"]


def test_latin_prefixes_and_mixed(rt: Runtime) -> None:
    _add(rt)
    assert names(rt, "sour") == ["Sourdough loaf"]
    assert names(rt, "SPARK wat") == ["Sparkling water 1L"]
    assert names(rt, "珍珠 lar") == ["珍珠奶茶 large"]
    assert names(rt, "珍珠 small") == []
    assert names(rt, "xyz") == []
    assert names(rt, "100%_") == []
    if isinstance(rt.db, SqliteDatabase):  # FTS5 folds diacritics; ILIKE does not
        assert names(rt, "creme BRU") == ["Crème brûlée"]


def test_exact_code_first(rt: Runtime) -> None:
    ids = _add(rt)
    hits = search_products(rt, "4710000000028")
    assert hits[0].id == ids["烏龍茶"] and hits[0].price == 100
    hit = find_by_code(rt, "P6")
    assert hit is not None and hit.name == "鳳梨酥"
    assert find_by_code(rt, "nope") is None and find_by_code(rt, " ") is None


def test_index_follows_insert_update_delete(rt: Runtime) -> None:
    ids = _add(rt)
    Product.update(name="紅茶").where(Product.id == ids["綠茶"]).execute()
    assert "紅茶" in names(rt, "紅") and names(rt, "綠") == []
    Product.update(active=False).where(Product.id == ids["烏龍茶"]).execute()
    assert names(rt, "烏龍") == [] and find_by_code(rt, "P2") is None
    Product.update(active=True).where(Product.id == ids["烏龍茶"]).execute()
    assert names(rt, "烏龍") == ["烏龍茶"]
    Product.delete().where(Product.id == ids["鳳梨酥"]).execute()
    assert names(rt, "鳳梨") == []
    Product.update(active=False).where(Product.id == ids["綠茶"]).execute()
    Product.delete().where(Product.id == ids["綠茶"]).execute()  # inactive: not indexed
    Product.update(name="Rye loaf", code="P4B").where(Product.id == ids["Sourdough loaf"]).execute()
    assert names(rt, "rye") == ["Rye loaf"] and names(rt, "sourdough") == []
    if isinstance(rt.db, SqliteDatabase):  # the index holds exactly the active names
        assert search_entries(rt) == expected_entries(rt)


def test_limit_and_no_catalogue_load(rt: Runtime) -> None:
    now = rt.clock.now()
    Product.insert_many(
        [{"code": f"C{i}", "name": f"茶 {i}", "tax_class": "A", "price": i,
          "created_at": now, "updated_at": now} for i in range(120)]
    ).execute()
    assert len(search_products(rt, "茶")) == 50
    assert len(search_products(rt, "茶", limit=5)) == 5


def test_sqlite_uses_the_fts_index(sqlite_rt: Runtime) -> None:
    assert isinstance(sqlite_rt.db, SqliteDatabase)
    _add(sqlite_rt)
    assert len(indexed_ids(sqlite_rt)) == len(NAMES)
    plan = sqlite_rt.db.execute_sql(
        "EXPLAIN QUERY PLAN SELECT rowid FROM product_search WHERE product_search MATCH ?",
        ('"茶"',),
    ).fetchall()
    assert "VIRTUAL TABLE INDEX" in str(plan)


def test_postgres_has_trigram_index_when_possible(rt: Runtime) -> None:
    if isinstance(rt.db, SqliteDatabase):
        return
    rows = rt.db.execute_sql(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'product' "
        "AND schemaname = current_schema()"
    ).fetchall()
    assert "product_name_trgm" in {r[0] for r in rows}


def test_spaced_matches_is_cjk_everywhere() -> None:
    from termpos.core.search_text import is_cjk, spaced

    def slow(text: str) -> str:
        return "".join(f" {ch} " if is_cjk(ch) else ch for ch in text)

    edges = [0x303F, 0x3040, 0x30FF, 0x3100, 0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00,
             0x9FFF, 0xA000, 0xABFF, 0xAC00, 0xD7AF, 0xD7B0, 0xF8FF, 0xF900, 0xFAFF, 0xFB00,
             0x1FFFF, 0x20000, 0x3FFFF, 0x40000, ord("é"), ord("a")]
    for cp in edges:
        text = f"x{chr(cp)}y {chr(cp)}{chr(cp)}"
        assert spaced(text) == slow(text), hex(cp)
    assert spaced("plain ascii") == "plain ascii"


def test_codes_and_barcodes_by_prefix_on_sqlite(sqlite_rt: Runtime) -> None:
    """Codes and barcodes are not search words any more (0012): a one-word query still finds
    them by prefix, as typed or in capitals, in code order, after an exact code."""
    ids = _add(sqlite_rt)
    now = sqlite_rt.clock.now()
    Product.create(code="P10", barcode=None, name="Old stock", tax_class="A", price=1,
                   active=False, created_at=now, updated_at=now)
    assert names(sqlite_rt, "p") == []  # one character: names only
    assert [h.code for h in search_products(sqlite_rt, "p1")][:1] == ["P1"]
    assert "P10" not in [h.code for h in search_products(sqlite_rt, "P1")]  # inactive
    assert names(sqlite_rt, "47100000000")[:3] == ["珍珠奶茶 large", "烏龍茶", "綠茶"]
    assert names(sqlite_rt, "471000000000") == []
    assert names(sqlite_rt, "P1 large") == []  # several words: names only
    hits = search_products(sqlite_rt, "4710000000035")
    assert [h.id for h in hits] == [ids["綠茶"]]  # exact, not repeated by the prefix
    Product.create(code="abc-123", barcode=None, name="Lower code", tax_class="A", price=1,
                   created_at=now, updated_at=now)
    assert names(sqlite_rt, "ABC") == ["Lower code"]  # as typed, in capitals, in small letters
    plan = str(sqlite_rt.db.execute_sql(
        "EXPLAIN QUERY PLAN SELECT id FROM product WHERE code >= ? AND code < ?",
        ("P1", "P1\U0010ffff")).fetchall())
    assert "product_code" in plan


def test_names_only_in_the_index(sqlite_rt: Runtime) -> None:
    ids = _add(sqlite_rt)
    entries = search_entries(sqlite_rt)
    first = [term for doc, term, _pos in entries if doc == ids["珍珠奶茶 large"]]
    assert first == ["珍", "珠", "奶", "茶", "large"]
    assert not any(term.startswith(("471", "p")) for _doc, term, _pos in entries)
    assert entries == expected_entries(sqlite_rt)


def test_import_writes_the_same_body_as_the_trigger(sqlite_rt: Runtime) -> None:
    """The importer's SQL form of the body (printable ASCII names need no spacing) gives
    the trigger's text for every kind of name."""
    from termpos.services.importer.dbrows import SEARCH_BODY

    for name in ("Cola 1.5L", "", "  x  ", "珍珠奶茶 L", "Crème", "tab\there", "~!@#", "ｺｰﾗ",
                 "abc\x00茶茶"):  # GLOB stops at NUL
        got = sqlite_rt.db.execute_sql(f'SELECT {SEARCH_BODY} FROM (SELECT ? AS "name")',
                                       (name,)).fetchone()[0]
        assert got == spaced(name), name


def test_migration_0012_reindexes_names_only(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A store at schema 11 (codes and barcodes in the index) keeps finding everything."""
    from importlib import resources

    from termpos.core.config import Settings
    from termpos.services.runtime import open_runtime
    from termpos.store import migrate

    old = tmp_path / "migrations"
    old.mkdir()
    for entry in (resources.files("termpos.store") / "migrations").iterdir():
        if entry.name.endswith(".sql") and int(entry.name[:4]) < 12:
            (old / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", old)
    path = tmp_path / "old.db"
    rt = open_runtime(Settings(), str(path), create=True)
    ids = _add(rt)
    assert names(rt, "P4") == ["Sourdough loaf"]
    rt.db.close()
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", None)
    rt = open_runtime(Settings(), str(path))
    try:
        assert len(indexed_ids(rt)) == 7 and search_entries(rt) == expected_entries(rt)
        assert names(rt, "珠奶") == ["珍珠奶茶 large"] and names(rt, "sour") == ["Sourdough loaf"]
        assert names(rt, "P4") == ["Sourdough loaf"]  # now through the code index
        Product.update(name="紅茶").where(Product.id == ids["綠茶"]).execute()
        assert names(rt, "紅") == ["紅茶"] and names(rt, "綠") == []
    finally:
        rt.db.close()


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_spacing_a_name(text: str) -> None:
    """spaced() (a translate table) spaces exactly the CJK characters, as this regex does."""
    import re

    cjk = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
                     "\U00020000-\U0003ffff]")
    assert spaced(text) == cjk.sub(r" \g<0> ", text)
    assert spaced("珍珠奶茶 L") == " 珍  珠  奶  茶  L"


def test_codes_leave_room_for_names(sqlite_rt: Runtime) -> None:
    """Many codes starting with the query do not push the matching names off the list."""
    now = sqlite_rt.clock.now()
    Product.insert_many(
        [{"code": f"COLA{i:03d}", "name": f"Item {i}", "tax_class": "A", "price": 1,
          "created_at": now, "updated_at": now} for i in range(60)]
        + [{"code": f"X{i}", "name": f"Cola {i}", "tax_class": "A", "price": 1,
            "created_at": now, "updated_at": now} for i in range(5)]
    ).execute()
    found = search_products(sqlite_rt, "cola")
    assert len(found) == 50
    assert sum(h.name.startswith("Cola") for h in found) == 5
    assert [h.code for h in found[:3]] == ["COLA000", "COLA001", "COLA002"]


def test_code_prefix_reads_the_code_index_not_every_active_product(
        sqlite_rt: Runtime) -> None:
    """Without statistics the planner took the active index for `active = 1` and sorted
    every active product by code: 0.3 s a search at a million products."""
    _add(sqlite_rt)
    seen: list[str] = []
    con = sqlite_rt.db.connection()
    con.set_trace_callback(seen.append)
    try:
        assert [h.code for h in search_products(sqlite_rt, "P1")][:1] == ["P1"]
    finally:
        con.set_trace_callback(None)
    ranges = [s for s in seen if '"code" >= ' in s or '"barcode" >= ' in s]
    assert len(ranges) >= 2  # code and barcode, as typed (the bound values expanded)
    for sql in ranges:
        plan = str(sqlite_rt.db.execute_sql("EXPLAIN QUERY PLAN " + sql).fetchall())
        assert ("product_code" in plan or "product_barcode" in plan), plan
        assert "TEMP B-TREE" not in plan and "product_active" not in plan, plan
