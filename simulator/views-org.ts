// The sunoapi-org wire shapes at a given instant: `record-info` (camelCase, a task status word,
// clips without a status of their own) and the staged callbacks (snake_case, one body per stage:
// text, first, complete, error). Every shape is derived from the same (task, time) as the other
// dialects, so a poll and a callback at the same instant agree.
import { derivativeCallback } from "./derivatives.ts";
import type { ClipStatus, SimClip, SimTask } from "./types.ts";
import type { ViewContext } from "./views.ts";

type Json = Record<string, unknown>;
export type OrgStage = "text" | "first" | "complete" | "error";

/** "2026-12-01 06:02:03": the vendor's own clock format, in UTC. */
const vendorClock = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

function clipMedia(ctx: ViewContext, clip: SimClip, status: ClipStatus) {
  const base = `${ctx.mediaBase()}/media`;
  const complete = status === "complete";
  const streaming = status === "streaming" || complete;
  return {
    audio: complete ? `${base}/${clip.id}.wav` : "",
    // the long-lived copy on "Suno's CDN"
    sourceAudio: complete ? `${base}/${clip.id}.wav?source=1` : "",
    stream: streaming ? `${base}/stream/${clip.id}` : "",
    image: streaming ? `${base}/${clip.id}.png` : "",
    sourceImage: streaming ? `${base}/${clip.id}-large.png` : "",
  };
}

/** Under `callbackExceptionMissingAudio` the last clip of a task never gets its audio. */
const audioWithheld = (ctx: ViewContext, task: SimTask, clip: SimClip) =>
  Boolean(ctx.faults?.answers().callbackExceptionMissingAudio) &&
  clip.index === task.clips.length - 1;

function orgClip(ctx: ViewContext, task: SimTask, clip: SimClip, status: ClipStatus): Json {
  const withheld = audioWithheld(ctx, task, clip);
  const urls = clipMedia(ctx, clip, withheld && status === "complete" ? "streaming" : status);
  return {
    id: clip.id,
    audioUrl: urls.audio,
    sourceAudioUrl: urls.sourceAudio,
    streamAudioUrl: urls.stream,
    sourceStreamAudioUrl: urls.stream,
    imageUrl: urls.image,
    sourceImageUrl: urls.sourceImage,
    prompt: clip.prompt,
    modelName: clip.mv,
    title: clip.title,
    tags: clip.tags,
    createTime: ctx.store.timeOfStep(task, 1),
    duration: status === "complete" ? clip.duration : null,
  };
}

/** The callback's snake_case spelling of the same clip. */
function snakeClip(ctx: ViewContext, task: SimTask, clip: SimClip, status: ClipStatus): Json {
  const camel = orgClip(ctx, task, clip, status);
  return {
    id: camel.id,
    audio_url: camel.audioUrl,
    source_audio_url: camel.sourceAudioUrl,
    stream_audio_url: camel.streamAudioUrl,
    source_stream_audio_url: camel.sourceStreamAudioUrl,
    image_url: camel.imageUrl,
    source_image_url: camel.sourceImageUrl,
    prompt: camel.prompt,
    model_name: camel.modelName,
    title: camel.title,
    tags: camel.tags,
    createTime: vendorClock(Number(camel.createTime)),
    duration: camel.duration,
  };
}

function clipsAt(ctx: ViewContext, task: SimTask, at: number) {
  return task.clips.flatMap((clip) => {
    const status = ctx.store.clipStatus(task, clip, at);
    return status ? [{ clip, status }] : [];
  });
}

/** The task's status word at `at`, as record-info reports it. */
export function orgStatus(ctx: ViewContext, task: SimTask, at = ctx.store.now()): string {
  const relay = ctx.store.status(task, at);
  if (relay === "FAILURE")
    return task.failReason && !task.generationFailed
      ? "SENSITIVE_WORD_ERROR"
      : "GENERATE_AUDIO_FAILED";
  if (relay === "SUCCESS") {
    // the vendor failed to call back: whether it succeeded is in the clips' audio
    const { callbackException, callbackExceptionMissingAudio } = ctx.faults?.answers() ?? {};
    return callbackException || callbackExceptionMissingAudio ? "CALLBACK_EXCEPTION" : "SUCCESS";
  }
  if (relay !== "IN_PROGRESS") return "PENDING";
  if (task.action === "LYRICS") return "PENDING";
  const complete = clipsAt(ctx, task, at).filter((c) => c.status === "complete").length;
  return complete > 0 ? "FIRST_SUCCESS" : "TEXT_SUCCESS";
}

export function orgMusicRecord(ctx: ViewContext, task: SimTask, at = ctx.store.now()): Json {
  const status = orgStatus(ctx, task, at);
  const failed = status.endsWith("_ERROR") || status.endsWith("_FAILED");
  return {
    taskId: task.id,
    parentMusicId: task.clips[0]?.continueClipId ?? "",
    param: JSON.stringify(task.input),
    response: {
      taskId: task.id,
      sunoData: failed
        ? []
        : clipsAt(ctx, task, at).map(({ clip, status: s }) => orgClip(ctx, task, clip, s)),
    },
    status,
    type: task.orgType ?? (task.kind === "extend" ? "EXTEND" : "GENERATE"),
    operationType: task.kind === "extend" ? "extend" : "generate",
    errorCode: failed ? (task.failReason && !task.generationFailed ? 400 : 501) : null,
    errorMessage: failed ? task.failReason || "Audio generation failed" : null,
  };
}

export function orgLyricsRecord(ctx: ViewContext, task: SimTask, at = ctx.store.now()): Json {
  const relay = ctx.store.status(task, at);
  const done = relay === "SUCCESS";
  const failed = relay === "FAILURE";
  const variants = task.lyricsVariants ?? (task.lyrics ? [task.lyrics] : []);
  return {
    taskId: task.id,
    param: JSON.stringify(task.input),
    response: {
      taskId: task.id,
      data: done
        ? variants.map((v) => ({
            text: v.text,
            title: v.title,
            status: "complete",
            errorMessage: "",
          }))
        : [],
    },
    status: failed ? "SENSITIVE_WORD_ERROR" : done ? "SUCCESS" : "PENDING",
    type: "LYRICS",
    errorCode: failed ? 400 : null,
    errorMessage: failed ? task.failReason : null,
  };
}

/** The steps at which a stage callback is due: text, first, complete (or error). */
export function orgTransitions(ctx: ViewContext, task: SimTask): number[] {
  const { store } = ctx;
  const final = store.finalStep(task);
  // lyrics, failures and derivatives call back once, when they end
  if (task.failReason || task.action !== "MUSIC") return task.neverFinish ? [] : [final];
  const steps: number[] = [];
  let last: string | null = null;
  for (let step = 1; step <= final; step++) {
    const stage = orgStage(ctx, task, store.timeOfStep(task, step));
    if (stage && stage !== last) steps.push(step);
    last = stage ?? last;
  }
  return task.neverFinish ? steps.filter((s) => s < final) : steps;
}

function orgStage(ctx: ViewContext, task: SimTask, at: number): OrgStage | null {
  const status = orgStatus(ctx, task, at);
  if (status === "SUCCESS") return "complete";
  if (status === "FIRST_SUCCESS") return "first";
  if (status === "TEXT_SUCCESS") return "text";
  if (status.endsWith("_ERROR") || status.endsWith("_FAILED")) return "error";
  return null;
}

/** The callback body for the stage the task is in at `at`; null before anything happened. */
export function orgCallback(ctx: ViewContext, task: SimTask, at: number): Json | null {
  if (task.derivative) return derivativeCallback(ctx, task, at);
  if (task.action === "LYRICS") {
    const record = orgLyricsRecord(ctx, task, at);
    if (record.status === "PENDING") return null;
    const failed = record.status !== "SUCCESS";
    return {
      code: failed ? 400 : 200,
      msg: failed ? String(record.errorMessage) : "All generated successfully.",
      data: {
        callbackType: failed ? "error" : "complete",
        taskId: task.id,
        data: failed ? null : (record.response as Json).data,
      },
    };
  }
  const stage = orgStage(ctx, task, at);
  if (!stage) return null;
  if (stage === "error") {
    const code = task.failReason && !task.generationFailed ? 400 : 501;
    const reason = task.failReason || "Audio generation failed";
    // replace-section names the reason in `error` (with a bare msg) instead of `data: null`
    if (task.orgType === "REPLACE_SECTION")
      return {
        code,
        msg: "error",
        data: { callbackType: "error", task_id: task.id, error: reason },
      };
    return { code, msg: reason, data: { callbackType: "error", task_id: task.id, data: null } };
  }
  const clips = clipsAt(ctx, task, at).filter((c) => stage !== "first" || c.status === "complete");
  return {
    code: 200,
    msg:
      stage === "text"
        ? "Text generation completed."
        : stage === "first"
          ? "First track generated."
          : "All generated successfully.",
    data: {
      callbackType: stage,
      task_id: task.id,
      data:
        stage === "text" ? [] : clips.map(({ clip, status }) => snakeClip(ctx, task, clip, status)),
    },
  };
}
