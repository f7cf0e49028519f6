// Fault injection: rules that make matching requests fail the ways real proxies fail (500,
// 429 with Retry-After, truncated JSON, a request that never answers, latency, a spurious 400),
// plus task-level faults (tasks that never finish, duplicated or out-of-order callbacks).
// Probabilities use a seeded RNG so a failing test run can be replayed exactly.
import { mulberry32 } from "./hash.ts";
import { errorBody } from "./http.ts";
import type { Dialect } from "./types.ts";

export const FAULT_ACTIONS = [
  "error500",
  "rateLimit",
  "malformed",
  "hang",
  "latency",
  "badRequest",
  "notFound",
  "outOfCredits",
  /** HTTP 200 whose body carries `code` (sunoapi-org: the body decides); others: that status */
  "vendorCode",
] as const;
export type FaultAction = (typeof FAULT_ACTIONS)[number];

export type FaultRule = {
  method?: string;
  /** Path prefix, e.g. "/suno/submit/music". */
  path?: string;
  action: FaultAction;
  /** Apply to the next N matching requests only. */
  times?: number;
  /** 0..1, drawn from the seeded RNG. */
  probability?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  message?: string;
  /** for `vendorCode`: the error code to answer (default 500) */
  code?: number;
};

/**
 * Answers that are legal by the providers' API descriptions but awkward: each switch changes
 * how tasks and media are shown, never what was made.
 */
export const ANSWER_SWITCHES = [
  /** a task reported succeeded lists no clips */
  "emptyClipsOnSuccess",
  /** clips carry neither `status` nor `state` */
  "clipsWithoutStatus",
  /** every clip is listed twice in one answer */
  "duplicateClips",
  /** clips leave out title, tags, lyrics and model */
  "sparseClips",
  /** NUL characters inside titles and lyrics */
  "nulInText",
  /** the model is echoed as a variant engine name (`chirp-auk-turbo`, `chirp-v3-5-tau`) */
  "variantEngineNames",
  /** media are served as application/octet-stream */
  "octetStreamMedia",
  /** fetches answer as if no task was ever submitted (404 for one, left out of a batch) */
  "forgetTasks",
  /** error messages and fail reasons quote the caller's Authorization header */
  "echoKey",
  /** derivatives (WAV, stems, video, cover art) are accepted, then fail */
  "failDerivatives",
  /** new takes of a clip (cover, replace section, added vocals or instrumental) are accepted,
   *  then fail generating (GENERATE_AUDIO_FAILED, code 501) */
  "failTakes",
  /** sunoapi-org: a finished task reads CALLBACK_EXCEPTION (every clip has its audio) */
  "callbackException",
  /** sunoapi-org: a task ends CALLBACK_EXCEPTION with its last clip never given audio */
  "callbackExceptionMissingAudio",
] as const;
export type AnswerSwitch = (typeof ANSWER_SWITCHES)[number];
export type AnswerFaults = Record<AnswerSwitch, boolean>;

export type FaultConfig = {
  rules?: FaultRule[];
  answers?: Partial<AnswerFaults>;
  /** Tasks created while set stay in progress until completed through the admin API. */
  neverFinish?: boolean;
  callbacks?: { duplicate?: boolean; outOfOrder?: boolean };
  /** Seed of the probability RNG (default 1). */
  seed?: number;
  /**
   * Audio links without `?source=1` (sunoapi-org's short-lived vendor copy, the other
   * dialects' only copy) answer 404 once their clip has been complete this long; sunoapi-org's
   * `sourceAudioUrl` (`?source=1`) lives on.
   */
  audioUrlTtlSeconds?: number;
};

export type FaultDecision = { latencyMs: number; rule: FaultRule | null };
export type FaultReply = { status: number; headers: Record<string, string>; body: string };

export function parseFaultConfig(input: unknown): FaultConfig {
  const fail = (message: string): never => {
    throw new Error(`invalid fault config: ${message}`);
  };
  if (typeof input !== "object" || input === null || Array.isArray(input))
    return fail("expected an object");
  const raw = input as Record<string, unknown>;
  const rules = raw.rules ?? [];
  if (!Array.isArray(rules)) return fail("rules must be an array");
  const config: FaultConfig = { rules: [] };
  rules.forEach((value: unknown, i) => {
    if (typeof value !== "object" || value === null) return fail(`rules[${i}] must be an object`);
    const rule = value as Record<string, unknown>;
    if (!FAULT_ACTIONS.includes(rule.action as FaultAction)) {
      return fail(`rules[${i}].action must be one of ${FAULT_ACTIONS.join(", ")}`);
    }
    for (const key of ["method", "path", "message"] as const) {
      if (rule[key] !== undefined && typeof rule[key] !== "string")
        fail(`rules[${i}].${key} must be a string`);
    }
    for (const key of ["times", "probability", "retryAfterSeconds", "latencyMs", "code"] as const) {
      const n = rule[key];
      if (n !== undefined && (typeof n !== "number" || !Number.isFinite(n) || n < 0)) {
        fail(`rules[${i}].${key} must be a non-negative number`);
      }
    }
    config.rules?.push(rule as FaultRule);
  });
  if (raw.neverFinish !== undefined) config.neverFinish = raw.neverFinish === true;
  if (raw.callbacks !== undefined) {
    const callbacks = (raw.callbacks ?? {}) as Record<string, unknown>;
    config.callbacks = {
      duplicate: callbacks.duplicate === true,
      outOfOrder: callbacks.outOfOrder === true,
    };
  }
  if (raw.answers !== undefined) {
    if (typeof raw.answers !== "object" || raw.answers === null) fail("answers must be an object");
    const answers = raw.answers as Record<string, unknown>;
    config.answers = {};
    for (const [name, value] of Object.entries(answers)) {
      if (!ANSWER_SWITCHES.includes(name as AnswerSwitch))
        fail(`answers.${name} is not one of ${ANSWER_SWITCHES.join(", ")}`);
      if (typeof value !== "boolean") fail(`answers.${name} must be a boolean`);
      config.answers[name as AnswerSwitch] = value as boolean;
    }
  }
  if (raw.audioUrlTtlSeconds !== undefined) {
    const ttl = raw.audioUrlTtlSeconds;
    if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl < 0)
      fail("audioUrlTtlSeconds must be a non-negative number");
    config.audioUrlTtlSeconds = ttl as number;
  }
  if (raw.seed !== undefined) {
    if (typeof raw.seed !== "number") fail("seed must be a number");
    config.seed = raw.seed as number;
  }
  return config;
}

export class Faults {
  private config: FaultConfig = {};
  private remaining: Array<number | undefined> = [];
  private random = mulberry32(1);

  constructor(initial?: FaultConfig) {
    this.set(initial ?? {});
  }

  set(config: FaultConfig): void {
    this.config = structuredClone(config);
    this.remaining = (config.rules ?? []).map((rule) => rule.times);
    this.random = mulberry32(config.seed ?? 1);
  }

  /** The active configuration with defaults filled in, and what is left of each `times`. */
  snapshot(): Omit<Required<FaultConfig>, "audioUrlTtlSeconds"> & {
    audioUrlTtlSeconds: number | null;
    remaining: Array<number | null>;
  } {
    return {
      rules: structuredClone(this.config.rules ?? []),
      answers: this.answers(),
      neverFinish: this.neverFinish(),
      callbacks: this.callbacks(),
      seed: this.config.seed ?? 1,
      audioUrlTtlSeconds: this.audioUrlTtlSeconds(),
      remaining: this.remaining.map((n) => n ?? null),
    };
  }

  answers(): AnswerFaults {
    return Object.fromEntries(
      ANSWER_SWITCHES.map((name) => [name, this.config.answers?.[name] === true]),
    ) as AnswerFaults;
  }

  /** null: audio links never expire */
  audioUrlTtlSeconds(): number | null {
    return this.config.audioUrlTtlSeconds ?? null;
  }

  neverFinish(): boolean {
    return this.config.neverFinish === true;
  }

  callbacks(): { duplicate: boolean; outOfOrder: boolean } {
    return {
      duplicate: this.config.callbacks?.duplicate === true,
      outOfOrder: this.config.callbacks?.outOfOrder === true,
    };
  }

  /** Latency rules add up; the first other matching rule decides the answer. */
  decide(method: string, path: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, rule: null };
    (this.config.rules ?? []).forEach((rule, i) => {
      if (decision.rule) return;
      if (rule.method && rule.method.toUpperCase() !== method) return;
      if (rule.path && !path.startsWith(rule.path)) return;
      const left = this.remaining[i];
      if (left !== undefined && left <= 0) return;
      if (rule.probability !== undefined && this.random() >= rule.probability) return;
      if (left !== undefined) this.remaining[i] = left - 1;
      if (rule.action === "latency") decision.latencyMs += rule.latencyMs ?? 1000;
      else decision.rule = rule;
    });
    return decision;
  }
}

/** The wire answer for a terminal fault; null means "never answer" (hang). */
export function faultReply(rule: FaultRule, dialect: Dialect | null): FaultReply | null {
  const json = { "Content-Type": "application/json; charset=utf-8" };
  const envelope = (status: number, code: string, fallback: string) =>
    JSON.stringify(errorBody(dialect, status, code, rule.message ?? fallback));
  switch (rule.action) {
    case "hang":
    case "latency": // never terminal: decide() folds it into a delay
      return null;
    case "error500":
      return {
        status: 500,
        headers: json,
        body: envelope(500, "internal_error", "upstream error (simulated)"),
      };
    case "badRequest":
      return {
        status: dialect === "sunoapi-org" ? 200 : 400,
        headers: json,
        body: envelope(400, "invalid_request", "bad request (simulated)"),
      };
    case "notFound":
      return {
        status: 404,
        headers: json,
        body: envelope(404, "not_found", "not found (simulated)"),
      };
    case "vendorCode": {
      const code = rule.code ?? 500;
      const message = rule.message ?? `error code ${code} (simulated)`;
      return dialect === "sunoapi-org"
        ? {
            status: 200,
            headers: json,
            body: JSON.stringify({ code, msg: message, data: null }),
          }
        : { status: code, headers: json, body: envelope(code, "vendor_code", message) };
    }
    case "outOfCredits":
      // documented: HTTP 402, or the relay's `quota_not_enough` code
      return {
        status: dialect === "relay" ? 403 : 402,
        headers: json,
        body: envelope(dialect === "relay" ? 403 : 402, "quota_not_enough", "quota not enough"),
      };
    case "rateLimit":
      return {
        status: dialect === "sunoapi-org" ? 200 : 429,
        headers: { ...json, "Retry-After": String(Math.ceil(rule.retryAfterSeconds ?? 1)) },
        body: envelope(429, "rate_limited", "too many requests (simulated)"),
      };
    case "malformed": {
      // A 200 whose body is cut mid-way: what a proxy behind a flaky gateway sometimes sends.
      const body =
        dialect === "sunoapi"
          ? '{"code":200,"data":{"task_id":"'
          : dialect === "sunoapi-org"
            ? '{"code":200,"msg":"success","data":{"taskId":"'
            : '{"code":"success","message":"","data":{"task_id":"';
      return { status: 200, headers: json, body };
    }
  }
}
