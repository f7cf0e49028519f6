// Team rules beyond who-may-call-what (that is the authorization matrix): invites used once
// even when two people race for them, the last owner stays, ownership moves, leaving takes a
// member's shared songs out, the team library and its creator filter, and the audit log.
import { randomBytes } from "node:crypto";

import { beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { trashClip } from "@/lib/library/clips";
import { searchLibrary } from "@/lib/library/search";
import { clipIdForShareToken, enableShareLink, revokeShareLinks } from "@/lib/share/links";
import { listAudit } from "@/lib/teams/audit";
import { acceptInvite, createInvite, inviteInputSchema, lookupInvite } from "@/lib/teams/invites";
import { changeRole, leaveTeam, removeMember, transferOwnership } from "@/lib/teams/members";
import { shareClipToTeam } from "@/lib/teams/shares";
import { createTeam } from "@/lib/teams/teams";

type User = { id: string; email: string };
const person = async (name: string): Promise<User> => {
  const email = `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`;
  const user = await registerUser({ name, email, password: "a long enough password" });
  return { id: user.id, email };
};
const origin = { origin: "http://localhost:3000" };
const invite = (input: Record<string, string>) => inviteInputSchema.parse(input);
const tokenOf = (url: string) => url.split("/invite/")[1]!;

async function clip(owner: User, teamId: string | null, title: string) {
  return db.clip.create({
    data: {
      ownerId: owner.id,
      teamId,
      upstreamId: randomBytes(6).toString("hex"),
      title,
      tags: "folk",
      status: "COMPLETE",
    },
  });
}

let owner: User;
let team: { id: string; slug: string };

beforeAll(async () => {
  owner = await person("Owner");
  team = await createTeam(owner, { name: "The Rules Band" });
});

describe("a new team", () => {
  it("has its creator as owner and an unfunded budget, and refuses a taken address", async () => {
    expect(
      await db.membership.findFirst({ where: { teamId: team.id, userId: owner.id } }),
    ).toMatchObject({ role: "OWNER" });
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).creditBalance).toBe(0);
    expect(await db.ledgerEntry.count({ where: { teamId: team.id } })).toBe(0);
    await expect(createTeam(owner, { name: "Another", slug: team.slug })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});

describe("invites", () => {
  it("a single-use link admits exactly one of two people accepting at once", async () => {
    const { url } = await createInvite(owner, team.id, invite({ role: "MEMBER" }), origin);
    const [a, b] = [await person("Racer"), await person("Racer")];
    const results = await Promise.allSettled([
      acceptInvite(a, tokenOf(url)),
      acceptInvite(b, tokenOf(url)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({
      reason: { code: "CONFLICT" },
    });
    expect(
      await db.membership.count({ where: { teamId: team.id, userId: { in: [a.id, b.id] } } }),
    ).toBe(1);
    expect((await lookupInvite(tokenOf(url)))?.status).toBe("used");
  });

  it("a reusable link admits many, with the role it carries, until it expires", async () => {
    const { url, id } = await createInvite(
      owner,
      team.id,
      invite({ role: "VIEWER", reusable: "1" }),
      origin,
    );
    for (const name of ["Fan", "Fan", "Fan"]) await acceptInvite(await person(name), tokenOf(url));
    expect(await db.invite.findUniqueOrThrow({ where: { id } })).toMatchObject({
      useCount: 3,
      maxUses: null,
    });
    await db.invite.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(acceptInvite(await person("Late"), tokenOf(url))).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("expired"),
    });
  });

  it("an email invite is for that address only", async () => {
    const invited = await person("Invited");
    const { url, emailed } = await createInvite(
      owner,
      team.id,
      invite({ role: "MEMBER", email: invited.email.toUpperCase() }),
      origin,
    );
    expect(emailed).toBe(false); // no SMTP_URL here: the link is shown to copy instead
    await expect(acceptInvite(await person("Someone"), tokenOf(url))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await acceptInvite(invited, tokenOf(url));
    expect(
      await db.membership.findFirst({ where: { teamId: team.id, userId: invited.id } }),
    ).toMatchObject({ role: "MEMBER" });
  });
});

describe("roles and the last owner", () => {
  it("keeps at least one owner, and ownership can be handed over", async () => {
    const t = await createTeam(owner, { name: "Owner Rules" });
    const { url } = await createInvite(owner, t.id, invite({ role: "ADMIN" }), origin);
    const admin = await person("Admin");
    await acceptInvite(admin, tokenOf(url));

    await expect(leaveTeam(owner, t.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(changeRole(owner, t.id, owner.id, "ADMIN")).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(changeRole(admin, t.id, admin.id, "OWNER")).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(removeMember(admin, t.id, owner.id)).rejects.toMatchObject({ code: "FORBIDDEN" });

    await transferOwnership(owner, t.id, admin.id);
    const roles = Object.fromEntries(
      (await db.membership.findMany({ where: { teamId: t.id } })).map((m) => [m.userId, m.role]),
    );
    expect(roles).toEqual({ [owner.id]: "ADMIN", [admin.id]: "OWNER" });
    await leaveTeam(owner, t.id); // no longer the last owner
    expect(await db.membership.count({ where: { teamId: t.id } })).toBe(1);

    const events = (await listAudit(admin, t.id)).events.map((e) => e.action);
    expect(events).toEqual([
      "MEMBER_LEFT",
      "OWNERSHIP_TRANSFERRED",
      "MEMBER_JOINED",
      "INVITE_CREATED",
      "TEAM_CREATED", // issue 18, item 7: the team's creation is on the record too
    ]);
  });
});

describe("the team library", () => {
  it("lists team songs and shared ones with their creators, filters by creator, and forgets a departed member's shares", async () => {
    const t = await createTeam(owner, { name: "Library Band" });
    const { url } = await createInvite(
      owner,
      t.id,
      invite({ role: "MEMBER", reusable: "1" }),
      origin,
    );
    const [ann, bob] = [await person("Ann"), await person("Bob")];
    await acceptInvite(ann, tokenOf(url));
    await acceptInvite(bob, tokenOf(url));
    await clip(ann, t.id, "Ann team song");
    await clip(bob, t.id, "Bob team song");
    const annPersonal = await clip(ann, null, "Ann personal song");
    await clip(bob, null, "Bob private song");
    await shareClipToTeam(ann, annPersonal.id, t.id);

    const titles = async (viewer: User, query: Record<string, string> = {}) =>
      (await searchLibrary({ actor: viewer, query: { team: t.slug, ...query } })).clips
        .map((c) => c.title)
        .sort();
    expect(await titles(bob)).toEqual(["Ann personal song", "Ann team song", "Bob team song"]);
    expect(await titles(bob, { creator: ann.id })).toEqual(["Ann personal song", "Ann team song"]);
    expect(
      (await searchLibrary({ actor: bob, query: { team: t.slug, q: "personal" } })).clips[0],
    ).toMatchObject({ title: "Ann personal song", creator: "Ann" });
    await expect(
      searchLibrary({ actor: await person("Stranger"), query: { team: t.slug } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    await leaveTeam(ann, t.id);
    expect(await titles(bob)).toEqual(["Ann team song", "Bob team song"]); // her team song stays; her personal one left with her
  });
});

describe("public share links", () => {
  it("work until revoked, and stop when the song is trashed", async () => {
    const song = await clip(owner, null, "Shared far and wide");
    const token = await enableShareLink(owner, song.id);
    expect(await enableShareLink(owner, song.id)).toBe(token); // one active link per song
    expect(await clipIdForShareToken(token)).toBe(song.id);
    await revokeShareLinks(owner, song.id);
    expect(await clipIdForShareToken(token)).toBeNull();

    const again = await enableShareLink(owner, song.id);
    expect(again).not.toBe(token); // a new link; the old one stays dead
    await trashClip({ actor: owner, clipId: song.id });
    expect(await clipIdForShareToken(again)).toBeNull();
    expect(await db.shareLink.count({ where: { clipId: song.id } })).toBe(2);
  });
});
