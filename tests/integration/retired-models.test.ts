// No retired model can be submitted, on any dialect: the server refuses it before anything is
// written, the client never sends it to a provider whose catalogue retired it (whatever the
// caller), an operator's retirement of one provider's model sends it to the other, and an old
// clip's extension runs on the provider's default. Against the simulator over HTTP.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { DEFAULT_CATALOGUE } from "@/lib/suno/catalogue";
import { createSunoClient, type ProviderConfig } from "@/lib/suno/client";
import { UpstreamError } from "@/lib/suno/errors";
import type { Dialect } from "@/lib/suno/types";
import { submitTask } from "@/lib/tasks/submit";

import { findFreePort } from "../../scripts/lib/embedded-postgres";
import { startSimulator, type Simulator } from "../../simulator/server";

const KEY = "sk-retired-test";
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 3 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.admin.reset());

const RETIRED = DEFAULT_CATALOGUE.filter((m) => m.retired).map((m) => m.id);
const provider = (
  dialect: Dialect,
  extra: Partial<ProviderConfig> = {},
  name = "primary",
): ProviderConfig => ({
  name,
  dialect,
  baseUrl: dialect === "sunoapi-org" ? `${sim.url}/org` : sim.url,
  keys: [KEY],
  timeoutMs: 5_000,
  ...extra,
});
const submits = () =>
  sim.admin
    .requests()
    .filter((r) => r.method === "POST" && !r.path.startsWith("/__admin") && !/fetch/.test(r.path));
const song = (model: string) => ({
  operation: "CUSTOM_SONG" as const,
  lyrics: "[Verse]\nOld engines hum",
  tags: "folk",
  title: "Old Engines",
  model,
});
const key = () => `idem-${randomBytes(8).toString("hex")}`;
const newUser = () =>
  registerUser({
    name: "Retired Tester",
    email: `retired-${randomBytes(5).toString("hex")}@example.test`,
    password: "a long enough password",
  });

describe.each(["relay", "sunoapi", "sunoapi-org"] as const)("on %s", (dialect) => {
  it("the server refuses every retired model in words, and writes and sends nothing", async () => {
    const user = await newUser();
    const client = createSunoClient([provider(dialect)], { sleep: async () => {} });
    for (const model of RETIRED) {
      const refused = await submitTask({
        actor: user,
        teamId: null,
        input: song(model),
        idempotencyKey: key(),
        client,
      }).catch((e) => e);
      expect(refused, model).toMatchObject({ code: "BAD_REQUEST" });
      expect(refused.fieldErrors.model[0]).toMatch(/is no longer offered.*choose v6, v6 wild/);
    }
    expect(await db.task.count({ where: { ownerId: user.id } })).toBe(0);
    expect(submits()).toHaveLength(0);
  });

  it("the client never sends a retired model, whoever calls it", async () => {
    const client = createSunoClient([provider(dialect)], { sleep: async () => {} });
    for (const model of RETIRED) {
      const error = await client.submit(song(model)).catch((e) => e);
      expect(error, model).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ kind: "INVALID_REQUEST", notProcessed: true });
      expect(error.upstreamMessage).toMatch(/is not offered by this music service/);
    }
    expect(submits()).toHaveLength(0);
    // a current model goes through
    await expect(client.submit(song("chirp-goose"))).resolves.toMatchObject({ dialect });
    expect(submits()).toHaveLength(1);
  });

  it("an operator's retirement on one provider sends the model to the other", async () => {
    const other: Dialect = dialect === "relay" ? "sunoapi-org" : "relay";
    const client = createSunoClient(
      [
        provider(dialect, { models: [{ id: "chirp-hawk-wild", retired: true }] }),
        provider(other, {}, "fallback"),
      ],
      { sleep: async () => {} },
    );
    const result = await client.submit(song("chirp-hawk-wild"));
    expect(result).toMatchObject({ provider: "fallback", dialect: other });
    const user = await newUser();
    const alone = createSunoClient(
      [provider(dialect, { models: [{ id: "chirp-hawk-wild", retired: true }] })],
      { sleep: async () => {} },
    );
    const refused = await submitTask({
      actor: user,
      teamId: null,
      input: song("chirp-hawk-wild"),
      idempotencyKey: key(),
      client: alone,
    }).catch((e) => e);
    expect(refused.fieldErrors.model[0]).toMatch(
      /v6 wild is no longer offered.*; choose v6, v6 mini\.$/,
    );
  });

  it("extending a clip made on a retired model runs on the provider's default", async () => {
    const sent: { path: string; body: unknown }[] = [];
    const client = createSunoClient([provider(dialect)], {
      sleep: async () => {},
      fetchImpl: (input, init) => {
        const url = new URL(String(input instanceof Request ? input.url : input));
        sent.push({ path: url.pathname, body: init?.body ? JSON.parse(String(init.body)) : null });
        return fetch(input, init);
      },
    });
    await client
      .submit({
        operation: "EXTEND",
        clipId: "no-such-clip",
        continueAt: 5,
        model: "chirp-v3-5",
      })
      .catch(() => null); // the simulator may not know the clip: only what was sent matters
    const extend = sent[0]!;
    // sunoapi extends at its one documented path, naming no model; the others name v6
    if (dialect === "sunoapi") expect(extend.path).toBe("/api/v2/suno/v3.5/extend");
    else
      expect(extend.body).toMatchObject(
        dialect === "relay" ? { mv: "chirp-hawk" } : { model: "V6" },
      );
  });
});

it("the sunoapi-org simulator refuses exactly the models the catalogue retires", async () => {
  for (const entry of DEFAULT_CATALOGUE.filter(
    (m) =>
      m.wire["sunoapi-org"].startsWith("V4") ||
      m.wire["sunoapi-org"].startsWith("V5") ||
      m.wire["sunoapi-org"].startsWith("V6"),
  )) {
    const reply = await fetch(`${sim.url}/org/api/v1/generate`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        customMode: false,
        instrumental: false,
        model: entry.wire["sunoapi-org"],
        prompt: "a quiet song",
        callBackUrl: "https://a.test/h",
      }),
    });
    const body = (await reply.json()) as { code: number; msg: string };
    expect(body.code === 200, `${entry.id}: ${body.msg}`).toBe(!entry.retired);
  }
});

it("a request longer than a stricter fallback allows is not failed over to it", async () => {
  const closed = await findFreePort(); // nothing listens: connections are refused
  const client = createSunoClient(
    [
      // refuses connections: nothing was processed, so a submit may move on
      { ...provider("sunoapi-org"), baseUrl: `http://127.0.0.1:${closed}` },
      provider("sunoapi", {}, "fallback"), // takes 200 characters of description
    ],
    { sleep: async () => {} },
  );
  const description = (length: number) => ({
    operation: "DESCRIPTION_SONG" as const,
    description: "a slow waltz ".repeat(40).slice(0, length),
    instrumental: false,
    model: "chirp-hawk",
  });
  const error = await client.submit(description(300)).catch((e) => e);
  expect(error).toMatchObject({ kind: "UNAVAILABLE" }); // the primary's failure, as it was
  expect(submits()).toHaveLength(0); // the fallback was never sent what it cannot take
  await expect(client.submit(description(150))).resolves.toMatchObject({ provider: "fallback" });
  expect(submits()).toHaveLength(1);
});
