import type { Metadata } from "next";
import Link from "next/link";

import { SCOPE_LABEL, type Scope } from "@/lib/api-tokens/shared";
import { listApiTokens } from "@/lib/api-tokens/tokens";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";
import { listMyTeams } from "@/lib/teams/teams";

import { CreateTokenForm, RevokeTokenButton } from "./token-forms";

export const metadata: Metadata = { title: "API tokens" };

const when = (date: Date | null) =>
  date ? date.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never";

export default async function TokensPage() {
  const user = await requireUser("/settings/tokens");
  const [tokens, teams] = await Promise.all([listApiTokens({ actor: user }), listMyTeams(user)]);
  const adminTeams = teams
    .filter((t) => can(t.role, "members.manage"))
    .map((t) => ({ id: t.id, name: t.name }));
  const now = new Date();
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Tokens let scripts, automations and agents use Chorus through the{" "}
          <a className="underline" href="/api/v1/reference">
            REST API
          </a>
          . A team token acts as the team and spends its credits.{" "}
          <Link className="underline" href="/settings">
            Back to settings
          </Link>
        </p>
      </div>
      <section
        aria-labelledby="new-token"
        className="flex flex-col gap-4 rounded-2xl border border-line bg-surface p-4 sm:p-6"
      >
        <h2 id="new-token" className="text-lg font-semibold">
          New token
        </h2>
        <CreateTokenForm teams={adminTeams} />
      </section>
      <section aria-labelledby="tokens" className="flex flex-col gap-3">
        <h2 id="tokens" className="text-lg font-semibold">
          Your tokens
        </h2>
        {tokens.length === 0 && <p className="text-sm text-fg-muted">No tokens yet.</p>}
        <ul className="flex flex-col gap-3">
          {tokens.map((token) => {
            const expired = token.expiresAt !== null && token.expiresAt <= now;
            const state = token.revokedAt ? "revoked" : expired ? "expired" : "active";
            return (
              <li
                key={token.id}
                className="flex flex-col gap-1 rounded-xl border border-line bg-surface p-4 text-sm"
              >
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <strong>{token.name}</strong>
                  <code className="text-fg-muted">{token.prefix}…</code>
                </div>
                <p className="text-fg-muted">
                  {token.team ? `Team token of ${token.team.name}` : "Personal token"} · {state} ·
                  made {when(token.createdAt)} by {token.user.name ?? "someone"} · expires{" "}
                  {token.expiresAt ? when(token.expiresAt) : "never"}
                </p>
                <p className="text-fg-muted">
                  Scopes:{" "}
                  {token.scopes.map((s) => SCOPE_LABEL[s as Scope] ?? s).join("; ") || "none"}
                </p>
                <p className="text-fg-muted">
                  Last used {when(token.lastUsedAt)}
                  {token.lastUsedIp ? ` from ${token.lastUsedIp}` : ""}
                </p>
                {state === "active" && <RevokeTokenButton tokenId={token.id} name={token.name} />}
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
