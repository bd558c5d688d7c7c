-- Search of common terms (issue 20's speed, docs/decisions/0011-h25-search-common-terms.md): the documents read newest
-- first in the results' order (whole organisation, one unit, one year), and the titles' pieces on their own, so that a
-- term found in most documents takes its page from the first matches instead of reading every one.
CREATE INDEX "SearchDoc_newest" ON "SearchDoc" (at DESC NULLS LAST, kind, "entityId" DESC);
CREATE INDEX "SearchDoc_unit_newest" ON "SearchDoc" ("unitId", at DESC NULLS LAST, kind, "entityId" DESC);
CREATE INDEX "SearchDoc_year_newest" ON "SearchDoc" (year, at DESC NULLS LAST, kind, "entityId" DESC);
CREATE INDEX "SearchDoc_kind_newest" ON "SearchDoc" (kind, at DESC NULLS LAST, "entityId" DESC);
CREATE INDEX "SearchDoc_title_grams" ON "SearchDoc" USING gin ("search_grams"(left("text", "titleLen"))) WITH (fastupdate = off);
-- Computing a text's pieces costs ~80 µs a row: so priced, the planner reads them from an index rather than computing
-- them for each document of a newest-first walk.
ALTER FUNCTION "search_grams"(text) COST 10000;
