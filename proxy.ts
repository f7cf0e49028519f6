// Early redirects only: a visitor with no session cookie who opens an app page is sent to
// sign-in before any rendering. It never authorizes anything (every page, action and route
// handler checks the session itself), and it only matches app pages, so webhooks, cron and
// other /api routes are never redirected to a login page.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some(
    (name) => request.cookies.has(name) || request.cookies.has(`${name}.0`),
  );
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?callbackUrl=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: [
    "/library/:path*",
    "/create/:path*",
    "/history/:path*",
    "/teams/:path*",
    "/clips/:path*",
    "/settings/:path*",
    "/trash/:path*",
  ],
};
