// The relay dialect (new-api / one-api aggregators, seed 001): `/suno/submit/*`, uploads and
// fetches, string `code` envelopes, task objects with NOT_START…SUCCESS statuses.
import {
  asBody,
  flag,
  httpUrl,
  maxLength,
  optionalNumber,
  requiredText,
  text,
  type Body,
} from "./fields.ts";
import { ApiError, badRequest, route, sendJson, type Ctx, type Route } from "./http.ts";
import {
  DEFAULT_MV,
  knownModels,
  modelFor,
  RELAY_DESCRIPTION_MAX,
  RELAY_LYRICS_PROMPT_MAX,
  retiredMessage,
  TITLE_MAX,
} from "./models.ts";
import type { MusicRequest } from "./plans.ts";
import {
  fetchUploadLink,
  resolveParent,
  submitConcat,
  submitLyrics,
  submitMusic,
  submitUpload,
  type SimEnv,
} from "./tasks.ts";
import { relayTask } from "./views.ts";

const ok = (ctx: Ctx, data: unknown) =>
  sendJson(ctx.res, 200, { code: "success", message: "", data });

function notifyHook(body: Body): string {
  const hook = text(body, "notify_hook").trim();
  return hook ? httpUrl(hook, "notify_hook") : "";
}

function musicRequest(env: SimEnv, body: Body): MusicRequest {
  const mv = text(body, "mv").trim() || DEFAULT_MV;
  const model = modelFor(mv);
  if (!model) throw badRequest(`mv ${mv} is not supported; use one of ${knownModels().join(", ")}`);
  if (model.retired) throw badRequest(retiredMessage(mv));
  const request: MusicRequest = {
    mv,
    prompt: text(body, "prompt"),
    tags: text(body, "tags"),
    title: text(body, "title"),
    description: text(body, "gpt_description_prompt"),
    instrumental: flag(body, "make_instrumental"),
    parent: null,
  };
  const negativeTags = text(body, "negative_tags");
  maxLength(request.prompt, model.lyricsMax, "prompt", `for ${mv}`);
  maxLength(request.tags, model.tagsMax, "tags", `for ${mv}`);
  maxLength(negativeTags, model.tagsMax, "negative_tags", `for ${mv}`);
  maxLength(request.title, TITLE_MAX, "title");
  maxLength(request.description, RELAY_DESCRIPTION_MAX, "gpt_description_prompt");
  const continueClipId = text(body, "continue_clip_id").trim();
  if (continueClipId) {
    request.parent = resolveParent(
      env,
      continueClipId,
      optionalNumber(body, "continue_at"),
      text(body, "task_id").trim(),
    );
  } else if (!request.description.trim() && !request.instrumental && !request.prompt.trim()) {
    throw badRequest("prompt is required (or gpt_description_prompt for description mode)");
  } else if (
    !request.description.trim() &&
    request.instrumental &&
    !request.tags.trim() &&
    !request.title.trim() &&
    !request.prompt.trim()
  ) {
    throw badRequest("an instrumental needs tags, a title or a gpt_description_prompt");
  }
  return request;
}

/** A task as fetches see it: none at all under the `forgetTasks` switch. */
const known = (env: SimEnv, id: string) =>
  env.faults.answers().forgetTasks ? undefined : env.store.task(id);

export function relayRoutes(env: SimEnv): Route[] {
  const origin = (body: Body) => ({
    dialect: "relay" as const,
    input: body,
    notifyHook: notifyHook(body),
  });
  return [
    route("POST", "/suno/submit/music", async (ctx) => {
      const body = asBody(await ctx.json());
      const request = musicRequest(env, body);
      ok(ctx, submitMusic(env, origin(body), request).id);
    }),
    route("POST", "/suno/submit/lyrics", async (ctx) => {
      const body = asBody(await ctx.json());
      const prompt = requiredText(body, "prompt");
      maxLength(prompt, RELAY_LYRICS_PROMPT_MAX, "prompt");
      ok(ctx, submitLyrics(env, origin(body), prompt).id);
    }),
    route("POST", "/suno/submit/concat", async (ctx) => {
      const body = asBody(await ctx.json());
      const clipId = requiredText(body, "clip_id").trim();
      if (flag(body, "is_infill"))
        throw badRequest("is_infill is not supported; send is_infill:false");
      ok(ctx, submitConcat(env, origin(body), clipId).id);
    }),
    route("POST", "/suno/uploads/audio-url", async (ctx) => {
      const body = asBody(await ctx.json());
      const url = httpUrl(requiredText(body, "url").trim(), "url");
      const fetched = env.options.fetchUploadLinks ? await fetchUploadLink(url) : undefined;
      ok(ctx, submitUpload(env, origin(body), url, fetched).id);
    }),
    route("GET", "/suno/fetch/:taskId", (ctx) => {
      const task = known(env, ctx.params.taskId ?? "");
      if (!task) throw new ApiError(404, "task_not_exist", "task_not_exist");
      ok(ctx, relayTask(env.views, task, "flat"));
    }),
    route("POST", "/suno/fetch", async (ctx) => {
      const body = asBody(await ctx.json());
      const ids = body.ids;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) {
        throw badRequest("ids must be an array of task ids");
      }
      if (ids.length > 1000) throw badRequest("at most 1000 ids per request");
      if (body.action !== undefined && typeof body.action !== "string")
        throw badRequest("action must be a string");
      // Unknown ids are silently left out, as new-api does.
      const tasks = ids.flatMap((id) => {
        const task = known(env, id);
        return task ? [relayTask(env.views, task, "raw")] : [];
      });
      ok(ctx, tasks);
    }),
  ];
}
