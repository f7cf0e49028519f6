// A tiny router and the response helpers every route uses, including the two dialects' error
// envelopes, so that a validation failure thrown anywhere turns into the right wire shape.
import type { IncomingMessage, ServerResponse } from "node:http";

import type { Dialect } from "./types.ts";

export type Ctx = {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  params: Record<string, string>;
  /** The JSON body; `{}` when empty. Throws a 400 ApiError when it is not JSON. */
  json: () => Promise<unknown>;
};
export type Handler = (ctx: Ctx) => void | Promise<void>;
export type Route = { method: string; pattern: RegExp; keys: string[]; handler: Handler };

/**
 * Thrown by handlers; `code` is the relay error code, the status maps to sunoapi's numeric code.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new ApiError(400, "invalid_request", message);

export function route(method: string, path: string, handler: Handler): Route {
  const keys: string[] = [];
  const source = path
    .split("/")
    .map((part) => {
      if (!part.startsWith(":")) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      keys.push(part.slice(1));
      return "([^/]+)";
    })
    .join("/");
  return { method, pattern: new RegExp(`^${source}$`), keys, handler };
}

export type Match = { route: Route; params: Record<string, string> } | "method-not-allowed" | null;

export function match(routes: readonly Route[], method: string, path: string): Match {
  let pathMatched = false;
  for (const candidate of routes) {
    const found = candidate.pattern.exec(path);
    if (!found) continue;
    pathMatched = true;
    if (candidate.method !== method && !(candidate.method === "GET" && method === "HEAD")) continue;
    const params: Record<string, string> = {};
    candidate.keys.forEach((key, i) => {
      params[key] = decodeURIComponent(found[i + 1] ?? "");
    });
    return { route: candidate, params };
  }
  return pathMatched ? "method-not-allowed" : null;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(body), "application/json; charset=utf-8", headers);
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  headers: Record<string, string | number> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": bytes.length,
    ...headers,
  });
  res.end(res.req.method === "HEAD" ? undefined : bytes);
}

/** The dialect's error body: relay `{code:"<error_code>",…}`, sunoapi `{code:<status>,…}`. */
export function errorBody(
  dialect: Dialect | null,
  status: number,
  code: string,
  message: string,
): unknown {
  if (dialect === "sunoapi") return { code: status, message, data: null };
  if (dialect === "sunoapi-org") return { code: orgCode(status), msg: message, data: null };
  if (dialect === "relay") return { code, message, data: null };
  return { error: { code, message } };
}

/** sunoapi-org's codes: 429 means "out of credits" there, so a rate limit is 430. */
export const orgCode = (status: number) => (status === 429 ? 430 : status);

export function sendError(res: ServerResponse, dialect: Dialect | null, error: ApiError): void {
  sendJson(
    res,
    // sunoapi-org answers HTTP 200 and lets the body's code decide
    dialect === "sunoapi-org" && error.status < 500 ? 200 : error.status,
    errorBody(dialect, error.status, error.code, error.message),
    error.headers,
  );
}

const MAX_BODY = 1024 * 1024;

export function readBody(req: IncomingMessage, max = MAX_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        const limit = `${Math.round(max / 1024 / 1024)} MiB`;
        reject(new ApiError(413, "request_too_large", `request body is larger than ${limit}`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function jsonReader(req: IncomingMessage): () => Promise<unknown> {
  let cached: Promise<unknown> | null = null;
  return () => {
    cached ??= readBody(req).then((buffer) => {
      const text = buffer.toString("utf8").trim();
      if (!text) return {};
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw badRequest("request body is not valid JSON");
      }
    });
    return cached;
  };
}

export function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}
