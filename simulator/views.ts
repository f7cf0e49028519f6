// Wire shapes: a task or clip as each dialect shows it at a given instant. The raw Suno clip
// (seed 000, sunoapi and relay batch fetch), the flattened clip (seed 001, relay fetch-one and
// callbacks), the relay task object and the sunoapi task bodies.
import { AsyncLocalStorage } from "node:async_hooks";

import type { AnswerFaults, Faults } from "./faults.ts";
import { modelFor } from "./models.ts";
import type { Store } from "./state.ts";
import type { ClipStatus, RelayStatus, SimClip, SimTask } from "./types.ts";

export type ViewContext = { store: Store; mediaBase: () => string; faults?: Faults };

/** The key of the request being answered (for the `echoKey` switch); none in callbacks. */
export const requestKey = new AsyncLocalStorage<string>();

/** With `echoKey`, a provider quoting the caller's credentials back in its words. */
export function echoed(ctx: { faults?: Faults }, text: string): string {
  const key = requestKey.getStore();
  if (!text || !key || !ctx.faults?.answers().echoKey) return text;
  return `${text} (request made with Authorization: Bearer ${key})`;
}
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
    // While streaming the proxies hand out a temporary stream URL; the final file comes with
    // `complete`.
    audio_url: status === "streaming" ? `${base}/stream/${clip.id}` : `${base}/${clip.id}.wav`,
    image_url: `${base}/${clip.id}.png`,
    image_large_url: `${base}/${clip.id}-large.png`,
  };
}

const NO_FAULTS = {} as Partial<AnswerFaults>;
const answers = (ctx: ViewContext): Partial<AnswerFaults> => ctx.faults?.answers() ?? NO_FAULTS;

/** The engine name a provider may echo for a model: `chirp-v3-5-tau`, `chirp-auk-turbo`. */
export const variantOf = (mv: string) => (mv === "chirp-v3-5" ? `${mv}-tau` : `${mv}-turbo`);
const withNul = (text: string) => (text ? `${text.slice(0, 1)}\u0000${text.slice(1)}\u0000` : text);

/** The answer switches that change a clip as shown (both shapes). */
function shaped(ctx: ViewContext, clip: Json): Json {
  const a = answers(ctx);
  const meta = (clip.metadata ?? null) as Json | null;
  if (a.clipsWithoutStatus) {
    delete clip.status;
    delete clip.state;
  }
  if (a.variantEngineNames) {
    if (typeof clip.model_name === "string") clip.model_name = variantOf(String(clip.mv_id));
    if (typeof clip.mv === "string") clip.mv = variantOf(clip.mv);
  }
  delete clip.mv_id;
  if (a.sparseClips) {
    for (const key of ["title", "tags", "prompt", "model_name", "mv", "gpt_description_prompt"])
      delete clip[key];
    if (meta) for (const key of ["tags", "prompt", "gpt_description_prompt"]) delete meta[key];
  }
  if (a.nulInText) {
    if (typeof clip.title === "string") clip.title = withNul(clip.title);
    if (typeof clip.prompt === "string") clip.prompt = withNul(clip.prompt);
    if (meta && typeof meta.prompt === "string") meta.prompt = withNul(meta.prompt);
  }
  return clip;
}

export function rawClip(ctx: ViewContext, task: SimTask, clip: SimClip, status: ClipStatus): Json {
  return shaped(ctx, rawClipOf(ctx, task, clip, status));
}

function rawClipOf(ctx: ViewContext, task: SimTask, clip: SimClip, status: ClipStatus): Json {
  const model = modelFor(clip.mv);
  const urls = media(ctx, clip, status);
  // the raw Suno shape names an extension's parent (and where it continues) only in
  // metadata.history, as sunoapi.com and the relays' batch fetch send it
  return {
    mv_id: clip.mv,
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
    mv_id: clip.mv,
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
  return shaped(ctx, flat);
}

function visibleClips(ctx: ViewContext, task: SimTask, at: number): Array<[SimClip, ClipStatus]> {
  const a = answers(ctx);
  if (a.emptyClipsOnSuccess && ctx.store.status(task, at) === "SUCCESS") return [];
  return task.clips.flatMap((clip) => {
    const status = ctx.store.clipStatus(task, clip, at);
    if (!status) return [];
    const entry: [SimClip, ClipStatus] = [clip, status];
    return a.duplicateClips ? [entry, entry] : [entry];
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
    fail_reason: status === "FAILURE" ? echoed(ctx, task.failReason) : "",
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
