// Page boundaries: route params and search params are parsed here with zod, like form data
// in the action factory. A repeated parameter, a NUL byte, an over-long value or a value the
// page's schema refuses is the page's 404 (notFound) here, and a 400 from proxy.ts before
// anything renders (proxy.ts checks the same schemas; see PAGE_SEARCH_PARAMS).
// No server-only: proxy.ts imports the schemas.
import { notFound } from "next/navigation";
import { z } from "zod";

export type RawParams = Record<string, string | string[] | undefined>;
export type PageProps = { params: Promise<RawParams>; searchParams: Promise<RawParams> };

/** No value a page reads is longer than this (a search box is 200). */
export const PAGE_VALUE_MAX = 300;

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

export const checkEmailParams = z.object({ for: z.enum(["sign-up"]).optional() });
