// Links mailed for account changes: a password reset (asked for from the sign-in page) and
// the confirmation of a new email address (asked for on the settings page). A token is 32
// random bytes shown once in the mail; only its SHA-256 is stored. It works once, expires, and
// a newer one of the same kind replaces the older ones. Asking is rate limited per address and
// per client IP, and the answer never tells whether an account exists.
import "server-only";

import { createHash, randomBytes } from "node:crypto";

import { hashPassword, passwordProblem } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { sendMail } from "@/lib/mail";
import { findBlock, recordHit, secondsUntil, type RateLimitPolicy } from "@/lib/rate-limit";
import { publicOrigin } from "@/lib/request-origin";

export type AccountTokenKind = "PASSWORD_RESET" | "EMAIL_CHANGE";

export const RESET_TTL_MINUTES = 60;
export const EMAIL_CHANGE_TTL_HOURS = 24;

/** Reset mails per address: three an hour, then a growing pause. */
export const RESET_EMAIL_POLICY: RateLimitPolicy = {
  windowSeconds: 60 * 60,
  freeHits: 3,
  baseBlockSeconds: 5 * 60,
  maxBlockSeconds: 60 * 60,
};
/** Reset requests per client address, whatever the email. */
export const RESET_IP_POLICY: RateLimitPolicy = {
  windowSeconds: 60 * 60,
  freeHits: 20,
  baseBlockSeconds: 5 * 60,
  maxBlockSeconds: 60 * 60,
};

export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");
const newToken = () => randomBytes(32).toString("base64url");
/** What a token in a link looks like (43 base64url characters): anything else is a 404. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

async function issue(
  tx: Prisma.TransactionClient,
  options: { userId: string; kind: AccountTokenKind; ttlMs: number; newEmail?: string },
): Promise<string> {
  const token = newToken();
  // only the newest link of a kind works
  await tx.accountToken.deleteMany({ where: { userId: options.userId, kind: options.kind } });
  await tx.accountToken.create({
    data: {
      userId: options.userId,
      kind: options.kind,
      tokenHash: tokenHash(token),
      newEmail: options.newEmail ?? null,
      expiresAt: new Date(Date.now() + options.ttlMs),
    },
  });
  return token;
}

export class RateLimited extends AppError {
  constructor(seconds: number) {
    const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
    super("RATE_LIMITED", `Too many requests for a link. Wait ${wait}, then try again.`);
  }
}

/**
 * "Forgot your password": mails a reset link when the address has an account, and does the
 * same visible thing when it has none (the caller shows one answer for both).
 */
export async function requestPasswordReset(options: { email: string; ip: string | null }) {
  const email = options.email.trim().toLowerCase();
  const emailKey = `reset:email:${email}`;
  const ipKey = options.ip ? `reset:ip:${options.ip}` : null;
  const blocked = await findBlock([emailKey, ...(ipKey ? [ipKey] : [])]);
  if (blocked) throw new RateLimited(secondsUntil(blocked));
  // this request counts too: the one over the limit is refused, not sent
  const hits = await Promise.all([
    recordHit(emailKey, RESET_EMAIL_POLICY),
    ipKey ? recordHit(ipKey, RESET_IP_POLICY) : null,
  ]);
  const over = hits.map((hit) => hit?.blockedUntil).find(Boolean);
  if (over) throw new RateLimited(secondsUntil(over));

  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return;
  const token = await db.$transaction((tx) =>
    issue(tx, { userId: user.id, kind: "PASSWORD_RESET", ttlMs: RESET_TTL_MINUTES * 60_000 }),
  );
  const link = `${publicOrigin()}/reset-password/${token}`;
  // not awaited: an address with an account must not answer slower than one without
  void sendMail({
    to: email,
    subject: "Reset your Chorus password",
    text: [
      "Someone (maybe you) asked to reset the password of your Chorus account.",
      "Choose a new password with this link. It works once and expires in " +
        `${RESET_TTL_MINUTES} minutes:`,
      "",
      link,
      "",
      "If you did not ask for it, ignore this email: your password has not changed.",
    ].join("\n"),
  }).catch((error: unknown) => log.error("reset mail not sent", { error }));
}

/** A live token of this kind, or null (unknown, used, expired, or of another kind). */
export async function findLiveToken(token: string, kind: AccountTokenKind) {
  if (!TOKEN_PATTERN.test(token)) return null;
  return db.accountToken.findFirst({
    where: { tokenHash: tokenHash(token), kind, usedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, userId: true, newEmail: true, user: { select: { email: true } } },
  });
}

const SPENT = "This link has expired or was already used. Ask for a new one.";

/** Marks the token used (once, under concurrency) and returns its user, or throws. */
async function spend(tx: Prisma.TransactionClient, token: string, kind: AccountTokenKind) {
  if (!TOKEN_PATTERN.test(token)) throw new AppError("NOT_FOUND", SPENT);
  const rows = await tx.$queryRaw<{ user_id: string; new_email: string | null }[]>`
    UPDATE account_tokens SET used_at = now()
    WHERE token_hash = ${tokenHash(token)} AND kind = ${kind}
      AND used_at IS NULL AND expires_at > now()
    RETURNING user_id, new_email`;
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", SPENT);
  return row;
}

/** Sets a new password from a reset link; every session of the account ends. */
export async function resetPassword(options: { token: string; password: string }) {
  const problem = passwordProblem(options.password);
  if (problem) throw new AppError("BAD_REQUEST", problem, { fieldErrors: { password: [problem] } });
  const passwordHash = await hashPassword(options.password);
  return db.$transaction(async (tx) => {
    const { user_id: userId } = await spend(tx, options.token, "PASSWORD_RESET");
    const user = await tx.user.update({
      where: { id: userId },
      // the mail reached the address: it is verified now, too
      data: { passwordHash, sessionVersion: { increment: 1 }, emailVerified: new Date() },
      select: { email: true },
    });
    await tx.accountToken.deleteMany({ where: { userId, kind: "PASSWORD_RESET" } });
    return { email: user.email };
  });
}

/** Settings: mails a confirmation link to the new address (and a notice to the old one). */
export async function requestEmailChange(options: {
  userId: string;
  currentEmail: string | null;
  newEmail: string;
}) {
  const newEmail = options.newEmail.trim().toLowerCase();
  if (newEmail === options.currentEmail)
    throw new AppError("BAD_REQUEST", "That is already your email address.", {
      fieldErrors: { email: ["That is already your email address."] },
    });
  const key = `email-change:${options.userId}`;
  const blocked = await findBlock([key]);
  if (blocked) throw new RateLimited(secondsUntil(blocked));
  const hit = await recordHit(key, RESET_EMAIL_POLICY);
  if (hit.blockedUntil) throw new RateLimited(secondsUntil(hit.blockedUntil));
  // a taken address gets the same answer (and no mail): the form does not reveal accounts
  const taken = await db.user.count({ where: { email: newEmail } });
  if (taken) return;
  const token = await db.$transaction((tx) =>
    issue(tx, {
      userId: options.userId,
      kind: "EMAIL_CHANGE",
      ttlMs: EMAIL_CHANGE_TTL_HOURS * 3600_000,
      newEmail,
    }),
  );
  await sendMail({
    to: newEmail,
    subject: "Confirm your new Chorus email address",
    text: [
      "Confirm that this address should become the email of your Chorus account.",
      `The link works once and expires in ${EMAIL_CHANGE_TTL_HOURS} hours:`,
      "",
      `${publicOrigin()}/confirm-email/${token}`,
      "",
      "If you did not ask for it, ignore this email: nothing changes.",
    ].join("\n"),
  });
  if (options.currentEmail)
    void sendMail({
      to: options.currentEmail,
      subject: "Your Chorus email address is about to change",
      text:
        `Someone signed in to your Chorus account asked to change its email to ${newEmail}.\n` +
        "It changes only when that address confirms. If it was not you, change your password.",
    }).catch((error: unknown) => log.error("email-change notice not sent", { error }));
}

/** Confirms a new address from its link. */
export async function confirmEmailChange(options: { token: string }) {
  try {
    return await db.$transaction(async (tx) => {
      const row = await spend(tx, options.token, "EMAIL_CHANGE");
      if (!row.new_email) throw new AppError("NOT_FOUND", SPENT);
      await tx.user.update({
        where: { id: row.user_id },
        data: { email: row.new_email, emailVerified: new Date() },
        select: { id: true },
      });
      return { email: row.new_email };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("CONFLICT", "That address now belongs to another account.");
    throw error;
  }
}
