// Invites: a link (single-use or reusable, with an expiry and a role) or the same link sent
// to one address. Like share links, the token is an HMAC of the invite's id (admins can copy
// it again; the database keeps only its sha256). Accepting is one conditional UPDATE of the
// use count, so a single-use link cannot be used twice even by two people at once.
import "server-only";

import { createHash, createHmac, randomUUID } from "node:crypto";

import { z } from "zod";

import { assignableRoles, requireTeam, ROLES, teamsWhere, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { sendMail } from "@/lib/mail";
import { recordAudit } from "@/lib/teams/audit";
import { INVITE_REFUSAL } from "@/lib/teams/shared";

export const INVITE_DAYS = [1, 7, 30] as const;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;
const MAX_OPEN_INVITES = 100;

export const inviteInputSchema = z.object({
  role: z.enum(ROLES),
  email: z
    .union([z.literal(""), z.email("Enter an email address, or leave it empty for a link.")])
    .optional()
    .transform((v) => v?.toLowerCase() || null),
  reusable: z.enum(["1"]).optional().transform(Boolean),
  /** absent: 7 days; anything but 1, 7 or 30 is refused (never silently turned into 7) */
  days: z
    .union([z.enum(["1", "7", "30"]), z.literal(1), z.literal(7), z.literal(30)], {
      error: "Pick 1, 7 or 30 days.",
    })
    .optional()
    .transform((v) => Number(v ?? 7) as (typeof INVITE_DAYS)[number]),
});
export type InviteInput = z.output<typeof inviteInputSchema>;

/** An invite's token (derived, so admins can copy the link again). */
export function inviteToken(inviteId: string) {
  return createHmac("sha256", getEnv().AUTH_SECRET)
    .update(`team-invite:${inviteId}`)
    .digest("base64url")
    .slice(0, 32);
}
export const inviteTokenHash = (token: string) => createHash("sha256").update(token).digest("hex");
export const invitePath = (token: string) => `/invite/${token}`;

export async function createInvite(
  actor: Actor,
  teamId: string,
  input: InviteInput,
  options: { origin: string },
) {
  const access = await requireTeam(actor, { id: teamId }, "members.manage");
  if (!assignableRoles(access.role).includes(input.role))
    throw new AppError("FORBIDDEN", "Only an owner can invite another owner.", {
      fieldErrors: { role: ["Only an owner can invite another owner."] },
    });
  // open: not revoked, not expired, not used up (a used single-use link does not count)
  const [counted] = await db.$queryRaw<{ open: number }[]>`
    SELECT count(*)::int AS open FROM invites
    WHERE team_id = ${teamId} AND revoked_at IS NULL AND expires_at > now() AND (max_uses IS NULL
      OR use_count < max_uses)`;
  if ((counted?.open ?? 0) >= MAX_OPEN_INVITES)
    throw new AppError(
      "BAD_REQUEST",
      `A team can have at most ${MAX_OPEN_INVITES} open invites. Revoke some first.`,
    );
  if (input.email) {
    const already = await db.membership.count({ where: { teamId, user: { email: input.email } } });
    if (already)
      throw new AppError("CONFLICT", "That person is already in the team.", {
        fieldErrors: { email: ["Already a member."] },
      });
  }
  const id = randomUUID();
  const token = inviteToken(id);
  const expiresAt = new Date(Date.now() + input.days * 86_400_000);
  await db.$transaction(async (tx) => {
    await tx.invite.create({
      data: {
        id,
        teamId,
        createdById: actor.id,
        tokenHash: inviteTokenHash(token),
        role: input.role,
        email: input.email,
        maxUses: input.email || !input.reusable ? 1 : null,
        expiresAt,
      },
    });
    await recordAudit(tx, {
      teamId,
      actorId: actor.id,
      action: "INVITE_CREATED",
      targetType: "invite",
      targetId: id,
      data: {
        role: input.role,
        email: input.email ?? undefined,
        reusable: Boolean(input.reusable),
      },
    });
  });
  const url = new URL(invitePath(token), options.origin).toString();
  let emailed = false;
  if (input.email) {
    try {
      ({ delivered: emailed } = await sendMail({
        to: input.email,
        subject: `You are invited to ${access.team.name} on Chorus`,
        text:
          `You have been invited to join ${access.team.name} on Chorus as ` +
          `${input.role.toLowerCase()}.\n\nAccept the invite: ${url}\n\n` +
          `The link works until ${expiresAt.toUTCString()}. If you did not expect it, ignore ` +
          "this email.",
      }));
    } catch (error) {
      log.warn("invite email failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { id, token, url, emailed, expiresAt };
}

export async function listInvites(actor: Actor, teamId: string, origin: string) {
  await requireTeam(actor, { id: teamId }, "members.manage");
  const rows = await db.invite.findMany({
    where: {
      teamId,
      revokedAt: null,
      expiresAt: { gt: new Date() },
      team: teamsWhere(actor, "members.manage"),
    },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      role: true,
      email: true,
      maxUses: true,
      useCount: true,
      expiresAt: true,
      createdAt: true,
      createdBy: { select: { name: true, email: true } },
    },
  });
  return rows
    .filter((r) => r.maxUses === null || r.useCount < r.maxUses)
    .map((r) => ({ ...r, url: new URL(invitePath(inviteToken(r.id)), origin).toString() }));
}

export async function revokeInvite(actor: Actor, inviteId: string) {
  const invite = await db.invite.findFirst({
    where: { id: inviteId, team: teamsWhere(actor, "members.manage") },
    select: { teamId: true },
  });
  if (!invite)
    throw new AppError("NOT_FOUND", "That invite does not exist, or you cannot manage it.");
  await db.$transaction(async (tx) => {
    const { count } = await tx.invite.updateMany({
      where: { id: inviteId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count)
      await recordAudit(tx, {
        teamId: invite.teamId,
        actorId: actor.id,
        action: "INVITE_REVOKED",
        targetType: "invite",
        targetId: inviteId,
      });
  });
}

export type InviteStatus = "valid" | "expired" | "revoked" | "used";

/**
 * What the invite page shows before anyone accepts: the team's name, the role, the state, and
 * whether the person looking (if signed in) is already in the team.
 */
export async function lookupInvite(token: string, viewerId?: string) {
  if (!TOKEN_SHAPE.test(token)) return null;
  const invite = await db.invite.findUnique({
    where: { tokenHash: inviteTokenHash(token) },
    select: {
      id: true,
      role: true,
      email: true,
      maxUses: true,
      useCount: true,
      expiresAt: true,
      revokedAt: true,
      team: {
        select: {
          id: true,
          name: true,
          slug: true,
          memberships: { where: { userId: viewerId ?? "" }, select: { role: true }, take: 1 },
        },
      },
    },
  });
  if (!invite) return null;
  const {
    team: { memberships, ...team },
    ...rest
  } = invite;
  const status: InviteStatus = invite.revokedAt
    ? "revoked"
    : invite.expiresAt <= new Date()
      ? "expired"
      : invite.maxUses !== null && invite.useCount >= invite.maxUses
        ? "used"
        : "valid";
  return { ...rest, team, status, isMember: Boolean(viewerId) && memberships.length > 0 };
}

const REFUSAL = INVITE_REFUSAL;

/** Joins the team. A member who opens the link again just gets the team back. */
export async function acceptInvite(actor: Actor & { email: string | null }, token: string) {
  const invite = await lookupInvite(token);
  if (!invite)
    throw new AppError(
      "NOT_FOUND",
      "This invite link is not valid. Check that you copied all of it.",
    );
  const existing = await db.membership.findUnique({
    where: { teamId_userId: { teamId: invite.team.id, userId: actor.id } },
    select: { role: true },
  });
  if (existing) return { team: invite.team, joined: false };
  if (invite.status !== "valid") throw new AppError("CONFLICT", REFUSAL[invite.status]);
  if (invite.email && invite.email !== actor.email?.toLowerCase()) {
    throw new AppError(
      "FORBIDDEN",
      `This invite was sent to ${maskEmail(invite.email)}. Sign in with that address to accept it.`,
    );
  }
  try {
    await db.$transaction(async (tx) => {
      const claimed = await tx.$queryRaw<{ id: string }[]>`
        UPDATE invites SET use_count = use_count + 1
        WHERE id = ${invite.id} AND revoked_at IS NULL AND expires_at > now() AND (max_uses IS NULL
          OR use_count < max_uses)
        RETURNING id`;
      if (!claimed[0]) throw new AppError("CONFLICT", REFUSAL.used);
      await tx.membership.create({
        data: { teamId: invite.team.id, userId: actor.id, role: invite.role },
      });
      await tx.inviteAcceptance.create({ data: { inviteId: invite.id, userId: actor.id } });
      await recordAudit(tx, {
        teamId: invite.team.id,
        actorId: actor.id,
        action: "MEMBER_JOINED",
        targetType: "invite",
        targetId: invite.id,
        data: { role: invite.role },
      });
    });
  } catch (error) {
    // joined meanwhile through another tab: the unique membership stops the second one
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return { team: invite.team, joined: false };
    throw error;
  }
  return { team: invite.team, joined: true };
}

function maskEmail(email: string) {
  const [name = "", domain = ""] = email.split("@");
  return `${name.slice(0, 2)}${"•".repeat(Math.max(1, name.length - 2))}@${domain}`;
}
