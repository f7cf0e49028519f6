// API tokens (issue 19): personal tokens, and team tokens made by a team's admins that act
// as the team within their scopes. The secret is shown once; only its sha256 is stored (the
// secret has 256 bits, so a plain hash is enough: there is nothing to guess). Authentication
// is one indexed lookup by that hash; the same principal serves REST v1 and, later, MCP and
// OpenSubsonic.
import "server-only";

import { createHash, randomBytes } from "node:crypto";

import { TOKEN_PREFIX, type Scope } from "@/lib/api-tokens/shared";
import { can, findTeamAccess, requireTeam, teamsWhere, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const TOKENS_PER_OWNER = 50;

export type ApiPrincipal = {
  tokenId: string;
  /** who the token acts as: its maker (a team token: within its team only) */
  user: { id: string; name: string | null; email: string | null; image: string | null };
  /** a team token's team; null for a personal token */
  team: { id: string; slug: string; name: string } | null;
  scopes: Scope[];
};

export const hashToken = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** A new secret: the prefix, then 32 random bytes as base64url (43 characters). */
export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export type CreateApiTokenOptions = {
  actor: Actor;
  name: string;
  scopes: Scope[];
  /** a team token (the actor must administer the team); null: personal */
  teamId: string | null;
  /** days until it stops working; null: never */
  expiresInDays: number | null;
};

/** Makes a token and returns its secret, the only time anyone sees it. */
export async function createApiToken(options: CreateApiTokenOptions) {
  const { actor, name, scopes, teamId, expiresInDays } = options;
  if (scopes.length === 0)
    throw new AppError("BAD_REQUEST", "Choose at least one scope.", {
      fieldErrors: { scopes: ["Choose at least one scope."] },
    });
  if (teamId) await requireTeam(actor, { id: teamId }, "members.manage");
  const count = await db.apiToken.count({
    where: { revokedAt: null, ...(teamId ? { teamId } : { userId: actor.id, teamId: null }) },
  });
  if (count >= TOKENS_PER_OWNER)
    throw new AppError("CONFLICT", `Revoke a token first: at most ${TOKENS_PER_OWNER} are kept.`);
  const secret = newTokenSecret();
  const token = await db.apiToken.create({
    data: {
      userId: actor.id,
      teamId,
      name,
      scopes: [...new Set(scopes)],
      tokenHash: hashToken(secret),
      prefix: secret.slice(0, TOKEN_PREFIX.length + 4),
      expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null,
    },
    select: { id: true },
  });
  return { id: token.id, secret };
}

/** The actor's own tokens and the tokens of the teams they administer, newest first. */
export async function listApiTokens({ actor }: { actor: Actor }) {
  return db.apiToken.findMany({
    where: {
      OR: [{ userId: actor.id, teamId: null }, { team: teamsWhere(actor, "members.manage") }],
    },
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      lastUsedIp: true,
      team: { select: { id: true, name: true } },
      user: { select: { name: true } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
  });
}

/** Revokes one of the actor's tokens, or a token of a team they administer. */
export async function revokeApiToken({ actor, tokenId }: { actor: Actor; tokenId: string }) {
  const { count } = await db.apiToken.updateMany({
    where: {
      id: tokenId,
      revokedAt: null,
      OR: [{ userId: actor.id, teamId: null }, { team: teamsWhere(actor, "members.manage") }],
    },
    data: { revokedAt: new Date() },
  });
  if (count === 0)
    throw new AppError("NOT_FOUND", "That token does not exist, or it is already revoked.");
}

const INVALID = "This API token is not valid: it is unknown, expired or revoked.";

/** `Authorization: Bearer chorus_pat_…` → who is asking, or a 401. */
export async function authenticateApiToken(options: {
  authorization: string | null;
  address: string | null;
}): Promise<ApiPrincipal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(options.authorization ?? "");
  if (!match)
    throw new AppError("UNAUTHENTICATED", "Send an API token: Authorization: Bearer chorus_pat_…");
  const secret = match[1]!;
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200)
    throw new AppError("UNAUTHENTICATED", INVALID);
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(secret) },
    select: {
      id: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      teamId: true,
      user: { select: { id: true, name: true, email: true, image: true } },
    },
  });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= new Date()))
    throw new AppError("UNAUTHENTICATED", INVALID);
  let team: ApiPrincipal["team"] = null;
  if (token.teamId) {
    // a team token works while its maker still administers the team
    const access = await findTeamAccess(token.user, { id: token.teamId });
    if (!access || !can(access.role, "members.manage"))
      throw new AppError("UNAUTHENTICATED", INVALID);
    team = { id: access.team.id, slug: access.team.slug, name: access.team.name };
  }
  await touch(token.id, options.address);
  return { tokenId: token.id, user: token.user, team, scopes: token.scopes as Scope[] };
}

/** Last use, written at most once a minute per token (or when the address changes). */
async function touch(tokenId: string, address: string | null) {
  await db.$executeRaw`UPDATE api_tokens SET last_used_at = now(), last_used_ip = ${address}
    WHERE id = ${tokenId} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute'
      OR last_used_ip IS DISTINCT FROM ${address})`;
}

export function hasScope(principal: ApiPrincipal, scope: Scope): boolean {
  return principal.scopes.includes(scope);
}

/** Refuses a principal without the scope (403, naming the scope). */
export function requireScope(principal: ApiPrincipal, ...anyOf: Scope[]) {
  if (!anyOf.some((scope) => hasScope(principal, scope)))
    throw new AppError(
      "FORBIDDEN",
      `This token lacks the scope ${anyOf.map((s) => `"${s}"`).join(" or ")}.`,
    );
}
