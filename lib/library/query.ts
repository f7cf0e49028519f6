// The library's search parameters (pure: pages, route handlers, proxy.ts and the browser
// share it). Every value is checked: a real calendar day, a cursor this server wrote.
import { z } from "zod";

import { SORTS } from "@/lib/library/shared";

type Cursor = { v: string | number | null; id: string };
export const encodeCursor = (cursor: Cursor) =>
  Buffer.from(JSON.stringify(cursor)).toString("base64url");
const cursorSchema = z.object({
  v: z.union([z.iso.datetime({ offset: true }), z.number().refine(Number.isFinite), z.null()]),
  id: z.string().regex(/^[\w-]{1,64}$/),
});
/** A cursor this module wrote, or null: garbage never reaches SQL. */
export function decodeCursor(value: string | undefined): Cursor | null {
  if (!value) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export { SORTS };
export const PAGE_SIZE = 24;

/** "" (an empty form field) is no value */
const blank = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** YYYY-MM-DD that is a real day (no 2026-02-30), years 1900 to 9999 */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine((v) => {
    const [y, m, d] = v.split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return y >= 1900 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, "is not a day of the calendar");

export const libraryQuerySchema = z.object({
  q: blank(z.string().trim().max(200, "is longer than 200 characters")).transform(
    (v) => v || undefined,
  ),
  model: blank(z.string().max(40)),
  kind: blank(z.enum(["instrumental", "vocal"])),
  /** liked by me ("1", as older links say it, or "me") or by anyone in the library's audience */
  liked: blank(z.enum(["1", "me", "any"])),
  /** rated at least this many stars, by me or (rater=any) by anyone in the audience */
  rated: blank(z.enum(["1", "2", "3", "4", "5"])),
  rater: blank(z.enum(["me", "any"])),
  sort: blank(z.enum(SORTS)),
  /** duration range, in seconds */
  min: blank(z.string().regex(/^\d{1,5}$/, "must be a number of seconds")),
  max: blank(z.string().regex(/^\d{1,5}$/, "must be a number of seconds")),
  /** creation date range, YYYY-MM-DD, both inclusive */
  from: blank(day),
  to: blank(day),
  /** the team library (a slug) instead of the personal one */
  team: blank(z.string().max(40)),
  /** how the songs are laid out (not a filter): cards or rows */
  view: blank(z.enum(["grid", "list"])),
  /** only each stack's keeper (issue 18) */
  keepers: blank(z.enum(["1"])),
  /** one stack's songs (an opened stack in the library), not stacked */
  stack: blank(z.string().regex(/^[\w-]{1,64}$/, "is not a stack of takes")),
  /** a creator's user id, in a team library */
  creator: blank(z.string().max(40)),
  cursor: blank(
    z
      .string()
      .max(300)
      .refine((v) => decodeCursor(v) !== null, "is not a page of this list"),
  ),
});
export type LibraryQuery = Partial<z.infer<typeof libraryQuerySchema>>;
