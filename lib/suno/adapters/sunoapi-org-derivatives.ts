// The sunoapi-org derivatives of a finished clip (README "Derivatives"): WAV, stems, music
// video and cover art are tasks of their own with their own record-info (a `successFlag`
// instead of a `status`, strings on most, numbers 0-3 on cover art) and their own callback
// shapes (`audioWavUrl`, `vocal_removal_info`, `video_url`, `images`); timestamped lyrics answer
// at once. None of these answers is ever read as a song: they carry assets, never clips.
import type { WireRequest } from "@/lib/suno/adapters/types";
import { UpstreamError } from "@/lib/suno/errors";
import { isObject, num, str, type Json } from "@/lib/suno/normalize";
import type {
  AlignedWord,
  DerivativeOperation,
  DerivativeRequest,
  UpstreamAsset,
  UpstreamTask,
  UpstreamTaskStatus,
} from "@/lib/suno/types";

const SUBMIT_PATH: Record<DerivativeOperation, string> = {
  WAV: "/api/v1/wav/generate",
  STEMS: "/api/v1/vocal-removal/generate",
  VIDEO: "/api/v1/mp4/generate",
  COVER_ART: "/api/v1/suno/cover/generate",
  TIMED_LYRICS: "/api/v1/generate/get-timestamped-lyrics",
  VOICE: "/api/v1/generate/generate-persona",
};
const RECORD_PATH: Record<Exclude<DerivativeOperation, "TIMED_LYRICS" | "VOICE">, string> = {
  WAV: "/api/v1/wav/record-info",
  STEMS: "/api/v1/vocal-removal/record-info",
  VIDEO: "/api/v1/mp4/record-info",
  COVER_ART: "/api/v1/suno/cover/record-info",
};

/** Answered in the submit itself: there is no task to follow. */
export const isSynchronousDerivative = (operation: string) =>
  operation === "TIMED_LYRICS" || operation === "VOICE";

export function derivativeSubmitRequest(
  request: DerivativeRequest,
  callBackUrl: string,
): WireRequest {
  if (!request.taskId)
    throw new UpstreamError("INVALID_REQUEST", {
      upstreamMessage: "the music service needs the task that made this clip, and it is unknown",
      notProcessed: true,
    });
  const clip = { taskId: request.taskId, audioId: request.clipId };
  const path = SUBMIT_PATH[request.operation];
  switch (request.operation) {
    case "WAV":
      return { method: "POST", path, body: { ...clip, callBackUrl } };
    case "STEMS":
      return {
        method: "POST",
        path,
        body: {
          ...clip,
          type: request.mode === "full" ? "split_stem" : "separate_vocal",
          callBackUrl,
        },
      };
    case "VIDEO":
      return {
        method: "POST",
        path,
        body: { ...clip, callBackUrl, ...(request.author ? { author: request.author } : {}) },
      };
    case "COVER_ART":
      return { method: "POST", path, body: { taskId: request.taskId, callBackUrl } };
    case "TIMED_LYRICS":
      return { method: "POST", path, body: clip };
    case "VOICE":
      return {
        method: "POST",
        path,
        body: {
          ...clip,
          name: request.name,
          description: request.description,
          vocalStart: request.startS,
          vocalEnd: request.endS,
          ...(request.tags ? { style: request.tags } : {}),
        },
      };
  }
}

export function derivativeRecordRequest(
  operation: DerivativeOperation,
  upstreamId: string,
): WireRequest {
  if (operation === "TIMED_LYRICS" || operation === "VOICE")
    throw new UpstreamError("NOT_FOUND", { upstreamMessage: "this answer came at once" });
  return {
    method: "GET",
    path: `${RECORD_PATH[operation]}?taskId=${encodeURIComponent(upstreamId)}`,
  };
}

// ── reading results ──

/** Links in a stems answer that are not stems: the original, where to call back, media. */
const NOT_STEMS = new Set(["origin", "callback", "source", "stream", "image", "cover", "audio"]);

/** `drumsUrl`, `backing_vocals_url` → `drums`, `backing-vocals`; `vocal` → `vocals`. */
function stemName(key: string): string | null {
  const found = /^(.+?)(Url|_url)$/.exec(key);
  if (!found) return null;
  const name = found[1]!
    .replace(/([a-z])([A-Z])/g, "$1-$2")
    .replaceAll("_", "-")
    .toLowerCase();
  if (NOT_STEMS.has(name) || !/^[a-z][a-z-]{0,30}$/.test(name)) return null;
  return name === "vocal" ? "vocals" : name;
}

function stemAssets(info: unknown): UpstreamAsset[] {
  if (!isObject(info)) return [];
  const assets = new Map<string, UpstreamAsset>();
  for (const [key, value] of Object.entries(info)) {
    const name = stemName(key);
    const url = str(value);
    // only the stems that were produced: absent, null or empty ones are not kept
    if (name && url && !assets.has(name)) assets.set(name, { kind: `stem:${name}`, url });
  }
  return [...assets.values()];
}

/** What a derivative's result object (record-info `response`, or a callback's `data`) holds. */
export function derivativeAssets(operation: DerivativeOperation, result: unknown): UpstreamAsset[] {
  if (!isObject(result)) return [];
  switch (operation) {
    case "WAV": {
      const url = str(result.audioWavUrl) ?? str(result.audio_wav_url) ?? str(result.wavUrl);
      return url ? [{ kind: "wav", url }] : [];
    }
    case "STEMS":
      return stemAssets(result.vocal_removal_info ?? result.vocalRemovalInfo ?? result);
    case "VIDEO": {
      const url = str(result.videoUrl) ?? str(result.video_url);
      return url ? [{ kind: "video", url }] : [];
    }
    case "COVER_ART": {
      const images = Array.isArray(result.images) ? result.images : [];
      return images
        .map((image) => str(image) ?? (isObject(image) ? str(image.url) : null))
        .filter((url): url is string => url !== null)
        .slice(0, 4)
        .map((url, i) => ({ kind: `cover:${i + 1}`, url }));
    }
    case "VOICE": {
      const personaId = str(result.personaId) ?? str(result.persona_id) ?? str(result.id);
      if (!personaId) return [];
      const name = str(result.name);
      const description = str(result.description);
      return [{ kind: "voice", url: null, data: { personaId, name, description } }];
    }
    case "TIMED_LYRICS": {
      const words = alignedWords(result.alignedWords ?? result.aligned_words);
      const waveform = Array.isArray(result.waveformData)
        ? result.waveformData.map((v) => num(v)).filter((v): v is number => v !== null)
        : [];
      return words.length > 0 ? [{ kind: "lrc", url: null, data: { words, waveform } }] : [];
    }
  }
}

function alignedWords(value: unknown): AlignedWord[] {
  if (!Array.isArray(value)) return [];
  const words: AlignedWord[] = [];
  for (const raw of value) {
    if (!isObject(raw)) continue;
    const word = str(raw.word);
    const startS = num(raw.startS ?? raw.start_s);
    const endS = num(raw.endS ?? raw.end_s);
    if (word === null || startS === null || endS === null || raw.success === false) continue;
    words.push({ word, startS, endS: Math.max(startS, endS) });
  }
  return words.sort((a, b) => a.startS - b.startS);
}

/**
 * `successFlag` as a task status: strings (`PENDING`, `SUCCESS`, `GENERATE_WAV_FAILED`, …) on
 * most derivatives, numbers on cover art (0 pending, 1 done, 2 generating, 3 failed).
 * `CALLBACK_EXCEPTION` only says the vendor could not call back.
 */
export function derivativeStatus(flag: unknown, hasAssets: boolean): UpstreamTaskStatus {
  const word = typeof flag === "number" ? String(flag) : (str(flag) ?? "PENDING").toUpperCase();
  if (word === "1" || word === "SUCCESS" || word === "COMPLETE") return "SUCCEEDED";
  if (word === "CALLBACK_EXCEPTION") return hasAssets ? "SUCCEEDED" : "FAILED";
  if (word === "3" || word.endsWith("_FAILED") || word.endsWith("_ERROR") || word === "FAILED")
    return "FAILED";
  if (word === "0" || word === "PENDING" || word === "QUEUED") return "QUEUED";
  return "RUNNING";
}

function task(
  id: string,
  operation: DerivativeOperation,
  status: UpstreamTaskStatus,
  upstreamStatus: string,
  assets: UpstreamAsset[],
  raw: unknown,
  failReason: string | null = null,
  errorCode: number | null = null,
): UpstreamTask {
  return {
    id,
    action: operation,
    status,
    upstreamStatus,
    progress: status === "SUCCEEDED" ? 100 : null,
    failReason:
      status === "FAILED" ? (failReason ?? `the task ended as "${upstreamStatus}"`) : null,
    input: null,
    submittedAt: null,
    startedAt: null,
    finishedAt: null,
    clips: [],
    lyrics: null,
    assets,
    metadata: { errorCode, vendorRefunded: errorCode === 531 },
    raw,
  };
}

/** A derivative's record-info `data` (already unwrapped from its envelope). */
export function parseDerivativeRecord(
  data: Json,
  operation: DerivativeOperation,
  upstreamId: string,
  raw: unknown,
): UpstreamTask {
  // the result is under `response` (null until done); the record's own fields are not results
  const result = isObject(data.response) ? data.response : null;
  const assets = derivativeAssets(operation, result);
  const flag = data.successFlag ?? data.status;
  const status = derivativeStatus(flag, assets.length > 0);
  const reason = str(data.errorMessage) ?? str(data.error_message);
  return task(
    str(data.taskId) ?? str(data.task_id) ?? upstreamId,
    operation,
    status,
    String(flag ?? "PENDING"),
    status === "FAILED" ? [] : assets,
    raw,
    reason,
    num(data.errorCode),
  );
}

/**
 * A derivative callback: `{code, msg, data:{task_id, …}}`. A non-200 code is a failure; a body
 * shaped like a song callback (or anything without this derivative's fields) carries nothing.
 */
export function parseDerivativeCallback(
  body: unknown,
  operation: DerivativeOperation,
): UpstreamTask | null {
  if (!isObject(body)) return null;
  const code = num(body.code);
  const data = isObject(body.data) ? body.data : null;
  const id = data ? (str(data.task_id) ?? str(data.taskId) ?? "") : "";
  if (code !== null && code !== 200) {
    const reason = str(body.msg) ?? str(body.message) ?? `the music service reported code ${code}`;
    return task(id, operation, "FAILED", "error", [], body, reason, code);
  }
  if (!data) return null;
  const assets = derivativeAssets(operation, data);
  return task(id, operation, assets.length ? "SUCCEEDED" : "RUNNING", "callback", assets, body);
}

/** A synchronous answer, told apart by its shape: a persona (voice) or timestamped lyrics. */
export function parseSynchronousDerivative(data: unknown, id: string, raw: unknown): UpstreamTask {
  const persona = isObject(data) && (data.personaId !== undefined || data.persona_id !== undefined);
  if (!persona) return parseTimedLyrics(data, id, raw);
  const assets = derivativeAssets("VOICE", data);
  return assets.length
    ? task(id, "VOICE", "SUCCEEDED", "SUCCESS", assets, raw)
    : task(id, "VOICE", "FAILED", "EMPTY", [], raw, "the music service made no voice");
}

/** The synchronous timestamped-lyrics answer as a finished task. */
export function parseTimedLyrics(data: unknown, id: string, raw: unknown): UpstreamTask {
  const assets = derivativeAssets("TIMED_LYRICS", data);
  return assets.length
    ? task(id, "TIMED_LYRICS", "SUCCEEDED", "SUCCESS", assets, raw)
    : task(
        id,
        "TIMED_LYRICS",
        "FAILED",
        "EMPTY",
        [],
        raw,
        "the music service found no sung words to time in this song",
      );
}
