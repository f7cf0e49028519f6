// The layouts an import understands, and what each says about a song.
//
// - A Chorus export (lib/media/export.ts): `metadata.json` at the ZIP's root (or in its one top
//   folder) lists every song with its files, lineage and playlists.
// - A sidecar beside the audio, as downloaders write them: `<name>.json`, `<name>.<ext>.json`
//   or `<name>.info.json`, with Suno-style fields: `title`; `tags` (text or a list) or
//   `metadata.tags`; lyrics from `lyric`, `lyrics`, `prompt` or `metadata.prompt`;
//   `gpt_description_prompt`; the model from `model_name`, `mv`, `metadata.mv` or
//   `major_model_version`; `created_at` / `createdAt` (or yt-dlp's `upload_date`, YYYYMMDD);
//   the Suno clip id from `id` or `clip_id`; `duration` or `metadata.duration`.
// - Plain audio: the title is the file's name.
import "server-only";

import { z } from "zod";

export type SongInfo = {
  title: string;
  tags: string;
  lyrics: string | null;
  description: string | null;
  model: string | null;
  createdAt: Date | null;
  duration: number | null;
  instrumental: boolean;
  clipType: string | null;
  continueAt: number | null;
  /** its id where it came from: the exported Chorus id, or the Suno clip id */
  sourceId: string | null;
  /** the exported id of the song it was made from (Chorus exports) */
  parentSourceId: string | null;
  liked: boolean;
  rating: number | null;
};

const text = (max: number) => z.string().max(max);
const maybeText = (max: number) =>
  z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (typeof value === "string" ? value.slice(0, max) : null));
const maybeNumber = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((value) => {
    const n = typeof value === "string" ? Number(value) : value;
    return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : null;
  });
const date = (value: unknown) => {
  if (typeof value === "string" && /^\d{8}$/.test(value))
    value = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}T00:00:00Z`;
  if (typeof value !== "string" && typeof value !== "number") return null;
  const parsed = new Date(value);
  const time = parsed.getTime();
  // nothing before 2000 or in the future: a sidecar's date is a hint, not a trusted value
  return Number.isFinite(time) && time > 946_684_800_000 && time < Date.now() + 86_400_000
    ? parsed
    : null;
};

const chorusSong = z.object({
  id: text(100),
  title: z.string().max(1000).default(""),
  tags: z.string().max(10_000).default(""),
  lyrics: maybeText(100_000),
  description: maybeText(10_000),
  model: maybeText(100),
  duration: maybeNumber,
  type: maybeText(40),
  instrumental: z.boolean().default(false),
  liked: z.boolean().default(false),
  rating: z.number().int().min(1).max(5).nullable().default(null),
  createdAt: z.string().max(40),
  extends: maybeText(100),
  continueAt: maybeNumber,
  lineage: z
    .object({ parent: maybeText(100) })
    .partial()
    .optional(),
  files: z.array(z.string().max(1000)).max(100),
  /** the attachments' kinds (`wav`, `stem:vocals`, `lrc`, `cover:<task>:<n>`, `video`) */
  attachments: z.array(z.string().max(200)).max(100).default([]),
});

export const chorusMetadataSchema = z.object({
  songs: z.array(chorusSong).max(100_000),
  playlists: z
    .array(
      z.object({
        name: z.string().max(200),
        team: z.string().nullable().optional(),
        songs: z.array(text(100)).max(100_000),
      }),
    )
    .max(10_000)
    .default([]),
});
export type ChorusMetadata = z.infer<typeof chorusMetadataSchema>;
export type ChorusSong = ChorusMetadata["songs"][number];

export function chorusSongInfo(song: ChorusSong): SongInfo {
  return {
    title: song.title,
    tags: song.tags,
    lyrics: song.lyrics,
    description: song.description,
    model: song.model,
    createdAt: date(song.createdAt),
    duration: song.duration,
    instrumental: song.instrumental,
    clipType: song.type,
    continueAt: song.continueAt,
    sourceId: song.id,
    parentSourceId: song.lineage?.parent ?? song.extends ?? null,
    liked: song.liked,
    rating: song.rating,
  };
}

const tagList = z
  .union([z.string(), z.array(z.string()), z.null()])
  .optional()
  .transform((value) => (Array.isArray(value) ? value.join(", ") : (value ?? null)));

const sunoSidecar = z.object({
  id: maybeText(100),
  clip_id: maybeText(100),
  title: maybeText(1000),
  tags: tagList,
  lyric: maybeText(100_000),
  lyrics: maybeText(100_000),
  prompt: maybeText(100_000),
  gpt_description_prompt: maybeText(10_000),
  model_name: maybeText(100),
  mv: maybeText(100),
  major_model_version: maybeText(100),
  created_at: z.unknown().optional(),
  createdAt: z.unknown().optional(),
  upload_date: z.unknown().optional(),
  duration: maybeNumber,
  metadata: z
    .object({
      tags: tagList,
      prompt: maybeText(100_000),
      gpt_description_prompt: maybeText(10_000),
      mv: maybeText(100),
      duration: maybeNumber,
      type: maybeText(40),
    })
    .partial()
    .nullable()
    .optional(),
});

/** A title from a file name: `Night Drive (v2).mp3` is "Night Drive (v2)". */
export const titleFromPath = (path: string) =>
  (path.split("/").pop() ?? "")
    .replace(/\.[^.]+$/, "")
    .trim()
    .slice(0, 200) || "Untitled";

export function plainSongInfo(path: string): SongInfo {
  return {
    title: titleFromPath(path),
    tags: "",
    lyrics: null,
    description: null,
    model: null,
    createdAt: null,
    duration: null,
    instrumental: false,
    clipType: null,
    continueAt: null,
    sourceId: null,
    parentSourceId: null,
    liked: false,
    rating: null,
  };
}

/** A Suno-style sidecar's fields, or null when the JSON is not one (then the file name is used). */
export function sidecarSongInfo(path: string, json: unknown): SongInfo | null {
  const parsed = sunoSidecar.safeParse(json);
  if (!parsed.success) return null;
  const s = parsed.data;
  const meta = s.metadata ?? {};
  const lyrics = s.lyric ?? s.lyrics ?? meta.prompt ?? s.prompt ?? null;
  return {
    ...plainSongInfo(path),
    title: s.title?.trim() || titleFromPath(path),
    tags: (s.tags ?? meta.tags ?? "").slice(0, 10_000),
    lyrics: lyrics?.trim() ? lyrics : null,
    description: s.gpt_description_prompt ?? meta.gpt_description_prompt ?? null,
    model: s.model_name ?? s.mv ?? meta.mv ?? s.major_model_version ?? null,
    createdAt: date(s.created_at ?? s.createdAt ?? s.upload_date),
    duration: s.duration ?? meta.duration ?? null,
    clipType: meta.type ?? null,
    sourceId: s.id ?? s.clip_id ?? null,
  };
}

/** Where a downloader puts an audio file's sidecar: the names to look for, best first. */
export function sidecarNames(path: string): string[] {
  const base = path.replace(/\.[^./]+$/, "");
  return [`${base}.json`, `${path}.json`, `${base}.info.json`];
}

/** A cover beside the audio: `<name>.jpg|jpeg|png|webp`. */
export function coverNames(path: string): string[] {
  const base = path.replace(/\.[^./]+$/, "");
  return ["jpg", "jpeg", "png", "webp"].map((ext) => `${base}.${ext}`);
}

/** M3U8 lines that name files, resolved against the playlist's own folder. */
export function m3uPaths(playlistPath: string, body: string): string[] {
  const folder = playlistPath.includes("/") ? playlistPath.replace(/\/[^/]*$/, "") : "";
  const out: string[] = [];
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || /^[a-z]+:\/\//i.test(line)) continue;
    const parts = (folder ? `${folder}/${line}` : line).replaceAll("\\", "/").split("/");
    const resolved: string[] = [];
    for (const part of parts) {
      if (part === "..") resolved.pop();
      else if (part !== "." && part !== "") resolved.push(part);
    }
    out.push(resolved.join("/"));
  }
  return out;
}
