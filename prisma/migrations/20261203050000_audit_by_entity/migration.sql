-- An entity's own history in the audit log (the latest creation or reset of a person, for /me's prompt) in one
-- index look-up, however many years the log holds.
CREATE INDEX "AuditLog_entityType_entityId_id_idx" ON "AuditLog"("entityType", "entityId", "id");
