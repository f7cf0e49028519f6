// Secrets the server must read back in plain (a backup bucket's credentials, a Subsonic app
// password for token+salt auth): AES-256-GCM under a key derived from the server secret
// (AUTH_SECRET) with HKDF-SHA256, one key per purpose (the HKDF salt), bound to the owning
// row's id as associated data (a ciphertext copied onto another row does not decrypt).
// Stored as v1.<iv>.<tag>.<ciphertext>, base64url. Rotating AUTH_SECRET makes them unreadable.
import "server-only";

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

import { getEnv } from "@/lib/env";

const INFO = "aes-256-gcm v1";

export type SealOptions = {
  /** what the secret is for: each purpose has its own key */
  purpose: string;
  /** the row it belongs to (associated data) */
  boundTo: string;
  secret?: string;
};

function key(secret: string, purpose: string) {
  return Buffer.from(hkdfSync("sha256", secret, purpose, INFO, 32));
}

export function sealSecret(plain: string, options: SealOptions): string {
  const iv = randomBytes(12);
  const secret = options.secret ?? getEnv().AUTH_SECRET;
  const cipher = createCipheriv("aes-256-gcm", key(secret, options.purpose), iv);
  cipher.setAAD(Buffer.from(options.boundTo));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", ...[iv, cipher.getAuthTag(), body].map((p) => p.toString("base64url"))].join(".");
}

export function openSecret(stored: string, options: SealOptions): string {
  const [version, iv, tag, body] = stored.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined)
    throw new Error("the stored secret is not in a known format");
  const secret = options.secret ?? getEnv().AUTH_SECRET;
  const decipher = createDecipheriv(
    "aes-256-gcm",
    key(secret, options.purpose),
    Buffer.from(iv, "base64url"),
  );
  decipher.setAAD(Buffer.from(options.boundTo));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(body, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}
