// Route handler wrappers: parse, check who is asking, map typed errors to JSON statuses.
// Route params and search params are parsed here with zod (a bad id is a 404, a bad search
// parameter a 400, a repeated one or a NUL byte a 400 too), bodies are read with a size cap,
// and every error goes through lib/api/errors.ts. Nothing unexpected reaches the client but a
// generic message (the details go to the log).
import "server-only";

import { timingSafeEqual } from "node:crypto";

import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";

import { toAppError } from "@/lib/api/errors";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { MediaAccess } from "@/lib/media/serve";
import { singleValues, type RawParams } from "@/lib/page-input";
import { timedAuth, withServerTiming } from "@/lib/server-timing";

type Params = Record<string, string | string[]>;
type Context = { params: Promise<Params> };

export type InputSpec<P extends z.ZodType, Q extends z.ZodType> = {
  /** route params; a value it refuses is a 404 (that thing does not exist) */
  params?: P;
  /** search params; a value it refuses is a 400 with the field named */
  query?: Q;
};

const anyParams = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const anyQuery = z.record(z.string(), z.string());

export function errorResponse(error: unknown) {
  const known = toAppError(error);
  if (known) {
    const headers = known.retryAfterSeconds
      ? { "retry-after": String(known.retryAfterSeconds) }
      : undefined;
    return NextResponse.json(
      { error: { code: known.code, message: known.message, fieldErrors: known.fieldErrors } },
      { status: known.status, headers },
    );
  }
  log.error("route handler failed", { error });
  return NextResponse.json(
    { error: { code: "INTERNAL", message: "Something went wrong on our side." } },
    { status: 500 },
  );
}

/** The answer to a signed-in route called without a session. */
export function unauthenticated() {
  return NextResponse.json(
    { error: { code: "UNAUTHENTICATED", message: "Sign in to continue." } },
    { status: 401 },
  );
}

function searchParamsOf(req: NextRequest): RawParams {
  const raw: RawParams = {};
  for (const key of new Set(req.nextUrl.searchParams.keys())) {
    const all = req.nextUrl.searchParams.getAll(key);
    raw[key] = all.length > 1 ? all : all[0];
  }
  return raw;
}

/** Parses params and query against the spec, or throws the AppError to answer with. */
async function parseInput<P extends z.ZodType, Q extends z.ZodType>(
  spec: InputSpec<P, Q>,
  req: NextRequest,
  context: Context,
): Promise<{ params: z.output<P>; query: z.output<Q> }> {
  const rawParams = (await context.params) ?? {};
  const paramValues = singleValues(rawParams);
  const params =
    "problem" in paramValues
      ? null
      : ((spec.params ?? anyParams) as z.ZodType).safeParse(paramValues.values);
  if (!params?.success) throw new AppError("NOT_FOUND", "That does not exist.");
  const queryValues = singleValues(searchParamsOf(req));
  if ("problem" in queryValues)
    throw new AppError("BAD_REQUEST", `The address is not valid: ${queryValues.problem.message}`, {
      fieldErrors: { [queryValues.problem.field]: [queryValues.problem.message] },
    });
  const query = ((spec.query ?? anyQuery) as z.ZodType).safeParse(queryValues.values);
  if (!query.success) {
    const fieldErrors = z.flattenError(query.error).fieldErrors as Record<string, string[]>;
    const first = Object.entries(fieldErrors)[0];
    throw new AppError(
      "BAD_REQUEST",
      first
        ? `The address is not valid: ${first[0]} ${first[1][0] ?? "is wrong"}.`
        : "The address is not valid.",
      { fieldErrors },
    );
  }
  return { params: params.data as z.output<P>, query: query.data as z.output<Q> };
}

export function withSession<
  P extends z.ZodType = typeof anyParams,
  Q extends z.ZodType = typeof anyQuery,
>(
  spec: InputSpec<P, Q>,
  handler: (args: {
    req: NextRequest;
    user: CurrentUser;
    params: z.output<P>;
    query: z.output<Q>;
  }) => Promise<Response>,
) {
  return (req: NextRequest, context: Context) =>
    withServerTiming(async () => {
      try {
        const user = await timedAuth(getCurrentUser);
        if (!user) return unauthenticated();
        const input = await parseInput(spec, req, context);
        return await handler({ req, user, ...input });
      } catch (error) {
        return errorResponse(error);
      }
    });
}

/** Public routes that authenticate some other way (webhook tokens, share tokens). */
export function withErrors<
  P extends z.ZodType = typeof anyParams,
  Q extends z.ZodType = typeof anyQuery,
>(
  spec: InputSpec<P, Q>,
  handler: (args: {
    req: NextRequest;
    params: z.output<P>;
    query: z.output<Q>;
  }) => Promise<Response>,
) {
  return async (req: NextRequest, context: Context) => {
    try {
      const input = await parseInput(spec, req, context);
      return await handler({ req, ...input });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * The request body as text, refused with a 413 once it passes `maxBytes`: a declared
 * Content-Length over the limit before anything is read, and an undeclared one as soon as
 * the stream passes it (the rest is never read).
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  return Buffer.from(await readBodyBytes(req, maxBytes)).toString("utf8");
}

/** The request body as bytes, with the same limits as readBodyText. */
export async function readBodyBytes(
  req: Request,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Cron routes: `Authorization: Bearer $CRON_SECRET` (what Vercel Cron sends). */
export function withCron(handler: (args: { req: NextRequest }) => Promise<Response>) {
  return async (req: NextRequest) => {
    const secret = getEnv().CRON_SECRET;
    const given = Buffer.from(req.headers.get("authorization") ?? "");
    const expected = Buffer.from(`Bearer ${secret ?? ""}`);
    if (!secret || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return NextResponse.json(
        { error: { code: "UNAUTHENTICATED", message: "A valid cron secret is required." } },
        { status: 401 },
      );
    }
    try {
      return await handler({ req });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** What both media routes (a clip's own files and its attachments) read from a request. */
export type MediaRequest = {
  access: MediaAccess;
  range: string | null;
  ifNoneMatch: string | null;
  download: boolean;
};

/**
 * Who asks for a clip's file and how: the holder of its public share token (`?share=`), or
 * else the signed-in user (or `actor`, an API token's, already authenticated); `null` when
 * neither (the route answers 401).
 */
export async function mediaRequest(
  req: NextRequest,
  query: { share?: string; download?: string },
  actor?: { id: string },
): Promise<MediaRequest | null> {
  let access: MediaAccess;
  if (query.share) access = { shareToken: query.share };
  else {
    const user = actor ?? (await getCurrentUser());
    if (!user) return null;
    access = { actor: user };
  }
  return {
    access,
    range: req.headers.get("range"),
    ifNoneMatch: req.headers.get("if-none-match"),
    download: query.download !== undefined,
  };
}
