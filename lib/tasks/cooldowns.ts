// Proxy key cool-downs in Postgres, so that a key refused on one server instance rests on
// all of them (serverless runs many). The store answers from memory, as the key pool needs;
// a cool-down is written through at once, and sync() (awaited before each submission)
// first finishes those writes, then reads what every instance has recorded.
import "server-only";

import { db } from "@/lib/db";
import { log } from "@/lib/log";
import type { CooldownStore } from "@/lib/suno/keys";

export function postgresCooldownStore(): CooldownStore {
  const until = new Map<string, number>();
  const pending = new Set<Promise<void>>();

  const write = (fingerprint: string, untilMs: number) => {
    const at = new Date(untilMs);
    const done = db.$executeRaw`
      INSERT INTO key_cooldowns (fingerprint, cooling_until, updated_at)
      VALUES (${fingerprint}, ${at}, now())
      ON CONFLICT (fingerprint) DO UPDATE
        SET cooling_until = GREATEST(key_cooldowns.cooling_until, EXCLUDED.cooling_until),
            updated_at = now()`
      .then(() => {})
      .catch((error: unknown) => log.warn("could not share a key cool-down", { error }))
      .finally(() => pending.delete(done));
    pending.add(done);
  };

  return {
    coolingUntil: (fingerprint) => until.get(fingerprint) ?? null,
    coolDown(fingerprint, untilMs) {
      until.set(fingerprint, Math.max(untilMs, until.get(fingerprint) ?? 0));
      write(fingerprint, untilMs);
    },
    async sync() {
      await Promise.all(pending);
      try {
        const rows = await db.keyCooldown.findMany({
          where: { coolingUntil: { gt: new Date() } },
          select: { fingerprint: true, coolingUntil: true },
        });
        for (const row of rows) {
          const ms = row.coolingUntil.getTime();
          until.set(row.fingerprint, Math.max(ms, until.get(row.fingerprint) ?? 0));
        }
      } catch (error) {
        // without the shared view, this instance's own memory still rests the keys it saw
        log.warn("could not read shared key cool-downs", { error });
      }
    },
  };
}
