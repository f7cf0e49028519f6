// A clip's audio, cover or video, served by Chorus itself (see lib/media/serve.ts): to
// whoever may see the clip, or to anyone holding the clip's public share token (`?share=`).
import { mediaRequest, unauthenticated, withErrors } from "@/lib/api/handlers";
import { mediaParams, mediaQuerySchema } from "@/lib/api/queries";
import { serveClipMedia } from "@/lib/media/serve";

export const dynamic = "force-dynamic";

export const GET = withErrors(
  { params: mediaParams, query: mediaQuerySchema },
  async ({ req, params, query }) => {
    const request = await mediaRequest(req, query);
    if (!request) return unauthenticated();
    return serveClipMedia({ ...request, clipId: params.clipId, slug: params.kind });
  },
);
