// sunoapi-org's derivatives of a finished clip, under `/org`: WAV (409 when one exists for the
// audio), stems (two or the full split: real audio, the song's own layers), a music video
// (a small valid WebM as long as the song), cover art (two images; `successFlag` 0-3 numbers)
// and timestamped lyrics (answered at once). Each derivative is a task with its own
// record-info (`successFlag`, not `status`) and its own callback shape, POSTed once it ends.
import { ALL_LAYERS, renderStemWav, renderWav, type Layer } from "./audio.ts";
import { COVER_SIZE, renderCover } from "./cover.ts";
import { asBody, requiredText, text, type Body } from "./fields.ts";
import { digest, seedAt } from "./hash.ts";
import { ApiError, badRequest, route, sendJson, type Ctx, type Route } from "./http.ts";
import type { MediaCache } from "./media.ts";
import type { Store } from "./state.ts";
import { finishedClip, submitDerivative, type SimEnv } from "./tasks.ts";
import type { DerivativeAction, SimClip, SimTask } from "./types.ts";
import { renderVideo } from "./video.ts";
import type { ViewContext } from "./views.ts";

type Json = Record<string, unknown>;

/** The stems each split makes: record-info field → the song's layers in it. */
const TWO: Record<string, readonly Layer[]> = {
  vocalUrl: ["lead"],
  instrumentalUrl: ["pad", "bass", "drums", "pluck"],
};
const FULL: Record<string, readonly Layer[]> = {
  vocalUrl: ["lead"],
  drumsUrl: ["drums"],
  bassUrl: ["bass"],
  keyboardUrl: ["pad"],
  guitarUrl: ["pluck"],
};
/** Every stem field the vendor documents: those not made are null. */
const STEM_FIELDS = [
  "instrumentalUrl",
  "vocalUrl",
  "backingVocalsUrl",
  "drumsUrl",
  "bassUrl",
  "guitarUrl",
  "keyboardUrl",
  "percussionUrl",
  "stringsUrl",
  "synthUrl",
  "fxUrl",
  "brassUrl",
  "woodwindsUrl",
];
const FAILED_FLAG: Record<DerivativeAction, string> = {
  WAV: "GENERATE_WAV_FAILED",
  STEMS: "GENERATE_AUDIO_FAILED",
  VIDEO: "GENERATE_MP4_FAILED",
  COVER: "3",
};

function sourceOf(store: Store, task: SimTask): SimClip {
  const clip = task.derivative && store.clip(task.derivative.clipId);
  if (!clip) throw new ApiError(404, "not_found", "no such media");
  return clip;
}

/** Stem fields produced by this task: the split's, less the layers the song does not have. */
function producedStems(task: SimTask, clip: SimClip): Record<string, readonly Layer[]> {
  const table = task.derivative?.split === "split_stem" ? FULL : TWO;
  const instrumental = clip.audio.kind === "synth" ? clip.audio.instrumental : false;
  const present = new Set<Layer>(
    ALL_LAYERS.filter((l) => (instrumental ? l !== "lead" : l !== "pluck")),
  );
  return Object.fromEntries(
    Object.entries(table).filter(([, layers]) => layers.some((l) => present.has(l))),
  );
}

const stemFile = (field: string) =>
  field.replace(/Url$/, "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The derivative's result at `at`, with its `successFlag`. */
export function derivativeRecord(ctx: ViewContext, task: SimTask, at: number): Json {
  const action = task.action as DerivativeAction;
  const status = ctx.store.status(task, at);
  const done = status === "SUCCESS";
  const failed = status === "FAILURE";
  const base = `${ctx.mediaBase()}/media/derived/${task.id}`;
  const clip = sourceOf(ctx.store, task);
  let response: Json | null = null;
  if (done) {
    if (action === "WAV") response = { audioWavUrl: `${base}/wav.wav` };
    if (action === "VIDEO") response = { videoUrl: `${base}/video.webm` };
    if (action === "COVER") response = { images: [1, 2].map((n) => `${base}/cover-${n}.png`) };
    if (action === "STEMS") {
      const produced = producedStems(task, clip);
      response = { originUrl: `${ctx.mediaBase()}/media/${clip.id}.wav` };
      for (const field of STEM_FIELDS)
        response[field] = produced[field] ? `${base}/stem-${stemFile(field)}.wav` : null;
    }
  }
  const flag =
    action === "COVER"
      ? failed
        ? 3
        : done
          ? 1
          : status === "IN_PROGRESS" || status === "QUEUED"
            ? 2
            : 0
      : failed
        ? FAILED_FLAG[action]
        : done
          ? "SUCCESS"
          : "PENDING";
  return {
    taskId: task.id,
    musicId: clip.id,
    callbackUrl: task.notifyHook,
    response,
    successFlag: flag,
    createTime: ctx.store.timeOfStep(task, 0),
    errorCode: failed ? 501 : null,
    errorMessage: failed ? task.failReason : null,
  };
}

/** The callback: one POST once the derivative ends, in this derivative's own shape. */
export function derivativeCallback(ctx: ViewContext, task: SimTask, at: number): Json | null {
  const record = derivativeRecord(ctx, task, at);
  const action = task.action as DerivativeAction;
  if (record.errorCode)
    return { code: 501, msg: String(record.errorMessage), data: { task_id: task.id } };
  const response = record.response as Json | null;
  if (!response) return null;
  const data: Json = { task_id: task.id };
  if (action === "WAV") data.audioWavUrl = response.audioWavUrl;
  if (action === "VIDEO") data.video_url = response.videoUrl;
  if (action === "COVER") Object.assign(data, { taskId: task.id, images: response.images });
  if (action === "STEMS") {
    // snake_case here: instrumental_url, vocal_url, backing_vocals_url, …
    const info: Json = {};
    for (const [field, value] of Object.entries(response))
      info[field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
    data.vocal_removal_info = info;
  }
  return { code: 200, msg: "success", data };
}

/** Words and their times, spread over the sung part of the clip (none for instrumentals). */
export function alignedWords(clip: SimClip): Json[] {
  const lines = clip.prompt
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !/^\[.*\]$/.test(line));
  const words = lines.flatMap((line) => {
    const parts = line.split(/\s+/);
    return parts.map((word, i) => (i === parts.length - 1 ? `${word}\n` : `${word} `));
  });
  if (words.length === 0) return [];
  const start = Math.min(1, clip.duration * 0.05);
  const span = Math.max(0.5, clip.duration * 0.9 - start);
  const each = span / words.length;
  return words.map((word, i) => ({
    word,
    success: true,
    startS: Math.round((start + i * each) * 1000) / 1000,
    endS: Math.round((start + (i + 0.85) * each) * 1000) / 1000,
    palign: 0,
  }));
}

function callbackOf(body: Body): string {
  const url = requiredText(body, "callBackUrl").trim();
  return /\.invalid$/i.test(new URL(url).hostname) ? "" : url;
}

/** The clip a derivative names, and that its `taskId` is the task that made it. */
function clipOf(env: SimEnv, body: Body): SimClip {
  const taskId = requiredText(body, "taskId").trim();
  const audioId = requiredText(body, "audioId").trim();
  const clip = finishedClip(env, audioId, "audioId");
  if (clip.taskId !== taskId) throw badRequest(`taskId ${taskId} did not make audio ${audioId}`);
  return clip;
}

const ok = (ctx: Ctx, data: unknown) => sendJson(ctx.res, 200, { code: 200, msg: "success", data });

export function derivativeRoutes(env: SimEnv, at: (path: string) => string): Route[] {
  const origin = (body: Body) => ({
    dialect: "sunoapi-org" as const,
    input: body,
    notifyHook: callbackOf(body),
  });
  const record = (action: DerivativeAction) => (ctx: Ctx) => {
    const url = new URL(ctx.req.url ?? "/", "http://simulator");
    const task = env.faults.answers().forgetTasks
      ? undefined
      : env.store.task(url.searchParams.get("taskId") ?? "");
    if (!task || task.dialect !== "sunoapi-org" || task.action !== action)
      throw new ApiError(404, "task_not_exist", "record not found");
    ok(ctx, derivativeRecord(env.views, task, env.store.now()));
  };
  return [
    route("POST", at("/api/v1/wav/generate"), async (ctx) => {
      const body = asBody(await ctx.json());
      const clip = clipOf(env, body);
      const existing = env.store
        .allTasks()
        .find((t) => t.action === "WAV" && t.derivative?.clipId === clip.id && !t.failReason);
      // a WAV of this audio exists already: the vendor refuses to make another
      if (existing) throw new ApiError(409, "exists", "WAV already exists for this audio");
      ok(ctx, { taskId: submitDerivative(env, origin(body), "WAV", clip).id });
    }),
    route("POST", at("/api/v1/vocal-removal/generate"), async (ctx) => {
      const body = asBody(await ctx.json());
      const clip = clipOf(env, body);
      const type = text(body, "type") || "separate_vocal";
      if (type !== "separate_vocal" && type !== "split_stem")
        throw badRequest("type must be separate_vocal or split_stem");
      ok(ctx, { taskId: submitDerivative(env, origin(body), "STEMS", clip, type).id });
    }),
    route("POST", at("/api/v1/mp4/generate"), async (ctx) => {
      const body = asBody(await ctx.json());
      const clip = clipOf(env, body);
      ok(ctx, { taskId: submitDerivative(env, origin(body), "VIDEO", clip).id });
    }),
    route("POST", at("/api/v1/suno/cover/generate"), async (ctx) => {
      const body = asBody(await ctx.json());
      const music = env.store.task(requiredText(body, "taskId").trim());
      const clip = music?.clips.find((c) => !c.error);
      if (!music || music.action !== "MUSIC" || !clip) throw badRequest("taskId not found");
      ok(ctx, { taskId: submitDerivative(env, origin(body), "COVER", clip).id });
    }),
    route("POST", at("/api/v1/generate/get-timestamped-lyrics"), async (ctx) => {
      const clip = clipOf(env, asBody(await ctx.json()));
      const words = alignedWords(clip);
      const seed = seedAt(digest("waveform", clip.id), 0);
      ok(ctx, {
        alignedWords: words,
        waveformData: Array.from({ length: 64 }, (_, i) =>
          Math.round(50 + 45 * Math.sin(i / 3 + seed)),
        ),
        hootCer: 0.1,
        isStreamed: false,
      });
    }),
    route("GET", at("/api/v1/wav/record-info"), record("WAV")),
    route("GET", at("/api/v1/vocal-removal/record-info"), record("STEMS")),
    route("GET", at("/api/v1/mp4/record-info"), record("VIDEO")),
    route("GET", at("/api/v1/suno/cover/record-info"), record("COVER")),
  ];
}

/** `/media/derived/<task>/<file>`: the files of a finished derivative, real media each. */
export function derivativeMediaRoute(
  env: SimEnv,
  cache: MediaCache,
  serve: (ctx: Ctx, bytes: Buffer, type: string) => void,
): Route {
  return route("GET", "/media/derived/:taskId/:file", (ctx) => {
    const task = env.store.task(ctx.params.taskId ?? "");
    if (!task?.derivative || env.store.status(task) !== "SUCCESS")
      throw new ApiError(404, "not_found", "no such media");
    const clip = sourceOf(env.store, task);
    const file = ctx.params.file ?? "";
    const key = `${task.id}/${file}`;
    if (task.action === "WAV" && file === "wav.wav")
      return serve(
        ctx,
        cache.get(key, () => renderWav(clip.audio)),
        "audio/wav",
      );
    if (task.action === "VIDEO" && file === "video.webm")
      return serve(
        ctx,
        cache.get(key, () => renderVideo(clip.duration, clip.coverSeed)),
        "video/webm",
      );
    const cover = /^cover-([12])\.png$/.exec(file);
    if (task.action === "COVER" && cover)
      return serve(
        ctx,
        cache.get(key, () => renderCover(seedAt(digest(task.id, cover[1]!), 0), COVER_SIZE)),
        "image/png",
      );
    const stem = /^stem-([a-z-]+)\.wav$/.exec(file);
    if (task.action === "STEMS" && stem) {
      const produced = producedStems(task, clip);
      const field = Object.keys(produced).find((f) => stemFile(f) === stem[1]);
      if (field)
        return serve(
          ctx,
          cache.get(key, () => renderStemWav(clip.audio, produced[field]!)),
          "audio/wav",
        );
    }
    throw new ApiError(404, "not_found", "no such media");
  });
}
