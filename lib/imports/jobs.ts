// Imports (issue 20, item 4): the upload and the job around it. The browser sends one ZIP (a
// folder is zipped in the browser first) as the body of `POST /api/imports`; it streams into
// Chorus's storage (never held in memory, at most IMPORT_MAX_BYTES) and an `import_jobs` row
// is queued. A worker (the self-hosted server's loop, or `/api/cron/imports`) claims it with a
// lease (FOR UPDATE SKIP LOCKED) and reads it (lib/imports/run.ts). So a big import never
// depends on one request staying open while thousands of songs are written.
import "server-only";

import { randomBytes } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { requireTeam } from "@/lib/authz";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { ImportJob } from "@/lib/generated/prisma/client";
import { IMPORT_JOBS_ACTIVE_MAX, type ImportJobView } from "@/lib/imports/shared";
import { log } from "@/lib/log";
import { getMediaStorage } from "@/lib/media/config";
import { TooLargeError, type MediaStorage } from "@/lib/media/storage";

const LEASE_MS = 2 * 60_000;
export const IMPORT_JOB_ATTEMPTS = 3;
/** finished jobs' rows (and their reports) stay listed this long */
const HISTORY_MS = 30 * 24 * 60 * 60_000;
/** how many files of a job's report are sent to the page */
const REPORT_FILES = 1_000;

class NotZipError extends Error {}

/** Refuses a body that does not start like a ZIP (a local file header, or an empty ZIP). */
function zipMagic() {
  let head = Buffer.alloc(0);
  let checked = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!checked) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 4) return callback();
        checked = true;
        const signature = head.readUInt32LE(0);
        if (signature !== 0x04034b50 && signature !== 0x06054b50)
          return callback(new NotZipError());
        return callback(null, head);
      }
      callback(null, chunk);
    },
    flush(callback) {
      callback(checked ? null : new NotZipError());
    },
  });
}

export type StartImportOptions = {
  actor: { id: string };
  /** a team's slug: import into that team (members and up); none: the personal library */
  team?: string;
  fileName: string;
  /** the ZIP's bytes, opened only once the checks have passed (a refused upload is never read) */
  body: () => Readable;
  /** the request's Content-Length, when it sent one */
  declaredBytes?: number;
  storage?: MediaStorage;
};

/** Stores the uploaded ZIP and queues its import. */
export async function startImport(options: StartImportOptions): Promise<ImportJobView> {
  const { actor } = options;
  const teamId = options.team
    ? (await requireTeam(actor, { slug: options.team }, "clip.create")).team.id
    : null;
  const active = await db.importJob.count({
    where: { userId: actor.id, status: { in: ["QUEUED", "RUNNING"] } },
  });
  if (active >= IMPORT_JOBS_ACTIVE_MAX)
    throw new AppError(
      "RATE_LIMITED",
      `You already have ${IMPORT_JOBS_ACTIVE_MAX} imports waiting; let one finish first.`,
    );
  const max = getEnv().IMPORT_MAX_BYTES;
  const tooLarge = () =>
    new AppError("PAYLOAD_TOO_LARGE", `An import is at most ${(max / 1e9).toFixed(1)} GB.`);
  if (options.declaredBytes !== undefined && options.declaredBytes > max) throw tooLarge();
  const storage = options.storage ?? getMediaStorage();
  const key = `imports/${randomBytes(16).toString("hex")}.zip`;
  let stored;
  try {
    // pipeline carries a failure either way: a broken upload ends the write, a refused write
    // ends the upload
    const checked = zipMagic();
    void pipeline(options.body(), checked).catch(() => undefined);
    stored = await storage.put(key, checked, { maxBytes: max });
  } catch (error) {
    await storage.remove(key).catch(() => undefined);
    if (error instanceof TooLargeError) throw tooLarge();
    if (error instanceof NotZipError)
      throw new AppError("BAD_REQUEST", "That is not a ZIP file: drop a ZIP or a folder.", {
        fieldErrors: { file: ["Choose a ZIP file or a folder."] },
      });
    throw error;
  }
  const job = await db.importJob.create({
    data: {
      userId: actor.id,
      teamId,
      fileName:
        options.fileName.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200) || "import.zip",
      storageKey: key,
      byteSize: BigInt(stored.size),
    },
    include: { team: { select: { name: true } } },
  });
  return viewOf(job, []);
}

type JobWithTeam = ImportJob & { team: { name: string } | null };

function viewOf(job: JobWithTeam, files: ImportJobView["files"]): ImportJobView {
  return {
    id: job.id,
    fileName: job.fileName,
    workspace: job.team?.name ?? "Personal library",
    status: job.status,
    layout: job.layout,
    totalFiles: job.totalFiles,
    processedFiles: job.processedFiles,
    imported: job.imported,
    duplicates: job.duplicates,
    failed: job.failed,
    playlists: job.playlists,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    files,
  };
}

/** One of the actor's imports with its report (the files that were not simply imported first). */
export async function getImportJob({ actor, jobId }: { actor: { id: string }; jobId: string }) {
  const job = await db.importJob.findFirst({
    where: { id: jobId, userId: actor.id },
    include: { team: { select: { name: true } } },
  });
  if (!job) throw new AppError("NOT_FOUND", "That import does not exist.");
  const files = await db.importFile.findMany({
    where: { jobId: job.id },
    // failures and duplicates first: they are what the report is read for
    orderBy: [{ status: "desc" }, { path: "asc" }],
    take: REPORT_FILES,
    select: { path: true, status: true, reason: true, clipId: true },
  });
  return viewOf(job, files);
}

/** The actor's imports, newest first, without their reports. */
export async function listImportJobs({ actor }: { actor: { id: string } }) {
  const jobs = await db.importJob.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: "desc" },
    take: 20,
    include: { team: { select: { name: true } } },
  });
  return jobs.map((job) => viewOf(job, []));
}

/** Claims the oldest queued job, or a running one whose worker's lease ran out. */
async function claim(now: Date): Promise<ImportJob | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE import_jobs SET status = 'RUNNING', attempts = attempts + 1,
      lease_until = ${new Date(now.getTime() + LEASE_MS)}, started_at = coalesce(started_at, ${now})
    WHERE id = (
      SELECT id FROM import_jobs
      WHERE status = 'QUEUED' OR (status = 'RUNNING' AND lease_until < ${now})
      ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  return rows[0] ? db.importJob.findUnique({ where: { id: rows[0].id } }) : null;
}

/** The hold a worker has on a job: its updates apply only while it is still this attempt's. */
export type JobHold = { id: string; attempts: number; status: "RUNNING" };

/** Renews the lease; false when another attempt holds the job now (or it was deleted). */
export async function renewLease(hold: JobHold) {
  const { count } = await db.importJob.updateMany({
    where: hold,
    data: { leaseUntil: new Date(Date.now() + LEASE_MS) },
  });
  return count > 0;
}

/** Ends a job: its ZIP leaves storage (by the table's trigger and the garbage pass). */
export async function finishJob(hold: JobHold, outcome: { error: string | null }) {
  await db.importJob.updateMany({
    where: hold,
    data: {
      status: outcome.error ? "FAILED" : "DONE",
      error: outcome.error,
      storageKey: null,
      leaseUntil: null,
      finishedAt: new Date(),
    },
  });
}

/**
 * Runs queued imports one after another until none is left or the time box is spent (a job
 * already started runs to its end; a caller's own limit stops it, and its lease then lets
 * another worker go on from the files already recorded).
 */
export async function runImportJobs(options: { budgetMs: number; storage?: MediaStorage }) {
  const { importJob } = await import("@/lib/imports/run");
  const storage = options.storage ?? getMediaStorage();
  const started = Date.now();
  const report = { done: 0, failed: 0, retried: 0 };
  while (Date.now() - started < options.budgetMs) {
    const job = await claim(new Date());
    if (!job) break;
    const hold: JobHold = { id: job.id, attempts: job.attempts, status: "RUNNING" };
    try {
      const result = await importJob(job, hold, storage);
      if (result === "failed") report.failed++;
      else if (result === "done") report.done++;
    } catch (error) {
      // a storage or database hiccup: tried again from where it stopped, three times at most
      log.warn("an import failed", { jobId: job.id, attempt: job.attempts, error });
      if (job.attempts >= IMPORT_JOB_ATTEMPTS) {
        await finishJob(hold, { error: "The import could not be finished; try again." });
        report.failed++;
      } else {
        await db.importJob.updateMany({
          where: hold,
          data: { status: "QUEUED", leaseUntil: null },
        });
        report.retried++;
      }
    }
  }
  return report;
}

/** A month after it ended, a job's row and report go. */
export async function expireImportJobs(now = new Date()) {
  const { count } = await db.importJob.deleteMany({
    where: {
      status: { in: ["DONE", "FAILED"] },
      createdAt: { lt: new Date(now.getTime() - HISTORY_MS) },
    },
  });
  return count;
}
