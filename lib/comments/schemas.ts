// The comment form's fields, parsed the same way by the action and (through lib/comments)
// checked again against the song: the text, an optional moment ("0:42"), picked mentions.
import { z } from "zod";

import { COMMENT_MAX, MENTIONS_MAX, parseMoment } from "@/lib/comments/shared";

export const commentBodySchema = z
  .string()
  .trim()
  .min(1, "Write something first.")
  .max(COMMENT_MAX, `Use at most ${COMMENT_MAX.toLocaleString("en")} characters.`);

/** "" (the whole song) or a moment: "0:42", "1:02:03" or seconds. */
export const momentSchema = z
  .string()
  .max(16, "Give the time as m:ss, like 0:42.")
  .optional()
  .transform((value, ctx) => {
    if (!value?.trim()) return null;
    const seconds = parseMoment(value);
    if (seconds === null) {
      ctx.addIssue({ code: "custom", message: "Give the time as m:ss, like 0:42." });
      return z.NEVER;
    }
    return seconds;
  });

/** Comma-separated user ids picked from the mention list. */
export const mentionsSchema = z
  .string()
  .max(MENTIONS_MAX * 40, `Mention at most ${MENTIONS_MAX} people.`)
  .optional()
  .transform((value, ctx) => {
    const ids = [
      ...new Set(
        (value ?? "")
          .split(",")
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ];
    if (ids.length > MENTIONS_MAX || ids.some((id) => !/^[\w-]{1,40}$/.test(id))) {
      ctx.addIssue({ code: "custom", message: `Mention at most ${MENTIONS_MAX} people.` });
      return z.NEVER;
    }
    return ids;
  });

export const commentFieldsSchema = z.object({
  body: commentBodySchema,
  at: momentSchema,
  mentions: mentionsSchema,
});
