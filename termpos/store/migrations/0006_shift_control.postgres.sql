-- 0006: one open shift per till; a closed shift (its count and Z number) never changes.
CREATE UNIQUE INDEX "shift_one_open_per_till" ON "shift" ("till") WHERE "status" = 'open';
CREATE INDEX "cash_movement_shift_id_kind" ON "cash_movement" ("shift_id", "kind");
CREATE FUNCTION termpos_refuse_closed_shift_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'closed' THEN
    RAISE EXCEPTION 'completed documents are never changed or deleted: closed shift';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "shift_closed_immutable" BEFORE UPDATE OR DELETE ON "shift" FOR EACH ROW EXECUTE FUNCTION termpos_refuse_closed_shift_change();
CREATE TRIGGER "cash_movement_immutable" BEFORE UPDATE OR DELETE ON "cash_movement" FOR EACH ROW EXECUTE FUNCTION termpos_refuse_change();
