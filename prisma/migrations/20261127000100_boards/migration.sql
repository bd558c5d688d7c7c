-- Policy-management boards (targets, measurements, diagnoses) and the office's assessment schemes.

CREATE TYPE "TargetKind" AS ENUM ('MUST', 'CHALLENGE');
CREATE TYPE "Direction" AS ENUM ('HIGHER', 'LOWER');
CREATE TYPE "TargetPeriod" AS ENUM ('MONTHLY', 'QUARTERLY');
CREATE TYPE "DiagnosisRating" AS ENUM ('GOOD', 'FAIR', 'NEEDS_WORK', 'POOR');
CREATE TYPE "CriterionMethod" AS ENUM ('MANUAL', 'ON_TIME_REPORTING', 'TARGETS_MET', 'PDCA_ON_TIME', 'FINDINGS_ON_TIME', 'MODULES_CURRENT', 'INFO_UPDATES');
CREATE TYPE "RoundStatus" AS ENUM ('DRAFT', 'PUBLISHED');

CREATE TABLE "Target" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" "TargetKind" NOT NULL,
    "title" TEXT NOT NULL,
    "measure" TEXT NOT NULL,
    "uom" TEXT NOT NULL,
    "direction" "Direction" NOT NULL,
    "targetValue" DOUBLE PRECISION NOT NULL,
    "stretchValue" DOUBLE PRECISION,
    "period" "TargetPeriod" NOT NULL,
    "ownerName" TEXT NOT NULL DEFAULT '',
    "parentId" INTEGER,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Target_unitId_year_idx" ON "Target"("unitId", "year");
CREATE INDEX "Target_parentId_idx" ON "Target"("parentId");
ALTER TABLE "Target" ADD CONSTRAINT "Target_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Target" ADD CONSTRAINT "Target_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Target"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "Measurement" (
    "id" SERIAL NOT NULL,
    "targetId" INTEGER NOT NULL,
    "period" INTEGER NOT NULL,
    "actual" DOUBLE PRECISION NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "reportedById" INTEGER NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "correctedAt" TIMESTAMP(3),
    CONSTRAINT "Measurement_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Measurement_targetId_period_key" ON "Measurement"("targetId", "period");
ALTER TABLE "Measurement" ADD CONSTRAINT "Measurement_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "Diagnosis" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "selfText" TEXT NOT NULL DEFAULT '',
    "selfById" INTEGER,
    "selfAt" TIMESTAMP(3),
    "officeRating" "DiagnosisRating",
    "officeText" TEXT NOT NULL DEFAULT '',
    "officeById" INTEGER,
    "officeAt" TIMESTAMP(3),
    CONSTRAINT "Diagnosis_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Diagnosis_unitId_year_month_key" ON "Diagnosis"("unitId", "year", "month");
ALTER TABLE "Diagnosis" ADD CONSTRAINT "Diagnosis_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "AssessmentScheme" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "AssessmentScheme_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "AssessmentScheme_year_key" ON "AssessmentScheme"("year");

CREATE TABLE "AssessmentCriterion" (
    "id" SERIAL NOT NULL,
    "schemeId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "method" "CriterionMethod" NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,
    "maxScore" DOUBLE PRECISION NOT NULL,
    "norm" DOUBLE PRECISION,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "retiredAt" TIMESTAMP(3),
    CONSTRAINT "AssessmentCriterion_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "AssessmentCriterion_schemeId_sortOrder_idx" ON "AssessmentCriterion"("schemeId", "sortOrder");
ALTER TABLE "AssessmentCriterion" ADD CONSTRAINT "AssessmentCriterion_schemeId_fkey" FOREIGN KEY ("schemeId") REFERENCES "AssessmentScheme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "AssessmentRound" (
    "id" SERIAL NOT NULL,
    "schemeId" INTEGER NOT NULL,
    "quarter" INTEGER NOT NULL,
    "status" "RoundStatus" NOT NULL DEFAULT 'DRAFT',
    "publishedAt" TIMESTAMP(3),
    "publishedById" INTEGER,
    CONSTRAINT "AssessmentRound_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "AssessmentRound_schemeId_quarter_key" ON "AssessmentRound"("schemeId", "quarter");
ALTER TABLE "AssessmentRound" ADD CONSTRAINT "AssessmentRound_schemeId_fkey" FOREIGN KEY ("schemeId") REFERENCES "AssessmentScheme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "AssessmentScore" (
    "id" SERIAL NOT NULL,
    "roundId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "criterionId" INTEGER NOT NULL,
    "ratio" DOUBLE PRECISION,
    "score" DOUBLE PRECISION NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "AssessmentScore_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "AssessmentScore_roundId_unitId_criterionId_key" ON "AssessmentScore"("roundId", "unitId", "criterionId");
CREATE INDEX "AssessmentScore_unitId_idx" ON "AssessmentScore"("unitId");
ALTER TABLE "AssessmentScore" ADD CONSTRAINT "AssessmentScore_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "AssessmentRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AssessmentScore" ADD CONSTRAINT "AssessmentScore_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "AssessmentCriterion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AssessmentScore" ADD CONSTRAINT "AssessmentScore_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
