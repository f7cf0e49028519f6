// Turns an upstream HTTP failure (status, body, headers) into a typed UpstreamError. Both
// dialects share it: relay bodies are {code:"<error_code>", message} or OpenAI-style
// {error:{message,type}}; sunoapi bodies are {code:<number>, message}.
import { looksLikeModeration, UpstreamError } from "@/lib/suno/errors";
import { isObject, str } from "@/lib/suno/normalize";

export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function errorMessageOf(body: unknown): { code: string | null; message: string | null } {
  if (!isObject(body))
    return { code: null, message: typeof body === "string" ? body.slice(0, 300) || null : null };
  if (isObject(body.error))
    return { code: str(body.error.type) ?? str(body.error.code), message: str(body.error.message) };
  return { code: str(body.code), message: str(body.message) ?? str(body.msg) ?? str(body.detail) };
}

/**
 * Credit exhaustion, only as the dialects document it: HTTP 402, or the relay's (new-api /
 * one-api) error codes. Never a word in a message: "Lyrics are insufficient" is a refusal of
 * the request, not of the account.
 */
const QUOTA_CODES = new Set([
  "quota_not_enough",
  "insufficient_user_quota",
  "insufficient_quota",
  "pre_consume_token_quota_failed",
]);
const AUTH = /invalid[ _]?(token|key|api)|unauthori[sz]ed|无效的令牌|token.*(expired|disabled)/i;
const NOT_FOUND = /not[ _]?(exist|found)/i;

export function classifyHttpError(status: number, body: unknown, headers: Headers): UpstreamError {
  const { code, message } = errorMessageOf(body);
  const words = `${code ?? ""} ${message ?? ""}`;
  const upstreamMessage = message ?? code;
  const retryAfter = retryAfterSeconds(headers.get("retry-after"));

  if (status === 429 || /rate[ _]?limit|too many/i.test(words)) {
    return new UpstreamError("RATE_LIMITED", {
      status,
      upstreamMessage,
      retryAfterSeconds: retryAfter,
      notProcessed: true,
    });
  }
  if (status === 402 || QUOTA_CODES.has((code ?? "").toLowerCase()))
    return new UpstreamError("OUT_OF_CREDITS", { status, upstreamMessage, notProcessed: true });
  if (status === 401 || (status === 403 && AUTH.test(words)) || AUTH.test(code ?? "")) {
    return new UpstreamError("BAD_KEY", { status, upstreamMessage, notProcessed: true });
  }
  if (status === 404 || NOT_FOUND.test(code ?? ""))
    return new UpstreamError("NOT_FOUND", { status, upstreamMessage });
  if (looksLikeModeration(words))
    return new UpstreamError("MODERATION", { status, upstreamMessage, notProcessed: true });
  if (status >= 500) {
    // a gateway saying the service behind it is down has certainly not processed anything
    return new UpstreamError("UNAVAILABLE", {
      status,
      upstreamMessage,
      retryAfterSeconds: retryAfter,
      notProcessed: [502, 503, 504].includes(status),
    });
  }
  if (status === 403)
    return new UpstreamError("BAD_KEY", { status, upstreamMessage, notProcessed: true });
  return new UpstreamError("INVALID_REQUEST", { status, upstreamMessage, notProcessed: true });
}
