// Read replicas (issue 21 item 5) against a real second PostgreSQL kept in sync by logical
// replication: two embedded clusters, the primary publishing every table and the replica
// subscribed. The library's reads go to the replica (shown by a change made on the replica
// only); a visitor's reads right after their own write, and a route handler's write and its
// answer, stay on the primary; a replica that lags serves what it has until it catches up; a
// replica that is down is skipped and the read answered by the primary.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { NextRequest } from "next/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import {
  findFreePort,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from "../../scripts/lib/embedded-postgres";
import { migrate } from "../../scripts/lib/migrate";

const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
  }),
}));

let work: string;
let primary: EmbeddedDatabase;
let replica: EmbeddedDatabase;
let onPrimarySql: pg.Client;
let onReplicaSql: pg.Client;
let ada: { id: string };
type Lib = {
  searchLibrary: typeof import("@/lib/library/search").searchLibrary;
  getClipPage: typeof import("@/lib/library/clips").getClipPage;
  onPrimary: typeof import("@/lib/db-replicas").onPrimary;
  PRIMARY_COOKIE: string;
};
let lib: Lib;

async function until(check: () => Promise<boolean>, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const onReplicaHas = (id: string, title: string) => async () =>
  (await onReplicaSql.query(`SELECT 1 FROM clips WHERE id = $1 AND title = $2`, [id, title]))
    .rowCount === 1;

async function addClip(id: string, title: string) {
  await onPrimarySql.query(
    `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, status, archive_status, duration, model, created_at, updated_at)
     VALUES ($1, $2, 'primary', $3, $4, 'folk', 'COMPLETE', 'ARCHIVED', 60, 'chirp-hawk', now(), now())`,
    [id, ada.id, `up-${id}`, title],
  );
}

const titles = async () =>
  (await lib.searchLibrary({ actor: ada, query: {} })).clips.map((c) => c.title).sort();

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "chorus-replicas-"));
  primary = await startEmbeddedPostgres({
    dataDir: path.join(work, "primary"),
    port: await findFreePort(),
    database: "chorus",
    persistent: false,
    postgresFlags: ["-c", "wal_level=logical"],
  });
  replica = await startEmbeddedPostgres({
    dataDir: path.join(work, "replica"),
    port: await findFreePort(),
    database: "chorus",
    persistent: false,
  });
  await migrate(primary.url);
  // the replica gets the schema from the migrations and every row from the subscription
  await migrate(replica.url);
  onPrimarySql = new pg.Client({ connectionString: primary.url });
  onReplicaSql = new pg.Client({ connectionString: replica.url });
  await Promise.all([onPrimarySql.connect(), onReplicaSql.connect()]);
  onReplicaSql.on("error", () => {}); // the replica is stopped in the last test
  const tables = await onReplicaSql.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`,
  );
  await onReplicaSql.query(`TRUNCATE ${tables.rows.map((t) => t.name).join(", ")} CASCADE`);
  await onPrimarySql.query(`CREATE PUBLICATION chorus_all FOR ALL TABLES`);
  await onReplicaSql.query(
    `CREATE SUBSCRIPTION chorus_sub CONNECTION '${primary.url}' PUBLICATION chorus_all`,
  );

  // the app under test: the primary and its replica
  Object.assign(process.env, { DATABASE_URL: primary.url, DATABASE_REPLICA_URLS: replica.url });
  const { registerUser } = await import("@/lib/auth/credentials");
  ada = await registerUser({
    name: "Ada",
    email: "ada-replicas@example.test",
    password: "a long enough password",
  });
  const [search, clips, replicas, cookie] = await Promise.all([
    import("@/lib/library/search"),
    import("@/lib/library/clips"),
    import("@/lib/db-replicas"),
    import("@/lib/replica-cookie"),
  ]);
  lib = {
    searchLibrary: search.searchLibrary,
    getClipPage: clips.getClipPage,
    onPrimary: replicas.onPrimary,
    PRIMARY_COOKIE: cookie.PRIMARY_COOKIE,
  };
  await addClip("rr-1", "Written on the primary");
  await until(onReplicaHas("rr-1", "Written on the primary"), "the replica to copy the clip");
  // a change only the replica has: whatever shows it was read there
  await onReplicaSql.query(`UPDATE clips SET title = 'Read from the replica' WHERE id = 'rr-1'`);
}, 180_000);

afterAll(async () => {
  const { disconnectReplicas } = await import("@/lib/db-replicas");
  await disconnectReplicas();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  await onReplicaSql?.query(`DROP SUBSCRIPTION IF EXISTS chorus_sub`).catch(() => {});
  await Promise.all([onPrimarySql?.end(), onReplicaSql?.end().catch(() => {})]);
  await replica?.stop();
  await primary?.stop();
  await rm(work, { recursive: true, force: true });
});

describe("read replicas", () => {
  it("sends the library's reads to the replica", async () => {
    jar.clear();
    expect(await titles()).toEqual(["Read from the replica"]);
    expect((await lib.getClipPage({ actor: ada, clipId: "rr-1" }))?.title).toBe(
      "Read from the replica",
    );
  });

  it("keeps a visitor's reads on the primary right after their own write", async () => {
    jar.set(lib.PRIMARY_COOKIE, String(Date.now() + 10_000));
    expect(await titles()).toEqual(["Written on the primary"]);
    // an old cookie is just a cookie
    jar.set(lib.PRIMARY_COOKIE, String(Date.now() - 1));
    expect(await titles()).toEqual(["Read from the replica"]);
    jar.set(lib.PRIMARY_COOKIE, "not a time");
    expect(await titles()).toEqual(["Read from the replica"]);
    jar.clear();
    // a route handler's write and its answer: onPrimary
    expect(await lib.onPrimary(titles)).toEqual(["Written on the primary"]);
  });

  it("sets that cookie on every server action, and only then", async () => {
    const { proxy } = await import("../../proxy");
    const { PRIMARY_COOKIE } = await import("@/lib/replica-cookie");
    const action = await proxy(
      new NextRequest("http://localhost:3000/library", {
        method: "POST",
        headers: { "next-action": "abc123", "content-type": "text/plain;charset=UTF-8" },
        body: "[]",
      }),
    );
    const set = action.cookies.get(PRIMARY_COOKIE);
    expect(set?.httpOnly).toBe(true);
    expect(Number(set?.value)).toBeGreaterThan(Date.now() + 5_000);
    // the action's own re-render reads with it too
    expect(action.headers.get("x-middleware-request-cookie") ?? "").toContain(PRIMARY_COOKIE);
    const page = await proxy(new NextRequest("http://localhost:3000/library"));
    expect(page.cookies.get(PRIMARY_COOKIE)).toBeUndefined();
  });

  it("serves what a lagging replica has, and the visitor's own write from the primary", async () => {
    jar.clear();
    await onReplicaSql.query(`ALTER SUBSCRIPTION chorus_sub DISABLE`);
    await addClip("rr-2", "Made while the replica lags");
    await new Promise((r) => setTimeout(r, 300));
    expect(await titles()).toEqual(["Read from the replica"]);
    jar.set(lib.PRIMARY_COOKIE, String(Date.now() + 10_000));
    expect(await titles()).toEqual(["Made while the replica lags", "Written on the primary"]);
    jar.clear();
    await onReplicaSql.query(`ALTER SUBSCRIPTION chorus_sub ENABLE`);
    await until(onReplicaHas("rr-2", "Made while the replica lags"), "the replica to catch up");
    expect(await titles()).toEqual(["Made while the replica lags", "Read from the replica"]);
  });

  it("reads from the primary while the replica is down", async () => {
    jar.clear();
    await replica.stop();
    expect(await titles()).toEqual(["Made while the replica lags", "Written on the primary"]);
    // and goes on doing so without trying the replica on every read
    const started = Date.now();
    expect(await titles()).toEqual(["Made while the replica lags", "Written on the primary"]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
