"use server";

// New takes of a song, from its page's "Edit and export" area (issue 16): a cover, a replaced
// section picked on the waveform, vocals added to an instrumental, an instrumental added to
// vocals, and a song on a retired model brought forward. Each is a priced task through
// lib/tasks with the form's idempotency key; it belongs, and is paid, where its song is.
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import type { TakeOperation } from "@/lib/suno/types";
import { submitTask } from "@/lib/tasks/submit";

const take = z.looseObject({
  clipId: z.string().trim().min(1, "Choose a song.").max(64),
  idempotencyKey: z.string().min(8, "This form is out of date. Reload the page and try again."),
});

const STARTED: Record<TakeOperation, string> = {
  CLIP_COVER: "Making a cover. The new takes appear here when they are ready.",
  REPLACE_SECTION: "Singing the section anew. The new take appears here when it is ready.",
  ADD_VOCALS: "Adding vocals. The new takes appear here when they are ready.",
  ADD_INSTRUMENTAL: "Adding an instrumental. The new takes appear here when they are ready.",
  BRING_FORWARD: "Making this song again on the current model.",
};

function takeAction(operation: TakeOperation) {
  return authedAction(take, async ({ clipId, idempotencyKey, ...fields }, { user }) => {
    const task = await submitTask({
      actor: user,
      // a take is paid where its song lives (lib/tasks resolves it from the clip)
      teamId: null,
      idempotencyKey,
      input: { ...fields, operation, clipId },
    });
    revalidatePath(`/clips/${clipId}`);
    if (task.status === "FAILED")
      return {
        error: task.failReason ?? "The music service refused this request.",
        data: { taskId: task.id },
      };
    return { ok: true, message: STARTED[operation], data: { taskId: task.id } };
  });
}

export const coverClipAction = takeAction("CLIP_COVER");
export const replaceSectionAction = takeAction("REPLACE_SECTION");
export const addVocalsAction = takeAction("ADD_VOCALS");
export const addInstrumentalAction = takeAction("ADD_INSTRUMENTAL");
export const bringForwardAction = takeAction("BRING_FORWARD");
