// A bucket endpoint a person typed must not point Chorus at its own network (SSRF): http or
// https, no credentials in the URL, and every address the name resolves to public, by the
// same address rules as media downloads (isPrivateAddress, lib/media/safe-fetch.ts). Private
// stores (a MinIO on the LAN) are reachable only when the operator lists their host:port in
// BACKUP_ALLOWED_HOSTS. Checked when the destination is saved and again before every slice
// of a run (names can change what they resolve to).
import "server-only";

import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

import { getEnv } from "@/lib/env";
import { isPrivateAddress, UnsafeUrlError } from "@/lib/media/safe-fetch";

export function allowedBackupHosts(): Set<string> {
  return new Set(getEnv().BACKUP_ALLOWED_HOSTS.map((h) => h.toLowerCase()));
}

export async function assertPublicEndpoint(
  endpoint: string,
  allowHosts: Set<string> = allowedBackupHosts(),
): Promise<void> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UnsafeUrlError("The endpoint is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UnsafeUrlError("The endpoint must be an http:// or https:// URL.");
  if (url.username || url.password)
    throw new UnsafeUrlError("Put the credentials in their own fields, not in the URL.");
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  if (allowHosts.has(`${host}:${port}`)) return;
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (list) => list.map((a) => a.address),
        () => {
          throw new UnsafeUrlError(`${host} could not be resolved.`);
        },
      );
  if (addresses.length === 0 || addresses.some(isPrivateAddress))
    throw new UnsafeUrlError(
      `${host} is a private or reserved address; the operator can allow it ` +
        "with BACKUP_ALLOWED_HOSTS.",
    );
}
