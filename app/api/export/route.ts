// The songs of the workspace being viewed (personal, or `?team=<slug>`), a playlist's
// (`?playlist=<id>`), or `?ids=a,b,c`, as one ZIP streamed in constant memory. Its exact size
// is known up front, but Next.js 16 sends streamed route-handler bodies chunked and drops
// Content-Length, so the size travels in X-Export-Size (for a progress UI to use). Past
// EXPORT_DOWNLOAD_MAX_BYTES the answer is 409 EXPORT_TOO_LARGE: such an export runs in the
// background instead (startExportAction, lib/media/export-jobs.ts).
import { Readable } from "node:stream";

import { withSession } from "@/lib/api/handlers";
import { EXPORT_FILTERS, exportQuerySchema } from "@/lib/api/queries";
import { getEnv } from "@/lib/env";
import { selectionIds } from "@/lib/library/bulk";
import { buildExport } from "@/lib/media/export";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = withSession({ query: exportQuerySchema }, async ({ user, query }) => {
  // filters (a library view's "all that match"): the view's songs, found as the library does
  const filtered = EXPORT_FILTERS.some((key) => query[key] !== undefined);
  const clipIds = query.ids ?? (filtered ? await selectionIds(user, { query }) : undefined);
  const exported = await buildExport({
    actor: user,
    clipIds,
    team: query.team,
    playlist: query.playlist,
  });
  const limit = getEnv().EXPORT_DOWNLOAD_MAX_BYTES;
  if (exported.size > limit)
    return Response.json(
      {
        error: {
          code: "EXPORT_TOO_LARGE",
          message:
            `This export is ${(exported.size / 1e9).toFixed(1)} GB, more than one download ` +
            `carries (${(limit / 1e9).toFixed(1)} GB): Chorus prepares it in the background.`,
          size: exported.size,
          songs: exported.songs,
        },
      },
      { status: 409 },
    );
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(exported.stream()) as ReadableStream, {
    headers: {
      "content-type": "application/zip",
      "x-export-size": String(exported.size),
      "content-disposition": `attachment; filename="chorus-songs-${stamp}.zip"`,
      // no-transform: a ZIP of audio and images gains nothing from compression
      "cache-control": "private, no-store, no-transform",
    },
  });
});
