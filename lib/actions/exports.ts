"use server";

// Background exports (lib/media/export-jobs.ts): start one (for an export too large to
// download at once) and delete one. Only the person who asked sees or deletes theirs.
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import { EXPORT_FILTERS, exportQuerySchema } from "@/lib/api/queries";
import { selectionIds } from "@/lib/library/bulk";
import { deleteExportJob, startExportJob } from "@/lib/media/export-jobs";

export const startExportAction = authedAction(
  z.object({
    /** the export route's own query (`team=…`, `playlist=…`, `ids=…`), checked by its schema */
    query: z
      .string()
      .max(200_000)
      .transform((query): Record<string, unknown> => Object.fromEntries(new URLSearchParams(query)))
      .pipe(exportQuerySchema),
  }),
  async ({ query }, { user }) => {
    // a library view's "all that match", found as the export route finds it
    const filtered = EXPORT_FILTERS.some((key) => query[key] !== undefined);
    const clipIds = query.ids ?? (filtered ? await selectionIds(user, { query }) : undefined);
    const { job, reused } = await startExportJob({
      actor: user,
      scope: { clipIds, team: query.team, playlist: query.playlist },
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
