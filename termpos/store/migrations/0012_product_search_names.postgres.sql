-- 0012 (SQLite's search index holds names only): nothing changes here; PostgreSQL searches
-- names with ILIKE and finds codes through their own indexes already.
SELECT 1;
