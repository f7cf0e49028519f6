// Team budgets are funded, never minted: a member moves credits from their own balance into
// the team (a TRANSFER pair in the ledger, one transaction), or an operator grants them
// (`npm run credits:grant`). A deleted team's unspent credits go back to its owner the same
// way (lib/teams/teams.ts deleteTeam).
import "server-only";

import { z } from "zod";

import { requireTeam, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { grantCredits, transferCredits } from "@/lib/tasks/credits";
import { recordAudit } from "@/lib/teams/audit";

export const TRANSFER_MAX = 1_000_000;
export const transferAmountSchema = z.coerce
  .number({ error: "Give a whole number of credits." })
  .int("Give a whole number of credits.")
  .min(1, "Add at least 1 credit.")
  .max(TRANSFER_MAX, `Add at most ${TRANSFER_MAX.toLocaleString("en")} credits at once.`);

/** A member funds the team from their personal balance. */
export async function fundTeam(actor: Actor, options: { teamId: string; amount: number }) {
  const amount = transferAmountSchema.parse(options.amount);
  const { team } = await requireTeam(actor, { id: options.teamId }, "clip.create");
  return db.$transaction(async (tx) => {
    const result = await transferCredits(tx, {
      userId: actor.id,
      teamId: team.id,
      amount,
      direction: "toTeam",
      note: `To the team ${team.name}`,
    });
    await recordAudit(tx, {
      teamId: team.id,
      actorId: actor.id,
      action: "CREDITS_ADDED",
      data: { amount: String(amount) },
    });
    return result;
  });
}

/** Operators only (scripts/credits-grant.ts): credits from nowhere, on the record. */
export async function operatorGrant(options: {
  email?: string;
  teamSlug?: string;
  amount: number;
  note: string;
}) {
  const amount = transferAmountSchema.parse(options.amount);
  if (Boolean(options.email) === Boolean(options.teamSlug))
    throw new AppError(
      "BAD_REQUEST",
      "Name either a user (--user <email>) or a team (--team <slug>).",
    );
  return db.$transaction(async (tx) => {
    if (options.email) {
      const user = await tx.user.findUnique({
        where: { email: options.email.trim().toLowerCase() },
        select: { id: true, creditBalance: true },
      });
      if (!user) throw new AppError("NOT_FOUND", `No user has the email ${options.email}.`);
      await grantCredits(tx, { userId: user.id, amount, note: options.note });
      return { kind: "user" as const, id: user.id, balance: user.creditBalance + amount };
    }
    const team = await tx.team.findFirst({
      where: { slug: options.teamSlug, deletedAt: null },
      select: {
        id: true,
        creditBalance: true,
        memberships: { where: { role: "OWNER" }, select: { userId: true }, take: 1 },
      },
    });
    const owner = team?.memberships[0]?.userId;
    if (!team || !owner)
      throw new AppError("NOT_FOUND", `No team has the address ${options.teamSlug}.`);
    // the ledger names a person for every movement: the team's owner receives it for the team
    await grantCredits(tx, { userId: owner, teamId: team.id, amount, note: options.note });
    await recordAudit(tx, {
      teamId: team.id,
      actorId: null,
      action: "CREDITS_ADDED",
      data: { amount: String(amount), source: "operator" },
    });
    return { kind: "team" as const, id: team.id, balance: team.creditBalance + amount };
  });
}
