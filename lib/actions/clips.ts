"use server";

// One-click and small-form actions on a clip; lib/ checks each against lib/authz.
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import { renameClip, restoreClip, trashClip } from "@/lib/library/clips";
import { setReaction } from "@/lib/library/reactions";
import { retryArchive } from "@/lib/media/archive";
import { enableShareLink, revokeShareLinks } from "@/lib/share/links";
import { TITLE_MAX } from "@/lib/tasks/requests";
import { shareClipToTeam, unshareClip } from "@/lib/teams/shares";

const clipId = z.object({ clipId: z.string().min(1) });

export const retryArchiveAction = authedAction(clipId, async ({ clipId }, { user }) => {
  const result = await retryArchive({ actor: user, clipId });
  return result === "ARCHIVED"
    ? { ok: true, message: "A copy of this song is now kept by Chorus." }
    : { error: "Copying still failed. We will keep trying on our own." };
});

/** The actor's own like: anyone who may see the song may like it (viewers too). */
export const toggleLikeAction = authedAction(
  clipId.extend({ liked: z.enum(["true", "false"]) }),
  async ({ clipId, liked }, { user }) => {
    await setReaction({ actor: user, clipId, liked: liked === "true" });
    revalidatePath(`/clips/${clipId}`);
    return { ok: true, message: liked === "true" ? "Liked." : "Unliked." };
  },
);

/** The actor's own 1-5 rating; 0 takes it away. */
export const rateClipAction = authedAction(
  clipId.extend({ rating: z.enum(["0", "1", "2", "3", "4", "5"], "Choose 1 to 5 stars.") }),
  async ({ clipId, rating }, { user }) => {
    const stars = Number(rating);
    await setReaction({ actor: user, clipId, rating: stars === 0 ? null : stars });
    revalidatePath(`/clips/${clipId}`);
    return { ok: true, message: stars === 0 ? "Rating removed." : `Rated ${stars} of 5.` };
  },
);

export const renameClipAction = authedAction(
  clipId.extend({
    title: z
      .string()
      .trim()
      .min(1, "Give the song a title.")
      .max(TITLE_MAX, `Use at most ${TITLE_MAX} characters.`),
    tags: z.string().trim().max(1000, "Use at most 1,000 characters."),
  }),
  async ({ clipId, title, tags }, { user }) => {
    await renameClip({ actor: user, clipId, title, tags });
    revalidatePath(`/clips/${clipId}`);
    return { ok: true, message: "Saved." };
  },
);

export const trashClipAction = authedAction(clipId, async ({ clipId }, { user }) => {
  await trashClip({ actor: user, clipId });
  revalidatePath(`/clips/${clipId}`);
  return { ok: true, message: "Moved to the trash. It is deleted for good after 30 days." };
});

export const restoreClipAction = authedAction(clipId, async ({ clipId }, { user }) => {
  await restoreClip({ actor: user, clipId });
  revalidatePath(`/clips/${clipId}`);
  revalidatePath("/trash");
  return { ok: true, message: "Restored to your library." };
});

const teamShare = clipId.extend({ teamId: z.string().min(1, "Choose a team.") });

export const shareToTeamAction = authedAction(teamShare, async ({ clipId, teamId }, { user }) => {
  await shareClipToTeam(user, clipId, teamId);
  revalidatePath(`/clips/${clipId}`);
  return { ok: true, message: "Shared. The team's members can now play it; it stays yours." };
});

export const unshareFromTeamAction = authedAction(
  teamShare,
  async ({ clipId, teamId }, { user }) => {
    await unshareClip(user, clipId, teamId);
    revalidatePath(`/clips/${clipId}`);
    return { ok: true, message: "Taken out of the team." };
  },
);

export const enablePublicLinkAction = authedAction(clipId, async ({ clipId }, { user }) => {
  await enableShareLink(user, clipId);
  revalidatePath(`/clips/${clipId}`);
  return { ok: true, message: "Anyone with the link can now listen to this song." };
});

export const revokePublicLinkAction = authedAction(clipId, async ({ clipId }, { user }) => {
  await revokeShareLinks(user, clipId);
  revalidatePath(`/clips/${clipId}`);
  return { ok: true, message: "The public link no longer works." };
});
