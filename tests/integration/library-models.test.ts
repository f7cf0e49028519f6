// The library's model menu (libraryModels): the models of exactly the songs a library shows,
// for a person and for a team (its own songs and the ones shared into it), never trashed ones
// or other teams'. The team branch has its own query (issue 17, item 9), so both are pinned.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { AppError } from "@/lib/errors";
import { libraryModels } from "@/lib/library/search";

const unique = () => randomBytes(4).toString("hex");
let sql: pg.Client;
beforeAll(async () => {
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
});
afterAll(() => sql.end());

async function world() {
  const make = (name: string) =>
    registerUser({ name, email: `${name}-${unique()}@example.test`, password: "long password 1" });
  const [member, outsider] = await Promise.all([make("member"), make("outsider")]);
  const team = `team-${unique()}`;
  const other = `team-${unique()}`;
  for (const id of [team, other])
    await sql.query(`INSERT INTO teams (id, slug, name, updated_at) VALUES ($1, $1, $1, now())`, [
      id,
    ]);
  await sql.query(
    `INSERT INTO memberships (id, team_id, user_id, role, updated_at) VALUES
      ($1 || '-m', $1, $2, 'MEMBER', now()), ($3 || '-x', $3, $4, 'OWNER', now())`,
    [team, member.id, other, outsider.id],
  );
  const clip = (model: string, owner: string, teamId: string | null, trashed = false) => {
    const id = `clip-${unique()}`;
    return sql
      .query(
        `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, status, model, trashed_at, updated_at)
         VALUES ($1, $2, $3, 'sim', $1, $1, 'COMPLETE', $4, ${trashed ? "now()" : "NULL"}, now())`,
        [id, owner, teamId, model],
      )
      .then(() => id);
  };
  await clip("model-team", member.id, team);
  await clip("model-trashed", member.id, team, true);
  const shared = await clip("model-shared", member.id, null);
  await clip("model-personal", member.id, null);
  await clip("model-other-team", outsider.id, other);
  await sql.query(
    `INSERT INTO team_clip_shares (clip_id, team_id, shared_by_id) VALUES ($1, $2, $3)`,
    [shared, team, member.id],
  );
  return { member, outsider, team };
}

describe("libraryModels", () => {
  it("lists the models of a team's own and shared songs, and of a person's own", async () => {
    const w = await world();
    expect(await libraryModels({ actor: w.member, team: w.team })).toEqual([
      "model-shared",
      "model-team",
    ]);
    expect(await libraryModels({ actor: w.member })).toEqual(["model-personal", "model-shared"]);
  });

  it("refuses a team the actor is not in", async () => {
    const w = await world();
    const error = await libraryModels({ actor: w.outsider, team: w.team }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("NOT_FOUND");
  });
});
