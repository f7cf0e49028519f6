// The AUTH_SECRET of a local install: generated once into .data/auth-secret and reused, so
// sessions survive restarts. Used only when no AUTH_SECRET is set outside production.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// (not traced into the server bundle: the folder is created at run time)
export const DATA_DIR = path.resolve(
  /*turbopackIgnore: true*/ process.env.CHORUS_DATA_DIR ?? path.join(process.cwd(), ".data"),
);

export function readOrCreateLocalSecret(dataDir = DATA_DIR): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}
