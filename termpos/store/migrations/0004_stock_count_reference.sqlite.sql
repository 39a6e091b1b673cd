-- 0004: a counted quantity keeps the on-hand it was compared with and when it was entered,
-- so sales during an open count are not counted twice (see services/counts.py).
ALTER TABLE "stock_count_line" ADD COLUMN "counted_ref_milli" INTEGER;
ALTER TABLE "stock_count_line" ADD COLUMN "counted_at" DATETIME;
