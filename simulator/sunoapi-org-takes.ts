// sunoapi-org's music operations that make new takes (README "Music: generate, extend,
// upload-based"), under `/org`: `replace-section` (by the clip's own ids, 6-60 s and at most
// half the track; the new take is the source with that stretch sung anew: real audio, the
// source's samples around a new part), `add-vocals` to an instrumental and `add-instrumental`
// to vocals (both by an `uploadUrl` this host handed out; their key and tempo come from the
// uploaded bytes). Each is a music task: the same record-info and staged callbacks, with its
// own `type`. The `failTakes` switch accepts them and fails the generation (code 501).
import { createHash } from "node:crypto";

import { planDuration, styleSeedOf, type AudioPlan } from "./audio.ts";
import { asBody, maxLength, optionalNumber, requiredText, text, type Body } from "./fields.ts";
import { digest, newClipId, seedAt } from "./hash.ts";
import { badRequest, route, type Ctx, type Route } from "./http.ts";
import type { MusicRequest } from "./plans.ts";
import { cannotDownload, uploadAt } from "./sunoapi-org-uploads.ts";
import { failIfSwitched, finishedClip, submitMusic, type SimEnv } from "./tasks.ts";
import type { SimClip } from "./types.ts";

type Common = {
  prefix: string;
  mvOf: (body: Body) => string;
  callbackOf: (body: Body) => string;
  created: (ctx: Ctx, taskId: string) => void;
};

const SECTION_MIN = 6;
const SECTION_MAX = 60;

/** `model` is optional on these: the current default when left out. */
const modelOf = (common: Common, body: Body) =>
  common.mvOf(text(body, "model").trim() ? body : { ...body, model: "V6" });

/** Key and tempo follow the uploaded file: its bytes seed the style. */
const styleOfUpload = (bytes: Buffer) => seedAt(createHash("sha256").update(bytes).digest(), 0);

function withStyle(clips: SimClip[], styleSeed: number): SimClip[] {
  for (const clip of clips)
    if (clip.audio.kind === "synth") clip.audio = { ...clip.audio, styleSeed };
  return clips;
}

/** The source with [start, end) sung anew: its own samples around a new part. */
function replacedClip(taskId: string, source: SimClip, start: number, end: number, body: Body) {
  const hash = digest("replace", source.id, start, end, text(body, "prompt"));
  const part: AudioPlan = {
    kind: "synth",
    styleSeed: styleSeedOf(source.audio),
    melodySeed: seedAt(hash, 4),
    instrumental: source.audio.kind === "synth" ? source.audio.instrumental : false,
    seconds: end - start,
  };
  const audio: AudioPlan = {
    kind: "concat",
    parts: [
      { plan: source.audio, seconds: start },
      { plan: part, seconds: end - start },
      { plan: source.audio, seconds: source.duration - end, from: end },
    ].filter((p) => p.seconds > 0),
  };
  return {
    id: newClipId(),
    taskId,
    index: 0,
    kind: "gen" as const,
    title: text(body, "title") || source.title,
    tags: text(body, "tags") || source.tags,
    prompt: text(body, "prompt"),
    gptDescriptionPrompt: "",
    mv: source.mv,
    duration: planDuration(audio),
    continueClipId: null,
    continueAt: null,
    history: null,
    concatHistory: null,
    audio,
    coverSeed: source.coverSeed,
    error: null,
  };
}

export function sunoapiOrgTakeRoutes(env: SimEnv, common: Common): Route[] {
  const { prefix, callbackOf, created } = common;
  return [
    route("POST", `${prefix}/api/v1/generate/replace-section`, async (ctx) => {
      const body = asBody(await ctx.json());
      const taskId = requiredText(body, "taskId").trim();
      const audioId = requiredText(body, "audioId").trim();
      const source = finishedClip(env, audioId, "audioId");
      if (source.taskId !== taskId) throw badRequest(`taskId ${taskId} did not make ${audioId}`);
      const start = optionalNumber(body, "infillStartS");
      const end = optionalNumber(body, "infillEndS");
      if (start === null || end === null)
        throw badRequest("infillStartS and infillEndS are required (seconds)");
      const long = end - start;
      if (start < 0 || end > source.duration)
        throw badRequest(`the section must lie within the audio (0-${source.duration} s)`);
      if (long < SECTION_MIN || long > SECTION_MAX)
        throw badRequest(`the section must be ${SECTION_MIN}-${SECTION_MAX} seconds long`);
      if (long > source.duration / 2)
        throw badRequest("the section may be at most half of the audio");
      const prompt = requiredText(body, "prompt");
      maxLength(prompt, 5000, "prompt");
      requiredText(body, "tags");
      requiredText(body, "title");
      // the callback is optional here (README): without one the task is followed by polling
      const hook = text(body, "callBackUrl").trim() ? callbackOf(body) : "";
      const request: MusicRequest = {
        mv: source.mv,
        prompt,
        tags: text(body, "tags"),
        title: text(body, "title"),
        description: "",
        instrumental: false,
        parent: null,
      };
      const task = submitMusic(
        env,
        { dialect: "sunoapi-org", input: body, notifyHook: hook },
        request,
      );
      task.orgType = "REPLACE_SECTION";
      if (!task.failReason) {
        task.clips = [replacedClip(task.id, source, start, end, body)];
        env.store.add(task);
      }
      created(ctx, failIfSwitched(env, task).id);
    }),
    route("POST", `${prefix}/api/v1/generate/add-vocals`, async (ctx) => {
      const body = asBody(await ctx.json());
      const upload = uploadAt(env, requiredText(body, "uploadUrl"));
      if (!upload) throw cannotDownload();
      const request: MusicRequest = {
        mv: modelOf(common, body),
        prompt: requiredText(body, "prompt"),
        tags: requiredText(body, "style"),
        title: requiredText(body, "title"),
        description: "",
        instrumental: false,
        parent: null,
      };
      maxLength(request.prompt, 5000, "prompt");
      const notifyHook = callbackOf(body);
      const task = submitMusic(env, { dialect: "sunoapi-org", input: body, notifyHook }, request);
      task.orgType = "ADD_VOCALS";
      withStyle(task.clips, styleOfUpload(upload.bytes));
      created(ctx, failIfSwitched(env, task).id);
    }),
    route("POST", `${prefix}/api/v1/generate/add-instrumental`, async (ctx) => {
      const body = asBody(await ctx.json());
      const upload = uploadAt(env, requiredText(body, "uploadUrl"));
      if (!upload) throw cannotDownload();
      const request: MusicRequest = {
        mv: modelOf(common, body),
        prompt: "",
        tags: requiredText(body, "tags"),
        title: requiredText(body, "title"),
        description: "",
        // the vocals are the upload's: the take has them, with a band under them
        instrumental: false,
        parent: null,
      };
      const notifyHook = callbackOf(body);
      const task = submitMusic(env, { dialect: "sunoapi-org", input: body, notifyHook }, request);
      task.orgType = "ADD_INSTRUMENTAL";
      withStyle(task.clips, styleOfUpload(upload.bytes));
      created(ctx, failIfSwitched(env, task).id);
    }),
  ];
}
