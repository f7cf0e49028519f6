// Defensive readers for upstream JSON: both clip shapes (raw Suno and the relay's flattened
// one), numbers that arrive as null or strings, timestamps as ISO strings or unix seconds,
// and fields that come and go. Unknown fields are kept in `raw`, never an error.
import type { UpstreamClip, UpstreamClipStatus, UpstreamLyrics } from "@/lib/suno/types";

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function str(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

export function num(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value.replace(/%$/, ""));
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

export const bool = (value: unknown) => value === true || value === "true";

/** ISO strings, or unix seconds (number or numeric string); 0 means "not yet". */
export function date(value: unknown): Date | null {
  const asNumber = num(value);
  if (asNumber !== null && (typeof value === "number" || /^\d+(\.\d+)?$/.test(String(value)))) {
    if (asNumber <= 0) return null;
    return new Date(asNumber < 1e12 ? asNumber * 1000 : asNumber);
  }
  if (typeof value === "string" && value.trim()) {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}

/** "45%" → 45, clamped to 0-100. */
export function progress(value: unknown): number | null {
  const parsed = num(value);
  return parsed === null ? null : Math.max(0, Math.min(100, Math.round(parsed)));
}

/** JSON given as a string (sunoapi `data.input`), parsed when it can be. */
export function jsonObject(value: unknown): Json | null {
  if (isObject(value)) return value;
  if (typeof value !== "string") return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const CLIP_STATUS: Record<string, UpstreamClipStatus> = {
  submitted: "SUBMITTED",
  pending: "SUBMITTED",
  queued: "QUEUED",
  streaming: "STREAMING",
  running: "STREAMING",
  complete: "COMPLETE",
  completed: "COMPLETE",
  succeeded: "COMPLETE",
  success: "COMPLETE",
  error: "ERROR",
  failed: "ERROR",
  failure: "ERROR",
};

export function clipStatus(value: unknown): UpstreamClipStatus {
  return CLIP_STATUS[String(value ?? "").toLowerCase()] ?? "SUBMITTED";
}

/** Temporary stream links (Suno's audiopipe, a proxy's `/stream/`), not the final file. */
const isStreamUrl = (url: string) => /audiopipe|[/?&=]stream(\b|[/?=_-])/i.test(url);

/**
 * A clip's status by its status word when the provider uses one we know; otherwise (no word,
 * or a new one) by its media: a final audio link means finished, a stream link streaming.
 */
function statusOf(word: string | null, audio: string | null): UpstreamClipStatus {
  const known = word ? CLIP_STATUS[word.toLowerCase()] : undefined;
  if (known) return known;
  if (audio) return isStreamUrl(audio) ? "STREAMING" : "COMPLETE";
  return "SUBMITTED";
}

/** The last entry of `metadata.history` is the clip an extension continues. */
function parentFromHistory(history: unknown): { id: string; at: number | null } | null {
  if (!Array.isArray(history) || history.length === 0) return null;
  const last: unknown = history[history.length - 1];
  if (!isObject(last)) return null;
  const id = str(last.id);
  return id ? { id, at: num(last.continue_at) } : null;
}

/** A URL that is really audio: not empty and not the `.../None.mp3` of a failed clip. */
function mediaUrl(value: unknown): string | null {
  const url = str(value);
  if (!url || /\/None\.(mp3|mp4|png|jpe?g)$/i.test(url)) return null;
  return url;
}

/** Empty lineage values ("", 0 for an absent continue_at) mean "none". */
const lineageId = (value: unknown) => str(value);

export function normalizeClip(raw: unknown): UpstreamClip | null {
  if (!isObject(raw)) return null;
  const meta = isObject(raw.metadata) ? raw.metadata : {};
  const id = str(raw.id) ?? str(raw.clip_id);
  if (!id) return null;
  const upstreamStatus = str(raw.status) ?? str(raw.state);
  const audio = mediaUrl(raw.audio_url);
  const status = statusOf(upstreamStatus, audio);
  // lineage: the flattened shape names the parent; the raw Suno shape may only in history
  const kind = str(meta.type) ?? str(raw.type);
  const fromHistory = kind === "concat" ? null : parentFromHistory(meta.history ?? raw.history);
  const continueClipId =
    lineageId(meta.continue_clip_id ?? raw.continue_clip_id) ?? fromHistory?.id ?? null;
  const continueAt = num(meta.continue_at ?? raw.continue_at) ?? fromHistory?.at ?? null;
  const errorMessage = str(meta.error_message) ?? (status === "ERROR" ? str(raw.msg) : null);

  return {
    id,
    upstreamTaskId: str(raw.task_id),
    status,
    upstreamStatus,
    title: str(raw.title) ?? "",
    tags: str(meta.tags) ?? str(raw.tags) ?? "",
    negativeTags: str(meta.negative_tags) ?? str(raw.negative_tags),
    lyrics: str(meta.prompt) ?? str(raw.prompt),
    description: str(meta.gpt_description_prompt) ?? str(raw.gpt_description_prompt),
    model: str(raw.model_name) ?? str(raw.mv),
    majorModelVersion: str(raw.major_model_version),
    duration: num(meta.duration) ?? num(raw.duration),
    // while streaming, audio_url is a temporary stream; the final one comes with `complete`
    audioUrl: status === "COMPLETE" ? audio : null,
    streamAudioUrl: status === "STREAMING" ? audio : null,
    videoUrl: mediaUrl(raw.video_url),
    imageUrl: mediaUrl(raw.image_url),
    imageLargeUrl: mediaUrl(raw.image_large_url),
    isVideoPending: bool(raw.is_video_pending),
    clipType: str(meta.type) ?? str(raw.type),
    continueClipId,
    continueAt: continueClipId ? continueAt : null,
    history: meta.history ?? null,
    concatHistory: meta.concat_history ?? null,
    audioPromptId: str(meta.audio_prompt_id),
    errorType: str(meta.error_type) ?? str(raw.error_type),
    errorMessage,
    playCount: num(raw.play_count),
    upvoteCount: num(raw.upvote_count),
    createdAt: date(raw.created_at) ?? date(raw.create_time),
    raw,
  };
}

const RANK: Record<UpstreamClipStatus, number> = {
  SUBMITTED: 0,
  QUEUED: 1,
  STREAMING: 2,
  COMPLETE: 3,
  ERROR: 3,
};

/** Clips as an array or as an object keyed by id; the same id twice is one clip (the
 *  furthest along, later copies filling what earlier ones left out). */
export function normalizeClips(value: unknown): UpstreamClip[] {
  const list = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  const byId = new Map<string, UpstreamClip>();
  for (const clip of list.map(normalizeClip)) {
    if (!clip) continue;
    const seen = byId.get(clip.id);
    if (!seen) byId.set(clip.id, clip);
    else
      byId.set(
        clip.id,
        RANK[clip.status] >= RANK[seen.status] ? merge(clip, seen) : merge(seen, clip),
      );
  }
  return [...byId.values()];
}

function merge(winner: UpstreamClip, other: UpstreamClip): UpstreamClip {
  const out: Record<string, unknown> = { ...winner };
  for (const [key, value] of Object.entries(other)) {
    const mine = out[key];
    if (mine === null || mine === undefined || mine === "") out[key] = value;
  }
  return out as UpstreamClip;
}

export function normalizeLyrics(value: Json, fallbackStatus: UpstreamClipStatus): UpstreamLyrics {
  return {
    id: str(value.id),
    title: str(value.title),
    text: str(value.text),
    status: value.status === undefined ? fallbackStatus : clipStatus(value.status),
    raw: value,
  };
}
