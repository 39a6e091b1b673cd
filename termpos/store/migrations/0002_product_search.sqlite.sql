-- Product name search: an FTS5 index of active products, kept in step by triggers.
-- termpos_search_text() is registered on every SQLite connection by store/db.py; it spaces
-- CJK characters so that one- and two-character Chinese queries match (see core/search_text).
CREATE VIRTUAL TABLE "product_search" USING fts5("body", tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO "product_search" ("rowid", "body") SELECT "id", termpos_search_text("code", "barcode", "name") FROM "product" WHERE "active";
CREATE TRIGGER "product_search_insert" AFTER INSERT ON "product" WHEN new."active" BEGIN INSERT INTO "product_search" ("rowid", "body") VALUES (new."id", termpos_search_text(new."code", new."barcode", new."name")); END;
CREATE TRIGGER "product_search_update" AFTER UPDATE OF "code", "barcode", "name", "active" ON "product" BEGIN DELETE FROM "product_search" WHERE "rowid" = old."id"; INSERT INTO "product_search" ("rowid", "body") SELECT new."id", termpos_search_text(new."code", new."barcode", new."name") WHERE new."active"; END;
CREATE TRIGGER "product_search_delete" AFTER DELETE ON "product" BEGIN DELETE FROM "product_search" WHERE "rowid" = old."id"; END;
