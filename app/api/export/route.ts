// The songs of the workspace being viewed (personal, or `?team=<slug>`), or `?ids=a,b,c`, as
// one ZIP streamed in constant memory. Its exact size is known up front, but Next.js 16 sends
// streamed route-handler bodies chunked and drops Content-Length, so the size travels in
// X-Export-Size (for a progress UI to use).
import { Readable } from "node:stream";

import { withSession } from "@/lib/api/handlers";
import { EXPORT_FILTERS, exportQuerySchema } from "@/lib/api/queries";
import { selectionIds } from "@/lib/library/bulk";
import { buildExport } from "@/lib/media/export";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = withSession({ query: exportQuerySchema }, async ({ user, query }) => {
  // filters (a library view's "all that match"): the view's songs, found as the library does
  const filtered = EXPORT_FILTERS.some((key) => query[key] !== undefined);
  const clipIds = query.ids ?? (filtered ? await selectionIds(user, { query }) : undefined);
  const exported = await buildExport({ actor: user, clipIds, team: query.team });
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
