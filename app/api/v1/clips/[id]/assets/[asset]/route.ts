// REST v1: a song's attachment (WAV, stems, video, covers, .lrc), with Range.
import { mediaRequest, unauthenticated } from "@/lib/api/handlers";
import { withApiToken } from "@/lib/api/v1/handler";
import { OPERATIONS } from "@/lib/api/v1/operations";
import { assertClipFileReachable } from "@/lib/api/v1/service";
import { serveClipAsset } from "@/lib/media/serve-assets";

export const dynamic = "force-dynamic";

export const GET = withApiToken(
  OPERATIONS.getClipAsset,
  async ({ req, principal, params, query }) => {
    await assertClipFileReachable(principal, params.id);
    const request = await mediaRequest(req, { download: query.download }, principal.user);
    if (!request) return unauthenticated();
    return serveClipAsset({ ...request, clipId: params.id, slug: params.asset });
  },
);
