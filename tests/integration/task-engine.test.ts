// The task engine against a real Postgres and the simulator over HTTP: write first, call
// second; idempotency; refusals refunded once; forward-only ingest; leases; the sweeper.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { ingest } from "@/lib/tasks/ingest";
import { refreshAllDue, refreshIfDue } from "@/lib/tasks/refresh";
import { submitTask } from "@/lib/tasks/submit";
import { sweep } from "@/lib/tasks/sweep";
import { receiveWebhook } from "@/lib/tasks/webhook";
import { webhookToken } from "@/lib/tasks/webhook-token";

import { startSimulator, type Simulator } from "../../simulator/server";

const KEY = "sk-engine-test";
let sim: Simulator;
let client: ReturnType<typeof createSunoClient>;
let sql: pg.Client;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 3 });
  client = createSunoClient(
    [{ name: "primary", dialect: "relay", baseUrl: sim.url, keys: [KEY], timeoutMs: 2000 }],
    { sleep: async () => {} },
  );
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
});
afterAll(async () => {
  await sim.stop();
  await sql.end();
});
beforeEach(() => sim.admin.reset());

const key = () => `idem-${randomBytes(8).toString("hex")}`;
const song = {
  operation: "CUSTOM_SONG",
  lyrics: "[Verse]\nLanterns on the water",
  tags: "folk",
  title: "Lanterns",
  model: "chirp-hawk",
};

async function newUser(credits?: number) {
  const user = await registerUser({
    name: "Engine Tester",
    email: `engine-${randomBytes(5).toString("hex")}@example.test`,
    password: "a long enough password",
  });
  if (credits !== undefined)
    await sql.query(`UPDATE users SET credit_balance = $2 WHERE id = $1`, [user.id, credits]);
  return user;
}
const balance = async (userId: string) =>
  Number(
    (await sql.query(`SELECT credit_balance FROM users WHERE id = $1`, [userId])).rows[0]
      .credit_balance,
  );
const ledger = async (userId: string) =>
  (
    await sql.query(
      `SELECT kind, amount, task_id FROM ledger_entries WHERE user_id = $1 AND kind <> 'GRANT' ORDER BY created_at`,
      [userId],
    )
  ).rows;
/** makes the task due now (instead of waiting out its poll interval) */
const makeDue = (taskId: string) =>
  sql.query(`UPDATE tasks SET next_poll_at = now() - interval '1 second' WHERE id = $1`, [taskId]);
const fetches = () => sim.admin.requests().filter((r) => r.path.startsWith("/suno/fetch"));

async function runToEnd(taskId: string) {
  for (let i = 0; i < 100; i++) {
    await makeDue(taskId);
    await refreshIfDue(taskId, client);
    const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
    if (["SUCCEEDED", "FAILED", "TIMED_OUT"].includes(task.status)) return task;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error("task never ended");
}

describe("submitting", () => {
  it("writes the task and its charge first, stores the upstream id, and follows it to two clips", async () => {
    const user = await newUser();
    const before = await balance(user.id);
    const task = await submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey: key(),
      client,
    });
    expect(task).toMatchObject({
      status: "SUBMITTED",
      provider: "primary",
      dialect: "RELAY",
      cost: 10,
    });
    expect(task.upstreamId).toBeTruthy();
    expect(task.keyFingerprint).toMatch(/^k_[0-9a-f]{12}$/);
    expect(await balance(user.id)).toBe(before - 10);
    expect(await ledger(user.id)).toEqual([{ kind: "CHARGE", amount: -10, task_id: task.id }]);

    const done = await runToEnd(task.id);
    expect(done).toMatchObject({ status: "SUCCEEDED", progress: 100 });
    const clips = await db.clip.findMany({
      where: { taskId: task.id },
      orderBy: { createdAt: "asc" },
    });
    expect(clips).toHaveLength(2);
    for (const clip of clips) {
      expect(clip).toMatchObject({
        ownerId: user.id,
        teamId: null,
        status: "COMPLETE",
        title: "Lanterns",
        tags: "folk",
        lyrics: "[Verse]\nLanterns on the water",
        provider: "primary",
        archiveStatus: "PENDING",
      });
      expect(clip.audioUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/.+\.wav$/);
      expect(clip.duration).toBeGreaterThan(0);
      expect(clip.raw).toBeTruthy();
      expect(clip.completedAt).toBeInstanceOf(Date);
    }
  });

  it("makes one task and one charge for the same form sent twice, even at once", async () => {
    const user = await newUser();
    const idempotencyKey = key();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        submitTask({ actor: user, teamId: null, input: song, idempotencyKey, client }),
      ),
    );
    expect(new Set(results.map((t) => t.id)).size).toBe(1);
    const again = await submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey,
      client,
    });
    expect(again.id).toBe(results[0]!.id);
    expect((await ledger(user.id)).filter((e) => e.kind === "CHARGE")).toHaveLength(1);
    expect(sim.admin.requests().filter((r) => r.path === "/suno/submit/music")).toHaveLength(1);
  });

  it("writes nothing for bad input and says what is wrong, field by field, against the model's limits", async () => {
    const user = await newUser();
    const before = await balance(user.id);
    const error = await submitTask({
      actor: user,
      teamId: null,
      input: { ...song, tags: "x".repeat(1001), title: "" },
      idempotencyKey: key(),
      client,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(error.fieldErrors.tags[0]).toMatch(
      /v6 takes at most 1000 characters of style \(you have 1001\)/,
    );
    expect(error.fieldErrors.title[0]).toMatch(/title/);
    // a model the providers retired is refused for a new song, in words, and nothing is written
    const retired = await submitTask({
      actor: user,
      teamId: null,
      input: { ...song, model: "chirp-v3-5" },
      idempotencyKey: key(),
      client,
    }).catch((e) => e);
    expect(retired).toMatchObject({ code: "BAD_REQUEST" });
    expect(retired.fieldErrors.model[0]).toMatch(
      /v3\.5 is no longer offered.*v6, v6 wild, v6 mini/,
    );
    // the same request within the limits is fine, on any model still offered
    const ok = await submitTask({
      actor: user,
      teamId: null,
      input: { ...song, tags: "x".repeat(1000), model: "chirp-goose" },
      idempotencyKey: key(),
      client,
    });
    expect(ok.status).toBe("SUBMITTED");
    expect(await db.task.count({ where: { ownerId: user.id } })).toBe(1);
    expect(await balance(user.id)).toBe(before - 10);
  });

  it("ends an upstream refusal as failed, in the upstream's words, with one refund", async () => {
    const user = await newUser();
    const before = await balance(user.id);
    sim.admin.setFaults({
      rules: [
        {
          path: "/suno/submit/music",
          action: "badRequest",
          times: 1,
          message: "tags contain a banned word",
        },
      ],
    });
    const task = await submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey: key(),
      client,
    });
    expect(task).toMatchObject({ status: "FAILED", failCode: "INVALID_REQUEST" });
    expect(task.failReason).toContain("banned word");
    expect(await balance(user.id)).toBe(before);
    expect((await ledger(user.id)).map((e) => e.kind)).toEqual(["CHARGE", "REFUND"]);
  });

  it("never re-sends after an ambiguous 500, and refunds", async () => {
    const user = await newUser();
    sim.admin.setFaults({ rules: [{ path: "/suno/submit/music", action: "error500", times: 1 }] });
    const task = await submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey: key(),
      client,
    });
    expect(task).toMatchObject({ status: "FAILED", failCode: "UNAVAILABLE" });
    expect(task.failReason).toMatch(/credits were returned/);
    expect(sim.admin.requests().filter((r) => r.path === "/suno/submit/music")).toHaveLength(1);
    expect((await ledger(user.id)).map((e) => e.kind)).toEqual(["CHARGE", "REFUND"]);
  });

  it("never overspends: 20 parallel submits with credits for 5", async () => {
    const user = await newUser(50);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        submitTask({ actor: user, teamId: null, input: song, idempotencyKey: key(), client }),
      ),
    );
    const made = results.filter((r) => r.status === "fulfilled");
    const refused = results
      .filter((r) => r.status === "rejected")
      .map((r) => (r as PromiseRejectedResult).reason);
    expect(made).toHaveLength(5);
    expect(refused.every((e) => e.code === "QUOTA_EXCEEDED" || e.code === "RATE_LIMITED")).toBe(
      true,
    );
    expect(await balance(user.id)).toBe(0);
    // zero charges without a task, zero tasks without a charge
    const { rows } = await sql.query(
      `SELECT (SELECT count(*) FROM tasks WHERE owner_id = $1) AS tasks,
              (SELECT count(*) FROM ledger_entries l JOIN tasks t ON t.id = l.task_id WHERE l.user_id = $1 AND l.kind = 'CHARGE') AS charges`,
      [user.id],
    );
    expect(rows[0]).toEqual({ tasks: "5", charges: "5" });
  });

  it("limits how fast one person can submit", async () => {
    const user = await newUser();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        submitTask({
          actor: user,
          teamId: null,
          input: { operation: "LYRICS", prompt: "rain" },
          idempotencyKey: key(),
          client,
        }),
      ),
    );
    const limited = results.filter(
      (r) => r.status === "rejected" && (r.reason as { code: string }).code === "RATE_LIMITED",
    );
    expect(limited.length).toBeGreaterThanOrEqual(2); // 10 a minute by default
    expect((limited[0] as PromiseRejectedResult).reason.message).toMatch(
      /Try again in \d+ seconds/,
    );
  });

  it("refuses a team the actor is not in, and viewers", async () => {
    const user = await newUser();
    const team = await db.team.create({
      data: { name: "Band", slug: `band-${randomBytes(4).toString("hex")}`, creditBalance: 100 },
    });
    await expect(
      submitTask({ actor: user, teamId: team.id, input: song, idempotencyKey: key(), client }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await db.membership.create({ data: { teamId: team.id, userId: user.id, role: "VIEWER" } });
    await expect(
      submitTask({ actor: user, teamId: team.id, input: song, idempotencyKey: key(), client }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await db.membership.update({
      where: { teamId_userId: { teamId: team.id, userId: user.id } },
      data: { role: "MEMBER" },
    });
    const task = await submitTask({
      actor: user,
      teamId: team.id,
      input: song,
      idempotencyKey: key(),
      client,
    });
    expect(task.teamId).toBe(team.id);
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).creditBalance).toBe(90);
    const done = await runToEnd(task.id);
    expect(
      await db.clip.count({ where: { taskId: done.id, teamId: team.id, ownerId: user.id } }),
    ).toBe(2);

    // a refused team task refunds the team, not the member
    const personal = await balance(user.id);
    sim.admin.setFaults({
      rules: [{ path: "/suno/submit/music", action: "badRequest", times: 1 }],
    });
    const refused = await submitTask({
      actor: user,
      teamId: team.id,
      input: song,
      idempotencyKey: key(),
      client,
    });
    expect(refused.status).toBe("FAILED");
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).creditBalance).toBe(90);
    expect(await balance(user.id)).toBe(personal);
    const teamLedger = await db.ledgerEntry.findMany({
      where: { taskId: refused.id },
      orderBy: { createdAt: "asc" },
      select: { kind: true, amount: true, teamId: true, balanceAfter: true },
    });
    expect(teamLedger).toEqual([
      { kind: "CHARGE", amount: -10, teamId: team.id, balanceAfter: 80 },
      { kind: "REFUND", amount: 10, teamId: team.id, balanceAfter: 90 },
    ]);
  });
});

describe("following tasks", () => {
  it("a moderation failure ends the task with the reason in plain words and refunds once, however often it is ingested", async () => {
    const user = await newUser();
    const before = await balance(user.id);
    const task = await submitTask({
      actor: user,
      teamId: null,
      input: {
        operation: "DESCRIPTION_SONG",
        description: "a song like taylor swift",
        instrumental: false,
        model: "chirp-hawk",
      },
      idempotencyKey: key(),
      client,
    });
    const done = await runToEnd(task.id);
    expect(done).toMatchObject({ status: "FAILED", failCode: "MODERATION" });
    expect(done.failReason).toMatch(/content rules.*taylor swift/i);
    // the same failure delivered again, several times at once
    const news = await client.fetchTask({
      provider: "primary",
      keyFingerprint: task.keyFingerprint!,
      upstreamId: task.upstreamId!,
      operation: "DESCRIPTION_SONG",
    });
    await Promise.all(Array.from({ length: 5 }, () => ingest(task.id, news, "webhook")));
    expect(await balance(user.id)).toBe(before);
    expect((await ledger(user.id)).map((e) => e.kind)).toEqual(["CHARGE", "REFUND"]);
  });

  it("20 viewers polling one task at once cost one upstream request", async () => {
    const user = await newUser();
    const task = await submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey: key(),
      client,
    });
    await makeDue(task.id);
    const before = fetches().length;
    const refreshed = await Promise.all(
      Array.from({ length: 20 }, () => refreshIfDue(task.id, client)),
    );
    expect(refreshed.filter(Boolean)).toHaveLength(1);
    expect(fetches().length - before).toBe(1);
  });

  it("a viewer's list of due tasks is refreshed in one upstream request", async () => {
    const user = await newUser();
    const tasks = await Promise.all(
      Array.from({ length: 4 }, () =>
        submitTask({ actor: user, teamId: null, input: song, idempotencyKey: key(), client }),
      ),
    );
    await Promise.all(tasks.map((t) => makeDue(t.id)));
    const before = fetches().length;
    expect(
      await refreshAllDue(
        tasks.map((t) => t.id),
        client,
      ),
    ).toBe(4);
    expect(
      fetches()
        .slice(before)
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(["POST /suno/fetch"]);
    expect(
      await refreshAllDue(
        tasks.map((t) => t.id),
        client,
      ),
    ).toBe(0); // not due again yet
  });

  it("ingesting the same news twice, or at once, makes no duplicate clips; statuses never go back", async () => {
    const user = await newUser();
    const task = await submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey: key(),
      client,
    });
    sim.admin.complete(task.upstreamId!);
    const ref = {
      provider: "primary",
      keyFingerprint: task.keyFingerprint!,
      upstreamId: task.upstreamId!,
      operation: "CUSTOM_SONG" as const,
    };
    const final = await client.fetchTask(ref);
    await Promise.all(Array.from({ length: 4 }, () => ingest(task.id, final, "webhook")));
    expect(await db.clip.count({ where: { taskId: task.id } })).toBe(2);

    // an old, in-progress answer arriving late changes nothing
    const stale = {
      ...final,
      status: "RUNNING" as const,
      upstreamStatus: "IN_PROGRESS",
      progress: 0,
      clips: final.clips.map((c) => ({ ...c, status: "STREAMING" as const, audioUrl: null })),
    };
    await ingest(task.id, stale, "webhook");
    const after = await db.task.findUniqueOrThrow({
      where: { id: task.id },
      include: { clips: true },
    });
    expect(after.status).toBe("SUCCEEDED");
    expect(after.clips.every((c) => c.status === "COMPLETE" && c.audioUrl)).toBe(true);
  });

  it("links lineage: an extension to its parent, the whole song to its parts", async () => {
    const user = await newUser();
    const first = await runToEnd(
      (await submitTask({ actor: user, teamId: null, input: song, idempotencyKey: key(), client }))
        .id,
    );
    const parent = (
      await db.clip.findMany({ where: { taskId: first.id }, orderBy: { createdAt: "asc" } })
    )[0]!;
    const ext = await submitTask({
      actor: user,
      teamId: null,
      input: {
        operation: "EXTEND",
        clipId: parent.id,
        continueAt: 1.5,
        lyrics: "[Verse 2]\nMore",
        tags: "folk",
        model: "chirp-hawk",
      },
      idempotencyKey: key(),
      client,
    });
    expect(ext.sourceClipId).toBe(parent.id);
    await runToEnd(ext.id);
    const child = await db.clip.findFirstOrThrow({ where: { taskId: ext.id } });
    expect(child).toMatchObject({
      parentClipId: parent.id,
      continueAt: 1.5,
      continueClipUpstreamId: parent.upstreamId,
      clipType: "extend",
    });

    const whole = await runToEnd(
      (
        await submitTask({
          actor: user,
          teamId: null,
          input: { operation: "CONCAT", clipId: child.id },
          idempotencyKey: key(),
          client,
        })
      ).id,
    );
    const song2 = await db.clip.findFirstOrThrow({ where: { taskId: whole.id } });
    expect(song2).toMatchObject({ clipType: "concat", parentClipId: child.id });
    expect(song2.duration).toBeCloseTo(1.5 + child.duration!, 1);
    expect(song2.concatHistory).toBeTruthy();

    // another user cannot extend it
    const stranger = await newUser();
    await expect(
      submitTask({
        actor: stranger,
        teamId: null,
        input: { operation: "CONCAT", clipId: child.id },
        idempotencyKey: key(),
        client,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("stores lyrics for lyrics tasks", async () => {
    const user = await newUser();
    const task = await runToEnd(
      (
        await submitTask({
          actor: user,
          teamId: null,
          input: { operation: "LYRICS", prompt: "a lighthouse at dawn" },
          idempotencyKey: key(),
          client,
        })
      ).id,
    );
    const lyrics = await db.lyrics.findUniqueOrThrow({ where: { taskId: task.id } });
    expect(lyrics).toMatchObject({
      ownerId: user.id,
      prompt: "a lighthouse at dawn",
      status: "COMPLETE",
    });
    expect(lyrics.text).toMatch(/\[Verse\]/);
    expect(await ledger(user.id)).toEqual([{ kind: "CHARGE", amount: -1, task_id: task.id }]);
  });
});

describe("webhooks", () => {
  it("a valid token ingests; a bad one gets 401 and changes nothing; duplicates and stale deliveries do no harm", async () => {
    const user = await newUser();
    const task = await submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey: key(),
      client,
    });
    sim.admin.complete(task.upstreamId!);
    const body = sim.admin.state().tasks.find((t) => t.id === task.upstreamId)!.relay;

    const forged = await receiveWebhook({
      taskId: task.id,
      token: webhookToken(`${task.id}x`),
      body,
    });
    expect(forged.status).toBe(401);
    expect(await receiveWebhook({ taskId: task.id, token: null, body })).toMatchObject({
      status: 401,
    });
    expect(await db.clip.count({ where: { taskId: task.id } })).toBe(0);

    const token = webhookToken(task.id);
    expect(await receiveWebhook({ taskId: task.id, token, body })).toMatchObject({
      status: 200,
      body: { applied: true, status: "SUCCEEDED" },
    });
    expect(await receiveWebhook({ taskId: task.id, token, body })).toMatchObject({
      status: 200,
      body: { applied: false },
    });
    expect(
      await receiveWebhook({
        taskId: task.id,
        token,
        body: { ...body, status: "IN_PROGRESS", data: null },
      }),
    ).toMatchObject({ status: 200 });
    expect(await receiveWebhook({ taskId: task.id, token, body: "not json" })).toMatchObject({
      status: 400,
    });
    const after = await db.task.findUniqueOrThrow({
      where: { id: task.id },
      include: { _count: { select: { clips: true } } },
    });
    expect(after).toMatchObject({ status: "SUCCEEDED", _count: { clips: 2 } });
  });
});

describe("the sweeper", () => {
  it("fetches due tasks in one batch per provider and key", async () => {
    const user = await newUser();
    const tasks = await Promise.all(
      Array.from({ length: 6 }, () =>
        submitTask({ actor: user, teamId: null, input: song, idempotencyKey: key(), client }),
      ),
    );
    for (const task of tasks) sim.admin.complete(task.upstreamId!);
    await sql.query(
      `UPDATE tasks SET next_poll_at = now() - interval '1 second' WHERE id = ANY($1)`,
      [tasks.map((t) => t.id)],
    );
    // tasks earlier tests left running (other keys, other faults) are not this sweep's business
    await sql.query(
      `UPDATE tasks SET next_poll_at = now() + interval '1 hour'
        WHERE id <> ALL($1) AND status NOT IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT')`,
      [tasks.map((t) => t.id)],
    );
    const before = fetches().length;
    const report = await sweep({ client });
    expect(report.fetched).toBeGreaterThanOrEqual(6);
    expect(
      fetches()
        .slice(before)
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(["POST /suno/fetch"]);
    const statuses = await db.task.findMany({
      where: { id: { in: tasks.map((t) => t.id) } },
      select: { status: true },
    });
    expect(statuses.every((t) => t.status === "SUCCEEDED")).toBe(true);
  });

  it("times out tasks that never finish, and abandons ones stuck before the upstream answered, refunding each once", async () => {
    const user = await newUser();
    const before = await balance(user.id);
    sim.admin.setFaults({ neverFinish: true });
    const slow = await submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey: key(),
      client,
    });
    // a crash between the charge and the upstream call leaves a SUBMITTING row
    const crashed = await db.task.create({
      data: {
        ownerId: user.id,
        operation: "LYRICS",
        status: "SUBMITTING",
        request: { operation: "LYRICS", prompt: "x" },
        idempotencyKey: key(),
        cost: 1,
        createdAt: new Date(Date.now() - 10 * 60_000),
      },
    });
    await sql.query(`UPDATE users SET credit_balance = credit_balance - 1 WHERE id = $1`, [
      user.id,
    ]);
    await sql.query(
      `INSERT INTO ledger_entries (id, user_id, task_id, kind, amount, balance_after) VALUES ($1, $2, $3, 'CHARGE', -1, 0)`,
      [key(), user.id, crashed.id],
    );

    await sql.query(`UPDATE tasks SET deadline_at = now() - interval '1 second' WHERE id = $1`, [
      slow.id,
    ]);
    const [a, b] = await Promise.all([sweep({ client }), sweep({ client })]); // two sweepers at once
    expect(a.timedOut + b.timedOut).toBeGreaterThanOrEqual(1);
    expect(await db.task.findUniqueOrThrow({ where: { id: slow.id } })).toMatchObject({
      status: "TIMED_OUT",
      failCode: "TIMEOUT",
    });
    expect(await db.task.findUniqueOrThrow({ where: { id: crashed.id } })).toMatchObject({
      status: "FAILED",
      failCode: "NOT_CONFIRMED",
    });
    expect(await balance(user.id)).toBe(before);
    const refunds = (await ledger(user.id)).filter((e) => e.kind === "REFUND");
    expect(refunds.map((r) => r.task_id).sort()).toEqual([slow.id, crashed.id].sort());
  });
});
