-- Indexes for the morning review's "since you last looked" and the search's newest-first order at scale.
CREATE INDEX "Revision_reviewedAt_idx" ON "Revision"("reviewedAt");
CREATE INDEX "ContentItem_publishedAt_idx" ON "ContentItem"("publishedAt");
CREATE INDEX "Measurement_reportedAt_idx" ON "Measurement"("reportedAt");
CREATE INDEX "Measurement_correctedAt_idx" ON "Measurement"("correctedAt");
