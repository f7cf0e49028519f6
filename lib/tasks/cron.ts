// One call of the cron route: sweep tasks and archive clips in a loop until both are caught
// up or the time box runs out (the route's maxDuration, less a margin for one more batch), so
// a busy minute's backlog is not left for the next call. Trash is emptied once per call.
import "server-only";

import { emptyOldTrash } from "@/lib/library/clips";
import { archiveDueClips } from "@/lib/media/archive";
import { archiveDueAssets } from "@/lib/media/archive-assets";
import { sweep, SWEEP_BATCH, type SweepReport } from "@/lib/tasks/sweep";
import { webhookAllowHosts } from "@/lib/webhooks/endpoints";
import { deliverDueWebhooks } from "@/lib/webhooks/outbox";

export const ARCHIVE_BATCH = 20;

export type CronSteps = {
  sweep: () => Promise<SweepReport>;
  archive: () => Promise<{ due: number; archived: number; failed: number }>;
  emptyTrash: () => Promise<number>;
};

export type CronReport = SweepReport & {
  passes: number;
  caughtUp: boolean;
  archive: { archived: number; failed: number };
  trashEmptied: number;
};

const DEFAULT_STEPS: CronSteps = {
  sweep: async () => {
    const report = await sweep({ limit: SWEEP_BATCH });
    // outgoing webhooks ride along: their outbox is drained in bounded batches too
    await deliverDueWebhooks({ allowHosts: webhookAllowHosts() });
    return report;
  },
  archive: async () => {
    const clips = await archiveDueClips({ limit: ARCHIVE_BATCH });
    const assets = await archiveDueAssets({ limit: ARCHIVE_BATCH });
    return {
      due: Math.max(clips.due, assets.due),
      archived: clips.archived + assets.archived,
      failed: clips.failed + assets.failed,
    };
  },
  emptyTrash: () => emptyOldTrash(),
};

export async function runCron(options: {
  budgetMs: number;
  now?: () => number;
  steps?: Partial<CronSteps>;
}): Promise<CronReport> {
  const now = options.now ?? Date.now;
  const steps = { ...DEFAULT_STEPS, ...options.steps };
  const started = now();
  const report: CronReport = {
    timedOut: 0,
    abandoned: 0,
    fetched: 0,
    ingested: 0,
    passes: 0,
    caughtUp: false,
    archive: { archived: 0, failed: 0 },
    trashEmptied: 0,
  };
  do {
    const swept = await steps.sweep();
    const archived = await steps.archive();
    report.passes++;
    report.timedOut += swept.timedOut;
    report.abandoned += swept.abandoned;
    report.fetched += swept.fetched;
    report.ingested += swept.ingested;
    report.archive.archived += archived.archived;
    report.archive.failed += archived.failed;
    report.caughtUp = swept.fetched < SWEEP_BATCH && archived.due < ARCHIVE_BATCH;
  } while (!report.caughtUp && now() - started < options.budgetMs);
  report.trashEmptied = await steps.emptyTrash();
  return report;
}
