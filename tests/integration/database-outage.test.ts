// While the database is down, every server action answers with a clear "try again shortly"
// instead of an HTTP 500, the signed-in user's lookup included. The outage is real: this
// file's database is its own embedded PostgreSQL, stopped mid-test.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

import { findFreePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrate } from "../../scripts/lib/migrate";

const dir = await mkdtemp(path.join(tmpdir(), "chorus-outage-"));
const server = await startEmbeddedPostgres({
  dataDir: path.join(dir, "pg"),
  port: await findFreePort(),
  database: "chorus",
  persistent: false,
});
await migrate(server.url);
process.env.DATABASE_URL = server.url;

// the session lookup reads the database like the real one (Auth.js itself cannot load here)
vi.mock("@/lib/auth/session", async () => {
  const { db } = await import("@/lib/db");
  return {
    getCurrentUser: async () => {
      const user = await db.user.findFirst({ select: { id: true, email: true, name: true } });
      return user ?? { id: "nobody", email: "nobody@example.test", name: null };
    },
  };
});

const { authedAction, publicAction } = await import("@/lib/actions/safe-action");
const { db, disconnectDb } = await import("@/lib/db");
const { isDatabaseUnavailable } = await import("@/lib/db-errors");
const { checkedSessionToken, newSessionClaims } = await import("@/lib/auth/sessions");
let sessionToken: { sub: string; sid: string; ver: number } | null = null;

afterAll(async () => {
  await disconnectDb();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const schema = z.object({ title: z.string() });
const countUsers = publicAction(schema, async () => ({
  ok: true,
  message: String(await db.user.count()),
}));
let handlerRan = false;
const renameSomething = authedAction(schema, async () => {
  handlerRan = true;
  await db.user.count();
});

describe("a database outage", () => {
  beforeAll(async () => {
    expect(await countUsers({}, form({ title: "x" }))).toEqual({ ok: true, message: "0" });
    expect(await renameSomething({}, form({ title: "x" }))).toEqual({ ok: true });
    const user = await db.user.create({ data: { email: "outage@example.test" } });
    sessionToken = { sub: user.id, ...(await newSessionClaims(user.id)) };
    expect(await checkedSessionToken(sessionToken)).toEqual(sessionToken);
    expect(await checkedSessionToken({ ...sessionToken, ver: 99 })).toBeNull(); // ended
    await server.stop();
  }, 60_000);

  it("is recognised in the errors Prisma and pg really throw", async () => {
    const error = await db.user.count().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(new Error("unrelated"))).toBe(false);
  });

  it("leaves a session unverified, not ended, when the database cannot check it", async () => {
    // Auth.js would otherwise take a failed check for a signed-out user ("Your session has
    // ended"), which the soak through real server actions found during a Postgres restart
    const checked = await checkedSessionToken(sessionToken!);
    expect(checked).toEqual({ ...sessionToken, unverified: true });
    // the mark is never carried over: the next check starts from the claims alone
    expect(await checkedSessionToken({ ...checked!, sub: "" })).toBeNull();
  });

  it("answers a public action with 'try again shortly', keeping what was typed", async () => {
    expect(await countUsers({}, form({ title: "My song" }))).toEqual({
      error: expect.stringMatching(/database is not reachable.*try again shortly/i),
      values: { title: "My song" },
    });
  });

  it("answers a signed-in action the same, even though the user lookup itself fails", async () => {
    handlerRan = false;
    const result = await renameSomething({}, form({ title: "My song" }));
    expect(result).toEqual({
      error: expect.stringMatching(/database is not reachable.*try again shortly/i),
      values: { title: "My song" },
    });
    expect(handlerRan).toBe(false);
  });
});
