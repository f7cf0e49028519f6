// Dialect 2, `relay` (the new-api / one-api aggregators): string `code`, one music endpoint
// for every mode, a batch fetch, and clips in either the raw Suno or a flattened shape.
import type { DialectWire, FetchTarget, WireRequest } from "@/lib/suno/adapters/types";
import { wireModel } from "@/lib/suno/catalogue";
import { classifyHttpError } from "@/lib/suno/classify";
import { notOffered, UpstreamError } from "@/lib/suno/errors";
import {
  date,
  isObject,
  normalizeClips,
  normalizeLyrics,
  progress,
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

function submitRequest(
  request: GenerationRequest,
  notifyHook?: string,
  wireName?: string,
): WireRequest {
  const hook = notifyHook ? { notify_hook: notifyHook } : {};
  const mv = () => wireName ?? wireModel("relay", "model" in request ? request.model : null);
  switch (request.operation) {
    case "CUSTOM_SONG":
      return music({
        prompt: request.lyrics,
        tags: request.tags,
        title: request.title,
        mv: mv(),
        make_instrumental: false,
        ...negative(request.negativeTags),
        ...hook,
      });
    case "INSTRUMENTAL":
      return music({
        prompt: "",
        tags: request.tags,
        title: request.title,
        mv: mv(),
        make_instrumental: true,
        ...negative(request.negativeTags),
        ...hook,
      });
    case "DESCRIPTION_SONG":
      return music({
        prompt: "",
        gpt_description_prompt: request.description,
        make_instrumental: request.instrumental,
        mv: mv(),
        ...hook,
      });
    case "EXTEND":
      return music({
        prompt: request.lyrics ?? "",
        tags: request.tags ?? "",
        title: request.title ?? "",
        mv: mv(),
        continue_clip_id: request.clipId,
        continue_at: request.continueAt,
        ...(request.taskId ? { task_id: request.taskId } : {}),
        ...hook,
      });
    case "CONCAT":
      return {
        method: "POST",
        path: "/suno/submit/concat",
        body: { clip_id: request.clipId, is_infill: false, ...hook },
      };
    case "UPLOAD_AUDIO":
      return { method: "POST", path: "/suno/uploads/audio-url", body: { url: request.url } };
    case "LYRICS":
      return {
        method: "POST",
        path: "/suno/submit/lyrics",
        body: { prompt: request.prompt, ...hook },
      };
    case "UPLOAD_COVER":
    case "UPLOAD_EXTEND":
      // the relay takes a recording by link (UPLOAD_AUDIO) and extends the clip it makes
      throw new UpstreamError("INVALID_REQUEST", {
        upstreamMessage:
          "this music service takes your own audio by link only; upload it, then extend the clip",
        notProcessed: true,
      });
    default:
      throw notOffered(request.operation);
  }
}

const music = (body: Json): WireRequest => ({ method: "POST", path: "/suno/submit/music", body });
const negative = (tags: string | undefined) => (tags ? { negative_tags: tags } : {});

/** Success is code "success"; an error envelope can also arrive with HTTP 200. */
function unwrap(body: unknown): Json {
  if (!isObject(body))
    throw new UpstreamError("MALFORMED", { upstreamMessage: "the answer is not a JSON object" });
  if (isObject(body.error)) throw classifyHttpError(400, body, new Headers());
  if (
    body.code !== undefined &&
    String(body.code).toLowerCase() !== "success" &&
    String(body.code) !== "200"
  ) {
    throw classifyHttpError(400, body, new Headers());
  }
  return body;
}

function parseSubmit(body: unknown): string {
  const data = unwrap(body).data;
  const id = str(data) ?? (isObject(data) ? (str(data.task_id) ?? str(data.id)) : null);
  if (!id) throw new UpstreamError("MALFORMED", { upstreamMessage: "no task id in the answer" });
  return id;
}

const TASK_STATUS: Record<string, UpstreamTaskStatus> = {
  NOT_START: "SUBMITTED",
  SUBMITTED: "SUBMITTED",
  QUEUED: "QUEUED",
  IN_PROGRESS: "RUNNING",
  SUCCESS: "SUCCEEDED",
  FAILURE: "FAILED",
};

export function parseRelayTask(value: unknown): UpstreamTask {
  if (!isObject(value))
    throw new UpstreamError("MALFORMED", { upstreamMessage: "a task is not a JSON object" });
  const id = str(value.task_id) ?? str(value.id);
  if (!id) throw new UpstreamError("MALFORMED", { upstreamMessage: "a task has no id" });
  const upstreamStatus = str(value.status) ?? "UNKNOWN";
  // UNKNOWN and anything new: keep following it; the task deadline ends it if need be
  const status = TASK_STATUS[upstreamStatus.toUpperCase()] ?? "RUNNING";
  const data = value.data;
  const action = str(value.action)?.toUpperCase() ?? (isObject(data) ? "LYRICS" : "MUSIC");
  const clips = Array.isArray(data) ? normalizeClips(data) : [];
  const lyrics = isObject(data)
    ? normalizeLyrics(data, status === "SUCCEEDED" ? "COMPLETE" : "STREAMING")
    : null;
  return {
    id,
    action,
    status,
    upstreamStatus,
    progress: progress(value.progress),
    failReason:
      str(value.fail_reason) ??
      (status === "FAILED"
        ? (clips.find((c) => c.errorMessage)?.errorMessage ?? "the task failed upstream")
        : null),
    input: null,
    submittedAt: date(value.submit_time),
    startedAt: date(value.start_time),
    finishedAt: date(value.finish_time),
    clips,
    lyrics,
    metadata: null,
    raw: value,
  };
}

export const relayWire: DialectWire = {
  dialect: "relay",
  // the studio derivatives (WAV, stems, video, cover art, synced lyrics) are not on this wire,
  // nor a cover or extension of an uploaded file (it takes audio by link: UPLOAD_AUDIO)
  supports: (operation) =>
    !isDerivativeOperation(operation) &&
    !isTakeOperation(operation) &&
    operation !== "UPLOAD_COVER" &&
    operation !== "UPLOAD_EXTEND",
  unsupportedReason: (operation) =>
    operation === "UPLOAD_COVER" || operation === "UPLOAD_EXTEND"
      ? "This music service takes your own audio by link only: upload it, then extend the clip."
      : undefined,
  submitRequest: (request, options) =>
    submitRequest(request, options.notifyHook, options.wireModel),
  parseSubmit,
  fetchRequest: (target: FetchTarget) => ({
    method: "GET",
    path: `/suno/fetch/${encodeURIComponent(target.upstreamId)}`,
  }),
  parseTask: (body) => {
    const data = unwrap(body).data;
    if (data === null || data === undefined)
      throw new UpstreamError("NOT_FOUND", { upstreamMessage: "task_not_exist" });
    return { ...parseRelayTask(data), raw: data };
  },
  batchRequest: (targets) => ({
    method: "POST",
    path: "/suno/fetch",
    body: {
      ids: targets.map((t) => t.upstreamId),
      action: targets.every((t) => t.operation === "LYRICS") ? "LYRICS" : "MUSIC",
    },
  }),
  parseBatch: (body) => {
    const data = unwrap(body).data;
    if (!Array.isArray(data))
      throw new UpstreamError("MALFORMED", { upstreamMessage: "the batch answer is not a list" });
    return data.map((task) => ({ ...parseRelayTask(task), raw: task }));
  },
};
