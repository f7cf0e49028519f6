// Creating tasks, shared by both dialects once they have parsed their own request shapes:
// lineage checks for extend and concat, moderation, and registering callbacks.
import type { Faults } from "./faults.ts";
import { newTaskId } from "./hash.ts";
import type { HookDispatcher } from "./hooks.ts";
import { badRequest } from "./http.ts";
import { writeLyrics } from "./lyrics.ts";
import {
  chainOf,
  moderationReason,
  planConcatClip,
  planMusicClips,
  planRejectedClip,
  planUploadClip,
  type MusicRequest,
} from "./plans.ts";
import type { Store } from "./state.ts";
import type {
  DerivativeAction,
  Dialect,
  FetchedUpload,
  ResolvedOptions,
  SimClip,
  SimTask,
  TaskAction,
} from "./types.ts";
import type { ViewContext } from "./views.ts";

export type SimEnv = {
  store: Store;
  options: ResolvedOptions;
  faults: Faults;
  hooks: HookDispatcher;
  views: ViewContext;
};

type Origin = { dialect: Dialect; input: Record<string, unknown>; notifyHook?: string };

function register(
  env: SimEnv,
  origin: Origin,
  fields: { action: TaskAction; kind: SimTask["kind"]; mv: string },
  fill: (task: SimTask) => void,
): SimTask {
  const task: SimTask = {
    id: newTaskId(env.options.idStyle),
    dialect: origin.dialect,
    action: fields.action,
    kind: fields.kind,
    createdAt: env.store.now(),
    neverFinish: env.faults.neverFinish(),
    failReason: "",
    notifyHook: origin.notifyHook ?? "",
    input: origin.input,
    mv: fields.mv,
    clips: [],
    lyrics: null,
  };
  fill(task);
  env.store.add(task);
  if (task.notifyHook) env.hooks.watch(task);
  return task;
}

/** A clip that can be continued or stitched: known, finished, and not a failure. */
export function finishedClip(env: SimEnv, clipId: string, field: string): SimClip {
  const clip = env.store.clip(clipId);
  const task = clip && env.store.taskOf(clip);
  if (!clip || !task) throw badRequest(`${field} ${clipId} not found`);
  if (clip.error) throw badRequest(`${field} ${clipId} failed and cannot be used`);
  if (env.store.clipStatus(task, clip) !== "complete")
    throw badRequest(`${field} ${clipId} is not complete yet`);
  return clip;
}

export function resolveParent(
  env: SimEnv,
  clipId: string,
  at: number | null,
  originTaskId = "",
): { clip: SimClip; at: number } {
  const clip = finishedClip(env, clipId, "continue_clip_id");
  if (at === null) throw badRequest("continue_at is required to extend a clip");
  if (at <= 0 || at > clip.duration) {
    throw badRequest(`continue_at must be within the clip: between 0 and ${clip.duration} seconds`);
  }
  if (originTaskId && originTaskId !== clip.taskId) {
    throw badRequest(`task_id ${originTaskId} is not the task of clip ${clipId}`);
  }
  return { clip, at };
}

export function submitMusic(env: SimEnv, origin: Origin, request: MusicRequest): SimTask {
  const reason = moderationReason(env.options.moderationWord, request);
  const kind = request.parent ? "extend" : "gen";
  return register(env, origin, { action: "MUSIC", kind, mv: request.mv }, (task) => {
    const base = { taskId: task.id, clipSeconds: env.options.clipSeconds };
    task.failReason = reason;
    task.clips = reason ? [planRejectedClip(base, request, reason)] : planMusicClips(base, request);
  });
}

export function submitLyrics(env: SimEnv, origin: Origin, prompt: string): SimTask {
  const reason = moderationReason(env.options.moderationWord, { prompt });
  return register(env, origin, { action: "LYRICS", kind: "lyrics", mv: "" }, (task) => {
    task.failReason = reason;
    task.lyrics = reason ? null : writeLyrics(prompt);
  });
}

export function submitConcat(env: SimEnv, origin: Origin, clipId: string): SimTask {
  const target = finishedClip(env, clipId, "clip_id");
  const lookup = (id: string) => env.store.clip(id);
  for (const part of chainOf(target, lookup)) finishedClip(env, part.id, "clip_id");
  return register(env, origin, { action: "MUSIC", kind: "concat", mv: target.mv }, (task) => {
    task.clips = [
      planConcatClip({ taskId: task.id, clipSeconds: env.options.clipSeconds }, target, lookup),
    ];
  });
}

export function submitUpload(
  env: SimEnv,
  origin: Origin,
  url: string,
  fetched?: FetchedUpload,
): SimTask {
  return register(env, origin, { action: "MUSIC", kind: "upload", mv: "chirp-v3-5" }, (task) => {
    task.clips = [planUploadClip({ taskId: task.id, clipSeconds: env.options.clipSeconds }, url)];
    if (fetched) task.fetchedUpload = fetched;
    if (fetched?.problem) task.failReason = `could not fetch the audio: ${fetched.problem}`;
  });
}

const AUDIO_MAGIC = [/^RIFF....WAVE/s, /^ID3/, /^\xff[\xe0-\xff]/, /^fLaC/, /^OggS/, /^....ftyp/s];
const FETCH_MAX_BYTES = 25 * 1024 * 1024;

/** Fetches an upload's link as a vendor does: it must answer 200 with audio. */
export async function fetchUploadLink(url: string): Promise<FetchedUpload> {
  try {
    const response = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(10_000) });
    const contentType = response.headers.get("content-type");
    const bytes = Buffer.from(await response.arrayBuffer());
    const head = bytes.subarray(0, 16).toString("latin1");
    const problem =
      response.status !== 200
        ? `HTTP ${response.status}`
        : bytes.length === 0
          ? "the file is empty"
          : bytes.length > FETCH_MAX_BYTES
            ? "the file is too large"
            : !AUDIO_MAGIC.some((magic) => magic.test(head))
              ? "the file is not audio"
              : null;
    return { url, status: response.status, contentType, bytes: bytes.length, problem };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { url, status: 0, contentType: null, bytes: 0, problem: `no answer (${reason})` };
  }
}

/** A derivative of a finished clip (WAV, stems, video, cover art): a task of its own. */
export function submitDerivative(
  env: SimEnv,
  origin: Origin,
  action: DerivativeAction,
  clip: SimClip,
  split: "separate_vocal" | "split_stem" = "separate_vocal",
): SimTask {
  return register(env, origin, { action, kind: "derivative", mv: clip.mv }, (task) => {
    task.derivative = { clipId: clip.id, split };
    // the failDerivatives switch: the vendor accepts the task and fails it
    if (env.faults.answers().failDerivatives) task.failReason = `${action} generation failed`;
  });
}

/** The failTakes switch: a new take is accepted, then its generation fails (code 501, not a
 *  content refusal). */
export function failIfSwitched(env: SimEnv, task: SimTask): SimTask {
  if (!env.faults.answers().failTakes || task.failReason) return task;
  task.failReason = "Audio generation failed";
  task.generationFailed = true;
  return task;
}
