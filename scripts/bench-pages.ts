// `npm run bench:pages`: the server time of the heavier pages (a clip, a team's library, its
// members and its audit log, and History, Credits, Settings) against the library's, in the
// production build (issue 17, item 9: each at most 1.5x the library). Seeds a throwaway
// embedded PostgreSQL with the library benchmark's data set (scripts/lib/library-seed.ts, at
// BENCH_CLIPS clips) plus a busy team (an audit log, invites, a ledger), serves `next start`,
// signs in as the heavy user and times each page complete (the whole streamed HTML) over
// BENCH_REQUESTS sequential requests on one keep-alive connection. With BENCH_LOG_SQL=1 it
// prints the statements each page sends, with Postgres's durations. Writes docs/BENCHMARKS.md.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

import { writeBenchmarkSection } from "./lib/bench-support.ts";
import { findFreePort, startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import {
  BENCH_PASSWORD,
  BENCH_USER_EMAIL,
  CLIP_COLUMNS,
  clipRow,
  copyLine,
  teamsAndMemberships,
  userId,
  userRow,
  USERS,
} from "./lib/library-seed.ts";
import { migrate } from "./lib/migrate.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const CLIPS = Number(process.env.BENCH_CLIPS ?? 200_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 15);
const AUDIT_EVENTS = 5_000;
const LEDGER_ROWS = 3_000;
const ME = userId(0);
const TARGET = 1.5;

const say = (message: string) => console.log(`\x1b[35m[bench:pages]\x1b[0m ${message}`);
const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup() {
  for (const run of cleanups.reverse()) await Promise.resolve(run()).catch(() => {});
}

let serverLog = "";

async function copyInto(client: pg.Client, sql: string, lines: Iterable<string>) {
  function* batched() {
    let buffer = "";
    for (const line of lines) {
      buffer += line;
      if (buffer.length >= 256 * 1024) {
        yield buffer;
        buffer = "";
      }
    }
    if (buffer) yield buffer;
  }
  await pipeline(Readable.from(batched(), { objectMode: false }), client.query(copyFrom(sql)));
}

async function seed(url: string) {
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  const { hashPassword } = await import("../lib/auth/password.ts");
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const { teams, memberships, teamsOf } = teamsAndMemberships();
  const now = new Date().toISOString();
  await copyInto(
    sql,
    `COPY users (id, name, email, password_hash, created_at, updated_at) FROM STDIN`,
    Array.from({ length: USERS }, (_, u) => copyLine(userRow(u, u === 0 ? passwordHash : null))),
  );
  await copyInto(
    sql,
    `COPY teams (id, name, slug, created_at, updated_at) FROM STDIN`,
    teams.map((t) => copyLine([t.id, t.name, t.slug, now, now])),
  );
  await copyInto(
    sql,
    `COPY memberships (id, team_id, user_id, role, created_at, updated_at) FROM STDIN`,
    memberships.map((m) => copyLine([m.id, m.team, m.user, m.role, now, now])),
  );
  function* clips() {
    for (let i = 0; i < CLIPS; i++) yield copyLine(clipRow(i, CLIPS, teamsOf));
  }
  await copyInto(sql, `COPY clips (${CLIP_COLUMNS.join(", ")}) FROM STDIN`, clips());

  // the heavy user's busiest team: they own it; it has a long audit log, open invites, a ledger
  const {
    rows: [team],
  } = await sql.query<{ id: string; slug: string }>(
    `SELECT t.id, t.slug FROM teams t JOIN memberships m ON m.team_id = t.id AND m.user_id = $1
     ORDER BY (SELECT count(*) FROM clips c WHERE c.team_id = t.id) DESC LIMIT 1`,
    [ME],
  );
  await sql.query(`UPDATE memberships SET role = 'OWNER' WHERE user_id = $1 AND team_id = $2`, [
    ME,
    team!.id,
  ]);
  await sql.query(
    `INSERT INTO audit_events (id, team_id, actor_id, action, target_type, target_id, data, created_at)
     SELECT 'bench-audit-' || g, $1, m.user_id,
       (ARRAY['INVITE_CREATED','MEMBER_JOINED','CLIP_SHARED','MEMBER_ROLE_CHANGED','CREDITS_ADDED']
         )[1 + g % 5]::"AuditAction",
       'user', m.user_id, jsonb_build_object('name', 'Someone', 'role', 'MEMBER', 'amount', 10),
       now() - make_interval(mins => g)
     FROM generate_series(1, $2) g
     JOIN LATERAL (SELECT user_id FROM memberships WHERE team_id = $1
                   ORDER BY user_id OFFSET g % 3 LIMIT 1) m ON true`,
    [team!.id, AUDIT_EVENTS],
  );
  await sql.query(
    `INSERT INTO invites (id, team_id, created_by_id, token_hash, role, max_uses, use_count, expires_at)
     SELECT 'bench-invite-' || g, $1, $2, md5('bench-invite-' || g), 'MEMBER', 1, 0,
       now() + interval '7 days'
     FROM generate_series(1, 20) g`,
    [team!.id, ME],
  );
  await sql.query(
    `INSERT INTO ledger_entries (id, user_id, team_id, kind, amount, balance_after, note, created_at)
     SELECT 'bench-ledger-' || g, $1, CASE WHEN g % 2 = 0 THEN $2 END, 'CHARGE', -10, 1000,
       'a song', now() - make_interval(mins => g)
     FROM generate_series(1, $3) g`,
    [ME, team!.id, LEDGER_ROWS],
  );
  await sql.query(`VACUUM (ANALYZE)`);
  // a team song of the heavy user with lyrics, for the clip page
  const {
    rows: [clip],
  } = await sql.query<{ id: string }>(
    `SELECT id FROM clips WHERE team_id = $1 AND trashed_at IS NULL AND lyrics IS NOT NULL
     ORDER BY created_at DESC LIMIT 1`,
    [team!.id],
  );
  const {
    rows: [facts],
  } = await sql.query(
    `SELECT (SELECT count(*) FROM clips)::int AS clips,
       (SELECT count(*) FROM clips WHERE owner_id = $1 AND team_id IS NULL)::int AS personal,
       (SELECT count(*) FROM clips WHERE team_id = $2)::int AS team_clips,
       (SELECT count(*) FROM memberships WHERE team_id = $2)::int AS members`,
    [ME, team!.id],
  );
  await sql.end();
  return { team: team!, clipId: clip!.id, facts };
}

async function startNext(databaseUrl: string) {
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const mediaDir = mkdtempSync(path.join(tmpdir(), "chorus-bench-pages-media-"));
  cleanups.push(() => rmSync(mediaDir, { recursive: true, force: true }));
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        AUTH_URL: base,
        NEXT_TELEMETRY_DISABLED: "1",
        SUNO_API_KEYS: "",
        SWEEP_INTERVAL_SECONDS: "0",
        MEDIA_DIR: mediaDir,
      },
    },
  );
  child.stdout?.on("data", (c) => (output = (output + c).slice(-8000)));
  child.stderr?.on("data", (c) => (output = (output + c).slice(-8000)));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.on("exit", () => resolve());
        try {
          process.kill(-child.pid!, "SIGTERM");
        } catch {
          resolve();
        }
      }),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`);
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`next start did not answer:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return base;
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
    body: new URLSearchParams({ csrfToken, email: BENCH_USER_EMAIL, password: BENCH_PASSWORD }),
    redirect: "manual",
  });
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]!);
  if (!cookies.some((c) => c.includes("session-token"))) throw new Error("sign-in failed");
  return [csrfCookie, ...cookies].join("; ");
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function timedGet(url: string, cookie: string) {
  return new Promise<{ ttfb: number; total: number; status: number; body: string }>(
    (resolve, reject) => {
      const started = process.hrtime.bigint();
      http
        .get(url, { agent, headers: { cookie, accept: "text/html" } }, (res) => {
          const ttfb = ms(started);
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({
              ttfb,
              total: ms(started),
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString(),
            }),
          );
          res.on("error", reject);
        })
        .on("error", reject);
    },
  );
}

async function measure(url: string, cookie: string, mustShow: string) {
  for (let n = 0; n < WARMUP; n++) {
    const r = await timedGet(url, cookie);
    if (r.status !== 200 || !r.body.includes(mustShow))
      throw new Error(`GET ${url}: ${r.status}, without "${mustShow}": ${r.body.slice(0, 300)}`);
  }
  const ttfb: number[] = [];
  const total: number[] = [];
  for (let n = 0; n < REQUESTS; n++) {
    const r = await timedGet(url, cookie);
    if (r.status !== 200) throw new Error(`GET ${url} answered ${r.status}`);
    ttfb.push(r.ttfb);
    total.push(r.total);
  }
  return {
    ttfbP50: percentile(ttfb, 50),
    ttfbP95: percentile(ttfb, 95),
    p50: percentile(total, 50),
    p95: percentile(total, 95),
  };
}

/** The statements one request sends, with Postgres's own durations (BENCH_LOG_SQL=1). */
async function statements(url: string, cookie: string, admin: pg.Client) {
  await admin.query(`ALTER SYSTEM SET log_min_duration_statement = 0`);
  await admin.query(`SELECT pg_reload_conf()`);
  await new Promise((r) => setTimeout(r, 300));
  serverLog = "";
  await timedGet(url, cookie);
  await new Promise((r) => setTimeout(r, 300));
  await admin.query(`ALTER SYSTEM RESET log_min_duration_statement`);
  await admin.query(`SELECT pg_reload_conf()`);
  const lines = serverLog.split("\n").filter((l) => /duration:/.test(l) && !/ALTER|reload/.test(l));
  console.log(
    `  ${url}:\n${lines.map((l) => `    ${l.replace(/^.*?LOG:\s*/, "").slice(0, 300)}`).join("\n")}`,
  );
}

async function main() {
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    say("no production build: npm run build");
    const built = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    if (built.status !== 0) throw new Error("npm run build failed");
  }
  const loadBefore = os.loadavg()[0]!;
  const dir = mkdtempSync(path.join(tmpdir(), "chorus-bench-pages-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const database = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    port: await findFreePort(),
    database: "chorus_bench_pages",
    persistent: false,
    log: (line) => void (serverLog += line),
  });
  cleanups.push(database.stop);
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
  await migrate(database.url);
  say(`seeding ${CLIPS.toLocaleString("en-US")} clips, a busy team and a ledger`);
  const seeded = await seed(database.url);
  console.table([seeded.facts]);
  const base = await startNext(database.url);
  const cookie = await signIn(base);
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  cleanups.push(() => admin.end());

  const slug = seeded.team.slug;
  const pages = [
    { name: "library (the reference)", path: "/library", shows: "Library" },
    { name: "clip page", path: `/clips/${seeded.clipId}`, shows: "Lyrics" },
    { name: "team library", path: `/teams/${slug}`, shows: "Members" },
    { name: "team members", path: `/teams/${slug}/members`, shows: "Open invites" },
    { name: "team audit log", path: `/teams/${slug}/audit`, shows: "Audit log" },
    { name: "history", path: "/history", shows: "History" },
    { name: "credits", path: "/credits", shows: "credits left" },
    { name: "settings", path: "/settings", shows: "Delete your account" },
  ];
  const rows: { name: string; path: string; r: Awaited<ReturnType<typeof measure>> }[] = [];
  for (const page of pages) {
    say(`measuring ${page.path}`);
    if (process.env.BENCH_LOG_SQL) await statements(`${base}${page.path}`, cookie, admin);
    rows.push({ ...page, r: await measure(`${base}${page.path}`, cookie, page.shows) });
  }
  const library = rows[0]!.r;
  const table = rows.map(({ name, path: p, r }, i) => {
    const ratio = r.p95 / library.p95;
    const verdict = i === 0 ? "–" : ratio <= TARGET ? "yes" : "**no**";
    return `| ${name} | \`${p.replace(seeded.clipId, "<clip>").replace(slug, "<team>")}\` | ${fmt(r.ttfbP50)} / ${fmt(r.ttfbP95)} | ${fmt(r.p50)} / ${fmt(r.p95)} | ${ratio.toFixed(2)}× | ${verdict} |`;
  });
  console.log(table.join("\n"));
  const facts = seeded.facts as Record<string, number>;
  await writeBenchmarkSection(
    "pages",
    `## Page server time against the library's (\`npm run bench:pages\`)

Command: \`npm run bench:pages\` (\`BENCH_CLIPS\`, \`BENCH_REQUESTS\` to change the size; \`BENCH_LOG_SQL=1\` prints
each page's statements with Postgres's durations).

The library benchmark's data set at ${facts.clips!.toLocaleString("en-US")} clips (the heavy user: ${facts.personal!.toLocaleString("en-US")}
personal clips), with the heavy user owning their busiest team (${facts.team_clips!.toLocaleString("en-US")} team clips, ${facts.members} members,
${AUDIT_EVENTS.toLocaleString("en-US")} audit events, 20 open invites) and ${LEDGER_ROWS.toLocaleString("en-US")} ledger rows. The production build (\`next start\`) on loopback,
signed in over HTTP; each page ${WARMUP} warm-up requests, then ${REQUESTS} sequential ones on one keep-alive connection.
"Complete" is the whole streamed HTML (it includes every query the page waits for). Ratio: complete p95 / the library's.
Target (issue 17, item 9): each page at most ${TARGET}× the library. Times in ms, p50 / p95.

| page | URL | TTFB p50 / p95 | complete p50 / p95 | ratio | ≤ ${TARGET}× |
|---|---|---|---|---|---|
${table.join("\n")}

Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version},
load average ${loadBefore.toFixed(1)} before the run and ${os.loadavg()[0]!.toFixed(1)} after (the machine is shared, so tails carry noise).`,
  );
  say("written to docs/BENCHMARKS.md");
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
