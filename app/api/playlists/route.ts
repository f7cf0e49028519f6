// The playlists one may add songs to: for one song (`?clip=`, the card menu's and the player's
// "Add to playlist"), or for a bulk selection in a library view (`?team=<slug>` or neither).
import { NextResponse } from "next/server";
import { z } from "zod";

import { withSession } from "@/lib/api/handlers";
import { editablePlaylists, playlistTargets } from "@/lib/playlists/playlists";

export const dynamic = "force-dynamic";

const query = z.object({
  clip: z.string().min(1).max(64).optional(),
  team: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, "is not a team address")
    .optional(),
});

export const GET = withSession({ query }, async ({ user, query }) =>
  NextResponse.json({
    playlists: query.clip
      ? await playlistTargets({ actor: user, clipId: query.clip })
      : (await editablePlaylists({ actor: user, teamSlug: query.team })).map((p) => ({
          ...p,
          has: false,
        })),
  }),
);
