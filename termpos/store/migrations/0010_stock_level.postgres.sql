-- 0010: stock_level, the running sum of stock movements per product (kept by triggers in the
-- same transaction as each movement), its value at today's cost, and the last sale's time.
-- No index on value: every sale would update it; the stock reports read 1M rows in 0.3 s.
CREATE TABLE "stock_level" ("product_id" INTEGER NOT NULL PRIMARY KEY REFERENCES "product" ("id") ON DELETE CASCADE, "qty_milli" BIGINT NOT NULL, "value" BIGINT NOT NULL, "last_sold" TIMESTAMP);
CREATE INDEX "product_active" ON "product" ("active");
INSERT INTO "stock_level" ("product_id", "qty_milli", "value", "last_sold") SELECT m."product_id", m."qty", (CASE WHEN (m."qty") * (p."cost") >= 0 THEN ((m."qty") * (p."cost") + 500) / 1000 ELSE -((-((m."qty") * (p."cost")) + 500) / 1000) END), NULL FROM (SELECT "product_id", CAST(SUM("qty_milli") AS BIGINT) AS "qty" FROM "stock_move" GROUP BY "product_id") m JOIN "product" p ON p."id" = m."product_id";
INSERT INTO "stock_level" ("product_id", "qty_milli", "value", "last_sold") SELECT l."product_id", 0, 0, MAX(s."created_at") FROM "sale_line" l JOIN "sale" s ON s."id" = l."sale_id" WHERE s."kind" = 'sale' AND l."product_id" IS NOT NULL GROUP BY l."product_id" ON CONFLICT ("product_id") DO UPDATE SET "last_sold" = EXCLUDED."last_sold";
CREATE FUNCTION termpos_stock_level_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "stock_level" ("product_id", "qty_milli", "value", "last_sold") VALUES (NEW."product_id", NEW."qty_milli", 0, NULL) ON CONFLICT ("product_id") DO UPDATE SET "qty_milli" = "stock_level"."qty_milli" + EXCLUDED."qty_milli";
  UPDATE "stock_level" l SET "value" = (CASE WHEN (l."qty_milli") * (p."cost") >= 0 THEN ((l."qty_milli") * (p."cost") + 500) / 1000 ELSE -((-((l."qty_milli") * (p."cost")) + 500) / 1000) END) FROM "product" p WHERE p."id" = NEW."product_id" AND l."product_id" = NEW."product_id";
  RETURN NULL;
END $$;
CREATE TRIGGER "stock_level_move" AFTER INSERT ON "stock_move" FOR EACH ROW EXECUTE FUNCTION termpos_stock_level_move();
CREATE FUNCTION termpos_stock_level_cost() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "stock_level" SET "value" = (CASE WHEN ("qty_milli") * (NEW."cost") >= 0 THEN (("qty_milli") * (NEW."cost") + 500) / 1000 ELSE -((-(("qty_milli") * (NEW."cost")) + 500) / 1000) END) WHERE "product_id" = NEW."id";
  RETURN NULL;
END $$;
CREATE TRIGGER "stock_level_cost" AFTER UPDATE OF "cost" ON "product" FOR EACH ROW WHEN (NEW."cost" IS DISTINCT FROM OLD."cost") EXECUTE FUNCTION termpos_stock_level_cost();
CREATE FUNCTION termpos_stock_level_sold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "stock_level" ("product_id", "qty_milli", "value", "last_sold") SELECT NEW."product_id", 0, 0, s."created_at" FROM "sale" s WHERE s."id" = NEW."sale_id" AND s."kind" = 'sale' ON CONFLICT ("product_id") DO UPDATE SET "last_sold" = GREATEST("stock_level"."last_sold", EXCLUDED."last_sold");
  RETURN NULL;
END $$;
CREATE TRIGGER "stock_level_sold" AFTER INSERT ON "sale_line" FOR EACH ROW WHEN (NEW."product_id" IS NOT NULL) EXECUTE FUNCTION termpos_stock_level_sold();
