// Proxy keys: round-robin rotation, cool-down after 401/402/429, and fingerprints (a short
// sha256 prefix) that tasks record instead of the key. Keys never leave this module except
// into the Authorization header.
import "server-only";

import { createHash } from "node:crypto";

export function keyFingerprint(key: string): string {
  return `k_${createHash("sha256").update(key).digest("hex").slice(0, 12)}`;
}

/** Where cool-downs live. In memory by default; the task engine may supply a shared one,
 *  which `sync()` brings up to date (the client awaits it before choosing a key). */
export type CooldownStore = {
  coolingUntil(fingerprint: string): number | null;
  coolDown(fingerprint: string, untilMs: number, reason?: RestReason): void;
  /** why the key rests, when the store knows (a shared store knows other instances' reasons) */
  reasonOf?(fingerprint: string): RestReason | null;
  sync?(): Promise<void>;
};

export function memoryCooldownStore(): CooldownStore {
  const until = new Map<string, number>();
  return {
    coolingUntil: (fingerprint) => until.get(fingerprint) ?? null,
    coolDown: (fingerprint, untilMs) =>
      void until.set(fingerprint, Math.max(untilMs, until.get(fingerprint) ?? 0)),
  };
}

/** One key's state, for the provider status page. */
export type KeyState = {
  fingerprint: string;
  /** null: usable now */
  restingUntil: Date | null;
  reason: RestReason | null;
};

export const COOLDOWN_SECONDS = {
  BAD_KEY: 10 * 60,
  OUT_OF_CREDITS: 30 * 60,
  RATE_LIMITED: 30,
} as const;

export type KeyLease = { key: string; fingerprint: string };
/** Why a key rests: only refusals about the key itself (or its account) rest one. */
export type RestReason = keyof typeof COOLDOWN_SECONDS;

export class KeyPool {
  private cursor = 0;
  private readonly entries: KeyLease[];
  private readonly reasons = new Map<string, RestReason>();

  constructor(
    keys: string[],
    private readonly store: CooldownStore,
    private readonly now: () => number = Date.now,
  ) {
    const unique = [...new Set(keys.map((k) => k.trim()).filter(Boolean))];
    this.entries = unique.map((key) => ({ key, fingerprint: keyFingerprint(key) }));
  }

  get size() {
    return this.entries.length;
  }

  get fingerprints() {
    return this.entries.map((e) => e.fingerprint);
  }

  /** The next key not cooling down, in turn; null when every key is resting. */
  next(): KeyLease | null {
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[(this.cursor + i) % this.entries.length]!;
      const until = this.store.coolingUntil(entry.fingerprint);
      if (until === null || until <= this.now()) {
        this.cursor = (this.cursor + i + 1) % this.entries.length;
        return entry;
      }
    }
    return null;
  }

  byFingerprint(fingerprint: string): KeyLease | null {
    return this.entries.find((e) => e.fingerprint === fingerprint) ?? null;
  }

  coolDown(fingerprint: string, seconds: number, reason: RestReason = "RATE_LIMITED") {
    this.store.coolDown(fingerprint, this.now() + seconds * 1000, reason);
    this.reasons.set(fingerprint, reason);
  }

  private reasonOf(fingerprint: string): RestReason {
    return this.store.reasonOf?.(fingerprint) ?? this.reasons.get(fingerprint) ?? "RATE_LIMITED";
  }

  /** Each key: usable, or resting until when and why. */
  states(): KeyState[] {
    return this.entries.map(({ fingerprint }) => {
      const until = this.store.coolingUntil(fingerprint);
      const resting = until !== null && until > this.now();
      return {
        fingerprint,
        restingUntil: resting ? new Date(until) : null,
        reason: resting ? this.reasonOf(fingerprint) : null,
      };
    });
  }

  /** Every key resting, and the weightiest reason among them (credits, then key, then rate). */
  restingReason(): RestReason | null {
    const resting = this.entries.filter((e) => {
      const until = this.store.coolingUntil(e.fingerprint);
      return until !== null && until > this.now();
    });
    if (resting.length < this.entries.length || resting.length === 0) return null;
    const reasons = resting.map((e) => this.reasonOf(e.fingerprint));
    return (["OUT_OF_CREDITS", "BAD_KEY", "RATE_LIMITED"] as const).find((r) =>
      reasons.includes(r),
    )!;
  }

  /** Seconds until the first key is usable again. */
  soonestAvailableIn(): number {
    const waits = this.entries.map((e) =>
      Math.max(0, (this.store.coolingUntil(e.fingerprint) ?? 0) - this.now()),
    );
    return Math.ceil(Math.min(...waits, Infinity) / 1000);
  }
}
