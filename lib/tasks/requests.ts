// What a user may ask for, validated against what the configured providers offer: the chosen
// model must be offered for the operation, and the text must fit that model's limits on the
// provider the request goes to (lib/suno/offerings.ts). The Create form shows the same limits,
// handed to it by its page from the same offer.
import { z } from "zod";

import {
  activeCatalogue,
  modelEntry,
  OPERATION_INFO,
  runnableModel,
  type ModelLimits,
} from "@/lib/suno/catalogue";
import { catalogueOfferings, modelsFor, routeOf, type Offerings } from "@/lib/suno/offerings";
import type { GenerationRequest, ModelId, Operation } from "@/lib/suno/types";
import {
  SECTION_MAX_SECONDS,
  SECTION_MIN_SECONDS,
  VOICE_MAX_SECONDS,
  VOICE_MIN_SECONDS,
} from "@/lib/tasks/shared";

/** The limits and name of a catalogue model, for counters and messages. */
export const limitsOf = (model: ModelId): ModelLimits & { label: string } => {
  const entry = modelEntry(model) ?? modelEntry(activeCatalogue().defaultModel)!;
  return { ...entry.limits, label: entry.label };
};

/** A clip's title as people edit it later (the strictest any provider publishes). */
export const TITLE_MAX = 80;
export { SECTION_MAX_SECONDS, SECTION_MIN_SECONDS };

/** Where the rules come from: the configured providers' offer, read when a value is checked. */
type Offer = () => Offerings;

/** A model offered for this operation; none chosen is the offer's default. */
const modelFor = (offer: Offer, operation: Operation) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || offer().defaultModel)
    .superRefine((id, ctx) => {
      const offerings = offer();
      if (routeOf(offerings, id, operation)) return;
      const offered = modelsFor(offerings, operation)
        .map((m) => m.label)
        .join(", ");
      const elsewhere = offerings.models.find((m) => m.id === id);
      const label = elsewhere?.label ?? modelEntry(id)?.label;
      // no model at all: the operation itself is not offered here, whatever was chosen
      const none = offerings.operations[operation]?.reason ?? "the music service here cannot.";
      ctx.addIssue({
        code: "custom",
        message: !offered
          ? `No model here can make ${OPERATION_INFO[operation].label}: ${none}`
          : !label
            ? `Choose one of the listed models: ${offered}.`
            : elsewhere
              ? `${label} cannot make ${OPERATION_INFO[operation].label}; choose ${offered}.`
              : `${label} is no longer offered by the music services; choose ${offered}.`,
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
const title = z.string().trim().min(1, "Give the song a title.");
const tags = z.string().trim().min(1, "Describe the style, e.g. “indie folk, warm vocals”.");
const checkbox = z
  .union([z.boolean(), z.enum(["on", "true", "false", ""])])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

/** A voice made from one of the workspace's songs (its clip asset id); blank is none. */
const voiceId = z
  .string()
  .trim()
  .max(64, "Choose one of the listed voices.")
  .optional()
  .transform((v) => v || undefined);
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

type Limited = {
  model: ModelId;
  lyrics?: string;
  tags?: string;
  title?: string;
  description?: string;
};

/** The text fits the chosen model on the provider the request goes to (catalogue limits). */
const withinModel =
  (offer: Offer, operation: Operation) => (value: Limited, ctx: z.RefinementCtx) => {
    const offerings = offer();
    const limits = routeOf(offerings, value.model, operation)?.limits;
    if (!limits) return; // the model itself is refused, with its own message
    const label = offerings.models.find((m) => m.id === value.model)?.label ?? value.model;
    const count = (n: number) => n.toLocaleString("en");
    if (value.lyrics !== undefined && value.lyrics.length > limits.lyrics) {
      ctx.addIssue({
        code: "custom",
        path: ["lyrics"],
        message:
          `${label} takes at most ${count(limits.lyrics)} characters of lyrics ` +
          `(you have ${count(value.lyrics.length)}).`,
      });
    }
    if (value.tags !== undefined && value.tags.length > limits.tags) {
      ctx.addIssue({
        code: "custom",
        path: ["tags"],
        message:
          `${label} takes at most ${limits.tags} characters of style ` +
          `(you have ${value.tags.length}).`,
      });
    }
    for (const field of ["title", "description"] as const) {
      const text = value[field];
      if (text !== undefined && text.length > limits[field])
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `Use at most ${limits[field]} characters.`,
        });
    }
  };

/**
 * Every request a user may make, checked against an offer: the configured providers' on the
 * server (`client.offerings()`), or the catalogue alone where no client is at hand.
 */
export function taskRequestSchemaFor(offer: Offer) {
  const songSchema = z
    .object({
      operation: z.literal("CUSTOM_SONG"),
      lyrics: z
        .string()
        .transform(lines)
        .pipe(z.string().trim().min(1, "Write some lyrics, or use “Write lyrics for me”.")),
      tags,
      title,
      model: modelFor(offer, "CUSTOM_SONG"),
      negativeTags,
      vocalGender,
      voiceId,
      styleWeight: weight,
      weirdness: weight,
    })
    .superRefine(withinModel(offer, "CUSTOM_SONG"));

  const instrumentalSchema = z
    .object({
      operation: z.literal("INSTRUMENTAL"),
      tags,
      title,
      model: modelFor(offer, "INSTRUMENTAL"),
      negativeTags,
      styleWeight: weight,
      weirdness: weight,
    })
    .superRefine(withinModel(offer, "INSTRUMENTAL"));

  const descriptionSchema = z
    .object({
      operation: z.literal("DESCRIPTION_SONG"),
      description: z.string().trim().min(1, "Describe the song you want."),
      instrumental: checkbox,
      model: modelFor(offer, "DESCRIPTION_SONG"),
      voiceId,
    })
    .superRefine(withinModel(offer, "DESCRIPTION_SONG"));

  const lyricsSchema = z.object({
    operation: z.literal("LYRICS"),
    prompt: z
      .string()
      .trim()
      .min(1, "Say what the lyrics should be about.")
      // the dialect's limit (lib/suno/catalogue.ts LYRICS_PROMPT_LIMIT), as the form counts it
      .superRefine((prompt, ctx) => {
        const max = offer().lyricsPromptMax;
        if (prompt.length > max)
          ctx.addIssue({ code: "custom", message: `Use at most ${max} characters.` });
      }),
  });

  /** Extend and concat name one of the user's clips by its Chorus id; the server resolves it. */
  const extendSchema = z
    .object({
      operation: z.literal("EXTEND"),
      clipId: z.string().min(1, "Choose a clip to extend."),
      continueAt: z.coerce
        .number({ error: "Pick a time in seconds." })
        .min(0, "Pick a time within the clip."),
      lyrics: z.string().transform(lines).pipe(z.string().trim()).optional(),
      tags: z.string().trim().optional(),
      title: z.string().trim().optional(),
      /** absent: the source clip's model (resolved at submit) */
      model: anyModel,
      voiceId,
    })
    .superRefine((value, ctx) =>
      withinModel(offer, "EXTEND")({ ...value, model: value.model ?? offer().defaultModel }, ctx),
    );

  const concatSchema = z.object({
    operation: z.literal("CONCAT"),
    clipId: z.string().min(1, "Choose the last clip of the song."),
  });

  /** A link the provider fetches, or a recording uploaded to Chorus (lib/uploads), by its id. */
  const uploadSchema = z
    .object({
      operation: z.literal("UPLOAD_AUDIO"),
      url: z
        .string()
        .trim()
        .url("Paste a link to an audio file, starting with https://")
        .refine((v) => /^https?:\/\//i.test(v), "Only http and https links can be uploaded.")
        .optional(),
      uploadId: z.string().trim().min(1).max(64).optional(),
    })
    .superRefine((value, ctx) => {
      if (Boolean(value.url) === Boolean(value.uploadId))
        ctx.addIssue({
          code: "custom",
          path: ["url"],
          message: value.url
            ? "Send a link or an uploaded recording, not both."
            : "Paste a link to an audio file, or upload one.",
        });
    });

  /** Derivatives of a finished clip (issue 16): each names the clip by its Chorus id. */
  const ofClip = { clipId: z.string().trim().min(1, "Choose a song.").max(64) };
  const wavSchema = z.object({ operation: z.literal("WAV"), ...ofClip });
  const stemsSchema = z.object({
    operation: z.literal("STEMS"),
    ...ofClip,
    mode: z.enum(["two", "full"], { error: "Choose two stems or the full split." }),
  });
  const videoSchema = z.object({ operation: z.literal("VIDEO"), ...ofClip });
  const coverArtSchema = z.object({ operation: z.literal("COVER_ART"), ...ofClip });
  const timedLyricsSchema = z.object({ operation: z.literal("TIMED_LYRICS"), ...ofClip });
  /** A voice from a 10-30 s window of the clip (sunoapi-org persona). */
  const voiceSchema = z
    .object({
      operation: z.literal("VOICE"),
      ...ofClip,
      name: z.string().trim().min(1, "Name the voice.").max(60, "Use at most 60 characters."),
      description: z.string().trim().max(300, "Use at most 300 characters.").optional(),
      startS: z.coerce
        .number({ error: "Pick the start in seconds." })
        .min(0, "Pick the start within the song."),
      endS: z.coerce.number({ error: "Pick the end in seconds." }).max(3600),
      tags: z.string().trim().max(200, "Use at most 200 characters.").optional(),
    })
    .superRefine((value, ctx) => {
      const long = value.endS - value.startS;
      if (long < VOICE_MIN_SECONDS || long > VOICE_MAX_SECONDS)
        ctx.addIssue({
          code: "custom",
          path: ["endS"],
          message: `Pick ${VOICE_MIN_SECONDS} to ${VOICE_MAX_SECONDS} seconds of singing.`,
        });
    });

  /** A cover of the person's own recording, named by its upload (lib/uploads). */
  const coverUploadSchema = z
    .object({
      operation: z.literal("UPLOAD_COVER"),
      uploadId: z.string().trim().min(1, "Upload a recording first."),
      lyrics: z.string().transform(lines).pipe(z.string().trim()).optional(),
      instrumental: checkbox,
      tags,
      title,
      model: modelFor(offer, "UPLOAD_COVER"),
    })
    .superRefine((value, ctx) => {
      if (!value.instrumental && !value.lyrics)
        ctx.addIssue({
          code: "custom",
          path: ["lyrics"],
          message: "Write the lyrics to sing over it, or choose an instrumental cover.",
        });
      withinModel(offer, "UPLOAD_COVER")(value, ctx);
    });

  /** An extension of the person's own recording: blank fields keep the recording's own. */
  const extendUploadSchema = z
    .object({
      operation: z.literal("UPLOAD_EXTEND"),
      uploadId: z.string().trim().min(1, "Upload a recording first."),
      continueAt: z.coerce
        .number({ error: "Pick a time in seconds." })
        .gt(0, "Pick a time within the recording, in seconds."),
      lyrics: z.string().transform(lines).pipe(z.string().trim()).optional(),
      tags: z.string().trim().optional(),
      title: z.string().trim().optional(),
      model: modelFor(offer, "UPLOAD_EXTEND"),
    })
    .superRefine((value, ctx) => {
      // the provider takes either nothing new or a full set (style and title)
      if (value.lyrics || value.tags || value.title) {
        if (!value.tags)
          ctx.addIssue({ code: "custom", path: ["tags"], message: "Describe the style too." });
        if (!value.title)
          ctx.addIssue({ code: "custom", path: ["title"], message: "Give the song a title too." });
      }
      withinModel(offer, "UPLOAD_EXTEND")(value, ctx);
    });

  /**
   * New takes of a finished clip (issue 16), each naming it by its Chorus id. Blank words,
   * style and title keep the clip's own (the server completes them from it).
   */
  const words = z.string().transform(lines).pipe(z.string().trim()).optional();
  const clipCoverSchema = z
    .object({
      operation: z.literal("CLIP_COVER"),
      ...ofClip,
      lyrics: words,
      instrumental: checkbox,
      tags: z.string().trim().optional(),
      title: z.string().trim().optional(),
      model: modelFor(offer, "CLIP_COVER"),
    })
    .superRefine(withinModel(offer, "CLIP_COVER"));
  const seconds = (what: string) =>
    z.coerce
      .number({ error: `Pick the ${what} in seconds.` })
      .min(0, `Pick the ${what} within the song.`)
      .max(3600, `Pick the ${what} within the song.`);
  const replaceSectionSchema = z
    .object({
      operation: z.literal("REPLACE_SECTION"),
      ...ofClip,
      startS: seconds("start"),
      endS: seconds("end"),
      lyrics: z
        .string()
        .transform(lines)
        .pipe(
          z
            .string()
            .trim()
            .min(1, "Write the new words for this section.")
            .max(3000, "Use at most 3,000 characters."),
        ),
      tags: z.string().trim().max(1000, "Use at most 1,000 characters.").optional(),
      title: z.string().trim().max(100, "Use at most 100 characters.").optional(),
      negativeTags,
    })
    .superRefine((value, ctx) => {
      const long = value.endS - value.startS;
      if (long < SECTION_MIN_SECONDS || long > SECTION_MAX_SECONDS)
        ctx.addIssue({
          code: "custom",
          path: ["endS"],
          message:
            `Pick a section ${SECTION_MIN_SECONDS} to ${SECTION_MAX_SECONDS} seconds long ` +
            `(this one is ${Math.max(0, Math.round(long * 10) / 10)} s).`,
        });
    });
  const addVocalsSchema = z
    .object({
      operation: z.literal("ADD_VOCALS"),
      ...ofClip,
      lyrics: z
        .string()
        .transform(lines)
        .pipe(z.string().trim().min(1, "Write the words to sing over it.")),
      tags: z.string().trim().optional(),
      title: z.string().trim().optional(),
      negativeTags,
      vocalGender,
      model: modelFor(offer, "ADD_VOCALS"),
    })
    .superRefine(withinModel(offer, "ADD_VOCALS"));
  const addInstrumentalSchema = z
    .object({
      operation: z.literal("ADD_INSTRUMENTAL"),
      ...ofClip,
      tags: z.string().trim().optional(),
      title: z.string().trim().optional(),
      negativeTags,
      model: modelFor(offer, "ADD_INSTRUMENTAL"),
    })
    .superRefine(withinModel(offer, "ADD_INSTRUMENTAL"));
  const bringForwardSchema = z.object({
    operation: z.literal("BRING_FORWARD"),
    ...ofClip,
    via: z.enum(["cover", "extend"], { error: "Choose a cover or an extension." }).default("cover"),
    model: modelFor(offer, "BRING_FORWARD"),
  });

  return z.discriminatedUnion("operation", [
    songSchema,
    instrumentalSchema,
    descriptionSchema,
    lyricsSchema,
    extendSchema,
    concatSchema,
    uploadSchema,
    wavSchema,
    stemsSchema,
    videoSchema,
    coverArtSchema,
    timedLyricsSchema,
    voiceSchema,
    coverUploadSchema,
    extendUploadSchema,
    clipCoverSchema,
    replaceSectionSchema,
    addVocalsSchema,
    addInstrumentalSchema,
    bringForwardSchema,
  ]);
}

/** The catalogue's own rules (no provider at hand): what tests and tools check against. */
export const taskRequestSchema = taskRequestSchemaFor(() => catalogueOfferings(activeCatalogue()));
export const songSchema = taskRequestSchema.options[0];

export type TaskRequestInput = z.input<typeof taskRequestSchema>;
export type TaskRequest = z.output<typeof taskRequestSchema>;

/** Bring forward as stored: the source's words, style, title and length filled in at submit. */
export type BringForwardCompleted = Extract<TaskRequest, { operation: "BRING_FORWARD" }> & {
  lyrics?: string;
  instrumental?: boolean;
  tags?: string;
  title?: string;
  continueAt?: number;
};

/** The canonical upstream request, once clip ids are resolved to upstream ids. */
export function toGenerationRequest(
  request: TaskRequest,
  resolved: {
    upstreamClipId?: string;
    upstreamTaskId?: string;
    uploadUrl?: string;
    /** the provider's id of the chosen voice */
    personaId?: string;
  } = {},
): GenerationRequest {
  const voice = resolved.personaId ? { personaId: resolved.personaId } : {};
  const ofClip = {
    clipId: resolved.upstreamClipId ?? ("clipId" in request ? request.clipId : ""),
    taskId: resolved.upstreamTaskId,
  };
  switch (request.operation) {
    case "CLIP_COVER":
      return {
        operation: "CLIP_COVER",
        uploadUrl: resolved.uploadUrl ?? "",
        lyrics: request.instrumental ? "" : (request.lyrics ?? ""),
        instrumental: request.instrumental,
        tags: request.tags ?? "",
        title: request.title ?? "",
        model: request.model,
      };
    case "REPLACE_SECTION":
      return {
        operation: "REPLACE_SECTION",
        ...ofClip,
        startS: request.startS,
        endS: request.endS,
        lyrics: request.lyrics,
        tags: request.tags ?? "",
        title: request.title ?? "",
        negativeTags: request.negativeTags,
      };
    case "ADD_VOCALS":
      return {
        operation: "ADD_VOCALS",
        uploadUrl: resolved.uploadUrl ?? "",
        lyrics: request.lyrics,
        tags: request.tags ?? "",
        title: request.title ?? "",
        negativeTags: request.negativeTags,
        vocalGender: request.vocalGender,
        model: request.model,
      };
    case "ADD_INSTRUMENTAL":
      return {
        operation: "ADD_INSTRUMENTAL",
        uploadUrl: resolved.uploadUrl ?? "",
        tags: request.tags ?? "",
        title: request.title ?? "",
        negativeTags: request.negativeTags,
        model: request.model,
      };
    case "BRING_FORWARD": {
      const completed = request as BringForwardCompleted;
      return {
        operation: "BRING_FORWARD",
        via: request.via,
        ...(request.via === "cover" ? { uploadUrl: resolved.uploadUrl ?? "" } : ofClip),
        continueAt: completed.continueAt,
        lyrics: completed.lyrics ?? "",
        instrumental: completed.instrumental ?? false,
        tags: completed.tags ?? "",
        title: completed.title ?? "",
        model: request.model,
      };
    }
    case "UPLOAD_COVER":
      return {
        operation: "UPLOAD_COVER",
        uploadUrl: resolved.uploadUrl ?? "",
        lyrics: request.instrumental ? "" : (request.lyrics ?? ""),
        instrumental: request.instrumental,
        tags: request.tags,
        title: request.title,
        model: request.model,
      };
    case "UPLOAD_EXTEND":
      return {
        operation: "UPLOAD_EXTEND",
        uploadUrl: resolved.uploadUrl ?? "",
        continueAt: request.continueAt,
        lyrics: request.lyrics || undefined,
        tags: request.tags || undefined,
        title: request.title || undefined,
        model: request.model,
      };
    case "EXTEND":
      return {
        ...request,
        ...voice,
        model: request.model ?? activeCatalogue().defaultModel,
        clipId: resolved.upstreamClipId ?? request.clipId,
        taskId: resolved.upstreamTaskId,
      };
    case "CONCAT":
      return { operation: "CONCAT", clipId: resolved.upstreamClipId ?? request.clipId };
    case "UPLOAD_AUDIO":
      // a recording Chorus keeps: the link it serves (never stored in the task's request)
      return { operation: "UPLOAD_AUDIO", url: request.url ?? resolved.uploadUrl ?? "" };
    case "WAV":
    case "STEMS":
    case "VIDEO":
    case "COVER_ART":
    case "TIMED_LYRICS":
      return {
        ...request,
        clipId: resolved.upstreamClipId ?? request.clipId,
        taskId: resolved.upstreamTaskId,
      };
    case "VOICE":
      return {
        ...request,
        description: request.description ?? "",
        clipId: resolved.upstreamClipId ?? request.clipId,
        taskId: resolved.upstreamTaskId,
      };
    case "CUSTOM_SONG":
    case "DESCRIPTION_SONG":
      return { ...request, ...voice };
    default:
      return request;
  }
}
