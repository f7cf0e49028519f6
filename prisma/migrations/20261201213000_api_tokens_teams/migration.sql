-- API tokens (issue 19): a token is personal (team_id NULL) or a team's (made by one of its
-- admins, acting as the team within its scopes); the address it was last used from is kept
-- beside the time. Team tokens go with their team.
ALTER TABLE "api_tokens" ADD COLUMN "team_id" TEXT;
ALTER TABLE "api_tokens" ADD COLUMN "last_used_ip" TEXT;
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_team_id_fkey"
  FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "api_tokens_team_id_idx" ON "api_tokens"("team_id");
