// Vercel Cron (vercel.json), or any scheduler with the bearer secret: starts the backups whose
// schedule is due and works running ones in leased slices until the time box is spent. A run
// of hours is many such calls; a call that dies leaves its lease to lapse and be taken up.
import { NextResponse } from "next/server";

import { withCron } from "@/lib/api/handlers";
import { startDueBackups, workBackups } from "@/lib/backup/run";

export const dynamic = "force-dynamic";
export const maxDuration = 60;
/** one file (up to a long WAV or video) must still fit once the box is spent */
const MARGIN_SECONDS = 20;

export const GET = withCron(async () => {
  const started = await startDueBackups();
  const worked = await workBackups({ budgetMs: (maxDuration - MARGIN_SECONDS) * 1000 });
  return NextResponse.json({ started, ...worked });
});
