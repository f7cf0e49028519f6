// The Suno client: submits through the configured providers in order (rotating keys,
// resting keys that were refused, failing over when a provider is certainly unavailable)
// and fetches each task through the provider and key it was submitted with.
import "server-only";

import { randomUUID } from "node:crypto";

import { log } from "@/lib/log";
import { relayWire } from "@/lib/suno/adapters/relay";
import { sunoapiWire } from "@/lib/suno/adapters/sunoapi";
import { sunoapiOrgWire } from "@/lib/suno/adapters/sunoapi-org";
import type { DialectWire, FetchTarget, UploadFile } from "@/lib/suno/adapters/types";
import {
  buildCatalogue,
  modelEntry,
  OPERATION_INFO,
  type Catalogue,
  type CatalogueOverride,
  type ModelLimits,
} from "@/lib/suno/catalogue";
import { UpstreamError } from "@/lib/suno/errors";
import { callUpstream, type HttpCall } from "@/lib/suno/http";
import {
  COOLDOWN_SECONDS,
  KeyPool,
  memoryCooldownStore,
  type CooldownStore,
  type KeyLease,
  type KeyState,
} from "@/lib/suno/keys";
import { offeringsOf, providerTakes, type Offerings } from "@/lib/suno/offerings";
import { registerSecrets } from "@/lib/suno/redact";
import type { Dialect, GenerationRequest, Operation, UpstreamTask } from "@/lib/suno/types";

export type ProviderConfig = {
  /** a stable name recorded on tasks, e.g. "primary" */
  name: string;
  dialect: Dialect;
  baseUrl: string;
  keys: string[];
  timeoutMs?: number;
  /** the operator's catalogue changes for this provider (laid over its dialect's defaults) */
  models?: readonly CatalogueOverride[];
};

export type ProviderInfo = { name: string; dialect: Dialect; host: string; keyCount: number };

export type SubmitResult = {
  provider: string;
  dialect: Dialect;
  keyFingerprint: string;
  upstreamTaskId: string;
  /** an operation answered at once (synced lyrics): the finished task, under Chorus's own id */
  result?: UpstreamTask;
};

export type TaskRef = { provider: string; keyFingerprint: string } & FetchTarget;

/** Where a submission is about to go; recorded first, so a callback can be followed up. */
export type SubmitAttempt = { provider: string; dialect: Dialect; keyFingerprint: string };

/**
 * A provider's published request limits (sunoapi-org: 20 per 10 s per key, 3 per second per
 * task), kept across instances by the caller's store: `acquire` resolves when one more request
 * with these names is within every limit, and counts it.
 */
export type RequestLimiter = {
  acquire: (names: { key: string; task?: string }) => Promise<void>;
};

/** What a dialect publishes: requests per window, per key and per task. */
export const REQUEST_LIMITS: Partial<
  Record<
    Dialect,
    { key: { max: number; windowMs: number }; task: { max: number; windowMs: number } }
  >
> = {
  "sunoapi-org": { key: { max: 20, windowMs: 10_000 }, task: { max: 3, windowMs: 1_000 } },
};

export type ClientOptions = {
  /** applies REQUEST_LIMITS; without one, requests are not held back */
  limiter?: RequestLimiter;
  /** where requests are counted for the status page (default: this instance's memory) */
  meter?: RequestMeter;
  cooldowns?: CooldownStore;
  fetchImpl?: typeof fetch;
  sleep?: HttpCall["sleep"];
  now?: () => number;
  /** parallel single fetches for dialects without a batch endpoint */
  fetchConcurrency?: number;
};

const WIRES: Record<Dialect, DialectWire> = {
  sunoapi: sunoapiWire,
  relay: relayWire,
  "sunoapi-org": sunoapiOrgWire,
};
const DEFAULT_TIMEOUT_MS = 20_000;

type Provider = { config: ProviderConfig; wire: DialectWire; pool: KeyPool; catalogue: Catalogue };

/** Requests sent with each key in the last hour, counted in minutes (this process only). */
/**
 * Requests sent per key (by fingerprint), for the status page's "requests in the last hour".
 * In memory by default (one instance's own); the server start hands it one kept in Postgres
 * (lib/tasks/request-meter.ts), so every instance's requests are counted together.
 */
export type RequestMeter = {
  record: (fingerprint: string) => void | Promise<void>;
  lastHour: (fingerprints: string[]) => Promise<Map<string, number>>;
};

export function memoryRequestMeter(now: () => number = Date.now): RequestMeter {
  const minutes = new Map<string, Map<number, number>>();
  return {
    record(fingerprint) {
      const minute = Math.floor(now() / 60_000);
      const counts = minutes.get(fingerprint) ?? new Map<number, number>();
      minutes.set(fingerprint, counts);
      counts.set(minute, (counts.get(minute) ?? 0) + 1);
      for (const old of counts.keys()) if (old <= minute - 60) counts.delete(old);
    },
    async lastHour(fingerprints) {
      const since = Math.floor(now() / 60_000) - 60;
      return new Map(
        fingerprints.map((fingerprint) => {
          let total = 0;
          for (const [minute, count] of minutes.get(fingerprint) ?? [])
            if (minute > since) total += count;
          return [fingerprint, total];
        }),
      );
    },
  };
}

export type SunoClient = ReturnType<typeof createSunoClient>;

export function createSunoClient(configs: ProviderConfig[], options: ClientOptions = {}) {
  if (configs.length === 0) throw new Error("createSunoClient: no provider configured");
  const cooldowns = options.cooldowns ?? memoryCooldownStore();
  registerSecrets(configs.flatMap((c) => c.keys));
  const providers: Provider[] = configs.map((config) => ({
    config,
    wire: WIRES[config.dialect],
    pool: new KeyPool(config.keys, cooldowns, options.now),
    catalogue: buildCatalogue(config.models ?? [], config.dialect),
  }));
  const byName = new Map(providers.map((p) => [p.config.name, p]));
  const meter = options.meter ?? memoryRequestMeter(options.now ?? Date.now);
  const offerProviders = providers.map((p) => ({
    name: p.config.name,
    dialect: p.config.dialect,
    catalogue: p.catalogue,
    supports: p.wire.supports,
    unsupportedReason: p.wire.unsupportedReason,
    fileHost: Boolean(p.wire.uploadRequest),
  }));
  const offerings: Offerings = offeringsOf(offerProviders);
  const offerOf = (provider: Provider) => offerProviders[providers.indexOf(provider)]!;

  const call = async (
    provider: Provider,
    lease: KeyLease,
    request: { method: "GET" | "POST"; path: string; body?: unknown; baseUrl?: string },
    idempotent: boolean,
    task?: string,
  ) => {
    await meter.record(lease.fingerprint);
    if (options.limiter && REQUEST_LIMITS[provider.config.dialect])
      await options.limiter.acquire({ key: lease.fingerprint, task });
    return callUpstream({
      baseUrl: provider.config.baseUrl,
      key: lease.key,
      timeoutMs: provider.config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      idempotent,
      fetchImpl: options.fetchImpl,
      sleep: options.sleep,
      errorOf: provider.wire.errorOf,
      ...request,
    });
  };

  /** Only a refusal about the key itself (or its account) rests it; never the request's. */
  function restKey(provider: Provider, lease: KeyLease, error: UpstreamError) {
    if (error.kind === "BAD_KEY")
      provider.pool.coolDown(lease.fingerprint, COOLDOWN_SECONDS.BAD_KEY, "BAD_KEY");
    if (error.kind === "OUT_OF_CREDITS") {
      provider.pool.coolDown(lease.fingerprint, COOLDOWN_SECONDS.OUT_OF_CREDITS, "OUT_OF_CREDITS");
      log.error("a music provider account has run out of credits", {
        provider: provider.config.name,
        key: lease.fingerprint,
      });
    }
    if (error.kind === "RATE_LIMITED")
      provider.pool.coolDown(
        lease.fingerprint,
        error.retryAfterSeconds ?? COOLDOWN_SECONDS.RATE_LIMITED,
        "RATE_LIMITED",
      );
  }

  /** Why no key of a provider can be used: said as it is, not as "busy". */
  function allResting(provider: Provider): UpstreamError {
    const reason = provider.pool.restingReason() ?? "RATE_LIMITED";
    if (reason === "RATE_LIMITED")
      return new UpstreamError("RATE_LIMITED", {
        retryAfterSeconds: provider.pool.soonestAvailableIn(),
        notProcessed: true,
        upstreamMessage: "every key is resting",
      });
    return new UpstreamError(reason, { notProcessed: true, allKeysResting: true });
  }

  /**
   * Sends a generation request. It is re-sent (to another key or provider) only when the
   * failure proves nothing was processed: a key refused (401/402/429), a refused connection,
   * or a gateway saying the service is down. After a timeout or a plain 500 the outcome is
   * unknown, so the error is returned and nothing is sent again.
   */
  async function submit(
    request: GenerationRequest,
    submitOptions: {
      notifyHook?: string;
      provider?: string;
      beforeSend?: (attempt: SubmitAttempt) => Promise<void>;
    } = {},
  ): Promise<SubmitResult> {
    let lastError: UpstreamError | null = null;
    let skipped: UpstreamError | null = null;
    await cooldowns.sync?.(); // a key another instance saw refused rests here too
    // extend and concat name upstream clips, which only their own provider knows
    const candidates = submitOptions.provider
      ? providers.filter((p) => p.config.name === submitOptions.provider)
      : providers;
    for (const provider of candidates) {
      const fitted = fitToProvider(provider, request);
      if ("refusal" in fitted) {
        skipped ??= fitted.refusal; // a provider that was tried says more than one skipped
        continue;
      }
      const wireRequest = provider.wire.submitRequest(fitted.request, {
        notifyHook: submitOptions.notifyHook,
        wireModel: fitted.wireModel,
      });
      for (let attempt = 0; attempt < provider.pool.size; attempt++) {
        const lease = provider.pool.next();
        if (!lease) {
          lastError = allResting(provider);
          break;
        }
        try {
          await submitOptions.beforeSend?.({
            provider: provider.config.name,
            dialect: provider.config.dialect,
            keyFingerprint: lease.fingerprint,
          });
          const body = await call(provider, lease, wireRequest, false);
          const found = {
            provider: provider.config.name,
            dialect: provider.config.dialect,
            keyFingerprint: lease.fingerprint,
          };
          if (provider.wire.synchronous?.(request.operation) && provider.wire.parseSynchronous) {
            // nothing to follow upstream: the id is ours, unique per provider like any task's
            const upstreamTaskId = `sync-${randomUUID()}`;
            return {
              ...found,
              upstreamTaskId,
              result: provider.wire.parseSynchronous(body, upstreamTaskId),
            };
          }
          return { ...found, upstreamTaskId: provider.wire.parseSubmit(body) };
        } catch (caught) {
          if (!(caught instanceof UpstreamError)) throw caught;
          // a 404 on a submit means the path or the model is wrong, not a lost task
          const error =
            caught.kind === "NOT_FOUND"
              ? new UpstreamError("UNSUPPORTED", {
                  status: caught.status,
                  upstreamMessage: caught.upstreamMessage,
                  notProcessed: true,
                })
              : caught;
          lastError = error;
          restKey(provider, lease, error);
          if (["BAD_KEY", "OUT_OF_CREDITS", "RATE_LIMITED"].includes(error.kind)) continue; // next key
          if (error.kind === "UNAVAILABLE" && error.notProcessed) break; // next provider
          throw error; // invalid, moderated, or an unknown outcome: never re-send
        }
      }
    }
    throw (
      lastError ??
      skipped ??
      new UpstreamError("INVALID_REQUEST", {
        upstreamMessage: `no configured provider offers ${request.operation.toLowerCase().replaceAll("_", " ")}`,
        notProcessed: true,
      })
    );
  }

  /**
   * The request as this provider can take it, or why it cannot: the dialect must support the
   * operation, its catalogue must offer the model for it, and the text must fit its limits (a
   * stricter fallback is skipped rather than refused). An extension of a clip made on a model
   * the provider no longer takes runs on its default.
   */
  function fitToProvider(
    provider: Provider,
    request: GenerationRequest,
  ): { request: GenerationRequest; wireModel?: string } | { refusal: UpstreamError } {
    const refuse = (upstreamMessage: string) => ({
      refusal: new UpstreamError("INVALID_REQUEST", { upstreamMessage, notProcessed: true }),
    });
    const { operation } = request;
    if (!provider.wire.supports(operation))
      return refuse(
        provider.wire.unsupportedReason?.(operation) ??
          `no configured provider offers ${OPERATION_INFO[operation].label}`,
      );
    if (!("model" in request)) return { request };
    let fitted = request;
    if (!providerTakes(offerOf(provider), request.model, operation)) {
      const fallback = provider.catalogue.defaultModel;
      if (operation !== "EXTEND" || !providerTakes(offerOf(provider), fallback, operation)) {
        const label = modelEntry(request.model, provider.catalogue)?.label ?? request.model;
        return refuse(`${label} is not offered by this music service for this request`);
      }
      fitted = { ...request, model: fallback };
    }
    const entry = modelEntry(fitted.model, provider.catalogue)!;
    const tooLong = overLimit(fitted, entry.limits);
    if (tooLong) return refuse(`the ${tooLong} is longer than ${entry.label} takes here`);
    return { request: fitted, wireModel: entry.wire[provider.config.dialect] };
  }

  function providerFor(ref: { provider: string; keyFingerprint: string }) {
    const provider = byName.get(ref.provider);
    const lease = provider?.pool.byFingerprint(ref.keyFingerprint);
    if (!provider || !lease) {
      throw new UpstreamError("UNAVAILABLE", {
        upstreamMessage: "the provider or key this task was submitted with is no longer configured",
      });
    }
    return { provider, lease };
  }

  async function fetchTask(ref: TaskRef): Promise<UpstreamTask> {
    const { provider, lease } = providerFor(ref);
    const body = await call(
      provider,
      lease,
      provider.wire.fetchRequest(withWire(provider, ref)),
      true,
      ref.upstreamId,
    );
    return withKnownClipType(provider.wire.parseTask(body, ref), ref.operation);
  }

  /** Many tasks of one provider and key: one batch request when the dialect has one. */
  async function fetchTasks(group: {
    provider: string;
    keyFingerprint: string;
    targets: FetchTarget[];
  }): Promise<UpstreamTask[]> {
    if (group.targets.length === 0) return [];
    const { provider, lease } = providerFor(group);
    const { batchRequest, parseBatch } = provider.wire;
    if (batchRequest && parseBatch) {
      const lyrics = group.targets.filter((t) => t.operation === "LYRICS");
      const music = group.targets.filter((t) => t.operation !== "LYRICS");
      const batches = [music, lyrics].filter((targets) => targets.length > 0);
      const results = await Promise.all(
        batches.map(async (targets) =>
          parseBatch(
            await call(
              provider,
              lease,
              batchRequest(targets.map((t) => withWire(provider, t))),
              true,
            ),
          ),
        ),
      );
      const operationOf = new Map(group.targets.map((t) => [t.upstreamId, t.operation]));
      return results.flat().map((task) => withKnownClipType(task, operationOf.get(task.id)));
    }
    return mapBounded(group.targets, options.fetchConcurrency ?? 4, async (target) => {
      try {
        return await fetchTask({ ...group, ...target });
      } catch (error) {
        // like the relay's batch: a task upstream no longer knows is simply absent
        if (error instanceof UpstreamError && error.kind === "NOT_FOUND") return null;
        throw error;
      }
    }).then((tasks) => tasks.filter((t): t is UpstreamTask => t !== null));
  }

  /**
   * Puts a person's recording on a provider's file host (sunoapi-org), trying its keys like a
   * submission. The cover or extension of it must then go to the same provider.
   */
  async function uploadFile(file: UploadFile, only?: { provider?: string | null }) {
    await cooldowns.sync?.();
    let lastError: UpstreamError | null = null;
    // a new take of a clip goes where the clip is: its audio goes to that provider's host
    const named = only?.provider ? providers.filter((p) => p.config.name === only.provider) : [];
    for (const provider of named.length > 0 ? named : providers) {
      const { uploadRequest, parseUpload } = provider.wire;
      if (!uploadRequest || !parseUpload) continue;
      for (let attempt = 0; attempt < provider.pool.size; attempt++) {
        const lease = provider.pool.next();
        if (!lease) {
          lastError = allResting(provider);
          break;
        }
        try {
          const request = uploadRequest(file, provider.config.baseUrl);
          const body = await call(provider, lease, request, false);
          return {
            provider: provider.config.name,
            keyFingerprint: lease.fingerprint,
            ...parseUpload(body),
          };
        } catch (caught) {
          if (!(caught instanceof UpstreamError)) throw caught;
          lastError = caught;
          restKey(provider, lease, caught);
          if (["BAD_KEY", "OUT_OF_CREDITS", "RATE_LIMITED"].includes(caught.kind)) continue;
          if (caught.kind === "UNAVAILABLE" && caught.notProcessed) break;
          throw caught;
        }
      }
    }
    throw (
      lastError ??
      new UpstreamError("INVALID_REQUEST", {
        upstreamMessage: "no configured provider takes uploaded audio files",
        notProcessed: true,
      })
    );
  }

  const canUploadFiles = () => providers.some((p) => Boolean(p.wire.uploadRequest));

  const info: ProviderInfo[] = providers.map((p) => ({
    name: p.config.name,
    dialect: p.config.dialect,
    host: new URL(p.config.baseUrl).host,
    keyCount: p.pool.size,
  }));

  /** For the provider status page: which providers can take work, and if not, why. */
  function status() {
    return providers.map((p) => {
      const reason = p.pool.restingReason();
      return {
        name: p.config.name,
        dialect: p.config.dialect,
        keyCount: p.pool.size,
        allKeysResting: reason !== null,
        reason,
        message: reason ? allResting(p).userMessage : null,
        availableInSeconds: reason ? p.pool.soonestAvailableIn() : 0,
      };
    });
  }

  /** For the provider status page: each provider's keys, their state and recent requests. */
  async function keyStatus(): Promise<ProviderKeyStatus[]> {
    await cooldowns.sync?.(); // what every instance has recorded, with its reasons
    const counts = await meter.lastHour(providers.flatMap((p) => p.pool.fingerprints));
    return providers.map((p) => ({
      name: p.config.name,
      dialect: p.config.dialect,
      host: new URL(p.config.baseUrl).host,
      keys: p.pool.states().map((state) => ({
        ...state,
        requestsLastHour: counts.get(state.fingerprint) ?? 0,
      })),
      canTellBalance: Boolean(p.wire.balanceRequest && p.wire.parseBalance),
    }));
  }

  /** Each key's account balance, where the dialect can tell; a failure is said, not thrown. */
  async function balances(): Promise<KeyBalance[]> {
    const asks = providers.flatMap((p) =>
      p.wire.balanceRequest && p.wire.parseBalance
        ? p.pool.fingerprints.map((fingerprint) => ({ p, fingerprint }))
        : [],
    );
    return Promise.all(
      asks.map(async ({ p, fingerprint }) => {
        const lease = p.pool.byFingerprint(fingerprint)!;
        try {
          const body = await call(p, lease, p.wire.balanceRequest!(), true);
          return { provider: p.config.name, fingerprint, credits: p.wire.parseBalance!(body) };
        } catch (error) {
          const message = error instanceof UpstreamError ? error.userMessage : "no answer";
          return { provider: p.config.name, fingerprint, credits: null, error: message };
        }
      }),
    );
  }

  /** Whether a configured provider (this one, when named) offers the operation at all. */
  function supports(operation: Operation, providerName?: string | null): boolean {
    return providers.some(
      (p) => (!providerName || p.config.name === providerName) && p.wire.supports(operation),
    );
  }

  return {
    providers: info,
    submit,
    fetchTask,
    fetchTasks,
    status,
    supports,
    uploadFile,
    canUploadFiles,
    offerings: () => offerings,
    keyStatus,
    balances,
  };
}

export type ProviderKeyStatus = {
  name: string;
  dialect: Dialect;
  host: string;
  keys: (KeyState & { requestsLastHour: number })[];
  canTellBalance: boolean;
};

export type KeyBalance = {
  provider: string;
  fingerprint: string;
  credits: number | null;
  error?: string;
};

/** The target with its model as the provider's catalogue names it on the wire. */
function withWire(provider: Provider, target: FetchTarget): FetchTarget {
  if (!target.model) return target;
  const entry = modelEntry(target.model, provider.catalogue);
  return entry ? { ...target, wireModel: entry.wire[provider.config.dialect] } : target;
}

/** Which text of a request is longer than a model's limits allow, if any. */
function overLimit(request: GenerationRequest, limits: ModelLimits): string | null {
  const over = (value: string | undefined, max: number) =>
    value !== undefined && value.length > max;
  if ("lyrics" in request && over(request.lyrics, limits.lyrics)) return "lyrics";
  if ("tags" in request && over(request.tags, limits.tags)) return "style";
  if ("title" in request && over(request.title, limits.title)) return "title";
  if ("description" in request && over(request.description, limits.description))
    return "description";
  return null;
}

const CLIP_TYPE: Partial<Record<Operation, string>> = {
  EXTEND: "extend",
  CONCAT: "concat",
  UPLOAD_AUDIO: "upload",
  UPLOAD_COVER: "cover",
  UPLOAD_EXTEND: "extend",
};

/** Flattened relay clips do not say what kind of clip they are; the task we sent does. */
export function withKnownClipType(
  task: UpstreamTask,
  operation: Operation | undefined,
): UpstreamTask {
  if (!operation || operation === "LYRICS" || task.clips.every((clip) => clip.clipType))
    return task;
  const clipType = CLIP_TYPE[operation] ?? "gen";
  return {
    ...task,
    clips: task.clips.map((clip) => (clip.clipType ? clip : { ...clip, clipType })),
  };
}

async function mapBounded<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}
