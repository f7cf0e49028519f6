// The team audit log: who did what to the team, written in the same transaction as the
// change it records, read by admins and owners only.
import "server-only";

import { requireTeam, teamsWhere, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuditAction } from "@/lib/generated/prisma/enums";

export type AuditInput = {
  teamId: string;
  actorId: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  data?: Prisma.InputJsonValue;
};

export function recordAudit(tx: Prisma.TransactionClient, event: AuditInput) {
  return tx.auditEvent.create({ data: event });
}

export const AUDIT_PAGE = 50;

export async function listAudit(actor: Actor, teamId: string, options: { before?: string } = {}) {
  await requireTeam(actor, { id: teamId }, "audit.view");
  const [createdAt, id] = options.before?.split("_") ?? [];
  const before =
    createdAt && id && !Number.isNaN(Date.parse(createdAt))
      ? { createdAt: new Date(createdAt), id }
      : null;
  const rows = await db.auditEvent.findMany({
    where: {
      teamId,
      team: teamsWhere(actor, "audit.view"),
      ...(before
        ? {
            OR: [
              { createdAt: { lt: before.createdAt } },
              { createdAt: before.createdAt, id: { lt: before.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: AUDIT_PAGE + 1,
    select: {
      id: true,
      action: true,
      targetType: true,
      targetId: true,
      data: true,
      createdAt: true,
      actor: { select: { name: true, email: true } },
    },
  });
  const page = rows.slice(0, AUDIT_PAGE);
  const last = page.at(-1);
  return {
    events: page,
    nextBefore:
      rows.length > AUDIT_PAGE && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
  };
}

/** One line per event, in plain words. */
export function describeAudit(event: { action: AuditAction; data: Prisma.JsonValue }): string {
  const data = (event.data ?? {}) as Record<string, string | undefined>;
  const who = data.name ?? data.email ?? "someone";
  switch (event.action) {
    case "INVITE_CREATED":
      return data.email
        ? `invited ${data.email} as ${lower(data.role)}`
        : `created an invite link for a ${lower(data.role)}`;
    case "INVITE_REVOKED":
      return "revoked an invite";
    case "MEMBER_JOINED":
      return `joined as ${lower(data.role)}`;
    case "MEMBER_ROLE_CHANGED":
      return `changed ${who} from ${lower(data.from)} to ${lower(data.to)}`;
    case "MEMBER_REMOVED":
      return `removed ${who}`;
    case "MEMBER_LEFT":
      return "left the team";
    case "OWNERSHIP_TRANSFERRED":
      return `made ${who} an owner and stepped down to admin`;
    case "CLIP_SHARED":
      return `shared “${data.title ?? "a song"}” into the team`;
    case "CLIP_UNSHARED":
      return `took “${data.title ?? "a song"}” out of the team`;
    case "CLIP_DELETED":
      return `moved “${data.title ?? "a song"}” to the trash`;
    case "TEAM_UPDATED":
      return data.name ? `renamed the team to ${data.name}` : "updated the team";
    case "CREDITS_ADDED":
      return data.amount
        ? `added ${data.amount} credits${data.source === "operator" ? " (operator grant)" : ""}`
        : "added credits";
    case "TEAM_DELETED":
      return data.returned
        ? `deleted the team; ${data.returned} unspent credits went back to its owner`
        : "deleted the team";
    case "TEAM_CREATED":
      return `created the team ${data.name ?? ""}`.trim();
    case "QUOTA_SET":
      return data.to === "none"
        ? `lifted ${who}'s monthly quota`
        : `set ${who}'s monthly quota to ${data.to} credits`;
    case "PLAYLIST_DELETED":
      return `deleted the playlist “${data.name ?? "a playlist"}”`;
    case "COMMENT_CREATED":
      return `commented on “${data.title ?? "a song"}”: ${quote(data.excerpt)}`;
    case "COMMENT_EDITED":
      return `edited a comment on “${data.title ?? "a song"}”: ${quote(data.excerpt)}`;
    case "COMMENT_DELETED":
      return `deleted a comment on “${data.title ?? "a song"}”: ${quote(data.excerpt)}`;
  }
}

const quote = (text: string | undefined) => `“${text ?? ""}”`;
const lower = (role: string | undefined) => (role ?? "member").toLowerCase();
