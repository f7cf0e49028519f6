// Team budgets are funded, not minted (issue 12, item 2): a team starts at 0; members fund it
// from their own balance as one atomic ledger pair; operators grant with a script; deleting a
// team keeps its tasks, ledger and audit, and gives its unspent credits back to the owner.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";

import { describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { chargeForTask } from "@/lib/tasks/credits";
import { fundTeam, operatorGrant } from "@/lib/teams/credits";
import { acceptInvite, createInvite, inviteInputSchema } from "@/lib/teams/invites";
import { createTeam, deleteTeam, MAX_OWNED_TEAMS } from "@/lib/teams/teams";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PASSWORD = "a long enough password";

async function person(name = "Payer") {
  const email = `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`;
  const user = await registerUser({ name, email, password: PASSWORD });
  return { id: user.id, email };
}
const balanceOf = async (userId: string) =>
  (await db.user.findUniqueOrThrow({ where: { id: userId } })).creditBalance;
const teamBalance = async (teamId: string) =>
  (await db.team.findUniqueOrThrow({ where: { id: teamId } })).creditBalance;
const teamName = () => `Band ${randomBytes(3).toString("hex")}`;

async function join(teamId: string, owner: { id: string }, role: "MEMBER" | "VIEWER") {
  const user = await person(role);
  const { url } = await createInvite(owner, teamId, inviteInputSchema.parse({ role }), {
    origin: "http://localhost:3000",
  });
  await acceptInvite(user, url.split("/invite/")[1]!);
  return user;
}

describe("team budgets", () => {
  it("a new team starts at 0, and creating and deleting teams yields nothing", async () => {
    const owner = await person();
    const before = await balanceOf(owner.id);
    for (let i = 0; i < 3; i++) {
      const team = await createTeam(owner, { name: teamName() });
      expect(await teamBalance(team.id)).toBe(0);
      await deleteTeam(owner, team.id, team.slug);
    }
    expect(await balanceOf(owner.id)).toBe(before);
    const entries = await db.ledgerEntry.findMany({ where: { userId: owner.id } });
    expect(entries.map((e) => e.kind)).toEqual(["GRANT"]); // the welcome credits only
  });

  it("a member funds the team from their own balance, as one ledger pair", async () => {
    const owner = await person();
    const team = await createTeam(owner, { name: teamName() });
    const member = await join(team.id, owner, "MEMBER");
    const start = await balanceOf(member.id);
    await fundTeam(member, { teamId: team.id, amount: 120 });
    expect(await balanceOf(member.id)).toBe(start - 120);
    expect(await teamBalance(team.id)).toBe(120);
    const pair = await db.ledgerEntry.findMany({
      where: { userId: member.id, kind: "TRANSFER" },
      orderBy: { amount: "asc" },
    });
    expect(pair.map((e) => [e.teamId, e.amount, e.balanceAfter])).toEqual([
      [null, -120, start - 120],
      [team.id, 120, 120],
    ]);
    // the team can spend it
    const task = await db.task.create({
      data: {
        ownerId: member.id,
        teamId: team.id,
        operation: "LYRICS",
        request: {},
        idempotencyKey: randomBytes(6).toString("hex"),
      },
    });
    await db.$transaction((tx) =>
      chargeForTask(tx, {
        workspace: { ownerId: member.id, teamId: team.id },
        taskId: task.id,
        cost: 10,
      }),
    );
    expect(await teamBalance(team.id)).toBe(110);
  });

  it("more than one has, a viewer, a stranger or a bad amount fund nothing", async () => {
    const owner = await person();
    const team = await createTeam(owner, { name: teamName() });
    const viewer = await join(team.id, owner, "VIEWER");
    const stranger = await person("Stranger");
    const mine = await balanceOf(owner.id);
    await expect(fundTeam(owner, { teamId: team.id, amount: mine + 1 })).rejects.toMatchObject({
      code: "QUOTA_EXCEEDED",
    });
    await expect(fundTeam(viewer, { teamId: team.id, amount: 5 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(fundTeam(stranger, { teamId: team.id, amount: 5 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    for (const amount of [0, -5, 1.5, Number.NaN])
      await expect(fundTeam(owner, { teamId: team.id, amount })).rejects.toThrow();
    expect(await balanceOf(owner.id)).toBe(mine);
    expect(await teamBalance(team.id)).toBe(0);
    expect(await db.ledgerEntry.count({ where: { teamId: team.id } })).toBe(0);
  });

  it("two transfers at once cannot overdraw the giver", async () => {
    const owner = await person();
    const team = await createTeam(owner, { name: teamName() });
    const start = await balanceOf(owner.id); // 500
    const results = await Promise.allSettled([
      fundTeam(owner, { teamId: team.id, amount: start - 100 }),
      fundTeam(owner, { teamId: team.id, amount: start - 100 }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await balanceOf(owner.id)).toBe(100);
    expect(await teamBalance(team.id)).toBe(start - 100);
  });

  it("deleting a team keeps its tasks, ledger and audit, and returns unspent credits through the ledger", async () => {
    const owner = await person();
    const team = await createTeam(owner, { name: teamName() });
    const member = await join(team.id, owner, "MEMBER");
    await fundTeam(member, { teamId: team.id, amount: 50 });
    const task = await db.task.create({
      data: {
        ownerId: member.id,
        teamId: team.id,
        operation: "LYRICS",
        request: {},
        idempotencyKey: randomBytes(6).toString("hex"),
      },
    });
    await db.$transaction((tx) =>
      chargeForTask(tx, {
        workspace: { ownerId: member.id, teamId: team.id },
        taskId: task.id,
        cost: 10,
      }),
    );
    await db.clip.create({
      data: { ownerId: member.id, teamId: team.id, upstreamId: randomBytes(6).toString("hex") },
    });
    const ownerBefore = await balanceOf(owner.id);

    await deleteTeam(owner, team.id, team.slug);

    const row = await db.team.findUniqueOrThrow({ where: { id: team.id } });
    expect(row.deletedAt).not.toBeNull();
    expect(row.name).toBe(team.name);
    expect(row.creditBalance).toBe(0);
    expect(await balanceOf(owner.id)).toBe(ownerBefore + 40);
    expect(await db.task.count({ where: { teamId: team.id } })).toBe(1);
    const ledger = await db.ledgerEntry.findMany({ where: { teamId: team.id } });
    expect(ledger.map((e) => [e.kind, e.amount]).sort()).toEqual(
      [
        ["CHARGE", -10],
        ["TRANSFER", -40],
        ["TRANSFER", 50],
      ].sort(),
    );
    const back = await db.ledgerEntry.findFirstOrThrow({
      where: { userId: owner.id, teamId: null, kind: "TRANSFER" },
    });
    expect(back.amount).toBe(40);
    const audit = await db.auditEvent.findMany({ where: { teamId: team.id } });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(["MEMBER_JOINED", "CREDITS_ADDED", "TEAM_DELETED"]),
    );
    // the team is gone for its people: no membership, no songs, its address free again
    expect(await db.membership.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.clip.count({ where: { teamId: team.id } })).toBe(0);
    await expect(fundTeam(owner, { teamId: team.id, amount: 1 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const again = await createTeam(owner, { name: team.name, slug: team.slug });
    expect(again.slug).toBe(team.slug);
  });

  it("a user may own at most 10 teams", async () => {
    const owner = await person();
    expect(MAX_OWNED_TEAMS).toBe(10);
    for (let i = 0; i < MAX_OWNED_TEAMS; i++) await createTeam(owner, { name: teamName() });
    await expect(createTeam(owner, { name: teamName() })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/at most 10 teams/),
    });
  });

  it("an operator grants credits to a team or a user with npm run credits:grant", async () => {
    const owner = await person();
    const team = await createTeam(owner, { name: teamName() });
    const { stdout } = await promisify(execFile)(
      "npx",
      [
        "tsx",
        "--conditions=react-server",
        "scripts/credits-grant.ts",
        "--team",
        team.slug,
        "--amount",
        "300",
        "--note",
        "Festival budget",
      ],
      { cwd: ROOT, env: { ...process.env } },
    );
    expect(stdout).toMatch(/300 credits/);
    expect(await teamBalance(team.id)).toBe(300);
    const grant = await db.ledgerEntry.findFirstOrThrow({ where: { teamId: team.id } });
    expect(grant).toMatchObject({ kind: "GRANT", amount: 300, note: "Festival budget" });

    const before = await balanceOf(owner.id);
    await operatorGrant({ email: owner.email, amount: 25, note: "Thank you" });
    expect(await balanceOf(owner.id)).toBe(before + 25);
    await expect(
      operatorGrant({ teamSlug: "no-such-team", amount: 5, note: "x" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
