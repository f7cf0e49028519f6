// Vercel Cron (vercel.json) runs one bounded sweep per call.
import { NextResponse } from "next/server";

import { withCron } from "@/lib/api/handlers";
import { emptyOldTrash } from "@/lib/library/clips";
import { archiveDueClips } from "@/lib/media/archive";
import { collectStorageGarbage } from "@/lib/media/garbage";
import { sweep } from "@/lib/tasks/sweep";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

export const GET = withCron(async () =>
  NextResponse.json({
    ...(await sweep()),
    archive: await archiveDueClips(),
    trashEmptied: await emptyOldTrash(),
    storageGarbage: await collectStorageGarbage(), // after the rows are gone
  }),
);
