// Vercel Cron (vercel.json), or any scheduler with the bearer secret: sweeps and archives in
// a time-boxed loop until caught up, leaving a margin before maxDuration for the last batch.
import { NextResponse } from "next/server";

import { withCron } from "@/lib/api/handlers";
import { collectStorageGarbage } from "@/lib/media/garbage";
import { runCron } from "@/lib/tasks/cron";

export const dynamic = "force-dynamic";
export const maxDuration = 60;
/** a batch (a sweep and up to 20 clips) must still fit once the box is spent */
const MARGIN_SECONDS = 20;

export const GET = withCron(async () =>
  NextResponse.json({
    ...(await runCron({ budgetMs: (maxDuration - MARGIN_SECONDS) * 1000 })),
    storageGarbage: await collectStorageGarbage(), // after the rows are gone
  }),
);
