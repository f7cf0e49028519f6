// REST v1's route wrapper: the token (401), its rate limit (429, with RateLimit-* headers on
// every answer), its scope (403), then params (404), query and body (400 naming the fields),
// all from the operation's own schemas; errors answer `{error:{code,message,fields}}`. MCP
// (app/api/mcp) uses the same token check and rate limit.
import "server-only";

import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";

import { authenticateApiToken, requireScope, type ApiPrincipal } from "@/lib/api-tokens/tokens";
import { toAppError } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/handlers";
import type { ApiOperation } from "@/lib/api/v1/operations";
import { clientAddress, peerAddressInstalled } from "@/lib/auth/request-ip";
import { onPrimary } from "@/lib/db-replicas";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { singleValues } from "@/lib/page-input";
import { countInWindow } from "@/lib/rate-limit";

export const API_BODY_MAX_BYTES = 100_000;
const WINDOW_SECONDS = 60;

type Context = { params: Promise<Record<string, string | string[]>> };
type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

export type ApiArgs<O extends ApiOperation> = {
  req: NextRequest;
  principal: ApiPrincipal;
  params: Out<O["params"]>;
  query: Out<O["query"]>;
  body: Out<O["bodyParser"] extends z.ZodType ? O["bodyParser"] : O["body"]>;
};

function fieldsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const name of issue.keys) (fields[name] ??= []).push("is not a known parameter");
      continue;
    }
    const key = issue.path.length ? issue.path.join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** `{error:{code,message,fields}}` with the AppError's status; anything unknown is a 500. */
export function apiError(error: unknown): NextResponse {
  const known = toAppError(error);
  if (!known) {
    log.error("api v1 handler failed", { error });
    return NextResponse.json(
      { error: { code: "INTERNAL", message: "Something went wrong on our side." } },
      { status: 500 },
    );
  }
  const headers = new Headers();
  if (known.retryAfterSeconds) headers.set("retry-after", String(known.retryAfterSeconds));
  if (known.status === 401) headers.set("www-authenticate", 'Bearer realm="chorus"');
  return NextResponse.json(
    { error: { code: known.code, message: known.message, fields: known.fieldErrors } },
    { status: known.status, headers },
  );
}

function badRequest(what: string, error: z.ZodError) {
  const fields = fieldsOf(error);
  const first = Object.entries(fields)[0];
  return new AppError(
    "BAD_REQUEST",
    first ? `The ${what} is not valid: ${first[0]} ${first[1][0]}` : `The ${what} is not valid.`,
    { fieldErrors: fields },
  );
}

async function parseInput(op: ApiOperation, req: NextRequest, context: Context) {
  const rawParams = singleValues((await context.params) ?? {});
  let params: unknown = {};
  if (op.params) {
    const parsed = "problem" in rawParams ? null : op.params.safeParse(rawParams.values);
    if (!parsed?.success) throw new AppError("NOT_FOUND", "That does not exist.");
    params = parsed.data;
  }
  const rawQuery: Record<string, string | string[]> = {};
  for (const key of new Set(req.nextUrl.searchParams.keys())) {
    const all = req.nextUrl.searchParams.getAll(key);
    rawQuery[key] = all.length > 1 ? all : all[0]!;
  }
  const queryValues = singleValues(rawQuery);
  if ("problem" in queryValues)
    throw new AppError("BAD_REQUEST", `The query is not valid: ${queryValues.problem.message}`, {
      fieldErrors: { [queryValues.problem.field]: [queryValues.problem.message] },
    });
  let query: unknown = {};
  if (op.query) {
    const parsed = op.query.strict().safeParse(queryValues.values);
    if (!parsed.success) throw badRequest("query", parsed.error);
    query = parsed.data;
  }
  let body: unknown = {};
  const bodySchema = op.bodyParser ?? op.body;
  if (bodySchema) {
    const text = await readBodyText(req, API_BODY_MAX_BYTES);
    let json: unknown;
    try {
      json = text.trim() ? JSON.parse(text) : {};
    } catch {
      throw new AppError("BAD_REQUEST", "The body is not JSON.", {
        fieldErrors: { _: ["Send a JSON object with Content-Type: application/json."] },
      });
    }
    if (typeof json !== "object" || json === null || Array.isArray(json))
      throw new AppError("BAD_REQUEST", "The body must be a JSON object.");
    if (JSON.stringify(json).includes("\\u0000"))
      throw new AppError("BAD_REQUEST", "The body contains a NUL character.");
    const parsed = bodySchema.safeParse(json);
    if (!parsed.success) throw badRequest("body", parsed.error);
    body = parsed.data;
  }
  return { params, query, body };
}

function withHeaders(response: Response, headers: Headers): Response {
  try {
    for (const [name, value] of headers) response.headers.set(name, value);
    return response;
  } catch {
    // an immutable response (e.g. a redirect): copied with the headers added
    const copy = new Response(response.body, response);
    for (const [name, value] of headers) copy.headers.set(name, value);
    return copy;
  }
}

export function requestAddress(req: Request): string | null {
  const env = getEnv();
  return clientAddress(req.headers, {
    vercel: env.VERCEL,
    trustedProxies: env.TRUSTED_PROXIES,
    peerKnown: peerAddressInstalled(),
  });
}

/**
 * The token (401) and its per-token rate limit (429), shared by REST v1 and MCP: sets the
 * RateLimit-* headers on `headers` (also for a refusal) and returns who is asking.
 */
export async function authenticateApiRequest(req: Request, headers: Headers) {
  const principal = await authenticateApiToken({
    authorization: req.headers.get("authorization"),
    address: requestAddress(req),
  });
  const limit = getEnv().API_RATE_LIMIT_PER_MINUTE;
  const window = await countInWindow(`api:token:${principal.tokenId}`, WINDOW_SECONDS);
  headers.set("ratelimit-limit", String(limit));
  headers.set("ratelimit-remaining", String(Math.max(0, limit - window.hits)));
  headers.set("ratelimit-reset", String(window.resetSeconds));
  headers.set("ratelimit-policy", `${limit};w=${WINDOW_SECONDS}`);
  if (window.hits > limit)
    throw new AppError(
      "RATE_LIMITED",
      `This token made more than ${limit} requests this minute. ` +
        `Try again in ${window.resetSeconds} seconds.`,
      { retryAfterSeconds: window.resetSeconds },
    );
  return principal;
}

/** A route that needs a token (any scope): REST v1's errors and headers on every answer. */
export function withApiPrincipal(
  handler: (args: { req: NextRequest; principal: ApiPrincipal }) => Promise<Response>,
) {
  return async (req: NextRequest) => {
    const headers = new Headers({ "cache-control": "no-store" });
    try {
      const principal = await authenticateApiRequest(req, headers);
      return withHeaders(await handler({ req, principal }), headers);
    } catch (error) {
      return withHeaders(apiError(error), headers);
    }
  };
}

/** A v1 route that needs a token holding one of the operation's scopes. */
export function withApiToken<O extends ApiOperation>(
  op: O,
  handler: (args: ApiArgs<O>) => Promise<Response>,
) {
  return async (req: NextRequest, context: Context) => {
    const headers = new Headers({ "cache-control": "no-store" });
    try {
      const principal = await authenticateApiRequest(req, headers);
      if (op.scopes && op.scopes.length) requireScope(principal, ...op.scopes);
      const input = await parseInput(op, req, context);
      const run = () => handler({ req, principal, ...input } as ApiArgs<O>);
      // a change and the answer that reads it back run on the primary (lib/db-replicas.ts)
      const response = await (req.method === "GET" || req.method === "HEAD"
        ? run()
        : onPrimary(run));
      return withHeaders(response, headers);
    } catch (error) {
      return withHeaders(apiError(error), headers);
    }
  };
}

/** A v1 route anyone may read (the API's own description). */
export function withPublicApi(handler: (req: NextRequest) => Promise<Response>) {
  return async (req: NextRequest) => {
    try {
      return await handler(req);
    } catch (error) {
      return apiError(error);
    }
  };
}
