// Wire shapes: a task or clip as each dialect shows it at a given instant. The raw Suno clip
// (seed 000, sunoapi and relay batch fetch), the flattened clip (seed 001, relay fetch-one and
// callbacks), the relay task object and the sunoapi task bodies.
import { modelFor } from "./models.ts";
import type { Store } from "./state.ts";
import type { ClipStatus, RelayStatus, SimClip, SimTask } from "./types.ts";

export type ViewContext = { store: Store; mediaBase: () => string };
type Json = Record<string, unknown>;

const iso = (ms: number) => new Date(ms).toISOString();
const unix = (ms: number) => Math.floor(ms / 1000);

function media(ctx: ViewContext, clip: SimClip, status: ClipStatus) {
  const base = `${ctx.mediaBase()}/media`;
  if (status === "error")
    return { audio_url: `${base}/None.mp3`, image_url: null, image_large_url: null };
  if (status === "submitted" || status === "queued")
    return { audio_url: "", image_url: null, image_large_url: null };
  return {
    // While streaming the proxies hand out a temporary stream URL; the final file comes with `complete`.
    audio_url: status === "streaming" ? `${base}/stream/${clip.id}` : `${base}/${clip.id}.wav`,
    image_url: `${base}/${clip.id}.png`,
    image_large_url: `${base}/${clip.id}-large.png`,
  };
}

export function rawClip(ctx: ViewContext, task: SimTask, clip: SimClip, status: ClipStatus): Json {
  const model = modelFor(clip.mv);
  const urls = media(ctx, clip, status);
  const lineage =
    clip.kind === "extend"
      ? { continue_clip_id: clip.continueClipId, continue_at: clip.continueAt }
      : {};
  return {
    id: clip.id,
    video_url: "",
    audio_url: urls.audio_url,
    image_url: urls.image_url,
    image_large_url: urls.image_large_url,
    is_video_pending: false,
    major_model_version: model?.major ?? "v3",
    model_name: model?.modelName ?? clip.mv,
    metadata: {
      tags: clip.tags,
      prompt: clip.prompt,
      gpt_description_prompt: clip.gptDescriptionPrompt,
      audio_prompt_id: "",
      history: clip.history,
      concat_history: clip.concatHistory,
      type: clip.kind,
      duration: status === "complete" ? clip.duration : null,
      refund_credits: clip.error !== null,
      stream: true,
      error_type: clip.error?.type ?? "",
      error_message: clip.error?.message ?? "",
      ...lineage,
    },
    is_liked: false,
    user_id: "",
    display_name: "",
    handle: "",
    is_handle_updated: false,
    is_trashed: false,
    reaction: null,
    created_at: iso(ctx.store.timeOfStep(task, 1)),
    status,
    title: clip.title,
    play_count: 0,
    upvote_count: 0,
    is_public: false,
  };
}

const STATE: Record<ClipStatus, string> = {
  submitted: "pending",
  queued: "pending",
  streaming: "running",
  complete: "succeeded",
  error: "failed",
};

export function flatClip(
  ctx: ViewContext,
  task: SimTask,
  clip: SimClip,
  status: ClipStatus,
  at: number,
): Json {
  const urls = media(ctx, clip, status);
  const flat: Json = {
    id: clip.id,
    mv: clip.mv,
    msg: clip.error?.message ?? "",
    tags: clip.tags,
    state: STATE[status],
    title: clip.title,
    prompt: clip.prompt,
    status,
    clip_id: clip.id,
    task_id: `${task.id}_${clip.index + 1}`,
    duration: status === "complete" ? clip.duration : null,
    audio_url: urls.audio_url,
    image_url: urls.image_url,
    video_url: "",
    continue_at: clip.continueAt,
    create_time: String(unix(ctx.store.timeOfStep(task, 1))),
    update_time: String(unix(ctx.store.clipUpdatedAt(task, clip, at))),
    image_large_url: urls.image_large_url,
    continue_clip_id: clip.continueClipId,
    gpt_description_prompt: clip.gptDescriptionPrompt || null,
  };
  // Consumers read the reason from metadata (relay-fetch-failure-moderation.json), so an error
  // clip carries it there too.
  if (clip.error) {
    flat.metadata = {
      tags: clip.tags,
      prompt: clip.prompt,
      gpt_description_prompt: clip.gptDescriptionPrompt,
      type: clip.kind,
      duration: null,
      error_type: clip.error.type,
      error_message: clip.error.message,
      refund_credits: true,
    };
  }
  return flat;
}

function visibleClips(ctx: ViewContext, task: SimTask, at: number): Array<[SimClip, ClipStatus]> {
  return task.clips.flatMap((clip) => {
    const status = ctx.store.clipStatus(task, clip, at);
    return status ? [[clip, status] as [SimClip, ClipStatus]] : [];
  });
}

export function relayTask(
  ctx: ViewContext,
  task: SimTask,
  shape: "flat" | "raw",
  at = ctx.store.now(),
): Json {
  const { store } = ctx;
  const status: RelayStatus = store.status(task, at);
  const final = status === "SUCCESS" || status === "FAILURE";
  let data: unknown = null;
  if (status !== "NOT_START") {
    if (task.action === "LYRICS") {
      const done = status === "SUCCESS";
      const text = done ? (task.lyrics?.text ?? "") : "";
      const title = done ? (task.lyrics?.title ?? "") : "";
      data = { id: task.id, text, title, status: done ? "complete" : final ? "error" : "running" };
    } else {
      data = visibleClips(ctx, task, at).map(([clip, clipStatus]) =>
        shape === "flat"
          ? flatClip(ctx, task, clip, clipStatus, at)
          : rawClip(ctx, task, clip, clipStatus),
      );
    }
  }
  return {
    task_id: task.id,
    notify_hook: task.notifyHook,
    action: task.action,
    status,
    fail_reason: status === "FAILURE" ? task.failReason : "",
    submit_time: unix(task.createdAt),
    start_time: status === "NOT_START" ? 0 : unix(store.timeOfStep(task, 1)),
    finish_time: final ? unix(store.timeOfStep(task, store.finalStep(task))) : 0,
    progress: final ? "100%" : "0%",
    data,
  };
}

function sunoapiMetadata(ctx: ViewContext, task: SimTask, at: number, quota: number): Json {
  const { store } = ctx;
  const status = store.status(task, at);
  return {
    created_at: iso(task.createdAt),
    started_at: status === "NOT_START" ? null : iso(store.timeOfStep(task, 1)),
    ended_at: store.isFinal(task, at) ? iso(store.timeOfStep(task, store.finalStep(task))) : null,
    quota_frozen: quota,
    quota_usage: status === "SUCCESS" ? quota : 0,
  };
}

function sunoapiStatus(status: RelayStatus): "processing" | "completed" | "failed" {
  return status === "SUCCESS" ? "completed" : status === "FAILURE" ? "failed" : "processing";
}

export function sunoapiClipTask(ctx: ViewContext, task: SimTask, at = ctx.store.now()): Json {
  const clips: Json = {};
  for (const [clip, status] of visibleClips(ctx, task, at))
    clips[clip.id] = rawClip(ctx, task, clip, status);
  return {
    task_id: task.id,
    status: sunoapiStatus(ctx.store.status(task, at)),
    input: JSON.stringify(task.input),
    clips,
    metadata: sunoapiMetadata(ctx, task, at, 5),
  };
}

export function sunoapiLyricsTask(ctx: ViewContext, task: SimTask, at = ctx.store.now()): Json {
  const status = ctx.store.status(task, at);
  const done = status === "SUCCESS";
  return {
    task_id: task.id,
    input: JSON.stringify(task.input),
    status: sunoapiStatus(status),
    title: done ? (task.lyrics?.title ?? "") : "",
    text: done ? (task.lyrics?.text ?? "") : "",
    metadata: sunoapiMetadata(ctx, task, at, 0),
  };
}
