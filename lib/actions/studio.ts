"use server";

// The clip page's "Edit and export" area: one action per derivative (WAV, stems, music video,
// new cover art, synced lyrics), each a priced task through lib/tasks with the form's
// idempotency key; picking one of the new cover images; and whether the clip's public link
// hands out its attachments too.
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import { pickCoverArt } from "@/lib/library/derivatives";
import { kindFromSlug } from "@/lib/media/shared";
import { setShareDownloads } from "@/lib/share/links";
import type { DerivativeOperation } from "@/lib/suno/types";
import { submitTask } from "@/lib/tasks/submit";

const derivative = z.object({
  clipId: z.string().trim().min(1).max(64),
  idempotencyKey: z.string().min(8, "This form is out of date. Reload the page and try again."),
  mode: z.enum(["two", "full"]).optional(),
});

const STARTED: Record<DerivativeOperation, string> = {
  WAV: "Making the WAV. It appears here when it is ready.",
  STEMS: "Splitting the song into stems.",
  VIDEO: "Making the music video.",
  COVER_ART: "Painting two new covers to choose from.",
  TIMED_LYRICS: "The lyrics are synced.",
  VOICE: "The voice is ready: pick it on Create or when extending a song.",
};

function derivativeAction(operation: DerivativeOperation) {
  return authedAction(derivative, async ({ clipId, idempotencyKey, mode }, { user }) => {
    const task = await submitTask({
      actor: user,
      // a derivative is paid where its clip lives (lib/tasks resolves it from the clip)
      teamId: null,
      idempotencyKey,
      input: { operation, clipId, ...(operation === "STEMS" ? { mode } : {}) },
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

export const makeWavAction = derivativeAction("WAV");
export const makeStemsAction = derivativeAction("STEMS");
export const makeVideoAction = derivativeAction("VIDEO");
export const makeCoverArtAction = derivativeAction("COVER_ART");
export const syncLyricsAction = derivativeAction("TIMED_LYRICS");

/** A voice from a 10-30 s window of the song, picked on its waveform; paid where it lives. */
export const makeVoiceAction = authedAction(
  z.looseObject({
    clipId: z.string().trim().min(1).max(64),
    idempotencyKey: z.string().min(8, "This form is out of date. Reload the page and try again."),
  }),
  async ({ clipId, idempotencyKey, ...fields }, { user }) => {
    const task = await submitTask({
      actor: user,
      teamId: null,
      idempotencyKey,
      input: { ...fields, operation: "VOICE", clipId },
    });
    revalidatePath(`/clips/${clipId}`);
    if (task.status === "FAILED")
      return { error: task.failReason ?? "The music service refused this request." };
    return { ok: true, message: STARTED.VOICE, data: { taskId: task.id } };
  },
);

export const pickCoverArtAction = authedAction(
  z.object({
    clipId: z.string().trim().min(1).max(64),
    asset: z
      .string()
      .max(80)
      .refine((slug) => kindFromSlug(slug)?.startsWith("cover:") === true, "Choose a cover."),
  }),
  async ({ clipId, asset }, { user }) => {
    await pickCoverArt({ actor: user, clipId, kind: kindFromSlug(asset)! });
    revalidatePath(`/clips/${clipId}`);
    return { ok: true, message: "This is the song's cover now." };
  },
);

export const setShareDownloadsAction = authedAction(
  z.object({
    clipId: z.string().trim().min(1).max(64),
    allow: z.enum(["true", "false"]),
  }),
  async ({ clipId, allow }, { user }) => {
    await setShareDownloads(user, clipId, allow === "true");
    revalidatePath(`/clips/${clipId}`);
    return {
      ok: true,
      message:
        allow === "true"
          ? "The public link now offers the WAV, stems and video too."
          : "The public link offers the song only.",
    };
  },
);
