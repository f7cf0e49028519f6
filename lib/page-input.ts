// Page boundaries: route params and search params are parsed here with zod, like form data
// in the action factory. A repeated parameter, a NUL byte, an over-long value or a value the
// page's schema refuses is the page's 404 (notFound) here, and a 400 from proxy.ts before
// anything renders (proxy.ts checks the same schemas; see PAGE_SEARCH_PARAMS).
// No server-only: proxy.ts imports the schemas.
import { notFound } from "next/navigation";
import { z } from "zod";

import { isAppError } from "@/lib/errors";
import { libraryQuerySchema } from "@/lib/library/query";
import { HISTORY_STATUS_GROUPS, OPERATIONS, type HistoryStatusGroup } from "@/lib/tasks/shared";

export type RawParams = Record<string, string | string[] | undefined>;
export type PageProps = { params: Promise<RawParams>; searchParams: Promise<RawParams> };

/** No value a page reads is longer than this (a search box is 200, a return path 1000). */
export const PAGE_VALUE_MAX = 1000;

export type InputProblem = { field: string; message: string };

/** Flattens Next's params to single strings, refusing repeats, NULs and over-long values. */
export function singleValues(
  raw: RawParams,
): { values: Record<string, string> } | { problem: InputProblem } {
  const values: Record<string, string> = {};
  for (const [field, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const problem = Array.isArray(value)
      ? "is given more than once"
      : value.includes("\u0000")
        ? "contains a NUL byte"
        : value.length > PAGE_VALUE_MAX
          ? "is too long"
          : null;
    if (problem) return { problem: { field, message: `${field} ${problem}.` } };
    values[field] = value as string;
  }
  return { values };
}

/** Parses page input; a problem is an InputProblem (the caller decides 400 or 404). */
export function checkPageInput<S extends z.ZodType>(
  schema: S,
  raw: RawParams,
): { ok: true; data: z.output<S> } | { ok: false; problem: InputProblem } {
  const single = singleValues(raw);
  if ("problem" in single) return { ok: false, problem: single.problem };
  const parsed = schema.safeParse(single.values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "query";
    return { ok: false, problem: { field, message: `${field}: ${issue.message}` } };
  }
  return { ok: true, data: parsed.data };
}

/** For pages: the parsed input, or the page's 404. */
export async function parsePageInput<S extends z.ZodType>(
  schema: S,
  raw: Promise<RawParams> | RawParams,
): Promise<z.output<S>> {
  const result = checkPageInput(schema, await raw);
  if (!result.ok) notFound();
  return result.data;
}

// ── the schemas of each page ──

/** cuid ids, invite and share tokens, slugs: the characters they can have */
export const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "is not an id");
export const slugParam = z.string().regex(/^[a-z0-9-]{1,40}$/, "is not a team address");
export const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, "is not a link token");

export const idParams = z.object({ id: idParam });
export const slugParams = z.object({ slug: slugParam });
export const tokenParams = z.object({ token: tokenParam });
/** password-reset and email-change links: 32 random bytes, base64url */
export const accountTokenParams = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "is not a link token"),
});

/** For pages: a thing the actor may not see (NOT_FOUND, or FORBIDDEN when `hide`) is a 404. */
export async function orNotFound<T>(promise: Promise<T>, options: { hide?: boolean } = {}) {
  try {
    return await promise;
  } catch (error) {
    if (
      isAppError(error) &&
      (error.code === "NOT_FOUND" || (options.hide && error.code === "FORBIDDEN"))
    )
      notFound();
    throw error;
  }
}

const returnPath = z.string().max(PAGE_VALUE_MAX).optional();
/** `<ISO time>_<id>`, the keyset cursor of History and the audit log */
const timeCursor = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z_[\w-]{1,64}$/,
    "is not a page of this list",
  )
  .refine((v) => !Number.isNaN(Date.parse(v.split("_")[0]!)), "is not a page of this list")
  .optional();

export const checkEmailParams = z.object({ for: z.enum(["sign-up", "reset"]).optional() });
export const signInParams = z.object({
  callbackUrl: returnPath,
  /** Auth.js's error and code words */
  error: z
    .string()
    .regex(/^[A-Za-z]{1,40}$/)
    .optional(),
  code: z
    .string()
    .regex(/^[\w-]{1,40}$/)
    .optional(),
  signedOut: z.enum(["1", "everywhere"]).optional(),
  /** after a password reset, an email change or a deleted account */
  done: z.enum(["reset", "email", "deleted"]).optional(),
});
export const settingsParams = z.object({
  saved: z.enum(["name", "password", "email", "email-sent", "theme"]).optional(),
});
export const signUpParams = z.object({ callbackUrl: returnPath });
export const teamsParams = z.object({ deleted: z.enum(["1"]).optional() });
const recordId = z
  .string()
  .regex(/^[\w-]{1,64}$/)
  .optional();
/** Create: "Reuse prompt" names a request, "Remix" a song to start from */
export const createParams = z.object({ reuse: recordId, remix: recordId });
export const libraryPageParams = libraryQuerySchema;
export const teamLibraryParams = libraryQuerySchema.extend({ joined: z.enum(["1"]).optional() });
const HISTORY_STATUSES = Object.keys(HISTORY_STATUS_GROUPS) as [
  HistoryStatusGroup,
  ...HistoryStatusGroup[],
];
export const historyParams = z.object({
  status: z.preprocess((v) => v || undefined, z.enum(HISTORY_STATUSES).optional()),
  operation: z.preprocess((v) => v || undefined, z.enum(OPERATIONS).optional()),
  before: timeCursor,
});
export const auditParams = z.object({ before: timeCursor });
/** Import: `?job=` shows one import's progress and report */
export const importParams = z.object({ job: recordId });
export const creditsParams = z.object({ before: timeCursor });
export const usageParams = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "is not a month like 2026-12")
    .optional(),
});

/** Search params of each page (for proxy.ts's early 400); pages not listed take none. */
export const PAGE_SEARCH_PARAMS: [RegExp, z.ZodType][] = [
  [/^\/sign-in$/, signInParams],
  [/^\/sign-up$/, signUpParams],
  [/^\/sign-in\/check-email$/, checkEmailParams],
  [/^\/settings$/, settingsParams],
  [/^\/credits$/, creditsParams],
  [/^\/credits\/usage$/, usageParams],
  [/^\/library$/, libraryPageParams],
  [/^\/create$/, createParams],
  [/^\/history$/, historyParams],
  [/^\/import$/, importParams],
  [/^\/teams$/, teamsParams],
  [/^\/teams\/[^/]+$/, teamLibraryParams],
  [/^\/teams\/[^/]+\/audit$/, auditParams],
];

/** proxy.ts: the problem with a page request's search params, or null. */
export function pageQueryProblem(pathname: string, search: URLSearchParams): InputProblem | null {
  const raw: RawParams = {};
  for (const key of new Set(search.keys())) {
    const all = search.getAll(key);
    raw[key] = all.length > 1 ? all : all[0];
  }
  const schema =
    PAGE_SEARCH_PARAMS.find(([pattern]) => pattern.test(pathname))?.[1] ?? z.object({});
  const result = checkPageInput(schema, raw);
  return result.ok ? null : result.problem;
}
