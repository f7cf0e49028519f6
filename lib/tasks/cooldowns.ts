// Proxy key cool-downs in Postgres, so that a key refused on one server instance rests on
// all of them (serverless runs many). The store answers from memory, as the key pool needs;
// a cool-down is written through at once, and sync() (awaited before each submission)
// first finishes those writes, then reads what every instance has recorded.
import "server-only";

import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { COOLDOWN_SECONDS, type CooldownStore, type RestReason } from "@/lib/suno/keys";

export function postgresCooldownStore(): CooldownStore {
  const until = new Map<string, number>();
  const reasons = new Map<string, RestReason>();
  const pending = new Set<Promise<void>>();

  /** The longest rest wins, and its reason with it. */
  const remember = (fingerprint: string, untilMs: number, reason: RestReason | null) => {
    if (untilMs < (until.get(fingerprint) ?? 0)) return;
    until.set(fingerprint, untilMs);
    if (reason) reasons.set(fingerprint, reason);
  };

  const write = (fingerprint: string, untilMs: number, reason: RestReason | null) => {
    const at = new Date(untilMs);
    const done = db.$executeRaw`
      INSERT INTO key_cooldowns (fingerprint, cooling_until, reason, updated_at)
      VALUES (${fingerprint}, ${at}, ${reason}, now())
      ON CONFLICT (fingerprint) DO UPDATE
        SET reason = CASE WHEN EXCLUDED.cooling_until >= key_cooldowns.cooling_until
                       OR key_cooldowns.cooling_until < now()
                       THEN EXCLUDED.reason ELSE key_cooldowns.reason END,
            cooling_until = GREATEST(key_cooldowns.cooling_until, EXCLUDED.cooling_until),
            updated_at = now()`
      .then(() => {})
      .catch((error: unknown) => log.warn("could not share a key cool-down", { error }))
      .finally(() => pending.delete(done));
    pending.add(done);
  };

  return {
    coolingUntil: (fingerprint) => until.get(fingerprint) ?? null,
    reasonOf: (fingerprint) => reasons.get(fingerprint) ?? null,
    coolDown(fingerprint, untilMs, reason) {
      remember(fingerprint, untilMs, reason ?? null);
      write(fingerprint, untilMs, reason ?? null);
    },
    async sync() {
      await Promise.all(pending);
      try {
        const rows = await db.keyCooldown.findMany({
          where: { coolingUntil: { gt: new Date() } },
          select: { fingerprint: true, coolingUntil: true, reason: true },
        });
        for (const row of rows)
          remember(row.fingerprint, row.coolingUntil.getTime(), restReason(row.reason));
      } catch (error) {
        // without the shared view, this instance's own memory still rests the keys it saw
        log.warn("could not read shared key cool-downs", { error });
      }
    },
  };
}

const restReason = (value: string | null): RestReason | null =>
  value && value in COOLDOWN_SECONDS ? (value as RestReason) : null;
