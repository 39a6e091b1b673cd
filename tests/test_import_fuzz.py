"""Fuzz tests: malformed CSV never raises a traceback and never leaves a partial import."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termpos.core.errors import TermposError
from termpos.models import Category, Journal, Product, StockMove
from termpos.services.importer.customers import import_customers
from termpos.services.importer.products import import_products
from termpos.services.importer.run import ImportOptions
from termpos.services.runtime import Runtime

HEADERS = [
    ["code", "barcode", "name", "price", "on_hand", "category"],
    ["Handle", "Title", "Option1 Value", "Variant SKU", "Variant Price", "Variant Barcode"],
    ["Type", "SKU", "Name", "Regular price", "Parent", "Stock"],
    ["品名", "售價", "條碼", "庫存"],
    ["code", "name"],
]
CELLS = st.one_of(
    st.sampled_from(["", "nan", "NULL", "4006381333931", "4006381333932", "1,62E+11",
                     "'2019104", "'-3", "￥366.80", "$1,299.00", "1.299,00", "780,00", "-5",
                     "variation", "variable", "A", "=cmd", '"', '""', "a\nb", "\r", ";", "|",
                     "\t", "x" * 400, "Tea", "Tea", "0042", "1,500", "\x1d", "🙂"]),
    st.text(max_size=12),
)
DELIMS = st.sampled_from([",", ";", "\t", "|"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5", "cp1252"])
_counter = itertools.count()


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    header = draw(st.sampled_from(HEADERS))
    delim = draw(DELIMS)
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 2), max_size=8))
    lines = [delim.join(header)] + [delim.join(r) for r in rows]
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    data = text.encode(draw(ENCODINGS), errors="replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=20)) + data[cut:]
    return data


def _state() -> tuple[int, int, int, int]:
    return (Product.select().count(), StockMove.select().count(), Journal.select().count(),
            Category.select().count())


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=csv_bytes(), stock=st.sampled_from(["keep", "set", "add"]))
def test_products_never_crash_never_partial(sqlite_rt: Runtime, tmp_path: Path, data: bytes,
                                             stock: str) -> None:
    path = tmp_path / f"fuzz{next(_counter)}.csv"
    path.write_bytes(data)
    before = _state()
    try:
        result = import_products(sqlite_rt, path, ImportOptions(stock=stock, batch_size=3))
    except TermposError:
        assert _state() == before
        return
    if result.rejected:
        assert not result.committed and _state() == before
    if not result.committed:
        assert _state() == before


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=csv_bytes())
def test_customers_never_crash(sqlite_rt: Runtime, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / f"fuzzc{next(_counter)}.csv"
    path.write_bytes(data.replace(b"code", b"phone", 1))
    try:
        result = import_customers(sqlite_rt, path, ImportOptions())
    except TermposError:
        return
    assert result.committed == (result.rejected == 0)
