-- Organisational life the portal knows (issue 18): obligations as data, periods the office excused, board targets fed
-- from the portal's records.
CREATE TYPE "ObligationFrequency" AS ENUM ('MONTHLY', 'QUARTERLY', 'YEARLY');

CREATE TABLE "OrgObligation" (
  "unitId" INTEGER NOT NULL,
  "kind" TEXT NOT NULL,
  "frequency" "ObligationFrequency" NOT NULL,
  "active" BOOLEAN NOT NULL DEFAULT true,
  "updatedById" INTEGER NOT NULL,
  "updatedAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "OrgObligation_pkey" PRIMARY KEY ("unitId", "kind")
);

CREATE TABLE "OrgExcuse" (
  "id" SERIAL NOT NULL,
  "unitId" INTEGER NOT NULL,
  "kind" TEXT NOT NULL,
  "groupId" INTEGER NOT NULL DEFAULT 0,
  "period" TEXT NOT NULL,
  "reason" TEXT NOT NULL,
  "acceptedById" INTEGER NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "OrgExcuse_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "OrgExcuse_unitId_kind_groupId_period_key" ON "OrgExcuse"("unitId", "kind", "groupId", "period");

-- A target whose actual values come from a source of the portal (src/domain/boards/sources.ts) instead of hand entry.
ALTER TABLE "Target" ADD COLUMN "source" TEXT;
