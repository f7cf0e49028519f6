// Who operates this server: the first person to sign up, and anyone ADMIN_EMAILS names. They
// alone see the provider status page; to everyone else it does not exist (a 404).
import "server-only";

import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** The first user changes only when that account is deleted: read it once a minute at most
 *  (the header asks on every page). */
const FIRST_USER_TTL_MS = 60_000;
let firstUserCache: { id: string | null; at: number } | null = null;

async function firstUser(): Promise<string | null> {
  if (firstUserCache && Date.now() - firstUserCache.at < FIRST_USER_TTL_MS)
    return firstUserCache.id;
  const first = await db.user.findFirst({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  firstUserCache = { id: first?.id ?? null, at: Date.now() };
  return firstUserCache.id;
}

export type IsAdminOptions = { adminEmails?: readonly string[] };

export async function isAdmin(
  user: { id: string; email: string | null },
  options: IsAdminOptions = {},
): Promise<boolean> {
  const emails = options.adminEmails ?? getEnv().ADMIN_EMAILS;
  if (user.email && emails.includes(user.email.toLowerCase())) return true;
  return (await firstUser()) === user.id;
}

/** For admin pages and routes: anyone else is told the page does not exist. */
export async function assertAdmin(user: { id: string; email: string | null }) {
  if (!(await isAdmin(user))) throw new AppError("NOT_FOUND", "This page does not exist.");
}
