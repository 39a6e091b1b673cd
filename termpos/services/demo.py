"""Provides the demo store: a believable catalogue, two tax classes and three staff accounts."""

from __future__ import annotations

import random
from dataclasses import dataclass

from termpos.core.gtin import with_check_digit
from termpos.models import Category, Product, StockMove
from termpos.services.runtime import Runtime
from termpos.services.users import create_user
from termpos.store.tx import write_transaction

DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("manager", "manager", "2468"),
    ("cashier", "cashier", "1357"),
    ("admin", "admin", "8642"),
)

# (category, tax class, items as (name, price in minor units)); reduced rate for food.
_CATALOGUE: dict[str, tuple[str, list[tuple[str, int]]]] = {
    "Drinks": ("B", [
        ("珍珠奶茶", 350), ("烏龍茶", 250), ("綠茶", 220), ("紅茶", 220), ("豆漿", 180),
        ("Sparkling water 1L", 129), ("Still water 500ml", 89), ("Orange juice 1L", 279),
        ("Apple juice 1L", 259), ("Cola 330ml", 119), ("Iced coffee", 299), ("Lemonade", 199),
    ]),
    "Bakery": ("B", [
        ("Sourdough loaf", 450), ("Croissant", 150), ("Baguette", 210), ("Rye bread", 390),
        ("菠蘿麵包", 180), ("Cinnamon roll", 240), ("Bagel", 120), ("Muffin", 199),
    ]),
    "Dairy": ("B", [
        ("Whole milk 1L", 119), ("Butter 250g", 289), ("Yoghurt 500g", 179),
        ("Cheddar 200g", 349), ("Cream 200ml", 139), ("Eggs x10", 329),
    ]),
    "Snacks": ("B", [
        ("Crisps salted", 149), ("Chocolate bar", 129), ("Peanuts 200g", 219),
        ("Rice crackers", 189), ("鳳梨酥", 420), ("牛軋糖", 380), ("Gummy bears", 159),
    ]),
    "Household": ("A", [
        ("Dish soap", 249), ("Kitchen roll", 399), ("Bin bags", 299), ("Sponges x3", 189),
        ("Laundry liquid", 899), ("Light bulb", 499), ("Batteries AA x4", 549),
    ]),
    "Stationery": ("A", [
        ("Ballpoint pen", 99), ("Notebook A5", 299), ("Sticky notes", 199), ("Stapler", 649),
        ("原子筆", 120), ("筆記本", 350), ("Envelope pack", 249),
    ]),
}

_WEIGHED: list[tuple[str, str, int]] = [
    # (name, category, price per kg)
    ("Bananas", "Produce", 199), ("Apples", "Produce", 299), ("Tomatoes", "Produce", 349),
    ("Potatoes", "Produce", 149), ("Carrots", "Produce", 129), ("Grapes", "Produce", 599),
    ("高麗菜", "Produce", 259), ("Cheese counter Gouda", "Dairy", 1899),
]

_SIZES = ("small", "medium", "large", "family", "value", "organic", "premium", "mini")


@dataclass(frozen=True)
class DemoSummary:
    """What create_demo_store made, with the demo PINs to print once."""

    products: int
    categories: int
    users: tuple[tuple[str, str, str], ...]


def create_demo_store(rt: Runtime, seed: int = 7, *, opening_stock: bool = True) -> DemoSummary:
    """Adds the demo catalogue and staff to an empty store."""
    rng = random.Random(seed)
    now = rt.clock.now()
    for name, role, pin in DEMO_USERS:
        create_user(rt, name, role, pin, actor="init")
    rows: list[dict[str, object]] = []
    cats: dict[str, int] = {}
    with write_transaction(rt.db):
        for cat in list(_CATALOGUE) + ["Produce"]:
            cats[cat] = Category.create(name=cat).id
        n = 0
        for cat, (tax, items) in _CATALOGUE.items():
            for base_name, price in items:
                for variant in ("",) + _SIZES[:6]:
                    n += 1
                    name = f"{base_name} {variant}".strip()
                    step = 1 + _SIZES.index(variant) if variant else 0
                    rows.append(_product(n, name, cats[cat], tax, price + 10 * step, rng, now))
        for i, (name, cat, per_kg) in enumerate(_WEIGHED):
            rows.append({
                "code": f"{i + 1:05d}", "barcode": None, "name": name, "category": cats[cat],
                "tax_class": "B", "price": per_kg, "cost": per_kg * 6 // 10, "unit": "kg",
                "weighed": True, "reorder_level": 5000, "active": True,
                "created_at": now, "updated_at": now,
            })
        for chunk in range(0, len(rows), 200):
            Product.insert_many(rows[chunk : chunk + 200]).execute()
        if opening_stock:
            _opening_stock(rng, now)
    return DemoSummary(len(rows), len(cats), DEMO_USERS)


def _opening_stock(rng: random.Random, now: object) -> None:
    """Books opening stock for every product, as an import would (the ledger's first moves)."""
    moves = [
        {"product": p.id, "qty_milli": rng.randint(15, 40) * (1000 if p.weighed else 2000),
         "kind": "import", "document": "demo", "reason": "opening", "note": "opening stock",
         "created_at": now}
        for p in Product.select(Product.id, Product.weighed).order_by(Product.id)
    ]
    for chunk in range(0, len(moves), 200):
        StockMove.insert_many(moves[chunk : chunk + 200]).execute()


def _product(
    n: int, name: str, category: int, tax: str, price: int, rng: random.Random, now: object
) -> dict[str, object]:
    return {
        "code": f"P{n:05d}",
        "barcode": with_check_digit(f"471{n:09d}"),
        "name": name,
        "category": category,
        "tax_class": tax,
        "price": price,
        "cost": price * rng.randint(45, 70) // 100,
        "unit": "ea",
        "weighed": False,
        "reorder_level": rng.choice((5000, 10000, 20000)),
        "active": True,
        "created_at": now,
        "updated_at": now,
    }
