// App passwords for Subsonic clients (issue 19, item 6): made, listed and revoked from
// Settings → Subsonic, and the sign-in of every /rest request. Subsonic's token auth sends
// t = md5(password + salt), so the server must hold the plain app password: it is sealed
// (lib/secret-box.ts) and shown to its owner once. The account password never works here.
// Failed sign-ins are counted per username and per address (lib/rate-limit) and block.
import "server-only";

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { findBlock, recordHit, secondsUntil, type RateLimitPolicy } from "@/lib/rate-limit";
import { openSecret, sealSecret } from "@/lib/secret-box";
import { ERROR, SubsonicError } from "@/lib/subsonic/protocol";

export const APP_PASSWORDS_PER_USER = 20;
const PURPOSE = "chorus subsonic app passwords";
const ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789"; // no l, 0, 1: typed on a phone

/** Sign-in failures: 10 free per 15 minutes, then blocks from 30 s doubling to 15 min. */
const FAILURE_POLICY: RateLimitPolicy = {
  windowSeconds: 900,
  freeHits: 10,
  baseBlockSeconds: 30,
  maxBlockSeconds: 900,
};

export type SubsonicUser = { id: string; name: string | null; email: string | null };
export type SubsonicPrincipal = { user: SubsonicUser; appPasswordId: string };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** 24 characters in four groups (about 120 random bits): `abcd23-…`. */
export function newAppPassword(): string {
  const bytes = randomBytes(24);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  return chars.match(/.{6}/g)!.join("-");
}

/** The stored columns of an app password: sealed to its row, its sha256, its first characters. */
export function appPasswordColumns(id: string, secret: string) {
  return {
    secretSealed: sealSecret(secret, { purpose: PURPOSE, boundTo: id }),
    secretHash: sha256(secret),
    prefix: secret.slice(0, 6),
  };
}

export async function createAppPassword({ actor, name }: { actor: { id: string }; name: string }) {
  const count = await db.subsonicAppPassword.count({
    where: { userId: actor.id, revokedAt: null },
  });
  if (count >= APP_PASSWORDS_PER_USER)
    throw new AppError(
      "CONFLICT",
      `Revoke an app password first: at most ${APP_PASSWORDS_PER_USER} are kept.`,
    );
  const secret = newAppPassword();
  const id = `sap_${randomBytes(12).toString("base64url")}`;
  await db.subsonicAppPassword.create({
    data: {
      id,
      userId: actor.id,
      name,
      ...appPasswordColumns(id, secret),
    },
    select: { id: true },
  });
  return { id, secret };
}

export function listAppPasswords({ actor }: { actor: { id: string } }) {
  return db.subsonicAppPassword.findMany({
    where: { userId: actor.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      lastUsedClient: true,
      revokedAt: true,
    },
  });
}

export async function revokeAppPassword({ actor, id }: { actor: { id: string }; id: string }) {
  const { count } = await db.subsonicAppPassword.updateMany({
    where: { id, userId: actor.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "That app password does not exist.");
}

export type SubsonicCredentials = {
  u?: string;
  t?: string;
  s?: string;
  p?: string;
  apiKey?: string;
  client?: string;
  address: string | null;
};

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** `p=enc:<hex>` is the password hex-encoded (Subsonic's old obfuscation), else plain. */
function plainOf(p: string): string {
  if (!p.startsWith("enc:")) return p;
  const hex = p.slice(4);
  return /^([0-9a-f]{2})*$/i.test(hex) ? Buffer.from(hex, "hex").toString("utf8") : p;
}

async function matchPassword(
  user: SubsonicUser,
  check: (secret: string) => boolean,
): Promise<string | null> {
  const rows = await db.subsonicAppPassword.findMany({
    where: { userId: user.id, revokedAt: null },
    select: { id: true, secretSealed: true },
    take: APP_PASSWORDS_PER_USER,
  });
  let found: string | null = null;
  for (const row of rows) {
    // every row is tried (no early exit), so timing does not tell which one matched
    const secret = opened(row);
    if (secret !== null && check(secret) && !found) found = row.id;
  }
  return found;
}

/** The plain app password, or null when it cannot be opened (AUTH_SECRET was rotated). */
function opened(row: { id: string; secretSealed: string }): string | null {
  try {
    return openSecret(row.secretSealed, { purpose: PURPOSE, boundTo: row.id });
  } catch {
    return null;
  }
}

const userSelect = { id: true, name: true, email: true } as const;

/**
 * Who a /rest request is: an app password by token+salt (`u`, `t`, `s`), by `p` (plain or
 * `enc:` hex) or by the apiKey extension (`apiKey`, without `u`). Errors follow the spec:
 * 10 a part is missing, 43 conflicting mechanisms, 44 an unknown apiKey, 40 anything else.
 */
export async function authenticateSubsonic(input: SubsonicCredentials): Promise<SubsonicPrincipal> {
  const username = input.u?.trim().toLowerCase();
  const keys = [
    ...(username ? [`subsonic:user:${sha256(username)}`] : []),
    ...(input.address ? [`subsonic:ip:${input.address}`] : []),
  ];
  const blocked = await findBlock(keys);
  if (blocked)
    throw new SubsonicError(
      ERROR.WRONG_CREDENTIALS,
      `Too many failed sign-ins. Try again in ${secondsUntil(blocked)} seconds.`,
    );
  const fail = async (code: number, message: string): Promise<never> => {
    await Promise.all(keys.map((key) => recordHit(key, FAILURE_POLICY)));
    throw new SubsonicError(code, message);
  };

  let principal: SubsonicPrincipal | null = null;
  if (input.apiKey !== undefined) {
    if (input.u !== undefined || input.t !== undefined || input.p !== undefined)
      throw new SubsonicError(
        ERROR.CONFLICTING,
        "Multiple conflicting authentication mechanisms provided: send apiKey without u, t or p.",
      );
    const row = await db.subsonicAppPassword.findFirst({
      where: { secretHash: sha256(input.apiKey), revokedAt: null },
      select: { id: true, secretSealed: true, user: { select: userSelect } },
    });
    // the sealed copy must open too: rotating AUTH_SECRET retires every way in alike
    if (!row || opened(row) !== input.apiKey)
      return fail(ERROR.INVALID_API_KEY, "Invalid API key.");
    principal = { user: row.user, appPasswordId: row.id };
  } else {
    if (!username) throw new SubsonicError(ERROR.MISSING, "Required parameter is missing: u");
    if (input.t !== undefined && input.p !== undefined)
      throw new SubsonicError(ERROR.CONFLICTING, "Send either t and s, or p, not both.");
    if (input.t === undefined && input.p === undefined)
      throw new SubsonicError(ERROR.MISSING, "Required parameter is missing: t and s, or p");
    if (input.t !== undefined && !input.s)
      throw new SubsonicError(ERROR.MISSING, "Required parameter is missing: s");
    // the username is the account's email address
    const user = await db.user.findFirst({
      where: { email: { equals: username, mode: "insensitive" } },
      select: userSelect,
    });
    const token = input.t?.toLowerCase();
    const plain = input.p === undefined ? null : plainOf(input.p);
    const id = user
      ? await matchPassword(user, (secret) =>
          token !== undefined
            ? sameText(
                createHash("md5")
                  .update(secret + input.s)
                  .digest("hex"),
                token,
              )
            : sameText(secret, plain!),
        )
      : null;
    if (!user || !id) return fail(ERROR.WRONG_CREDENTIALS, "Wrong username or password.");
    principal = { user, appPasswordId: id };
  }
  // at most one write a minute per app password
  await db.subsonicAppPassword.updateMany({
    where: {
      id: principal.appPasswordId,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(Date.now() - 60_000) } }],
    },
    data: { lastUsedAt: new Date(), lastUsedClient: input.client?.slice(0, 80) ?? null },
  });
  return principal;
}
