// Talking to a running Chorus over HTTP the way a browser does: signing in through Auth.js
// (its CSRF token, then the credentials callback) and calling a server action (the
// `Next-Action` header with the action's id from the build's manifest, the arguments encoded
// as React's reply format). Used by the soak and by tests that drive a built app.
import { readFileSync } from "node:fs";
import path from "node:path";

/** Signs in with email and password; the cookie header of the new session. */
export async function signInOverHttp(
  baseUrl: string,
  email: string,
  password: string,
): Promise<string> {
  const csrf = await fetch(new URL("/api/auth/csrf", baseUrl));
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await fetch(new URL("/api/auth/callback/credentials", baseUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/library" }),
    redirect: "manual",
  });
  const cookie = [csrfCookie, ...signIn.headers.getSetCookie().map((c) => c.split(";")[0])].join(
    "; ",
  );
  if (!cookie.includes("authjs.session-token="))
    throw new Error(`sign-in failed for ${email} (${signIn.status})`);
  return cookie;
}

/** Every server action of a build, by `<file>#<export>` (e.g. `lib/actions/create.ts#x`). */
export function actionIds(distDir: string): Map<string, string> {
  const manifest = JSON.parse(
    readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node))
    if (entry.filename && entry.exportedName)
      ids.set(`${entry.filename}#${entry.exportedName}`, id);
  return ids;
}

export type ActionAnswer = { status: number; state: Record<string, unknown> | null };

/**
 * Calls a `(previousState, formData)` action as `useActionState` does from the page at
 * `pagePath`: the form's fields, an empty previous state. `state` is what the action returned
 * (null when the answer carried none, e.g. a redirect or an error page).
 */
export async function callAction(options: {
  baseUrl: string;
  cookie: string;
  actionId: string;
  pagePath: string;
  fields: Record<string, string>;
  signal?: AbortSignal;
}): Promise<ActionAnswer> {
  // React's reply encoding of [{}, formData]: the form's entries under the reference's
  // prefix ("_1_"), and the argument list as the root ("0")
  const body = new FormData();
  for (const [key, value] of Object.entries(options.fields)) body.append(`_1_${key}`, value);
  body.append("0", JSON.stringify([{}, "$K1"]));
  const response = await fetch(new URL(options.pagePath, options.baseUrl), {
    method: "POST",
    headers: {
      "next-action": options.actionId,
      accept: "text/x-component",
      origin: new URL(options.baseUrl).origin,
      cookie: options.cookie,
    },
    body,
    redirect: "manual",
    signal: options.signal,
  });
  const text = await response.text();
  return { status: response.status, state: actionResult(text) };
}

/** The action's return value in a Flight answer: row 0's `a`, inline or as a reference. */
function actionResult(flight: string): Record<string, unknown> | null {
  const rows = new Map<string, unknown>();
  for (const line of flight.split("\n")) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (!match) continue;
    try {
      rows.set(match[1]!, JSON.parse(match[2]!));
    } catch {
      // a row of another kind (text, hints): not the result
    }
  }
  const root = rows.get("0") as { a?: unknown } | undefined;
  let result = root?.a;
  if (typeof result === "string" && result.startsWith("$@")) result = rows.get(result.slice(2));
  return result && typeof result === "object" ? (result as Record<string, unknown>) : null;
}
