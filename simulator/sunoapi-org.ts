// The sunoapi-org dialect (sunoapi.org, kie.ai, api.box), served under `/org`: `{code, msg,
// data}` envelopes in HTTP 200 whose `code` decides, camelCase `record-info` per task (no batch),
// staged snake_case callbacks (`text`, `first`, `complete`, `error`), two lyric variants, and the
// current model family (V6, V6_WILD, V6_MINI) with every older model refused as retired.
import { derivativeRoutes } from "./derivatives.ts";
import {
  asBody,
  flag,
  maxLength,
  optionalNumber,
  requiredText,
  text,
  type Body,
} from "./fields.ts";
import { ApiError, badRequest, route, sendJson, type Ctx, type Route } from "./http.ts";
import { writeLyrics } from "./lyrics.ts";
import { personaOf, personaRoutes } from "./personas.ts";
import type { MusicRequest } from "./plans.ts";
import { sunoapiOrgTakeRoutes } from "./sunoapi-org-takes.ts";
import { sunoapiOrgUploadRoutes } from "./sunoapi-org-uploads.ts";
import { resolveParent, submitLyrics, submitMusic, type SimEnv } from "./tasks.ts";
import type { SimTask } from "./types.ts";
import { orgLyricsRecord, orgMusicRecord } from "./views-org.ts";

export const ORG_PREFIX = "/org";

/** `model` → the engine name Suno reports back (README "Models in 2026"). */
export const ORG_MODELS: Readonly<Record<string, { mv: string; retired: boolean }>> = {
  V6: { mv: "chirp-hawk", retired: false },
  V6_WILD: { mv: "chirp-hawk-wild", retired: false },
  V6_MINI: { mv: "chirp-goose", retired: false },
  V5_5: { mv: "chirp-crow", retired: true },
  V5: { mv: "chirp-crow", retired: true },
  V4_5PLUS: { mv: "chirp-bluejay", retired: true },
  V4_5ALL: { mv: "chirp-auk", retired: true },
  V4_5: { mv: "chirp-auk", retired: true },
  V4: { mv: "chirp-v4", retired: true },
};
const LIMITS = { lyrics: 5000, style: 1000, title: 100, description: 500, lyricsPrompt: 200 };
/** The vendor refuses a request that names no callback. */
const CALLBACK_REQUIRED = "callBackUrl is required";

const ok = (ctx: Ctx, data: unknown) => sendJson(ctx.res, 200, { code: 200, msg: "success", data });
const created = (ctx: Ctx, task: SimTask) => ok(ctx, { taskId: task.id });

function mvOf(body: Body): string {
  const name = requiredText(body, "model").trim();
  const model = ORG_MODELS[name];
  if (!model)
    throw badRequest(`model ${name} is not supported; use one of ${Object.keys(ORG_MODELS)}`);
  if (model.retired) throw badRequest(`model ${name} has been retired; use V6, V6_WILD or V6_MINI`);
  return model.mv;
}

function callbackOf(body: Body): string {
  const url = text(body, "callBackUrl").trim();
  if (!url) throw badRequest(CALLBACK_REQUIRED);
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error();
  } catch {
    throw badRequest("callBackUrl must be an http(s) URL");
  }
  // a host that can never resolve means "no callback" (RFC 2606); anything else is called
  return /\.invalid$/i.test(new URL(url).hostname) ? "" : url;
}

function checkLimits(request: MusicRequest): void {
  maxLength(request.prompt, LIMITS.lyrics, "prompt");
  maxLength(request.tags, LIMITS.style, "style");
  maxLength(request.title, LIMITS.title, "title");
  maxLength(request.description, LIMITS.description, "prompt", "in non-custom mode");
}

/** The finer controls, as the vendor documents them: vocalGender "m"/"f", weights 0-1. */
function checkControls(body: Body): void {
  const gender = text(body, "vocalGender");
  if (gender && gender !== "m" && gender !== "f") throw badRequest("vocalGender must be m or f");
  for (const key of ["styleWeight", "weirdnessConstraint", "audioWeight"]) {
    const value = optionalNumber(body, key);
    if (value !== null && (value < 0 || value > 1))
      throw badRequest(`${key} must be between 0 and 1`);
  }
}

function generate(env: SimEnv) {
  return async (ctx: Ctx) => {
    const body = asBody(await ctx.json());
    const mv = mvOf(body);
    const notifyHook = callbackOf(body);
    const custom = flag(body, "customMode");
    const instrumental = flag(body, "instrumental");
    const request: MusicRequest = custom
      ? {
          mv,
          prompt: instrumental ? "" : requiredText(body, "prompt"),
          tags: requiredText(body, "style"),
          title: requiredText(body, "title"),
          description: "",
          instrumental,
          parent: null,
        }
      : {
          mv,
          prompt: "",
          tags: "",
          title: "",
          description: requiredText(body, "prompt"),
          instrumental,
          parent: null,
        };
    checkLimits(request);
    checkControls(body);
    personaOf(env, body); // a voice it names must exist
    created(ctx, submitMusic(env, { dialect: "sunoapi-org", input: body, notifyHook }, request));
  };
}

function extend(env: SimEnv) {
  return async (ctx: Ctx) => {
    const body = asBody(await ctx.json());
    const mv = mvOf(body);
    const notifyHook = callbackOf(body);
    const audioId = requiredText(body, "audioId").trim();
    const custom = flag(body, "defaultParamFlag");
    const source = env.store.clip(audioId);
    const at = optionalNumber(body, "continueAt") ?? source?.duration ?? null;
    const parent = resolveParent(env, audioId, at);
    const request: MusicRequest = {
      mv,
      prompt: custom ? text(body, "prompt") : "",
      tags: custom ? requiredText(body, "style") : "",
      title: custom ? requiredText(body, "title") : "",
      description: "",
      instrumental: false,
      parent,
    };
    checkLimits(request);
    personaOf(env, body);
    created(ctx, submitMusic(env, { dialect: "sunoapi-org", input: body, notifyHook }, request));
  };
}

function taskOf(env: SimEnv, ctx: Ctx, action: SimTask["action"]): SimTask {
  const url = new URL(ctx.req.url ?? "/", "http://simulator");
  const id = url.searchParams.get("taskId") ?? "";
  const task = env.store.task(id);
  if (!task || task.dialect !== "sunoapi-org" || task.action !== action)
    throw new ApiError(404, "task_not_exist", "record not found");
  return task;
}

export function sunoapiOrgRoutes(env: SimEnv): Route[] {
  const at = (path: string) => `${ORG_PREFIX}${path}`;
  return [
    route("POST", at("/api/v1/generate"), generate(env)),
    route("POST", at("/api/v1/generate/extend"), extend(env)),
    route("GET", at("/api/v1/generate/record-info"), (ctx) =>
      ok(ctx, orgMusicRecord(env.views, taskOf(env, ctx, "MUSIC"))),
    ),
    route("POST", at("/api/v1/lyrics"), async (ctx) => {
      const body = asBody(await ctx.json());
      const prompt = requiredText(body, "prompt");
      maxLength(prompt, LIMITS.lyricsPrompt, "prompt");
      const notifyHook = callbackOf(body);
      const task = submitLyrics(env, { dialect: "sunoapi-org", input: body, notifyHook }, prompt);
      // two variants per task: the second is written from the same prompt, told apart
      if (task.lyrics) task.lyricsVariants = [task.lyrics, writeLyrics(`${prompt} (another take)`)];
      created(ctx, task);
    }),
    route("GET", at("/api/v1/lyrics/record-info"), (ctx) =>
      ok(ctx, orgLyricsRecord(env.views, taskOf(env, ctx, "LYRICS"))),
    ),
    route("GET", at("/api/v1/generate/credit"), (ctx) => ok(ctx, 4200)),
    ...derivativeRoutes(env, at),
    ...personaRoutes(env, at),
    ...sunoapiOrgUploadRoutes(env, {
      prefix: ORG_PREFIX,
      mvOf,
      callbackOf,
      created: (ctx, taskId) => ok(ctx, { taskId }),
    }),
    ...sunoapiOrgTakeRoutes(env, {
      prefix: ORG_PREFIX,
      mvOf,
      callbackOf,
      created: (ctx, taskId) => ok(ctx, { taskId }),
    }),
  ];
}
