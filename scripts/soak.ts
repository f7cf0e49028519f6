// `npm run soak` (`-- --ci` for the short variant): many tasks from many users through
// Chorus's real entry points: `next start` instances of the production build, users signed in over HTTP pressing "Create" (the server actions, called as
// the browser calls them, pressed again when no answer came), the provider's callbacks to
// the webhook route and the in-process sweeper; against the simulator in its own process
// with a fault mix. The Next.js servers are killed with SIGKILL at random moments and
// Postgres once, and restarted.
// Then it waits for quiescence, audits the database in SQL, prints the figures and exits
// non-zero on any violation. Runs on its own embedded PostgreSQL in a temporary folder.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";

import { findFreePort, startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { actionIds, callAction, signInOverHttp } from "./lib/http-actions.ts";
import { migrate } from "./lib/migrate.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const CI = process.argv.includes("--ci");
const TASKS = Number(process.env.SOAK_TASKS ?? (CI ? 200 : 2000));
const USERS = Number(process.env.SOAK_USERS ?? (CI ? 20 : 50));
const KILLS = Number(process.env.SOAK_KILLS ?? (CI ? 3 : 10));
const WORKERS = 2;
const KEY = "sk-soak";
const QUIESCENCE_TIMEOUT_MS = 6 * 60_000;

const dir = mkdtempSync(path.join(tmpdir(), "chorus-soak-"));
const dbPort = await findFreePort();
const startDb = () =>
  startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    port: dbPort,
    database: "chorus",
    persistent: true,
  });
let database = await startDb();
await migrate(database.url);
const mediaDir = path.join(dir, "media");
const sharedEnv = {
  DATABASE_URL: database.url,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  NODE_ENV: "production" as const,
  // production needs a public origin; each worker names its own below, this one only audits
  CHORUS_PUBLIC_URL: "http://127.0.0.1",
  MEDIA_DIR: mediaDir,
  SUBMIT_LIMIT_PER_MINUTE: "1000000",
  TASK_DEADLINE_MINUTES: "1",
  SUNO_TIMEOUT_MS: "10000",
  SWEEP_INTERVAL_SECONDS: "0",
};
Object.assign(process.env, sharedEnv);
const { registerUser } = await import("../lib/auth/credentials.ts");
const { disconnectDb } = await import("../lib/db.ts");

const started = Date.now();
const say = (line: string) =>
  console.log(`[soak ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);

// ── the provider: the simulator in its own process, ~30% of requests faulty ──────────────
const faults = {
  rules: [
    { path: "/suno/submit", action: "error500", probability: 0.08 },
    { path: "/suno/submit", action: "rateLimit", probability: 0.08, retryAfterSeconds: 1 },
    { path: "/suno/submit", action: "malformed", probability: 0.05 },
    { path: "/suno/submit", action: "hang", probability: 0.04 },
    { path: "/suno/fetch", action: "error500", probability: 0.1 },
    { path: "/suno/fetch", action: "malformed", probability: 0.06 },
    { path: "/suno/fetch", action: "hang", probability: 0.02 },
    { action: "latency", probability: 0.1, latencyMs: 300 },
  ],
  callbacks: { duplicate: true, outOfOrder: true },
  seed: 7,
};
const simulator = spawn(
  process.execPath,
  ["--import", "tsx", path.join(ROOT, "simulator/main.ts")],
  {
    cwd: ROOT,
    env: {
      ...process.env,
      SIMULATOR_PORT: "0",
      SIMULATOR_KEYS: KEY,
      SIMULATOR_STEP_MS: "400",
      SIMULATOR_CLIP_SECONDS: "2",
      SIMULATOR_FAULTS: JSON.stringify(faults),
    },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const simUrl = await new Promise<string>((resolve, reject) => {
  simulator.stdout!.on("data", (chunk: Buffer) => {
    const found = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString());
    if (found) resolve(found[0]);
  });
  simulator.once("exit", () => reject(new Error("the simulator exited")));
});
const setSimFaults = (config: unknown) =>
  fetch(`${simUrl}/__admin/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(config),
  });

// ── users and their requests ───────────────────────────────────────────────────────────
const PASSWORD = "a long enough password";
const users: { id: string; email: string | null }[] = [];
for (let n = 0; n < USERS; n++) {
  users.push(
    await registerUser({
      name: `Soak ${n}`,
      email: `soak-${n}-${randomBytes(3).toString("hex")}@example.test`,
      password: PASSWORD,
    }),
  );
}
const inputs = [
  (n: number) => ({
    operation: "INSTRUMENTAL",
    tags: "ambient",
    title: `Soak ${n}`,
    model: "chirp-hawk",
  }),
  (n: number) => ({
    operation: "CUSTOM_SONG",
    lyrics: `[Verse]\nSong number ${n}`,
    tags: "folk",
    title: `Soak ${n}`,
    model: "chirp-hawk",
  }),
  (n: number) => ({ operation: "LYRICS", prompt: `a song about the number ${n}` }),
  // moderated by the provider
  (n: number) => ({ operation: "LYRICS", prompt: `sing like taylor swift, take ${n}` }),
];
const jobs = Array.from({ length: TASKS }, (_, n) => ({
  user: n % USERS,
  userId: users[n % USERS]!.id,
  idempotencyKey: `soak-${n}-${randomBytes(4).toString("hex")}`,
  input: inputs[n % 10 === 9 ? 3 : n % 3]!(n),
}));

// ── Chorus instances: `next start` on the production build, its own sweeper inside ───────
// built now, so that it is this code's build; `--reuse-build` takes the one there (CI runs the
// soak right after the browser tests' build)
const DIST = path.join(ROOT, ".next");
if (!process.argv.includes("--reuse-build") || !existsSync(path.join(DIST, "BUILD_ID"))) {
  say("building (`npm run build`)");
  const built = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  if (built.status !== 0) process.exit(1);
}
const ACTIONS: Record<string, string> = {
  INSTRUMENTAL: "lib/actions/create.ts#createInstrumentalAction",
  CUSTOM_SONG: "lib/actions/create.ts#createSongAction",
  LYRICS: "lib/actions/create.ts#writeLyricsAction",
};
const ids = actionIds(DIST);
for (const name of Object.values(ACTIONS))
  if (!ids.has(name)) throw new Error(`the build has no server action ${name}`);
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

const ports = await Promise.all(Array.from({ length: WORKERS }, () => findFreePort()));
const baseUrls = ports.map((port) => `http://127.0.0.1:${port}`);
const workers: (ChildProcess | null)[] = [];
const ready: boolean[] = [];
function startWorker(index: number) {
  ready[index] = false;
  // the Next.js server itself (what `npm start` runs once its database is up), so that a
  // SIGKILL hits the process that holds the requests
  const child = spawn(
    process.execPath,
    [nextBin, "start", "-p", String(ports[index]), "-H", "127.0.0.1"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...sharedEnv,
        CHORUS_PUBLIC_URL: baseUrls[index],
        AUTH_URL: baseUrls[index],
        SUNO_PROVIDER: "relay",
        SUNO_BASE_URL: simUrl,
        SUNO_API_KEYS: KEY,
        // the self-hosted sweeper, in the server process like in production
        SWEEP_INTERVAL_SECONDS: "1",
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  child.once("exit", (code, signal) => {
    ready[index] = false;
    if (signal === "SIGKILL" || finished) return; // ours
    unexpectedExits.push(`instance ${index} exited (${signal ?? code}): ${errors.trim()}`);
    say(`instance ${index} died on its own (${signal ?? code}); restarting it`);
    setTimeout(() => finished || startWorker(index), 500);
  });
  workers[index] = child;
  void (async () => {
    while (child.exitCode === null && child.signalCode === null) {
      try {
        if ((await fetch(`${baseUrls[index]}/api/health`)).status < 500) {
          ready[index] = true;
          return;
        }
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
  })();
  return child;
}
const unexpectedExits: string[] = [];
let finished = false;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
for (let i = 0; i < WORKERS; i++) startWorker(i);
// whatever happens to this run, no instance or simulator outlives it
process.on("exit", () => {
  for (const worker of workers) worker?.kill("SIGKILL");
  simulator.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));
while (!ready.every(Boolean)) await sleep(200);
say(`${WORKERS} instances of next start are up`);

// ── the users sign in over HTTP, then press "Create" (again, when an answer never came) ───
const cookies: string[] = [];
for (const user of users) cookies.push(await signInOverHttp(baseUrls[0]!, user.email!, PASSWORD));
const actionMs: number[] = [];
const answers: Record<string, number> = {};
let actionRetries = 0;
// answers that changed nothing, so the same request is pressed again (any other answer is
// final for its idempotency key: a refusal is made again by a new request, not this one)
const TRY_AGAIN = /Nothing was changed; please try again/;
async function press(job: (typeof jobs)[number], n: number) {
  const started = Date.now();
  let lastAnswer = "";
  for (let attempt = 0; ; attempt++) {
    const index = (n + attempt) % WORKERS;
    if (!ready[index]) {
      await sleep(200);
      continue;
    }
    try {
      const { status, state } = await callAction({
        baseUrl: baseUrls[index]!,
        cookie: cookies[job.user]!,
        actionId: ids.get(ACTIONS[job.input.operation as string]!)!,
        pagePath: "/create",
        fields: {
          idempotencyKey: job.idempotencyKey,
          teamId: "",
          ...Object.fromEntries(
            Object.entries(job.input)
              .filter(([key]) => key !== "operation")
              .map(([key, value]) => [key, String(value)]),
          ),
        },
        signal: AbortSignal.timeout(30_000),
      });
      // an answer the user can act on: made, or refused with a reason
      if (status === 200 && state && !TRY_AGAIN.test(String(state.error ?? ""))) {
        const kind = state.ok ? "made" : String(state.error).slice(0, 90);
        answers[kind] = (answers[kind] ?? 0) + 1;
        break;
      }
      lastAnswer = `${status} ${JSON.stringify(state)}`;
    } catch (error) {
      // the instance died mid-request, or never answered
      lastAnswer = String(error);
    }
    if (attempt % 50 === 49) say(`request ${n} still unanswered: ${lastAnswer.slice(0, 300)}`);
    actionRetries++;
    await sleep(300);
  }
  actionMs.push(Date.now() - started);
}
let answered = 0;
const submissions = (async () => {
  const progress = setInterval(
    () => say(`${answered}/${jobs.length} requests answered, ${actionRetries} pressed again`),
    10_000,
  );
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < jobs.length) {
        const n = next++;
        await press(jobs[n]!, n);
        answered++;
      }
    }),
  );
  clearInterval(progress);
  say(`every request answered (${actionRetries} presses again after a failed answer)`);
  say(`answers: ${JSON.stringify(answers)}`);
})();

const sql = new pg.Pool({ connectionString: database.url, max: 2 });
sql.on("error", () => {});
const count = async (query: string) => {
  for (;;) {
    try {
      return Number((await sql.query(query)).rows[0].n);
    } catch {
      await new Promise((r) => setTimeout(r, 500)); // Postgres is being restarted
    }
  }
};

// ── chaos: SIGKILL instances at random moments, Postgres once, never-finishing windows ───
let kills = 0;
let postgresKills = 0;
const chaos = (async () => {
  while (kills < KILLS) {
    // spread over the run: while requests are pressed and while their tasks are followed
    await sleep(CI ? 1500 + Math.random() * 3000 : 6000 + Math.random() * 6000);
    const index = Math.floor(Math.random() * WORKERS);
    const victim = workers[index]!;
    if (victim.exitCode !== null || victim.signalCode !== null) continue; // being restarted
    const gone = new Promise((resolve) => victim.once("exit", resolve));
    victim.kill("SIGKILL");
    await gone; // its port is free again
    kills++;
    say(`killed instance ${index} with SIGKILL (${kills}/${KILLS})`);
    await sleep(300);
    startWorker(index);
    if (kills === Math.ceil(KILLS / 2)) {
      await setSimFaults({ ...faults, neverFinish: true });
      await sleep(3000);
      await setSimFaults(faults);
      say("tasks made in the last 3 s will never finish (their deadline is 1 minute)");
    }
    if (kills === Math.ceil(KILLS / 3) && postgresKills === 0) {
      process.kill(database.pid!, "SIGKILL");
      postgresKills++;
      say("killed PostgreSQL with SIGKILL");
      await database.died;
      await sleep(1000);
      database = await startDb();
      say("PostgreSQL restarted");
    }
  }
})();

// ── quiescence ─────────────────────────────────────────────────────────────────────────
await chaos;
await submissions;
const deadline = Date.now() + QUIESCENCE_TIMEOUT_MS;
let lastReport = 0;
for (;;) {
  const tasks = await count(`SELECT count(*) AS n FROM tasks`);
  const open = await count(
    `SELECT count(*) AS n FROM tasks WHERE status NOT IN ('SUCCEEDED','FAILED','TIMED_OUT')`,
  );
  const archiving = await count(
    `SELECT count(*) AS n FROM clips WHERE status = 'COMPLETE' AND archive_status IN ('PENDING','ARCHIVING')`,
  );
  if (tasks >= TASKS && open === 0 && archiving === 0) break;
  if (Date.now() - lastReport > 10_000) {
    say(`${tasks}/${TASKS} tasks, ${open} open, ${archiving} clips to archive`);
    lastReport = Date.now();
  }
  if (Date.now() > deadline) {
    say("no quiescence within the time limit");
    break;
  }
  await sleep(1000);
}
const quietAt = Date.now();
// each instance's peak memory since its last start (Linux), then stop them
finished = true;
const workerPeakRssMb = workers.map((worker) => {
  let status: RegExpMatchArray | null = null;
  try {
    status = readFileSync(`/proc/${worker?.pid}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/);
  } catch {
    // not Linux, or it has just exited
  }
  return status ? Math.round(Number(status[1]) / 1024) : null;
});
for (const worker of workers) worker?.kill("SIGKILL");

// ── audit ──────────────────────────────────────────────────────────────────────────────
const invariants: [string, string][] = [
  [
    "idempotency keys without exactly one task",
    `SELECT count(*) AS n FROM jsonb_array_elements($jobs$${JSON.stringify(jobs.map((j) => [j.userId, j.idempotencyKey]))}$jobs$::jsonb) j
     WHERE (SELECT count(*) FROM tasks t WHERE t.owner_id = j->>0 AND t.idempotency_key = j->>1) <> 1`,
  ],
  [
    "tasks open past their deadline plus a sweep",
    `SELECT count(*) AS n FROM tasks WHERE status NOT IN ('SUCCEEDED','FAILED','TIMED_OUT')
       AND (deadline_at < now() - interval '30 seconds' OR created_at < now() - interval '5 minutes')`,
  ],
  [
    "duplicate clips",
    `SELECT count(*) AS n FROM (SELECT 1 FROM clips GROUP BY provider, upstream_id HAVING count(*) > 1) d`,
  ],
  [
    "balances not equal to their ledger",
    `SELECT count(*) AS n FROM users u
     WHERE u.credit_balance <> (SELECT coalesce(sum(amount), 0) FROM ledger_entries l WHERE l.user_id = u.id AND l.team_id IS NULL)`,
  ],
  [
    "tasks charged more than once",
    `SELECT count(*) AS n FROM (SELECT 1 FROM ledger_entries WHERE kind = 'CHARGE' GROUP BY task_id HAVING count(*) > 1) d`,
  ],
  [
    "tasks refunded more than once",
    `SELECT count(*) AS n FROM (SELECT 1 FROM ledger_entries WHERE kind = 'REFUND' GROUP BY task_id HAVING count(*) > 1) d`,
  ],
  [
    "failed tasks not refunded",
    `SELECT count(*) AS n FROM tasks t WHERE t.status IN ('FAILED','TIMED_OUT') AND t.cost > 0
       AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.task_id = t.id AND l.kind = 'REFUND')`,
  ],
  [
    "succeeded tasks refunded",
    `SELECT count(*) AS n FROM tasks t WHERE t.status = 'SUCCEEDED'
       AND EXISTS (SELECT 1 FROM ledger_entries l WHERE l.task_id = t.id AND l.kind = 'REFUND')`,
  ],
  [
    "finished clips neither archived nor failed with a reason",
    `SELECT count(*) AS n FROM clips WHERE status = 'COMPLETE' AND archive_status <> 'ARCHIVED'
       AND NOT (archive_status = 'FAILED' AND archive_error IS NOT NULL)`,
  ],
];
const figures: Record<string, number> = {};
let violations = 0;
for (const [name, query] of invariants) {
  figures[name] = await count(query);
  violations += figures[name]!;
}
const sample = (
  await sql.query<{ storage_key: string; sha256: string }>(
    `SELECT storage_key, sha256 FROM media_assets ORDER BY random() LIMIT 50`,
  )
).rows;
let checksumMismatches = 0;
for (const asset of sample) {
  const bytes = await readFile(path.join(mediaDir, asset.storage_key)).catch(() => null);
  if (!bytes || createHash("sha256").update(bytes).digest("hex") !== asset.sha256)
    checksumMismatches++;
}
figures["sampled files whose sha256 differs"] = checksumMismatches;
violations += checksumMismatches;
figures["instances that died on their own"] = unexpectedExits.length;
violations += unexpectedExits.length;
for (const exit of unexpectedExits) console.error(exit);

const statuses = (
  await sql.query(`SELECT status::text, count(*)::int AS n FROM tasks GROUP BY 1 ORDER BY 1`)
).rows;
const failCodes = (
  await sql.query(
    `SELECT fail_code, count(*)::int AS n FROM tasks WHERE fail_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
  )
).rows;
const state = (await (await fetch(`${simUrl}/__admin/state`)).json()) as {
  requests: { fault: string | null; path: string; ms: number; status: number }[];
  tasks: { id: string }[];
  deliveries: { kind?: string; label?: string }[];
};
const faultCounts: Record<string, number> = {};
for (const request of state.requests)
  if (request.fault) faultCounts[request.fault] = (faultCounts[request.fault] ?? 0) + 1;

const submitMs = state.requests
  .filter((r) => r.path.startsWith("/suno/submit") && !r.fault)
  .map((r) => r.ms)
  .sort((a, b) => a - b);
const at = (p: number) => submitMs[Math.min(submitMs.length - 1, Math.floor(p * submitMs.length))];
actionMs.sort((a, b) => a - b);
const actionAt = (p: number) =>
  actionMs[Math.min(actionMs.length - 1, Math.floor(p * actionMs.length))];

// made by the provider but known to no task: a submit that timed out (ambiguous, refunded)
// yet arrived, or a kill before the answer with no callback getting through afterwards
const known = new Set(
  (
    await sql.query<{ upstream_id: string }>(
      `SELECT upstream_id FROM tasks WHERE upstream_id IS NOT NULL`,
    )
  ).rows.map((r) => r.upstream_id),
);
const orphaned = state.tasks.filter((task) => !known.has(task.id)).length;

console.log("\n── soak report ──");
console.log(
  JSON.stringify(
    {
      variant: CI ? "ci" : "full",
      tasks: TASKS,
      users: USERS,
      instanceKills: kills,
      postgresKills,
      seconds: Math.round((quietAt - started) / 1000),
      tasksPerSecond: Number((TASKS / ((quietAt - started) / 1000)).toFixed(1)),
      statuses: Object.fromEntries(statuses.map((r) => [r.status, r.n])),
      failures: Object.fromEntries(failCodes.map((r) => [r.fail_code, r.n])),
      upstreamRequests: state.requests.length,
      faults: faultCounts,
      submitMs: { p50: at(0.5), p95: at(0.95), max: submitMs.at(-1) },
      // each "Create" as the user saw it: the server action over HTTP until it answered
      createActionMs: {
        p50: actionAt(0.5),
        p95: actionAt(0.95),
        max: actionMs.at(-1),
      },
      createPressedAgain: actionRetries,
      createAnswers: answers,
      callbacks: state.deliveries.length,
      providerTasks: state.tasks.length,
      providerTasksUnknownToChorus: orphaned,
      archivedFiles: await count(`SELECT count(*) AS n FROM media_assets`),
      // the late-completion rule: ended badly and refunded, and their songs kept anyway
      tasksWhoseSongsArrivedLate: await count(
        `SELECT count(*) AS n FROM tasks WHERE arrived_late_at IS NOT NULL`,
      ),
      workerPeakRssMb,
      orchestratorPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      invariants: figures,
    },
    null,
    2,
  ),
);
console.log(violations === 0 ? "no violations" : `${violations} violation(s)`);

await sql.end();
await disconnectDb();
simulator.kill("SIGTERM");
await database.stop();
await rm(dir, { recursive: true, force: true });
process.exit(violations === 0 ? 0 : 1);
