-- Voices (党员心声, 意见箱) with their answers, and consultations (征求意见) with audiences, opinions and summaries.

CREATE TYPE "VoiceCategory" AS ENUM ('SUGGESTION', 'HELP', 'THOUGHT', 'PRAISE', 'OTHER');
CREATE TYPE "VoiceStatus" AS ENUM ('OPEN', 'ANSWERED', 'REPLIED', 'CLOSED');
CREATE TYPE "VoiceMessageKind" AS ENUM ('ANSWER', 'REPLY', 'FINAL');
CREATE TYPE "ConsultationAudience" AS ENUM ('ALL', 'MEMBERS', 'UNITS');

CREATE TABLE "Voice" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "category" "VoiceCategory" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "publicConsent" BOOLEAN NOT NULL DEFAULT false,
    "status" "VoiceStatus" NOT NULL DEFAULT 'OPEN',
    "answeredAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Voice_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Voice_unitId_status_createdAt_idx" ON "Voice"("unitId", "status", "createdAt");
CREATE INDEX "Voice_authorId_createdAt_idx" ON "Voice"("authorId", "createdAt");
CREATE INDEX "Voice_publishedAt_idx" ON "Voice"("publishedAt");
ALTER TABLE "Voice" ADD CONSTRAINT "Voice_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Voice" ADD CONSTRAINT "Voice_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "VoiceMessage" (
    "id" SERIAL NOT NULL,
    "voiceId" INTEGER NOT NULL,
    "kind" "VoiceMessageKind" NOT NULL,
    "body" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "VoiceMessage_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "VoiceMessage_voiceId_kind_key" ON "VoiceMessage"("voiceId", "kind");
CREATE INDEX "VoiceMessage_createdAt_idx" ON "VoiceMessage"("createdAt");
ALTER TABLE "VoiceMessage" ADD CONSTRAINT "VoiceMessage_voiceId_fkey" FOREIGN KEY ("voiceId") REFERENCES "Voice"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "VoiceMessage" ADD CONSTRAINT "VoiceMessage_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "Consultation" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "companyWide" BOOLEAN NOT NULL DEFAULT false,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "audience" "ConsultationAudience" NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "summaryHeard" TEXT,
    "summaryActions" TEXT,
    "summaryPublishedAt" TIMESTAMP(3),
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Consultation_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Consultation_unitId_startDate_idx" ON "Consultation"("unitId", "startDate");
CREATE INDEX "Consultation_endDate_idx" ON "Consultation"("endDate");
ALTER TABLE "Consultation" ADD CONSTRAINT "Consultation_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Consultation" ADD CONSTRAINT "Consultation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "ConsultationUnit" (
    "consultationId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    CONSTRAINT "ConsultationUnit_pkey" PRIMARY KEY ("consultationId", "unitId")
);
CREATE INDEX "ConsultationUnit_unitId_idx" ON "ConsultationUnit"("unitId");
ALTER TABLE "ConsultationUnit" ADD CONSTRAINT "ConsultationUnit_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ConsultationUnit" ADD CONSTRAINT "ConsultationUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "ConsultationOpinion" (
    "id" SERIAL NOT NULL,
    "consultationId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ConsultationOpinion_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ConsultationOpinion_consultationId_authorId_key" ON "ConsultationOpinion"("consultationId", "authorId");
ALTER TABLE "ConsultationOpinion" ADD CONSTRAINT "ConsultationOpinion_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ConsultationOpinion" ADD CONSTRAINT "ConsultationOpinion_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
