-- The office's morning review ("since you last looked") and online inspections with their findings.

CREATE TYPE "InspectionStatus" AS ENUM ('OPEN', 'CLOSED');
CREATE TYPE "FindingSeverity" AS ENUM ('MINOR', 'MAJOR', 'SERIOUS');

CREATE TABLE "ReviewMarker" (
    "personId" INTEGER NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "previousSeenAt" TIMESTAMP(3),
    CONSTRAINT "ReviewMarker_pkey" PRIMARY KEY ("personId")
);
ALTER TABLE "ReviewMarker" ADD CONSTRAINT "ReviewMarker_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "Inspection" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "visitDate" DATE NOT NULL,
    "inspectors" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "status" "InspectionStatus" NOT NULL DEFAULT 'OPEN',
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Inspection_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Inspection_unitId_visitDate_idx" ON "Inspection"("unitId", "visitDate");
CREATE INDEX "Inspection_status_visitDate_idx" ON "Inspection"("status", "visitDate");
ALTER TABLE "Inspection" ADD CONSTRAINT "Inspection_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Inspection" ADD CONSTRAINT "Inspection_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "Finding" (
    "id" SERIAL NOT NULL,
    "inspectionId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "severity" "FindingSeverity" NOT NULL,
    "moduleId" INTEGER,
    "targetId" INTEGER,
    "dueDate" DATE NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Finding_unitId_dueDate_idx" ON "Finding"("unitId", "dueDate");
CREATE INDEX "Finding_inspectionId_idx" ON "Finding"("inspectionId");
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "Inspection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "ModuleDef"("id") ON DELETE SET NULL ON UPDATE CASCADE;
