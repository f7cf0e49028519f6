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
import {
  findBlock,
  recordHit,
  resetKey,
  secondsUntil,
  type RateLimitPolicy,
} from "@/lib/rate-limit";
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

export type CredentialCheck =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

const accountKey = (email: string) => `signin:account:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `signin:ip:${ip}`;

export async function verifyCredentials(input: {
  email: string;
  password: string;
  ip: string | null;
}): Promise<CredentialCheck> {
  const email = input.email.trim().toLowerCase();
  const keys = [accountKey(email), ...(input.ip ? [ipKey(input.ip)] : [])];

  const blockedUntil = await findBlock(keys);
  if (blockedUntil)
    return { ok: false, reason: "throttled", retryAfterSeconds: secondsUntil(blockedUntil) };

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, image: true, passwordHash: true },
  });
  const matches = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);

  if (!user || !matches) {
    await Promise.all([
      recordHit(accountKey(email), ACCOUNT_POLICY),
      input.ip ? recordHit(ipKey(input.ip), IP_POLICY) : null,
    ]);
    return { ok: false, reason: "invalid" };
  }

  await resetKey(accountKey(email));
  const { passwordHash: _omit, ...publicUser } = user;
  return { ok: true, user: publicUser };
}
