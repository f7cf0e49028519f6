// REST v1: add a song at the end of a playlist.
import { NextResponse } from "next/server";

import { withApiToken } from "@/lib/api/v1/handler";
import { OPERATIONS } from "@/lib/api/v1/operations";
import { addPlaylistItemViaApi } from "@/lib/api/v1/service";

export const dynamic = "force-dynamic";

export const POST = withApiToken(OPERATIONS.addPlaylistItem, async ({ principal, params, body }) =>
  NextResponse.json({
    playlist: await addPlaylistItemViaApi({
      principal,
      playlistId: params.id,
      clipId: body.clipId,
    }),
  }),
);
