// A clip's attachment (WAV, a stem, the video, a cover image, the .lrc), served by Chorus
// itself (lib/media/serve-assets.ts): to whoever may see the clip, or with the clip's public
// share token (`?share=`) when its owner lets the link hand out downloads.
import { unauthenticated, withErrors } from "@/lib/api/handlers";
import { assetParams, mediaQuerySchema } from "@/lib/api/queries";
import { getCurrentUser } from "@/lib/auth/session";
import type { MediaAccess } from "@/lib/media/serve";
import { serveClipAsset } from "@/lib/media/serve-assets";

export const dynamic = "force-dynamic";

export const GET = withErrors(
  { params: assetParams, query: mediaQuerySchema },
  async ({ req, params, query }) => {
    let access: MediaAccess;
    if (query.share) access = { shareToken: query.share };
    else {
      const user = await getCurrentUser();
      if (!user) return unauthenticated();
      access = { actor: user };
    }
    return serveClipAsset({
      access,
      clipId: params.id,
      slug: params.asset,
      range: req.headers.get("range"),
      ifNoneMatch: req.headers.get("if-none-match"),
      download: query.download !== undefined,
    });
  },
);
