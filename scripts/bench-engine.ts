// `npm run bench:engine`: 1,000 tasks through the simulator: webhooks off, webhooks off with
// 20 viewers polling their tasks as the Create page does, and webhooks on.
// Reports upstream fetch requests per completed task and the time from upstream completion
// to the clip being visible to its owner (committed in Postgres), then writes the results
// to docs/BENCHMARKS.md. Runs on a throwaway PostgreSQL; never touches .data/.
// Then the push path (issue 21 item 6): the same 1,000 tasks with 200 users each holding an
// event stream open (scripts/lib/bench-push.ts), webhooks off and on: completion → the event
// at the client. And the library's hot reads through Prisma and postgres.js
// (scripts/lib/bench-hot-reads.ts). BENCH_RUNS=push runs only these two parts.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";

import pg from "pg";

import { compareDrivers, READ_CLIPS, type DriverRow } from "./lib/bench-hot-reads.ts";
import { connectListener, startEventServer, type Listener } from "./lib/bench-push.ts";
import {
  benchDatabase,
  startSimulatorProcess,
  writeBenchmarkSection,
} from "./lib/bench-support.ts";

const TASKS = Number(process.env.BENCH_TASKS ?? 1000);
const USERS = 50;
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 1500); // a music task completes at step 5
const SWEEP_EVERY_MS = Number(process.env.BENCH_SWEEP_MS ?? 1000);
const CONCURRENCY = 25;
const KEYS = ["sk-bench-1", "sk-bench-2"];
const VIEWERS = 20;
const VIEWER_POLL_MS = 2000; // lib/swr/use-tasks.ts polls every 2 s while a task is pending
const LISTENERS = Number(process.env.BENCH_LISTENERS ?? 200);
const RUNS = process.env.BENCH_RUNS === "push" ? "push" : "all";

const database = await benchDatabase({ CHORUS_PUBLIC_URL: "http://127.0.0.1:3000" });
// lib/ reads the environment on first use, so it is imported only now
const { createSunoClient } = await import("../lib/suno/client.ts");
const { submitTask } = await import("../lib/tasks/submit.ts");
const { sweepUntilCaughtUp } = await import("../lib/tasks/sweep.ts");
const { receiveWebhook } = await import("../lib/tasks/webhook.ts");
const { listPendingTasks } = await import("../lib/tasks/queries.ts");
const { refreshForViewer } = await import("../lib/tasks/viewing.ts");
const { disconnectDb } = await import("../lib/db.ts");
const { openEventStream } = await import("../lib/events/stream.ts");
const { stopListening } = await import("../lib/events/listener.ts");

const sql = new pg.Client({ connectionString: database.url });
await sql.connect();

type Result = {
  mode: string;
  tasks: number;
  completed: number;
  fetchRequests: number;
  perTask: number;
  p50: number;
  p95: number;
  max: number;
  wallSeconds: number;
  push?: {
    listeners: number;
    heard: number;
    p50: number;
    p95: number;
    max: number;
    commitP50: number;
    commitP95: number;
    reconnects: number;
  };
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

type Mode =
  | "webhooks off"
  | "webhooks off, 20 viewers"
  | "webhooks on"
  | "push, webhooks off"
  | "push, webhooks on";

async function run(mode: Mode): Promise<Result> {
  const viewers = mode.includes("viewers") ? VIEWERS : 0;
  const sim = await startSimulatorProcess({ keys: KEYS, stepMs: STEP_MS, clipSeconds: 3 });
  let fetchRequests = 0;
  const counting: typeof fetch = (input, init) => {
    if (String(input).includes("/suno/fetch")) fetchRequests++;
    return fetch(input, init);
  };
  const client = createSunoClient(
    [{ name: "primary", dialect: "relay", baseUrl: sim.url, keys: KEYS }],
    { fetchImpl: counting },
  );

  // the app's webhook route, reduced to the function behind it
  async function receive(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://receiver");
    let text = "";
    for await (const chunk of req) text += chunk;
    try {
      const outcome = await receiveWebhook({
        taskId: url.searchParams.get("task"),
        token: url.searchParams.get("token"),
        body: JSON.parse(text),
      });
      res.writeHead(outcome.status).end();
    } catch (error) {
      console.error("webhook failed", error);
      res.writeHead(500).end(); // as the real route answers; the sweeper catches the task up
    }
  }
  const receiver = createServer((req, res) => void receive(req, res));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const hookBase = mode.endsWith("webhooks on")
    ? `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
    : undefined;

  const pushed = mode.startsWith("push");
  const users = Array.from({ length: pushed ? LISTENERS : USERS }, () => randomUUID());
  for (const id of users)
    await sql.query(
      `INSERT INTO users (id, email, credit_balance, updated_at) VALUES ($1, $2, 1000000, now())`,
      [id, `${id}@bench.test`],
    );

  // the push runs: every user's browser holds its event stream open
  const events = pushed ? await startEventServer(openEventStream) : null;
  const listeners: Listener[] = events ? users.map((id) => connectListener(events.url, id)) : [];
  await Promise.all(listeners.map((l) => l.ready));

  // the self-hosted sweeper, as instrumentation.ts runs it
  let sweeping = true;
  const sweeper = (async () => {
    while (sweeping) {
      await sweepUntilCaughtUp({ client });
      await new Promise((r) => setTimeout(r, SWEEP_EVERY_MS));
    }
  })();

  // viewers: the Create page of 20 users, each polling its pending tasks as /api/tasks does
  let watching = true;
  const watchers = Array.from({ length: viewers }, async (_, v) => {
    const viewer = { id: users[v % USERS]! };
    while (watching) {
      const tasks = await listPendingTasks({ viewer });
      refreshForViewer(tasks, { client });
      await new Promise((r) => setTimeout(r, VIEWER_POLL_MS));
    }
  });

  const started = Date.now();
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TASKS) {
        const n = next++;
        const task = await submitTask({
          actor: { id: users[n % users.length]! },
          teamId: null,
          input: {
            operation: "INSTRUMENTAL",
            tags: "ambient",
            title: `Bench ${n}`,
            model: "chirp-hawk",
          },
          idempotencyKey: `bench-${mode.replace(/\W+/g, "-")}-${n}-${randomBytes(4).toString("hex")}`,
          client,
          notifyBaseUrl: hookBase,
        });
        ids.push(task.id);
      }
    }),
  );

  for (;;) {
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1) AND status IN ('SUCCEEDED','FAILED','TIMED_OUT')`,
      [ids],
    );
    if (rows[0].n === ids.length) break;
    if (Date.now() - started > 10 * 60_000)
      throw new Error("bench: tasks did not finish in 10 minutes");
    await new Promise((r) => setTimeout(r, 200));
  }
  const wallSeconds = (Date.now() - started) / 1000;
  sweeping = false;
  watching = false;
  await sweeper;
  await Promise.all(watchers);

  // upstream completion = the simulator's creation time + the final step; visible = committed
  const upstreamDone = new Map(
    (await sim.state()).tasks.map((t) => [t.id, Date.parse(t.createdAt) + 5 * STEP_MS]),
  );
  const { rows } = await sql.query(
    `SELECT t.id, t.owner_id, t.upstream_id, t.status, t.finished_at, max(c.completed_at) AS visible FROM tasks t JOIN clips c ON c.task_id = t.id WHERE t.id = ANY($1) GROUP BY 1`,
    [ids],
  );
  const succeeded = rows.filter((r) => r.status === "SUCCEEDED");
  const latencies = succeeded.map(
    (r) => (new Date(r.visible).getTime() - upstreamDone.get(r.upstream_id)!) / 1000,
  );
  let push: Result["push"];
  if (events) {
    // the owner's stream heard it succeed: when, after upstream completion and after commit
    const heardAt = (r: (typeof succeeded)[number]) =>
      listeners[users.indexOf(r.owner_id)]?.succeeded.get(r.id);
    const waitUntil = Date.now() + 10_000;
    while (succeeded.some((r) => !heardAt(r)) && Date.now() < waitUntil)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const heard = succeeded.filter((r) => heardAt(r));
    const upstreamToEvent = heard.map(
      (r) => (heardAt(r)! - upstreamDone.get(r.upstream_id)!) / 1000,
    );
    const commitToEvent = heard.map(
      (r) => (heardAt(r)! - new Date(r.finished_at).getTime()) / 1000,
    );
    push = {
      listeners: listeners.length,
      heard: heard.length,
      p50: percentile(upstreamToEvent, 50),
      p95: percentile(upstreamToEvent, 95),
      max: Math.max(...upstreamToEvent),
      commitP50: percentile(commitToEvent, 50),
      commitP95: percentile(commitToEvent, 95),
      reconnects: listeners.reduce((n, l) => n + l.reconnects(), 0),
    };
    for (const listener of listeners) listener.close();
    await events.stop();
  }
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await sim.stop();
  return {
    mode,
    tasks: ids.length,
    completed: latencies.length,
    fetchRequests,
    perTask: fetchRequests / Math.max(1, latencies.length),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: Math.max(...latencies),
    wallSeconds,
    push,
  };
}

const results =
  RUNS === "all"
    ? [await run("webhooks off"), await run("webhooks off, 20 viewers"), await run("webhooks on")]
    : [];
if (results.length)
  console.table(
    results.map((r) => ({
      ...r,
      perTask: r.perTask.toFixed(3),
      p50: `${r.p50.toFixed(2)} s`,
      p95: `${r.p95.toFixed(2)} s`,
      max: `${r.max.toFixed(2)} s`,
    })),
  );

if (results.length)
  await writeBenchmarkSection(
    "engine",
    `## Task engine (\`npm run bench:engine\`)

${TASKS} instrumental tasks (2 clips each) from ${USERS} users, submitted ${CONCURRENCY} at a time through the
relay dialect of the simulator (2 keys, its own process), which completes a task ${(5 * STEP_MS) / 1000} s after submission.
The self-hosted sweeper runs every ${SWEEP_EVERY_MS / 1000} s (batches of 200, one batch fetch per provider and key);
each task is polled every 3 s for its first ten polls, then backing off to 30 s. In the "20 viewers" run, 20 of the
users poll their pending tasks every ${VIEWER_POLL_MS / 1000} s as the Create page does (\`/api/tasks\`: read from the database, then
\`refreshForViewer\`, which leaves due tasks to the running sweeper); the other runs have no viewers.
"Visible" is the moment the clips were committed in Postgres (\`clips.completed_at\`); "upstream completion"
is the simulator's own completion time for the task.

| mode | tasks completed | upstream fetch requests | fetches per task | completion → visible p50 | p95 | max | wall time |
|---|---|---|---|---|---|---|---|
${results.map((r) => `| ${r.mode} | ${r.completed} / ${r.tasks} | ${r.fetchRequests} | ${r.perTask.toFixed(3)} | ${r.p50.toFixed(2)} s | ${r.p95.toFixed(2)} s | ${r.max.toFixed(2)} s | ${r.wallSeconds.toFixed(1)} s |`).join("\n")}

Targets: at most 0.5 fetch requests per task with batching, and at most 0.25 with 20 viewers watching; p95 under 1 s with webhooks, and under one
poll interval plus 1 s without. Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version},
load average ${os.loadavg()[0]!.toFixed(1)} at the end (other work on the machine makes the latencies pessimistic; the request counts do not depend on it).`,
  );

const pushResults = [await run("push, webhooks off"), await run("push, webhooks on")];
const loadAfterPush = os.loadavg()[0]!;
const drivers: DriverRow[] = await compareDrivers(database.url);
const ms = (v: number) => `${v.toFixed(1)} ms`;
const sec = (v: number) => `${v.toFixed(2)} s`;
console.table(pushResults.map((r) => ({ mode: r.mode, ...r.push })));
console.table(
  drivers.map((d) => ({
    query: d.name,
    rows: d.rows,
    prisma: `${ms(d.prisma.p50)} / ${ms(d.prisma.p95)} / ${d.prisma.perSecond.toFixed(0)}/s`,
    postgresJs: `${ms(d.postgresJs.p50)} / ${ms(d.postgresJs.p95)} / ${d.postgresJs.perSecond.toFixed(0)}/s`,
  })),
);

await writeBenchmarkSection(
  "engine-push",
  `## Push path and hot reads (\`npm run bench:engine\`; only these: \`BENCH_RUNS=push npm run bench:engine\`)

${TASKS} instrumental tasks from ${LISTENERS} users, as above, while each user holds an event stream open
(\`lib/events/stream.ts\` served over HTTP from the bench's process, the session read left out; ${LISTENERS} browser-like
listeners that parse the stream and reconnect after its \`retry:\` hint). "Event" is the moment the owner's listener
received the task's \`SUCCEEDED\` event; "upstream completion" is the simulator's, "commit" the task's \`finished_at\`
(set in the transaction that sends the \`pg_notify\`). The listeners poll nothing; the sweeper runs every ${SWEEP_EVERY_MS / 1000} s.

| mode | tasks completed | events heard | completion → event p50 | p95 | max | commit → event p50 | p95 | stream reconnects | wall time |
|---|---|---|---|---|---|---|---|---|---|
${pushResults.map((r) => `| ${r.mode.replace("push, ", "")} | ${r.completed} / ${r.tasks} | ${r.push!.heard} | ${sec(r.push!.p50)} | ${sec(r.push!.p95)} | ${sec(r.push!.max)} | ${ms(r.push!.commitP50 * 1000)} | ${ms(r.push!.commitP95 * 1000)} | ${r.push!.reconnects} | ${r.wallSeconds.toFixed(1)} s |`).join("\n")}

Targets: completion → event at the client p95 ≤ 500 ms with webhooks, ≤ poll interval (3 s) + 500 ms without.

The library's hot reads, the exact statements \`searchLibrary\` sends (captured as it runs) for the heaviest of
${READ_CLIPS.toLocaleString("en")} seeded clips' owners, through Prisma's raw queries (\`$queryRawUnsafe\`, adapter-pg) and through postgres.js
(\`sql.unsafe\`, same parameters): p50 / p95 one after the other, and statements per second 10 at a time.

| query | rows | Prisma p50 | p95 | per second | postgres.js p50 | p95 | per second |
|---|---|---|---|---|---|---|---|
${drivers.map((d) => `| ${d.name} | ${d.rows} | ${ms(d.prisma.p50)} | ${ms(d.prisma.p95)} | ${d.prisma.perSecond.toFixed(0)} | ${ms(d.postgresJs.p50)} | ${ms(d.postgresJs.p95)} | ${d.postgresJs.perSecond.toFixed(0)} |`).join("\n")}

Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}, load average
${loadAfterPush.toFixed(1)} after the push runs and ${os.loadavg()[0]!.toFixed(1)} after the reads (a shared machine: the latencies are pessimistic).`,
);

await stopListening();
await sql.end();
await disconnectDb();
await database.stop();
process.exit(0);
