// Runs before every page (never /api or /rest): a nonce Content Security Policy per request
// (Next.js 16's documented pattern; Next.js puts the nonce on its own scripts), HSTS over
// https, and early refusals: a server-action body over 1 MB is a 413 before it is read, and
// a page's search parameters that its schema refuses (lib/page-input.ts) are a 400 before
// rendering. The sign-in redirect for visitors without a session cookie is only an early
// redirect: every page, action and route handler checks the session itself.
import { NextResponse, type NextRequest } from "next/server";

import { getEnv } from "@/lib/env";
import { pageQueryProblem } from "@/lib/page-input";
import { PRIMARY_COOKIE, stickySeconds } from "@/lib/replica-cookie";
import { contentSecurityPolicy, HSTS, newNonce, originsOf } from "@/lib/security-headers";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const APP_PAGES = /^\/(library|create|history|teams|clips|settings|credits|trash)(\/|$)/;
export const ACTION_BODY_MAX_BYTES = 1_000_000;

/** The provider hosts media may come from before Chorus has its own copy. */
function mediaOrigins(): string[] {
  const env = getEnv();
  return originsOf((env.suno?.providers ?? []).map((p) => p.baseUrl));
}

function plain(status: number, text: string) {
  return new NextResponse(text, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

/**
 * A server-action body Next.js's own decoder could not read (it would answer 500): a form that is
 * not a form, or an action call whose arguments are not JSON. Read from a copy, within the limit.
 */
async function actionBodyProblem(request: NextRequest, type: string): Promise<NextResponse | null> {
  let bytes: ArrayBuffer;
  try {
    bytes = await request.clone().arrayBuffer();
  } catch {
    return plain(400, "This form could not be read. Reload the page and try again.");
  }
  if (bytes.byteLength > ACTION_BODY_MAX_BYTES)
    return plain(413, "This form sent more than 1 MB. Send less and try again.");
  try {
    if (/^text\/plain/i.test(type)) JSON.parse(new TextDecoder().decode(bytes));
    else await new Response(bytes, { headers: { "content-type": type } }).formData();
    return null;
  } catch {
    return plain(400, "This form could not be read. Reload the page and try again.");
  }
}

export async function proxy(request: NextRequest) {
  const isAction = request.method === "POST" && request.headers.has("next-action");
  if (isAction) {
    const size = Number(request.headers.get("content-length") ?? "0");
    if (size > ACTION_BODY_MAX_BYTES)
      return plain(413, "This form sent more than 1 MB. Send less and try again.");
    // what browsers send for a form or an action call; anything else is not from this app
    const type = request.headers.get("content-type") ?? "";
    if (!/^(multipart\/form-data|text\/plain|application\/x-www-form-urlencoded)\b/i.test(type))
      return plain(400, "This form could not be read. Reload the page and try again.");
    const problem = await actionBodyProblem(request, type);
    if (problem) return problem;
  }
  if (request.method === "GET") {
    const problem = pageQueryProblem(request.nextUrl.pathname, request.nextUrl.searchParams);
    if (problem) return plain(400, `This address is not valid: ${problem.message}`);
  }

  const hasSession = SESSION_COOKIES.some(
    (name) => request.cookies.has(name) || request.cookies.has(`${name}.0`),
  );
  if (!hasSession && !isAction && APP_PAGES.test(request.nextUrl.pathname)) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    const back = request.nextUrl.pathname + request.nextUrl.search;
    url.search = `?callbackUrl=${encodeURIComponent(back)}`;
    return NextResponse.redirect(url);
  }

  const https =
    request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const nonce = newNonce();
  const csp = contentSecurityPolicy({
    nonce,
    isDev: getEnv().NODE_ENV === "development",
    https,
    mediaOrigins: mediaOrigins(),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  // with read replicas, a server action may change something: the visitor's reads stay on the
  // primary for a while, from this request's own re-render on (lib/db-replicas.ts)
  const env = getEnv();
  const sticky = isAction && env.DATABASE_REPLICA_URLS.length > 0 ? stickySeconds(env) : 0;
  const primaryUntil = String(Date.now() + sticky * 1000);
  if (sticky > 0) {
    request.cookies.set(PRIMARY_COOKIE, primaryUntil);
    requestHeaders.set("cookie", request.cookies.toString());
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (sticky > 0)
    response.cookies.set(PRIMARY_COOKIE, primaryUntil, {
      httpOnly: true,
      sameSite: "lax",
      secure: https,
      path: "/",
      maxAge: sticky,
    });
  response.headers.set("content-security-policy", csp);
  if (https) response.headers.set("strict-transport-security", HSTS);
  return response;
}

export const config = {
  matcher: [
    {
      // every page; not route handlers, build assets or prefetches
      source: "/((?!api/|rest/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
