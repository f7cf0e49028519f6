// Sessions that end. Sessions are JWTs (the credentials provider needs them), so a copied
// cookie would otherwise work until it expires. Each JWT carries a session id (`sid`) and
// the user's session version (`ver`), checked on every request by the jwt callback:
// signing out revokes that session id, and "sign out everywhere" (or a password change)
// bumps the version, which ends every session of the user at once.
import "server-only";

import { randomUUID } from "node:crypto";

import { db } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/db-errors";

export type SessionClaims = { sid?: unknown; ver?: unknown; exp?: unknown };

/** The claims a new session starts with. */
export async function newSessionClaims(userId: string): Promise<{ sid: string; ver: number }> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  return { sid: randomUUID(), ver: user?.sessionVersion ?? 0 };
}

/** True while the user exists, the version is current and this session was not revoked. */
export async function isSessionLive(userId: string, claims: SessionClaims): Promise<boolean> {
  if (typeof claims.sid !== "string" || typeof claims.ver !== "number") return false;
  const sid = claims.sid;
  const live = await db.user.count({
    where: {
      id: userId,
      sessionVersion: claims.ver,
      revokedSessions: { none: { id: sid } },
    },
  });
  return live > 0;
}

/**
 * The session check of every request (Auth.js's jwt callback): the token while its session is
 * live, null once it has ended. When the database cannot say (down, restarting), the token
 * comes back marked `unverified`: that is not "signed out", and the signed-in user's lookup
 * refuses to act on it with "try again shortly" (lib/auth/session.ts).
 */
export async function checkedSessionToken<T extends SessionClaims & { sub?: string }>(
  token: T,
): Promise<(T & { unverified?: true }) | null> {
  const { unverified: _stale, ...claims } = token as T & { unverified?: true };
  if (!claims.sub) return null;
  try {
    return (await isSessionLive(claims.sub, claims)) ? (claims as T) : null;
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return { ...(claims as T), unverified: true };
  }
}

/** Signing out: this session (every copy of its cookie) stops working. */
export async function revokeSession(userId: string, claims: SessionClaims) {
  if (typeof claims.sid !== "string") return;
  const expiresAt =
    typeof claims.exp === "number"
      ? new Date(claims.exp * 1000)
      : new Date(Date.now() + 30 * 24 * 3600 * 1000);
  await db.revokedSession.upsert({
    where: { id: claims.sid },
    create: { id: claims.sid, userId, expiresAt },
    update: {},
  });
  if (Math.random() < 0.05) void pruneRevokedSessions().catch(() => {});
}

/** "Sign out everywhere", and what a password change must call: every session ends. */
export async function endAllSessions(userId: string) {
  await db.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { id: true },
  });
}

/** Revocations of sessions that have expired anyway. */
export async function pruneRevokedSessions() {
  await db.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
}
