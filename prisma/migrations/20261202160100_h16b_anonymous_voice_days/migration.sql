-- Anonymous voices written before this release keep only their day, as new ones do (src/domain/voices/anonymity.ts):
-- their exact time, next to the log of who was logged in, could point at their writer. The audit log keeps the moment
-- for the platform administrator. Stored times are UTC, so this is the UTC day (the app uses the local day).
UPDATE "Voice" SET "createdAt" = date_trunc('day', "createdAt"), "updatedAt" = date_trunc('day', "createdAt") WHERE "anonymous";
UPDATE "VoiceMessage" m SET "createdAt" = date_trunc('day', m."createdAt")
  FROM "Voice" v WHERE v.id = m."voiceId" AND v."anonymous" AND m.kind = 'REPLY';
