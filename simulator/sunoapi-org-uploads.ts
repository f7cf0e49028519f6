// sunoapi-org's file host and the two operations on a person's own recording: a multipart
// `POST /api/file-stream-upload` answers a `downloadUrl` (kept 3 days), and
// `upload-cover` / `upload-extend` take that URL as `uploadUrl`. The host is served under the
// same `/org` prefix (Chorus derives the real vendors' file hosts from their API hosts); the
// files themselves under `/media/uploads/`. A URL this host never handed out cannot be
// downloaded by the "vendor": code 451, as documented.
import { randomBytes } from "node:crypto";

import { asBody, flag, maxLength, optionalNumber, requiredText, text } from "./fields.ts";
import { ApiError, badRequest, readBody, route, send, sendJson, type Route } from "./http.ts";
import type { MusicRequest } from "./plans.ts";
import { failIfSwitched, submitMusic, type SimEnv } from "./tasks.ts";

/** The largest file the host takes here. */
export const UPLOAD_MAX_BYTES = 25 * 1024 * 1024;
const KEPT_MS = 3 * 24 * 3600_000;

type Upload = { bytes: Buffer; contentType: string; fileName: string; expiresAt: number };
const uploadsOf = new WeakMap<SimEnv["store"], Map<string, Upload>>();

function uploads(env: SimEnv): Map<string, Upload> {
  let map = uploadsOf.get(env.store);
  if (!map) uploadsOf.set(env.store, (map = new Map()));
  return map;
}

/** The upload a `downloadUrl` of this host names, if it is still kept. */
export function uploadAt(env: SimEnv, url: string): Upload | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const id = /^\/media\/uploads\/([\w-]+)\//.exec(path)?.[1];
  const found = id ? uploads(env).get(id) : undefined;
  return found && found.expiresAt > env.store.now() ? found : null;
}

export const cannotDownload = () =>
  new ApiError(451, "download_failed", "Failed to fetch the audio file from uploadUrl");

export function sunoapiOrgUploadRoutes(
  env: SimEnv,
  common: {
    prefix: string;
    mvOf: (body: Record<string, unknown>) => string;
    callbackOf: (body: Record<string, unknown>) => string;
    created: (ctx: Parameters<Route["handler"]>[0], taskId: string) => void;
  },
): Route[] {
  const { prefix, mvOf, callbackOf, created } = common;
  return [
    route("POST", `${prefix}/api/file-stream-upload`, async (ctx) => {
      const type = ctx.req.headers["content-type"] ?? "";
      if (!/^multipart\/form-data/i.test(type))
        throw badRequest("send the file as multipart/form-data");
      const raw = await readBody(ctx.req, UPLOAD_MAX_BYTES);
      const form = await new Request("http://simulator/", {
        method: "POST",
        headers: { "content-type": type },
        body: new Uint8Array(raw),
      })
        .formData()
        .catch(() => {
          throw badRequest("the multipart body could not be read");
        });
      const file = form.get("file");
      if (!(file instanceof Blob) || file.size === 0) throw badRequest("file is required");
      const uploadPath = form.get("uploadPath");
      if (typeof uploadPath !== "string" || !uploadPath.trim())
        throw badRequest("uploadPath is required");
      const named = form.get("fileName");
      const fileName =
        (typeof named === "string" && named.trim()) ||
        (file instanceof File ? file.name : "") ||
        "upload.bin";
      const id = randomBytes(12).toString("hex");
      const expiresAt = env.store.now() + KEPT_MS;
      uploads(env).set(id, {
        bytes: Buffer.from(await file.arrayBuffer()),
        contentType: file.type || "application/octet-stream",
        fileName,
        expiresAt,
      });
      const base = env.views.mediaBase();
      const downloadUrl = `${base}/media/uploads/${id}/${encodeURIComponent(fileName)}`;
      sendJson(ctx.res, 200, {
        success: true,
        code: 200,
        msg: "File uploaded successfully",
        data: {
          fileName,
          filePath: `${uploadPath.trim()}/${fileName}`,
          downloadUrl,
          fileSize: file.size,
          mimeType: file.type,
          uploadedAt: new Date(env.store.now()).toISOString(),
          expiresAt: new Date(expiresAt).toISOString(),
        },
      });
    }),
    route("POST", `${prefix}/api/v1/generate/upload-cover`, async (ctx) => {
      const body = asBody(await ctx.json());
      const mv = mvOf(body);
      const notifyHook = callbackOf(body);
      if (!uploadAt(env, requiredText(body, "uploadUrl"))) throw cannotDownload();
      if (!flag(body, "customMode")) throw badRequest("customMode must be true for a cover here");
      const instrumental = flag(body, "instrumental");
      const request: MusicRequest = {
        mv,
        prompt: instrumental ? "" : requiredText(body, "prompt"),
        tags: requiredText(body, "style"),
        title: requiredText(body, "title"),
        description: "",
        instrumental,
        parent: null,
      };
      checkLimits(request);
      const task = submitMusic(env, { dialect: "sunoapi-org", input: body, notifyHook }, request);
      task.orgType = "UPLOAD_COVER";
      // a cover is a new take: the failTakes switch fails it after accepting it
      created(ctx, failIfSwitched(env, task).id);
    }),
    route("POST", `${prefix}/api/v1/generate/upload-extend`, async (ctx) => {
      const body = asBody(await ctx.json());
      const mv = mvOf(body);
      const notifyHook = callbackOf(body);
      const upload = uploadAt(env, requiredText(body, "uploadUrl"));
      if (!upload) throw cannotDownload();
      const custom = flag(body, "defaultParamFlag");
      const continueAt = optionalNumber(body, "continueAt");
      if (custom && (continueAt === null || continueAt <= 0))
        throw badRequest("continueAt is required (seconds, above 0) with defaultParamFlag true");
      const request: MusicRequest = {
        mv,
        prompt: custom ? text(body, "prompt") : "",
        tags: custom ? requiredText(body, "style") : "",
        title: custom ? requiredText(body, "title") : upload.fileName.replace(/\.\w+$/, ""),
        description: "",
        instrumental: false,
        parent: null,
      };
      checkLimits(request);
      const task = submitMusic(env, { dialect: "sunoapi-org", input: body, notifyHook }, request);
      task.orgType = "UPLOAD_EXTEND";
      created(ctx, task.id);
    }),
  ];
}

function checkLimits(request: MusicRequest): void {
  maxLength(request.prompt, 5000, "prompt");
  maxLength(request.tags, 1000, "style");
  maxLength(request.title, 100, "title");
}

/** The files themselves, like the rest of the "CDN": no auth. */
export function uploadMediaRoutes(env: SimEnv): Route[] {
  return [
    route("GET", "/media/uploads/:id/:name", (ctx) => {
      const found = uploads(env).get(ctx.params.id ?? "");
      if (!found || found.expiresAt <= env.store.now())
        throw new ApiError(404, "not_found", "no such file");
      send(ctx.res, 200, found.bytes, found.contentType);
    }),
  ];
}
