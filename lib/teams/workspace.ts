// The current workspace (Personal or one team) is a cookie holding the team's slug. It only
// picks a default: every read is still checked against the actor's memberships, so a stale
// or forged cookie falls back to Personal. (Not a secret, so not `Secure`: it works on plain
// http self-hosts too.)
import "server-only";

import { cookies } from "next/headers";

import { findTeamAccess, type Actor, type TeamAccess } from "@/lib/authz";

export const WORKSPACE_COOKIE = "chorus-workspace";

export type Workspace = { kind: "personal" } | ({ kind: "team" } & TeamAccess);

export async function getWorkspace(actor: Actor): Promise<Workspace> {
  const slug = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const access = slug ? await findTeamAccess(actor, { slug }) : null;
  return access ? { kind: "team", ...access } : { kind: "personal" };
}

export async function setWorkspaceCookie(slug: string | null) {
  const jar = await cookies();
  if (!slug) jar.delete(WORKSPACE_COOKIE);
  else
    jar.set(WORKSPACE_COOKIE, slug, {
      path: "/",
      sameSite: "lax",
      httpOnly: true,
      maxAge: 60 * 60 * 24 * 365,
    });
}
