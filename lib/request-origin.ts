// The origin of every link Chorus mails or hands out (magic links, invites, share links,
// notify_hook): the one configured public URL (CHORUS_PUBLIC_URL, else AUTH_URL), never a
// request header a client can write. Production refuses to start without one (lib/env.ts).
// Locally (a loopback public URL) a link follows the loopback host the person browses on,
// localhost or 127.0.0.1, so that the cookie of an invitee's session comes along.
import "server-only";

import { headers } from "next/headers";

import { getEnv } from "@/lib/env";
import { linkOriginFor } from "@/lib/request-origin-shared";

export { isLoopbackHost, linkOriginFor } from "@/lib/request-origin-shared";

/** The configured public origin (outside production, a loopback default). */
export function publicOrigin(): string {
  const env = getEnv();
  const configured = env.CHORUS_PUBLIC_URL ?? env.AUTH_URL;
  if (configured) return new URL(configured).origin;
  // lib/env.ts refuses production without one; this is a local server without settings
  return "http://localhost:3000";
}

/** The origin for links handed to the person making this request (invites, share links). */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  return linkOriginFor(publicOrigin(), h.get("host"));
}
