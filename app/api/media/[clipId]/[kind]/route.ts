// A clip's audio, cover or video, served by Chorus itself (see lib/media/serve.ts).
import { withSession } from "@/lib/api/handlers";
import { serveClipMedia } from "@/lib/media/serve";

export const dynamic = "force-dynamic";

export const GET = withSession(async ({ req, user, params }) =>
  serveClipMedia({ viewerId: user.id, clipId: String(params.clipId), slug: String(params.kind), range: req.headers.get("range"), ifNoneMatch: req.headers.get("if-none-match"), download: req.nextUrl.searchParams.has("download") }),
);
