// The "CDN": audio and covers for every clip, rendered on first request and kept in a small
// in-memory cache. No auth, like the real media hosts; byte ranges are honoured because
// browsers' <audio> and archivers resume with them.
import type { ServerResponse } from "node:http";

import { renderWav } from "./audio.ts";
import { COVER_LARGE_SIZE, COVER_SIZE, renderCover } from "./cover.ts";
import { derivativeMediaRoute } from "./derivatives.ts";
import { ApiError, route, send, type Route } from "./http.ts";
import type { SimEnv } from "./tasks.ts";
import type { SimClip } from "./types.ts";

const CACHE_LIMIT = 48;

/** Least-recently-used buffers; a 20 s WAV is under 1 MB, a large cover well under. */
export class MediaCache {
  private readonly entries = new Map<string, Buffer>();

  get(key: string, make: () => Buffer): Buffer {
    let value = this.entries.get(key);
    if (value) this.entries.delete(key);
    else value = make();
    this.entries.set(key, value);
    while (this.entries.size > CACHE_LIMIT) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Parses a single `bytes=` range; null when absent or not understood (serve it all). */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | null {
  const found = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!found) return null;
  const [, first = "", last = ""] = found;
  if (first === "" && last === "") return null;
  let start: number;
  let end: number;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

function serve(res: ServerResponse, bytes: Buffer, declared: string, generic = false): void {
  // object stores often label everything as a generic binary
  const contentType = generic ? "application/octet-stream" : declared;
  const headers = { "Accept-Ranges": "bytes", "Cache-Control": "public, max-age=86400" };
  const range = parseRange(res.req.headers.range, bytes.length);
  if (range === "unsatisfiable") {
    send(res, 416, "", contentType, { ...headers, "Content-Range": `bytes */${bytes.length}` });
  } else if (range) {
    const part = bytes.subarray(range.start, range.end + 1);
    send(res, 206, part, contentType, {
      ...headers,
      "Content-Range": `bytes ${range.start}-${range.end}/${bytes.length}`,
    });
  } else {
    send(res, 200, bytes, contentType, headers);
  }
}

export function mediaRoutes(env: SimEnv, cache: MediaCache): Route[] {
  const notFound = () => new ApiError(404, "not_found", "no such media");
  /** Media exist from the moment a clip streams; error clips never have any. */
  const ready = (clipId: string): SimClip => {
    const clip = env.store.clip(clipId);
    const task = clip && env.store.taskOf(clip);
    const status = clip && task ? env.store.clipStatus(task, clip) : null;
    if (!clip || (status !== "streaming" && status !== "complete")) throw notFound();
    return clip;
  };
  const audio = (clip: SimClip) => cache.get(`${clip.id}.wav`, () => renderWav(clip.audio));
  const generic = () => env.faults.answers().octetStreamMedia;
  /** the short-lived copy (no `?source=1`) past its time under `audioUrlTtlSeconds` */
  const expired = (clip: SimClip, rawUrl: string | undefined) => {
    const ttl = env.faults.audioUrlTtlSeconds();
    if (ttl === null) return false;
    if (new URL(rawUrl ?? "/", "http://simulator").searchParams.get("source") === "1") return false;
    const task = env.store.taskOf(clip);
    // a clip is complete from step index + 4 (see Store.clipStatus)
    const completeAt = task ? env.store.timeOfStep(task, clip.index + 4) : 0;
    return env.store.now() - completeAt > ttl * 1000;
  };
  return [
    derivativeMediaRoute(env, cache, (ctx, bytes, type) => serve(ctx.res, bytes, type, generic())),
    route("GET", "/media/stream/:clipId", (ctx) =>
      serve(ctx.res, audio(ready(ctx.params.clipId ?? "")), "audio/wav", generic()),
    ),
    route("GET", "/media/:file", (ctx) => {
      const found = /^(.+?)(-large)?\.(wav|png)$/.exec(ctx.params.file ?? "");
      if (!found || (found[2] && found[3] === "wav")) throw notFound();
      const [, clipId = "", large, extension] = found;
      const clip = ready(clipId);
      if (extension === "wav") {
        if (expired(clip, ctx.req.url)) throw notFound();
        return serve(ctx.res, audio(clip), "audio/wav", generic());
      }
      const size = large ? COVER_LARGE_SIZE : COVER_SIZE;
      serve(
        ctx.res,
        cache.get(`${clip.id}-${size}.png`, () => renderCover(clip.coverSeed, size)),
        "image/png",
        generic(),
      );
    }),
  ];
}
