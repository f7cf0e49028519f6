// The session, read once per request (React cache). Pages and actions call these
// themselves; proxy.ts only redirects early and is never the real check.
import "server-only";

import { redirect } from "next/navigation";
import { cache } from "react";

import { auth } from "@/lib/auth/config";
import { db } from "@/lib/db";
import { DatabaseUnavailableError } from "@/lib/db-errors";

export type CurrentUser = {
  id: string;
  name: string | null;
  email: string | null;
  image: string | null;
};

export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  // a session the database could not check is neither signed in nor out: the caller's
  // outage handling answers "try again shortly" (an action) or the error page (a page)
  if (session && "unverified" in session) throw new DatabaseUnavailableError();
  const id = session?.user?.id;
  if (!id) return null;
  // The JWT may outlive its user (deleted account): the database has the last word.
  return db.user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, image: true },
  });
});

/** For pages: the signed-in user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
