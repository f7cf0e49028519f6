"use server";

// One action per operation. Each carries the form's idempotency key (a double click or a
// retried request makes one task and one charge) and the workspace; lib/tasks validates
// against the chosen model's limits and does the rest.
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import type { TaskOperation } from "@/lib/generated/prisma/enums";
import { submitTask } from "@/lib/tasks/submit";

const envelope = z.looseObject({
  idempotencyKey: z.string().min(8, "This form is out of date. Reload the page and try again."),
  teamId: z
    .string()
    .optional()
    .transform((v) => v || null),
});

const MESSAGES: Record<string, string> = {
  FAILED: "The music service refused this request; your credits were returned.",
  SUBMITTED: "Your song is on its way.",
};

function submitAction(operation: TaskOperation) {
  return authedAction(envelope, async ({ idempotencyKey, teamId, ...fields }, { user }) => {
    const task = await submitTask({
      actor: user,
      teamId,
      idempotencyKey,
      input: { ...fields, operation },
    });
    revalidatePath("/history");
    if (task.status === "FAILED")
      return { error: task.failReason ?? MESSAGES.FAILED, data: { taskId: task.id } };
    return { ok: true, message: MESSAGES.SUBMITTED, data: { taskId: task.id } };
  });
}

export const createSongAction = submitAction("CUSTOM_SONG");
export const createInstrumentalAction = submitAction("INSTRUMENTAL");
export const createFromDescriptionAction = submitAction("DESCRIPTION_SONG");
export const extendClipAction = submitAction("EXTEND");
export const makeWholeSongAction = submitAction("CONCAT");
export const uploadAudioAction = submitAction("UPLOAD_AUDIO");
export const writeLyricsAction = submitAction("LYRICS");
export const coverUploadAction = submitAction("UPLOAD_COVER");
export const extendUploadAction = submitAction("UPLOAD_EXTEND");
