-- The office chooses whether the reason of a take-down is shown to every reader of the history, or only to the
-- unit's editors and the office (the reason may repeat what was taken down).
ALTER TABLE "Revision" ADD COLUMN "reasonPublic" BOOLEAN NOT NULL DEFAULT false;
