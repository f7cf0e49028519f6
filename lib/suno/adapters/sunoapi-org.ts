// Dialect 3, `sunoapi-org` (sunoapi.org, kie.ai's older endpoints, api.box): every answer is
// `{code, msg, data}` and the body's `code` decides, whatever the HTTP status; 429 means the
// account is out of credits and 405/430 that it calls too often; one `record-info` request per
// task (no batch); clips are camelCase there and snake_case in the staged callbacks, with no
// status of their own (a clip with `audioUrl` is finished).
import {
  derivativeRecordRequest,
  derivativeSubmitRequest,
  isSynchronousDerivative,
  parseDerivativeCallback,
  parseDerivativeRecord,
  parseSynchronousDerivative,
} from "@/lib/suno/adapters/sunoapi-org-derivatives";
import { takeSubmitRequest } from "@/lib/suno/adapters/sunoapi-org-takes";
import type {
  DialectWire,
  FetchTarget,
  UploadedFile,
  UploadFile,
  WireRequest,
} from "@/lib/suno/adapters/types";
import { wireModel } from "@/lib/suno/catalogue";
import { looksLikeModeration, UpstreamError } from "@/lib/suno/errors";
import { isObject, jsonObject, num, str, type Json } from "@/lib/suno/normalize";
import {
  isDerivativeOperation,
  type GenerationRequest,
  type Operation,
  type StyleControls,
  type UploadCoverRequest,
  type UploadExtendRequest,
  type UpstreamClip,
  type UpstreamLyrics,
  type UpstreamTask,
  type UpstreamTaskStatus,
} from "@/lib/suno/types";

/** The `model` this family takes (`V6_MINI`), from the catalogue; a vendor name passes as it is. */
export const sunoapiOrgModel = (model: string | null | undefined) =>
  model && /^V\d/.test(model) ? model : wireModel("sunoapi-org", model);

/**
 * The vendor refuses a request without `callBackUrl`. Without a public origin Chorus follows
 * the task by polling, and names a host that can never resolve (RFC 2606 `.invalid`).
 */
export const NO_CALLBACK_URL = "https://no-callback.invalid/chorus-polls";

// ── errors: the body's code decides ──

export type VendorCode = { code: number; message: string | null };

/** The envelope's numeric code and message, or null for a body that is not an envelope. */
export function vendorCode(body: unknown): VendorCode | null {
  if (!isObject(body)) return null;
  const code = num(body.code);
  if (code === null) return null;
  return { code, message: str(body.msg) ?? str(body.message) };
}

/** The documented codes of this family, as typed errors (README "Envelope and codes"). */
export function sunoapiOrgError(code: number, message: string | null): UpstreamError {
  const upstreamMessage = message ?? `the music service answered code ${code}`;
  const status = code;
  switch (code) {
    case 401:
      return new UpstreamError("BAD_KEY", { status, upstreamMessage, notProcessed: true });
    case 402:
    case 429: // this family's "insufficient credits": not a rate limit
      return new UpstreamError("OUT_OF_CREDITS", { status, upstreamMessage, notProcessed: true });
    case 405:
    case 430: // "call frequency too high"; no Retry-After is sent
      return new UpstreamError("RATE_LIMITED", {
        status,
        upstreamMessage,
        retryAfterSeconds: 10,
        notProcessed: true,
      });
    case 400:
      return new UpstreamError(
        looksLikeModeration(upstreamMessage) || /copyright|artist/i.test(upstreamMessage)
          ? "MODERATION"
          : "INVALID_REQUEST",
        { status, upstreamMessage, notProcessed: true },
      );
    case 404: // a wrong path or method: the provider settings, not this request
      return new UpstreamError("UNSUPPORTED", { status, upstreamMessage, notProcessed: true });
    case 409:
    case 413:
    case 422:
      return new UpstreamError("INVALID_REQUEST", { status, upstreamMessage, notProcessed: true });
    case 451:
    case 455:
    case 500:
      return new UpstreamError("UNAVAILABLE", {
        status,
        upstreamMessage,
        notProcessed: code !== 500,
      });
    default:
      return code >= 500
        ? new UpstreamError("UNAVAILABLE", { status, upstreamMessage })
        : new UpstreamError("INVALID_REQUEST", { status, upstreamMessage, notProcessed: true });
  }
}

/** The `data` of a successful envelope; any other code is thrown as its typed error. */
function unwrap(body: unknown): unknown {
  const found = vendorCode(body);
  if (!found)
    throw new UpstreamError("MALFORMED", { upstreamMessage: "the answer is not an envelope" });
  if (found.code !== 200) throw sunoapiOrgError(found.code, found.message);
  return (body as Json).data;
}

// ── requests ──

/**
 * A cover or an extension of the person's own recording on the file host: one body, the file,
 * the model and the callback always; the words (lyrics, style, title) when there are new ones.
 * A cover always has them (`customMode`; no lyrics when instrumental); an extension has none
 * or all (`defaultParamFlag`).
 */
function uploadUseRequest(request: UploadCoverRequest | UploadExtendRequest, callBackUrl: string) {
  const cover = request.operation === "UPLOAD_COVER";
  const words = cover || Boolean(request.lyrics || request.tags || request.title);
  const sung = !cover || !request.instrumental;
  return {
    path: cover ? "/api/v1/generate/upload-cover" : "/api/v1/generate/upload-extend",
    body: {
      uploadUrl: request.uploadUrl,
      model: sunoapiOrgModel(request.model),
      ...(cover
        ? { customMode: true, instrumental: request.instrumental }
        : { defaultParamFlag: words, continueAt: request.continueAt }),
      ...(words
        ? {
            ...(sung ? { prompt: request.lyrics ?? "" } : {}),
            style: request.tags ?? "",
            title: request.title ?? "",
          }
        : {}),
      callBackUrl,
    },
  };
}

/** What this family cannot do, said the way the form and the refusal say it. */
const UNSUPPORTED: Partial<Record<Operation, string>> = {
  CONCAT:
    "this music service cannot join takes into a whole song (its API has no such " +
    "operation); extend the last take instead",
  UPLOAD_AUDIO: "this music service takes uploaded audio only to cover or extend it",
};

/** a voice made from a song: its persona, sung as a voice (not only its style) */
const persona = (request: { personaId?: string }) =>
  request.personaId ? { personaId: request.personaId, personaModel: "voice_persona" } : {};

/** exclude styles, style weight and weirdness, as the vendor names them (only those asked) */
const styleControls = (request: StyleControls) => ({
  ...(request.negativeTags ? { negativeTags: request.negativeTags } : {}),
  ...(request.styleWeight !== undefined ? { styleWeight: request.styleWeight } : {}),
  ...(request.weirdness !== undefined ? { weirdnessConstraint: request.weirdness } : {}),
});

function submitRequest(
  request: GenerationRequest,
  notifyHook?: string,
  wireName?: string,
): WireRequest {
  const callBackUrl = notifyHook ?? NO_CALLBACK_URL;
  const model = () => wireName ?? sunoapiOrgModel("model" in request ? request.model : null);
  switch (request.operation) {
    case "CUSTOM_SONG":
      return {
        method: "POST",
        path: "/api/v1/generate",
        body: {
          customMode: true,
          instrumental: false,
          model: model(),
          prompt: request.lyrics,
          style: request.tags,
          title: request.title,
          ...styleControls(request),
          ...(request.vocalGender ? { vocalGender: request.vocalGender } : {}),
          ...persona(request),
          callBackUrl,
        },
      };
    case "INSTRUMENTAL":
      return {
        method: "POST",
        path: "/api/v1/generate",
        body: {
          customMode: true,
          instrumental: true,
          model: model(),
          style: request.tags,
          title: request.title,
          ...styleControls(request),
          callBackUrl,
        },
      };
    case "DESCRIPTION_SONG":
      return {
        method: "POST",
        path: "/api/v1/generate",
        body: {
          customMode: false,
          instrumental: request.instrumental,
          model: model(),
          prompt: request.description,
          ...persona(request),
          callBackUrl,
        },
      };
    case "EXTEND": {
      // with nothing new to say, the source's own parameters are kept (defaultParamFlag false)
      const custom = Boolean(request.lyrics || request.tags || request.title);
      return {
        method: "POST",
        path: "/api/v1/generate/extend",
        body: {
          audioId: request.clipId,
          defaultParamFlag: custom,
          model: model(),
          continueAt: request.continueAt,
          ...(custom
            ? {
                prompt: request.lyrics ?? "",
                style: request.tags ?? "",
                title: request.title ?? "",
              }
            : {}),
          ...persona(request),
          callBackUrl,
        },
      };
    }
    case "UPLOAD_COVER":
    case "UPLOAD_EXTEND":
      return { method: "POST", ...uploadUseRequest(request, callBackUrl) };
    case "LYRICS":
      return {
        method: "POST",
        path: "/api/v1/lyrics",
        body: { prompt: request.prompt, callBackUrl },
      };
    case "CONCAT":
    case "UPLOAD_AUDIO":
      throw new UpstreamError("INVALID_REQUEST", {
        upstreamMessage: UNSUPPORTED[request.operation],
        notProcessed: true,
      });
    case "CLIP_COVER":
    case "REPLACE_SECTION":
    case "ADD_VOCALS":
    case "ADD_INSTRUMENTAL":
    case "BRING_FORWARD":
      return takeSubmitRequest(request, callBackUrl, model);
    default:
      return derivativeSubmitRequest(request, callBackUrl);
  }
}

function parseSubmit(body: unknown): string {
  const data = unwrap(body);
  const id = isObject(data) ? (str(data.taskId) ?? str(data.task_id)) : str(data);
  if (!id) throw new UpstreamError("MALFORMED", { upstreamMessage: "no task id in the answer" });
  return id;
}

// ── answers ──

/** "2026-12-01 06:02:03" (the vendor's clock, UTC), ISO text, or epoch milliseconds. */
export function vendorTime(value: unknown): Date | null {
  if (typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value.trim()))) {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) return null;
    return new Date(n < 1e12 ? n * 1000 : n);
  }
  if (typeof value !== "string" || !value.trim()) return null;
  const text = value.trim();
  const plain = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
  const parsed = new Date(plain ? `${text.replace(" ", "T")}Z` : text);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

const pick = (raw: Json, camel: string, snake: string) => str(raw[camel]) ?? str(raw[snake]);

/** One clip, from record-info (camelCase) or a callback (snake_case). */
export function sunoapiOrgClip(raw: unknown, taskId: string | null): UpstreamClip | null {
  if (!isObject(raw)) return null;
  const id = str(raw.id) ?? str(raw.audioId) ?? str(raw.audio_id);
  if (!id) return null;
  // the vendor's copy is short-lived; Suno's CDN copy is the fallback
  const audio =
    pick(raw, "audioUrl", "audio_url") ?? pick(raw, "sourceAudioUrl", "source_audio_url");
  const stream =
    pick(raw, "streamAudioUrl", "stream_audio_url") ??
    pick(raw, "sourceStreamAudioUrl", "source_stream_audio_url");
  const vendorImage = pick(raw, "imageUrl", "image_url");
  const sourceImage = pick(raw, "sourceImageUrl", "source_image_url");
  const image = vendorImage ?? sourceImage;
  const status = audio ? "COMPLETE" : stream ? "STREAMING" : "QUEUED";
  const source = pick(raw, "sourceAudioUrl", "source_audio_url");
  return {
    id,
    upstreamTaskId: taskId,
    status,
    upstreamStatus: null,
    title: str(raw.title) ?? "",
    tags: str(raw.tags) ?? str(raw.style) ?? "",
    negativeTags: pick(raw, "negativeTags", "negative_tags"),
    lyrics: str(raw.prompt),
    description: null,
    model: pick(raw, "modelName", "model_name"),
    majorModelVersion: null,
    duration: num(raw.duration),
    audioUrl: audio,
    sourceAudioUrl: source && source !== audio ? source : null,
    streamAudioUrl: audio ? null : stream,
    videoUrl: pick(raw, "videoUrl", "video_url"),
    imageUrl: image,
    // Suno's own copy of the cover, when it is another file: the page's large cover
    imageLargeUrl: sourceImage && sourceImage !== image ? sourceImage : null,
    isVideoPending: false,
    clipType: null,
    continueClipId: null,
    continueAt: null,
    history: null,
    concatHistory: null,
    audioPromptId: null,
    errorType: null,
    errorMessage: null,
    playCount: null,
    upvoteCount: null,
    createdAt: vendorTime(raw.createTime ?? raw.create_time),
    raw,
  };
}

function sunoapiOrgClips(value: unknown, taskId: string | null): UpstreamClip[] {
  const list = Array.isArray(value) ? value : [];
  const seen = new Set<string>();
  const clips: UpstreamClip[] = [];
  for (const raw of list) {
    const clip = sunoapiOrgClip(raw, taskId);
    if (clip && !seen.has(clip.id)) {
      seen.add(clip.id);
      clips.push(clip);
    }
  }
  return clips;
}

const FAILED = new Set([
  "CREATE_TASK_FAILED",
  "GENERATE_AUDIO_FAILED",
  "GENERATE_LYRICS_FAILED",
  "SENSITIVE_WORD_ERROR",
]);

/**
 * A task's status word, read with its clips: `CALLBACK_EXCEPTION` only says the vendor could
 * not call back, so the task succeeded when every clip has audio.
 */
export function sunoapiOrgStatus(word: string, clips: UpstreamClip[]): UpstreamTaskStatus {
  const upper = word.toUpperCase();
  if (upper === "SUCCESS" || upper === "COMPLETE") return "SUCCEEDED";
  if (upper === "CALLBACK_EXCEPTION")
    return clips.length > 0 && clips.every((clip) => clip.audioUrl) ? "SUCCEEDED" : "FAILED";
  if (FAILED.has(upper) || upper.endsWith("_FAILED") || upper === "ERROR") return "FAILED";
  if (upper === "PENDING" || upper === "QUEUED") return "QUEUED";
  if (upper === "TEXT_SUCCESS" || upper === "FIRST_SUCCESS" || upper === "RUNNING")
    return "RUNNING";
  return "RUNNING"; // anything else: keep following until the deadline
}

/** What the operator needs for reconciliation: code 531 means the vendor refunded itself. */
export const VENDOR_REFUNDED_CODE = 531;

function failReasonOf(data: Json, word: string): string | null {
  const message = str(data.errorMessage) ?? str(data.error_message) ?? str(data.msg);
  if (message) return message;
  if (word.toUpperCase() === "SENSITIVE_WORD_ERROR")
    return "the request was refused under the music service's content rules";
  return `the task ended as "${word}"`;
}

function lyricsOf(response: unknown): UpstreamLyrics | null {
  const variants = isObject(response) && Array.isArray(response.data) ? response.data : [];
  const usable = variants.filter(
    (v): v is Json => isObject(v) && str(v.text) !== null && str(v.status) !== "failed",
  );
  const first = usable[0];
  if (!first) return null;
  return {
    id: null,
    title: str(first.title),
    text: str(first.text),
    status: "COMPLETE",
    // every variant is kept: the person picks one
    raw: { variants: usable },
  };
}

/** `record-info` (music or lyrics) as a canonical task. */
function parseTask(body: unknown, target: FetchTarget): UpstreamTask {
  const data = unwrap(body);
  if (!isObject(data))
    throw new UpstreamError("NOT_FOUND", { upstreamMessage: "the answer carries no task" });
  // a derivative's record is read as one, never as a song (its own record-info path)
  if (isDerivativeOperation(target.operation))
    return parseDerivativeRecord(data, target.operation, target.upstreamId, body);
  const word = str(data.status) ?? str(data.successFlag) ?? "PENDING";
  const response = isObject(data.response) ? data.response : null;
  const taskId = str(data.taskId) ?? str(data.task_id) ?? target.upstreamId;
  const isLyrics = target.operation === "LYRICS" || str(data.type)?.toUpperCase() === "LYRICS";
  const clips = isLyrics ? [] : sunoapiOrgClips(response?.sunoData ?? response?.data, taskId);
  const status = sunoapiOrgStatus(word, clips);
  const errorCode = num(data.errorCode);
  return {
    id: taskId,
    action: isLyrics ? "LYRICS" : "MUSIC",
    status,
    upstreamStatus: word,
    progress: status === "SUCCEEDED" ? 100 : null,
    failReason: status === "FAILED" ? failReasonOf(data, word) : null,
    input: jsonObject(data.param),
    submittedAt: vendorTime(data.createTime),
    startedAt: null,
    finishedAt: vendorTime(data.completeTime),
    clips,
    lyrics: isLyrics ? lyricsOf(response) : null,
    metadata: {
      type: str(data.type),
      errorCode,
      vendorRefunded: errorCode === VENDOR_REFUNDED_CODE,
      parentMusicId: str(data.parentMusicId),
    },
    raw: body,
  };
}

/**
 * A staged callback (`text`, `first`, `complete`, `error`; any case, possibly repeated) as a
 * canonical task. Lyrics callbacks name the task `taskId`, music ones `task_id`.
 */
export function parseSunoapiOrgCallback(body: unknown, operation: string): UpstreamTask | null {
  // a stems or WAV callback is read by its own task's shape, never as a song's
  if (isDerivativeOperation(operation)) return parseDerivativeCallback(body, operation);
  if (!isObject(body) || !isObject(body.data)) {
    // an error stage may carry `data: null`; the code and message still say what happened
    const found = vendorCode(body);
    if (!found || found.code === 200) return null;
    return callbackFailure(null, found, operation);
  }
  const data = body.data;
  const found = vendorCode(body) ?? { code: 200, message: null };
  const stage = (str(data.callbackType) ?? str(data.callback_type) ?? "").toLowerCase();
  const taskId = str(data.task_id) ?? str(data.taskId);
  if (found.code !== 200 || stage === "error") {
    // replace-section names what went wrong in `error` rather than `msg`
    const said = str(data.error) ?? str(body.error);
    const generic = !found.message || /^(success|error|failed)$/i.test(found.message);
    const message = said && generic ? said : (found.message ?? said);
    return callbackFailure(taskId, { code: found.code, message }, operation);
  }
  if (operation === "LYRICS") {
    const lyrics = lyricsOf({ data: data.data });
    return {
      ...emptyTask(taskId, "LYRICS", lyrics ? "SUCCEEDED" : "RUNNING", stage || "complete"),
      lyrics,
      raw: body,
    };
  }
  const clips = sunoapiOrgClips(data.data, taskId);
  const complete = stage === "complete" && clips.length > 0 && clips.every((c) => c.audioUrl);
  return {
    ...emptyTask(taskId, "MUSIC", complete ? "SUCCEEDED" : "RUNNING", stage || "unknown"),
    clips,
    progress: complete ? 100 : null,
    raw: body,
  };
}

function emptyTask(
  id: string | null,
  action: string,
  status: UpstreamTaskStatus,
  upstreamStatus: string,
): UpstreamTask {
  return {
    id: id ?? "",
    action,
    status,
    upstreamStatus,
    progress: null,
    failReason: null,
    input: null,
    submittedAt: null,
    startedAt: null,
    finishedAt: null,
    clips: [],
    lyrics: null,
    metadata: null,
    raw: null,
  };
}

function callbackFailure(id: string | null, found: VendorCode, operation: string): UpstreamTask {
  return {
    ...emptyTask(id, operation === "LYRICS" ? "LYRICS" : "MUSIC", "FAILED", "error"),
    failReason: found.message ?? `the music service reported code ${found.code}`,
    metadata: { errorCode: found.code, vendorRefunded: found.code === VENDOR_REFUNDED_CODE },
  };
}

/**
 * Any answer whose envelope code is not 200, or a failed HTTP answer without an envelope. A 404
 * on a read is a task the vendor does not know; on a submit it is a wrong path or model.
 */
function errorOf(
  status: number,
  body: unknown,
  _headers: Headers,
  request?: { method: string },
): UpstreamError | null {
  const found = vendorCode(body) ?? (status >= 400 ? { code: status, message: null } : null);
  if (!found || found.code === 200) return null;
  if (found.code === 404 && request?.method === "GET")
    return new UpstreamError("NOT_FOUND", {
      status: 404,
      upstreamMessage: found.message ?? "the music service does not know this task",
    });
  const message = found.message ?? (typeof body === "string" ? body.slice(0, 300) : null);
  return sunoapiOrgError(found.code, message);
}

// ── the file host (uploads before upload-cover and upload-extend) ──

/** The vendors' file hosts, by API host; any other (a simulator, a proxy) serves both. */
const FILE_HOSTS: Record<string, string> = {
  "api.sunoapi.org": "https://sunoapiorg.redpandaai.co",
  "api.kie.ai": "https://kieai.redpandaai.co",
};

export function fileHostOf(baseUrl: string): string {
  const host = new URL(baseUrl).host;
  return FILE_HOSTS[host] ?? baseUrl;
}

/** Uploaded files are kept 3 days; an answer without `expiresAt` is taken to mean that. */
export const UPLOAD_KEPT_MS = 3 * 24 * 3600_000;

function uploadRequest(file: UploadFile, baseUrl: string): WireRequest & { baseUrl: string } {
  const form = new FormData();
  form.set("file", new Blob([file.bytes], { type: file.contentType }), file.fileName);
  form.set("uploadPath", "chorus");
  form.set("fileName", file.fileName);
  return {
    baseUrl: fileHostOf(baseUrl),
    method: "POST",
    path: "/api/file-stream-upload",
    body: form,
  };
}

function parseUpload(body: unknown): UploadedFile {
  if (isObject(body) && body.success === false)
    throw sunoapiOrgError(num(body.code) ?? 500, str(body.msg) ?? "the file host refused it");
  const data = unwrap(body);
  const url = isObject(data) ? (str(data.downloadUrl) ?? str(data.fileUrl)) : null;
  if (!url)
    throw new UpstreamError("MALFORMED", { upstreamMessage: "no downloadUrl in the answer" });
  const expires = isObject(data) ? vendorTime(data.expiresAt) : null;
  return { downloadUrl: url, expiresAt: expires ?? new Date(Date.now() + UPLOAD_KEPT_MS) };
}

export const sunoapiOrgWire: DialectWire = {
  dialect: "sunoapi-org",
  errorOf,
  supports: (operation) => !UNSUPPORTED[operation],
  unsupportedReason: (operation) => {
    const reason = UNSUPPORTED[operation];
    return reason && `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
  },
  submitRequest: (request, options) =>
    submitRequest(request, options.notifyHook, options.wireModel),
  parseSubmit,
  synchronous: isSynchronousDerivative,
  parseSynchronous: (body, id) => parseSynchronousDerivative(unwrap(body), id, body),
  fetchRequest: (target) =>
    isDerivativeOperation(target.operation)
      ? derivativeRecordRequest(target.operation, target.upstreamId)
      : {
          method: "GET",
          path:
            target.operation === "LYRICS"
              ? `/api/v1/lyrics/record-info?taskId=${encodeURIComponent(target.upstreamId)}`
              : `/api/v1/generate/record-info?taskId=${encodeURIComponent(target.upstreamId)}`,
        },
  parseTask,
  balanceRequest: () => ({ method: "GET", path: "/api/v1/generate/credit" }),
  parseBalance: (body) => {
    const data = unwrap(body);
    return num(isObject(data) ? (data.credits ?? data.credit ?? data.balance) : data);
  },
  uploadRequest,
  parseUpload,
};
