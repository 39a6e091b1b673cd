-- 0006: one open shift per till; a closed shift (its count and Z number) never changes.
CREATE UNIQUE INDEX "shift_one_open_per_till" ON "shift" ("till") WHERE "status" = 'open';
CREATE INDEX "cash_movement_shift_id_kind" ON "cash_movement" ("shift_id", "kind");
CREATE TRIGGER "shift_closed_no_update" BEFORE UPDATE ON "shift" WHEN OLD."status" = 'closed' BEGIN SELECT RAISE(ABORT, 'completed documents are never changed: closed shift'); END;
CREATE TRIGGER "shift_closed_no_delete" BEFORE DELETE ON "shift" WHEN OLD."status" = 'closed' BEGIN SELECT RAISE(ABORT, 'completed documents are never deleted: closed shift'); END;
CREATE TRIGGER "cash_movement_no_update" BEFORE UPDATE ON "cash_movement" BEGIN SELECT RAISE(ABORT, 'completed documents are never changed: cash_movement'); END;
CREATE TRIGGER "cash_movement_no_delete" BEFORE DELETE ON "cash_movement" BEGIN SELECT RAISE(ABORT, 'completed documents are never deleted: cash_movement'); END;
