"use server";

// Background exports (lib/media/export-jobs.ts): start one (for an export too large to
// download at once) and delete one. Only the person who asked sees or deletes theirs.
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import { exportQuerySchema } from "@/lib/api/queries";
import { deleteExportJob, startExportJob } from "@/lib/media/export-jobs";

export const startExportAction = authedAction(
  z.object({
    /** the export route's own query (`team=…`, `playlist=…`, `ids=…`), checked by its schema */
    query: z
      .string()
      .max(200_000)
      .transform((query) => Object.fromEntries(new URLSearchParams(query)))
      .pipe(exportQuerySchema),
  }),
  async ({ query }, { user }) => {
    const { job, reused } = await startExportJob({
      actor: user,
      scope: { clipIds: query.ids, team: query.team, playlist: query.playlist },
    });
    revalidatePath("/exports");
    return {
      ok: true,
      message: reused
        ? "This export is already being prepared."
        : `Preparing ${job.label} (${job.songs.toLocaleString("en")} songs) in the background.`,
      data: { jobId: job.id },
    };
  },
);

export const deleteExportAction = authedAction(
  z.object({ jobId: z.string().min(1).max(64) }),
  async ({ jobId }, { user }) => {
    await deleteExportJob({ actor: user, jobId });
    revalidatePath("/exports");
    return { ok: true, message: "Deleted the export." };
  },
);
