"""Provides the Peewee models of termpos; they carry no database until open_database binds them.

Amounts are BigIntegerField minor units; quantities are milli-units (1000 = one item or 1 kg).
Timestamps are the till's local wall time. Completed documents (sale, lines, taxes, tenders,
stock moves, journal, Z reports, loyalty moves) are protected from UPDATE/DELETE by triggers.
"""

from __future__ import annotations

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


class Base(Model):
    """The base of all models: no database until bound."""

    id = AutoField()

    class Meta:
        legacy_table_names = False


class Setting(Base):
    """A store-wide value kept in the database (store id, schema facts)."""

    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class Category(Base):
    name = CharField(unique=True, max_length=200)


class Supplier(Base):
    name = CharField(unique=True, max_length=200)
    contact = CharField(default="", max_length=200)
    phone = CharField(default="", max_length=64)
    email = CharField(default="", max_length=200)
    lead_time_days = IntegerField(default=7)
    notes = TextField(default="")
    created_at = DateTimeField()


class Product(Base):
    code = CharField(unique=True, max_length=64)
    barcode = CharField(unique=True, null=True, max_length=64)
    name = CharField(max_length=300)
    category = ForeignKeyField(Category, null=True, on_delete="SET NULL")
    tax_class = CharField(max_length=16)
    price = BigIntegerField()
    cost = BigIntegerField(default=0)
    unit = CharField(default="ea", max_length=8)
    weighed = BooleanField(default=False)
    reorder_level = BigIntegerField(null=True)  # milli-units
    supplier = ForeignKeyField(Supplier, null=True, on_delete="SET NULL")
    active = BooleanField(default=True, index=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()


class SupplierProduct(Base):
    supplier = ForeignKeyField(Supplier, on_delete="CASCADE")
    product = ForeignKeyField(Product, on_delete="CASCADE")
    supplier_code = CharField(default="", max_length=64)
    cost = BigIntegerField(default=0)

    class Meta:
        indexes = ((("supplier", "product"), True),)


class User(Base):
    name = CharField(unique=True, max_length=64)
    role = CharField(max_length=16)
    pin_hash = CharField(max_length=256)
    active = BooleanField(default=True)
    failed_attempts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    created_at = DateTimeField()


class Customer(Base):
    code = CharField(unique=True, max_length=32)
    name = CharField(max_length=200)
    phone = CharField(unique=True, null=True, max_length=32)
    email = CharField(default="", max_length=200)
    birthday = DateField(null=True)
    notes = TextField(default="")
    consent = BooleanField(default=False)
    consent_at = DateTimeField(null=True)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    source = CharField(default="till", max_length=16)  # till | kiosk | import | cli
    created_at = DateTimeField()
    forgotten_at = DateTimeField(null=True)
    name_key = CharField(default="", max_length=200, index=True)  # NFKC, case-folded (0003)


class Shift(Base):
    till = CharField(max_length=8)
    opened_by = ForeignKeyField(User)
    opened_at = DateTimeField()
    opening_float = BigIntegerField()
    status = CharField(default="open", max_length=8)  # open | closed
    closed_by = ForeignKeyField(User, null=True)
    closed_at = DateTimeField(null=True)
    counted_cash = BigIntegerField(null=True)
    expected_cash = BigIntegerField(null=True)
    z_number = IntegerField(null=True)
    # 0006: at most one open shift per till (partial unique index); a closed shift is frozen.


class CashMovement(Base):
    shift = ForeignKeyField(Shift)
    kind = CharField(max_length=12)  # paid_in | paid_out | no_sale
    amount = BigIntegerField(default=0)
    reason = CharField(default="", max_length=200)
    user = ForeignKeyField(User)
    approved_by = ForeignKeyField(User, null=True)
    created_at = DateTimeField()

    class Meta:
        indexes = ((("shift", "kind"), False),)  # 0006


class Basket(Base):
    """An open or parked basket: working state, saved line by line as it is built."""

    till = CharField(max_length=8)
    shift = ForeignKeyField(Shift, null=True)
    user = ForeignKeyField(User)
    customer = ForeignKeyField(Customer, null=True)
    status = CharField(default="open", max_length=10)  # open | parked | done | cancelled
    order_discount_kind = CharField(default="", max_length=8)  # "" | percent | amount
    order_discount_value = BigIntegerField(default=0)
    order_discount_by = ForeignKeyField(User, null=True)
    order_discount_reason = CharField(default="", max_length=200)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("till", "status"), False),)  # 0005


class BasketLine(Base):
    basket = ForeignKeyField(Basket, backref="lines", on_delete="CASCADE")
    seq = IntegerField()
    product = ForeignKeyField(Product, null=True)
    code = CharField(max_length=64)
    name = CharField(max_length=300)
    tax_class = CharField(max_length=16)
    qty_milli = BigIntegerField()
    unit_price = BigIntegerField()
    original_price = BigIntegerField()
    weighed = BooleanField(default=False)
    price_override_by = ForeignKeyField(User, null=True)
    price_override_reason = CharField(default="", max_length=200)
    discount_kind = CharField(default="", max_length=8)
    discount_value = BigIntegerField(default=0)
    discount_by = ForeignKeyField(User, null=True)
    discount_reason = CharField(default="", max_length=200)
    voided = BooleanField(default=False)
    refund_of_line = IntegerField(null=True)
    created_at = DateTimeField()
    label_amount = BigIntegerField(null=True)  # 0005: a price label's fixed amount


class Sale(Base):
    """A completed sale or refund: never updated or deleted."""

    number = CharField(unique=True, max_length=24)
    till = CharField(max_length=8)
    seq = IntegerField()
    kind = CharField(default="sale", max_length=8)  # sale | refund
    original = ForeignKeyField("self", null=True)
    shift = ForeignKeyField(Shift, null=True)
    user = ForeignKeyField(User)
    customer = ForeignKeyField(Customer, null=True)
    created_at = DateTimeField()
    tax_mode = CharField(max_length=10)
    subtotal = BigIntegerField()
    discount_total = BigIntegerField(default=0)
    tax_total = BigIntegerField()
    rounding = BigIntegerField(default=0)
    total = BigIntegerField()
    change = BigIntegerField(default=0)
    points_earned = BigIntegerField(default=0)

    class Meta:
        indexes = ((("till", "seq"), True), (("created_at",), False))


class SaleLine(Base):
    sale = ForeignKeyField(Sale, backref="lines")
    seq = IntegerField()
    product = ForeignKeyField(Product, null=True)
    code = CharField(max_length=64)
    name = CharField(max_length=300)
    qty_milli = BigIntegerField()
    unit_price = BigIntegerField()
    discount = BigIntegerField(default=0)
    amount = BigIntegerField()  # what the customer pays for the line, after discounts
    tax_class = CharField(max_length=16)
    tax_rate_ppm = IntegerField()
    tax = BigIntegerField()
    cost = BigIntegerField(default=0)
    original_line = ForeignKeyField("self", null=True)


class SaleTax(Base):
    sale = ForeignKeyField(Sale, backref="taxes")
    tax_class = CharField(max_length=16)
    rate_ppm = IntegerField()
    net = BigIntegerField()
    tax = BigIntegerField()


class Tender(Base):
    sale = ForeignKeyField(Sale, backref="tenders")
    kind = CharField(max_length=8)  # cash | card | other | points
    amount = BigIntegerField()
    reference = CharField(default="", max_length=64)


class StockMove(Base):
    product = ForeignKeyField(Product)
    qty_milli = BigIntegerField()
    kind = CharField(max_length=8)  # sale | refund | receive | adjust | count | import
    document = CharField(default="", max_length=32)
    reason = CharField(default="", max_length=32)
    note = CharField(default="", max_length=200)
    user = ForeignKeyField(User, null=True)
    created_at = DateTimeField()

    class Meta:
        indexes = ((("product", "id"), False),)


class StockLevel(Base):
    """On-hand per product: the sum of its stock moves, kept by a trigger on each insert.

    Also its value at today's cost (kept when the cost changes) and the time of its last sale
    (kind 'sale'). Written only by triggers (migration 0010); products never moved have no row.
    """

    product = ForeignKeyField(Product, primary_key=True, on_delete="CASCADE")
    qty_milli = BigIntegerField(default=0)
    value = BigIntegerField(default=0)
    last_sold = DateTimeField(null=True)


class Journal(Base):
    """The hash-chained, append-only record of documents and sensitive actions."""

    created_at = DateTimeField()
    till = CharField(max_length=8)
    kind = CharField(max_length=32)
    actor = CharField(default="", max_length=64)
    payload = TextField()
    prev_hash = CharField(max_length=64)
    hash = CharField(max_length=64)


class Counter(Base):
    """A gap-free number series, advanced inside the transaction that uses the number."""

    name = CharField(primary_key=True, max_length=32)
    value = IntegerField(default=0)


class ZReport(Base):
    till = CharField(max_length=8)
    number = IntegerField()
    shift = ForeignKeyField(Shift)
    created_at = DateTimeField()
    payload = TextField()
    grand_total = BigIntegerField()

    class Meta:
        indexes = ((("till", "number"), True),)


class PrintJob(Base):
    sale = ForeignKeyField(Sale, null=True)
    kind = CharField(max_length=12)  # receipt | report | test
    payload = TextField()
    # pending | sent | done | failed; skipped: a receipt of a till without a printer
    status = CharField(default="pending", max_length=8)
    attempts = IntegerField(default=0)
    last_error = CharField(default="", max_length=200)
    created_at = DateTimeField()
    updated_at = DateTimeField()
    till = CharField(default="", max_length=8)  # whose printer prints it ("": any, 0013)

    class Meta:
        indexes = ((("till", "status"), False),)  # 0013


class PurchaseOrder(Base):
    number = CharField(unique=True, max_length=24)
    supplier = ForeignKeyField(Supplier)
    status = CharField(default="draft", max_length=10)  # draft | sent | partial | received
    created_by = ForeignKeyField(User, null=True)
    created_at = DateTimeField()
    note = TextField(default="")


class PurchaseOrderLine(Base):
    order = ForeignKeyField(PurchaseOrder, backref="lines", on_delete="CASCADE")
    product = ForeignKeyField(Product)
    qty_milli = BigIntegerField()
    cost = BigIntegerField(default=0)
    received_milli = BigIntegerField(default=0)


class StockCount(Base):
    status = CharField(default="open", max_length=8)  # open | finished
    scope = CharField(default="all", max_length=200)
    created_by = ForeignKeyField(User, null=True)
    created_at = DateTimeField()
    finished_at = DateTimeField(null=True)


class StockCountLine(Base):
    count = ForeignKeyField(StockCount, backref="lines", on_delete="CASCADE")
    product = ForeignKeyField(Product)
    expected_milli = BigIntegerField()
    counted_milli = BigIntegerField(null=True)
    counted_ref_milli = BigIntegerField(null=True)  # on-hand when the count was entered
    counted_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("count", "product"), True),)


class LoyaltyMove(Base):
    customer = ForeignKeyField(Customer)
    sale = ForeignKeyField(Sale, null=True)
    points = BigIntegerField()
    kind = CharField(max_length=8)  # earn | redeem | refund | adjust
    created_at = DateTimeField()


MODELS: list[type[Base]] = [
    Setting, Category, Supplier, Product, SupplierProduct, User, Customer, Shift, CashMovement,
    Basket, BasketLine, Sale, SaleLine, SaleTax, Tender, StockMove, StockLevel, Journal,
    Counter, ZReport,
    PrintJob, PurchaseOrder, PurchaseOrderLine, StockCount, StockCountLine, LoyaltyMove,
]

# Tables whose rows are completed documents: no UPDATE or DELETE, ever.
IMMUTABLE_TABLES: tuple[str, ...] = (
    "sale", "sale_line", "sale_tax", "tender", "stock_move", "journal", "z_report",
    "loyalty_move",
)
