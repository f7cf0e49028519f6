// A background export's ZIP (lib/media/export-jobs.ts), to the person who asked for it, for a
// day after it is ready; Range lets a large download resume.
import { z } from "zod";

import { withSession } from "@/lib/api/handlers";
import { serveExportJob } from "@/lib/media/export-jobs";
import { idParam } from "@/lib/page-input";

export const dynamic = "force-dynamic";

export const GET = withSession(
  { params: z.object({ id: idParam }) },
  async ({ req, user, params }) =>
    serveExportJob({
      actor: user,
      jobId: params.id,
      range: req.headers.get("range"),
      ifNoneMatch: req.headers.get("if-none-match"),
    }),
);
