"use server";

// Accepting an invite: the signed-in user joins the team and lands in its library.
import type { Route } from "next";
import { redirect } from "next/navigation";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import { acceptInvite } from "@/lib/teams/invites";
import { setWorkspaceCookie } from "@/lib/teams/workspace";

export const acceptInviteAction = authedAction(
  z.object({ token: z.string().min(1).max(100) }),
  async ({ token }, { user }) => {
    const { team } = await acceptInvite(user, token);
    await setWorkspaceCookie(team.slug);
    redirect(`/teams/${team.slug}?joined=1` as Route);
  },
);
