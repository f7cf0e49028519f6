// Dialect 1, `sunoapi` (sunoapi.com v2, PiAPI's legacy shape): numeric `code`, the model
// version in the path, clips as an object keyed by id, `data.input` as a JSON string.
import type { DialectWire, FetchTarget, WireRequest } from "@/lib/suno/adapters/types";
import { sunoapiVersion } from "@/lib/suno/catalogue";
import { classifyHttpError } from "@/lib/suno/classify";
import { notOffered, UpstreamError } from "@/lib/suno/errors";
import {
  date,
  isObject,
  jsonObject,
  normalizeClips,
  normalizeLyrics,
  str,
  type Json,
} from "@/lib/suno/normalize";
import {
  isDerivativeOperation,
  isTakeOperation,
  type GenerationRequest,
  type UpstreamTask,
  type UpstreamTaskStatus,
} from "@/lib/suno/types";

/** the version path segment comes from the catalogue (most of it is an assumption) */
const version = (target: { model?: string | null; wireModel?: string }) =>
  target.wireModel ?? sunoapiVersion(target.model);

function submitRequest(request: GenerationRequest, wireName?: string): WireRequest {
  const version = (model: string) => wireName ?? sunoapiVersion(model);
  switch (request.operation) {
    case "CUSTOM_SONG":
      return {
        method: "POST",
        path: `/api/v2/suno/${version(request.model)}/custom/create-lyrics-song`,
        body: { prompt: request.lyrics, tags: request.tags, title: request.title },
      };
    case "INSTRUMENTAL":
      return {
        method: "POST",
        path: `/api/v2/suno/${version(request.model)}/custom/create-pure-music`,
        body: { tags: request.tags, title: request.title },
      };
    case "DESCRIPTION_SONG":
      return {
        method: "POST",
        path: `/api/v2/suno/${version(request.model)}/random/${request.instrumental ? "create-pure-music" : "create-lyrics-song"}`,
        body: { description: request.description },
      };
    case "EXTEND":
      return {
        method: "POST",
        // the one documented extend path (it names no model; the vendor keeps it working)
        path: `/api/v2/suno/v3.5/extend`,
        body: {
          prompt: request.lyrics ?? "",
          tags: request.tags ?? "",
          title: request.title ?? "",
          continue_clip_id: request.clipId,
          continue_at: request.continueAt,
        },
      };
    case "CONCAT":
      return {
        method: "POST",
        path: `/api/suno/v1/music/concat`,
        body: { clip_id: request.clipId },
      };
    case "LYRICS":
      return { method: "POST", path: `/api/v1/suno/make-lyrics`, body: { prompt: request.prompt } };
    case "UPLOAD_AUDIO":
    case "UPLOAD_COVER":
    case "UPLOAD_EXTEND":
      throw new UpstreamError("INVALID_REQUEST", {
        upstreamMessage: "uploading audio is not offered by this provider",
        notProcessed: true,
      });
    default:
      throw notOffered(request.operation);
  }
}

/** Success is code 200 (number, or "200"); anything else is an error in a 200 response. */
function unwrap(body: unknown): Json {
  if (!isObject(body))
    throw new UpstreamError("MALFORMED", { upstreamMessage: "the answer is not a JSON object" });
  const code = body.code;
  if (code !== undefined && String(code) !== "200" && String(code).toLowerCase() !== "success") {
    const status = Number(code);
    throw classifyHttpError(
      Number.isInteger(status) && status >= 400 ? status : 400,
      body,
      new Headers(),
    );
  }
  return body;
}

function parseSubmit(body: unknown): string {
  const envelope = unwrap(body);
  // v3.5 samples sometimes answer with the raw Suno object {id, clips} instead of {code, data}
  const id = isObject(envelope.data)
    ? (str(envelope.data.task_id) ?? str(envelope.data.id))
    : (str(envelope.data) ?? str(envelope.id) ?? str(envelope.task_id));
  if (!id) throw new UpstreamError("MALFORMED", { upstreamMessage: "no task id in the answer" });
  return id;
}

function taskStatus(value: string): UpstreamTaskStatus {
  switch (value.toLowerCase()) {
    case "processing":
    case "running":
    case "streaming":
      return "RUNNING";
    case "pending":
    case "queued":
    case "submitted":
    case "not_start":
      return "QUEUED";
    case "completed":
    case "complete":
    case "success":
    case "succeeded":
      return "SUCCEEDED";
    default:
      // no failure value is documented: anything else is a terminal failure
      return "FAILED";
  }
}

function parseTask(body: unknown, target: FetchTarget): UpstreamTask {
  const data = unwrap(body).data;
  if (!isObject(data))
    throw new UpstreamError("NOT_FOUND", { upstreamMessage: "the answer carries no task" });
  const upstreamStatus = str(data.status) ?? "unknown";
  const status = taskStatus(upstreamStatus);
  const metadata = isObject(data.metadata) ? data.metadata : null;
  const isLyrics = target.operation === "LYRICS" || ("text" in data && !("clips" in data));
  const clips = isLyrics ? [] : normalizeClips(data.clips);
  const failedClip = clips.find((clip) => clip.status === "ERROR");
  return {
    id: str(data.task_id) ?? target.upstreamId,
    action: isLyrics ? "LYRICS" : "MUSIC",
    status,
    upstreamStatus,
    progress: status === "SUCCEEDED" ? 100 : null,
    failReason:
      status === "FAILED"
        ? (str(data.fail_reason) ??
          str(data.error) ??
          failedClip?.errorMessage ??
          `the task ended as "${upstreamStatus}"`)
        : null,
    input: jsonObject(data.input),
    submittedAt: date(metadata?.created_at),
    startedAt: date(metadata?.started_at),
    finishedAt: date(metadata?.ended_at),
    clips,
    lyrics: isLyrics
      ? normalizeLyrics(
          data,
          status === "SUCCEEDED" ? "COMPLETE" : status === "FAILED" ? "ERROR" : "STREAMING",
        )
      : null,
    metadata,
    raw: body,
  };
}

export const sunoapiWire: DialectWire = {
  dialect: "sunoapi",
  // no own audio and no studio derivatives (WAV, stems, video, cover art, synced lyrics) here
  supports: (operation) =>
    operation !== "UPLOAD_AUDIO" &&
    operation !== "UPLOAD_COVER" &&
    operation !== "UPLOAD_EXTEND" &&
    !isDerivativeOperation(operation) &&
    !isTakeOperation(operation),
  unsupportedReason: (operation) =>
    operation === "UPLOAD_AUDIO" || operation === "UPLOAD_COVER" || operation === "UPLOAD_EXTEND"
      ? "sunoapi.com, the music service configured here, takes no uploaded audio."
      : undefined,
  submitRequest: (request, options) => submitRequest(request, options.wireModel),
  parseSubmit,
  fetchRequest: (target) =>
    target.operation === "LYRICS"
      ? { method: "GET", path: `/api/v1/suno/get-lyrics/${encodeURIComponent(target.upstreamId)}` }
      : {
          method: "GET",
          path: `/api/v2/suno/${version(target)}/clip/` + encodeURIComponent(target.upstreamId),
        },
  parseTask,
};
