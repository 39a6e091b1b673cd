"""Sample receipts for the printer tests: Latin, Traditional and Simplified Chinese."""

from __future__ import annotations

from dataclasses import replace

from termpos.core.receipt import ReceiptData, ReceiptLine, ReceiptTax, ReceiptTender


def latin() -> ReceiptData:
    return ReceiptData(
        number="T1-000042", till="T1", cashier="Zoë", created_at="2026-03-02 09:15:00",
        store_name="Café Corner", store_address="1 High Street, Townsville",
        store_tax_id="VAT GB123456789",
        lines=(
            ReceiptLine("Crème brûlée", 2000, "ea", 350, 700, tax_class="B"),
            ReceiptLine("Bananas", 455, "kg", 129, 59, tax_class="B", weighed=True),
            ReceiptLine("Espresso beans 1kg premium roast", 1000, "ea", 1299, 1169,
                        discount=130, tax_class="A"),
        ),
        taxes=(ReceiptTax("A", "Standard", 200_000, 974, 195),
               ReceiptTax("B", "Reduced", 50_000, 723, 36)),
        tenders=(ReceiptTender("cash", 2000),),
        subtotal=1928, total=1930, rounding=2, change=70, discount_total=130,
        currency_symbol="£", footer="Thank you! Returns within 30 days.",
        customer="Ana Núñez", points_earned=19, points_balance=230,
    )


def traditional() -> ReceiptData:
    return ReceiptData(
        number="T2-000007", till="T2", cashier="王小明", created_at="2026-03-02 18:40:00",
        store_name="台北小舖", store_address="台北市信義區松高路1號",
        lines=(
            ReceiptLine("珍珠奶茶", 2000, "ea", 55, 110, tax_class="A"),
            ReceiptLine("鳳梨酥禮盒", 1000, "ea", 320, 320, tax_class="A"),
        ),
        taxes=(ReceiptTax("A", "營業稅", 50_000, 410, 20),),
        tenders=(ReceiptTender("card", 430, "1234"),),
        subtotal=430, total=430, currency_exponent=0, currency_symbol="NT$",
        language="zh_TW", footer="謝謝光臨",
    )


def simplified() -> ReceiptData:
    return replace(
        traditional(), number="T3-000001", store_name="上海便利店", store_address="上海市黄浦区",
        cashier="李华", lines=(ReceiptLine("绿茶饮料", 3000, "ea", 4, 12, tax_class="A"),),
        taxes=(ReceiptTax("A", "增值税", 130_000, 11, 1),), subtotal=12, total=12,
        tenders=(ReceiptTender("cash", 20),), change=8, currency_symbol="¥", language="en",
        footer="欢迎再次光临",
    )
