-- Product name search: ILIKE on product names, with a pg_trgm GIN index when the extension
-- can be created (it lives in schema public); without it, plain ILIKE still answers.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
  EXECUTE 'CREATE INDEX "product_name_trgm" ON "product" USING gin ("name" public.gin_trgm_ops)';
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available: product search uses plain ILIKE';
END
$$;
