// REST v1: a song's audio, cover or video, served like the app's own media route (Range).
import { mediaRequest, unauthenticated } from "@/lib/api/handlers";
import { withApiToken } from "@/lib/api/v1/handler";
import { OPERATIONS } from "@/lib/api/v1/operations";
import { assertClipFileReachable } from "@/lib/api/v1/service";
import { serveClipMedia } from "@/lib/media/serve";

export const dynamic = "force-dynamic";

export const GET = withApiToken(
  OPERATIONS.getClipMedia,
  async ({ req, principal, params, query }) => {
    await assertClipFileReachable(principal, params.id);
    const request = await mediaRequest(req, { download: query.download }, principal.user);
    if (!request) return unauthenticated();
    return serveClipMedia({ ...request, clipId: params.id, slug: params.kind });
  },
);
