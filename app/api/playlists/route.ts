// The playlists one may add a song to (the card menu's and the player's "Add to playlist").
import { NextResponse } from "next/server";
import { z } from "zod";

import { withSession } from "@/lib/api/handlers";
import { playlistTargets } from "@/lib/playlists/playlists";

export const dynamic = "force-dynamic";

const query = z.object({ clip: z.string().min(1).max(64) });

export const GET = withSession({ query }, async ({ user, query }) =>
  NextResponse.json({ playlists: await playlistTargets({ actor: user, clipId: query.clip }) }),
);
