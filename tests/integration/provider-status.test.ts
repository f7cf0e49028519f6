// Operators' view of the providers (issue 15, items 3 and 6), against Postgres and the
// simulator over HTTP: who is an operator; each provider and key by fingerprint with its state
// and reason (as another instance recorded it), requests in the last hour and the balance where
// the dialect tells; and a failure the vendor refunded (code 531) recorded on its task.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { isAdmin } from "@/lib/admin/access";
import { getProviderStatus } from "@/lib/admin/provider-status";
import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { keyFingerprint } from "@/lib/suno/keys";
import { postgresCooldownStore } from "@/lib/tasks/cooldowns";
import { postgresRequestMeter } from "@/lib/tasks/request-meter";
import { submitTask } from "@/lib/tasks/submit";
import { receiveWebhook } from "@/lib/tasks/webhook";
import { webhookToken } from "@/lib/tasks/webhook-token";

import { startSimulator, type Simulator } from "../../simulator/server";

const GOOD = "sk-status-good";
const REVOKED = "sk-status-revoked"; // configured here, refused by the provider
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [GOOD], stepMs: 10, clipSeconds: 2 });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  sim.admin.reset();
  await db.keyCooldown.deleteMany();
});

/** One server instance: its own client and its own view of the shared cool-downs. */
const instance = () =>
  createSunoClient(
    [
      { name: "primary", dialect: "sunoapi-org", baseUrl: `${sim.url}/org`, keys: [REVOKED, GOOD] },
      { name: "fallback", dialect: "relay", baseUrl: sim.url, keys: [GOOD] },
    ],
    { cooldowns: postgresCooldownStore(), sleep: async () => {} },
  );

const newUser = () =>
  registerUser({
    name: "Status Tester",
    email: `status-${randomBytes(5).toString("hex")}@example.test`,
    password: "a long enough password",
  });
/** The first person to sign up operates the server. */
async function operator() {
  if ((await db.user.count()) === 0) await newUser();
  return db.user.findFirstOrThrow({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, email: true },
  });
}
const song = {
  operation: "CUSTOM_SONG",
  lyrics: "[Verse]\nCounting keys at night",
  tags: "folk",
  title: "Keys",
  model: "chirp-goose",
};

describe("who operates the server", () => {
  it("the first user to sign up, and anyone ADMIN_EMAILS names (in any case)", async () => {
    expect(await isAdmin(await operator(), { adminEmails: [] })).toBe(true);
    const someone = await newUser();
    expect(await isAdmin(someone, { adminEmails: [] })).toBe(false);
    expect(await isAdmin(someone, { adminEmails: [someone.email!.toLowerCase()] })).toBe(true);
    expect(
      await isAdmin(
        { ...someone, email: someone.email!.toUpperCase() },
        {
          adminEmails: [someone.email!],
        },
      ),
    ).toBe(true);
  });

  it("to anyone else the status does not exist", async () => {
    const someone = await newUser();
    await expect(getProviderStatus({ actor: someone, client: instance() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("the provider status", () => {
  it("each key by fingerprint: its state and why, requests in the last hour, its balance", async () => {
    const a = instance();
    await a.submit({ operation: "LYRICS", prompt: "a key refused on one instance" });
    // instance b never sent anything: it learns the refusal and its reason from Postgres
    const status = await getProviderStatus({ actor: await operator(), client: instance() });
    const [primary, fallback] = status.providers;
    expect(primary).toMatchObject({ name: "primary", dialect: "sunoapi-org" });
    const revoked = primary!.keys.find((k) => k.fingerprint === keyFingerprint(REVOKED))!;
    expect(revoked).toMatchObject({
      state: "refused",
      reason: "refused: the provider rejected the key",
      requestsLastHour: 1, // b's own count: its ask for the balance
      balance: null,
    });
    expect(revoked.balanceNote).toMatch(/rejected this server's credentials/);
    expect(Date.parse(revoked.until!)).toBeGreaterThan(Date.now() + 9 * 60_000);
    const good = primary!.keys.find((k) => k.fingerprint === keyFingerprint(GOOD))!;
    expect(good).toMatchObject({ state: "ok", reason: null, until: null, balance: 4200 });
    expect(fallback!.keys[0]).toMatchObject({
      state: "ok",
      balance: null,
      balanceNote: "this provider's API does not report a balance",
    });
    // the instance that sent them counts its requests: the refused one, the accepted one
    const own = await getProviderStatus({ actor: await operator(), client: a });
    const counts = Object.fromEntries(
      own.providers[0]!.keys.map((k) => [k.fingerprint, k.requestsLastHour]),
    );
    // and its status page's asks for the balance (one per key of sunoapi-org)
    expect(counts[keyFingerprint(GOOD)]).toBe(2);
    expect(counts[keyFingerprint(REVOKED)]).toBe(2);
    // never a key, only fingerprints
    const text = JSON.stringify([status, own]);
    expect(text).not.toContain(GOOD);
    expect(text).not.toContain(REVOKED);
    expect(sim.admin.requests().some((r) => r.path === "/org/api/v1/generate/credit")).toBe(true);
  });

  it("requests in the last hour are every instance's, counted in Postgres", async () => {
    await db.upstreamRequestCount.deleteMany();
    const relayInstance = (meter?: ReturnType<typeof postgresRequestMeter>) =>
      createSunoClient([{ name: "primary", dialect: "relay", baseUrl: sim.url, keys: [GOOD] }], {
        cooldowns: postgresCooldownStore(),
        meter,
        sleep: async () => {},
      });
    const [a, b] = [relayInstance(postgresRequestMeter()), relayInstance(postgresRequestMeter())];
    await a.submit({ operation: "LYRICS", prompt: "one from instance a" });
    await a.submit({ operation: "LYRICS", prompt: "two from instance a" });
    await b.submit({ operation: "LYRICS", prompt: "one from instance b" });
    // a request from more than an hour ago is not counted
    await db.upstreamRequestCount.create({
      data: {
        fingerprint: keyFingerprint(GOOD),
        minute: new Date(Date.now() - 61 * 60_000),
        count: 5,
      },
    });
    const requests = async (client: ReturnType<typeof relayInstance>) =>
      (await getProviderStatus({ actor: await operator(), client })).providers[0]!.keys[0]!
        .requestsLastHour;
    // a third instance that sent nothing sees all three; so do a and b
    expect(await requests(relayInstance(postgresRequestMeter()))).toBe(3);
    expect(await requests(a)).toBe(3);
    expect(await requests(b)).toBe(3);
    // an instance counting in its own memory sees only its own (none)
    expect(await requests(relayInstance())).toBe(0);
    expect(sim.admin.requests().filter((r) => r.path === "/suno/submit/lyrics")).toHaveLength(3);
  });

  it("a failure the vendor refunded (531) is recorded on the task and shown to operators", async () => {
    const client = instance();
    const user = await newUser();
    const submit = () =>
      submitTask({
        actor: user,
        teamId: null,
        input: song,
        idempotencyKey: `idem-${randomBytes(8).toString("hex")}`,
        client,
      });
    const [refunded, plain] = [await submit(), await submit()];
    const fail = (task: { id: string; upstreamId: string | null }, code: number) =>
      receiveWebhook({
        taskId: task.id,
        token: webhookToken(task.id),
        body: {
          code,
          msg: code === 531 ? "Generation failed, credits refunded" : "Generation failed",
          data: { callbackType: "error", task_id: task.upstreamId, data: null },
        },
      });
    expect(await fail(refunded, 531)).toMatchObject({ status: 200 });
    expect(await fail(plain, 501)).toMatchObject({ status: 200 });
    const a = await db.task.findUniqueOrThrow({ where: { id: refunded.id } });
    const b = await db.task.findUniqueOrThrow({ where: { id: plain.id } });
    expect(a).toMatchObject({ status: "FAILED", vendorRefunded: true });
    expect(b).toMatchObject({ status: "FAILED", vendorRefunded: false });
    // the user is refunded by Chorus as for any failure, once
    const refunds = await db.ledgerEntry.count({ where: { taskId: a.id, kind: "REFUND" } });
    expect(refunds).toBe(1);
    const status = await getProviderStatus({ actor: await operator(), client });
    expect(status.vendorRefunds.lastWeek).toBeGreaterThanOrEqual(1);
    expect(status.vendorRefunds.latest.map((t) => t.id)).toContain(a.id);
    expect(status.vendorRefunds.latest.map((t) => t.id)).not.toContain(b.id);
    expect(status.vendorRefunds.latest.find((t) => t.id === a.id)).toMatchObject({
      provider: "primary",
      keyFingerprint: keyFingerprint(GOOD),
    });
  });
});
