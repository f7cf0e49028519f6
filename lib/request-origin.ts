// The origin to put in links we hand out (invites): the configured public URL, else the
// one the request came in on.
import "server-only";

import { headers } from "next/headers";

import { getEnv } from "@/lib/env";

export async function requestOrigin(): Promise<string> {
  const env = getEnv();
  const configured = env.CHORUS_PUBLIC_URL ?? env.AUTH_URL;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto =
    h.get("x-forwarded-proto") ??
    (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}
