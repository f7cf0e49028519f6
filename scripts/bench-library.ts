// `npm run bench:library`: the library at 1,000,000 clips. Seeds a throwaway embedded
// PostgreSQL with COPY (1,000 users, 100 teams, BENCH_CLIPS clips), serves the production
// build with `next start`, signs in as a heavy user over HTTP and measures p50/p95 of search
// (a word, a phrase, a typo), the first and the 10th page of a filtered list and a clip page,
// then the same queries as raw SQL through `pg`, and the library page's first-load JS.
// Writes the results to docs/BENCHMARKS.md. Nothing is added to the app: server time is TTFB
// on loopback. Quick run: BENCH_CLIPS=100000 BENCH_REQUESTS=50 npm run bench:library
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { gzipSync } from "node:zlib";

import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

import { writeBenchmarkSection } from "./lib/bench-support.ts";
import { findFreePort, startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import {
  BENCH_PASSWORD,
  BENCH_USER_EMAIL,
  benchEvery,
  BIG_TEAMS,
  bigTeamMembers,
  CLIP_COLUMNS,
  clipRow,
  copyLine,
  teamClipRow,
  TEAMS,
  teamsAndMemberships,
  userId,
  userRow,
  USERS,
} from "./lib/library-seed.ts";
import { migrate } from "./lib/migrate.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const CLIPS = Number(process.env.BENCH_CLIPS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
const STREAMS = Number(process.env.BENCH_COPY_STREAMS ?? 2);
const ME = userId(0);
/** the team-scale cases (issue 21): a 100,000-clip team, and with BENCH_HUGE_TEAM=1 a 1,000,000-clip one */
const BIG_TEAM_SIZES = [
  Number(process.env.BENCH_TEAM_CLIPS ?? BIG_TEAMS[0].clips),
  process.env.BENCH_HUGE_TEAM === "1"
    ? Number(process.env.BENCH_HUGE_TEAM_CLIPS ?? BIG_TEAMS[1].clips)
    : 0,
];
const bigTeams = BIG_TEAMS.map((t, k) => ({
  ...t,
  clips: BIG_TEAM_SIZES[k]!,
  memberIds: bigTeamMembers(k, t.members),
})).filter((t) => t.clips > 0);

// ---------------------------------------------------------------- cleanup, on any exit
const cleanups: { name: string; run: () => Promise<void> | void }[] = [];
let cleaning: Promise<void> | null = null;
function cleanup() {
  cleaning ??= (async () => {
    for (const { name, run } of cleanups.reverse()) {
      try {
        await run();
      } catch (error) {
        console.error(`cleanup of ${name} failed:`, error);
      }
    }
  })();
  return cleaning;
}
function onSignal(signal: NodeJS.Signals) {
  console.error(`\n${signal}: stopping next, then Postgres, and removing temporary folders`);
  void cleanup().then(() => process.exit(130));
}

const say = (message: string) => console.log(`\x1b[35m[bench:library]\x1b[0m ${message}`);
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const int = (n: number) => n.toLocaleString("en-US");

// ---------------------------------------------------------------- database and seed
let serverLog = "";

/** BENCH_LOG_SQL=1: the statements the app sends for one request, with Postgres's own timings. */
async function appStatements(client: pg.Client, url: string, cookie: string) {
  await client.query(`ALTER SYSTEM SET log_min_duration_statement = 0`);
  await client.query(`SELECT pg_reload_conf()`);
  await new Promise((r) => setTimeout(r, 300));
  serverLog = "";
  const timing = await timedGet(url, cookie);
  await new Promise((r) => setTimeout(r, 300));
  await client.query(`ALTER SYSTEM RESET log_min_duration_statement`);
  await client.query(`SELECT pg_reload_conf()`);
  const lines = serverLog
    .split("\n")
    .filter((l) => /duration:/.test(l) && !/ALTER SYSTEM|pg_reload_conf/.test(l));
  console.log(
    `  app statements for ${url} (TTFB ${fmt(timing.ttfb)} ms, complete ${fmt(timing.total)} ms):\n${lines.map((l) => `    ${l.replace(/^.*?LOG:\s*/, "").slice(0, 400)}`).join("\n")}`,
  );
}
async function startDatabase() {
  const dir = mkdtempSync(path.join(tmpdir(), "chorus-bench-library-"));
  cleanups.push({
    name: "temporary folder",
    run: () => rmSync(dir, { recursive: true, force: true }),
  });
  const port = await findFreePort();
  const database = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    port,
    database: "chorus_bench",
    persistent: false,
    log: (line) => void (serverLog += line),
  });
  cleanups.push({ name: "PostgreSQL", run: database.stop });
  // embedded-postgres hooks SIGINT/SIGTERM to stop itself at once; this script owns the order
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  await migrate(database.url);
  return { url: database.url, dir };
}

async function copyInto(client: pg.PoolClient | pg.Client, sql: string, lines: Iterable<string>) {
  await pipeline(Readable.from(batched(lines), { objectMode: false }), client.query(copyFrom(sql)));
}
function* batched(lines: Iterable<string>, size = 256 * 1024) {
  let buffer = "";
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= size) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer) yield buffer;
}

async function seed(url: string) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  // Bulk-load settings, seeding only: the measured queries run with the server's defaults.
  await admin.query(`ALTER SYSTEM SET max_wal_size = '8GB'`);
  await admin.query(`ALTER SYSTEM SET checkpoint_timeout = '30min'`);
  await admin.query(`SELECT pg_reload_conf()`);
  await admin.query(`SET maintenance_work_mem = '1GB'`);

  const { hashPassword } = await import("../lib/auth/password.ts");
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const { teams, memberships, teamsOf } = teamsAndMemberships();
  const started = process.hrtime.bigint();
  const usersSeed = async () => {
    const now = new Date().toISOString();
    await copyInto(
      admin,
      `COPY users (id, name, email, password_hash, created_at, updated_at) FROM STDIN`,
      Array.from({ length: USERS }, (_, u) => copyLine(userRow(u, u === 0 ? passwordHash : null))),
    );
    await copyInto(
      admin,
      `COPY teams (id, name, slug, created_at, updated_at) FROM STDIN`,
      [...teams, ...bigTeams].map((t) => copyLine([t.id, t.name, t.slug, now, now])),
    );
    await copyInto(
      admin,
      `COPY memberships (id, team_id, user_id, role, created_at, updated_at) FROM STDIN`,
      [
        ...memberships.map((m) => copyLine([m.id, m.team, m.user, m.role, now, now])),
        ...bigTeams.flatMap((t) =>
          t.memberIds.map((u, n) =>
            copyLine([`${t.id}-m${u}`, t.id, userId(u), n === 1 ? "OWNER" : "MEMBER", now, now]),
          ),
        ),
      ],
    );
  };
  await usersSeed();

  // Indexes and foreign keys of `clips` are dropped for the load and rebuilt from their own
  // definitions afterwards (what pg_restore does): one sorted build beats a million inserts.
  const { rows: indexes } = await admin.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'clips' AND indexname <> 'clips_pkey' ORDER BY indexname`,
  );
  const { rows: foreignKeys } = await admin.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'clips'::regclass AND contype = 'f' ORDER BY conname`,
  );
  for (const fk of foreignKeys)
    await admin.query(`ALTER TABLE clips DROP CONSTRAINT ${admin.escapeIdentifier(fk.name)}`);
  for (const index of indexes)
    await admin.query(`DROP INDEX ${admin.escapeIdentifier(index.name)}`);

  // COPY in STREAMS parallel connections (each row is a pure function of its index). The
  // `search` tsvector is a generated column: Postgres computes it as the rows arrive.
  const copyStarted = process.hrtime.bigint();
  const pool = new pg.Pool({ connectionString: url, max: STREAMS });
  const chunk = Math.ceil(CLIPS / STREAMS);
  await Promise.all(
    Array.from({ length: STREAMS }, async (_, s) => {
      const client = await pool.connect();
      try {
        function* rows() {
          for (let i = s * chunk; i < Math.min(CLIPS, (s + 1) * chunk); i++)
            yield copyLine(clipRow(i, CLIPS, teamsOf));
        }
        await copyInto(client, `COPY clips (${CLIP_COLUMNS.join(", ")}) FROM STDIN`, rows());
      } finally {
        client.release();
      }
    }),
  );
  const copySeconds = seconds(copyStarted);
  say(
    `COPY: ${int(CLIPS)} clips in ${copySeconds.toFixed(1)} s (${int(Math.round(CLIPS / copySeconds))} rows/s)`,
  );
  // the big teams' clips, in the same streams (their members' own rows, in the team)
  const teamCopyStarted = process.hrtime.bigint();
  const teamClips = bigTeams.reduce((n, t) => n + t.clips, 0);
  for (const t of bigTeams) {
    const k = BIG_TEAMS.findIndex((b) => b.id === t.id);
    const part = Math.ceil(t.clips / STREAMS);
    await Promise.all(
      Array.from({ length: STREAMS }, async (_, s) => {
        const client = await pool.connect();
        try {
          function* rows() {
            for (let i = s * part; i < Math.min(t.clips, (s + 1) * part); i++)
              yield copyLine(teamClipRow(k, i, t.clips, t.memberIds));
          }
          await copyInto(client, `COPY clips (${CLIP_COLUMNS.join(", ")}) FROM STDIN`, rows());
        } finally {
          client.release();
        }
      }),
    );
  }
  await pool.end();
  const teamCopySeconds = seconds(teamCopyStarted);
  if (teamClips > 0)
    say(
      `COPY: ${int(teamClips)} big-team clips (${bigTeams.map((t) => `${t.slug} ${int(t.clips)}`).join(", ")}) in ${teamCopySeconds.toFixed(1)} s`,
    );

  const indexStarted = process.hrtime.bigint();
  const indexTimes: string[] = [];
  for (const index of indexes) {
    const t = process.hrtime.bigint();
    await admin.query(index.def);
    indexTimes.push(`${index.name} ${seconds(t).toFixed(1)} s`);
  }
  for (const fk of foreignKeys)
    await admin.query(
      `ALTER TABLE clips ADD CONSTRAINT ${admin.escapeIdentifier(fk.name)} ${fk.def}`,
    );
  const indexSeconds = seconds(indexStarted);
  say(
    `indexes and foreign keys rebuilt in ${indexSeconds.toFixed(1)} s (${indexTimes.join(", ")})`,
  );

  const reactionsStarted = process.hrtime.bigint();
  await seedBigTeamExtras(admin);
  const reactionsSeconds = seconds(reactionsStarted);

  // hint bits, visibility map and statistics, so no autovacuum or first-read writes skew the timings
  const vacuumStarted = process.hrtime.bigint();
  await admin.query(`VACUUM (ANALYZE)`);
  const vacuumSeconds = seconds(vacuumStarted);
  const totalSeconds = seconds(started);
  say(
    `VACUUM ANALYZE in ${vacuumSeconds.toFixed(1)} s; seeded in ${totalSeconds.toFixed(1)} s all told`,
  );

  // the schema after the load is the migration's: same indexes, same constraints
  const { rows: after } = await admin.query<{ def: string }>(
    `SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'clips' AND indexname <> 'clips_pkey' ORDER BY indexname`,
  );
  if (after.map((r) => r.def).join("\n") !== indexes.map((r) => r.def).join("\n"))
    throw new Error("the rebuilt indexes differ from the migration's");

  const {
    rows: [facts],
  } = await admin.query(
    `SELECT (SELECT count(*) FROM clips)::int AS clips,
            (SELECT count(*) FROM clips WHERE owner_id = $1 AND team_id IS NULL AND trashed_at IS NULL)::int AS mine,
            (SELECT count(*) FROM clips c WHERE c.team_id IN (SELECT team_id FROM memberships WHERE user_id = $1))::int AS team_clips,
            (SELECT count(*) FROM clips WHERE team_id IS NOT NULL)::int AS all_team_clips,
            pg_size_pretty(pg_total_relation_size('clips')) AS size,
            pg_size_pretty(pg_relation_size('clips')) AS heap,
            pg_size_pretty(pg_relation_size('clips_personal_search_idx') + pg_relation_size('clips_team_search_idx')) AS gin,
            (SELECT count(*) FROM memberships)::int AS memberships`,
    [ME],
  );
  await admin.end();
  return {
    copySeconds,
    teamClips,
    teamCopySeconds,
    reactionsSeconds,
    indexSeconds,
    vacuumSeconds,
    totalSeconds,
    facts,
  };
}

/**
 * The big teams' reactions and shares: each member likes about 1 in 50 of the team's songs and
 * rates about 1 in 40 (the benchmark user likes 1 in 250); 1,000 of the members' personal songs
 * are shared into each team. Plain SQL over the loaded rows (a hash of clip and member decides).
 */
/** the smart playlist the team section measures: "rated 4+ by anyone, v6, under 3 minutes" */
const SMART_RULES = {
  match: "all",
  rules: [
    { kind: "rated", by: "anyone", min: 4 },
    { kind: "model", op: "is", value: "chirp-hawk" },
    { kind: "duration", op: "under", seconds: 180 },
  ],
  sort: "newest",
  limit: 100,
};
const smartPlaylistId = (slug: string | null) => `bench-smart-${slug ?? "me"}`;

async function seedBigTeamExtras(admin: pg.Client) {
  // the benchmark user's smart playlists: a personal one and one per big team, the same rules
  for (const t of [null, ...bigTeams]) {
    await admin.query(
      `INSERT INTO playlists (id, owner_id, team_id, name, rules, created_at, updated_at)
       VALUES ($1, $2, $3, 'Rated 4+, v6, under 3 min', $4::jsonb, now(), now())`,
      [smartPlaylistId(t?.slug ?? null), ME, t?.id ?? null, JSON.stringify(SMART_RULES)],
    );
  }
  for (const t of bigTeams) {
    const members = t.memberIds.map(userId);
    await admin.query(
      `INSERT INTO clip_reactions (user_id, clip_id, liked, rating, created_at, updated_at)
       SELECT m.u, c.id,
         abs(hashtext(c.id || m.u)) % (CASE WHEN m.u = $3 THEN 250 ELSE 50 END) = 0,
         CASE WHEN abs(hashtext(m.u || c.id)) % 40 = 0 THEN 1 + abs(hashtext(c.id)) % 5 END,
         c.created_at + interval '1 day', c.created_at + interval '1 day'
       FROM clips c CROSS JOIN unnest($2::text[]) AS m(u)
       WHERE c.team_id = $1 AND c.status = 'COMPLETE'
         AND (abs(hashtext(c.id || m.u)) % (CASE WHEN m.u = $3 THEN 250 ELSE 50 END) = 0
           OR abs(hashtext(m.u || c.id)) % 40 = 0)`,
      [t.id, members, ME],
    );
    await admin.query(
      `INSERT INTO team_clip_shares (clip_id, team_id, shared_by_id, created_at)
       SELECT c.id, $1, c.owner_id, c.created_at + interval '1 hour' FROM clips c
       WHERE c.owner_id = ANY($2::text[]) AND c.team_id IS NULL AND c.status = 'COMPLETE'
       ORDER BY c.id LIMIT 1000`,
      [t.id, members],
    );
  }
}

// ---------------------------------------------------------------- the production build
function buildIsStale(): boolean {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const newest = (dir: string): number => {
    let latest = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "generated" || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
    }
    return latest;
  };
  const sources = [
    "app",
    "components",
    "lib",
    "prisma",
    "proxy.ts",
    "instrumentation.ts",
    "next.config.mjs",
    "package-lock.json",
  ]
    .map((p) => path.join(ROOT, p))
    .filter(existsSync);
  return sources.some((p) => (statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs) > built);
}

async function startNext(databaseUrl: string, mediaDir: string) {
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: ROOT,
      detached: true, // its own process group, so stopping it stops its workers too
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        AUTH_URL: base,
        NEXT_TELEMETRY_DISABLED: "1",
        SUNO_API_KEYS: "", // generation off: no upstream, nothing in the background
        SWEEP_INTERVAL_SECONDS: "0",
        MEDIA_DIR: mediaDir,
      },
    },
  );
  child.stdout?.on("data", (c) => (output = (output + c).slice(-8000)));
  child.stderr?.on("data", (c) => (output = (output + c).slice(-8000)));
  cleanups.push({
    name: "next start",
    run: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.on("exit", () => resolve());
        try {
          process.kill(-child.pid!, "SIGTERM");
        } catch {
          resolve();
        }
        setTimeout(
          () => (child.exitCode === null && process.kill(-child.pid!, "SIGKILL"), resolve()),
          10_000,
        ).unref();
      }),
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`);
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline)
      throw new Error(`next start did not answer /api/health in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, logs: () => output };
}

async function signIn(base: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({
      csrfToken,
      email: BENCH_USER_EMAIL,
      password: BENCH_PASSWORD,
      callbackUrl: "/library",
    }),
    redirect: "manual",
  });
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]!);
  if (!cookies.some((c) => c.includes("session-token")))
    throw new Error(`sign-in failed (${response.status} ${response.headers.get("location")})`);
  return [csrfCookie, ...cookies].join("; ");
}

// ---------------------------------------------------------------- HTTP timing
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
type Timing = {
  ttfb: number;
  total: number;
  status: number;
  body: string;
  /** the handler's own breakdown (lib/server-timing.ts), when the route sends one */
  server: Record<string, number> | null;
};

/** `auth;dur=1.2, db;dur=3.4;desc="3 statements"` → { auth: 1.2, db: 3.4 } */
function serverTiming(header: string | string[] | undefined): Record<string, number> | null {
  if (typeof header !== "string") return null;
  const out: Record<string, number> = {};
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().split(";");
    const dur = params.find((p) => p.startsWith("dur="));
    if (name && dur) out[name] = Number(dur.slice(4));
  }
  return out;
}
function timedGet(url: string, cookie: string): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.get(
      url,
      { agent, headers: { cookie, accept: "text/html,application/json" } },
      (res) => {
        const ttfb = ms(started); // response headers in
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            ttfb,
            total: ms(started),
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            server: serverTiming(res.headers["server-timing"]),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
  });
}

async function measureHttp(url: string, cookie: string) {
  for (let n = 0; n < WARMUP; n++) {
    const r = await timedGet(url, cookie);
    if (r.status !== 200)
      throw new Error(`GET ${url} answered ${r.status}: ${r.body.slice(0, 300)}`);
  }
  const ttfb: number[] = [];
  const total: number[] = [];
  const parts = new Map<string, number[]>();
  let last: Timing | undefined;
  for (let n = 0; n < REQUESTS; n++) {
    last = await timedGet(url, cookie);
    if (last.status !== 200) throw new Error(`GET ${url} answered ${last.status}`);
    ttfb.push(last.ttfb);
    total.push(last.total);
    for (const [name, dur] of Object.entries(last.server ?? {}))
      parts.set(name, [...(parts.get(name) ?? []), dur]);
    // what Next.js and the network add around the handler
    if (last.server?.total !== undefined)
      parts.set("next", [...(parts.get("next") ?? []), last.total - last.server.total]);
  }
  return {
    ttfbP50: percentile(ttfb, 50),
    ttfbP95: percentile(ttfb, 95),
    totalP50: percentile(total, 50),
    totalP95: percentile(total, 95),
    /** p50 of each Server-Timing part, and of "next" (the client's time minus the handler's) */
    server: parts.size
      ? Object.fromEntries([...parts].map(([name, values]) => [name, percentile(values, 50)]))
      : null,
    body: last!.body,
  };
}

// ---------------------------------------------------------------- the same queries as raw SQL
// These mirror lib/library/search.ts (searchLibrary) and lib/library/clips.ts (getClipPage)
// for the personal scope; keep them in step if those change. searchLibrary runs, in order:
//   1. for a search only, the full-text probe: EXISTS (scope AND search @@ tsquery);
//   2. the page: scope AND (search @@ tsquery, or title % q when the probe found nothing) AND
//      filters AND keyset cursor, ORDER BY the sort key and id, LIMIT 25 (a page of 24 + 1).
// Not mirrored (the app's own overhead, part of the ratio): the session's user lookup, and on
// the /library page the model list for the filter menu (run in parallel with the page).
type Step = { text: string; values: unknown[] };
type SqlCase = { name: string; steps: (probeFound: boolean) => Step[]; probe?: Step };

const SCOPE = `c.owner_id = $1 AND c.team_id IS NULL AND c.trashed_at IS NULL AND c.status = 'COMPLETE'`;
const COLUMNS = `c.id, c.title, c.tags, c.duration, c.model, c.status::text AS status, c.is_instrumental AS "isInstrumental",
      (c.image_url IS NOT NULL) AS "hasCover", (c.archive_status = 'ARCHIVED') AS archived, c.created_at AS "createdAt",
      u.name AS creator, (c.owner_id = $1) AS "isOwner", c.task_id AS "taskId",
      CASE WHEN c.task_id IS NULL THEN 1 ELSE (SELECT count(*)::int FROM clips t
        WHERE t.task_id = c.task_id AND (t.created_at, t.id) <= (c.created_at, c.id)) END AS take,
      CASE WHEN c.task_id IS NULL THEN 1
        ELSE (SELECT count(*)::int FROM clips t WHERE t.task_id = c.task_id) END AS takes`;

/** buildTsQuery in search.ts: plain words → to_tsquery('w1 & w2 & last:*'), operators → websearch */
function tsQuery(q: string): { fn: string; arg: string; operators: boolean } {
  const terms = [...q.toLowerCase().matchAll(/[\p{L}\p{N}']+/gu)]
    .map((m) => m[0].replaceAll("'", ""))
    .filter(Boolean);
  const operators = /"|\bor\b|(^|\s)-\S/i.test(q);
  if (operators || terms.length === 0)
    return { fn: "websearch_to_tsquery", arg: q, operators: true };
  const typing = !/\s$/.test(q);
  return {
    fn: "to_tsquery",
    arg: terms.map((t, i) => (typing && i === terms.length - 1 ? `${t}:*` : t)).join(" & "),
    operators: false,
  };
}

/** The app fences the scope (the user's own rows first, OFFSET 0) for searches; the variants
 *  for the findings: "unfenced" lets Postgres intersect with the whole table's GIN matches (the
 *  query before the fix), "no prefix" drops the :* */
function searchSql(q: string, variant: "app" | "unfenced" | "no prefix" = "app"): SqlCase {
  const tsBase = tsQuery(q);
  const ts = variant === "no prefix" ? { ...tsBase, arg: tsBase.arg.replace(/:\*$/, "") } : tsBase;
  const from =
    variant === "unfenced" ? "clips c" : `(SELECT * FROM clips c WHERE ${SCOPE} OFFSET 0) c`;
  const scope = SCOPE;
  const tsq = (n: number) => `${ts.fn}('english', $${n})`;
  return {
    name: q,
    probe: {
      text: `SELECT EXISTS (SELECT 1 FROM clips c WHERE ${SCOPE} AND c.search @@ ${tsq(2)}) AS found`,
      values: [ME, ts.arg],
    },
    steps: (found) => {
      const fuzzy = !found && !ts.operators && q.length >= 3;
      // sort "best": ts_rank_cd for full text, similarity() for the typo fallback
      const rank = fuzzy
        ? `similarity(c.title, $3)::float8`
        : `ts_rank_cd(c.search, ${tsq(3)})::float8`;
      const match = fuzzy ? `c.title % $2` : `c.search @@ ${tsq(2)}`;
      const arg = fuzzy ? q : ts.arg;
      return [
        {
          text: `SELECT ${COLUMNS}, ${rank} AS sort_value FROM ${from} JOIN users u ON u.id = c.owner_id
               WHERE ${scope} AND ${match} ORDER BY ${rank.replace("$3", "$4")} DESC, c.id DESC LIMIT 25`,
          values: [ME, arg, arg, arg],
        },
      ];
    },
  };
}

function listSql(
  filters: { model: string; vocal: boolean },
  cursor: { v: string; id: string } | null,
): SqlCase {
  return {
    name: "list",
    steps: () => [
      {
        text: `SELECT ${COLUMNS}, c.created_at AS sort_value FROM clips c JOIN users u ON u.id = c.owner_id
             WHERE ${SCOPE} AND c.model = $2 AND c.is_instrumental = $3 ${cursor ? `AND (c.created_at, c.id) < ($4::timestamptz, $5)` : ""}
             ORDER BY c.created_at DESC, c.id DESC LIMIT 25`,
        values: [ME, filters.model, !filters.vocal, ...(cursor ? [cursor.v, cursor.id] : [])],
      },
    ],
  };
}

// getClipPage: the clip where the viewer may see it (clipVisibleTo: own personal clip, a team
// they are in, or a team it was shared into), then, as Prisma 7 sends them (seen with
// BENCH_LOG_SQL=1), one statement per relation (owner, team, parent, task) and the clip's
// extensions and whole songs.
const VISIBLE = `((c.owner_id = $2 AND c.team_id IS NULL)
      OR EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = c.team_id AND m.user_id = $2)
      OR EXISTS (SELECT 1 FROM team_clip_shares s JOIN memberships m ON m.team_id = s.team_id WHERE s.clip_id = c.id AND m.user_id = $2))`;
function clipSql(
  id: string,
  relations: {
    ownerId: string;
    teamId: string | null;
    parentId: string | null;
    taskId: string | null;
  },
): SqlCase {
  return {
    name: "clip",
    steps: () => [
      {
        text: `SELECT c.id, c.title, c.tags, c.negative_tags, c.lyrics, c.description, c.model, c.major_model_version, c.duration, c.status::text,
                 c.clip_type, c.is_instrumental, c.trashed_at, c.created_at, c.completed_at, c.continue_at, c.concat_history,
                 c.error_message, c.archive_status::text, c.archive_error, c.image_url, c.video_url, c.owner_id, c.team_id, c.parent_clip_id, c.task_id
               FROM clips c WHERE c.id = $1 AND ${VISIBLE} LIMIT 1`,
        values: [id, relations.ownerId],
      },
      { text: `SELECT id, name FROM users WHERE id IN ($1)`, values: [relations.ownerId] },
      ...(relations.teamId
        ? [{ text: `SELECT id, name FROM teams WHERE id IN ($1)`, values: [relations.teamId] }]
        : []),
      ...(relations.parentId
        ? [{ text: `SELECT id, title FROM clips WHERE id IN ($1)`, values: [relations.parentId] }]
        : []),
      ...(relations.taskId
        ? [
            {
              text: `SELECT id, operation::text FROM tasks WHERE id IN ($1)`,
              values: [relations.taskId],
            },
          ]
        : []),
      {
        text: `SELECT c.id, c.title, c.continue_at FROM clips c WHERE c.parent_clip_id = $1 AND c.clip_type <> 'concat' AND ${VISIBLE} ORDER BY c.created_at`,
        values: [id, ME],
      },
      {
        text: `SELECT c.id, c.title FROM clips c WHERE c.parent_clip_id = $1 AND c.clip_type = 'concat' AND ${VISIBLE} ORDER BY c.created_at`,
        values: [id, ME],
      },
    ],
  };
}

async function runSql(client: pg.Client, sqlCase: SqlCase) {
  let found = true;
  if (sqlCase.probe)
    found = (await client.query(sqlCase.probe.text, sqlCase.probe.values)).rows[0].found;
  let rows = 0;
  for (const step of sqlCase.steps(found))
    rows = (await client.query(step.text, step.values)).rowCount ?? 0;
  return { found, rows };
}

async function measureSql(client: pg.Client, sqlCase: SqlCase) {
  for (let n = 0; n < WARMUP; n++) await runSql(client, sqlCase);
  const times: number[] = [];
  let result = { found: true, rows: 0 };
  for (let n = 0; n < REQUESTS; n++) {
    const started = process.hrtime.bigint();
    result = await runSql(client, sqlCase);
    times.push(ms(started));
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), ...result };
}

/** EXPLAIN ANALYZE of the statement that does the work (the page), reduced to its scans. */
async function explain(client: pg.Client, sqlCase: SqlCase) {
  const { found } = await runSql(client, sqlCase);
  const step = sqlCase.steps(found)[0]!;
  const { rows } = await client.query(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${step.text}`,
    step.values,
  );
  const plan = rows[0]["QUERY PLAN"][0];
  const scans: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    const type = String(node["Node Type"]);
    if ((/Scan/.test(type) && node["Relation Name"] === "clips") || node["Index Name"]) {
      scans.push(node["Index Name"] ? `${type.replace(" Scan", "")} ${node["Index Name"]}` : type);
    }
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(plan.Plan);
  const text = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${step.text}`, step.values)).rows
    .map((r) => r["QUERY PLAN"])
    .join("\n");
  return {
    summary: [...new Set(scans)].sort().join(" + "),
    executionMs: plan["Execution Time"] as number,
    text,
  };
}

// ---------------------------------------------------------------- first-load JS (as tests/e2e/budget.spec.ts)
async function firstLoadJs(
  base: string,
  cookie: string,
): Promise<{ scripts: number; kb: number } | null> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) return null;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext();
    await context.addCookies(
      cookie.split("; ").map((pair) => {
        const at = pair.indexOf("=");
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: base };
      }),
    );
    const page = await context.newPage();
    const urls = new Set<string>();
    page.on(
      "request",
      (request) => void (request.resourceType() === "script" && urls.add(request.url())),
    );
    await page.goto(`${base}/library`, { waitUntil: "networkidle" });
    if (!(await page.getByRole("heading", { name: "Library" }).isVisible()))
      throw new Error("the library page did not render in the browser");
    let total = 0;
    for (const url of urls) total += gzipSync(await (await page.request.get(url)).body()).length;
    return { scripts: urls.size, kb: total / 1024 };
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------- main
type Row = {
  name: string;
  url: string;
  kind: "search" | "list" | "clip";
  hits: string;
  api?: Awaited<ReturnType<typeof measureHttp>>;
  page?: Awaited<ReturnType<typeof measureHttp>>;
  sql: Awaited<ReturnType<typeof measureSql>>;
  plan: Awaited<ReturnType<typeof explain>>;
};

async function main() {
  const runStarted = new Date();
  const loadBefore = os.loadavg();
  if (process.env.BENCH_HOLD !== "1" && buildIsStale()) {
    say("the production build is missing or older than the sources: npm run build");
    const built = spawnSync("npm", ["run", "build"], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (built.status !== 0) throw new Error("npm run build failed");
  }

  const db = await startDatabase();
  say(
    `seeding ${int(USERS)} users, ${TEAMS} teams and ${int(CLIPS)} clips with COPY (${STREAMS} streams)`,
  );
  const seeded = await seed(db.url);
  console.table([seeded.facts]);
  if (process.env.BENCH_HOLD === "1") {
    // for trying queries by hand on the seeded data: Ctrl-C (or SIGTERM) cleans up
    say(`seeded; holding the database at ${db.url}`);
    await new Promise(() => {});
  }

  const mediaDir = mkdtempSync(path.join(tmpdir(), "chorus-bench-media-"));
  cleanups.push({
    name: "media folder",
    run: () => rmSync(mediaDir, { recursive: true, force: true }),
  });
  const next = await startNext(db.url, mediaDir);
  say(`next start on ${next.base}`);
  const cookie = await signIn(next.base);

  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  cleanups.push({ name: "pg client", run: () => client.end() });

  // the clip page: one of the heavy user's songs with lyrics that extends another and is extended
  const {
    rows: [clip],
  } = await client.query(
    `SELECT c.id, c.title, c.owner_id, c.team_id, c.parent_clip_id, c.task_id FROM clips c WHERE c.owner_id = $1 AND c.team_id IS NULL AND c.trashed_at IS NULL AND c.lyrics IS NOT NULL AND c.parent_clip_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM clips x WHERE x.parent_clip_id = c.id) ORDER BY c.created_at DESC LIMIT 1`,
    [ME],
  );
  if (!clip) throw new Error("no clip with a lineage to benchmark");

  // the 10th page: walk the API's cursor like the infinite scroll does
  const filters = { model: "chirp-v4", vocal: true };
  const listQuery = `model=${filters.model}&kind=vocal`;
  let cursor: string | null = null;
  for (let p = 1; p < 10; p++) {
    const r = await timedGet(
      `${next.base}/api/library?${listQuery}${cursor ? `&cursor=${cursor}` : ""}`,
      cookie,
    );
    cursor = (JSON.parse(r.body) as { nextCursor: string | null }).nextCursor;
    if (!cursor) throw new Error(`the filtered list has fewer than 10 pages (stopped at ${p})`);
  }
  const decoded = JSON.parse(Buffer.from(cursor!, "base64url").toString()) as {
    v: string;
    id: string;
  };

  const searches = [
    { name: "search: a word", q: "ocean" },
    { name: "search: a phrase", q: `"neon lights"` },
    { name: "search: a typo", q: "midnigt" },
  ];
  const cases: { name: string; kind: Row["kind"]; api?: string; page?: string; sql: SqlCase }[] = [
    ...searches.map((s) => ({
      name: s.name,
      kind: "search" as const,
      api: `/api/library?q=${encodeURIComponent(s.q)}`,
      page: `/library?q=${encodeURIComponent(s.q)}`,
      sql: searchSql(s.q),
    })),
    {
      name: "filtered list: page 1",
      kind: "list",
      api: `/api/library?${listQuery}`,
      page: `/library?${listQuery}`,
      sql: listSql(filters, null),
    },
    {
      name: "filtered list: page 10",
      kind: "list",
      api: `/api/library?${listQuery}&cursor=${cursor}`,
      sql: listSql(filters, decoded),
    },
    {
      name: "clip page",
      kind: "clip",
      page: `/clips/${clip.id}`,
      sql: clipSql(clip.id, {
        ownerId: ME,
        teamId: clip.team_id,
        parentId: clip.parent_clip_id,
        taskId: clip.task_id,
      }),
    },
  ];

  // the floor under every figure: a request through Next.js with no session and one SELECT 1
  say("measuring the baseline: /api/health");
  const baseline = await measureHttp(`${next.base}/api/health`, "");

  const rows: Row[] = [];
  // BENCH_TEAMS_ONLY=1: only the team-scale section (issue 21), not the older personal tables
  const teamsOnly = process.env.BENCH_TEAMS_ONLY === "1";
  for (const c of teamsOnly ? [] : cases) {
    say(`measuring ${c.name}`);
    if (process.env.BENCH_LOG_SQL)
      for (const u of [c.api, c.page]) if (u) await appStatements(client, next.base + u, cookie);
    const api = c.api ? await measureHttp(next.base + c.api, cookie) : undefined;
    const page = c.page ? await measureHttp(next.base + c.page, cookie) : undefined;
    const sql = await measureSql(client, c.sql);
    const plan = await explain(client, c.sql);
    let hits = "";
    if (c.kind === "search") {
      const body = JSON.parse(api!.body) as { clips: unknown[]; fuzzy: boolean };
      if (body.clips.length !== Math.min(sql.rows, 24))
        throw new Error(
          `${c.name}: the app returned ${body.clips.length} clips, the SQL ${sql.rows}`,
        );
      const q = searches.find((s) => s.name === c.name)!.q;
      const ts = tsQuery(q);
      const {
        rows: [count],
      } = await client.query(
        body.fuzzy
          ? `SELECT count(*)::int AS n FROM clips c WHERE ${SCOPE} AND c.title % $2`
          : `SELECT count(*)::int AS n FROM clips c WHERE ${SCOPE} AND c.search @@ ${ts.fn}('english', $2)`,
        [ME, body.fuzzy ? q : ts.arg],
      );
      const {
        rows: [all],
      } = await client.query(
        body.fuzzy
          ? `SELECT count(*)::int AS n FROM clips WHERE title % $1`
          : `SELECT count(*)::int AS n FROM clips WHERE search @@ ${ts.fn}('english', $1)`,
        [body.fuzzy ? q : ts.arg],
      );
      hits = `${int(count.n)} of the user's clips${body.fuzzy ? " (title trigram fallback)" : ""}; ${int(all.n)} in all`;
    } else if (c.kind === "list") {
      const body = JSON.parse(api!.body) as { clips: { id: string }[] };
      if (body.clips.length !== Math.min(sql.rows, 24))
        throw new Error(
          `${c.name}: the app returned ${body.clips.length} clips, the SQL ${sql.rows}`,
        );
      const {
        rows: [count],
      } = await client.query(
        `SELECT count(*)::int AS n FROM clips c WHERE ${SCOPE} AND c.model = $2 AND NOT c.is_instrumental`,
        [ME, filters.model],
      );
      hits = `${int(count.n)} matching clips`;
    } else {
      if (!page!.body.includes(clip.title.replaceAll("&", "&amp;")))
        throw new Error("the clip page does not show the clip's title");
      hits = `"${clip.title}"`;
    }
    rows.push({ name: c.name, url: c.api ?? c.page!, kind: c.kind, hits, api, page, sql, plan });
    console.log(
      `  ${c.name}: api ${api ? `${fmt(api.ttfbP50)}/${fmt(api.ttfbP95)}` : "-"} ms, page ttfb ${page ? `${fmt(page.ttfbP50)}/${fmt(page.ttfbP95)}` : "-"} ms, page complete ${page ? `${fmt(page.totalP50)}/${fmt(page.totalP95)}` : "-"} ms, sql ${fmt(sql.p50)}/${fmt(sql.p95)} ms; ${plan.summary}`,
    );
    if (process.env.BENCH_PLANS) console.log(plan.text);
  }

  const teamRows = await measureTeams(client, next.base, cookie);
  await writeBenchmarkSection("library-teams", teamSection(teamRows, seeded, runStarted));

  if (teamsOnly) return;
  const experiments =
    process.env.BENCH_EXPERIMENTS === "0"
      ? []
      : await runExperiments(client, next.base, cookie, searches);

  const stability = await planStability(client, searches);

  const js = await firstLoadJs(next.base, cookie).catch(
    (error) => (console.error("first-load JS not measured:", error), null),
  );
  if (js) say(`library first-load JS: ${js.scripts} scripts, ${js.kb.toFixed(1)} KB gzipped`);
  const loadAfter = os.loadavg();
  await writeResults({
    seeded,
    rows,
    js,
    baseline,
    experiments,
    stability,
    runStarted,
    loadBefore,
    loadAfter,
  });
}

// ---------------------------------------------------------------- team scale (issue 21)
/**
 * The SQL time of the app's own statements for one request, as Postgres measured it: every
 * statement is logged with its duration (parse, bind and execute each) while the request
 * runs, then a marker statement closes the request's share of the log. Nothing is mirrored by
 * hand, so the figure is the same SQL the app sent, session lookup and authorization included.
 */
async function appSql(client: pg.Client, url: string, cookie: string, runs: number) {
  await client.query(`ALTER SYSTEM SET log_min_duration_statement = 0`);
  await client.query(`SELECT pg_reload_conf()`);
  await new Promise((r) => setTimeout(r, 300));
  const times: number[] = [];
  const statements: number[] = [];
  try {
    for (let n = 0; n < runs + 3; n++) {
      serverLog = "";
      const response = await timedGet(url, cookie);
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
      const marker = `bench-mark-${n}-${Date.now()}`;
      await client.query(`SELECT '${marker}'`);
      const deadline = Date.now() + 5000;
      while (!serverLog.includes(marker) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 5));
      const lines = serverLog
        .slice(0, serverLog.indexOf(marker))
        .split("\n")
        .filter(
          (l) =>
            /duration: [\d.]+ ms/.test(l) && !/bench-mark-|pg_reload_conf|ALTER SYSTEM/.test(l),
        );
      if (n < 3) continue; // warm-up
      times.push(lines.reduce((sum, l) => sum + Number(/duration: ([\d.]+) ms/.exec(l)![1]), 0));
      statements.push(lines.filter((l) => /execute|statement:/.test(l)).length);
    }
  } finally {
    await client.query(`ALTER SYSTEM RESET log_min_duration_statement`);
    await client.query(`SELECT pg_reload_conf()`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    statements: percentile(statements, 50),
  };
}

type TeamRow = {
  scope: string;
  name: string;
  url: string;
  hits: string;
  http: Awaited<ReturnType<typeof measureHttp>>;
  sql: Awaited<ReturnType<typeof appSql>>;
  target: number | null;
};

/** The team cases (and the personal searches again, for the same SQL measure) over HTTP. */
async function measureTeams(client: pg.Client, base: string, cookie: string) {
  const SQL_RUNS = Number(process.env.BENCH_SQL_RUNS ?? 40);
  const rows: TeamRow[] = [];
  const api = (team: string | null, query: string) =>
    `/api/library?${team ? `team=${team}&` : ""}${query}`;
  const searches = [
    { name: "search: a word", q: "ocean" },
    { name: "search: a phrase", q: `"neon lights"` },
    { name: "search: a typo", q: "midnigt" },
    { name: "search: a rare word (1 clip in 100)", q: "163" },
    { name: "search: a word absent from the workspace", q: "xylophone" },
  ];
  const scopes = [
    { scope: "personal (1 user)", slug: null as string | null, target: 20 },
    ...bigTeams.map((t) => ({
      scope: `team of ${int(t.clips)}`,
      slug: t.slug as string | null,
      target: t.clips >= 1_000_000 ? 60 : 20,
    })),
  ];
  for (const { scope, slug, target } of scopes) {
    const cases: { name: string; url: string; target: number | null }[] = [
      ...searches.map((s) => ({
        name: s.name,
        url: api(slug, `q=${encodeURIComponent(s.q)}`),
        target,
      })),
      {
        name: "filtered list (v4, vocal)",
        url: api(slug, "model=chirp-v4&kind=vocal"),
        target: null,
      },
      { name: "liked by anyone (the audience)", url: api(slug, "liked=any"), target: null },
      { name: "liked by me", url: api(slug, "liked=me"), target: null },
      {
        // the smart playlist's rules as a library filter (one page of 48, stacked takes)…
        name: "the smart playlist's rules as a library filter",
        url: api(slug, "rated=4&rater=any&model=chirp-hawk&max=180"),
        target: null,
      },
      {
        // …and the smart playlist itself: its page runs smartPlaylistSongs (up to 100 songs,
        // every take, keyset pages of the library's search)
        name: "smart playlist page: rated 4+ by anyone, v6, under 3 min (complete HTML)",
        url: `/playlists/${smartPlaylistId(slug)}`,
        target: null,
      },
      ...(slug
        ? [{ name: "team library page (complete HTML)", url: `/teams/${slug}`, target: null }]
        : []),
    ];
    for (const c of cases) {
      say(`team scale: ${scope}: ${c.name}`);
      const http = await measureHttp(base + c.url, cookie);
      const sql = await appSql(client, base + c.url, cookie, SQL_RUNS);
      let hits = "";
      if (c.url.startsWith("/api/")) {
        const body = JSON.parse(http.body) as {
          clips: unknown[];
          fuzzy: boolean;
          nextCursor: unknown;
        };
        hits = `${body.clips.length}${body.nextCursor ? "+" : ""}${body.fuzzy ? " (typo fallback)" : ""}`;
      } else if (c.url.startsWith("/playlists/")) {
        hits = `${new Set(http.body.match(/\/clips\/[\w-]+/g) ?? []).size} songs`;
      }
      rows.push({ scope, ...c, hits, http, sql });
      console.log(
        `  ${scope} / ${c.name}: http ${fmt(http.totalP50)}/${fmt(http.totalP95)} ms, app SQL ${fmt(sql.p50)}/${fmt(sql.p95)} ms (${sql.statements} statements), ${hits}`,
      );
    }
  }
  return rows;
}

function teamSection(rows: TeamRow[], seeded: Awaited<ReturnType<typeof seed>>, started: Date) {
  const breakdown = rows.flatMap((r) => {
    const t = r.http.server;
    if (!t) return [];
    return [
      `| ${r.scope} | ${r.name} | ${fmt(r.http.totalP50)} | ${fmt(t.total ?? 0)} | ${fmt(t.auth ?? 0)} | ${fmt(t.db ?? 0)} | ${fmt(t.app ?? 0)} | ${fmt(t.next ?? 0)} |`,
    ];
  });
  const table = rows.map((r) => {
    const verdict =
      r.target === null
        ? "–"
        : r.http.totalP95 <= r.target
          ? `≤ ${r.target}: yes`
          : `≤ ${r.target}: **no**`;
    return `| ${r.scope} | ${r.name} | \`${r.url}\` | ${r.hits} | ${fmt(r.http.totalP50)} / ${fmt(r.http.totalP95)} | ${fmt(r.sql.p50)} / ${fmt(r.sql.p95)} | ${r.sql.statements} | ${fmt(r.http.totalP95 - r.sql.p95)} | ${verdict} |`;
  });
  return `## Library at team scale (\`npm run bench:library\`, issue 21)

Command: \`${process.env.BENCH_COMMAND ?? "npm run bench:library"}\` (\`BENCH_TEAM_CLIPS\` sizes the big team;
\`BENCH_HUGE_TEAM=1\` adds the 1,000,000-clip team).

**Data set.** The library benchmark's ${int(CLIPS)} clips, plus ${bigTeams.map((t) => `a ${int(t.clips)}-clip team (\`${t.slug}\`, ${t.members} members, the benchmark user one of them)`).join(" and ")}:
the same generator's titles, tags and lyrics, each member liking about 1 in 50 of the team's songs
(the benchmark user 1 in 250) and rating 1 in 40, and 1,000 of the members' personal songs shared into the team.
Seeding: the big teams' ${int(seeded.teamClips)} clips by COPY in ${seeded.teamCopySeconds.toFixed(1)} s, their reactions and shares in
${seeded.reactionsSeconds.toFixed(1)} s; ${seeded.totalSeconds.toFixed(1)} s to a ready database in all (indexes ${seeded.indexSeconds.toFixed(1)} s).

**Method.** The production build over HTTP, signed in as the benchmark user, ${WARMUP} warm-up requests then
${REQUESTS} sequential ones: "HTTP" is the complete response. "App SQL" is Postgres's own duration of every statement the
app sent for one such request (logged with \`log_min_duration_statement = 0\` in separate runs, parse, bind and execute
summed; the session lookup and authorization included), so no statement is mirrored by hand. "HTTP − SQL" is p95 minus p95.
Times in ms, p50 / p95.

| scope | query | URL | rows | HTTP p50 / p95 | app SQL p50 / p95 | statements | HTTP − SQL (p95) | search target |
|---|---|---|---|---|---|---|---|---|
${table.join("\n")}

**Where the time goes** (p50 of each request's own \`Server-Timing\`, lib/server-timing.ts, in the same runs):
"auth" is the session (Auth.js's cookie and the user's row), "db" every other statement the handler sent (the pool's
own clock, so waiting for a connection counts), "app" the rest of the handler (building the query, shaping rows, JSON),
"Next.js" the client's complete time minus the handler's (routing, the response's trip, the event loop).

| scope | query | HTTP p50 | handler | auth | db | app | Next.js |
|---|---|---|---|---|---|---|---|
${breakdown.join("\n")}

Measured ${started.toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version},
load average ${os.loadavg()[0]!.toFixed(1)} at the end (the machine is shared with other agents; the tails carry their noise).`;
}

// ---------------------------------------------------------------- what would fix the search misses
type Experiment = {
  fix: string;
  query: string;
  api?: { p50: number; p95: number };
  sql: { p50: number; p95: number };
  plan: string;
};
async function runExperiments(
  client: pg.Client,
  base: string,
  cookie: string,
  searches: { name: string; q: string }[],
): Promise<Experiment[]> {
  const out: Experiment[] = [];
  const record = async (
    fix: string,
    s: { name: string; q: string },
    sqlCase: SqlCase,
    viaApp: boolean,
  ) => {
    const sql = await measureSql(client, sqlCase);
    const plan = await explain(client, sqlCase);
    const api = viaApp
      ? await measureHttp(`${base}/api/library?q=${encodeURIComponent(s.q)}`, cookie)
      : undefined;
    out.push({
      fix,
      query: s.name,
      sql,
      plan: plan.summary,
      api: api && { p50: api.ttfbP50, p95: api.ttfbP95 },
    });
    console.log(
      `  ${fix} / ${s.name}: sql ${fmt(sql.p50)}/${fmt(sql.p95)} ms${api ? `, api ${fmt(api.ttfbP50)}/${fmt(api.ttfbP95)} ms` : ""}; ${plan.summary} (${fmt(plan.executionMs)} ms)`,
    );
    if (process.env.BENCH_PLANS) console.log(plan.text);
  };
  say("findings: the searches without the scope fence (the query before the fix)");
  for (const s of searches)
    await record("query: unfenced (before the fix)", s, searchSql(s.q, "unfenced"), false);
  // the planner's choice: with the default random_page_cost (4) a heap page costs 4x a
  // sequential one, so it prefers intersecting with the GIN bitmap to fetch fewer rows
  say("findings: random_page_cost = 1.1 (data in memory or on SSD), the app unchanged");
  const reload = async (sql: string) => (
    await client.query(sql),
    await client.query(`SELECT pg_reload_conf()`),
    await new Promise((r) => setTimeout(r, 500))
  );
  await reload(`ALTER SYSTEM SET random_page_cost = 1.1`);
  for (const s of searches)
    await record("setting: random_page_cost = 1.1", s, searchSql(s.q), true);
  await reload(`ALTER SYSTEM RESET random_page_cost`);
  for (const s of searches.filter((x) => x.name === "search: a word"))
    await record("query: exact word, no :* prefix", s, searchSql(s.q, "no prefix"), false);
  // the /library page's model menu (libraryModels): Prisma's `distinct` sends every one of the
  // user's clips (id, model) and de-duplicates in Node; DISTINCT in SQL returns 5 rows
  say("findings: the model menu of the /library page");
  const models = (text: string): SqlCase => ({
    name: "models",
    steps: () => [{ text, values: [ME] }],
  });
  for (const [fix, text] of [
    [
      "the app: Prisma distinct (every row to Node)",
      `SELECT c.id, c.model FROM clips c WHERE ${SCOPE} AND c.model IS NOT NULL ORDER BY c.model ASC OFFSET 0`,
    ],
    [
      "query: SELECT DISTINCT model",
      `SELECT DISTINCT c.model FROM clips c WHERE ${SCOPE} AND c.model IS NOT NULL ORDER BY c.model`,
    ],
  ] as const) {
    const sql = await measureSql(client, models(text));
    const plan = await explain(client, models(text));
    out.push({
      fix,
      query: "model menu (/library page)",
      sql,
      plan: `${plan.summary}; ${int(sql.rows)} rows to the app`,
    });
    console.log(
      `  ${fix}: sql ${fmt(sql.p50)}/${fmt(sql.p95)} ms, ${sql.rows} rows; ${plan.summary}`,
    );
  }
  // a throwaway database: trying an index here changes nothing in prisma/migrations
  say(
    "findings: a composite GIN index (btree_gin) on (owner_id, search), partial on the personal scope",
  );
  const started = process.hrtime.bigint();
  await client.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
  await client.query(`SET maintenance_work_mem = '1GB'`);
  await client.query(
    `CREATE INDEX clips_personal_search_idx ON clips USING gin (owner_id, search) WHERE team_id IS NULL AND trashed_at IS NULL`,
  );
  await client.query(`ANALYZE clips`);
  say(`  built in ${seconds(started).toFixed(1)} s`);
  for (const s of searches.filter((x) => x.name !== "search: a typo"))
    await record("index: gin (owner_id, search)", s, searchSql(s.q), true);
  await client.query(`DROP INDEX clips_personal_search_idx`);
  return out;
}

/** ANALYZE samples 30,000 random rows, so each run's statistics differ a little: re-sample a
 *  few times and record which plan each search gets, and what it then costs. */
const SAMPLES = Number(process.env.BENCH_ANALYZE_SAMPLES ?? 5);
type Stability = { query: string; plans: Map<string, number[]> };
async function planStability(
  client: pg.Client,
  searches: { name: string; q: string }[],
): Promise<Stability[]> {
  say(`plan stability: ${SAMPLES} fresh ANALYZE samples`);
  const out: Stability[] = searches.map((s) => ({ query: s.name, plans: new Map() }));
  for (let n = 0; n < SAMPLES; n++) {
    await client.query(`ANALYZE clips`);
    for (const [k, s] of searches.entries()) {
      const plan = await explain(client, searchSql(s.q));
      out[k]!.plans.set(plan.summary, [
        ...(out[k]!.plans.get(plan.summary) ?? []),
        plan.executionMs,
      ]);
    }
  }
  for (const r of out)
    for (const [plan, times] of r.plans)
      console.log(`  ${r.query}: ${times.length}× ${plan} (${times.map(fmt).join(", ")} ms)`);
  return out;
}

// ---------------------------------------------------------------- the report
function appTime(row: Row) {
  // the app's time for the request: the JSON API's TTFB (its body is complete by then), or
  // the clip page's complete response (its headers leave with the loading shell)
  return row.api
    ? { p50: row.api.ttfbP50, p95: row.api.ttfbP95 }
    : { p50: row.page!.totalP50, p95: row.page!.totalP95 };
}

async function writeResults(r: {
  seeded: Awaited<ReturnType<typeof seed>>;
  rows: Row[];
  js: { scripts: number; kb: number } | null;
  experiments: Experiment[];
  stability: Stability[];
  baseline: Awaited<ReturnType<typeof measureHttp>>;
  runStarted: Date;
  loadBefore: number[];
  loadAfter: number[];
}) {
  const { seeded, rows, js } = r;
  const f = seeded.facts;
  const verdicts: string[] = [];
  const table = rows.map((row) => {
    const app = appTime(row);
    const ratio = app.p95 / row.sql.p95;
    const checks: string[] = [];
    if (row.kind === "search") checks.push(`p95 ≤ 50 ms: ${app.p95 <= 50 ? "yes" : "**no**"}`);
    if (row.kind === "list") {
      const ttfb = Math.max(row.api?.ttfbP95 ?? 0, row.page?.ttfbP95 ?? 0);
      checks.push(`TTFB p95 ≤ 100 ms: ${ttfb <= 100 ? "yes" : "**no**"}`);
    }
    checks.push(`≤ 2× SQL: ${ratio <= 2 ? "yes" : "**no**"}`);
    if (checks.some((c) => c.includes("**no**"))) verdicts.push(row.name);
    const pair = (a?: number, b?: number) =>
      a === undefined || b === undefined ? "–" : `${fmt(a)} / ${fmt(b)}`;
    return `| ${row.name} | \`${row.url.replace(/cursor=[^&]+/, "cursor=…")}\` | ${row.hits} | ${pair(row.api?.ttfbP50, row.api?.ttfbP95)} | ${pair(row.page?.ttfbP50, row.page?.ttfbP95)} | ${pair(row.page?.totalP50, row.page?.totalP95)} | ${pair(row.sql.p50, row.sql.p95)} | ${ratio.toFixed(1)}× | ${checks.join("; ")} | ${row.plan.summary} |`;
  });
  const jsLine = js
    ? `**${js.kb.toFixed(1)} KB** gzipped in ${js.scripts} scripts (budget 180 KB: ${js.kb <= 180 ? "met" : "**missed**"}), measured as \`tests/e2e/budget.spec.ts\` does (every script a fresh, signed-in Chromium loads for \`/library\`, gzipped), here with the heavy user's full library`
    : "not measured (no Chromium at CHROMIUM_PATH or /usr/bin/chromium)";
  const cpu = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM`;
  await writeBenchmarkSection(
    "library",
    `## Library at ${int(CLIPS)} clips (\`npm run bench:library\`)

Command: \`npm run bench:library\` (quick run: \`BENCH_CLIPS=100000 BENCH_REQUESTS=50 npm run bench:library\`).

**Data set.** ${int(USERS)} users, ${TEAMS} teams with ${int(f.memberships)} memberships, ${int(f.clips)} clips (table ${f.size} with its indexes:
heap ${f.heap}, full-text GIN index ${f.gin}). Titles, style tags, lyrics (2-4 sections, 80% of clips) and descriptions (30%)
are generated from word lists with a seeded PRNG, so every run has the same data; 5 models, durations of 30-240 s,
creation dates spread over a year and inserted in time order, 12% of a team member's clips in a team, 1% trashed.
The benchmark user is a heavy user: ${int(f.mine)} personal clips (every ${benchEvery(CLIPS)}th clip, scattered over the whole table), and
${int(f.team_clips)} clips in their 3 teams (${int(f.all_team_clips)} team clips in all).

**Seeding.** \`COPY … FROM STDIN\` (pg-copy-streams) in ${STREAMS} parallel streams: ${int(CLIPS)} clips in ${seeded.copySeconds.toFixed(1)} s,
**${int(Math.round(CLIPS / seeded.copySeconds))} rows/s**, Postgres computing the generated \`search\` tsvector of each row as it arrives.
The clips' indexes and foreign keys are dropped for the load and rebuilt afterwards from their own definitions
(${seeded.indexSeconds.toFixed(1)} s; checked identical to the migration's), then \`VACUUM (ANALYZE)\` (${seeded.vacuumSeconds.toFixed(1)} s):
${seeded.totalSeconds.toFixed(1)} s from the first row to a ready database.

**Method.** A throwaway embedded PostgreSQL 18 (server defaults: shared_buffers 128 MB; only max_wal_size, checkpoint_timeout and
maintenance_work_mem are raised, for the load) and the production build (\`next start\`) on loopback, signed in over HTTP
as the benchmark user. Each query: ${WARMUP} warm-up requests, then ${REQUESTS} sequential ones on a keep-alive connection.
"API" is the TTFB of the JSON route \`/api/library\` (its body is complete by then): the server time of the library
query. "Page TTFB" is the time to the response headers of the server-rendered page; \`app/(app)/library/loading.tsx\` makes
Next.js send them with the loading shell, before the data, so "page complete" (the whole streamed HTML) is the figure
that includes the query. "SQL" is the same query through \`pg\` on one connection, as \`lib/library/search.ts\` builds it
(the full-text probe, then the page: same WHERE, ORDER BY and LIMIT 25), for the clip page as \`getClipPage\` does.
Ratio = app p95 / SQL p95, with the app's time being the API TTFB, or the complete clip page. All times in ms, p50 / p95.

| query | URL | matches | API p50 / p95 | page TTFB p50 / p95 | page complete p50 / p95 | SQL p50 / p95 | ratio | targets | plan (EXPLAIN ANALYZE) |
|---|---|---|---|---|---|---|---|---|---|
${table.join("\n")}

Targets: search p95 ≤ 50 ms of server time; list TTFB p95 ≤ 100 ms; the app at most 2× the raw SQL for the same query.
${verdicts.length ? `Missed: ${verdicts.join(", ")} (see the findings below).` : "All met."}
Baseline, the floor under every app figure: \`GET /api/health\` (Next.js routing, no session, one \`SELECT 1\`) answers in
${fmt(r.baseline.ttfbP50)} / ${fmt(r.baseline.ttfbP95)} ms.

Plan stability: the searches' plans under ${SAMPLES} fresh \`ANALYZE\` samples of the same data (EXPLAIN ANALYZE, the page statement):

| query | plan | chosen | execution (ms) |
|---|---|---|---|
${r.stability.flatMap((x) => [...x.plans].map(([plan, times]) => `| ${x.query} | ${plan} | ${times.length} of ${SAMPLES} | ${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)} |`)).join("\n")}

${
  r.experiments.length
    ? `Candidate fixes for the searches, tried on the same data (the index in this throwaway database only; the
app's own query and migrations unchanged; "API" is the app, unchanged, with the index present):

| candidate | query | API p50 / p95 | SQL p50 / p95 | plan |
|---|---|---|---|---|
${r.experiments.map((e) => `| ${e.fix} | ${e.query} | ${e.api ? `${fmt(e.api.p50)} / ${fmt(e.api.p95)}` : "–"} | ${fmt(e.sql.p50)} / ${fmt(e.sql.p95)} | ${e.plan} |`).join("\n")}
`
    : ""
}
**First-load JS of the library page:** ${jsLine}.

Measured ${r.runStarted.toISOString().slice(0, 10)} on ${cpu}, Node ${process.version}, shared with other processes
(load average ${r.loadBefore[0]!.toFixed(1)} before the run, ${r.loadAfter[0]!.toFixed(1)} after), so the tails carry some noise.`,
  );
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup();
  agent.destroy();
}
process.exit(process.exitCode ?? 0);
