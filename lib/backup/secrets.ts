// A backup destination's credentials at rest: AES-256-GCM under a key derived from the server
// secret (AUTH_SECRET) with HKDF-SHA256, bound to the destination's id as associated data (a
// ciphertext copied onto another row does not decrypt). Stored as v1.<iv>.<tag>.<ciphertext>,
// base64url. Rotating AUTH_SECRET makes stored credentials unreadable: they are entered again.
import "server-only";

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

import { getEnv } from "@/lib/env";

const SALT = "chorus backup destination credentials";
const INFO = "aes-256-gcm v1";

function key(secret: string) {
  return Buffer.from(hkdfSync("sha256", secret, SALT, INFO, 32));
}

export function encryptSecret(
  plain: string,
  destinationId: string,
  secret = getEnv().AUTH_SECRET,
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  cipher.setAAD(Buffer.from(destinationId));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", ...[iv, cipher.getAuthTag(), body].map((p) => p.toString("base64url"))].join(".");
}

export function decryptSecret(
  stored: string,
  destinationId: string,
  secret = getEnv().AUTH_SECRET,
): string {
  const [version, iv, tag, body] = stored.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined)
    throw new Error("the stored credentials are not in a known format");
  const decipher = createDecipheriv("aes-256-gcm", key(secret), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(destinationId));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(body, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}
