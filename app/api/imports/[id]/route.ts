// One import's progress and report, to the person who started it (the page polls it while
// the job runs).
import { NextResponse } from "next/server";
import { z } from "zod";

import { withSession } from "@/lib/api/handlers";
import { getImportJob } from "@/lib/imports/jobs";
import { idParam } from "@/lib/page-input";

export const dynamic = "force-dynamic";

export const GET = withSession({ params: z.object({ id: idParam }) }, async ({ user, params }) =>
  NextResponse.json({ job: await getImportJob({ actor: user, jobId: params.id }) }),
);
