// The zod schemas of route handlers' params and search params (the library's is in
// lib/library/search.ts, next to the query it feeds). Pure, so tests can use them too.
import { z } from "zod";

import { libraryQuerySchema } from "@/lib/library/query";
import { idParam, tokenParam } from "@/lib/page-input";

export const MAX_TASK_IDS = 50;
export const WEBHOOK_MAX_BODY_BYTES = 1_000_000;

/** "a,b,c" → ids, each an id, at most `max` */
const idList = (max: number) =>
  z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(z.array(idParam).max(max, `Ask for at most ${max} at once.`));

export const tasksQuerySchema = z.object({ ids: idList(MAX_TASK_IDS).optional() });

/** the library's filters: an export of "all that match" one view (the bulk toolbar's) */
export const EXPORT_FILTERS = [
  "q",
  "model",
  "kind",
  "liked",
  "rated",
  "rater",
  "min",
  "max",
  "from",
  "to",
  "creator",
] as const;
export const exportQuerySchema = z
  .object({
    ids: idList(5000).optional(),
    team: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, "is not a team address")
      .optional(),
    playlist: idParam.optional(),
  })
  .extend(
    libraryQuerySchema.pick(
      Object.fromEntries(EXPORT_FILTERS.map((k) => [k, true])) as {
        [K in (typeof EXPORT_FILTERS)[number]]: true;
      },
    ).shape,
  );

export const mediaParams = z.object({
  clipId: idParam,
  kind: z.enum(["audio", "image", "image-large", "video"]),
});
/** A clip's attachment: `wav`, `video`, `lrc`, `stem-<name>`, `cover-<task>-<n>`. */
export const assetParams = z.object({
  id: idParam,
  asset: z.string().regex(/^[a-z0-9-]{1,80}$/, "is not an attachment"),
});
export const mediaQuerySchema = z.object({
  share: tokenParam.optional(),
  download: z.string().max(0).optional(),
});

export const lyricsQuerySchema = z.object({ format: z.enum(["txt", "json"]).optional() });

export const webhookQuerySchema = z.object({
  task: z.string().max(64).optional(),
  token: z.string().max(128).optional(),
});

/** `POST /api/uploads?name=…`: the picked file's name (cleaned again before use). */
export const uploadQuerySchema = z.object({ name: z.string().max(200).optional() });
/** `GET /api/uploads/<id>/<name>?token=`: a recording Chorus keeps, fetched by a provider. A
 *  malformed id, name or token is refused like a wrong one (404), so nothing is told apart. */
export const hostedUploadParamsSchema = z.object({
  id: z.string().regex(/^[\w-]{1,64}$/),
  name: z.string().max(200),
});
export const hostedUploadQuerySchema = z.object({ token: z.string().max(200).optional() });
/** `POST /api/uploads` with a link: http or https only (the fetch checks the address). */
export const uploadLinkSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .url()
    .refine((v) => /^https?:\/\//i.test(v)),
});

/** `POST /api/imports?team=<slug>&name=<file name>`: the ZIP is the body. */
export const importQuerySchema = z.object({
  team: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, "is not a team address")
    .optional(),
  name: z.string().max(200).optional(),
});
