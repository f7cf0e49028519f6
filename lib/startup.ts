// Server start (Node.js runtime): validate the environment so that a missing or wrong
// setting stops the server with a clear message instead of failing on the first request.
import "server-only";

import { EnvError, getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { setSunoCooldownStore, setSunoRequestLimiter, setSunoRequestMeter } from "@/lib/suno";
import { postgresCooldownStore } from "@/lib/tasks/cooldowns";
import { postgresRequestLimiter } from "@/lib/tasks/request-limits";
import { postgresRequestMeter } from "@/lib/tasks/request-meter";

export async function onServerStart() {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  void removeStaleTemporaryMedia();
  // a key refused on one instance rests on all of them (serverless runs many)
  setSunoCooldownStore(postgresCooldownStore());
  // and a provider's request limits (sunoapi-org: per key and per task) hold across them too
  setSunoRequestLimiter(postgresRequestLimiter());
  // and the status page counts every instance's requests, not its own
  setSunoRequestMeter(postgresRequestMeter());
  // Self-hosted: sweep on an interval. On Vercel the cron route does it (vercel.json).
  if (env.SWEEP_INTERVAL_SECONDS > 0 && !env.VERCEL) {
    startSweeper(env.SWEEP_INTERVAL_SECONDS);
    startExportWorker(Math.max(env.SWEEP_INTERVAL_SECONDS, 5));
    startImportWorker(Math.max(env.SWEEP_INTERVAL_SECONDS, 5));
    // and backups beside it (their own timer: a long backup never delays a sweep)
    startBackupWorker();
  }
}

/** Background exports (lib/media/export-jobs.ts) on their own loop: one can take an hour, and
 *  the sweeper must not wait for it. */
function startExportWorker(seconds: number) {
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      const { expireExportJobs, runExportJobs } = await import("@/lib/media/export-jobs");
      await expireExportJobs();
      await runExportJobs({ budgetMs: 60 * 60_000 });
    } catch (error) {
      log.error("background export failed", { error });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void pass(), seconds * 1000);
  timer.unref();
}

/** Imports (lib/imports/jobs.ts) on their own loop too: a big ZIP takes a while. */
function startImportWorker(seconds: number) {
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      const { expireImportJobs, runImportJobs } = await import("@/lib/imports/jobs");
      await expireImportJobs();
      await runImportJobs({ budgetMs: 60 * 60_000 });
    } catch (error) {
      log.error("import pass failed", { error });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void pass(), seconds * 1000);
  timer.unref();
}

/** Starts due backups and works them in 25-second slices, one slice at a time. */
function startBackupWorker() {
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      const { startDueBackups, workBackups } = await import("@/lib/backup/run");
      await startDueBackups();
      await workBackups({ budgetMs: 25_000 });
    } catch (error) {
      log.error("backup pass failed", { error });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void pass(), 15_000);
  timer.unref();
}

/** A kill during archiving leaves `*.tmp-*` files on local disk; each start removes old ones. */
async function removeStaleTemporaryMedia() {
  try {
    const { getMediaStorage } = await import("@/lib/media/config");
    const { LocalDiskStorage } = await import("@/lib/media/storage");
    const storage = getMediaStorage();
    if (!(storage instanceof LocalDiskStorage)) return;
    const removed = await storage.removeStaleTemporaries(60 * 60_000);
    if (removed) log.info("removed temporary media files left by interrupted writes", { removed });
  } catch (error) {
    log.warn("could not sweep temporary media files", { error });
  }
}

function startSweeper(seconds: number) {
  let running = false;
  const pass = async () => {
    if (running) return; // never overlap passes
    running = true;
    try {
      const { sweepUntilCaughtUp } = await import("@/lib/tasks/sweep");
      const { archiveUntilCaughtUp } = await import("@/lib/media/archive");
      const { emptyOldTrash } = await import("@/lib/library/clips");
      const { collectStorageGarbage } = await import("@/lib/media/garbage");
      await sweepUntilCaughtUp();
      await archiveUntilCaughtUp({ budgetMs: 30_000 });
      const { archiveDueAssets } = await import("@/lib/media/archive-assets");
      await archiveDueAssets();
      const { deliverDueWebhooks } = await import("@/lib/webhooks/outbox");
      const { webhookAllowHosts } = await import("@/lib/webhooks/endpoints");
      await deliverDueWebhooks({ allowHosts: webhookAllowHosts() });
      await emptyOldTrash();
      await collectStorageGarbage(); // after the rows are gone
      const { pruneRevokedSessions } = await import("@/lib/auth/sessions");
      if (Math.random() < 0.01) await pruneRevokedSessions();
    } catch (error) {
      log.error("sweep failed", { error });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void pass(), seconds * 1000);
  timer.unref();
}
