// The rules of derivatives of a finished clip (issue 16) that a submit needs: what may be made
// now (nothing twice, no synced lyrics for an instrumental), checked before any charge; and
// the 409 "already exists" of a WAV, answered by fetching the record the provider already has.
import "server-only";

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { archiveAssetsSoon } from "@/lib/media/archive-assets";
import { isUpstreamError, type SunoClient } from "@/lib/suno";
import { attachAssets } from "@/lib/tasks/assets";
import { finishUnsuccessfully } from "@/lib/tasks/finish";
import type { TaskRequest } from "@/lib/tasks/requests";
import { PENDING_TASK_STATUSES } from "@/lib/tasks/status";
import type { SourceClip } from "@/lib/tasks/submit";

const TWO_STEMS = ["stem:vocals", "stem:instrumental"];

const ALREADY: Record<string, string> = {
  WAV: "This song already has a WAV: download it under Edit and export.",
  VIDEO: "This song already has a music video.",
  TIMED_LYRICS: "This song's lyrics are already synced.",
  STEMS: "This song already has these stems.",
  VOICE: "This song already has a voice: pick it on Create or when extending.",
};

/** Refuses, before anything is charged, what cannot or need not be made. */
export async function assertDerivativeAllowed(
  request: TaskRequest,
  clip: { id: string; isInstrumental: boolean; duration?: number | null },
) {
  const refuse = (message: string) =>
    new AppError("BAD_REQUEST", message, { fieldErrors: { clipId: [message] } });
  if (request.operation === "TIMED_LYRICS" && clip.isInstrumental)
    throw refuse("An instrumental has no words to sync.");
  if (request.operation === "VOICE" && clip.isInstrumental)
    throw refuse("An instrumental has no voice to take.");
  if (request.operation === "VOICE") {
    const duration = clip.duration ?? 0;
    if (request.endS > duration + 0.01)
      throw new AppError("BAD_REQUEST", "Check the highlighted fields.", {
        fieldErrors: { endS: [`Pick a window within the song (0 to ${Math.floor(duration)} s).`] },
      });
  }
  const running = await db.task.count({
    where: {
      sourceClipId: clip.id,
      operation: request.operation,
      status: { in: PENDING_TASK_STATUSES },
    },
  });
  if (running > 0) throw refuse("This is being made already; it shows up here when it is ready.");
  if (request.operation === "COVER_ART") return; // new art can be made again and again
  const kinds = (
    await db.clipAsset.findMany({ where: { clipId: clip.id }, select: { kind: true } })
  ).map((a) => a.kind);
  const exists =
    request.operation === "WAV"
      ? kinds.includes("wav")
      : request.operation === "VIDEO"
        ? kinds.includes("video")
        : request.operation === "TIMED_LYRICS"
          ? kinds.includes("lrc")
          : request.operation === "VOICE"
            ? kinds.includes("voice")
            : request.operation === "STEMS" && request.mode === "two"
              ? TWO_STEMS.every((k) => kinds.includes(k))
              : request.operation === "STEMS" &&
                kinds.some((k) => k.startsWith("stem:") && !TWO_STEMS.includes(k));
  if (exists) throw refuse(ALREADY[request.operation] ?? "This already exists.");
}

/**
 * The provider already has a WAV of this clip (409): its record is fetched through an earlier
 * task of ours that asked for it (one that ended here before the provider finished), and the
 * file kept with the clip. This request made nothing new, so it ends with its refund.
 * Returns null when no such record is known (the request then fails like any refusal).
 */
export async function fetchExistingDerivative(options: {
  taskId: string;
  source: SourceClip;
  client: SunoClient;
}) {
  const { taskId, source, client } = options;
  const earlier = await db.task.findFirst({
    where: {
      id: { not: taskId },
      sourceClipId: source.id,
      operation: "WAV",
      upstreamId: { not: null },
      provider: { not: null },
      keyFingerprint: { not: null },
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, upstreamId: true, provider: true, keyFingerprint: true },
  });
  if (!earlier?.upstreamId || !earlier.provider || !earlier.keyFingerprint) return null;
  let record;
  try {
    record = await client.fetchTask({
      provider: earlier.provider,
      keyFingerprint: earlier.keyFingerprint,
      upstreamId: earlier.upstreamId,
      operation: "WAV",
    });
  } catch (error) {
    if (isUpstreamError(error)) return null;
    throw error;
  }
  if (!record.assets?.length) return null;
  await db.$transaction(async (tx) => {
    await attachAssets(tx, { clipId: source.id, taskId: earlier.id, assets: record.assets! });
    await finishUnsuccessfully(tx, {
      taskId,
      status: "FAILED",
      code: "ALREADY_EXISTS",
      reason:
        "The music service had already made a WAV of this song: Chorus fetched that one " +
        "instead, so your credits were returned.",
    });
  });
  archiveAssetsSoon({ taskId: earlier.id });
  return db.task.findUniqueOrThrow({ where: { id: taskId } });
}
