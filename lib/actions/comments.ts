"use server";

// Comments on a song and the notifications they make; lib/comments checks each change against
// lib/authz (who may see the song, who wrote the comment, who administers the team).
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import { createComment, deleteComment, editComment } from "@/lib/comments/comments";
import { commentFieldsSchema } from "@/lib/comments/schemas";
import { markNotificationsRead } from "@/lib/notifications/notifications";
import { requestOrigin } from "@/lib/request-origin";

const id = z.string().min(1).max(64);

export const addCommentAction = authedAction(
  commentFieldsSchema.extend({ clipId: id }),
  async ({ clipId, body, at, mentions }, { user }) => {
    const comment = await createComment({
      actor: user,
      clipId,
      body,
      atSeconds: at,
      mentionIds: mentions,
      origin: await requestOrigin(),
    });
    revalidatePath(`/clips/${clipId}`);
    return { ok: true, message: "Comment posted.", data: { commentId: comment.id } };
  },
);

export const editCommentAction = authedAction(
  commentFieldsSchema.extend({ commentId: id }),
  async ({ commentId, body, at, mentions }, { user }) => {
    await editComment({
      actor: user,
      commentId,
      body,
      atSeconds: at,
      mentionIds: mentions,
      origin: await requestOrigin(),
    });
    revalidatePath("/clips/[id]", "page");
    return { ok: true, message: "Comment saved." };
  },
);

export const deleteCommentAction = authedAction(
  z.object({ commentId: id }),
  async ({ commentId }, { user }) => {
    const { clipId } = await deleteComment({ actor: user, commentId });
    revalidatePath(`/clips/${clipId}`);
    return { ok: true, message: "Comment deleted." };
  },
);

/** One notification ("id") or all of the caller's ("all"). */
export const markNotificationsReadAction = authedAction(
  z.object({ id: z.union([z.literal("all"), id]) }),
  async ({ id }, { user }) => {
    const count = await markNotificationsRead({ actor: user, ids: id === "all" ? "all" : [id] });
    revalidatePath("/", "layout");
    return { ok: true, message: count ? "Marked as read." : "Nothing new to mark." };
  },
);
