-- 0012: the search index holds product names only. Codes and barcodes are found through their
-- own unique indexes (exactly, or by prefix: services/search.py); as search words they were
-- two unique terms per product, most of the index and of a big import's time.
-- Contentless (content=''): the names are in product already, and only rowids are read back;
-- without document sizes (columnsize=0: results are not ranked). An entry is removed with the
-- 'delete' command and the text it was indexed under, so the triggers below must index and
-- remove exactly termpos_search_name("name") of active products; a change to that text needs
-- a migration that rebuilds this table. Product rows are never written with REPLACE: the
-- delete trigger does not fire for a replaced row, and its old entry would stay.
DROP TRIGGER "product_search_insert";
DROP TRIGGER "product_search_update";
DROP TRIGGER "product_search_delete";
DROP TABLE "product_search";
CREATE VIRTUAL TABLE "product_search" USING fts5("body", content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO "product_search" ("rowid", "body") SELECT "id", termpos_search_name("name") FROM "product" WHERE "active";
CREATE TRIGGER "product_search_insert" AFTER INSERT ON "product" WHEN new."active" BEGIN INSERT INTO "product_search" ("rowid", "body") VALUES (new."id", termpos_search_name(new."name")); END;
CREATE TRIGGER "product_search_update" AFTER UPDATE OF "name", "active" ON "product" BEGIN INSERT INTO "product_search" ("product_search", "rowid", "body") SELECT 'delete', old."id", termpos_search_name(old."name") WHERE old."active"; INSERT INTO "product_search" ("rowid", "body") SELECT new."id", termpos_search_name(new."name") WHERE new."active"; END;
CREATE TRIGGER "product_search_delete" AFTER DELETE ON "product" WHEN old."active" BEGIN INSERT INTO "product_search" ("product_search", "rowid", "body") VALUES ('delete', old."id", termpos_search_name(old."name")); END;
