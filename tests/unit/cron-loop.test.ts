import { describe, expect, it } from "vitest";

import { ARCHIVE_BATCH, runCron } from "@/lib/tasks/cron";
import { SWEEP_BATCH } from "@/lib/tasks/sweep";

const swept = (fetched: number) => ({ timedOut: 0, abandoned: 0, fetched, ingested: fetched });

describe("the cron loop", () => {
  it("keeps sweeping and archiving while batches come back full, then stops caught up", async () => {
    const sweeps = [SWEEP_BATCH, SWEEP_BATCH, 3];
    const archives = [ARCHIVE_BATCH, ARCHIVE_BATCH, ARCHIVE_BATCH, 5];
    let trash = 0;
    const report = await runCron({
      budgetMs: 60_000,
      steps: {
        sweep: async () => swept(sweeps.shift() ?? 0),
        archive: async () => {
          const due = archives.shift() ?? 0;
          return { due, archived: due, failed: 0 };
        },
        emptyTrash: async () => ++trash,
      },
    });
    expect(report).toMatchObject({
      passes: 4,
      caughtUp: true,
      fetched: 2 * SWEEP_BATCH + 3,
      archive: { archived: 3 * ARCHIVE_BATCH + 5, failed: 0 },
      trashEmptied: 1,
    });
  });

  it("stops when its time box is spent, even with a backlog left", async () => {
    let clock = 0;
    const report = await runCron({
      budgetMs: 30_000,
      now: () => clock,
      steps: {
        sweep: async () => swept(SWEEP_BATCH),
        archive: async () => {
          clock += 10_000; // each batch takes 10 s
          return { due: ARCHIVE_BATCH, archived: ARCHIVE_BATCH, failed: 0 };
        },
        emptyTrash: async () => 0,
      },
    });
    expect(report).toMatchObject({ passes: 3, caughtUp: false });
  });

  it("runs one pass when nothing is waiting", async () => {
    const report = await runCron({
      budgetMs: 60_000,
      steps: {
        sweep: async () => swept(0),
        archive: async () => ({ due: 0, archived: 0, failed: 0 }),
        emptyTrash: async () => 0,
      },
    });
    expect(report).toMatchObject({ passes: 1, caughtUp: true });
  });
});
