// Vercel Cron (vercel.json), or any scheduler with the bearer secret: reads queued imports
// (lib/imports/jobs.ts) within this function's time limit. A job that outlasts it loses its
// lease and a later call goes on from the files already recorded.
import { NextResponse } from "next/server";

import { withCron } from "@/lib/api/handlers";
import { expireImportJobs, runImportJobs } from "@/lib/imports/jobs";

export const dynamic = "force-dynamic";
export const maxDuration = 300;
/** no new import starts in the last minutes of the box */
const MARGIN_SECONDS = 120;

export const GET = withCron(async () =>
  NextResponse.json({
    expired: await expireImportJobs(),
    ...(await runImportJobs({ budgetMs: (maxDuration - MARGIN_SECONDS) * 1000 })),
  }),
);
