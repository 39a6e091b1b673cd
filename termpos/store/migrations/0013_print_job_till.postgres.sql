-- 0013: a print job belongs to the till that queued it, and only that till's spool prints it
-- (before, every till's spool printed every pending job: one till's receipts came out of
-- another's printer). Unprinted jobs of a sale take its till; the rest stay "" (any till).
-- A till without a printer marks its own pending jobs skipped when it starts.
ALTER TABLE "print_job" ADD COLUMN "till" VARCHAR(8) NOT NULL DEFAULT '';
UPDATE "print_job" SET "till" = (SELECT "till" FROM "sale" WHERE "sale"."id" = "print_job"."sale_id") WHERE "sale_id" IS NOT NULL AND "status" IN ('pending', 'sent');
-- the spool looks for its pending jobs every 2 s: by index, not through every job ever printed
CREATE INDEX "print_job_till_status" ON "print_job" ("till", "status");
