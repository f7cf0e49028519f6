// Backup runs, worked in bounded slices by the background machinery (the self-hosted
// interval in lib/startup.ts, the cron route on Vercel) and never inside a page's request.
// A slice claims one RUNNING run whose lease is free (FOR UPDATE SKIP LOCKED), renews the
// lease while it works, and checks it on every write of progress; a killed worker's run is
// taken up by the next slice once its lease lapses. The phases:
//   plan   - a keyset batch of the workspace's songs at a time: each file's version goes into
//            backup_files (the destination's manifest and the run's journal);
//   copy   - every file whose written version differs from the wanted one is streamed from
//            Chorus's storage to the target (atomically, hashed on the way) and then recorded;
//            a clip's song.json goes last, listing the sha256 of its files as written;
//   verify - a sample of recorded files is read back from the target and hashed;
//   done   - the run's figures stay as its history.
// A file written but not yet recorded when the worker dies is simply written again to the
// same path (the same bytes): never a second copy, never a missing one.
import "server-only";

import { createHash, randomBytes, randomUUID } from "node:crypto";

import type { Actor } from "@/lib/authz";
import { requireBackupWorkspace, targetOf, type Workspace } from "@/lib/backup/destinations";
import {
  BACKUP_CLIP_SELECT,
  planFiles,
  SIDECAR,
  songFolder,
  type BackupClip,
} from "@/lib/backup/layout";
import { nextRunAfter, type BackupSchedule } from "@/lib/backup/shared";
import type { BackupTarget } from "@/lib/backup/targets";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { getMediaStorage } from "@/lib/media/config";
import type { MediaStorage } from "@/lib/media/storage";

export const BACKUP_LEASE_SECONDS = 60;
const PLAN_BATCH = 200;
const COPY_BATCH = 16;
const MAX_ERRORS_KEPT = 50;
const MAX_ERRORS = 200;
const VERIFY_MIN = 8;
const VERIFY_MAX = 64;

type RunRow = {
  id: string;
  destination_id: string;
  phase: string;
  plan_cursor: string | null;
};
type Lease = { runId: string; token: string; seconds: number };
type RunError = { path: string; message: string };

export type WorkOptions = {
  budgetMs: number;
  leaseSeconds?: number;
  storage?: MediaStorage;
};

/** Starts a run for every destination whose schedule is due (at most one running each). */
export async function startDueBackups(now = new Date()): Promise<number> {
  const due = await db.backupDestination.findMany({
    where: { enabled: true, nextRunAt: { lte: now } },
    orderBy: { nextRunAt: "asc" },
    take: 50,
    select: { id: true, schedule: true, hourUtc: true, weekday: true, intervalHours: true },
  });
  let started = 0;
  for (const destination of due) {
    started += await startRun(destination.id, "schedule");
    await db.backupDestination.update({
      where: { id: destination.id },
      data: {
        nextRunAt: nextRunAfter(
          { ...destination, schedule: destination.schedule as BackupSchedule },
          now,
        ),
      },
    });
  }
  return started;
}

async function startRun(destinationId: string, trigger: "schedule" | "manual") {
  return db.$executeRaw`
    INSERT INTO backup_runs (id, destination_id, trigger)
    VALUES (${randomUUID()}, ${destinationId}, ${trigger})
    ON CONFLICT (destination_id) WHERE status = 'RUNNING' DO NOTHING`;
}

/** "Run now": a run starts (the background machinery works it); one already running is kept. */
export async function requestBackupRun(options: { actor: Actor; teamId?: string }) {
  const ws = await requireBackupWorkspace(options.actor, options.teamId);
  const destination = await db.backupDestination.findFirst({
    where: ws.teamId ? { teamId: ws.teamId } : { ownerId: ws.ownerId, teamId: null },
    select: { id: true },
  });
  if (!destination) throw new AppError("NOT_FOUND", "Set a backup destination first.");
  if ((await startRun(destination.id, "manual")) === 0)
    throw new AppError("CONFLICT", "A backup is already running; it is in the history below.");
}

/** Works runs slice by slice until none is free or the time box is spent. */
export async function workBackups(
  options: WorkOptions,
): Promise<{ slices: number; finished: number }> {
  const deadline = Date.now() + options.budgetMs;
  let slices = 0;
  let finished = 0;
  while (Date.now() < deadline) {
    const lease = await claimRun(options.leaseSeconds ?? BACKUP_LEASE_SECONDS);
    if (!lease) break;
    slices++;
    if (await workRun(lease.run, lease.lease, deadline, options.storage ?? getMediaStorage()))
      finished++;
  }
  return { slices, finished };
}

async function claimRun(seconds: number): Promise<{ run: RunRow; lease: Lease } | null> {
  const token = randomBytes(12).toString("hex");
  const rows = await db.$queryRaw<RunRow[]>`
    UPDATE backup_runs SET lease_token = ${token},
      lease_until = now() + make_interval(secs => ${seconds}), slices = slices + 1
    WHERE id = (
      SELECT id FROM backup_runs
      WHERE status = 'RUNNING' AND (lease_until IS NULL OR lease_until < now())
      ORDER BY started_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, destination_id, phase, plan_cursor`;
  const run = rows[0];
  return run ? { run, lease: { runId: run.id, token, seconds } } : null;
}

/** Progress is written only while the lease is ours; false: another worker has the run. */
async function progress(lease: Lease, data: Prisma.BackupRunUpdateManyMutationInput) {
  const { count } = await db.backupRun.updateMany({
    where: { id: lease.runId, leaseToken: lease.token },
    data: { ...data, leaseUntil: new Date(Date.now() + lease.seconds * 1000) },
  });
  return count === 1;
}

/** One slice of a run, until the deadline; true when the run finished. */
async function workRun(
  run: RunRow,
  lease: Lease,
  deadline: number,
  storage: MediaStorage,
): Promise<boolean> {
  const heartbeat = setInterval(
    () => void progress(lease, {}).catch(() => {}),
    (lease.seconds * 1000) / 3,
  );
  heartbeat.unref();
  try {
    const destination = await db.backupDestination.findUnique({
      where: { id: run.destination_id },
      omit: { credentials: false },
      include: { team: { select: { slug: true } } },
    });
    if (!destination) return false; // deleted: its runs went with it
    let target: BackupTarget;
    try {
      target = await targetOf(destination);
    } catch (error) {
      await fail(lease, { path: "", message: messageOf(error) });
      return true;
    }
    // we hold the run's lease, so nothing else writes to this destination now
    await target.removeTemporaries();
    const ws: Workspace = destination.teamId
      ? { teamId: destination.teamId, ownerId: null, name: destination.team?.slug ?? "team" }
      : { teamId: null, ownerId: destination.ownerId, name: "personal" };
    let phase = run.phase;
    let cursor = run.plan_cursor;
    while (Date.now() < deadline) {
      if (phase === "plan") {
        const planned = await planBatch(destination.id, ws, cursor, storage);
        cursor = planned.cursor;
        const done = planned.count < PLAN_BATCH;
        if (done) phase = "copy";
        const ok = await progress(lease, {
          planCursor: cursor,
          phase,
          filesPlanned: { increment: planned.pending },
        });
        if (!ok) return false;
      } else if (phase === "copy") {
        const copied = await copyBatch(destination.id, ws, lease, deadline, storage, target);
        if (copied === null) return false;
        if (copied === 0) {
          phase = "verify";
          if (!(await progress(lease, { phase }))) return false;
        }
      } else if (phase === "verify") {
        await verifySample(destination.id, lease, target);
        await finish(lease);
        await target.removeTemporaries();
        return true;
      } else {
        return true;
      }
    }
    return false;
  } catch (error) {
    log.error("backup slice failed", { runId: lease.runId, error });
    await fail(lease, { path: "", message: messageOf(error) }).catch(() => {});
    return true;
  } finally {
    clearInterval(heartbeat);
    // a slice that ran out of time hands the run on at once (not after its lease lapses)
    await db.backupRun
      .updateMany({
        where: { id: lease.runId, leaseToken: lease.token, status: "RUNNING" },
        data: { leaseToken: null, leaseUntil: null },
      })
      .catch(() => {});
  }
}

function scopeOf(ws: Workspace): Prisma.ClipWhereInput {
  return {
    status: "COMPLETE",
    trashedAt: null,
    media: { some: {} },
    ...(ws.teamId
      ? { OR: [{ teamId: ws.teamId }, { teamShares: { some: { teamId: ws.teamId } } }] }
      : { ownerId: ws.ownerId!, teamId: null }),
  };
}

/** The folders already chosen for these clips at this destination. */
async function foldersOf(destinationId: string, clipIds: string[]) {
  const rows = await db.backupFile.findMany({
    where: { destinationId, clipId: { in: clipIds }, role: "sidecar" },
    select: { clipId: true, path: true },
  });
  return new Map(rows.map((r) => [r.clipId, r.path.slice(0, -SIDECAR.length - 1)]));
}

async function planBatch(
  destinationId: string,
  ws: Workspace,
  cursor: string | null,
  storage: MediaStorage,
) {
  const clips = await db.clip.findMany({
    where: { AND: [scopeOf(ws), cursor ? { id: { gt: cursor } } : {}] },
    orderBy: { id: "asc" },
    take: PLAN_BATCH,
    select: BACKUP_CLIP_SELECT,
  });
  if (clips.length === 0) return { count: 0, pending: 0, cursor };
  const folders = await foldersOf(
    destinationId,
    clips.map((c) => c.id),
  );
  const rows = clips.flatMap((clip) =>
    planFiles(clip, folders.get(clip.id) ?? songFolder(ws.name, clip), storage).map((f) => ({
      path: f.path,
      clipId: clip.id,
      role: f.role,
      version: f.version,
    })),
  );
  const records = JSON.stringify(
    rows.map((r) => ({ path: r.path, clip_id: r.clipId, role: r.role, version: r.version })),
  );
  const result = await db.$queryRaw<{ pending: number }[]>`
    WITH planned AS (
      INSERT INTO backup_files (destination_id, path, clip_id, role, wanted_version)
      SELECT ${destinationId}, p.path, p.clip_id, p.role, p.version
      FROM json_to_recordset(${records}::json)
        AS p(path text, clip_id text, role text, version text)
      ON CONFLICT (destination_id, path) DO UPDATE
        SET wanted_version = EXCLUDED.wanted_version, clip_id = EXCLUDED.clip_id,
          role = EXCLUDED.role
      RETURNING written_version IS DISTINCT FROM wanted_version AS pending)
    SELECT count(*) FILTER (WHERE pending)::int AS pending FROM planned`;
  return { count: clips.length, pending: result[0]?.pending ?? 0, cursor: clips.at(-1)!.id };
}

async function runErrors(lease: Lease): Promise<{ paths: string[]; count: number }> {
  const run = await db.backupRun.findUniqueOrThrow({
    where: { id: lease.runId },
    select: { errors: true, errorCount: true },
  });
  return { paths: (run.errors as RunError[]).map((e) => e.path), count: run.errorCount };
}

/** Copies up to a batch of pending files; the number copied or skipped (0: none left), or
 *  null when the lease was lost. */
async function copyBatch(
  destinationId: string,
  ws: Workspace,
  lease: Lease,
  deadline: number,
  storage: MediaStorage,
  target: BackupTarget,
): Promise<number | null> {
  const errors = await runErrors(lease);
  if (errors.count >= MAX_ERRORS) return 0;
  const failed = errors.paths.filter(Boolean);
  // the clip's own files first; a sidecar once none of its clip's files is left to write
  const pending = await db.$queryRaw<{ path: string; clip_id: string; role: string }[]>`
    SELECT f.path, f.clip_id, f.role FROM backup_files f
    WHERE f.destination_id = ${destinationId}
      AND f.written_version IS DISTINCT FROM f.wanted_version
      AND NOT (f.path = ANY(${failed}::text[]))
      AND (f.role <> 'sidecar' OR NOT EXISTS (
        SELECT 1 FROM backup_files o
        WHERE o.destination_id = f.destination_id AND o.clip_id = f.clip_id
          AND o.role <> 'sidecar' AND o.written_version IS DISTINCT FROM o.wanted_version))
    ORDER BY f.role = 'sidecar', f.path
    LIMIT ${COPY_BATCH}`;
  if (pending.length === 0) return 0;
  const clipIds = [...new Set(pending.map((p) => p.clip_id))];
  const clips = new Map(
    (
      await db.clip.findMany({
        where: { AND: [scopeOf(ws), { id: { in: clipIds } }] },
        select: BACKUP_CLIP_SELECT,
      })
    ).map((c) => [c.id, c]),
  );
  const folders = await foldersOf(destinationId, clipIds);
  let handled = 0;
  for (const file of pending) {
    if (Date.now() >= deadline) break;
    const clip = clips.get(file.clip_id);
    const folder = folders.get(file.clip_id);
    const spec =
      clip && folder
        ? planFiles(clip, folder, storage).find((f) => f.path === file.path)
        : undefined;
    handled++;
    if (!spec) {
      await settleGone(destinationId, file.path);
      continue;
    }
    try {
      const written = spec.role === "sidecar" ? await writtenFiles(destinationId, clip!) : {};
      const result = await target.write(file.path, spec.open(written));
      const ok = await record(lease, destinationId, file.path, spec.version, result);
      if (!ok) return null;
    } catch (error) {
      log.warn("a backup file could not be written", { path: file.path, error: messageOf(error) });
      if (!(await addError(lease, { path: file.path, message: messageOf(error) }))) return null;
    }
  }
  return handled;
}

/** The clip's files as last written (for its sidecar). */
async function writtenFiles(destinationId: string, clip: BackupClip) {
  const rows = await db.backupFile.findMany({
    where: {
      destinationId,
      clipId: clip.id,
      role: { not: "sidecar" },
      writtenVersion: { not: null },
    },
    select: { path: true, sha256: true, byteSize: true },
  });
  return Object.fromEntries(
    rows.map((r) => [r.path, { sha256: r.sha256!, bytes: Number(r.byteSize) }]),
  );
}

/** The file's source is gone (the song was trashed, the attachment removed): what was
 *  backed up stays; a file never written is forgotten. */
async function settleGone(destinationId: string, path: string) {
  await db.$executeRaw`
    DELETE FROM backup_files
    WHERE destination_id = ${destinationId} AND path = ${path} AND written_version IS NULL`;
  await db.$executeRaw`
    UPDATE backup_files SET wanted_version = written_version
    WHERE destination_id = ${destinationId} AND path = ${path}`;
}

/** The file and the run's figures in one statement (a kill cannot count one without the other). */
async function record(
  lease: Lease,
  destinationId: string,
  path: string,
  version: string,
  result: { size: number; sha256: string },
) {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH file AS (
      UPDATE backup_files SET written_version = ${version}, wanted_version = ${version},
        sha256 = ${result.sha256}, byte_size = ${result.size}, run_id = ${lease.runId},
        written_at = now()
      WHERE destination_id = ${destinationId} AND path = ${path})
    UPDATE backup_runs SET files_copied = files_copied + 1,
      bytes_copied = bytes_copied + ${result.size},
      lease_until = now() + make_interval(secs => ${lease.seconds})
    WHERE id = ${lease.runId} AND lease_token = ${lease.token}
    RETURNING id`;
  return rows.length === 1;
}

async function addError(lease: Lease, error: RunError) {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE backup_runs SET error_count = error_count + 1,
      errors = CASE WHEN jsonb_array_length(errors) < ${MAX_ERRORS_KEPT}
        THEN errors || jsonb_build_array(${JSON.stringify(error)}::jsonb) ELSE errors END
    WHERE id = ${lease.runId} AND lease_token = ${lease.token}
    RETURNING id`;
  return rows.length === 1;
}

/** Reads a sample of recorded files back from the target; a mismatch is written again by the
 *  next run (its written version is cleared) and counted as a failure of this one. */
async function verifySample(destinationId: string, lease: Lease, target: BackupTarget) {
  const total = await db.backupFile.count({
    where: { destinationId, writtenVersion: { not: null } },
  });
  const size = Math.min(total, Math.min(VERIFY_MAX, Math.max(VERIFY_MIN, Math.ceil(total / 50))));
  const sample = await db.$queryRaw<{ path: string; sha256: string }[]>`
    SELECT path, sha256 FROM backup_files
    WHERE destination_id = ${destinationId} AND written_version IS NOT NULL
    ORDER BY random() LIMIT ${size}`;
  let verified = 0;
  let failures = 0;
  for (const file of sample) {
    let actual: string | null = null;
    try {
      const hash = createHash("sha256");
      for await (const chunk of target.read(file.path)) hash.update(chunk as Buffer);
      actual = hash.digest("hex");
    } catch (error) {
      actual = `unreadable: ${messageOf(error)}`;
    }
    verified++;
    if (actual === file.sha256) continue;
    failures++;
    await db.backupFile.updateMany({
      where: { destinationId, path: file.path },
      data: { writtenVersion: null },
    });
    await addError(lease, { path: file.path, message: "the copy's sha256 does not match" });
  }
  await progress(lease, { filesVerified: verified, verifyFailures: failures });
}

async function finish(lease: Lease) {
  await db.$executeRaw`
    UPDATE backup_runs SET phase = 'done', finished_at = now(), lease_token = NULL,
      lease_until = NULL,
      status = CASE WHEN error_count > 0 OR verify_failures > 0 THEN 'FAILED' ELSE 'SUCCEEDED' END
    WHERE id = ${lease.runId} AND lease_token = ${lease.token}`;
}

async function fail(lease: Lease, error: RunError) {
  await addError(lease, error);
  await db.$executeRaw`
    UPDATE backup_runs SET phase = 'done', status = 'FAILED', finished_at = now(),
      lease_token = NULL, lease_until = NULL
    WHERE id = ${lease.runId} AND lease_token = ${lease.token}`;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
