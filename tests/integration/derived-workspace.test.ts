// A derived song (extend, make the whole song) is made in the workspace of its source, so a
// team's songs never turn into a member's personal ones (issue 12, item 8). Only a source the
// actor owns personally follows the workspace the form names.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { refreshIfDue } from "@/lib/tasks/refresh";
import { submitTask } from "@/lib/tasks/submit";
import { fundTeam } from "@/lib/teams/credits";
import { leaveTeam } from "@/lib/teams/members";
import { createTeam } from "@/lib/teams/teams";

import { startSimulator, type Simulator } from "../../simulator/server";

const KEY = "sk-derived-test";
let sim: Simulator;
let client: ReturnType<typeof createSunoClient>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 30 });
  client = createSunoClient(
    [{ name: "primary", dialect: "relay", baseUrl: sim.url, keys: [KEY], timeoutMs: 2000 }],
    { sleep: async () => {} },
  );
});
afterAll(() => sim.stop());

const key = () => `idem-${randomBytes(8).toString("hex")}`;
const person = (name: string) =>
  registerUser({
    name,
    email: `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });
const song = {
  operation: "INSTRUMENTAL",
  tags: "folk",
  title: "Source",
  model: "chirp-hawk",
} as const;

async function runToEnd(taskId: string) {
  for (let i = 0; i < 200; i++) {
    await db.task.update({ where: { id: taskId }, data: { nextPollAt: new Date(0) } });
    await refreshIfDue(taskId, client);
    const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
    if (["SUCCEEDED", "FAILED", "TIMED_OUT"].includes(task.status)) return task;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error("task never ended");
}

async function finishedClip(actor: { id: string }, teamId: string | null) {
  const task = await submitTask({ actor, teamId, input: song, idempotencyKey: key(), client });
  const done = await runToEnd(task.id);
  expect(done.status).toBe("SUCCEEDED");
  return db.clip.findFirstOrThrow({ where: { taskId: task.id }, orderBy: { id: "asc" } });
}

describe("derived songs", () => {
  it("extending or joining a team clip with no team selected stays in the team, paid by it", async () => {
    const owner = await person("Owner");
    const member = await person("Member");
    const team = await createTeam(owner, { name: `Derived ${randomBytes(3).toString("hex")}` });
    await db.membership.create({ data: { teamId: team.id, userId: member.id, role: "MEMBER" } });
    await fundTeam(owner, { teamId: team.id, amount: 100 });
    const source = await finishedClip(owner, team.id);
    const memberBalance = (await db.user.findUniqueOrThrow({ where: { id: member.id } }))
      .creditBalance;

    const extension = await submitTask({
      actor: member,
      teamId: null, // the personal workspace is selected
      input: { operation: "EXTEND", clipId: source.id, continueAt: 10, model: "chirp-hawk" },
      idempotencyKey: key(),
      client,
    });
    expect(extension.teamId).toBe(team.id);
    await runToEnd(extension.id);
    const whole = await submitTask({
      actor: member,
      teamId: null,
      input: { operation: "CONCAT", clipId: source.id },
      idempotencyKey: key(),
      client,
    });
    expect(whole.teamId).toBe(team.id);
    await runToEnd(whole.id);

    // the team paid; the member's own credits are untouched
    expect((await db.user.findUniqueOrThrow({ where: { id: member.id } })).creditBalance).toBe(
      memberBalance,
    );
    const made = await db.clip.findMany({ where: { taskId: { in: [extension.id, whole.id] } } });
    expect(made.length).toBeGreaterThan(0);
    expect(made.every((c) => c.teamId === team.id)).toBe(true);

    // leaving the team, the member keeps none of it
    await leaveTeam(member, team.id);
    expect(await db.clip.count({ where: { ownerId: member.id, teamId: null } })).toBe(0);
  });

  it("a source the actor owns personally follows the workspace the form names", async () => {
    const owner = await person("Solo");
    const team = await createTeam(owner, { name: `Solo ${randomBytes(3).toString("hex")}` });
    await fundTeam(owner, { teamId: team.id, amount: 50 });
    const source = await finishedClip(owner, null);
    const intoTeam = await submitTask({
      actor: owner,
      teamId: team.id,
      input: { operation: "EXTEND", clipId: source.id, continueAt: 5, model: "chirp-hawk" },
      idempotencyKey: key(),
      client,
    });
    expect(intoTeam.teamId).toBe(team.id);
    const personal = await submitTask({
      actor: owner,
      teamId: null,
      input: { operation: "EXTEND", clipId: source.id, continueAt: 5, model: "chirp-hawk" },
      idempotencyKey: key(),
      client,
    });
    expect(personal.teamId).toBeNull();
  });
});
