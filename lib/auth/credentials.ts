// Email + password accounts: sign-up, and the credential check behind sign-in with its
// throttling (failures counted per account and per IP in Postgres, see lib/rate-limit).
import "server-only";

import {
  hashPassword,
  passwordProblem,
  verifyAgainstDummy,
  verifyPassword,
} from "@/lib/auth/password";
import { signUpSchema, type SignUpInput } from "@/lib/auth/schemas";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { sendMail } from "@/lib/mail";
import {
  findBlock,
  recentHits,
  recordHit,
  resetKey,
  secondsUntil,
  type RateLimitPolicy,
} from "@/lib/rate-limit";
import { publicOrigin } from "@/lib/request-origin";
import { grantCredits } from "@/lib/tasks/credits";

export const ACCOUNT_POLICY: RateLimitPolicy = {
  windowSeconds: 15 * 60,
  freeHits: 5,
  baseBlockSeconds: 30,
  maxBlockSeconds: 15 * 60,
};
export const IP_POLICY: RateLimitPolicy = {
  windowSeconds: 15 * 60,
  freeHits: 30,
  baseBlockSeconds: 60,
  maxBlockSeconds: 60 * 60,
};

export const INVALID_CREDENTIALS_MESSAGE = "That email and password don't match an account.";

export type PublicUser = {
  id: string;
  name: string | null;
  email: string | null;
  image: string | null;
};

export async function registerUser(input: SignUpInput): Promise<PublicUser> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("BAD_REQUEST", "Check the highlighted fields.", {
      fieldErrors: parsed.error.flatten().fieldErrors,
    });
  }
  const { name, email, password } = parsed.data;
  const problem = passwordProblem(password);
  if (problem) throw new AppError("BAD_REQUEST", problem, { fieldErrors: { password: [problem] } });

  const passwordHash = await hashPassword(password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { name, email, passwordHash },
        select: { id: true, name: true, email: true, image: true },
      });
      await grantCredits(tx, {
        userId: user.id,
        amount: getEnv().SIGNUP_CREDITS,
        note: "Welcome credits",
      });
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "This email is already registered.", {
        fieldErrors: { email: ["An account with this email already exists. Sign in instead."] },
      });
    }
    throw error;
  }
}

export type SignUpResult = { created: true; user: PublicUser } | { created: false };

/**
 * Sign-up that does not tell whether an email has an account: a taken address gets the same
 * answer as a new one would after confirming, and its owner is told by mail instead.
 */
export async function signUp(input: SignUpInput): Promise<SignUpResult> {
  try {
    return { created: true, user: await registerUser(input) };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "CONFLICT") throw error;
    await sendMail({
      to: normalEmail(input.email),
      subject: "Someone tried to sign up to Chorus with your email",
      text: [
        `Someone (maybe you) tried to create a Chorus account at ${publicOrigin()}`,
        "with this email, which already has one.",
        "",
        `If it was you, sign in instead: ${publicOrigin()}/sign-in`,
        "",
        "If it was not you, ignore this email: nothing has changed.",
      ].join("\n"),
    }).catch((mailError: unknown) => log.error("sign-up notice not sent", { error: mailError }));
    return { created: false };
  }
}

export type CredentialCheck =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** Failures of one account from many addresses only slow its checks, never refuse them. */
export const ACCOUNT_SLOWDOWN = {
  windowSeconds: 15 * 60,
  freeHits: 10,
  baseDelayMs: 250,
  maxDelayMs: 8000,
} as const;
// the account counter is read for its hits only; its block column is never checked
const ACCOUNT_COUNTER: RateLimitPolicy = {
  windowSeconds: ACCOUNT_SLOWDOWN.windowSeconds,
  freeHits: 2_000_000_000,
  baseBlockSeconds: 0,
  maxBlockSeconds: 0,
};

const normalEmail = (email: string) => email.trim().toLowerCase();
const accountKey = (email: string) => `signin:account:${normalEmail(email)}`;
/** the block: one account from one address (an attacker's address never locks the owner out) */
export const pairKey = (email: string, ip: string | null) =>
  `signin:pair:${normalEmail(email)}|${ip ?? "-"}`;
const ipKey = (ip: string) => `signin:ip:${ip}`;

/** How long a check of this account waits, after `hits` recent failures from anywhere. */
export function accountDelayMs(hits: number): number {
  const { freeHits, baseDelayMs, maxDelayMs } = ACCOUNT_SLOWDOWN;
  if (hits <= freeHits) return 0;
  return Math.min(maxDelayMs, baseDelayMs * 2 ** (hits - freeHits - 1));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function verifyCredentials(
  input: { email: string; password: string; ip: string | null },
  options: { wait?: (ms: number) => Promise<void> } = {},
): Promise<CredentialCheck> {
  const email = normalEmail(input.email);
  const keys = [pairKey(email, input.ip), ...(input.ip ? [ipKey(input.ip)] : [])];

  const blockedUntil = await findBlock(keys);
  if (blockedUntil)
    return { ok: false, reason: "throttled", retryAfterSeconds: secondsUntil(blockedUntil) };

  const delay = accountDelayMs(await recentHits(accountKey(email), ACCOUNT_SLOWDOWN.windowSeconds));
  if (delay > 0) await (options.wait ?? sleep)(delay);

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, image: true, passwordHash: true },
  });
  const matches = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);

  if (!user || !matches) {
    await Promise.all([
      recordHit(pairKey(email, input.ip), ACCOUNT_POLICY),
      recordHit(accountKey(email), ACCOUNT_COUNTER),
      input.ip ? recordHit(ipKey(input.ip), IP_POLICY) : null,
    ]);
    return { ok: false, reason: "invalid" };
  }

  await resetKey(pairKey(email, input.ip));
  const { passwordHash: _omit, ...publicUser } = user;
  return { ok: true, user: publicUser };
}
