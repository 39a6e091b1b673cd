-- 0009: indexes for reports (PostgreSQL may use them for index-only scans).
-- on-hand per product (the sum of stock movements) without touching the movement rows
CREATE INDEX "stock_move_product_id_qty_milli" ON "stock_move" ("product_id", "qty_milli");
-- sale lines summed per product in product order (no sort) for a range of sale ids
CREATE INDEX "sale_line_report_by_product" ON "sale_line" ("product_id", "sale_id", "qty_milli", "amount", "tax", "cost");
-- the sale-level reports (sales, hourly, cashiers, customers, refunds) by time
CREATE INDEX "sale_report_by_time" ON "sale" ("created_at", "till", "kind", "user_id", "customer_id", "total", "tax_total", "discount_total", "change");
-- voids and overrides by kind and time for the exceptions report
CREATE INDEX "journal_kind_created_at" ON "journal" ("kind", "created_at");
