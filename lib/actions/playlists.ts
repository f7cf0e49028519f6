"use server";

// Playlists: make, rename, delete; add, remove and reorder songs. lib/playlists checks each
// against lib/authz (a team's viewers edit only its collaborative playlists).
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import {
  addToPlaylist,
  createPlaylist,
  deletePlaylist,
  movePlaylistItem,
  removeFromPlaylist,
  updatePlaylist,
} from "@/lib/playlists/playlists";
import { smartRulesField } from "@/lib/playlists/rules";
import { enablePlaylistLink, revokePlaylistLinks } from "@/lib/playlists/share";
import { PLAYLIST_DESCRIPTION_MAX, PLAYLIST_NAME_MAX } from "@/lib/playlists/shared";
import { createSmartPlaylist, updateSmartRules } from "@/lib/playlists/smart";

const id = z.string().min(1).max(64);
const details = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the playlist a name.")
    .max(PLAYLIST_NAME_MAX, `Use at most ${PLAYLIST_NAME_MAX} characters.`),
  description: z
    .string()
    .trim()
    .max(PLAYLIST_DESCRIPTION_MAX, `Use at most ${PLAYLIST_DESCRIPTION_MAX} characters.`)
    .optional()
    .default(""),
  /** a checkbox: "on" when ticked, absent otherwise */
  collaborative: z.literal("on").optional(),
});

export const createPlaylistAction = authedAction(
  details.extend({ teamId: z.union([z.literal(""), id]).optional() }),
  async ({ name, description, teamId, collaborative }, { user }) => {
    const playlist = await createPlaylist({
      actor: user,
      name,
      description,
      teamId: teamId || undefined,
      collaborative: collaborative === "on",
    });
    revalidatePath("/playlists");
    return { ok: true, message: `Made the playlist ${name}.`, data: { playlistId: playlist.id } };
  },
);

export const updatePlaylistAction = authedAction(
  details.extend({ playlistId: id }),
  async ({ playlistId, name, description, collaborative }, { user }) => {
    await updatePlaylist({
      actor: user,
      playlistId,
      name,
      description,
      collaborative: collaborative === "on",
    });
    revalidatePath(`/playlists/${playlistId}`);
    return { ok: true, message: "Saved." };
  },
);

export const deletePlaylistAction = authedAction(
  z.object({ playlistId: id }),
  async ({ playlistId }, { user }) => {
    await deletePlaylist({ actor: user, playlistId });
    revalidatePath("/playlists");
    return { ok: true, message: "The playlist is deleted; its songs are not." };
  },
);

export const addToPlaylistAction = authedAction(
  z.object({ playlistId: id, clipId: id }),
  async ({ playlistId, clipId }, { user }) => {
    const result = await addToPlaylist({ actor: user, playlistId, clipId });
    revalidatePath(`/playlists/${playlistId}`);
    return {
      ok: true,
      message: result === "added" ? "Added to the playlist." : "It is in that playlist already.",
    };
  },
);

export const removeFromPlaylistAction = authedAction(
  z.object({ playlistId: id, itemId: id }),
  async ({ playlistId, itemId }, { user }) => {
    await removeFromPlaylist({ actor: user, playlistId, itemId });
    revalidatePath(`/playlists/${playlistId}`);
    return { ok: true, message: "Taken out of the playlist." };
  },
);

export const movePlaylistItemAction = authedAction(
  z.object({
    playlistId: id,
    itemId: id,
    toIndex: z.coerce.number().int("Give a place in the list.").min(0).max(10_000),
  }),
  async ({ playlistId, itemId, toIndex }, { user }) => {
    await movePlaylistItem({ actor: user, playlistId, itemId, toIndex });
    revalidatePath(`/playlists/${playlistId}`);
    return { ok: true, message: "Moved." };
  },
);

// smart playlists: rules (validated JSON) instead of songs
export const createSmartPlaylistAction = authedAction(
  details.extend({ teamId: z.union([z.literal(""), id]).optional(), rules: smartRulesField }),
  async ({ name, description, teamId, collaborative, rules }, { user }) => {
    const playlist = await createSmartPlaylist({
      actor: user,
      name,
      description,
      teamId: teamId || undefined,
      collaborative: collaborative === "on",
      rules,
    });
    revalidatePath("/playlists");
    return {
      ok: true,
      message: `Made the smart playlist ${name}.`,
      data: { playlistId: playlist.id },
    };
  },
);

export const updateSmartRulesAction = authedAction(
  z.object({ playlistId: id, rules: smartRulesField }),
  async ({ playlistId, rules }, { user }) => {
    await updateSmartRules({ actor: user, playlistId, rules });
    revalidatePath(`/playlists/${playlistId}`);
    return { ok: true, message: "Saved the rules; the songs follow them." };
  },
);

// a public link, like a song's
export const enablePlaylistLinkAction = authedAction(
  z.object({ playlistId: id }),
  async ({ playlistId }, { user }) => {
    await enablePlaylistLink(user, playlistId);
    revalidatePath(`/playlists/${playlistId}`);
    return { ok: true, message: "Anyone with the link can now listen to this playlist." };
  },
);

export const revokePlaylistLinkAction = authedAction(
  z.object({ playlistId: id }),
  async ({ playlistId }, { user }) => {
    await revokePlaylistLinks(user, playlistId);
    revalidatePath(`/playlists/${playlistId}`);
    return { ok: true, message: "The public link no longer works." };
  },
);
