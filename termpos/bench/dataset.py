"""Provides the benchmark store: N products and M sale lines, built once and cached.

Rows are written with the standard sqlite3 module into a schema made by termpos's own
migrations, so the benchmark measures termpos over exactly the tables the till uses.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from termpos.core.gtin import with_check_digit
from termpos.core.money import div_half_up
from termpos.store.db import SEARCH_FUNCTIONS, open_database
from termpos.store.migrate import latest_version

LATIN = (
    "organic fresh classic premium smoked salted sweet spicy crunchy golden green red "
    "wild mild dark light whole extra smooth rustic"
).split()
NOUNS = (
    "apple tea coffee bread cheese butter milk juice rice noodle soap candle pen paper "
    "honey jam chocolate biscuit cracker yoghurt water soda sauce pepper salt"
).split()
CJK = (
    "珍珠奶茶 烏龍茶 綠茶 紅茶 豆漿 鳳梨酥 牛軋糖 高麗菜 原子筆 筆記本 菠蘿麵包 "
    "香蕉 蘋果 葡萄 醬油 米粉 泡麵 洗衣精 衛生紙 咖啡"
).split()
SIZES = ("100g", "250g", "500g", "1kg", "330ml", "1L", "x6", "x12", "mini", "family")


def product_name(rng: random.Random, i: int) -> str:
    """A believable product name; one in five is Chinese."""
    if i % 5 == 0:
        return f"{rng.choice(CJK)} {rng.choice(SIZES)} {i % 997}"
    return f"{rng.choice(LATIN).title()} {rng.choice(NOUNS)} {rng.choice(SIZES)} {i % 997}"


def barcode_for(i: int) -> str:
    """The EAN-13 of benchmark product i (prefix 47, never a variable-measure prefix)."""
    return with_check_digit(f"47{i:010d}")


DATASET_VERSION = 2  # bump when the generated rows change (2: stock movements)


def cache_path(folder: Path, products: int, lines: int) -> Path:
    """Where the store for these sizes is cached (rebuilt when the schema or data change)."""
    return folder / f"bench-p{products}-l{lines}-v{latest_version()}-d{DATASET_VERSION}.db"


def build(path: Path, products: int, lines: int, seed: int = 11) -> Path:
    """Builds the store unless it is cached already; returns its path."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for leftover in path.parent.glob(tmp.name + "*"):
        leftover.unlink()
    open_database(str(tmp), create=True).close()
    con = sqlite3.connect(tmp)
    # The product search index's triggers call this function, as on every termpos connection.
    for name, args, fn in SEARCH_FUNCTIONS:
        con.create_function(name, args, fn, deterministic=True)
    con.execute("PRAGMA synchronous=OFF")
    # One big transaction: no WAL to spill into, and room for the stock_move indexes.
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA cache_size=-262144")
    rng = random.Random(seed)
    started = time.perf_counter()
    with con:
        _fill_reference(con)
        _fill_products(con, rng, products)
        _fill_opening_stock(con, products)
        _fill_sales(con, rng, products, lines)
    con.execute("ANALYZE")
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    tmp.rename(path)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    print(f"built {path.name} in {time.perf_counter() - started:.1f} s")
    return path


NOW = dt.datetime(2026, 6, 30, 20, 0, 0)


def _fill_reference(con: sqlite3.Connection) -> None:
    ts = NOW.isoformat(sep=" ")
    con.executemany(
        "INSERT INTO user (id, name, role, pin_hash, active, failed_attempts, created_at) "
        "VALUES (?, ?, ?, 'x', 1, 0, ?)",
        [(1, "bench-manager", "manager", ts), (2, "bench-cashier", "cashier", ts)],
    )
    con.executemany(
        "INSERT INTO category (id, name) VALUES (?, ?)",
        [(i + 1, f"Category {i + 1}") for i in range(40)],
    )
    con.execute(
        "INSERT INTO shift (id, till, opened_by_id, opened_at, opening_float, status) "
        "VALUES (1, 'T9', 1, ?, 10000, 'closed')",
        (ts,),
    )


def _fill_products(con: sqlite3.Connection, rng: random.Random, n: int) -> None:
    ts = NOW.isoformat(sep=" ")

    def rows() -> Iterator[tuple[Any, ...]]:
        for i in range(1, n + 1):
            price = rng.randint(50, 5000)
            yield (
                i, f"B{i:07d}", barcode_for(i), product_name(rng, i), 1 + i % 40,
                "A" if i % 3 else "B", price, price * rng.randint(40, 75) // 100, "ea", 0,
                rng.choice((None, 5000, 10000)), 1, ts, ts,
            )

    con.executemany(
        "INSERT INTO product (id, code, barcode, name, category_id, tax_class, price, cost, "
        "unit, weighed, reorder_level, active, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows(),
    )


def _fill_opening_stock(con: sqlite3.Connection, n: int) -> None:
    """One opening "import" movement per product a year before NOW; one in 50 gets none,
    one in 7 a small quantity, so that stock, reorder and dead-stock reports find work."""
    ts = (NOW - dt.timedelta(days=366)).isoformat(sep=" ")
    con.executemany(
        "INSERT INTO stock_move (product_id, qty_milli, kind, document, reason, note, user_id, "
        "created_at) VALUES (?, ?, 'import', '', 'import', 'bench opening stock', NULL, ?)",
        ((i, (3 + i % 5) * 1000 if i % 7 == 0 else (20 + i % 60) * 1000, ts)
         for i in range(1, n + 1) if i % 50),
    )


def _fill_sales(con: sqlite3.Connection, rng: random.Random, products: int, lines: int) -> None:
    """Writes sales of 1-8 lines spread over the last 365 days, consistent to the minor unit."""
    start = NOW - dt.timedelta(days=365)
    sale_rows: list[tuple[Any, ...]] = []
    line_rows: list[tuple[Any, ...]] = []
    tax_rows: list[tuple[Any, ...]] = []
    tender_rows: list[tuple[Any, ...]] = []
    move_rows: list[tuple[Any, ...]] = []
    sale_id = line_id = 0
    written = 0
    while written < lines:
        sale_id += 1
        count = min(rng.randint(1, 8), lines - written)
        at = start + dt.timedelta(seconds=int(365 * 86400 * written / lines))
        at = at.replace(hour=8 + (sale_id * 7) % 12)
        stamp = at.isoformat(sep=" ")
        number = f"T9-{sale_id:06d}"
        user = 2 - sale_id % 2
        total = 0
        taxes: dict[str, list[int]] = {"A": [0, 0], "B": [0, 0]}
        for _ in range(count):
            line_id += 1
            pid = rng.randint(1, products)
            qty = rng.choice((1000, 1000, 1000, 2000, 3000))
            price = 50 + pid % 4950
            amount = price * qty // 1000
            cls = "A" if pid % 3 else "B"
            rate = 200_000 if cls == "A" else 50_000
            tax = div_half_up(amount * rate, 1_000_000 + rate)
            taxes[cls][0] += amount - tax
            taxes[cls][1] += tax
            total += amount
            line_rows.append((line_id, sale_id, _ + 1, pid, f"B{pid:07d}", "bench item", qty, price,
                              0, amount, cls, rate, tax, amount // 2))
            move_rows.append((pid, -qty, number, user, stamp))
        sale_rows.append((sale_id, number, "T9", sale_id, "sale", 1, user, stamp, "inclusive",
                          total, 0, taxes["A"][1] + taxes["B"][1], 0, total, 0, 0))
        for cls, (net, tax) in taxes.items():
            if net or tax:
                tax_rows.append((sale_id, cls, 200_000 if cls == "A" else 50_000, net, tax))
        tender_rows.append((sale_id, "cash" if sale_id % 3 else "card", total, ""))
        written += count
        if len(line_rows) >= 50_000:
            _flush(con, sale_rows, line_rows, tax_rows, tender_rows, move_rows)
    _flush(con, sale_rows, line_rows, tax_rows, tender_rows, move_rows)
    con.execute("INSERT INTO counter (name, value) VALUES ('receipt:T9', ?)", (sale_id,))


def _flush(con: sqlite3.Connection, sales: list[tuple[Any, ...]],
           lines: list[tuple[Any, ...]], taxes: list[tuple[Any, ...]],
           tenders: list[tuple[Any, ...]], moves: list[tuple[Any, ...]]) -> None:
    con.executemany(
        "INSERT INTO sale (id, number, till, seq, kind, shift_id, user_id, created_at, tax_mode, "
        "subtotal, discount_total, tax_total, rounding, total, change, points_earned) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sales)
    con.executemany(
        "INSERT INTO sale_line (id, sale_id, seq, product_id, code, name, qty_milli, unit_price, "
        "discount, amount, tax_class, tax_rate_ppm, tax, cost) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", lines)
    con.executemany(
        "INSERT INTO sale_tax (sale_id, tax_class, rate_ppm, net, tax) VALUES (?, ?, ?, ?, ?)",
        taxes)
    con.executemany(
        "INSERT INTO tender (sale_id, kind, amount, reference) VALUES (?, ?, ?, ?)", tenders)
    con.executemany(
        "INSERT INTO stock_move (product_id, qty_milli, kind, document, reason, note, user_id, "
        "created_at) VALUES (?, ?, 'sale', ?, '', '', ?, ?)", moves)
    for rows in (sales, lines, taxes, tenders, moves):
        rows.clear()
