// Team spend control (issue 18, item 7) against a real Postgres and the simulator: per-member
// monthly quotas set by a team's admins, enforced where credits are spent (nothing written
// past the quota, parallel spends included); the usage page's sums from the ledger; and the
// audit log records team creation, budget transfers, quotas and deletion.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { currentMonth, getUsage } from "@/lib/credits/usage";
import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { chargeForTask, refundTask } from "@/lib/tasks/credits";
import { submitTask } from "@/lib/tasks/submit";
import { listAudit } from "@/lib/teams/audit";
import { fundTeam } from "@/lib/teams/credits";
import { acceptInvite, createInvite, inviteInputSchema } from "@/lib/teams/invites";
import { setMemberQuota } from "@/lib/teams/quotas";
import { createTeam, deleteTeam } from "@/lib/teams/teams";

import { startSimulator, type Simulator } from "../../simulator/server";

const PASSWORD = "a long enough password";
let sim: Simulator;
let client: ReturnType<typeof createSunoClient>;

async function person(name: string, credits = 0) {
  const email = `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`;
  const user = await registerUser({ name, email, password: PASSWORD });
  if (credits) await db.user.update({ where: { id: user.id }, data: { creditBalance: credits } });
  return { id: user.id, email };
}

async function join(teamId: string, owner: { id: string }, role: "MEMBER" | "VIEWER" | "ADMIN") {
  const user = await person(role.toLowerCase());
  const { url } = await createInvite(owner, teamId, inviteInputSchema.parse({ role }), {
    origin: "http://localhost:3000",
  });
  await acceptInvite(user, url.split("/invite/")[1]!);
  return user;
}

/** A team with a funded budget, an admin and a member. */
async function band(budget = 500) {
  const owner = await person("Owner", budget);
  const team = await createTeam(owner, { name: `Band ${randomBytes(3).toString("hex")}` });
  await fundTeam(owner, { teamId: team.id, amount: budget });
  const admin = await join(team.id, owner, "ADMIN");
  const member = await join(team.id, owner, "MEMBER");
  return { owner, admin, member, team };
}

/** One charge as the submit path makes it: a task and its CHARGE, in one transaction. */
async function spend(who: { id: string }, teamId: string, cost: number) {
  return db.$transaction(
    async (tx) => {
      const task = await tx.task.create({
        data: {
          ownerId: who.id,
          teamId,
          operation: "INSTRUMENTAL",
          status: "SUBMITTING",
          request: {},
          idempotencyKey: `q-${randomBytes(8).toString("hex")}`,
          cost,
        },
      });
      await chargeForTask(tx, { workspace: { ownerId: who.id, teamId }, taskId: task.id, cost });
      return task;
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}

const ledgerSpend = async (teamId: string, userId?: string) =>
  -(
    (
      await db.ledgerEntry.aggregate({
        where: { teamId, kind: { in: ["CHARGE", "REFUND"] }, ...(userId ? { userId } : {}) },
        _sum: { amount: true },
      })
    )._sum.amount ?? 0
  );

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: ["sk-quota"], stepMs: 10, clipSeconds: 3 });
  client = createSunoClient([
    { name: "relay", dialect: "relay", baseUrl: sim.url, keys: ["sk-quota"] },
  ]);
});
afterAll(() => sim.stop());

describe("monthly quotas", () => {
  it("only the team's admins set them; a bad quota or a stranger is refused", async () => {
    const { owner, admin, member, team } = await band();
    await expect(
      setMemberQuota(member, { teamId: team.id, userId: member.id, quota: 1000 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const outsider = await person("Outsider");
    await expect(
      setMemberQuota(outsider, { teamId: team.id, userId: member.id, quota: 10 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      setMemberQuota(admin, { teamId: team.id, userId: outsider.id, quota: 10 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await setMemberQuota(admin, { teamId: team.id, userId: member.id, quota: 30 });
    await setMemberQuota(owner, { teamId: team.id, userId: member.id, quota: null });
    await setMemberQuota(owner, { teamId: team.id, userId: member.id, quota: 25 });
    const { events } = await listAudit(owner, team.id);
    const quotas = events.filter((e) => e.action === "QUOTA_SET").map((e) => e.data);
    expect(quotas).toEqual([
      expect.objectContaining({ from: "none", to: "25" }),
      expect.objectContaining({ from: "30", to: "none" }),
      expect.objectContaining({ from: "none", to: "30" }),
    ]);
    const membership = await db.membership.findUniqueOrThrow({
      where: { teamId_userId: { teamId: team.id, userId: member.id } },
    });
    expect(membership.monthlyQuota).toBe(25);
  });

  it("a member over quota is refused with a clear error and nothing is written", async () => {
    const { owner, member, team } = await band();
    await setMemberQuota(owner, { teamId: team.id, userId: member.id, quota: 15 });
    const submit = () =>
      submitTask({
        actor: member,
        teamId: team.id,
        idempotencyKey: `quota-${randomBytes(8).toString("hex")}`,
        client,
        input: { operation: "INSTRUMENTAL", tags: "ambient", title: "Q", model: "chirp-hawk" },
      });
    const first = await submit(); // 10 credits (CREDIT_COSTS' default), within 15
    expect(first.cost).toBe(10);
    const before = {
      tasks: await db.task.count({ where: { teamId: team.id } }),
      ledger: await db.ledgerEntry.count({ where: { teamId: team.id } }),
      balance: (await db.team.findUniqueOrThrow({ where: { id: team.id } })).creditBalance,
      upstream: sim.admin.state().tasks.length,
    };
    await expect(submit()).rejects.toMatchObject({
      code: "QUOTA_EXCEEDED",
      message: expect.stringMatching(
        /^This costs 10 credits, and you have used 10 of your monthly quota of 15 in this team\./,
      ),
    });
    expect({
      tasks: await db.task.count({ where: { teamId: team.id } }),
      ledger: await db.ledgerEntry.count({ where: { teamId: team.id } }),
      balance: (await db.team.findUniqueOrThrow({ where: { id: team.id } })).creditBalance,
      upstream: sim.admin.state().tasks.length,
    }).toEqual(before);
    // the owner has no quota and still spends; a refund gives the member room again
    await spend(owner, team.id, 10);
    await db.$transaction((tx) =>
      refundTask(tx, { id: first.id, ownerId: member.id, teamId: team.id, cost: 10 }, "failed"),
    );
    await expect(spend(member, team.id, 10)).resolves.toBeTruthy();
  });

  it("parallel spends by one member never pass the quota together", async () => {
    const { owner, member, team } = await band(1000);
    await setMemberQuota(owner, { teamId: team.id, userId: member.id, quota: 35 });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => spend(member, team.id, 10)),
    );
    const done = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter(
      (r) => r.status === "rejected" && (r.reason as { code?: string }).code === "QUOTA_EXCEEDED",
    ).length;
    expect([done, refused]).toEqual([3, 9]);
    expect(await ledgerSpend(team.id, member.id)).toBe(30);
    expect(await db.task.count({ where: { teamId: team.id, ownerId: member.id } })).toBe(3);
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).creditBalance).toBe(970);
  });
});

describe("the usage page's numbers", () => {
  it("by member, by operation and by day each add up to what the ledger says", async () => {
    const { owner, admin, member, team } = await band(1000);
    await setMemberQuota(owner, { teamId: team.id, userId: member.id, quota: 500 });
    await spend(member, team.id, 10);
    await spend(member, team.id, 12);
    const refunded = await spend(admin, team.id, 7);
    await spend(admin, team.id, 5);
    await db.$transaction((tx) =>
      refundTask(tx, { id: refunded.id, ownerId: admin.id, teamId: team.id, cost: 7 }, "no"),
    );
    // a charge last month and personal spending are not this month's team usage
    const old = await spend(member, team.id, 40);
    await db.ledgerEntry.updateMany({
      where: { taskId: old.id },
      data: { createdAt: new Date(Date.UTC(2020, 0, 15)) },
    });
    const usage = await getUsage(member, { teamId: team.id, month: currentMonth() });
    const thisMonth = (await ledgerSpend(team.id)) - 40;
    expect(usage.total).toBe(thisMonth);
    expect(usage.total).toBe(27);
    const sum = (rows: { spent: number }[]) => rows.reduce((s, r) => s + r.spent, 0);
    expect(sum(usage.byMember)).toBe(usage.total);
    expect(sum(usage.byOperation)).toBe(usage.total);
    expect(sum(usage.byDay)).toBe(usage.total);
    expect(usage.byMember.find((m) => m.userId === member.id)).toMatchObject({
      spent: 22,
      quota: 500,
    });
    expect(usage.byMember.find((m) => m.userId === admin.id)?.spent).toBe(5);
    expect(usage.byMember.find((m) => m.userId === owner.id)?.spent).toBe(0);
    expect(usage.byOperation).toEqual([{ operation: "INSTRUMENTAL", spent: 27 }]);
    expect(usage.byDay).toEqual([{ day: new Date().toISOString().slice(0, 10), spent: 27 }]);
    // January 2020 holds the old charge only
    const then = await getUsage(member, { teamId: team.id, month: "2020-01" });
    expect(then.total).toBe(40);
    // someone outside the team reads nothing of it
    const outsider = await person("Nosy");
    await expect(
      getUsage(outsider, { teamId: team.id, month: currentMonth() }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await getUsage(outsider, { teamId: null, month: currentMonth() })).total).toBe(0);
  });
});

describe("the audit log", () => {
  it("records the team's creation, budget transfers, quotas and its deletion", async () => {
    const { owner, member, team } = await band(100);
    await setMemberQuota(owner, { teamId: team.id, userId: member.id, quota: 50 });
    const { events } = await listAudit(owner, team.id);
    expect(events.map((e) => e.action).reverse()).toEqual([
      "TEAM_CREATED",
      "CREDITS_ADDED",
      "INVITE_CREATED",
      "MEMBER_JOINED",
      "INVITE_CREATED",
      "MEMBER_JOINED",
      "QUOTA_SET",
    ]);
    await deleteTeam(owner, team.id, team.slug);
    const rows = await db.auditEvent.findMany({
      where: { teamId: team.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 1,
    });
    expect(rows[0]).toMatchObject({ action: "TEAM_DELETED", data: { returned: "100" } });
  });
});
