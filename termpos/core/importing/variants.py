"""Provides the variant context: naming one product per variant from its parent and options.

Shopify, Loyverse and Lightspeed repeat a handle on each variant row ("group"); WooCommerce
variation rows point at a parent by SKU or id ("parent"); Square gives item and variation
names on every row ("square").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

DEFAULT_OPTIONS = frozenset({"default title", "default", "regular", "title", ""})


@dataclass
class Parent:
    """What variant rows inherit from their parent row."""

    key: str
    name: str | None
    category: str | None
    supplier: str | None
    tax_class: str | None
    active: bool | None


def variant_name(parent_name: str | None, options: list[str]) -> str | None:
    """Parent name plus option values: `Hoodie - Red, No` (default options add nothing)."""
    values = [o for o in options if o.casefold() not in DEFAULT_OPTIONS]
    if parent_name is None:
        return ", ".join(values) or None
    return f"{parent_name} - {', '.join(values)}" if values else parent_name


def generated_code(*parts: str | None) -> str:
    """A stable code for a row without SKU or barcode, derived from what identifies it."""
    key = "\x1f".join(p or "" for p in parts).casefold()
    return "X" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:11].upper()


class VariantContext:
    """Remembers parents while rows stream past (only parent rows are kept)."""

    def __init__(self) -> None:
        self.parents: dict[str, Parent] = {}
        self.last_group: str | None = None
        self.group_parent: Parent | None = None

    def remember(self, parent: Parent, *keys: str | None) -> None:
        """Stores a WooCommerce parent under its SKU and id (`id:44`)."""
        for key in keys:
            if key:
                self.parents[key.casefold()] = parent

    def find(self, ref: str) -> Parent | None:
        """Finds a parent by the reference a variation row gives (`woo-hoodie`, `id:45`)."""
        return self.parents.get(ref.strip().casefold())

    def enter_group(self, group: str | None, parent: Parent | None) -> Parent | None:
        """Starts or continues a handle group; returns the parent of the current row."""
        if group is None:
            self.last_group, self.group_parent = None, parent
            return parent
        if group != self.last_group:
            self.last_group, self.group_parent = group, parent
            return parent
        if parent is not None and parent.name:
            self.group_parent = parent
        return self.group_parent
