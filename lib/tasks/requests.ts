// What a user may ask for, validated against the limits of the chosen model (as the
// proxies publish them; they disagree, so these are the strictest common values). Shared by
// the forms (client) and the server actions, so both say the same thing.
import { z } from "zod";

import {
  activeCatalogue,
  modelEntry,
  offeredModels,
  runnableModel,
  type ModelLimits,
} from "@/lib/suno/catalogue";
import type { GenerationRequest, ModelId } from "@/lib/suno/types";

/** The limits and name of a catalogue model, for counters and messages. */
export const limitsOf = (model: ModelId): ModelLimits & { label: string } => {
  const entry = modelEntry(model) ?? modelEntry(activeCatalogue().defaultModel)!;
  return { ...entry.limits, label: entry.label };
};

export const TITLE_MAX = 80;
/** sunoapi.com allows 200 characters for a description; the strictest wins */
export const DESCRIPTION_MAX = 200;
export const LYRICS_PROMPT_MAX = 200;

/** A model offered for new songs (not retired); none chosen is the catalogue's default. */
const model = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || activeCatalogue().defaultModel)
  .superRefine((id, ctx) => {
    const entry = modelEntry(id);
    if (entry && !entry.retired) return;
    const offered = offeredModels()
      .map((m) => m.label)
      .join(", ");
    ctx.addIssue({
      code: "custom",
      message: entry
        ? `${entry.label} is no longer offered by the music services; choose ${offered}.`
        : `Choose one of the listed models: ${offered}.`,
    });
  });
/** Extend names the model of its source clip, as the provider echoed it (`chirp-auk-turbo`):
 *  any name maps to a catalogue model, and a retired one to the current default, so a field
 *  the user cannot see never fails a form. */
const anyModel = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? runnableModel(v) : undefined));
/** Line breaks count as one character everywhere: CRLF and CR become LF before counting. */
const lines = (v: string) => v.replace(/\r\n?/g, "\n");
const title = z
  .string()
  .trim()
  .min(1, "Give the song a title.")
  .max(TITLE_MAX, `Use at most ${TITLE_MAX} characters.`);
const optionalTitle = z
  .string()
  .trim()
  .max(TITLE_MAX, `Use at most ${TITLE_MAX} characters.`)
  .optional();
const tags = z.string().trim().min(1, "Describe the style, e.g. “indie folk, warm vocals”.");
const checkbox = z
  .union([z.boolean(), z.enum(["on", "true", "false", ""])])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

/** "" (a form field left empty) is no value */
const unset = (v: unknown) => (v === "" || v === null ? undefined : v);
/** Finer controls (lib/suno/features.ts says which providers take them); each may be left out. */
const negativeTags = z
  .string()
  .trim()
  .max(200, "Use at most 200 characters.")
  .optional()
  .transform((v) => v || undefined);
const vocalGender = z.preprocess(
  unset,
  z
    .enum(["m", "f"], { error: "Choose a female or male voice, or leave it to the model." })
    .optional(),
);
const weight = z.preprocess(
  unset,
  z.coerce
    .number({ error: "Use a number from 0 to 1." })
    .min(0, "Use a number from 0 to 1.")
    .max(1, "Use a number from 0 to 1.")
    .optional(),
);

function withinModel<T extends { model: ModelId; lyrics?: string; tags?: string }>(
  value: T,
  ctx: z.RefinementCtx,
) {
  const limits = limitsOf(value.model);
  if (value.lyrics !== undefined && value.lyrics.length > limits.lyrics) {
    ctx.addIssue({
      code: "custom",
      path: ["lyrics"],
      message: `${limits.label} takes at most ${limits.lyrics.toLocaleString("en")} characters of lyrics (you have ${value.lyrics.length.toLocaleString("en")}).`,
    });
  }
  if (value.tags !== undefined && value.tags.length > limits.tags) {
    ctx.addIssue({
      code: "custom",
      path: ["tags"],
      message:
        `${limits.label} takes at most ${limits.tags} characters of style ` +
        `(you have ${value.tags.length}).`,
    });
  }
}

export const songSchema = z
  .object({
    operation: z.literal("CUSTOM_SONG"),
    lyrics: z
      .string()
      .transform(lines)
      .pipe(z.string().trim().min(1, "Write some lyrics, or use “Write lyrics for me”.")),
    tags,
    title,
    model,
    negativeTags,
    vocalGender,
    styleWeight: weight,
    weirdness: weight,
  })
  .superRefine(withinModel);

export const instrumentalSchema = z
  .object({
    operation: z.literal("INSTRUMENTAL"),
    tags,
    title,
    model,
    negativeTags,
    styleWeight: weight,
    weirdness: weight,
  })
  .superRefine(withinModel);

export const descriptionSchema = z.object({
  operation: z.literal("DESCRIPTION_SONG"),
  description: z
    .string()
    .trim()
    .min(1, "Describe the song you want.")
    .max(DESCRIPTION_MAX, `Use at most ${DESCRIPTION_MAX} characters.`),
  instrumental: checkbox,
  model,
});

export const lyricsSchema = z.object({
  operation: z.literal("LYRICS"),
  prompt: z
    .string()
    .trim()
    .min(1, "Say what the lyrics should be about.")
    .max(LYRICS_PROMPT_MAX, `Use at most ${LYRICS_PROMPT_MAX} characters.`),
});

/** Extend and concat name one of the user's clips by its Chorus id; the server resolves it. */
export const extendSchema = z
  .object({
    operation: z.literal("EXTEND"),
    clipId: z.string().min(1, "Choose a clip to extend."),
    continueAt: z.coerce
      .number({ error: "Pick a time in seconds." })
      .min(0, "Pick a time within the clip."),
    lyrics: z.string().transform(lines).pipe(z.string().trim()).optional(),
    tags: z.string().trim().optional(),
    title: optionalTitle,
    /** absent: the source clip's model (resolved at submit) */
    model: anyModel,
  })
  .superRefine((value, ctx) =>
    withinModel({ ...value, model: value.model ?? activeCatalogue().defaultModel }, ctx),
  );

export const concatSchema = z.object({
  operation: z.literal("CONCAT"),
  clipId: z.string().min(1, "Choose the last clip of the song."),
});

export const uploadSchema = z.object({
  operation: z.literal("UPLOAD_AUDIO"),
  url: z
    .string()
    .trim()
    .url("Paste a link to an audio file, starting with https://")
    .refine((v) => /^https?:\/\//i.test(v), "Only http and https links can be uploaded."),
});

export const taskRequestSchema = z.discriminatedUnion("operation", [
  songSchema,
  instrumentalSchema,
  descriptionSchema,
  lyricsSchema,
  extendSchema,
  concatSchema,
  uploadSchema,
]);

export type TaskRequestInput = z.input<typeof taskRequestSchema>;
export type TaskRequest = z.output<typeof taskRequestSchema>;

/** The canonical upstream request, once clip ids are resolved to upstream ids. */
export function toGenerationRequest(
  request: TaskRequest,
  resolved: { upstreamClipId?: string; upstreamTaskId?: string } = {},
): GenerationRequest {
  switch (request.operation) {
    case "EXTEND":
      return {
        ...request,
        model: request.model ?? activeCatalogue().defaultModel,
        clipId: resolved.upstreamClipId ?? request.clipId,
        taskId: resolved.upstreamTaskId,
      };
    case "CONCAT":
      return { operation: "CONCAT", clipId: resolved.upstreamClipId ?? request.clipId };
    default:
      return request;
  }
}
