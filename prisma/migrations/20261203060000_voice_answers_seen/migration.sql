-- How many of the recipient's answers (ANSWER, FINAL) the writer has opened: a newer answer shows on their home page
-- and to-do until they open the voice. A count, not a time: an anonymous writer's reading leaves no moment to match
-- against the log of who was logged in. Voices answered before this release count as read.
ALTER TABLE "Voice" ADD COLUMN "authorSeen" INTEGER NOT NULL DEFAULT 0;
UPDATE "Voice" v SET "authorSeen" = (SELECT count(*) FROM "VoiceMessage" m WHERE m."voiceId" = v.id AND m.kind IN ('ANSWER', 'FINAL'));
