// Outgoing webhooks (issue 19, item 4): events are written to a Postgres outbox with the change
// they report and delivered by the sweeper, signed per Standard Webhooks, retried with
// backoff, in order per endpoint. The receivers here are real HTTP servers run by the test.
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createPlaylist, updatePlaylist } from "@/lib/playlists/playlists";
import { createSunoClient } from "@/lib/suno/client";
import { finishUnsuccessfully } from "@/lib/tasks/finish";
import { refreshIfDue } from "@/lib/tasks/refresh";
import { submitTask } from "@/lib/tasks/submit";
import { createWebhookEndpoint, sendTestWebhook } from "@/lib/webhooks/endpoints";
import { deliverDueWebhooks, MAX_ATTEMPTS } from "@/lib/webhooks/outbox";
import { verifyWebhook } from "@/lib/webhooks/signing";

import { startSimulator, type Simulator } from "../../simulator/server";

type Received = { headers: Record<string, string>; body: string };

/** A receiver answering 500 to its first `failures` requests, then 200. */
async function receiver(failures = 0) {
  const received: Received[] = [];
  let left = failures;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      res.statusCode = left-- > 0 ? 500 : 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  servers.push(server);
  return { url: `http://127.0.0.1:${port}/hook`, host: `127.0.0.1:${port}`, received };
}

const servers: Server[] = [];
const KEY = "sk-webhooks";
let sim: Simulator;
let client: ReturnType<typeof createSunoClient>;
const allowHosts = new Set<string>();

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 3 });
  client = createSunoClient(
    [{ name: "primary", dialect: "relay", baseUrl: sim.url, keys: [KEY], timeoutMs: 2000 }],
    { sleep: async () => {} },
  );
});
afterAll(async () => {
  await sim.stop();
  for (const server of servers) server.close();
});

const person = (name: string) =>
  registerUser({
    name,
    email: `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });
const song = { operation: "INSTRUMENTAL", tags: "folk", title: "Hooked", model: "chirp-hawk" };

async function finishedTask(actor: { id: string }) {
  const task = await submitTask({
    actor,
    teamId: null,
    input: song,
    idempotencyKey: `hook-${randomBytes(6).toString("hex")}`,
    client,
  });
  for (let i = 0; i < 200; i++) {
    await db.task.update({ where: { id: task.id }, data: { nextPollAt: new Date(0) } });
    await refreshIfDue(task.id, client);
    const now = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    if (now.status === "SUCCEEDED") return now;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error("task never ended");
}

/** Makes every pending delivery due now (the backoff is tested by its schedule, not a wait). */
const dueNow = () =>
  db.webhookDelivery.updateMany({
    where: { status: "PENDING" },
    data: { nextAttemptAt: new Date() },
  });

describe("outgoing webhooks", () => {
  it("a receiver gets task.succeeded with a valid Standard Webhooks signature", async () => {
    const user = await person("Hooker");
    const hook = await receiver();
    allowHosts.add(hook.host);
    const endpoint = await createWebhookEndpoint({
      actor: user,
      teamId: null,
      url: hook.url,
      events: ["task.succeeded"],
      allowHosts,
    });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const task = await finishedTask(user);
    // written with the status, before anything is sent
    const queued = await db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(queued.map((d) => [d.eventType, d.status])).toEqual([["task.succeeded", "PENDING"]]);

    expect((await deliverDueWebhooks({ allowHosts })).sent).toBeGreaterThanOrEqual(1);
    expect(hook.received).toHaveLength(1);
    const { headers, body } = hook.received[0]!;
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["webhook-id"]).toBe(queued[0]!.id);
    // the signature, computed here from the spec: HMAC-SHA256 over id.timestamp.body with the
    // base64-decoded secret, base64, behind "v1,"
    const key = Buffer.from(endpoint.secret.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key)
      .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`)
      .digest("base64");
    expect(headers["webhook-signature"]).toBe(`v1,${expected}`);
    expect(Math.abs(Number(headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    const verified = verifyWebhook(
      endpoint.secret,
      {
        id: headers["webhook-id"]!,
        timestamp: headers["webhook-timestamp"]!,
        signature: headers["webhook-signature"]!,
      },
      body,
    );
    expect(verified).toBe(true);
    expect(
      verifyWebhook(endpoint.secret, { id: "x", timestamp: "1", signature: "v1,x" }, body),
    ).toBe(false);
    const event = JSON.parse(body);
    expect(event).toMatchObject({ type: "task.succeeded", data: { taskId: task.id } });
    expect(event.data.clipIds.length).toBeGreaterThan(0);
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: queued[0]!.id } });
    expect(row).toMatchObject({ status: "DELIVERED", attempts: 1, lastStatus: 200 });

    // delivered once: another pass sends nothing more
    await dueNow();
    await deliverDueWebhooks({ allowHosts });
    expect(hook.received).toHaveLength(1);
  });

  it("a receiver that fails twice gets the event on the third try, with the same id", async () => {
    const user = await person("Flaky");
    const hook = await receiver(2);
    allowHosts.add(hook.host);
    const endpoint = await createWebhookEndpoint({
      actor: user,
      teamId: null,
      url: hook.url,
      events: ["task.succeeded", "task.failed"],
      allowHosts,
    });
    await finishedTask(user);
    const first = await deliverDueWebhooks({ allowHosts });
    expect(first.retrying).toBeGreaterThanOrEqual(1);
    let row = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 1, lastStatus: 500 });
    // the next try waits (backoff), and is not sent before then
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 5_000);
    await deliverDueWebhooks({ allowHosts });
    expect(hook.received).toHaveLength(1);

    await dueNow();
    await deliverDueWebhooks({ allowHosts });
    row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 2 });
    await dueNow();
    await deliverDueWebhooks({ allowHosts });
    row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(row).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatus: 200 });
    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([row.id]));
    expect(MAX_ATTEMPTS).toBeGreaterThan(3);
  });

  it("events stay in their workspace, in order per endpoint; task.failed and playlist.updated", async () => {
    const user = await person("Ordered");
    const stranger = await person("Elsewhere");
    const hook = await receiver();
    const other = await receiver();
    allowHosts.add(hook.host).add(other.host);
    const endpoint = await createWebhookEndpoint({
      actor: user,
      teamId: null,
      url: hook.url,
      events: ["task.failed", "playlist.updated"],
      allowHosts,
    });
    await createWebhookEndpoint({
      actor: stranger,
      teamId: null,
      url: other.url,
      events: ["task.failed", "playlist.updated"],
      allowHosts,
    });
    const task = await db.task.create({
      data: {
        ownerId: user.id,
        operation: "INSTRUMENTAL",
        status: "RUNNING",
        request: {},
        idempotencyKey: `fail-${randomBytes(6).toString("hex")}`,
      },
    });
    await db.$transaction((tx) =>
      finishUnsuccessfully(tx, {
        taskId: task.id,
        status: "TIMED_OUT",
        reason: "late",
        code: "TIMEOUT",
      }),
    );
    const playlist = await createPlaylist({ actor: user, name: "Hooks" });
    await updatePlaylist({
      actor: user,
      playlistId: playlist.id,
      name: "Hooks 2",
      description: "",
      collaborative: false,
    });
    await deliverDueWebhooks({ allowHosts });
    await deliverDueWebhooks({ allowHosts });
    const types = hook.received.map((r) => JSON.parse(r.body));
    expect(types.map((e) => e.type)).toEqual(["task.failed", "playlist.updated"]);
    expect(types[0].data).toMatchObject({ taskId: task.id, status: "TIMED_OUT" });
    expect(types[1].data).toMatchObject({ playlistId: playlist.id, name: "Hooks 2" });
    expect(other.received).toHaveLength(0);
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(2);
  });

  it("destinations pass the SSRF guard; send test delivers at once and is logged", async () => {
    const user = await person("Guarded");
    for (const url of [
      "http://127.0.0.1:9/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/x",
      "http://localhost:3000/",
      "ftp://example.com/",
      "https://user:pw@example.com/",
    ])
      await expect(
        createWebhookEndpoint({ actor: user, teamId: null, url, events: ["task.failed"] }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const hook = await receiver();
    allowHosts.add(hook.host);
    const endpoint = await createWebhookEndpoint({
      actor: user,
      teamId: null,
      url: hook.url,
      events: ["clip.archived"],
      allowHosts,
    });
    const result = await sendTestWebhook({ actor: user, endpointId: endpoint.id, allowHosts });
    expect(result.ok).toBe(true);
    expect(JSON.parse(hook.received[0]!.body).type).toBe("webhook.test");
    const logged = await db.webhookDelivery.findFirstOrThrow({
      where: { endpointId: endpoint.id },
    });
    expect(logged).toMatchObject({ eventType: "webhook.test", status: "DELIVERED" });
    // without the allowance the same loopback receiver is refused at send time too
    const refused = await sendTestWebhook({
      actor: user,
      endpointId: endpoint.id,
      allowHosts: new Set(),
    });
    expect(refused.ok).toBe(false);
    expect(hook.received).toHaveLength(1);
    // nobody else's endpoint
    const stranger = await person("Prober");
    await expect(
      sendTestWebhook({ actor: stranger, endpointId: endpoint.id, allowHosts }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
