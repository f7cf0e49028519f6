"use server";

// Team actions. Each one is thin: validate, call lib/teams (which checks the permission
// table), refresh what changed.
import type { Route } from "next";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import { findTeamAccess, ROLES } from "@/lib/authz";
import { requestOrigin } from "@/lib/request-origin";
import { fundTeam, transferAmountSchema } from "@/lib/teams/credits";
import { createInvite, inviteInputSchema, revokeInvite } from "@/lib/teams/invites";
import { changeRole, leaveTeam, removeMember, transferOwnership } from "@/lib/teams/members";
import { quotaSchema, setMemberQuota } from "@/lib/teams/quotas";
import { createTeam, deleteTeam, renameTeam, slugSchema, teamNameSchema } from "@/lib/teams/teams";
import { setWorkspaceCookie } from "@/lib/teams/workspace";

const teamId = z.object({ teamId: z.string().min(1) });
const member = teamId.extend({ userId: z.string().min(1) });

export const createTeamAction = authedAction(
  z.object({ name: teamNameSchema, slug: z.union([z.literal(""), slugSchema]).optional() }),
  async ({ name, slug }, { user }) => {
    const team = await createTeam(user, { name, slug: slug || undefined });
    await setWorkspaceCookie(team.slug);
    redirect(`/teams/${team.slug}` as Route);
  },
);

/** The header's workspace switcher: "" is Personal. */
export const switchWorkspaceAction = authedAction(
  z.object({ slug: z.string().max(40) }),
  async ({ slug }, { user }) => {
    if (!slug) {
      await setWorkspaceCookie(null);
      redirect("/library");
    }
    const access = await findTeamAccess(user, { slug });
    if (!access) return { error: "That team does not exist, or you are not in it." };
    await setWorkspaceCookie(access.team.slug);
    redirect(`/teams/${access.team.slug}` as Route);
  },
);

export const renameTeamAction = authedAction(
  teamId.extend({ name: teamNameSchema }),
  async ({ teamId, name }, { user }) => {
    await renameTeam(user, teamId, { name });
    revalidatePath("/teams", "layout");
    return { ok: true, message: "Renamed." };
  },
);

export const deleteTeamAction = authedAction(
  teamId.extend({ confirm: z.string().max(60) }),
  async ({ teamId, confirm }, { user }) => {
    await deleteTeam(user, teamId, confirm);
    await setWorkspaceCookie(null);
    redirect("/teams?deleted=1");
  },
);

export const fundTeamAction = authedAction(
  teamId.extend({ amount: transferAmountSchema }),
  async ({ teamId, amount }, { user }) => {
    const { teamBalance } = await fundTeam(user, { teamId, amount });
    revalidatePath("/teams", "layout");
    return { ok: true, message: `Added ${amount} credits. The team has ${teamBalance} now.` };
  },
);

/** An admin sets a member's monthly quota of the team's budget; "" lifts it. */
export const setMemberQuotaAction = authedAction(
  member.extend({ quota: quotaSchema }),
  async ({ teamId, userId, quota }, { user }) => {
    await setMemberQuota(user, { teamId, userId, quota });
    revalidatePath("/teams", "layout");
    return {
      ok: true,
      message: quota === null ? "No monthly limit now." : `Monthly quota: ${quota} credits.`,
    };
  },
);

export const createInviteAction = authedAction(
  teamId.and(inviteInputSchema),
  async ({ teamId, ...input }, { user }) => {
    const invite = await createInvite(user, teamId, input, { origin: await requestOrigin() });
    revalidatePath("/teams", "layout");
    const message = input.email
      ? invite.emailed
        ? `Invite sent to ${input.email}.`
        : `Email is not set up on this server, so copy this link to ${input.email}.`
      : "Invite link ready. Copy it and send it to the people you want.";
    return { ok: true, message, data: { url: invite.url } };
  },
);

export const revokeInviteAction = authedAction(
  z.object({ inviteId: z.string().min(1) }),
  async ({ inviteId }, { user }) => {
    await revokeInvite(user, inviteId);
    revalidatePath("/teams", "layout");
    return { ok: true, message: "Invite withdrawn; the link no longer works." };
  },
);

export const changeRoleAction = authedAction(
  member.extend({ role: z.enum(ROLES) }),
  async ({ teamId, userId, role }, { user }) => {
    await changeRole(user, teamId, userId, role);
    revalidatePath("/teams", "layout");
    return { ok: true, message: "Role changed." };
  },
);

export const removeMemberAction = authedAction(member, async ({ teamId, userId }, { user }) => {
  await removeMember(user, teamId, userId);
  revalidatePath("/teams", "layout");
  return { ok: true, message: "Removed from the team." };
});

export const transferOwnershipAction = authedAction(
  member,
  async ({ teamId, userId }, { user }) => {
    await transferOwnership(user, teamId, userId);
    revalidatePath("/teams", "layout");
    return { ok: true, message: "Ownership transferred. You are now an admin." };
  },
);

export const leaveTeamAction = authedAction(teamId, async ({ teamId }, { user }) => {
  await leaveTeam(user, teamId);
  await setWorkspaceCookie(null);
  redirect("/library?left=1");
});
