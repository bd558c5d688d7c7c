-- Organisation import from Excel (issue 21): the date a person joined the party, and each uploaded workbook's parsed
-- rows kept server-side between the preview and the administrator's confirmation.
ALTER TABLE "Person" ADD COLUMN "partyJoinedOn" DATE;

CREATE TABLE "OrgImport" (
    "id" TEXT NOT NULL,
    "actorId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "rows" JSONB NOT NULL,
    "counts" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),
    CONSTRAINT "OrgImport_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "OrgImport_createdAt_idx" ON "OrgImport"("createdAt");
