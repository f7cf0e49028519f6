// A clip's attachment (WAV, a stem, the video, a cover image, the .lrc), served by Chorus
// itself (lib/media/serve-assets.ts): to whoever may see the clip, or with the clip's public
// share token (`?share=`) when its owner lets the link hand out downloads.
import { mediaRequest, unauthenticated, withErrors } from "@/lib/api/handlers";
import { assetParams, mediaQuerySchema } from "@/lib/api/queries";
import { serveClipAsset } from "@/lib/media/serve-assets";

export const dynamic = "force-dynamic";

export const GET = withErrors(
  { params: assetParams, query: mediaQuerySchema },
  async ({ req, params, query }) => {
    const request = await mediaRequest(req, query);
    if (!request) return unauthenticated();
    return serveClipAsset({ ...request, clipId: params.id, slug: params.asset });
  },
);
