-- Knowledge articles with their revisions; comments and "useful" marks on branches' featured work (exchange).

CREATE TYPE "ArticleCategory" AS ENUM ('BASICS', 'GUIDES', 'GRASSROOTS');

CREATE TABLE "Article" (
    "id" SERIAL NOT NULL,
    "category" "ArticleCategory" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "bodyText" TEXT NOT NULL,
    "headNumber" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER NOT NULL,
    "updatedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Article_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Article_category_updatedAt_idx" ON "Article"("category", "updatedAt");
CREATE INDEX "Article_updatedAt_idx" ON "Article"("updatedAt");

CREATE TABLE "ArticleRevision" (
    "id" SERIAL NOT NULL,
    "articleId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "category" "ArticleCategory" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    "restoredFrom" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ArticleRevision_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ArticleRevision_articleId_number_key" ON "ArticleRevision"("articleId", "number");
ALTER TABLE "ArticleRevision" ADD CONSTRAINT "ArticleRevision_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ExchangeComment" (
    "id" SERIAL NOT NULL,
    "itemId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "hiddenAt" TIMESTAMP(3),
    "hiddenById" INTEGER,
    "hiddenReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExchangeComment_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ExchangeComment_itemId_createdAt_idx" ON "ExchangeComment"("itemId", "createdAt");

CREATE TABLE "ExchangeMark" (
    "itemId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExchangeMark_pkey" PRIMARY KEY ("itemId", "personId")
);
CREATE INDEX "ExchangeMark_createdAt_idx" ON "ExchangeMark"("createdAt");
