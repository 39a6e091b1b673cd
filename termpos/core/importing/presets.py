"""Provides the built-in column presets (termpos, Shopify, WooCommerce, Square, Loyverse,
Open Source Point of Sale, Odoo, Lightspeed, Open Food Facts) and the generic aliases.

A preset maps normalised headers to fields; headers with a location use the base header
(`price` for `Price [Main]`). `signature` headers must all be present for detection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PRODUCT_FIELDS: tuple[str, ...] = (
    "barcode", "code", "name", "price", "cost", "tax_class", "tax_rate", "category",
    "supplier", "on_hand", "reorder_level", "unit", "weighed", "active", "archived",
)
# Fields that tie variant rows together or describe them.
VARIANT_FIELDS: tuple[str, ...] = (
    "group", "type", "parent", "ext_id", "variant_name", "option1", "option2", "option3",
)
FIELDS: tuple[str, ...] = PRODUCT_FIELDS + VARIANT_FIELDS + ("ignore",)


@dataclass(frozen=True)
class Preset:
    """A vendor's column layout: header -> field, and the headers that identify it."""

    name: str
    title: str
    columns: dict[str, str]
    signature: tuple[frozenset[str], ...] = field(default_factory=tuple)
    variants: str = ""  # "" | "group" (Shopify/Loyverse/Lightspeed) | "parent" (Woo) | "square"


def _p(name: str, title: str, columns: dict[str, str], *sigs: set[str],
       variants: str = "") -> Preset:
    return Preset(name, title, columns, tuple(frozenset(s) for s in sigs), variants)


TERMPOS = _p("termpos", "termpos", {
    "code": "code", "barcode": "barcode", "name": "name", "price": "price", "cost": "cost",
    "tax_class": "tax_class", "tax class": "tax_class", "category": "category",
    "supplier": "supplier", "on_hand": "on_hand", "on hand": "on_hand",
    "reorder_level": "reorder_level", "reorder level": "reorder_level", "unit": "unit",
    "weighed": "weighed", "active": "active",
}, {"code", "name", "price", "tax class"}, {"code", "name", "price", "on hand"})

_SHOPIFY_COMMON = {
    "title": "name", "vendor": "supplier", "type": "category", "status": "active",
    "cost per item": "cost", "option1 value": "option1", "option2 value": "option2",
    "option3 value": "option3",
}
SHOPIFY = _p("shopify", "Shopify", {
    **_SHOPIFY_COMMON, "handle": "group", "variant sku": "code", "variant price": "price",
    "variant barcode": "barcode", "variant inventory qty": "on_hand", "published": "active",
    # new (2024) header names
    "url handle": "group", "sku": "code", "price": "price", "barcode": "barcode",
    "inventory quantity": "on_hand",
}, {"handle", "variant sku"}, {"handle", "variant price"}, {"url handle", "option1 value"},
    variants="group")

WOOCOMMERCE = _p("woocommerce", "WooCommerce", {
    "id": "ext_id", "type": "type", "sku": "code", "name": "name", "published": "active",
    "regular price": "price", "stock": "on_hand", "low stock amount": "reorder_level",
    "categories": "category", "tax class": "tax_class", "parent": "parent",
    "attribute 1 value(s)": "option1", "attribute 2 value(s)": "option2",
    "attribute 3 value(s)": "option3", "gtin, upc, ean, or isbn": "barcode",
}, {"type", "sku", "regular price"}, variants="parent")

SQUARE = _p("square", "Square", {
    "item name": "name", "variation name": "variant_name", "sku": "code", "gtin": "barcode",
    "category": "category", "reporting category": "category", "price": "price",
    "current quantity": "on_hand", "stock alert count": "reorder_level",
    "default unit cost": "cost", "default vendor name": "supplier", "archived": "archived",
    "option value 1": "option1", "option value 2": "option2", "option value 3": "option3",
    "token": "ext_id",
}, {"item name", "variation name"}, variants="square")

LOYVERSE = _p("loyverse", "Loyverse", {
    "handle": "group", "sku": "code", "name": "name", "category": "category",
    "sold by weight": "weighed", "option 1 value": "option1", "option 2 value": "option2",
    "option 3 value": "option3", "default price": "price", "price": "price", "cost": "cost",
    "barcode": "barcode", "in stock": "on_hand", "low stock": "reorder_level",
    "available for sale": "active", "supplier": "supplier", "primary supplier": "supplier",
}, {"handle", "sold by weight"}, {"handle", "default price"}, variants="group")

OSPOS = _p("ospos", "Open Source Point of Sale", {
    "barcode": "barcode", "upc/ean/isbn": "barcode", "item name": "name",
    "category": "category", "cost price": "cost", "unit price": "price",
    "tax 1 percent": "tax_rate", "quantity": "on_hand", "reorder level": "reorder_level",
    "item number": "code",
}, {"item name", "unit price", "cost price"})

ODOO = _p("odoo", "Odoo", {
    "name": "name", "internal reference": "code", "barcode": "barcode",
    "sale price": "price", "sales price": "price", "cost": "cost",
    "product category": "category", "can be sold": "active", "active": "active",
    "quantity on hand": "on_hand", "unit of measure": "unit", "vendor": "supplier",
    "external id": "ext_id",
}, {"name", "internal reference"}, {"name", "sale price", "can be sold"})

LIGHTSPEED = _p("lightspeed", "Lightspeed", {
    # X-Series (formerly Vend)
    "handle": "group", "sku": "code", "name": "name", "supply price": "cost",
    "retail price": "price", "supplier name": "supplier", "product category": "category",
    "type": "category", "active": "active", "inventory": "on_hand",
    "reorder point": "reorder_level", "variant option one value": "option1",
    "variant option two value": "option2", "variant option three value": "option3",
    # R-Series
    "system id": "ext_id", "upc": "barcode", "ean": "barcode", "custom sku": "code",
    "description": "name", "default cost": "cost", "default - price": "price",
    "category": "category", "qty.": "on_hand", "vendor": "supplier",
}, {"handle", "retail price", "supply price"}, {"system id", "custom sku"}, variants="group")

OPENFOODFACTS = _p("openfoodfacts", "Open Food Facts", {
    "code": "barcode", "product name": "name", "main category": "category",
    "main category fr": "category",
}, {"code", "url", "product name"})

PRESETS: dict[str, Preset] = {p.name: p for p in (
    TERMPOS, SHOPIFY, WOOCOMMERCE, SQUARE, LOYVERSE, OSPOS, ODOO, LIGHTSPEED, OPENFOODFACTS,
)}

# Generic aliases (any language a shop may write), used when no preset fits.
_GENERIC_NAMES: dict[str, str] = {
    "barcode": "barcode|ean|ean13|ean-13|upc|gtin|upc/ean/isbn|ean code|條碼|条码|条形码",
    "code": "code|sku|item code|product code|article|article number|ref|reference|plu|"
            "item number|貨號|货号|編號|编号|商品編號|品號",
    "name": "name|title|product name|item name|product|item|品名|名稱|名称|商品名稱|商品名称",
    "price": "price|retail price|selling price|sale price|unit price|售價|售价|價格|价格|單價|单价",
    "cost": "cost|cost price|purchase price|buy price|成本|進價|进价",
    "tax_class": "tax|tax class|vat|tax code|稅別|税别",
    "tax_rate": "tax rate|vat rate|tax percent|稅率|税率",
    "category": "category|categories|department|group|分類|分类|類別|类别",
    "supplier": "supplier|vendor|供應商|供应商|廠商",
    "on_hand": "stock|qty|quantity|on hand|inventory|in stock|counted|count|counted qty|"
               "qty counted|盤點數量|盘点数量|庫存|库存|數量|数量",
    "reorder_level": "reorder level|min stock|minimum stock|low stock|reorder point|安全庫存",
    "unit": "unit|uom|單位|单位",
    "weighed": "weighed|sold by weight|by weight|秤重",
    "active": "active|enabled|published|status|上架",
    "archived": "archived|discontinued|deleted|下架",
}
# German, French, Spanish and Japanese headers seen in shop files.
_MORE_NAMES: dict[str, str] = {
    "barcode": "code barre|code-barres|code barres|gencod|código de barras|jan|janコード|jan code",
    "code": "artikelnummer|artikel-nr.|art.-nr.|artnr|référence|código|referencia|商品コード",
    "name": "bezeichnung|artikelbezeichnung|désignation|libellé|nom|nombre|descripción|商品名",
    "price": "preis|vk|verkaufspreis|vk-preis|prix|prix de vente|prix ttc|precio|"
             "precio de venta|価格|売価|販売価格|単価",
    "cost": "ek|einkaufspreis|ek-preis|prix d'achat|coste|costo|原価|仕入価格",
    "tax_class": "mwst|ust|tva|iva|消費税",
    "tax_rate": "mwst-satz|steuersatz|taux tva|税率",
    "category": "kategorie|warengruppe|catégorie|famille|categoría|familia|"
                "カテゴリ|カテゴリー|分類名",
    "supplier": "lieferant|fournisseur|proveedor|仕入先|メーカー",
    "on_hand": "bestand|lagerbestand|menge|quantité|existencias|cantidad|在庫|在庫数",
    "reorder_level": "mindestbestand|stock minimum|stock mínimo|発注点",
    "unit": "einheit|unité|unidad|単位",
}
GENERIC: dict[str, str] = {
    alias: fld for table in (_GENERIC_NAMES, _MORE_NAMES)
    for fld, names in table.items() for alias in names.split("|")
}
