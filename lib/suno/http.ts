// The one way Chorus talks HTTP to a proxy: a timeout on every request, retries with
// exponential backoff and jitter for idempotent reads only (a generation request is sent
// once; what happens after an ambiguous failure is the caller's decision), and typed errors.
// The key travels only in the Authorization header and never appears in an error.
import "server-only";

import { classifyHttpError } from "@/lib/suno/classify";
import { UpstreamError } from "@/lib/suno/errors";

export type HttpCall = {
  baseUrl: string;
  method: "GET" | "POST";
  path: string;
  key: string;
  body?: unknown;
  timeoutMs: number;
  /** safe to repeat: fetches, never submits */
  idempotent: boolean;
  maxAttempts?: number;
  fetchImpl?: typeof fetch;
  /** injected in tests to avoid real sleeping */
  sleep?: (ms: number) => Promise<void>;
  /** a dialect whose body decides (HTTP 200 with an error code, or the reverse) reads it here */
  errorOf?: (
    status: number,
    body: unknown,
    headers: Headers,
    request: { method: string; path: string },
  ) => UpstreamError | null;
};

const DEFAULT_ATTEMPTS = 3;
const BASE_DELAY_MS = 250;
const MAX_RETRY_AFTER_SECONDS = 10;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function backoffDelay(attempt: number, random = Math.random): number {
  // full jitter: uniform in [0, base * 2^attempt]
  return Math.round(random() * BASE_DELAY_MS * 2 ** attempt);
}

export async function callUpstream(call: HttpCall): Promise<unknown> {
  const attempts = call.idempotent ? (call.maxAttempts ?? DEFAULT_ATTEMPTS) : 1;
  const sleep = call.sleep ?? wait;
  let lastError: UpstreamError | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await callOnce(call);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      lastError = error;
      // a long Retry-After is better spent elsewhere (another key, the next sweep)
      const canRetry =
        error.retryable &&
        (error.kind !== "RATE_LIMITED" ||
          (error.retryAfterSeconds ?? 0) <= MAX_RETRY_AFTER_SECONDS);
      if (!canRetry || attempt === attempts - 1) throw error;
      const delay =
        error.retryAfterSeconds !== null ? error.retryAfterSeconds * 1000 : backoffDelay(attempt);
      await sleep(delay);
    }
  }
  throw lastError ?? new UpstreamError("UNAVAILABLE");
}

async function callOnce(call: HttpCall): Promise<unknown> {
  const fetchImpl = call.fetchImpl ?? fetch;
  const url = new URL(
    call.path.replace(/^\//, ""),
    call.baseUrl.endsWith("/") ? call.baseUrl : `${call.baseUrl}/`,
  );
  let response: Response;
  // a multipart body (a file for a file host) sets its own content type with its boundary
  const isForm = call.body instanceof FormData;
  try {
    response = await fetchImpl(url, {
      method: call.method,
      headers: {
        authorization: `Bearer ${call.key}`,
        accept: "application/json",
        ...(call.body === undefined || isForm ? {} : { "content-type": "application/json" }),
      },
      body:
        call.body === undefined
          ? undefined
          : isForm
            ? (call.body as FormData)
            : JSON.stringify(call.body),
      signal: AbortSignal.timeout(call.timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    throw networkError(error);
  }

  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw networkError(error);
  }
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    if (response.ok)
      throw new UpstreamError("MALFORMED", {
        status: response.status,
        upstreamMessage: "the answer is not valid JSON",
      });
  }
  const dialectError = call.errorOf?.(response.status, body, response.headers, call);
  if (dialectError) throw dialectError;
  if (!response.ok) throw classifyHttpError(response.status, body, response.headers);
  return body;
}

function networkError(error: unknown): UpstreamError {
  const name = (error as { name?: string })?.name;
  if (name === "TimeoutError" || name === "AbortError")
    return new UpstreamError("TIMEOUT", { cause: error });
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  // refused or unresolvable: the request never left, so nothing was processed
  const notProcessed =
    code === "ECONNREFUSED" ||
    code === "ENOTFOUND" ||
    code === "EAI_AGAIN" ||
    code === "UND_ERR_CONNECT_TIMEOUT";
  return new UpstreamError("UNAVAILABLE", {
    upstreamMessage: code ? `connection failed (${code})` : "connection failed",
    notProcessed,
    cause: error,
  });
}
