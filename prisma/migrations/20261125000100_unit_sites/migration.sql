-- Unit sites: templates and the module catalogue, content items and their revisions, attachments, recruitment.

CREATE TYPE "Section" AS ENUM ('FOUNDATION', 'PRIORITIES', 'REVIEW');
CREATE TYPE "ModuleKind" AS ENUM ('PAGE', 'RECORDS', 'BOARD', 'ROSTER', 'LINKED');
CREATE TYPE "Cadence" AS ENUM ('MONTHLY', 'QUARTERLY', 'YEARLY', 'ON_EVENT');
CREATE TYPE "ItemKind" AS ENUM ('PAGE', 'RECORD');
CREATE TYPE "RevisionStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'PUBLISHED', 'REJECTED', 'SUPERSEDED', 'TAKEN_DOWN');

CREATE TABLE "SiteTemplate" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unitKinds" "UnitKind"[],
    CONSTRAINT "SiteTemplate_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "SiteTemplate_key_key" ON "SiteTemplate"("key");

CREATE TABLE "ModuleDef" (
    "id" SERIAL NOT NULL,
    "templateId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "section" "Section" NOT NULL,
    "sortOrder" INTEGER NOT NULL,
    "kind" "ModuleKind" NOT NULL,
    "recordType" TEXT,
    "linkedFeature" TEXT,
    "cadence" "Cadence" NOT NULL,
    "description" TEXT NOT NULL,
    "retiredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ModuleDef_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ModuleDef_templateId_key_key" ON "ModuleDef"("templateId", "key");
CREATE INDEX "ModuleDef_templateId_section_sortOrder_idx" ON "ModuleDef"("templateId", "section", "sortOrder");
ALTER TABLE "ModuleDef" ADD CONSTRAINT "ModuleDef_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "SiteTemplate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "ModuleStatus" (
    "unitId" INTEGER NOT NULL,
    "moduleId" INTEGER NOT NULL,
    "lastPublishedAt" TIMESTAMP(3),
    "lastPublishedById" INTEGER,
    "publishedItems" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ModuleStatus_pkey" PRIMARY KEY ("unitId", "moduleId")
);
CREATE INDEX "ModuleStatus_moduleId_idx" ON "ModuleStatus"("moduleId");
ALTER TABLE "ModuleStatus" ADD CONSTRAINT "ModuleStatus_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "ModuleDef"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ModuleStatus" ADD CONSTRAINT "ModuleStatus_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ContentItem" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "moduleId" INTEGER NOT NULL,
    "kind" "ItemKind" NOT NULL,
    "eventDate" TIMESTAMP(3),
    "title" TEXT NOT NULL,
    "publishedRevisionId" INTEGER,
    "publishedAt" TIMESTAMP(3),
    "headNumber" INTEGER NOT NULL DEFAULT 0,
    "viewCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    CONSTRAINT "ContentItem_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ContentItem_publishedRevisionId_key" ON "ContentItem"("publishedRevisionId");
CREATE INDEX "ContentItem_unitId_moduleId_eventDate_idx" ON "ContentItem"("unitId", "moduleId", "eventDate");
CREATE INDEX "ContentItem_unitId_publishedAt_idx" ON "ContentItem"("unitId", "publishedAt");
-- A unit has at most one page per PAGE module.
CREATE UNIQUE INDEX "ContentItem_one_page_per_module" ON "ContentItem"("unitId", "moduleId") WHERE "kind" = 'PAGE';
ALTER TABLE "ContentItem" ADD CONSTRAINT "ContentItem_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ContentItem" ADD CONSTRAINT "ContentItem_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "ModuleDef"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "Revision" (
    "id" SERIAL NOT NULL,
    "itemId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "status" "RevisionStatus" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "fields" JSONB,
    "eventDate" TIMESTAMP(3),
    "baseNumber" INTEGER,
    "authorId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMP(3),
    "reviewedById" INTEGER,
    "reviewedAt" TIMESTAMP(3),
    "reviewNote" TEXT,
    "restoredFrom" INTEGER,
    CONSTRAINT "Revision_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Revision_itemId_number_key" ON "Revision"("itemId", "number");
CREATE INDEX "Revision_status_submittedAt_idx" ON "Revision"("status", "submittedAt");
CREATE INDEX "Revision_authorId_status_idx" ON "Revision"("authorId", "status");
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ContentItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ContentItem" ADD CONSTRAINT "ContentItem_publishedRevisionId_fkey" FOREIGN KEY ("publishedRevisionId") REFERENCES "Revision"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "Attachment" (
    "id" SERIAL NOT NULL,
    "storageKey" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "unitId" INTEGER,
    "uploadedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Attachment_storageKey_key" ON "Attachment"("storageKey");

CREATE TABLE "RevisionAttachment" (
    "revisionId" INTEGER NOT NULL,
    "attachmentId" INTEGER NOT NULL,
    CONSTRAINT "RevisionAttachment_pkey" PRIMARY KEY ("revisionId", "attachmentId")
);
CREATE INDEX "RevisionAttachment_attachmentId_idx" ON "RevisionAttachment"("attachmentId");
ALTER TABLE "RevisionAttachment" ADD CONSTRAINT "RevisionAttachment_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RevisionAttachment" ADD CONSTRAINT "RevisionAttachment_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "Attachment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "RecruitmentStep" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "stage" "PartyStatus" NOT NULL,
    "reachedOn" DATE NOT NULL,
    "note" TEXT,
    "recordedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecruitmentStep_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "RecruitmentStep_unitId_personId_idx" ON "RecruitmentStep"("unitId", "personId");
CREATE INDEX "RecruitmentStep_personId_reachedOn_idx" ON "RecruitmentStep"("personId", "reachedOn");
ALTER TABLE "RecruitmentStep" ADD CONSTRAINT "RecruitmentStep_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RecruitmentStep" ADD CONSTRAINT "RecruitmentStep_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
