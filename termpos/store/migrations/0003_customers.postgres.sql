-- 0003 customers: a searchable name key (NFKC, case-folded, filled by the service) and lookups.
ALTER TABLE "customer" ADD COLUMN "name_key" VARCHAR(200) NOT NULL DEFAULT '';
UPDATE "customer" SET "name_key" = lower("name");
-- pattern_ops lets "name_key LIKE 'abc%'" use the index whatever the database collation.
CREATE INDEX "customer_name_key" ON "customer" ("name_key" varchar_pattern_ops);
CREATE INDEX "customer_email" ON "customer" ("email");
CREATE INDEX "customer_created_at" ON "customer" ("created_at");
CREATE INDEX "loyalty_move_customer_id_id" ON "loyalty_move" ("customer_id", "id");
