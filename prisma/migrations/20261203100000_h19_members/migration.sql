-- Members' party affairs (issue 19): dues computed from a base and the rate table, recruitment on its timeline,
-- the yearly democratic appraisal with secret ballots.

CREATE TYPE "DuesCategory" AS ENUM ('ON_JOB', 'RETIRED', 'LOW_INCOME', 'BRANCH_FIXED');

CREATE TABLE "DuesRate" (
    "id" SERIAL NOT NULL,
    "category" "DuesCategory" NOT NULL,
    "aboveFen" INTEGER,
    "upToFen" INTEGER,
    "basisPoints" INTEGER,
    "fixedFen" INTEGER,
    "label" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DuesRate_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DuesRate_values_check" CHECK (("basisPoints" IS NULL OR "basisPoints" BETWEEN 0 AND 10000) AND ("fixedFen" IS NULL OR "fixedFen" >= 0))
);
CREATE INDEX "DuesRate_category_sortOrder_idx" ON "DuesRate"("category", "sortOrder");

-- The default rates (the 2008 rules) are reference data made by a boot step (src/domain/dues/rates.seed.ts), so that a
-- restore finds the table empty.

CREATE TABLE "DuesBase" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "category" "DuesCategory" NOT NULL,
    "baseFen" INTEGER,
    "fixedFen" INTEGER,
    "validFrom" DATE NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "recordedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DuesBase_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DuesBase_person_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE,
    CONSTRAINT "DuesBase_amounts_check" CHECK (("baseFen" IS NULL OR "baseFen" >= 0) AND ("fixedFen" IS NULL OR "fixedFen" >= 0))
);
CREATE UNIQUE INDEX "DuesBase_personId_validFrom_key" ON "DuesBase"("personId", "validFrom");

CREATE TABLE "DuesPayment" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "dueFen" INTEGER NOT NULL,
    "rule" TEXT NOT NULL,
    "paidFen" INTEGER,
    "paidOn" DATE,
    "note" TEXT NOT NULL DEFAULT '',
    "recordedById" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DuesPayment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DuesPayment_unit_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id"),
    CONSTRAINT "DuesPayment_person_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE,
    CONSTRAINT "DuesPayment_amounts_check" CHECK ("dueFen" >= 0 AND ("paidFen" IS NULL OR "paidFen" >= 0))
);
CREATE UNIQUE INDEX "DuesPayment_personId_month_key" ON "DuesPayment"("personId", "month");
CREATE INDEX "DuesPayment_unitId_month_idx" ON "DuesPayment"("unitId", "month");

CREATE TABLE "RecruitmentEvent" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "on" DATE NOT NULL,
    "document" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "days" INTEGER,
    "hours" INTEGER,
    "months" INTEGER,
    "exceptionReason" TEXT,
    "recordedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecruitmentEvent_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "RecruitmentEvent_person_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE,
    CONSTRAINT "RecruitmentEvent_unit_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id")
);
CREATE INDEX "RecruitmentEvent_unitId_personId_idx" ON "RecruitmentEvent"("unitId", "personId");
CREATE INDEX "RecruitmentEvent_personId_on_idx" ON "RecruitmentEvent"("personId", "on");

CREATE TABLE "AppraisalRound" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "grades" TEXT[],
    "opensAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "openedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AppraisalRound_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AppraisalRound_unit_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id"),
    CONSTRAINT "AppraisalRound_window_check" CHECK ("closesAt" > "opensAt")
);
CREATE UNIQUE INDEX "AppraisalRound_unitId_year_key" ON "AppraisalRound"("unitId", "year");

CREATE TABLE "AppraisalSubject" (
    "roundId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "selfText" TEXT NOT NULL DEFAULT '',
    "finalGrade" TEXT,
    "finalComment" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "AppraisalSubject_pkey" PRIMARY KEY ("roundId", "personId"),
    CONSTRAINT "AppraisalSubject_round_fkey" FOREIGN KEY ("roundId") REFERENCES "AppraisalRound"("id") ON DELETE CASCADE,
    CONSTRAINT "AppraisalSubject_person_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE
);

-- That a person voted, and separately what a ballot said: no column, time or order links the two.
CREATE TABLE "AppraisalVoter" (
    "roundId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    CONSTRAINT "AppraisalVoter_pkey" PRIMARY KEY ("roundId", "personId"),
    CONSTRAINT "AppraisalVoter_round_fkey" FOREIGN KEY ("roundId") REFERENCES "AppraisalRound"("id") ON DELETE CASCADE
);

CREATE TABLE "AppraisalBallot" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "roundId" INTEGER NOT NULL,
    "grades" JSONB NOT NULL,
    CONSTRAINT "AppraisalBallot_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AppraisalBallot_round_fkey" FOREIGN KEY ("roundId") REFERENCES "AppraisalRound"("id") ON DELETE CASCADE
);
CREATE INDEX "AppraisalBallot_roundId_idx" ON "AppraisalBallot"("roundId");
