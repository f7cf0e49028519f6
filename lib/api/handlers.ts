// Route handler wrappers: parse, check who is asking, map typed errors to JSON statuses.
// Nothing unexpected reaches the client but a generic message (the details go to the log).
import "server-only";

import { timingSafeEqual } from "node:crypto";

import { NextResponse, type NextRequest } from "next/server";

import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

type Params = Record<string, string | string[]>;
type Context = { params: Promise<Params> };

function errorResponse(error: unknown) {
  if (isAppError(error)) {
    const headers = error.retryAfterSeconds
      ? { "retry-after": String(error.retryAfterSeconds) }
      : undefined;
    return NextResponse.json(
      { error: { code: error.code, message: error.message, fieldErrors: error.fieldErrors } },
      { status: error.status, headers },
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

export function withSession(
  handler: (args: { req: NextRequest; user: CurrentUser; params: Params }) => Promise<Response>,
) {
  return async (req: NextRequest, context: Context) => {
    try {
      const user = await getCurrentUser();
      if (!user) return unauthenticated();
      return await handler({ req, user, params: await context.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Public routes that authenticate some other way (webhook tokens). */
export function withErrors(
  handler: (args: { req: NextRequest; params: Params }) => Promise<Response>,
) {
  return async (req: NextRequest, context: Context) => {
    try {
      return await handler({ req, params: await context.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
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
