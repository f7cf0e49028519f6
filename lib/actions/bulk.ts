"use server";

// Bulk actions on songs: the selection is a list of ids or "all that match" one library view
// (its URL query). lib/library/bulk.ts authorizes every song in the one statement that acts.
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import { BULK_MAX, bulkLike, bulkRestore, bulkTrash, type Selection } from "@/lib/library/bulk";
import { libraryQuerySchema } from "@/lib/library/query";

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
