-- 0005: the sale engine: a price label's fixed amount on a basket line; open baskets per till.
ALTER TABLE "basket_line" ADD COLUMN "label_amount" INTEGER;
CREATE INDEX "basket_till_status" ON "basket" ("till", "status");
