"use server";

// Bulk actions on songs: the selection is a list of ids or "all that match" one library view
// (its URL query). lib/library/bulk.ts authorizes every song in the one statement that acts.
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import {
  BULK_MAX,
  bulkCount,
  bulkLike,
  bulkRate,
  bulkRestore,
  bulkShare,
  bulkTag,
  bulkTrash,
  bulkUnshare,
  selectionIds,
  TAG_MAX,
  type Selection,
} from "@/lib/library/bulk";
import { libraryQuerySchema } from "@/lib/library/query";
import { bulkAddToPlaylist, bulkRemoveFromPlaylist } from "@/lib/playlists/playlists";

const idList = z
  .string()
  .max(BULK_MAX * 70, "Too many songs at once.")
  .transform((v) => v.split(",").filter(Boolean))
  .pipe(
    z
      .array(z.string().regex(/^[\w-]{1,64}$/, "is not a song"))
      .min(1, "Select at least one song.")
      .max(BULK_MAX, `Select at most ${BULK_MAX} songs.`),
  );
/** a library view's URL query ("q=rain&team=band"), checked like the library's own */
const viewQuery = z
  .string()
  .max(2000)
  .transform((v): Record<string, unknown> => Object.fromEntries(new URLSearchParams(v)))
  .pipe(libraryQuerySchema);

const selection = z
  .object({ ids: idList.optional(), query: viewQuery.optional() })
  .refine((v) => v.ids || v.query, { message: "Select songs, or all that match.", path: ["ids"] });
const toSelection = (input: z.output<typeof selection>): Selection =>
  input.ids ? { ids: input.ids } : { query: input.query! };

const summary = (done: number, verb: string, skipped: number) =>
  `${done} ${done === 1 ? "song" : "songs"} ${verb}` +
  (skipped ? `, ${skipped} you may not change (or already so).` : ".");

export const bulkTrashAction = authedAction(selection, async (input, { user }) => {
  const result = await bulkTrash({ actor: user, selection: toSelection(input) });
  revalidatePath("/trash");
  return {
    ok: true,
    message: summary(result.changed.length, "moved to the trash", result.skipped),
    // what an undo restores
    data: { changed: result.changed.join(","), count: result.changed.length },
  };
});

export const bulkRestoreAction = authedAction(
  z.object({ ids: idList }),
  async ({ ids }, { user }) => {
    const result = await bulkRestore({ actor: user, ids });
    revalidatePath("/trash");
    return { ok: true, message: summary(result.changed.length, "restored", result.skipped) };
  },
);

export const bulkLikeAction = authedAction(
  selection.and(z.object({ liked: z.enum(["true", "false"]) })),
  async (input, { user }) => {
    const liked = input.liked === "true";
    const result = await bulkLike({ actor: user, selection: toSelection(input), liked });
    return {
      ok: true,
      message: summary(result.changed.length, liked ? "liked" : "unliked", result.skipped),
    };
  },
);

const id = z.string().regex(/^[\w-]{1,64}$/, "is not an id");

/** How many songs "select all matching" selects (more than BULK_MAX: too many). */
export const bulkCountAction = authedAction(
  z.object({ query: viewQuery }),
  async ({ query }, { user }) => {
    const count = await bulkCount({ actor: user, query });
    return { ok: true, data: { count, max: BULK_MAX } };
  },
);

export const bulkRateAction = authedAction(
  selection.and(z.object({ rating: z.enum(["", "1", "2", "3", "4", "5"]) })),
  async (input, { user }) => {
    const rating = input.rating === "" ? null : Number(input.rating);
    const result = await bulkRate({ actor: user, selection: toSelection(input), rating });
    return {
      ok: true,
      message: summary(
        result.changed.length,
        rating === null ? "unrated" : `rated ${rating} ${rating === 1 ? "star" : "stars"}`,
        result.skipped,
      ),
    };
  },
);

export const bulkTagAction = authedAction(
  selection.and(
    z.object({
      tag: z
        .string()
        .trim()
        .min(1, "Name a tag.")
        .max(TAG_MAX, `Use at most ${TAG_MAX} characters.`)
        .refine((v) => !v.includes(","), "One tag at a time, without commas."),
      op: z.enum(["add", "remove"]),
    }),
  ),
  async (input, { user }) => {
    const result = await bulkTag({
      actor: user,
      selection: toSelection(input),
      tag: input.tag,
      op: input.op,
    });
    return {
      ok: true,
      message: summary(
        result.changed.length,
        input.op === "add" ? `tagged “${input.tag}”` : `no longer tagged “${input.tag}”`,
        result.skipped,
      ),
      // the undo does the opposite to exactly these songs
      data: { changed: result.changed.join(","), count: result.changed.length },
    };
  },
);

export const bulkAddToPlaylistAction = authedAction(
  selection.and(z.object({ playlistId: id })),
  async (input, { user }) => {
    const clipIds = await selectionIds(user, toSelection(input));
    const result = await bulkAddToPlaylist({ actor: user, playlistId: input.playlistId, clipIds });
    revalidatePath(`/playlists/${input.playlistId}`);
    return {
      ok: true,
      message:
        `${result.changed.length} ${result.changed.length === 1 ? "song" : "songs"} added` +
        (result.skipped ? `, ${result.skipped} already in it or not for this playlist.` : "."),
      data: { changed: result.changed.join(","), count: result.changed.length },
    };
  },
);

export const bulkRemoveFromPlaylistAction = authedAction(
  z.object({ playlistId: id, ids: idList }),
  async ({ playlistId, ids }, { user }) => {
    const count = await bulkRemoveFromPlaylist({ actor: user, playlistId, clipIds: ids });
    revalidatePath(`/playlists/${playlistId}`);
    return { ok: true, message: `${count} ${count === 1 ? "song" : "songs"} taken out again.` };
  },
);

export const bulkShareAction = authedAction(
  selection.and(z.object({ teamId: id })),
  async (input, { user }) => {
    const result = await bulkShare({
      actor: user,
      selection: toSelection(input),
      teamId: input.teamId,
    });
    return { ok: true, message: summary(result.changed.length, "shared", result.skipped) };
  },
);

export const bulkUnshareAction = authedAction(
  selection.and(z.object({ teamId: id })),
  async (input, { user }) => {
    const result = await bulkUnshare({
      actor: user,
      selection: toSelection(input),
      teamId: input.teamId,
    });
    return {
      ok: true,
      message: summary(result.changed.length, "taken out of the team", result.skipped),
    };
  },
);
