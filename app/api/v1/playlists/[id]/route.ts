// REST v1: one playlist, its details, deleting it.
import { NextResponse } from "next/server";

import { withApiToken } from "@/lib/api/v1/handler";
import { OPERATIONS } from "@/lib/api/v1/operations";
import {
  deletePlaylistViaApi,
  getPlaylistViaApi,
  updatePlaylistViaApi,
} from "@/lib/api/v1/service";

export const dynamic = "force-dynamic";

export const GET = withApiToken(OPERATIONS.getPlaylist, async ({ principal, params }) =>
  NextResponse.json({ playlist: await getPlaylistViaApi({ principal, playlistId: params.id }) }),
);

export const PATCH = withApiToken(OPERATIONS.updatePlaylist, async ({ principal, params, body }) =>
  NextResponse.json({
    playlist: await updatePlaylistViaApi({ principal, playlistId: params.id, change: body }),
  }),
);

export const DELETE = withApiToken(OPERATIONS.deletePlaylist, async ({ principal, params }) => {
  await deletePlaylistViaApi({ principal, playlistId: params.id });
  return NextResponse.json({ ok: true });
});
