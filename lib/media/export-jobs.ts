// Exports too large for one download (issue 20, item 2). Past EXPORT_DOWNLOAD_MAX_BYTES the
// export route answers 409 and the export runs here instead: a job writes the same ZIP
// (lib/media/export.ts, constant memory) into Chorus's storage, its owner is emailed and sees
// it under Exports, and the file is kept for a day. So a 20 GB export never depends on one
// HTTP request surviving.
//
// Jobs are claimed with a lease (FOR UPDATE SKIP LOCKED), renewed while the ZIP is written. A
// worker that dies leaves the lease to expire; the next claim starts the ZIP again from the
// top (a ZIP is written in one pass; storage writes are atomic, so half a file is never seen).
// Each attempt writes under its own key, and only the attempt that still holds the job may
// finish it: a late one removes its own file. After three attempts the job fails.
import "server-only";

import { Readable } from "node:stream";

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ExportJob } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { sendMail } from "@/lib/mail";
import { getMediaStorage } from "@/lib/media/config";
import { buildExport } from "@/lib/media/export";
import { sendStored } from "@/lib/media/serve";
import type { MediaStorage } from "@/lib/media/storage";
import { publicOrigin } from "@/lib/request-origin";

export const EXPORT_KEPT_MS = 24 * 60 * 60_000;
/** queued and running exports one person may have at once */
export const EXPORT_JOBS_ACTIVE_MAX = 3;
export const EXPORT_JOB_ATTEMPTS = 3;
const LEASE_MS = 2 * 60_000;
/** how often a running job reports its progress and renews its lease */
const PROGRESS_MS = 2_000;
/** finished jobs' rows stay listed this long */
const HISTORY_MS = 30 * 24 * 60 * 60_000;

export type ExportScope = { clipIds?: string[]; team?: string; playlist?: string };

const scopeKey = (scope: ExportScope) =>
  JSON.stringify([
    scope.clipIds ? [...scope.clipIds].sort() : null,
    scope.team ?? null,
    scope.playlist ?? null,
  ]);

async function labelOf(scope: ExportScope, songs: number) {
  if (scope.clipIds) return `${songs.toLocaleString("en")} picked songs`;
  if (scope.playlist) {
    const playlist = await db.playlist.findUnique({
      where: { id: scope.playlist },
      select: { name: true },
    });
    return `Playlist ${playlist?.name ?? ""}`.trim();
  }
  if (scope.team) {
    const team = await db.team.findUnique({ where: { slug: scope.team }, select: { name: true } });
    return `Team ${team?.name ?? scope.team}`;
  }
  return "Personal library";
}

/**
 * Queues an export of what the actor may see in `scope` (checked now, as a download would be,
 * and again when it runs). The same export already queued or running is returned instead of a
 * second one.
 */
export async function startExportJob({
  actor,
  scope,
}: {
  actor: { id: string };
  scope: ExportScope;
}): Promise<{ job: ExportJob; reused: boolean }> {
  const planned = await buildExport({ actor, ...scope });
  const active = await db.exportJob.findMany({
    where: { userId: actor.id, status: { in: ["QUEUED", "RUNNING"] } },
  });
  const same = active.find((job) => scopeKey(job.scope as ExportScope) === scopeKey(scope));
  if (same) return { job: same, reused: true };
  if (active.length >= EXPORT_JOBS_ACTIVE_MAX)
    throw new AppError(
      "RATE_LIMITED",
      `You already have ${EXPORT_JOBS_ACTIVE_MAX} exports being prepared; wait for one to finish.`,
    );
  const job = await db.exportJob.create({
    data: {
      userId: actor.id,
      scope: { ...scope },
      label: await labelOf(scope, planned.songs),
      songs: planned.songs,
      totalBytes: BigInt(planned.size),
    },
  });
  return { job, reused: false };
}

export type ExportJobView = {
  id: string;
  label: string;
  status: ExportJob["status"];
  songs: number;
  totalBytes: number;
  writtenBytes: number;
  error: string | null;
  createdAt: string;
  expiresAt: string | null;
  downloadUrl: string | null;
};

/** The actor's exports, newest first (only their own). */
export async function listExportJobs({ actor }: { actor: { id: string } }) {
  const jobs = await db.exportJob.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  return jobs.map((job): ExportJobView => ({
    id: job.id,
    label: job.label,
    status: job.status,
    songs: job.songs,
    totalBytes: Number(job.totalBytes),
    writtenBytes: Number(job.writtenBytes),
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    expiresAt: job.expiresAt?.toISOString() ?? null,
    downloadUrl: job.status === "READY" ? `/api/export/jobs/${job.id}` : null,
  }));
}

/** Deletes one of the actor's exports (its file leaves storage by the table's trigger). */
export async function deleteExportJob({ actor, jobId }: { actor: { id: string }; jobId: string }) {
  const { count } = await db.exportJob.deleteMany({ where: { id: jobId, userId: actor.id } });
  if (count === 0) throw new AppError("NOT_FOUND", "That export does not exist.");
}

/** The ready ZIP, to its owner only, with Range (a 20 GB download can resume). */
export async function serveExportJob(options: {
  actor: { id: string };
  jobId: string;
  range: string | null;
  ifNoneMatch: string | null;
  storage?: MediaStorage;
}): Promise<Response> {
  const job = await db.exportJob.findFirst({
    where: {
      id: options.jobId,
      userId: options.actor.id,
      status: "READY",
      expiresAt: { gt: new Date() },
    },
  });
  if (!job?.storageKey || !job.sha256)
    return Response.json(
      { error: { code: "NOT_FOUND", message: "That export does not exist or has expired." } },
      { status: 404 },
    );
  const storage = options.storage ?? getMediaStorage();
  const size = await storage.size(job.storageKey);
  if (size === null)
    return Response.json(
      { error: { code: "NOT_FOUND", message: "That export's file is gone; start it again." } },
      { status: 404 },
    );
  const stamp = job.createdAt.toISOString().slice(0, 10);
  return sendStored({
    storage,
    stored: {
      storageKey: job.storageKey,
      contentType: "application/zip",
      sha256: job.sha256,
      size,
    },
    range: options.range,
    ifNoneMatch: options.ifNoneMatch,
    disposition: `attachment; filename="chorus-export-${stamp}-${job.id.slice(-6)}.zip"`,
  });
}

/** Claims the oldest queued job, or a running one whose worker's lease ran out. */
async function claim(now: Date): Promise<ExportJob | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE export_jobs SET status = 'RUNNING', attempts = attempts + 1,
      lease_until = ${new Date(now.getTime() + LEASE_MS)}, started_at = ${now},
      written_bytes = 0
    WHERE id = (
      SELECT id FROM export_jobs
      WHERE status = 'QUEUED' OR (status = 'RUNNING' AND lease_until < ${now})
      ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  return rows[0] ? db.exportJob.findUnique({ where: { id: rows[0].id } }) : null;
}

const message = (error: unknown) =>
  error instanceof AppError ? error.message : "The export could not be written.";

async function notify(job: ExportJob, ready: boolean) {
  const user = await db.user.findUnique({ where: { id: job.userId }, select: { email: true } });
  if (!user?.email) return;
  const link = `${publicOrigin()}/exports`;
  await sendMail({
    to: user.email,
    subject: ready ? "Your Chorus export is ready" : "Your Chorus export failed",
    text: ready
      ? `${job.label}: ${job.songs.toLocaleString("en")} songs. Download it within a day at ${link}`
      : `${job.label} could not be exported: ${job.error ?? "unknown error"}. Try again at ${link}`,
  }).catch((error: unknown) => log.warn("could not email about an export", { error }));
}

/** Writes one claimed job's ZIP; only the attempt still holding the job may finish it. */
async function runJob(job: ExportJob, storage: MediaStorage) {
  const held = { id: job.id, attempts: job.attempts, status: "RUNNING" as const };
  const key = `exports/${job.id}/${job.attempts}.zip`;
  try {
    const exported = await buildExport({
      actor: { id: job.userId },
      ...(job.scope as ExportScope),
      storage,
    });
    let written = 0;
    let reported = Date.now();
    let reporting: Promise<unknown> = Promise.resolve();
    // counted on the way into storage; an async generator, so a failing read of the ZIP (or
    // of a file in it) ends the write with that error instead of leaving it waiting
    async function* counted() {
      for await (const chunk of exported.stream() as AsyncIterable<Buffer>) {
        written += chunk.length;
        if (Date.now() - reported > PROGRESS_MS) {
          reported = Date.now();
          const at = written;
          reporting = reporting.then(() =>
            db.exportJob
              .updateMany({
                where: held,
                data: {
                  writtenBytes: BigInt(at),
                  leaseUntil: new Date(Date.now() + LEASE_MS),
                  songs: exported.songs,
                  totalBytes: BigInt(exported.size),
                },
              })
              .catch(() => undefined),
          );
        }
        yield chunk;
      }
    }
    const put = await storage.put(key, Readable.from(counted()), {
      maxBytes: exported.size + 1,
    });
    await reporting;
    if (put.size !== exported.size) throw new Error("the export's size changed while writing");
    const finished = new Date();
    const { count } = await db.exportJob.updateMany({
      where: held,
      data: {
        status: "READY",
        storageKey: key,
        sha256: put.sha256,
        songs: exported.songs,
        totalBytes: BigInt(put.size),
        writtenBytes: BigInt(put.size),
        error: null,
        leaseUntil: null,
        finishedAt: finished,
        expiresAt: new Date(finished.getTime() + EXPORT_KEPT_MS),
      },
    });
    if (count === 0) {
      await storage.remove(key); // another attempt holds it now, or it was deleted
      return "lost" as const;
    }
    await notify({ ...job, songs: exported.songs }, true);
    return "ready" as const;
  } catch (error) {
    await storage.remove(key).catch(() => undefined);
    const last = job.attempts >= EXPORT_JOB_ATTEMPTS || error instanceof AppError;
    log.warn("an export failed", { jobId: job.id, attempt: job.attempts, error });
    const { count } = await db.exportJob.updateMany({
      where: held,
      data: {
        status: last ? "FAILED" : "QUEUED",
        error: message(error),
        leaseUntil: null,
        ...(last ? { finishedAt: new Date() } : {}),
      },
    });
    if (last && count > 0) await notify({ ...job, error: message(error) }, false);
    return last ? ("failed" as const) : ("retry" as const);
  }
}

/**
 * Runs queued exports one after another until none is left or the time box is spent (a job
 * already started runs to its end; the caller's own limit, e.g. a function's maxDuration, is
 * what stops it, and its lease then lets another worker start it again).
 */
export async function runExportJobs(options: {
  budgetMs: number;
  storage?: MediaStorage;
}): Promise<{ ready: number; failed: number; retried: number }> {
  const storage = options.storage ?? getMediaStorage();
  const started = Date.now();
  const report = { ready: 0, failed: 0, retried: 0 };
  while (Date.now() - started < options.budgetMs) {
    const job = await claim(new Date());
    if (!job) break;
    const result = await runJob(job, storage);
    if (result === "ready") report.ready++;
    else if (result === "failed") report.failed++;
    else if (result === "retry") report.retried++;
  }
  return report;
}

/** A day after it was ready the file goes (by trigger, through the storage-garbage pass), and
 *  a month after, the row. */
export async function expireExportJobs(now = new Date()) {
  const { count: expired } = await db.exportJob.updateMany({
    where: { status: "READY", expiresAt: { lte: now } },
    data: { status: "EXPIRED", storageKey: null },
  });
  await db.exportJob.deleteMany({
    where: {
      status: { in: ["EXPIRED", "FAILED"] },
      createdAt: { lt: new Date(now.getTime() - HISTORY_MS) },
    },
  });
  return expired;
}
