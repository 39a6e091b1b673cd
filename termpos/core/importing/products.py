"""Provides ProductReader: one file row -> a ProductRow, a Skipped parent row or problems.

Pure: no database. The importer decides create/update/unchanged and checks what needs the
database (a new product needs a name and a price; keys must not clash with other products).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from termpos.core.importing.mapping import Mapping
from termpos.core.importing.rows import Problem, Skipped, make_plan, read_cells
from termpos.core.importing.taxes import TaxResolver
from termpos.core.importing.values import (
    clean,
    parse_barcode,
    parse_bool,
    parse_code,
    parse_money,
    parse_quantity,
    parse_text,
)
from termpos.core.importing.variants import Parent, VariantContext, generated_code, variant_name

WEIGHED_UNITS = frozenset({"kg", "g", "100g", "lb", "oz"})


class ProductRow(NamedTuple):
    """A product as a file row gives it; None means the file says nothing (keep as is).

    A named tuple: a big import's reading process sends a million of them to the writing
    one, and a tuple unpickles in a third of the time a dataclass does."""

    line: int
    code: str
    code_given: bool
    barcode: str | None = None
    name: str | None = None
    price: int | None = None
    cost: int | None = None
    tax_class: str | None = None
    category: str | None = None
    supplier: str | None = None
    on_hand: int | None = None
    reorder_level: int | None = None
    unit: str | None = None
    weighed: bool | None = None
    active: bool | None = None


@dataclass
class ReaderStats:
    """What the reader decided on its own, for the summary."""

    codes_generated: int = 0
    tax_defaulted: int = 0
    unknown_tax: Counter[str] = field(default_factory=Counter)


_CATEGORY_CACHE: dict[tuple[str, str], str] = {}


def pick_category(text: str, separators: str) -> str:
    """The most specific of a list of categories (`Clothing, Clothing > T-shirts`)."""
    key = (text, separators)
    found = _CATEGORY_CACHE.get(key)
    if found is None:
        found = _pick_category(text, separators)
        if len(_CATEGORY_CACHE) < 10_000:
            _CATEGORY_CACHE[key] = found
    return found


def _pick_category(text: str, separators: str) -> str:
    parts = [text]
    if separators:
        parts = [p for p in re.split(f"[{re.escape(separators)}]", text) if p.strip()] or [text]
    best = max(parts, key=lambda p: p.count(">"))
    return " > ".join(" ".join(s.split()) for s in best.split(">") if s.strip())[:200]


class ProductReader:
    """Reads product rows for one mapping; keeps the variant context between rows."""

    def __init__(self, mapping: Mapping, width: int, *, exponent: int = 2,
                 decimal: str = "auto",
                 tax_classes: Sequence[tuple[str, str, int]] = (("A", "Standard", 200_000),),
                 ) -> None:
        self.mapping, self.width = mapping, width
        self.taxes = TaxResolver(tax_classes)
        self.stats = ReaderStats()
        self.context = VariantContext()
        money = partial(parse_money, exponent=exponent, decimal=decimal)
        qty = partial(parse_quantity, decimal=decimal)
        text = parse_text
        parsers: dict[str, Any] = {
            "code": parse_code, "barcode": parse_barcode, "name": text, "price": money,
            "cost": money, "tax_class": clean, "tax_rate": clean, "category": text,
            "supplier": partial(parse_text, max_len=200), "on_hand": qty,
            "reorder_level": qty, "unit": partial(parse_text, max_len=8),
            "weighed": parse_bool, "active": parse_bool, "archived": parse_bool,
            "group": clean, "type": clean, "parent": clean, "ext_id": clean,
            "variant_name": text, "option1": text, "option2": text, "option3": text,
        }
        self.plan = make_plan(mapping, parsers)
        self.category_separators = "," if mapping.preset == "woocommerce" else ";"
        self.option_fields = [o for o in ("option1", "option2", "option3") if mapping.has(o)]
        self.has_tax = (mapping.has("tax_class") or mapping.has("tax_rate")
                        or bool(mapping.tax_flags))

    def read(self, line: int, cells: list[str]) -> ProductRow | Skipped | list[Problem]:
        """Turns one row into a product row, a skipped row or the list of its problems."""
        if not (cells and cells[0].strip()) and not "".join(cells).strip():
            return Skipped(line, "empty row")
        v, problems = read_cells(line, cells, self.width, self.plan)
        if problems:
            return problems
        if "archived" in v and "active" not in v:
            v["active"] = not v["archived"]
        if "category" in v:
            v["category"] = pick_category(v["category"], self.category_separators)
        tax_text = v.get("tax_class") or v.get("tax_rate") or self._tax_flag(cells)
        options = [v[o] for o in self.option_fields if o in v] if self.option_fields else []
        parent: Parent | None = None
        style = self.mapping.variants
        if style == "parent":
            outcome = self._woo(line, v, options)
            if outcome is not None:
                return outcome
            parent = v.pop("_parent", None)
        elif style == "group":
            parent = self._group(v, options)
            if "price" not in v and "code" not in v and "barcode" not in v:
                return Skipped(line, "parent or image row without price, SKU or barcode")
        elif style == "square" and "name" in v:
            v["name"] = variant_name(v["name"], [v.get("variant_name", "")])
        if parent is not None:
            for key in ("category", "supplier", "active"):
                if v.get(key) is None and getattr(parent, key) is not None:
                    v[key] = getattr(parent, key)
            if tax_text is None or str(tax_text).casefold() == "parent":
                tax_text = parent.tax_class
        return self._finish(line, v, tax_text, options, parent)

    def notes(self, label: str) -> list[str]:
        """What the reader decided on its own, for the summary (``label``: the tax class new
        products get when the file names none)."""
        stats, notes = self.stats, []
        if not self.has_tax:
            notes.append(f"no tax column: new products get tax class {label}")
        elif stats.unknown_tax:
            names = ", ".join(f"{k!r}" for k, _ in stats.unknown_tax.most_common(5))
            notes.append(f"tax {names} is not a configured class or rate: new products get "
                         f"tax class {label}")
        elif stats.tax_defaulted:
            n = stats.tax_defaulted
            notes.append(f"{n} {'row names' if n == 1 else 'rows name'} no tax class: new "
                         f"products among them get tax class {label}")
        if stats.codes_generated:
            n = stats.codes_generated
            notes.append(f"{n} {'row' if n == 1 else 'rows'} without code or barcode got a "
                         "code made from the name")
        return notes

    def _tax_flag(self, cells: list[str]) -> str | None:
        """The rate of the first `Tax - X (n%)` column that says Y for this row."""
        for idx, rate in self.mapping.tax_flags:
            if idx < len(cells) and cells[idx].strip().casefold() in ("y", "yes", "true", "1"):
                return rate
        return None

    def _woo(self, line: int, v: dict[str, Any], options: list[str]) -> Skipped | None:
        """WooCommerce types: remember variable parents, skip what is not sold here."""
        kind = str(v.get("type", "simple")).casefold()
        if "variation" in kind:
            ref = v.get("parent")
            parent = self.context.find(ref) if ref else None
            if parent is None and "name" not in v:
                problem = f"parent {ref!r} not found above this line" if ref else (
                    "variation without a parent")
                v["_problem"] = problem
            v["_parent"] = parent
            if parent is not None:
                v["name"] = variant_name(parent.name, options) if options else (
                    v.get("name") or parent.name)
            return None
        if "variable" in kind:
            parent = Parent(v.get("code") or v.get("name") or "", v.get("name"),
                            v.get("category"), v.get("supplier"), v.get("tax_class"),
                            v.get("active"))
            self.context.remember(parent, v.get("code"),
                                  f"id:{v['ext_id']}" if "ext_id" in v else None)
            if "price" not in v:
                return Skipped(line, "variable product without price (its variations are sold)")
            return None
        for word, reason in (("grouped", "grouped product: not sold itself"),
                             ("external", "external product: sold on another site")):
            if word in kind:
                return Skipped(line, reason)
        return None

    def _group(self, v: dict[str, Any], options: list[str]) -> Parent | None:
        """Shopify/Loyverse/Lightspeed: rows of one handle share the first row's details."""
        group = v.get("group")
        own = None
        if "name" in v:
            own = Parent(group or v["name"], v["name"], v.get("category"), v.get("supplier"),
                         v.get("tax_class"), v.get("active"))
        parent = self.context.enter_group(group, own)
        if parent is not None:
            v["name"] = variant_name(parent.name, options)
        return parent

    def _finish(self, line: int, v: dict[str, Any], tax_text: Any, options: list[str],
                parent: Parent | None) -> ProductRow | list[Problem]:
        """Checks keys, fills the code and the tax class, builds the row."""
        if "_problem" in v:
            return [Problem(line, self.mapping.header_of("parent"), v["_problem"])]
        for money_field in ("price", "cost"):
            if v.get(money_field, 0) < 0:
                return [Problem(line, self.mapping.header_of(money_field),
                                f"a {money_field} cannot be negative")]
        code, barcode = v.get("code"), v.get("barcode")
        if code is None and barcode is None and not v.get("name"):
            return [Problem(line, "", "no code, barcode or name to identify the product")]
        given = code is not None
        if code is None:
            if barcode is not None:
                code = barcode
            else:
                key = parent.key if parent is not None else None
                code = generated_code(key, v.get("name"), *options)
                self.stats.codes_generated += 1
        tax_class: str | None = None
        if tax_text is not None and str(tax_text).casefold() != "parent":
            tax_class = self.taxes.resolve(str(tax_text))
            if tax_class is None:
                self.stats.unknown_tax[str(tax_text)[:40]] += 1
        if tax_class is None:
            self.stats.tax_defaulted += 1
        weighed = v.get("weighed")
        unit = v.get("unit")
        if weighed is None and unit is not None and unit.casefold() in WEIGHED_UNITS:
            weighed = True
        return ProductRow(
            line, code, given, barcode, v.get("name"), v.get("price"), v.get("cost"),
            tax_class, v.get("category"), v.get("supplier"), v.get("on_hand"),
            v.get("reorder_level"), unit, weighed, v.get("active"),
        )
