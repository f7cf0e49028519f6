"use server";
// One-click actions on a clip.
import { z } from "zod";
import { authedAction } from "@/lib/actions/safe-action";
import { retryArchive } from "@/lib/media/archive";

export const retryArchiveAction = authedAction(z.object({ clipId: z.string().min(1) }), async ({ clipId }, { user }) => {
  const result = await retryArchive({ actor: user, clipId });
  return result === "ARCHIVED" ? { ok: true, message: "A copy of this song is now kept by Chorus." } : { error: "Copying still failed. We will keep trying on our own." };
});
