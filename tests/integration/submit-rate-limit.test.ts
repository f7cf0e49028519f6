// Found by the soak: with one key, a single 429 with "Retry-After: 1" failed every submission
// of that second on every instance. Submissions now wait out a brief rest and send again.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { submitTask } from "@/lib/tasks/submit";

import { startSimulator, type Simulator } from "../../simulator/server";

const KEY = "sk-rate-limit";
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 2 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.admin.reset());

const submitOnce = async () => {
  const user = await registerUser({
    name: "Busy",
    email: `busy-${randomBytes(5).toString("hex")}@example.test`,
    password: "a long enough password",
  });
  const client = createSunoClient([
    { name: "primary", dialect: "relay", baseUrl: sim.url, keys: [KEY] },
  ]);
  const task = await submitTask({
    actor: user,
    teamId: null,
    input: { operation: "LYRICS", prompt: "a busy minute" },
    idempotencyKey: `busy-${randomBytes(8).toString("hex")}`,
    client,
  });
  const submits = sim.admin
    .requests()
    .filter((r) => r.path.startsWith("/suno/submit"))
    .map((r) => r.status);
  const ledger = (
    await db.ledgerEntry.findMany({ where: { taskId: task.id }, orderBy: { createdAt: "asc" } })
  ).map((e) => e.kind);
  return { task, submits, ledger };
};

describe("a 429 on the only key", () => {
  it("with a brief Retry-After: waits it out and sends again", async () => {
    sim.admin.setFaults({
      rules: [{ path: "/suno/submit", action: "rateLimit", times: 1, retryAfterSeconds: 1 }],
    });
    const { task, submits, ledger } = await submitOnce();
    expect(task.status).toBe("SUBMITTED");
    expect(submits).toEqual([429, 200]);
    expect(ledger).toEqual(["CHARGE"]);
  });

  it("with a long Retry-After: fails at once, refunded, sending nothing more", async () => {
    sim.admin.setFaults({
      rules: [{ path: "/suno/submit", action: "rateLimit", times: 1, retryAfterSeconds: 60 }],
    });
    const { task, submits, ledger } = await submitOnce();
    expect(task).toMatchObject({ status: "FAILED", failCode: "RATE_LIMITED" });
    expect(submits).toEqual([429]);
    expect(ledger).toEqual(["CHARGE", "REFUND"]);
  });
});
