// A process that dies after the provider accepted a request but before Chorus stored the
// provider's task id used to lose the song: the callbacks were ignored while the task was
// SUBMITTING, and two minutes later it failed "not confirmed" and was refunded. Now a
// callback (its URL carries the task id and its HMAC token) adopts the provider's task id.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { submitTask } from "@/lib/tasks/submit";
import { sweep } from "@/lib/tasks/sweep";
import { receiveWebhook } from "@/lib/tasks/webhook";
import { webhookToken } from "@/lib/tasks/webhook-token";

import { startSimulator, type Simulator } from "../../simulator/server";

const KEY = "sk-adoption";
let sim: Simulator;
let sql: pg.Client;
let receiver: Server;
let receiverUrl: string;
const deliveries: { status: number; body: unknown }[] = [];
/** while set, callbacks are refused before they reach Chorus (lost on the way) */
let dropCallbacks = false;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 20, clipSeconds: 2 });
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  // stands in for the webhook route: the same receiveWebhook, over real HTTP
  async function receive(req: IncomingMessage, res: ServerResponse) {
    let text = "";
    for await (const chunk of req) text += chunk;
    if (dropCallbacks) return void res.writeHead(503).end();
    const url = new URL(req.url!, "http://receiver");
    const outcome = await receiveWebhook({
      taskId: url.searchParams.get("task"),
      token: url.searchParams.get("token"),
      body: JSON.parse(text),
    });
    deliveries.push(outcome);
    res.writeHead(outcome.status, { "content-type": "application/json" });
    res.end(JSON.stringify(outcome.body));
  }
  receiver = createServer((req, res) => void receive(req, res));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sim.stop();
  await sql.end();
  await new Promise((resolve) => receiver.close(resolve));
});

/** A client whose submit reaches the provider, whose answer never comes back (until cut). */
function clientLosingTheSubmitAnswer() {
  let cut: (error: Error) => void = () => {};
  const accepted: string[] = [];
  const client = createSunoClient(
    [{ name: "primary", dialect: "relay", baseUrl: sim.url, keys: [KEY], timeoutMs: 60_000 }],
    {
      sleep: async () => {},
      fetchImpl: async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).includes("/submit")) return response;
        accepted.push(String(((await response.json()) as { data?: unknown }).data));
        return new Promise<Response>((_, reject) => (cut = reject));
      },
    },
  );
  return { client, accepted, cut: () => cut(new TypeError("fetch failed")) };
}

async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ledger = async (taskId: string) =>
  (
    await sql.query(`SELECT kind FROM ledger_entries WHERE task_id = $1 ORDER BY created_at`, [
      taskId,
    ])
  ).rows.map((r) => r.kind);

async function newUser() {
  return registerUser({
    name: "Adopter",
    email: `adopt-${randomBytes(5).toString("hex")}@example.test`,
    password: "a long enough password",
  });
}

const song = {
  operation: "CUSTOM_SONG",
  lyrics: "[Verse]\nThe answer never came",
  tags: "folk",
  title: "Lost answer",
  model: "chirp-hawk",
};

describe("a callback for a task still SUBMITTING", () => {
  it("adopts the provider's task id, and the song arrives charged once, never refunded", async () => {
    const user = await newUser();
    const { client, accepted, cut } = clientLosingTheSubmitAnswer();
    const idempotencyKey = `adopt-${randomBytes(8).toString("hex")}`;
    // never settles until cut: as if the process had died right after the provider accepted
    const pending = submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey,
      client,
      notifyBaseUrl: receiverUrl,
    });
    const upstreamId = await until(async () => accepted[0], "the provider to accept");
    const task = await until(
      () => db.task.findFirst({ where: { ownerId: user.id, status: "SUCCEEDED" } }),
      "the callbacks to finish the task",
    );
    expect(task).toMatchObject({
      upstreamId,
      provider: "primary",
      dialect: "RELAY",
      keyFingerprint: expect.any(String),
    });
    expect(await db.clip.count({ where: { taskId: task.id } })).toBe(2);
    expect(deliveries.some((d) => d.status === 200)).toBe(true);

    // the same request again while it runs is the same task, and a sweep leaves it be
    expect(
      (await submitTask({ actor: user, teamId: null, input: song, idempotencyKey, client })).id,
    ).toBe(task.id);
    await sql.query(`UPDATE tasks SET created_at = now() - interval '10 minutes' WHERE id = $1`, [
      task.id,
    ]);
    await sweep({ client });

    // the lost answer finally fails (a reset connection): the adopted task keeps its song
    cut();
    await pending;
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: "SUCCEEDED",
      failCode: null,
    });
    expect(await ledger(task.id)).toEqual(["CHARGE"]);
  });

  it("is followed up by polling when the later callbacks are lost", async () => {
    const user = await newUser();
    const { client, accepted, cut } = clientLosingTheSubmitAnswer();
    sim.admin.setFaults({ neverFinish: true });
    const pending = submitTask({
      actor: user,
      teamId: null,
      input: song,
      idempotencyKey: `adopt-${randomBytes(8).toString("hex")}`,
      client,
      notifyBaseUrl: receiverUrl,
    });
    const upstreamId = await until(async () => accepted[0], "the provider to accept");
    const task = await until(
      () => db.task.findFirst({ where: { ownerId: user.id, upstreamId } }),
      "a callback to adopt the task",
    );
    // adopted: past SUBMITTING, at whatever stage the callback that adopted it reported
    expect(["SUBMITTED", "QUEUED", "RUNNING"]).toContain(task.status);
    // from now on no callback arrives; the sweeper polls through the recorded provider and key
    dropCallbacks = true;
    sim.admin.setFaults({});
    sim.admin.complete(upstreamId);
    await sim.admin.hooksIdle();
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).not.toBe(
      "SUCCEEDED",
    );
    await sql.query(`UPDATE tasks SET next_poll_at = now() - interval '1 second' WHERE id = $1`, [
      task.id,
    ]);
    const polling = createSunoClient([
      { name: "primary", dialect: "relay", baseUrl: sim.url, keys: [KEY] },
    ]);
    await sweep({ client: polling });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("SUCCEEDED");
    dropCallbacks = false;
    cut();
    await pending;
    expect(await ledger(task.id)).toEqual(["CHARGE"]);
  });

  it("changes nothing for a task that ended without an upstream id", async () => {
    const user = await newUser();
    const failed = await db.task.create({
      data: {
        ownerId: user.id,
        operation: "LYRICS",
        status: "FAILED",
        idempotencyKey: `adopt-${randomBytes(8).toString("hex")}`,
        request: { operation: "LYRICS", prompt: "x" },
      },
    });
    const body = { task_id: "up-late", status: "SUCCESS", action: "LYRICS", data: null };
    expect(
      await receiveWebhook({ taskId: failed.id, token: webhookToken(failed.id), body }),
    ).toMatchObject({ status: 202 });
    expect(await db.task.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      status: "FAILED",
      upstreamId: null,
    });
  });
});
