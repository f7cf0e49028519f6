// The provider status page's data: each configured provider and key (by fingerprint, never
// the key) with its state, the requests this server sent with it in the last hour, the
// account's balance where the dialect can tell, and the failures vendors refunded themselves.
import "server-only";

import { assertAdmin } from "@/lib/admin/access";
import { db } from "@/lib/db";
import { getSunoClient, type SunoClient } from "@/lib/suno";
import type { RestReason } from "@/lib/suno/keys";

export type KeyView = {
  fingerprint: string;
  state: "ok" | "resting" | "refused";
  /** ISO time the key is usable again, when it rests */
  until: string | null;
  reason: string | null;
  requestsLastHour: number;
  /** credits on the account; null when the dialect cannot tell or the ask failed */
  balance: number | null;
  balanceNote: string | null;
};

export type ProviderView = { name: string; dialect: string; host: string; keys: KeyView[] };

export type VendorRefundView = {
  id: string;
  provider: string | null;
  keyFingerprint: string | null;
  finishedAt: string | null;
  failReason: string | null;
};

export type ProviderStatus = {
  providers: ProviderView[];
  vendorRefunds: { lastWeek: number; latest: VendorRefundView[] };
};

const REASON: Record<RestReason, string> = {
  RATE_LIMITED: "rate limited by the provider",
  BAD_KEY: "refused: the provider rejected the key",
  OUT_OF_CREDITS: "refused: the account is out of credits",
};

export async function getProviderStatus(options: {
  actor: { id: string; email: string | null };
  /** injected in tests */
  client?: SunoClient | null;
}): Promise<ProviderStatus> {
  await assertAdmin(options.actor);
  const client = options.client === undefined ? getSunoClient() : options.client;
  const weekAgo = new Date(Date.now() - 7 * 24 * 3600_000);
  // the balance asks first: they are requests too, and the counts below include them
  const balances = (await client?.balances()) ?? [];
  const [keys, lastWeek, latest] = await Promise.all([
    client?.keyStatus() ?? [],
    db.task.count({ where: { vendorRefunded: true, finishedAt: { gt: weekAgo } } }),
    db.task.findMany({
      where: { vendorRefunded: true },
      orderBy: { finishedAt: "desc" },
      take: 20,
      select: {
        id: true,
        provider: true,
        keyFingerprint: true,
        finishedAt: true,
        failReason: true,
      },
    }),
  ]);
  const balanceOf = (provider: string, fingerprint: string) =>
    balances.find((b) => b.provider === provider && b.fingerprint === fingerprint);
  return {
    providers: keys.map((p) => ({
      name: p.name,
      dialect: p.dialect,
      host: p.host,
      keys: p.keys.map((key) => {
        const balance = balanceOf(p.name, key.fingerprint);
        return {
          fingerprint: key.fingerprint,
          state: !key.reason ? "ok" : key.reason === "RATE_LIMITED" ? "resting" : "refused",
          until: key.restingUntil?.toISOString() ?? null,
          reason: key.reason ? REASON[key.reason] : null,
          requestsLastHour: key.requestsLastHour,
          balance: balance?.credits ?? null,
          balanceNote: !p.canTellBalance
            ? "this provider's API does not report a balance"
            : (balance?.error ?? null),
        };
      }),
    })),
    vendorRefunds: {
      lastWeek,
      latest: latest.map((task) => ({
        ...task,
        finishedAt: task.finishedAt?.toISOString() ?? null,
      })),
    },
  };
}
