// The signed-in user's own account (the settings page): display name, password, and
// deleting the account. Email changes and resets are links (lib/auth/account-tokens.ts).
import "server-only";

import {
  hashPassword,
  passwordProblem,
  verifyAgainstDummy,
  verifyPassword,
} from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

type Actor = { id: string };

export async function getAccount(actor: Actor) {
  const user = await db.user.findUnique({
    where: { id: actor.id },
    select: {
      name: true,
      email: true,
      passwordHash: true,
      createdAt: true,
      _count: { select: { clips: { where: { teamId: null } } } },
      memberships: {
        select: { role: true, team: { select: { name: true, slug: true } } },
        orderBy: { team: { name: "asc" } },
      },
    },
  });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended.");
  const { passwordHash, _count, ...rest } = user;
  return { ...rest, hasPassword: Boolean(passwordHash), personalSongs: _count.clips };
}

export async function updateProfile(actor: Actor, input: { name: string }) {
  await db.user.update({
    where: { id: actor.id },
    data: { name: input.name },
    select: { id: true },
  });
}

/** The account's current password must match (accounts without one have nothing to check). */
export async function verifyCurrentPassword(actor: Actor, password: string | undefined) {
  const user = await db.user.findUnique({
    where: { id: actor.id },
    select: { passwordHash: true },
  });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended.");
  if (!user.passwordHash) return; // an OAuth or magic-link account has none to check
  const ok = password
    ? await verifyPassword(user.passwordHash, password)
    : await verifyAgainstDummy("");
  if (!ok)
    throw new AppError("FORBIDDEN", "That is not your current password.", {
      fieldErrors: { currentPassword: ["That is not your current password."] },
    });
}

/** A new password; every session of the account ends (the caller signs this one in again). */
export async function changePassword(
  actor: Actor,
  input: { currentPassword?: string; newPassword: string },
) {
  const problem = passwordProblem(input.newPassword);
  if (problem)
    throw new AppError("BAD_REQUEST", problem, { fieldErrors: { newPassword: [problem] } });
  await verifyCurrentPassword(actor, input.currentPassword);
  const passwordHash = await hashPassword(input.newPassword);
  const user = await db.user.update({
    where: { id: actor.id },
    data: { passwordHash, sessionVersion: { increment: 1 } },
    select: { email: true },
  });
  await db.accountToken.deleteMany({ where: { userId: actor.id, kind: "PASSWORD_RESET" } });
  return { email: user.email };
}

export const DELETE_ACCOUNT_STATEMENT = [
  "Your personal songs, their lyrics and files, your share links and your personal credits " +
    "are deleted for good.",
  "Songs you made in a team stay in that team: they are handed to one of its owners, with " +
    "what they cost.",
  "You leave every team. If you are the last owner of a team, transfer it or delete it first.",
] as const;

/**
 * Deletes the account. Refused while the user is the last owner of a team. Team songs (and
 * their tasks, lyrics and ledger entries) move to an owner of their team, so that a team keeps
 * its library and its budget's record; the rest goes with the user (foreign keys cascade, and
 * archived files are queued for removal by the storage_garbage trigger).
 */
export async function deleteAccount(
  actor: Actor & { email: string | null },
  input: { confirmEmail: string; password?: string },
) {
  const expected = (actor.email ?? "delete").toLowerCase();
  if (input.confirmEmail.trim().toLowerCase() !== expected) {
    const message = actor.email ? "Type your email address exactly." : 'Type "delete".';
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { confirmEmail: [message] } });
  }
  await verifyCurrentPassword(actor, input.password);
  await db.$transaction(
    async (tx) => {
      const memberships = await tx.membership.findMany({
        where: { userId: actor.id },
        select: { teamId: true, role: true, team: { select: { name: true } } },
      });
      for (const { teamId, team } of memberships) {
        const heir = await tx.membership.findFirst({
          where: { teamId, role: "OWNER", userId: { not: actor.id } },
          orderBy: { createdAt: "asc" },
          select: { userId: true },
        });
        if (!heir)
          throw new AppError(
            "CONFLICT",
            `You are the last owner of ${team.name}. Transfer it or delete it first.`,
          );
        const where = { teamId, ownerId: actor.id };
        await tx.clip.updateMany({ where, data: { ownerId: heir.userId } });
        await tx.task.updateMany({ where, data: { ownerId: heir.userId } });
        await tx.lyrics.updateMany({ where, data: { ownerId: heir.userId } });
        await tx.ledgerEntry.updateMany({
          where: { teamId, userId: actor.id },
          data: { userId: heir.userId },
        });
      }
      await tx.user.delete({ where: { id: actor.id }, select: { id: true } });
    },
    { maxWait: 5000, timeout: 30_000 },
  );
}
