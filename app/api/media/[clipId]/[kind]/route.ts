// A clip's audio, cover or video, served by Chorus itself (see lib/media/serve.ts): to
// whoever may see the clip, or to anyone holding the clip's public share token (`?share=`).
import type { NextRequest } from "next/server";

import { unauthenticated, withErrors } from "@/lib/api/handlers";
import { getCurrentUser } from "@/lib/auth/session";
import { serveClipMedia, type MediaAccess } from "@/lib/media/serve";

export const dynamic = "force-dynamic";

export const GET = withErrors(
  async ({ req, params }: { req: NextRequest; params: Record<string, string | string[]> }) => {
    const shareToken = req.nextUrl.searchParams.get("share");
    let access: MediaAccess;
    if (shareToken) access = { shareToken };
    else {
      const user = await getCurrentUser();
      if (!user) return unauthenticated();
      access = { actor: user };
    }
    return serveClipMedia({
      access,
      clipId: String(params.clipId),
      slug: String(params.kind),
      range: req.headers.get("range"),
      ifNoneMatch: req.headers.get("if-none-match"),
      download: req.nextUrl.searchParams.has("download"),
    });
  },
);
