// Typed upstream failures. Each kind says whether trying again can help and what to tell
// the user in plain words; the upstream's own message is kept (never a key) for "invalid
// request" and moderation refusals, where it is the useful part.

import { redactText } from "@/lib/suno/redact";

export type UpstreamErrorKind =
  | "BAD_KEY"
  | "OUT_OF_CREDITS"
  | "RATE_LIMITED"
  | "INVALID_REQUEST"
  | "MODERATION"
  | "NOT_FOUND"
  | "UNSUPPORTED"
  | "UNAVAILABLE"
  | "TIMEOUT"
  | "MALFORMED";

const RETRYABLE: Record<UpstreamErrorKind, boolean> = {
  BAD_KEY: false,
  OUT_OF_CREDITS: false,
  RATE_LIMITED: true,
  INVALID_REQUEST: false,
  MODERATION: false,
  NOT_FOUND: false,
  UNSUPPORTED: false,
  UNAVAILABLE: true,
  TIMEOUT: true,
  MALFORMED: true,
};

const USER_MESSAGE: Record<UpstreamErrorKind, string> = {
  BAD_KEY:
    "The music service rejected this server's credentials. An administrator needs to update the provider key.",
  OUT_OF_CREDITS:
    "The music service account has run out of credits. An administrator needs to top it up.",
  RATE_LIMITED: "The music service is busy right now. Please try again in a little while.",
  INVALID_REQUEST: "The music service could not accept this request.",
  MODERATION: "The music service refused this request under its content rules.",
  NOT_FOUND: "The music service no longer knows this task.",
  UNSUPPORTED:
    "The music service does not offer this request at the address or with the model configured. An administrator needs to check the provider settings.",
  UNAVAILABLE: "The music service is unavailable at the moment. Please try again shortly.",
  TIMEOUT: "The music service took too long to answer.",
  MALFORMED: "The music service sent an answer we could not read.",
};

export class UpstreamError extends Error {
  readonly kind: UpstreamErrorKind;
  readonly retryable: boolean;
  readonly status: number | null;
  readonly retryAfterSeconds: number | null;
  /** the upstream's own words, when it gave any */
  readonly upstreamMessage: string | null;
  /** true when the request certainly did not reach processing (safe to send elsewhere) */
  readonly notProcessed: boolean;
  /** no request was sent: every key of the provider rests for this reason */
  readonly allKeysResting: boolean;

  constructor(
    kind: UpstreamErrorKind,
    options: {
      status?: number | null;
      upstreamMessage?: string | null;
      retryAfterSeconds?: number | null;
      notProcessed?: boolean;
      allKeysResting?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(
      `${kind}${options.status ? ` (HTTP ${options.status})` : ""}${options.upstreamMessage ? `: ${options.upstreamMessage}` : ""}`,
      { cause: options.cause },
    );
    this.name = "UpstreamError";
    this.kind = kind;
    this.retryable = RETRYABLE[kind];
    this.status = options.status ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.upstreamMessage = options.upstreamMessage
      ? redactText(options.upstreamMessage).trim() || null
      : null;
    this.message = redactText(this.message);
    this.notProcessed = options.notProcessed ?? false;
    this.allKeysResting = options.allKeysResting ?? false;
  }

  /** What to show a user. */
  get userMessage(): string {
    if (this.allKeysResting && this.kind === "OUT_OF_CREDITS")
      return "The music service account has run out of credits; an administrator has been told. Songs cannot be made until it is topped up.";
    if (this.allKeysResting && this.kind === "BAD_KEY")
      return "The music service refuses this server's credentials; an administrator has been told. Songs cannot be made until the key is replaced.";
    const base = USER_MESSAGE[this.kind];
    if ((this.kind === "INVALID_REQUEST" || this.kind === "MODERATION") && this.upstreamMessage) {
      return `${base} It said: “${plainWords(this.upstreamMessage)}”`;
    }
    if (this.kind === "RATE_LIMITED" && this.retryAfterSeconds) {
      return (
        "The music service is busy right now. " +
        `Please try again in ${this.retryAfterSeconds} ${this.retryAfterSeconds === 1 ? "second" : "seconds"}.`
      );
    }
    return base;
  }
}

/** upstream error codes like "prompt_too_long" read better as words */
function plainWords(message: string) {
  const text = /^[a-z0-9]+(_[a-z0-9]+)+$/.test(message) ? message.replaceAll("_", " ") : message;
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}

export const isUpstreamError = (error: unknown): error is UpstreamError =>
  error instanceof UpstreamError;

/** Moderation refusals arrive as 400s or as failed tasks; recognise them by their words. */
export function looksLikeModeration(message: string | null | undefined): boolean {
  return Boolean(
    message &&
    /moderat|artist name|content polic|inappropriate|copyright|not allowed/i.test(message),
  );
}

/** An operation a dialect's wire does not have (its `supports` says so first). */
export const notOffered = (operation: string) =>
  new UpstreamError("INVALID_REQUEST", {
    upstreamMessage: `this music service does not offer ${operation.toLowerCase().replaceAll("_", " ")}`,
    notProcessed: true,
  });
