-- Issue 21: search that does not grow with the workspace. btree_gin lets one GIN index hold
-- the workspace key beside the search vector (or the title's trigrams), so a team's search
-- reads that team's matches and a personal search the person's own. The two partial pairs
-- cover every clip (a clip is a team's or personal), so the table-wide indexes go: left in
-- place, Postgres intersected a workspace with every match in the table (docs/BENCHMARKS.md).
-- Declared in prisma/schema.prisma (extensions, partial indexes) so Prisma sees no drift.
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX "clips_team_search_idx" ON "clips" USING GIN ("team_id", "search")
  WHERE "team_id" IS NOT NULL;
CREATE INDEX "clips_team_title_trgm_idx" ON "clips" USING GIN ("team_id", "title" gin_trgm_ops)
  WHERE "team_id" IS NOT NULL;
CREATE INDEX "clips_personal_search_idx" ON "clips" USING GIN ("owner_id", "search")
  WHERE "team_id" IS NULL;
CREATE INDEX "clips_personal_title_trgm_idx" ON "clips" USING GIN ("owner_id", "title" gin_trgm_ops)
  WHERE "team_id" IS NULL;

DROP INDEX "clips_search_idx";
DROP INDEX "clips_title_trgm_idx";

-- the model menu: one index probe per model (a recursive skip scan), not every clip
CREATE INDEX "clips_team_id_model_idx" ON "clips" ("team_id", "model");
CREATE INDEX "clips_personal_model_idx" ON "clips" ("owner_id", "model") WHERE "team_id" IS NULL;
