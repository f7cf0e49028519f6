// Vercel Cron (vercel.json), or any scheduler with the bearer secret: runs queued background
// exports (lib/media/export-jobs.ts) within this function's time limit and expires day-old
// ones. An export that outlasts maxDuration loses its lease and is started again by a later
// call, three times at most: on such platforms very large exports need a self-hosted worker
// (docs/ARCHITECTURE.md, "Background exports").
import { NextResponse } from "next/server";

import { withCron } from "@/lib/api/handlers";
import { expireExportJobs, runExportJobs } from "@/lib/media/export-jobs";

export const dynamic = "force-dynamic";
export const maxDuration = 300;
/** no new export starts in the last minutes of the box */
const MARGIN_SECONDS = 120;

export const GET = withCron(async () =>
  NextResponse.json({
    expired: await expireExportJobs(),
    ...(await runExportJobs({ budgetMs: (maxDuration - MARGIN_SECONDS) * 1000 })),
  }),
);
