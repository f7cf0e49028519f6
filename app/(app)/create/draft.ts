// What the Create form holds, as one value: typed fields survive a submit and a change of tab,
// and "Reuse prompt", "Remix" and "Try again" fill it from a request or a song. Pure: the page
// (server) and the studio (browser) both build drafts.
import type { ModelId } from "@/lib/suno/types";

export const MODE_IDS = ["song", "instrumental", "describe", "upload", "extend"] as const;
export type Mode = (typeof MODE_IDS)[number];

/** A song to continue from ("Remix"): one of the viewer's finished songs. */
export type RemixSource = {
  id: string;
  title: string;
  tags: string;
  duration: number | null;
  model: string | null;
};

export type Draft = {
  mode: Mode;
  model: ModelId;
  lyrics: string;
  tags: string;
  title: string;
  description: string;
  instrumental: boolean;
  url: string;
  negativeTags: string;
  vocalGender: string;
  styleWeight: string;
  weirdness: string;
  source: RemixSource | null;
  continueAt: string;
};

export const emptyDraft = (model: ModelId): Draft => ({
  mode: "song",
  model,
  lyrics: "",
  tags: "",
  title: "",
  description: "",
  instrumental: false,
  url: "",
  negativeTags: "",
  vocalGender: "",
  styleWeight: "",
  weirdness: "",
  source: null,
  continueAt: "",
});

const MODE_OF: Record<string, Mode> = {
  CUSTOM_SONG: "song",
  INSTRUMENTAL: "instrumental",
  DESCRIPTION_SONG: "describe",
  UPLOAD_AUDIO: "upload",
  EXTEND: "extend",
};

/**
 * The form for a stored request (a task's `request`, as the server validated it). A model no
 * longer offered becomes the default; an extension needs its source, which the caller knows.
 */
export function draftFromRequest(
  request: unknown,
  options: { offered: readonly ModelId[]; defaultModel: ModelId; source?: RemixSource | null },
): Draft | null {
  if (!request || typeof request !== "object") return null;
  const r = request as Record<string, unknown>;
  const mode = MODE_OF[String(r.operation)];
  if (!mode) return null;
  const str = (key: string) => (typeof r[key] === "string" ? (r[key] as string) : "");
  const num = (key: string) => (typeof r[key] === "number" ? String(r[key]) : "");
  const model = options.offered.includes(str("model")) ? str("model") : options.defaultModel;
  if (mode === "extend" && !options.source) return null;
  return {
    ...emptyDraft(model),
    mode,
    lyrics: str("lyrics"),
    tags: str("tags"),
    title: str("title"),
    description: str("description"),
    instrumental: r.instrumental === true,
    url: str("url"),
    negativeTags: str("negativeTags"),
    vocalGender: str("vocalGender"),
    styleWeight: num("styleWeight"),
    weirdness: num("weirdness"),
    source: mode === "extend" ? (options.source ?? null) : null,
    continueAt: mode === "extend" ? num("continueAt") : "",
  };
}

/** The form for continuing a song: its style and title, from its end. */
export function draftForRemix(source: RemixSource, base: Draft): Draft {
  return {
    ...base,
    mode: "extend",
    source,
    tags: source.tags,
    title: source.title,
    lyrics: "",
    continueAt: source.duration ? String(Math.floor(source.duration)) : "",
  };
}
