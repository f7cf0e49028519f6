// In-app notifications (issue 18): today, being mentioned in a comment. Each person reads
// and marks only their own; one about a song they can no longer see is not shown. A mention
// is also emailed when SMTP is set up (best effort: the comment is saved either way).
import "server-only";

import { clipsVisibleTo, type Actor } from "@/lib/authz";
import { formatMoment } from "@/lib/comments/shared";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { sendMail } from "@/lib/mail";

export const NOTIFICATIONS_PAGE = 50;

function mine(actor: Actor): Prisma.NotificationWhereInput {
  return { userId: actor.id, OR: [{ clipId: null }, { clip: clipsVisibleTo(actor) }] };
}

export async function countUnread({ actor }: { actor: Actor }) {
  return db.notification.count({ where: { ...mine(actor), readAt: null } });
}

export async function listNotifications({ actor }: { actor: Actor }) {
  return db.notification.findMany({
    where: mine(actor),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: NOTIFICATIONS_PAGE,
    select: {
      id: true,
      kind: true,
      readAt: true,
      createdAt: true,
      actor: { select: { name: true } },
      clip: { select: { id: true, title: true } },
      comment: { select: { id: true, body: true, atSeconds: true } },
    },
  });
}

/** Marks the actor's own notifications read: the ones named, or all. Returns how many. */
export async function markNotificationsRead({
  actor,
  ids,
}: {
  actor: Actor;
  ids: string[] | "all";
}) {
  const { count } = await db.notification.updateMany({
    where: { userId: actor.id, readAt: null, ...(ids === "all" ? {} : { id: { in: ids } }) },
    data: { readAt: new Date() },
  });
  return count;
}

/** Emails each mentioned person, when this server can send email. */
export async function notifyMentioned(options: {
  actor: Actor;
  clip: { id: string; title: string };
  comment: { id: string; body: string; atSeconds: number | null };
  people: { id: string; name: string | null; email: string | null }[];
  origin?: string;
}) {
  const { clip, comment, people, origin } = options;
  if (!getEnv().SMTP_URL || people.length === 0) return;
  const author = await db.user.findUnique({
    where: { id: options.actor.id },
    select: { name: true },
  });
  const who = author?.name ?? "Someone";
  const song = clip.title || "a song";
  const link = origin ? `${origin}/clips/${clip.id}#comment-${comment.id}` : "";
  const at = comment.atSeconds === null ? "" : ` at ${formatMoment(comment.atSeconds)}`;
  for (const person of people) {
    if (!person.email) continue;
    try {
      await sendMail({
        to: person.email,
        subject: `${who} mentioned you on “${song}”`,
        text: `${who} mentioned you in a comment${at} on “${song}”:\n\n${comment.body}\n\n${link}`,
      });
    } catch (error) {
      log.warn("mention email not sent", { error: String(error) });
    }
  }
}
