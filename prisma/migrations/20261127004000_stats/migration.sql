-- Quarterly statistics: a snapshot per quarter (draft, then published and frozen) with one row per unit.

CREATE TYPE "StatsStatus" AS ENUM ('DRAFT', 'PUBLISHED');
CREATE TYPE "StatsRating" AS ENUM ('EXCELLENT', 'GOOD', 'FAIR', 'POOR');

CREATE TABLE "StatsQuarter" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "quarter" INTEGER NOT NULL,
    "status" "StatsStatus" NOT NULL DEFAULT 'DRAFT',
    "computedAt" TIMESTAMP(3) NOT NULL,
    "computedById" INTEGER NOT NULL,
    "publishedAt" TIMESTAMP(3),
    "publishedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "StatsQuarter_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "StatsQuarter_year_quarter_key" ON "StatsQuarter"("year", "quarter");
CREATE INDEX "StatsQuarter_status_year_quarter_idx" ON "StatsQuarter"("status", "year", "quarter");

CREATE TABLE "StatsUnitRow" (
    "quarterId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "unitCode" TEXT NOT NULL,
    "unitName" TEXT NOT NULL,
    "unitKind" "UnitKind" NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "updates" INTEGER NOT NULL,
    "modulesCurrent" INTEGER NOT NULL,
    "modulesTracked" INTEGER NOT NULL,
    "featured" INTEGER NOT NULL,
    "sentBack" INTEGER NOT NULL,
    "takenDown" INTEGER NOT NULL,
    "reviewCount" INTEGER NOT NULL,
    "reviewHours" DOUBLE PRECISION NOT NULL,
    "qualityScore" INTEGER NOT NULL,
    "rating" "StatsRating",
    "ratingComment" TEXT NOT NULL DEFAULT '',
    "ratedById" INTEGER,
    "ratedAt" TIMESTAMP(3),
    CONSTRAINT "StatsUnitRow_pkey" PRIMARY KEY ("quarterId", "unitId")
);
CREATE INDEX "StatsUnitRow_unitId_idx" ON "StatsUnitRow"("unitId");
ALTER TABLE "StatsUnitRow" ADD CONSTRAINT "StatsUnitRow_quarterId_fkey" FOREIGN KEY ("quarterId") REFERENCES "StatsQuarter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
