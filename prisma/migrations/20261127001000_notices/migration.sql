-- Notices and documents (文件通知): issued by the committee or a branch, addressed to all employees, all party
-- members or chosen units, with attachments, read receipts, acknowledgements and reminders.

CREATE TYPE "NoticeStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'WITHDRAWN');
CREATE TYPE "NoticeAudience" AS ENUM ('ALL', 'MEMBERS', 'UNITS');

CREATE TABLE "Notice" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "docNumber" TEXT NOT NULL DEFAULT '',
    "issuer" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "audience" "NoticeAudience" NOT NULL DEFAULT 'ALL',
    "membersOnly" BOOLEAN NOT NULL DEFAULT false,
    "ackRequired" BOOLEAN NOT NULL DEFAULT false,
    "ackDeadline" DATE,
    "status" "NoticeStatus" NOT NULL DEFAULT 'DRAFT',
    "publishedAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "withdrawReason" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Notice_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Notice_status_publishedAt_idx" ON "Notice"("status", "publishedAt");
CREATE INDEX "Notice_unitId_status_idx" ON "Notice"("unitId", "status");
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "NoticeUnit" (
    "noticeId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "chosen" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "NoticeUnit_pkey" PRIMARY KEY ("noticeId", "unitId")
);
CREATE INDEX "NoticeUnit_unitId_idx" ON "NoticeUnit"("unitId");
ALTER TABLE "NoticeUnit" ADD CONSTRAINT "NoticeUnit_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "NoticeUnit" ADD CONSTRAINT "NoticeUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "NoticeAttachment" (
    "noticeId" INTEGER NOT NULL,
    "attachmentId" INTEGER NOT NULL,
    CONSTRAINT "NoticeAttachment_pkey" PRIMARY KEY ("noticeId", "attachmentId")
);
CREATE INDEX "NoticeAttachment_attachmentId_idx" ON "NoticeAttachment"("attachmentId");
ALTER TABLE "NoticeAttachment" ADD CONSTRAINT "NoticeAttachment_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "NoticeAttachment" ADD CONSTRAINT "NoticeAttachment_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "Attachment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "NoticeReceipt" (
    "noticeId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMP(3),
    CONSTRAINT "NoticeReceipt_pkey" PRIMARY KEY ("noticeId", "personId")
);
CREATE INDEX "NoticeReceipt_personId_idx" ON "NoticeReceipt"("personId");
ALTER TABLE "NoticeReceipt" ADD CONSTRAINT "NoticeReceipt_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "NoticeReceipt" ADD CONSTRAINT "NoticeReceipt_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "NoticeReminder" (
    "noticeId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "fromName" TEXT NOT NULL,
    "remindedById" INTEGER NOT NULL,
    "remindedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "times" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "NoticeReminder_pkey" PRIMARY KEY ("noticeId", "personId")
);
CREATE INDEX "NoticeReminder_personId_remindedAt_idx" ON "NoticeReminder"("personId", "remindedAt");
ALTER TABLE "NoticeReminder" ADD CONSTRAINT "NoticeReminder_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "NoticeReminder" ADD CONSTRAINT "NoticeReminder_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
