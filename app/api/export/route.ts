// The viewer's songs (or `?ids=a,b,c`) as one ZIP, streamed in constant memory with an
// exact Content-Length, so the browser's own download shows real progress.
import { Readable } from "node:stream";
import { withSession } from "@/lib/api/handlers";
import { buildExport } from "@/lib/media/export";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = withSession(async ({ req, user }) => {
  const ids = req.nextUrl.searchParams.get("ids")?.split(",").map((id) => id.trim()).filter(Boolean);
  const exported = await buildExport({ actor: user, clipIds: ids });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(exported.stream()) as ReadableStream, {
    headers: {
      "content-type": "application/zip",
      "content-length": String(exported.size),
      "content-disposition": `attachment; filename="chorus-songs-${stamp}.zip"`,
      "cache-control": "private, no-store",
    },
  });
});
