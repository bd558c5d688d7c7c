-- What a target's figures may be, when a period opens early, the office's reason for a closed period, and which draft
-- of a self-diagnosis the office evaluated (issues 16.6 and 17).
CREATE TYPE "ValueKind" AS ENUM ('COUNT', 'RATE', 'NUMBER');
ALTER TABLE "Target" ADD COLUMN "valueKind" "ValueKind" NOT NULL DEFAULT 'NUMBER',
  ADD COLUMN "minValue" DOUBLE PRECISION,
  ADD COLUMN "maxValue" DOUBLE PRECISION,
  ADD COLUMN "earlyDays" INTEGER NOT NULL DEFAULT 0,
  ADD CONSTRAINT "Target_earlyDays_check" CHECK ("earlyDays" BETWEEN 0 AND 7);
-- Existing targets: a percentage is a rate, a unit of things counted is a count; the rest keep any number.
UPDATE "Target" SET "valueKind" = 'RATE' WHERE trim("uom") IN ('%', '％');
UPDATE "Target" SET "valueKind" = 'COUNT' WHERE trim("uom") IN ('次', '人', '件', '个', '项', '篇', '名', '起', '场', '人次', '条');

ALTER TABLE "Measurement" ADD COLUMN "officeReason" TEXT NOT NULL DEFAULT '';

ALTER TABLE "Diagnosis" ADD COLUMN "evaluatedSelfText" TEXT NOT NULL DEFAULT '';
UPDATE "Diagnosis" SET "evaluatedSelfText" = "selfText" WHERE "officeRating" IS NOT NULL;
