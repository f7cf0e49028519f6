// Fault injection through the simulator: whatever goes wrong upstream, every task ends
// succeeded, failed or timed out, with zero duplicate clips, zero double refunds, zero
// charges without a task and zero tasks without a charge.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { refreshIfDue } from "@/lib/tasks/refresh";
import { submitTask } from "@/lib/tasks/submit";
import { sweep } from "@/lib/tasks/sweep";
import { receiveWebhook } from "@/lib/tasks/webhook";
import { notifyHookUrl } from "@/lib/tasks/webhook-token";

import { startSimulator, type Simulator } from "../../simulator/server";

const KEY = "sk-faults";
let sim: Simulator;
let client: ReturnType<typeof createSunoClient>;
let sql: pg.Client;
let receiver: Server;
let hookBase = "";
const deliveries: number[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 2 });
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  // stands in for the app's webhook route: the same function behind it
  async function receive(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://receiver");
    let text = "";
    for await (const chunk of req) text += chunk;
    const outcome = await receiveWebhook({
      taskId: url.searchParams.get("task"),
      token: url.searchParams.get("token"),
      body: JSON.parse(text),
    });
    deliveries.push(outcome.status);
    res
      .writeHead(outcome.status, { "content-type": "application/json" })
      .end(JSON.stringify(outcome.body));
  }
  receiver = createServer((req, res) => void receive(req, res));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sim.stop();
  receiver.close();
  await sql.end();
});
beforeEach(() => {
  sim.admin.reset();
  deliveries.length = 0;
  // a fresh client: key cool-downs from one test must not leak into the next
  client = createSunoClient(
    [{ name: "primary", dialect: "relay", baseUrl: sim.url, keys: [KEY], timeoutMs: 400 }],
    { sleep: async () => {} },
  );
});

const key = () => `faults-${randomBytes(8).toString("hex")}`;
const song = { operation: "INSTRUMENTAL", tags: "ambient", title: "Weather", model: "chirp-hawk" };
async function newUser() {
  return registerUser({
    name: "Fault Tester",
    email: `faults-${randomBytes(5).toString("hex")}@example.test`,
    password: "a long enough password",
  });
}

/** Polls and sweeps until every task of the user has ended (or gives up). */
async function settle(userId: string, rounds = 150) {
  for (let i = 0; i < rounds; i++) {
    await sql.query(
      `UPDATE tasks SET next_poll_at = now() - interval '1 second' WHERE owner_id = $1 AND status IN ('SUBMITTED','QUEUED','RUNNING')`,
      [userId],
    );
    const pending = await db.task.findMany({
      where: { ownerId: userId, status: { in: ["SUBMITTING", "SUBMITTED", "QUEUED", "RUNNING"] } },
      select: { id: true },
    });
    if (pending.length === 0) return;
    await Promise.all(pending.map((t) => refreshIfDue(t.id, client)));
    await sweep({ client });
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The invariants the issue names, for one user's tasks. */
async function expectInvariants(userId: string) {
  const { rows } = await sql.query(
    `SELECT
       (SELECT count(*) FROM tasks WHERE owner_id = $1 AND status NOT IN ('SUCCEEDED','FAILED','TIMED_OUT')) AS unfinished,
       (SELECT count(*) FROM (SELECT provider, upstream_id FROM clips WHERE owner_id = $1 GROUP BY 1, 2 HAVING count(*) > 1) d) AS duplicate_clips,
       (SELECT count(*) FROM (SELECT task_id FROM ledger_entries WHERE user_id = $1 AND kind = 'REFUND' GROUP BY 1 HAVING count(*) > 1) r) AS double_refunds,
       (SELECT count(*) FROM ledger_entries l WHERE l.user_id = $1 AND l.kind = 'CHARGE' AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = l.task_id)) AS charges_without_task,
       (SELECT count(*) FROM tasks t WHERE t.owner_id = $1 AND t.cost > 0 AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.task_id = t.id AND l.kind = 'CHARGE')) AS tasks_without_charge,
       (SELECT count(*) FROM tasks t WHERE t.owner_id = $1 AND t.status IN ('FAILED','TIMED_OUT') AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.task_id = t.id AND l.kind = 'REFUND')) AS failed_without_refund,
       (SELECT credit_balance FROM users WHERE id = $1) + 0 AS balance,
       (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE user_id = $1 AND team_id IS NULL) AS ledger_sum`,
    [userId],
  );
  const r = rows[0];
  expect({ ...r, balanceMatchesLedger: Number(r.balance) === Number(r.ledger_sum) }).toMatchObject({
    unfinished: "0",
    duplicate_clips: "0",
    double_refunds: "0",
    charges_without_task: "0",
    tasks_without_charge: "0",
    failed_without_refund: "0",
    balanceMatchesLedger: true,
  });
}

describe("faults while submitting", () => {
  it.each([
    ["a 429", { action: "rateLimit", retryAfterSeconds: 30 }, "RATE_LIMITED"],
    ["a hung request", { action: "hang" }, "TIMEOUT"],
    ["a malformed answer", { action: "malformed" }, "MALFORMED"],
    ["a 500", { action: "error500" }, "UNAVAILABLE"],
  ] as const)(
    "%s ends the task as failed with one refund, and nothing is re-sent",
    async (_name, fault, kind) => {
      const user = await newUser();
      sim.admin.setFaults({ rules: [{ path: "/suno/submit/music", times: 1, ...fault }] });
      const task = await submitTask({
        actor: user,
        teamId: null,
        input: song,
        idempotencyKey: key(),
        client,
      });
      expect(task).toMatchObject({ status: "FAILED", failCode: kind });
      await new Promise((r) => setTimeout(r, 50));
      expect(sim.admin.state().tasks).toHaveLength(0);
      await expectInvariants(user.id);
    },
  );
});

describe("faults while following", () => {
  it("500s, 429s, malformed bodies and hangs on fetches are ridden out", async () => {
    const user = await newUser();
    const tasks = await Promise.all(
      Array.from({ length: 4 }, () =>
        submitTask({ actor: user, teamId: null, input: song, idempotencyKey: key(), client }),
      ),
    );
    sim.admin.setFaults({
      rules: [
        { path: "/suno/fetch", action: "error500", times: 4 },
        { path: "/suno/fetch", action: "rateLimit", times: 2, retryAfterSeconds: 1 },
        { path: "/suno/fetch", action: "malformed", times: 3 },
        { path: "/suno/fetch", action: "hang", times: 2 },
      ],
    });
    await settle(user.id);
    const ended = await db.task.findMany({
      where: { id: { in: tasks.map((t) => t.id) } },
      select: { status: true, _count: { select: { clips: true } } },
    });
    expect(ended.every((t) => t.status === "SUCCEEDED" && t._count.clips === 2)).toBe(true);
    await expectInvariants(user.id);
  });

  it("tasks that never finish time out with a refund", async () => {
    const user = await newUser();
    sim.admin.setFaults({ neverFinish: true });
    const task = await submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey: key(),
      client,
    });
    await settle(user.id, 5);
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).not.toMatch(
      /SUCCEEDED|FAILED|TIMED_OUT/,
    );
    await sql.query(`UPDATE tasks SET deadline_at = now() - interval '1 second' WHERE id = $1`, [
      task.id,
    ]);
    await settle(user.id);
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: "TIMED_OUT",
    });
    await expectInvariants(user.id);
  });

  it("songs that arrive after their task timed out are kept, marked as late, and the refund stands", async () => {
    const user = await newUser();
    const before = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).creditBalance;
    sim.admin.setFaults({ neverFinish: true });
    const task = await submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey: key(),
      client,
      notifyBaseUrl: hookBase,
    });
    await sql.query(`UPDATE tasks SET deadline_at = now() - interval '1 second' WHERE id = $1`, [
      task.id,
    ]);
    await settle(user.id);
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: "TIMED_OUT",
      arrivedLateAt: null,
    });

    // the provider finishes anyway, and calls back (twice: a repeat changes nothing)
    sim.admin.setFaults({ callbacks: { duplicate: true } });
    expect(sim.admin.complete(task.upstreamId!)).toBe(true);
    // the simulator replays the stages it skipped, one per step, ending with the final answer
    const final = () =>
      sim.admin.deliveries().filter((d) => d.taskStatus === "SUCCESS" && d.status === 200);
    for (let i = 0; i < 200 && final().length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    await sim.admin.hooksIdle();
    expect(final().length).toBeGreaterThanOrEqual(2);

    const late = await db.task.findUniqueOrThrow({
      where: { id: task.id },
      include: { clips: true, ledgerEntries: true },
    });
    expect(late.status).toBe("TIMED_OUT"); // the outcome the user was told stands
    expect(late.arrivedLateAt).toBeInstanceOf(Date);
    expect(late.clips.length).toBeGreaterThan(0);
    // the songs are the user's: playable, and copied by the archiver like any other (right
    // after the callback; this file allows no media host, so the copy fails and is rescheduled)
    for (const clip of late.clips) {
      expect(clip.status).toBe("COMPLETE");
      expect(clip.audioUrl).toBeTruthy();
      expect(clip.completedAt).toBeInstanceOf(Date);
    }
    for (let i = 0; i < 100; i++) {
      const copying = await db.clip.count({
        where: { taskId: task.id, archiveStatus: { in: ["PENDING", "ARCHIVING"] } },
      });
      if (copying === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const clip of await db.clip.findMany({ where: { taskId: task.id } })) {
      expect(clip.archiveAttempts).toBeGreaterThanOrEqual(1);
      expect(clip.archiveStatus === "ARCHIVED" || clip.nextArchiveAt !== null).toBe(true);
    }
    expect(late.ledgerEntries.filter((e) => e.kind === "REFUND")).toHaveLength(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).creditBalance).toBe(
      before,
    );
    await expectInvariants(user.id);
  });

  it("a request whose answer never came, but which the provider made, keeps its late songs too", async () => {
    const user = await newUser();
    const before = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).creditBalance;
    // the submit never answers (Chorus gives up after 400 ms and cannot know what happened)
    sim.admin.setFaults({ rules: [{ path: "/suno/submit", action: "hang", times: 1 }] });
    const task = await submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey: key(),
      client,
      notifyBaseUrl: hookBase,
    });
    expect(task).toMatchObject({ status: "FAILED", failCode: "TIMEOUT", upstreamId: null });
    // ...but the provider made it, with the callback URL Chorus had sent it
    const accepted = await fetch(`${sim.url}/suno/submit/music`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        mv: "chirp-hawk",
        tags: song.tags,
        title: song.title,
        make_instrumental: true,
        prompt: "",
        notify_hook: notifyHookUrl(task.id, hookBase),
      }),
    });
    const made = ((await accepted.json()) as { data: string }).data;
    expect(typeof made).toBe("string");

    sim.admin.setFaults({});
    expect(sim.admin.complete(made!)).toBe(true);
    const final = () =>
      sim.admin.deliveries().filter((d) => d.taskId === made && d.taskStatus === "SUCCESS");
    for (let i = 0; i < 200 && final().length < 1; i++) await new Promise((r) => setTimeout(r, 25));
    await sim.admin.hooksIdle();

    const late = await db.task.findUniqueOrThrow({
      where: { id: task.id },
      include: { clips: true, ledgerEntries: true },
    });
    expect(late).toMatchObject({ status: "FAILED", failCode: "TIMEOUT", upstreamId: made });
    expect(late.arrivedLateAt).toBeInstanceOf(Date);
    expect(late.clips.length).toBeGreaterThan(0);
    expect(late.clips.every((c) => c.status === "COMPLETE" && c.audioUrl)).toBe(true);
    expect(late.ledgerEntries.filter((e) => e.kind === "REFUND")).toHaveLength(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).creditBalance).toBe(
      before,
    );
    await expectInvariants(user.id);
  });

  it("a mix of moderation failures and successes, with duplicate and out-of-order callbacks", async () => {
    const user = await newUser();
    sim.admin.setFaults({ callbacks: { duplicate: true, outOfOrder: true } });
    const inputs = [
      song,
      {
        operation: "DESCRIPTION_SONG",
        description: "sounds like Taylor Swift",
        instrumental: false,
        model: "chirp-hawk",
      },
      song,
      { operation: "LYRICS", prompt: "taylor swift fan song" },
    ];
    const tasks = [];
    for (const input of inputs)
      tasks.push(
        await submitTask({
          actor: user,
          teamId: null,
          input,
          idempotencyKey: key(),
          client,
          notifyBaseUrl: hookBase,
        }),
      );
    for (const task of tasks) sim.admin.complete(task.upstreamId!);
    await sim.admin.hooksIdle();
    expect(deliveries.length).toBeGreaterThanOrEqual(tasks.length * 2); // duplicates arrived
    expect(deliveries.every((status) => status === 200)).toBe(true);
    const ended = await db.task.findMany({
      where: { id: { in: tasks.map((t) => t.id) } },
      orderBy: { createdAt: "asc" },
      select: { status: true, failCode: true },
    });
    expect(ended.map((t) => t.status)).toEqual(["SUCCEEDED", "FAILED", "SUCCEEDED", "FAILED"]);
    expect(ended[1]!.failCode).toBe("MODERATION");
    await settle(user.id); // polls after the callbacks change nothing
    await expectInvariants(user.id);
  });
});

describe("crashes", () => {
  it("a sweeper that dies holding leases delays its tasks but loses none", async () => {
    const user = await newUser();
    const tasks = await Promise.all(
      Array.from({ length: 3 }, () =>
        submitTask({ actor: user, teamId: null, input: song, idempotencyKey: key(), client }),
      ),
    );
    for (const task of tasks) sim.admin.complete(task.upstreamId!);
    // a sweeper claims them, then its process is gone: leases held, nothing ingested
    await sql.query(
      `UPDATE tasks SET next_poll_at = now() - interval '1 second' WHERE owner_id = $1`,
      [user.id],
    );
    await sql.query(
      `UPDATE tasks SET lease_until = now() + interval '30 seconds', lease_owner = 'dead-process' WHERE owner_id = $1`,
      [user.id],
    );
    expect((await sweep({ client })).fetched).toBe(0); // the leases are respected
    await sql.query(
      `UPDATE tasks SET lease_until = now() - interval '1 second' WHERE owner_id = $1`,
      [user.id],
    ); // they expire
    await settle(user.id);
    expect(
      (await db.task.findMany({ where: { ownerId: user.id } })).every(
        (t) => t.status === "SUCCEEDED",
      ),
    ).toBe(true);
    await expectInvariants(user.id);
  });
});
