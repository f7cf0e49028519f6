// A clip's audio, cover or video, served by Chorus itself (see lib/media/serve.ts): to
// whoever may see the clip, or to anyone holding the clip's public share token (`?share=`).
import { unauthenticated, withErrors } from "@/lib/api/handlers";
import { mediaParams, mediaQuerySchema } from "@/lib/api/queries";
import { getCurrentUser } from "@/lib/auth/session";
import { serveClipMedia, type MediaAccess } from "@/lib/media/serve";

export const dynamic = "force-dynamic";

export const GET = withErrors(
  { params: mediaParams, query: mediaQuerySchema },
  async ({ req, params, query }) => {
    let access: MediaAccess;
    if (query.share) access = { shareToken: query.share };
    else {
      const user = await getCurrentUser();
      if (!user) return unauthenticated();
      access = { actor: user };
    }
    return serveClipMedia({
      access,
      clipId: params.clipId,
      slug: params.kind,
      range: req.headers.get("range"),
      ifNoneMatch: req.headers.get("if-none-match"),
      download: query.download !== undefined,
    });
  },
);
