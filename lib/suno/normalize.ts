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
  const status = clipStatus(upstreamStatus);
  const audio = mediaUrl(raw.audio_url);
  const continueClipId = lineageId(meta.continue_clip_id ?? raw.continue_clip_id);
  const continueAt = num(meta.continue_at ?? raw.continue_at);
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
    errorType: str(meta.error_type),
    errorMessage,
    playCount: num(raw.play_count),
    upvoteCount: num(raw.upvote_count),
    createdAt: date(raw.created_at) ?? date(raw.create_time),
    raw,
  };
}

/** Clips as an array or as an object keyed by id. */
export function normalizeClips(value: unknown): UpstreamClip[] {
  const list = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  return list.map(normalizeClip).filter((clip): clip is UpstreamClip => clip !== null);
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
