// The app's Suno client, built once from the validated environment. Server only: the keys
// it holds never reach a client bundle, a response or a log line.
import "server-only";

import { getEnv } from "@/lib/env";
import {
  createSunoClient,
  type RequestLimiter,
  type RequestMeter,
  type SunoClient,
} from "@/lib/suno/client";
import type { CooldownStore } from "@/lib/suno/keys";

let cached: SunoClient | null | undefined;
let cooldowns: CooldownStore | undefined;
let limiter: RequestLimiter | undefined;
let meter: RequestMeter | undefined;

/** Where requests are counted for the status page: the shared Postgres (set at start). */
export function setSunoRequestMeter(shared: RequestMeter) {
  meter = shared;
  cached = undefined;
}

/** The providers' published request limits, kept in the shared Postgres (set at start). */
export function setSunoRequestLimiter(shared: RequestLimiter) {
  limiter = shared;
  cached = undefined;
}

/** Where the app's client keeps key cool-downs (lib/suno cannot reach the database itself;
 *  the server start hands it the shared Postgres store). */
export function setSunoCooldownStore(store: CooldownStore) {
  cooldowns = store;
  cached = undefined;
}

/** null when no provider key is configured (generation is off). */
export function getSunoClient(): SunoClient | null {
  if (cached === undefined) {
    const suno = getEnv().suno;
    cached = suno ? createSunoClient(suno.providers, { cooldowns, limiter, meter }) : null;
  }
  return cached;
}

export type { SunoClient } from "@/lib/suno/client";
export { UpstreamError, isUpstreamError } from "@/lib/suno/errors";
export type * from "@/lib/suno/types";
