// The sunoapi dialect (sunoapi.com v2, PiAPI's legacy naming for concat): the model version
// is a path segment, envelopes carry a numeric `code`, and a task's clips are an object keyed
// by clip id with `data.input` echoing the request as a JSON string (seed 000).
import { asBody, maxLength, optionalNumber, requiredText, text, type Body } from "./fields.ts";
import { ApiError, badRequest, route, sendJson, type Ctx, type Route } from "./http.ts";
import {
  modelFor,
  retiredMessage,
  SUNOAPI_DESCRIPTION_MAX,
  SUNOAPI_LYRICS_PROMPT_MAX,
  SUNOAPI_VERSIONS,
  TITLE_MAX,
} from "./models.ts";
import type { MusicRequest } from "./plans.ts";
import { resolveParent, submitConcat, submitLyrics, submitMusic, type SimEnv } from "./tasks.ts";
import { sunoapiClipTask, sunoapiLyricsTask } from "./views.ts";

const created = (ctx: Ctx, taskId: string) =>
  sendJson(ctx.res, 200, { code: 200, data: { task_id: taskId }, message: "success" });
const ok = (ctx: Ctx, data: unknown) =>
  sendJson(ctx.res, 200, { code: 200, data, message: "success" });
const notFound = () => new ApiError(404, "task_not_exist", "task not found");

/** The engine behind a path's version; a new song (not a fetch) refuses a retired one. */
function mvFor(ctx: Ctx, { newSong = true } = {}): string {
  const version = ctx.params.ver ?? "";
  const mv = SUNOAPI_VERSIONS[version];
  if (!mv)
    throw badRequest(
      `unsupported model version ${version}; use one of ${Object.keys(SUNOAPI_VERSIONS).join(", ")}`,
    );
  if (newSong && modelFor(mv)?.retired) throw badRequest(retiredMessage(version));
  return mv;
}

type Mode = { custom: boolean; instrumental: boolean };

/** The request as sunoapi echoes it in `data.input` (seed 000's key order). */
function inputOf(request: MusicRequest, mode: Mode): Record<string, unknown> {
  return {
    custom_mode: mode.custom,
    gpt_description_prompt: request.description,
    make_instrumental: request.instrumental,
    prompt: request.prompt,
    title: request.title,
    continue_at: request.parent?.at ?? 0,
    continue_clip_id: request.parent?.clip.id ?? "",
    mv: request.mv,
    tags: request.tags,
  };
}

function checkLimits(request: MusicRequest): void {
  const model = modelFor(request.mv);
  if (model) {
    maxLength(request.prompt, model.lyricsMax, "prompt", `for ${request.mv}`);
    maxLength(request.tags, model.tagsMax, "tags", `for ${request.mv}`);
  }
  maxLength(request.title, TITLE_MAX, "title");
  maxLength(request.description, SUNOAPI_DESCRIPTION_MAX, "description");
}

function create(
  env: SimEnv,
  mode: Mode,
  read: (body: Body) => Omit<MusicRequest, "mv" | "instrumental" | "parent">,
) {
  return async (ctx: Ctx) => {
    const mv = mvFor(ctx);
    const body = asBody(await ctx.json());
    const request: MusicRequest = {
      ...read(body),
      mv,
      instrumental: mode.instrumental,
      parent: null,
    };
    checkLimits(request);
    created(
      ctx,
      submitMusic(env, { dialect: "sunoapi", input: inputOf(request, mode) }, request).id,
    );
  };
}

export function sunoapiRoutes(env: SimEnv): Route[] {
  const described = (body: Body) => ({
    prompt: "",
    tags: "",
    title: "",
    description: requiredText(body, "description"),
  });
  return [
    route(
      "POST",
      "/api/v2/suno/:ver/custom/create-lyrics-song",
      create(env, { custom: true, instrumental: false }, (body) => ({
        prompt: requiredText(body, "prompt"),
        tags: requiredText(body, "tags"),
        title: text(body, "title"),
        description: "",
      })),
    ),
    route(
      "POST",
      "/api/v2/suno/:ver/custom/create-pure-music",
      create(env, { custom: true, instrumental: true }, (body) => ({
        prompt: "",
        tags: requiredText(body, "tags"),
        title: text(body, "title"),
        description: "",
      })),
    ),
    route(
      "POST",
      "/api/v2/suno/:ver/random/create-lyrics-song",
      create(env, { custom: false, instrumental: false }, described),
    ),
    route(
      "POST",
      "/api/v2/suno/:ver/random/create-pure-music",
      create(env, { custom: false, instrumental: true }, described),
    ),
    route("POST", "/api/v2/suno/:ver/extend", async (ctx) => {
      // `v3.5/extend` is the one documented extend path: it names no model choice (the song
      // continues on the current one), so only other versions are refused as retired
      const mv = ctx.params.ver === "v3.5" ? (SUNOAPI_VERSIONS.v6 ?? mvFor(ctx)) : mvFor(ctx);
      const body = asBody(await ctx.json());
      const parent = resolveParent(
        env,
        requiredText(body, "continue_clip_id").trim(),
        optionalNumber(body, "continue_at"),
      );
      const request: MusicRequest = {
        mv,
        prompt: text(body, "prompt"),
        tags: text(body, "tags"),
        title: text(body, "title"),
        description: "",
        instrumental: false,
        parent,
      };
      checkLimits(request);
      const input = inputOf(request, { custom: true, instrumental: false });
      created(ctx, submitMusic(env, { dialect: "sunoapi", input }, request).id);
    }),
    route("GET", "/api/v2/suno/:ver/clip/:taskId", (ctx) => {
      mvFor(ctx, { newSong: false }); // old songs stay readable
      const task = env.faults.answers().forgetTasks
        ? undefined
        : env.store.task(ctx.params.taskId ?? "");
      if (!task || task.action !== "MUSIC") throw notFound();
      ok(ctx, sunoapiClipTask(env.views, task));
    }),
    route("POST", "/api/v1/suno/make-lyrics", async (ctx) => {
      const body = asBody(await ctx.json());
      const prompt = requiredText(body, "prompt");
      maxLength(prompt, SUNOAPI_LYRICS_PROMPT_MAX, "prompt");
      created(ctx, submitLyrics(env, { dialect: "sunoapi", input: { prompt } }, prompt).id);
    }),
    route("GET", "/api/v1/suno/get-lyrics/:taskId", (ctx) => {
      const task = env.faults.answers().forgetTasks
        ? undefined
        : env.store.task(ctx.params.taskId ?? "");
      if (!task || task.action !== "LYRICS") throw notFound();
      ok(ctx, sunoapiLyricsTask(env.views, task));
    }),
    route("POST", "/api/suno/v1/music/concat", async (ctx) => {
      const body = asBody(await ctx.json());
      const clipId = requiredText(body, "clip_id").trim();
      created(
        ctx,
        submitConcat(env, { dialect: "sunoapi", input: { clip_id: clipId } }, clipId).id,
      );
    }),
  ];
}
