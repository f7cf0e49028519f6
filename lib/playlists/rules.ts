// The zod schema of a smart playlist's rules: what the rule editor sends and what
// `playlists.rules` holds are parsed by it on every write and every read (a row written by an
// older version that no longer parses is shown as "rules need fixing", never run as SQL).
import { z } from "zod";

import {
  SMART_LIMIT_MAX,
  SMART_RULES_MAX,
  SMART_SORTS,
  type SmartRules,
} from "@/lib/playlists/smart-shared";

const id = z.string().regex(/^[\w-]{1,64}$/, "is not an id");
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine((v) => {
    const [y, m, d] = v.split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return y >= 1900 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, "is not a day of the calendar");

export const ruleSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("model"),
    op: z.enum(["is", "not"]),
    value: z.string().min(1).max(40),
  }),
  z.object({
    kind: z.literal("tags"),
    op: z.enum(["has", "lacks"]),
    value: z.string().trim().min(1, "Name a style.").max(100),
  }),
  z.object({
    kind: z.literal("duration"),
    op: z.enum(["under", "over"]),
    seconds: z.number().int().min(1).max(36_000),
  }),
  z.object({ kind: z.literal("type"), value: z.enum(["vocal", "instrumental"]) }),
  z.object({ kind: z.literal("creator"), value: id }),
  z.object({ kind: z.literal("created"), op: z.enum(["after", "before"]), date: day }),
  z.object({ kind: z.literal("recent"), days: z.number().int().min(1).max(3650) }),
  z.object({ kind: z.literal("liked"), by: z.enum(["me", "anyone"]) }),
  z.object({
    kind: z.literal("rated"),
    by: z.enum(["me", "anyone"]),
    min: z.number().int().min(1).max(5),
  }),
  z.object({ kind: z.literal("playlist"), op: z.enum(["in", "notIn"]), playlistId: id }),
]);

const groupSchema = z.object({
  kind: z.literal("group"),
  match: z.enum(["all", "any"]),
  rules: z.array(ruleSchema).min(1, "A group needs a rule.").max(SMART_RULES_MAX),
});

export const smartRulesSchema = z
  .object({
    match: z.enum(["all", "any"]),
    rules: z.array(z.union([ruleSchema, groupSchema])).max(SMART_RULES_MAX),
    sort: z.enum(SMART_SORTS),
    limit: z.number().int().min(1).max(SMART_LIMIT_MAX),
  })
  .refine(
    (r) =>
      r.rules.reduce((n, x) => n + (x.kind === "group" ? x.rules.length : 1), 0) <= SMART_RULES_MAX,
    `Use at most ${SMART_RULES_MAX} rules.`,
  ) satisfies z.ZodType<SmartRules>;

/** A form field holding the rules as JSON. */
export const smartRulesField = z
  .string()
  .max(20_000, "Those rules are too long.")
  .transform((v, ctx) => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "The rules could not be read." });
      return z.NEVER;
    }
  })
  .pipe(smartRulesSchema);

/** Stored rules, or null when they no longer parse. */
export function storedRules(value: unknown): SmartRules | null {
  const parsed = smartRulesSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
