// No retired model can be submitted, per dialect, against the simulator over HTTP: the
// simulator refuses every model the catalogue marks retired, in that dialect's own words, and
// accepts every current one (so the catalogue's `retired` flag is checked against behaviour).
// That Chorus never sends a retired one is retired-models.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { DEFAULT_CATALOGUE } from "@/lib/suno/catalogue";
import type { Dialect } from "@/lib/suno/types";

import { startSimulator, type Simulator } from "../../simulator/server";

const KEY = "sk-retired";
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10_000 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.admin.reset());

const DIALECTS: Dialect[] = ["relay", "sunoapi", "sunoapi-org"];
const retired = DEFAULT_CATALOGUE.filter((m) => m.retired);
const current = DEFAULT_CATALOGUE.filter((m) => !m.retired);

/** An instrumental in the dialect's own wire shape, naming the model by its wire name. */
function wireRequest(dialect: Dialect, wire: string): { path: string; body: unknown } {
  if (dialect === "relay")
    return {
      path: "/suno/submit/music",
      body: { prompt: "", tags: "ambient", title: "Old", mv: wire, make_instrumental: true },
    };
  if (dialect === "sunoapi")
    return {
      path: `/api/v2/suno/${wire}/custom/create-pure-music`,
      body: { tags: "ambient", title: "Old" },
    };
  return {
    path: "/org/api/v1/generate",
    body: {
      customMode: true,
      instrumental: true,
      model: wire,
      style: "ambient",
      title: "Old",
      callBackUrl: "https://no-callback.invalid/chorus-polls",
    },
  };
}

async function send(dialect: Dialect, wire: string) {
  const { path, body } = wireRequest(dialect, wire);
  const response = await fetch(`${sim.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { code: unknown; message?: string; msg?: string };
  const accepted = response.ok && (json.code === 200 || json.code === "success");
  return { accepted, message: json.message ?? json.msg ?? "" };
}

describe.each(DIALECTS)("%s", (dialect) => {
  it("the provider refuses every retired model and takes every current one", async () => {
    for (const model of retired) {
      const reply = await send(dialect, model.wire[dialect]);
      expect(reply.accepted, `${model.label} (${model.wire[dialect]})`).toBe(false);
      expect(reply.message, model.label).toMatch(/retired|not supported|unsupported/);
    }
    for (const model of current) {
      const reply = await send(dialect, model.wire[dialect]);
      expect(reply.accepted, `${model.label} (${model.wire[dialect]}): ${reply.message}`).toBe(
        true,
      );
    }
  });
});
