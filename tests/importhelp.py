"""Helpers for import tests: write a CSV file, import it, read the catalogue back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from termpos.models import Category, Product, StockMove, Supplier
from termpos.services.importer.products import import_products
from termpos.services.importer.run import ImportOptions, ImportResult
from termpos.services.runtime import Runtime

ROOT = Path(__file__).resolve().parents[1]
# shared/ sits beside the main checkout; a git worktree (wt/<name>) is one level deeper.
SAMPLES = next((p for p in (ROOT.parent / "shared" / "data" / "import-samples",
                            ROOT.parent.parent / "shared" / "data" / "import-samples")
                if p.is_dir()), ROOT.parent / "shared" / "data" / "import-samples")


def write_csv(tmp_path: Path, text: str, name: str = "in.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(rt: Runtime, path: Path, **opts: Any) -> ImportResult:
    return import_products(rt, path, ImportOptions(**opts))


def catalogue(rt: Runtime) -> dict[str, dict[str, Any]]:
    """Every product by code with its category, supplier and stock on hand."""
    cats = {c.id: c.name for c in Category.select()}
    sups = {s.id: s.name for s in Supplier.select()}
    stock: dict[int, int] = {}
    for m in StockMove.select():
        stock[m.product_id] = stock.get(m.product_id, 0) + m.qty_milli
    return {p.code: {
        "barcode": p.barcode, "name": p.name, "price": p.price, "cost": p.cost,
        "tax_class": p.tax_class, "category": cats.get(p.category_id),
        "supplier": sups.get(p.supplier_id), "unit": p.unit, "weighed": bool(p.weighed),
        "reorder_level": p.reorder_level, "active": bool(p.active),
        "on_hand": stock.get(p.id, 0),
    } for p in Product.select()}
