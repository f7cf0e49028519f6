// REST v1: playlists (GET, keyset cursor) and a new one (POST).
import { NextResponse } from "next/server";

import { withApiToken } from "@/lib/api/v1/handler";
import { OPERATIONS } from "@/lib/api/v1/operations";
import { createPlaylistViaApi, listPlaylistsViaApi } from "@/lib/api/v1/service";

export const dynamic = "force-dynamic";

export const GET = withApiToken(OPERATIONS.listPlaylists, async ({ principal, query }) =>
  NextResponse.json(await listPlaylistsViaApi({ principal, query })),
);

export const POST = withApiToken(OPERATIONS.createPlaylist, async ({ principal, body }) =>
  NextResponse.json({ playlist: await createPlaylistViaApi({ principal, body }) }, { status: 201 }),
);
