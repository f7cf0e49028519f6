// Copies each finished clip's media (audio, both covers, video when there is one) into our
// own storage, so songs outlive the proxies' expiring links. One archiver per clip (a
// compare-and-set claim), content type and size checked, sha256 kept, retries with backoff.
import "server-only";

import { Readable } from "node:stream";

import { after } from "next/server";

import { clipsManageableBy } from "@/lib/authz";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { notifyTaskChange } from "@/lib/events/notify";
import type { MediaKind } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";
import { archiveAssetsOfTask } from "@/lib/media/archive-assets";
import { allowedMediaHosts, getMediaStorage } from "@/lib/media/config";
import { safeFetch, type SafeResponse } from "@/lib/media/safe-fetch";
import { isGenericContentType, sniff, SNIFF_BYTES, type SniffedKind } from "@/lib/media/sniff";
import type { MediaStorage } from "@/lib/media/storage";
import { enqueueWebhookEvent } from "@/lib/webhooks/outbox";

type ClipMedia = {
  id: string;
  audio_url: string | null;
  /** sunoapi-org's long-lived copy, tried when `audio_url` fails (it expires first) */
  source_audio_url: string | null;
  image_url: string | null;
  image_large_url: string | null;
  video_url: string | null;
  archive_attempts: number;
};

export const MEDIA_KINDS: {
  kind: MediaKind;
  column: keyof ClipMedia;
  type: RegExp;
  maxBytes: number;
  ext: string;
}[] = [
  { kind: "AUDIO", column: "audio_url", type: /^audio\//, maxBytes: 100_000_000, ext: "audio" },
  { kind: "IMAGE", column: "image_url", type: /^image\//, maxBytes: 20_000_000, ext: "image" },
  {
    kind: "IMAGE_LARGE",
    column: "image_large_url",
    type: /^image\//,
    maxBytes: 20_000_000,
    ext: "image-large",
  },
  { kind: "VIDEO", column: "video_url", type: /^video\//, maxBytes: 300_000_000, ext: "video" },
];

export const MAX_ATTEMPTS = 6;
/** how long a claim lasts without its archiver renewing it */
export const ARCHIVE_LEASE_SECONDS = 60;
const TIMEOUT_MS = 120_000;
/** 1 min, 5 min, 25 min, … after each failure */
export const retryDelaySeconds = (attempts: number) => 60 * 5 ** Math.max(0, attempts - 1);

export type ArchiveOptions = { storage?: MediaStorage; allowHosts?: Set<string> };

const KIND_WORD: Record<MediaKind, { noun: string; sniffed: SniffedKind }> = {
  AUDIO: { noun: "audio", sniffed: "audio" },
  IMAGE: { noun: "cover", sniffed: "image" },
  IMAGE_LARGE: { noun: "large cover", sniffed: "image" },
  VIDEO: { noun: "video", sniffed: "video" },
};

/** What a download must be: its content type, its name in messages, its sniffed kind. */
export type Wanted = { type: RegExp; noun: string; sniffed: SniffedKind };

/**
 * The content type to store a download under. A declared type must be the right kind. A
 * generic one (`application/octet-stream`) from a configured provider host is decided by the
 * file's first bytes; from anywhere else it is refused.
 */
async function mediaTypeOf(
  response: SafeResponse,
  want: Wanted,
  allowHosts: Set<string>,
): Promise<{ contentType: string; body: Readable }> {
  const { noun, sniffed: wanted } = want;
  const kindWords = wanted === "image" ? "an image" : wanted;
  if (want.type.test(response.contentType))
    return { contentType: response.contentType, body: response.body };
  const fromProvider = allowHosts.has(hostKey(new URL(response.url)));
  if (isGenericContentType(response.contentType) && fromProvider) {
    const { head, body } = await peek(response.body, SNIFF_BYTES);
    const found = sniff(head);
    if (found?.kind === wanted) return { contentType: found.contentType, body };
    body.destroy();
    throw new Error(`the ${noun} link did not serve ${kindWords}`);
  }
  response.body.destroy();
  const served = response.contentType || "no content type";
  throw new Error(`the ${noun} link served ${served}, not ${kindWords}`);
}

/**
 * One file into storage under `key`: the SSRF-safe download, the kind check, the size limit,
 * the sha256 and the store's atomic write. Throws with a reason for the row's archive_error.
 */
export async function downloadInto(
  storage: MediaStorage,
  options: {
    source: string;
    /** tried when `source` fails (an expired vendor copy answers 404); its error is not shown */
    fallback?: string | null;
    key: string;
    want: Wanted;
    maxBytes: number;
    allowHosts: Set<string>;
  },
) {
  const from = async (source: string) => {
    const response = await safeFetch(source, {
      allowHosts: options.allowHosts,
      maxBytes: options.maxBytes,
      timeoutMs: TIMEOUT_MS,
    });
    return { source, ...(await mediaTypeOf(response, options.want, options.allowHosts)) };
  };
  let found: Awaited<ReturnType<typeof from>>;
  try {
    found = await from(options.source);
  } catch (error) {
    const fallback = options.fallback;
    if (!fallback || fallback === options.source) throw error;
    log.info("archiving from the fallback link", {
      reason: error instanceof Error ? error.message : String(error),
    });
    found = await from(fallback).catch(() => Promise.reject(error));
  }
  const stored = await storage.put(options.key, found.body, { maxBytes: options.maxBytes });
  return { contentType: found.contentType, source: found.source, ...stored };
}

function hostKey(url: URL) {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return `${url.hostname.replace(/^\[|\]$/g, "")}:${port}`;
}

/** The first `bytes` of a stream, and a stream that still yields all of it. */
async function peek(stream: Readable, bytes: number): Promise<{ head: Buffer; body: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* rest() {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const body = Readable.from(rest(), { objectMode: false });
  body.on("close", () => stream.destroy());
  return { head, body };
}

/** Claims a clip that is due (or forced by its owner's retry) and archives it. */
export async function archiveClip(
  clipId: string,
  options: ArchiveOptions & { force?: boolean; leaseSeconds?: number } = {},
): Promise<"ARCHIVED" | "FAILED" | "SKIPPED"> {
  const lease = options.leaseSeconds ?? ARCHIVE_LEASE_SECONDS;
  const claimed = await db.$queryRaw<ClipMedia[]>`
    UPDATE clips SET archive_status = 'ARCHIVING', archive_attempts = archive_attempts + 1,
      next_archive_at = now() + make_interval(secs => ${lease}), updated_at = now()
    WHERE id = ${clipId} AND status = 'COMPLETE'
      AND (archive_status IN ('PENDING', 'FAILED') OR (archive_status = 'ARCHIVING'
        AND next_archive_at < now()))
      AND (${options.force ?? false}::boolean OR next_archive_at IS NULL
        OR next_archive_at <= now())
      AND (${options.force ?? false}::boolean OR archive_attempts < ${MAX_ATTEMPTS})
    RETURNING id, audio_url, source_audio_url, image_url, image_large_url, video_url,
      archive_attempts`;
  const clip = claimed[0];
  if (!clip) return "SKIPPED";
  const storage = options.storage ?? getMediaStorage();
  const allowHosts = options.allowHosts ?? allowedMediaHosts();
  // the lease is short, so a killed archiver's clip is taken up again within a minute; a live
  // one renews it while it works (a 300 MB video takes longer than one lease)
  const heartbeat = setInterval(
    () =>
      void db.$executeRaw`
        UPDATE clips SET next_archive_at = now() + make_interval(secs => ${lease})
        WHERE id = ${clipId} AND archive_status = 'ARCHIVING'
          AND archive_attempts = ${clip.archive_attempts}`.catch(() => {}),
    (lease * 1000) / 3,
  );
  heartbeat.unref();
  try {
    return await copyMedia(clip, storage, allowHosts);
  } finally {
    clearInterval(heartbeat);
  }
}

async function copyMedia(
  clip: ClipMedia,
  storage: MediaStorage,
  allowHosts: Set<string>,
): Promise<"ARCHIVED" | "FAILED"> {
  const clipId = clip.id;
  const done = new Set(
    (await db.mediaAsset.findMany({ where: { clipId }, select: { kind: true } })).map(
      (a) => a.kind,
    ),
  );

  try {
    for (const spec of MEDIA_KINDS) {
      const primary = clip[spec.column] as string | null;
      if (!primary || done.has(spec.kind)) continue;
      // an expired vendor copy (404) is fetched again from its long-lived source link
      const fallback = spec.kind === "AUDIO" ? clip.source_audio_url : null;
      const key = `clips/${clipId}/${spec.ext}`;
      const { contentType, source, ...stored } = await downloadInto(storage, {
        source: primary,
        fallback,
        key,
        want: { type: spec.type, ...KIND_WORD[spec.kind] },
        maxBytes: spec.maxBytes,
        allowHosts,
      });
      await db.mediaAsset.upsert({
        where: { clipId_kind: { clipId, kind: spec.kind } },
        create: {
          clipId,
          kind: spec.kind,
          sourceUrl: source,
          storageKey: key,
          contentType,
          byteSize: BigInt(stored.size),
          sha256: stored.sha256,
        },
        update: {
          sourceUrl: source,
          storageKey: key,
          contentType,
          byteSize: BigInt(stored.size),
          sha256: stored.sha256,
        },
      });
    }
    await db.$transaction(async (tx) => {
      const archived = await tx.clip.update({
        where: { id: clipId },
        data: {
          archiveStatus: "ARCHIVED",
          archivedAt: new Date(),
          archiveError: null,
          nextArchiveAt: null,
        },
        select: { id: true, title: true, ownerId: true, teamId: true, taskId: true },
      });
      await enqueueWebhookEvent(tx, {
        scope: { ownerId: archived.ownerId, teamId: archived.teamId },
        type: "clip.archived",
        data: { clipId: archived.id, title: archived.title, taskId: archived.taskId },
      });
      // a Create page card shows the copy's progress: it hears the news like a status change
      if (archived.taskId)
        await notifyTaskChange(tx, {
          taskId: archived.taskId,
          ownerId: archived.ownerId,
          teamId: archived.teamId,
        });
    });
    return "ARCHIVED";
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const retry = clip.archive_attempts < MAX_ATTEMPTS;
    await db.$transaction(async (tx) => {
      const failed = await tx.clip.update({
        where: { id: clipId },
        data: {
          archiveStatus: "FAILED",
          archiveError: reason,
          nextArchiveAt: retry
            ? new Date(Date.now() + retryDelaySeconds(clip.archive_attempts) * 1000)
            : null,
        },
        select: { ownerId: true, teamId: true, taskId: true },
      });
      if (failed.taskId)
        await notifyTaskChange(tx, {
          taskId: failed.taskId,
          ownerId: failed.ownerId,
          teamId: failed.teamId,
        });
    });
    log.warn("archiving failed", { clipId, reason, attempt: clip.archive_attempts });
    return "FAILED";
  }
}

/** For the sweeper: archive a bounded number of due clips, `ARCHIVE_CONCURRENCY` at a time. */
export async function archiveDueClips(
  options: ArchiveOptions & { limit?: number; concurrency?: number } = {},
) {
  const concurrency = options.concurrency ?? getEnv().ARCHIVE_CONCURRENCY;
  // an archiver that died (a kill, a timeout of its function) on a clip's last attempt leaves
  // it ARCHIVING: that clip is given up with a reason instead of being reclaimed for ever
  await db.$executeRaw`
    UPDATE clips SET archive_status = 'FAILED', next_archive_at = NULL, updated_at = now(),
      archive_error = ${`Archiving was interrupted ${MAX_ATTEMPTS} times; use Retry to try again.`}
    WHERE archive_status = 'ARCHIVING' AND next_archive_at < now()
      AND archive_attempts >= ${MAX_ATTEMPTS}`;
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM clips
    WHERE status = 'COMPLETE' AND archive_status IN ('PENDING', 'FAILED', 'ARCHIVING')
      AND next_archive_at <= now()
      AND archive_attempts < ${MAX_ATTEMPTS}
    ORDER BY next_archive_at LIMIT ${options.limit ?? 20}`;
  const results: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, due.length) }, async () => {
      while (next < due.length) results.push(await archiveClip(due[next++]!.id, options));
    }),
  );
  return {
    /** how many were due (at most the limit): fewer than the limit means caught up */
    due: due.length,
    archived: results.filter((r) => r === "ARCHIVED").length,
    failed: results.filter((r) => r === "FAILED").length,
  };
}

/** The self-hosted sweeper's archiving: batches until caught up or the time is spent. */
export async function archiveUntilCaughtUp(options: { budgetMs: number; limit?: number }) {
  const started = Date.now();
  const limit = options.limit ?? 20;
  let archived = 0;
  for (;;) {
    const pass = await archiveDueClips({ limit });
    archived += pass.archived;
    if (pass.due < limit || Date.now() - started > options.budgetMs) return archived;
  }
}

/** A task's freshly finished clips, archived now rather than at the next cron call. */
export async function archiveClipsOfTask(taskId: string, options: ArchiveOptions = {}) {
  const clips = await db.clip.findMany({
    where: { taskId, status: "COMPLETE", archiveStatus: "PENDING" },
    select: { id: true },
  });
  for (const clip of clips) await archiveClip(clip.id, options);
  return clips.length;
}

/**
 * Runs archiving once the response has gone out: `after()` keeps a serverless function alive
 * for it. Outside a request (scripts, tests, the self-hosted sweeper) it simply runs now, in
 * the background. Failures are recorded per clip and retried by the sweeper.
 */
export function archiveSoon(taskId: string, options: { onlyInRequest?: boolean } = {}) {
  const work = () =>
    Promise.all([archiveClipsOfTask(taskId), archiveAssetsOfTask(taskId)]).catch((error: unknown) =>
      log.warn("archiving right after ingest failed", { taskId, error }),
    );
  try {
    after(work);
  } catch {
    // outside a request: now, unless the caller's own loop archives anyway (`onlyInRequest`)
    if (!options.onlyInRequest) void work();
  }
}

/**
 * "Retry" on a clip whose copy failed, by someone who may manage it: archive now, whatever the
 * backoff says.
 */
export async function retryArchive({ actor, clipId }: { actor: { id: string }; clipId: string }) {
  const clip = await db.clip.findFirst({
    where: { id: clipId, ...clipsManageableBy(actor) },
    select: { id: true, archiveStatus: true },
  });
  if (!clip) throw new AppError("NOT_FOUND", "That song does not exist, or it is not yours.");
  if (clip.archiveStatus === "ARCHIVED") return "ARCHIVED" as const;
  return archiveClip(clip.id, { force: true });
}
