-- PDCA countermeasures: from missed targets and inspection findings, moved by the branch, closed by the office.

CREATE TYPE "PdcaSource" AS ENUM ('TARGET', 'FINDING', 'OTHER');
CREATE TYPE "PdcaStage" AS ENUM ('PLAN', 'DO', 'CHECK', 'ACT', 'CLOSED');

CREATE TABLE "Countermeasure" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "source" "PdcaSource" NOT NULL,
    "targetId" INTEGER,
    "findingId" INTEGER,
    "problem" TEXT NOT NULL,
    "cause" TEXT NOT NULL DEFAULT '',
    "action" TEXT NOT NULL DEFAULT '',
    "ownerName" TEXT NOT NULL DEFAULT '',
    "dueDate" DATE NOT NULL,
    "stage" "PdcaStage" NOT NULL DEFAULT 'PLAN',
    "answer" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER NOT NULL,
    "closedById" INTEGER,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Countermeasure_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Countermeasure_findingId_key" ON "Countermeasure"("findingId");
CREATE INDEX "Countermeasure_unitId_stage_idx" ON "Countermeasure"("unitId", "stage");
CREATE INDEX "Countermeasure_stage_dueDate_idx" ON "Countermeasure"("stage", "dueDate");
CREATE INDEX "Countermeasure_targetId_idx" ON "Countermeasure"("targetId");
ALTER TABLE "Countermeasure" ADD CONSTRAINT "Countermeasure_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Countermeasure" ADD CONSTRAINT "Countermeasure_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "CountermeasureStep" (
    "id" SERIAL NOT NULL,
    "countermeasureId" INTEGER NOT NULL,
    "fromStage" "PdcaStage",
    "toStage" "PdcaStage" NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "actorId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CountermeasureStep_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CountermeasureStep_countermeasureId_at_idx" ON "CountermeasureStep"("countermeasureId", "at");
ALTER TABLE "CountermeasureStep" ADD CONSTRAINT "CountermeasureStep_countermeasureId_fkey" FOREIGN KEY ("countermeasureId") REFERENCES "Countermeasure"("id") ON DELETE CASCADE ON UPDATE CASCADE;
