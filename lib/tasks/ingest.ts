// The one door for upstream news. Webhook, viewer poll and sweep all end here: clips are
// upserted by upstream id, statuses only move forward, the raw JSON is kept, lineage is
// linked to clips we have, lyrics are stored, and a failure refunds once. The task row is
// locked for the whole transaction, so two deliveries of the same news serialise.
import "server-only";

import { db } from "@/lib/db";
import { notifyTaskChange } from "@/lib/events/notify";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ClipStatus, TaskStatus } from "@/lib/generated/prisma/enums";
import { getSunoClient } from "@/lib/suno";
import { looksLikeModeration, UpstreamError } from "@/lib/suno/errors";
import { cleanUpstream } from "@/lib/suno/redact";
import {
  isDerivativeOperation,
  isTakeOperation,
  type UpstreamClip,
  type UpstreamTask,
} from "@/lib/suno/types";
import { attachAssets } from "@/lib/tasks/assets";
import type { Tx } from "@/lib/tasks/credits";
import { finishUnsuccessfully } from "@/lib/tasks/finish";
import { ENDED_WITH_TASK, isTerminal, nextClipStatus, nextTaskStatus } from "@/lib/tasks/status";
import { enqueueWebhookEvent } from "@/lib/webhooks/outbox";

export type IngestSource = "webhook" | "poll" | "sweep";
export type IngestResult = {
  status: TaskStatus;
  clipsCreated: number;
  clipsUpdated: number;
  /** takes that became complete with this news: what the archiver should copy now */
  clipsFinished: number;
  changed: boolean;
};

/** Polling: every 3 s for the first ten polls (most songs finish within), then backing off
 *  by 1.5x to at most 30 s. Batched fetches make early polls cheap upstream. */
export const FAST_POLLS = 10;
export function nextPollDelayMs(pollCount: number): number {
  if (pollCount < FAST_POLLS) return 3_000;
  return Math.min(30_000, Math.round(3_000 * 1.5 ** (pollCount - FAST_POLLS + 1)));
}

type LockedTask = {
  id: string;
  owner_id: string;
  team_id: string | null;
  status: TaskStatus;
  provider: string | null;
  upstream_id: string | null;
  progress: number;
  poll_count: number;
  source_clip_id: string | null;
  arrived_late_at: Date | null;
  operation: string;
  model: string | null;
  request: {
    prompt?: string;
    instrumental?: boolean;
    title?: string;
    tags?: string;
    lyrics?: string;
    description?: string;
    negativeTags?: string;
  } | null;
};

export async function ingest(
  taskId: string,
  news: UpstreamTask,
  source: IngestSource,
): Promise<IngestResult | null> {
  // nothing upstream wrote reaches a column, a log or a page with a secret or a NUL in it
  // (building the client registers the configured keys, also when a webhook comes first)
  getSunoClient();
  const upstream = cleanUpstream(news);
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<LockedTask[]>`
      SELECT id, owner_id, team_id, status::text, provider, upstream_id, progress, poll_count,
        source_clip_id, operation::text, model, request, arrived_late_at
      FROM tasks WHERE id = ${taskId} FOR UPDATE`;
    const task = rows[0];
    if (!task || task.upstream_id !== upstream.id) return null;

    let clipsCreated = 0;
    let clipsUpdated = 0;
    let clipsFinished = 0;
    // a derivative makes files for its clip, never clips; a song's task never makes assets
    const derivative = isDerivativeOperation(task.operation);
    const clips = derivative ? [] : upstream.clips;
    if (derivative && task.source_clip_id && upstream.assets?.length) {
      const attached = await attachAssets(tx, {
        clipId: task.source_clip_id,
        taskId: task.id,
        assets: upstream.assets,
      });
      clipsUpdated += attached; // counts as news: the task changed
    }
    const known = await knownClips(tx, task.provider ?? "", clips);
    for (const clip of clips) {
      const outcome = await upsertClip(tx, task, clip, known);
      if (outcome.change === "created") clipsCreated++;
      if (outcome.change === "updated") clipsUpdated++;
      if (outcome.finished) clipsFinished++;
    }
    if (upstream.lyrics && (upstream.lyrics.text || upstream.lyrics.title))
      await upsertLyrics(tx, task, upstream);

    // "succeeded" counts only with something to show for it: a finished, playable clip (or
    // written lyrics); otherwise the task is followed on until it finishes or its deadline
    let incoming = upstream.status;
    if (incoming === "SUCCEEDED" && !(await hasResult(tx, task, upstream))) incoming = "RUNNING";
    const status = nextTaskStatus(task.status, incoming);

    // The late-completion rule: songs that finish after Chorus ended their task badly (timed
    // out or failed, and refunded) are kept and archived like any other, the task keeps the
    // outcome the user was told and its refund, and it records when the songs arrived.
    const arrivedLate =
      clipsFinished > 0 &&
      isTerminal(task.status) &&
      task.status !== "SUCCEEDED" &&
      !task.arrived_late_at;

    const polled = source !== "webhook";
    const pollCount = task.poll_count + (polled ? 1 : 0);
    const common = {
      upstreamStatus: upstream.upstreamStatus,
      raw: upstream.raw as Prisma.InputJsonValue,
      ...(upstream.input ? { upstreamInput: upstream.input as Prisma.InputJsonValue } : {}),
      upstreamCreatedAt: upstream.submittedAt ?? undefined,
      upstreamFinishedAt: upstream.finishedAt ?? undefined,
      ...(polled ? { pollCount, lastPolledAt: new Date() } : {}),
      // the provider knows the task again
      missingCount: 0,
      missingSince: null,
      lastError: null,
      ...(arrivedLate ? { arrivedLateAt: new Date() } : {}),
    };

    if (status === "FAILED" && !isTerminal(task.status)) {
      // sunoapi-org's 531: the vendor refunded itself; the operator reconciles by this column
      const vendorRefunded = upstream.metadata?.vendorRefunded === true;
      await tx.task.update({ where: { id: task.id }, data: { ...common, vendorRefunded } });
      const moderated =
        looksLikeModeration(upstream.failReason) ||
        upstream.clips.some((clip) => /moderation/i.test(clip.errorType ?? ""));
      await finishUnsuccessfully(tx, {
        taskId: task.id,
        status: "FAILED",
        reason: failureMessage(upstream.failReason, task.operation, moderated),
        code: moderated ? "MODERATION" : "UPSTREAM_FAILED",
      });
      return { status, clipsCreated, clipsUpdated, clipsFinished, changed: true };
    }

    const progress = status === "SUCCEEDED" ? 100 : Math.max(task.progress, upstream.progress ?? 0);
    await tx.task.update({
      where: { id: task.id },
      data: {
        ...common,
        status,
        progress,
        ...(status === "RUNNING" && task.status !== "RUNNING"
          ? { startedAt: upstream.startedAt ?? new Date() }
          : {}),
        ...(status === "SUCCEEDED" && task.status !== "SUCCEEDED"
          ? { finishedAt: new Date() }
          : {}),
        // the lease ends with the news; the next poll is scheduled unless the task is done
        leaseUntil: null,
        leaseOwner: null,
        nextPollAt: isTerminal(status) ? null : new Date(Date.now() + nextPollDelayMs(pollCount)),
      },
    });
    if (status === "SUCCEEDED" && task.status !== "SUCCEEDED")
      await enqueueWebhookEvent(tx, {
        scope: { ownerId: task.owner_id, teamId: task.team_id },
        type: "task.succeeded",
        data: { taskId: task.id, operation: task.operation, clipIds: await clipIdsOf(tx, task.id) },
      });
    const changed = status !== task.status || clipsCreated + clipsUpdated > 0;
    // the push channel hears it at commit (lib/events/notify.ts), a progress step too
    if (changed || progress !== task.progress)
      await notifyTaskChange(tx, {
        taskId: task.id,
        ownerId: task.owner_id,
        teamId: task.team_id,
        status,
      });
    return { status, clipsCreated, clipsUpdated, clipsFinished, changed };
  });
}

const FAILED_WHAT: Record<string, string> = {
  LYRICS: "The music service could not write these lyrics.",
  WAV: "The music service could not make the WAV.",
  STEMS: "The music service could not split this song into stems.",
  VIDEO: "The music service could not make the music video.",
  COVER_ART: "The music service could not make new cover art.",
  TIMED_LYRICS: "The music service could not time the lyrics.",
  VOICE: "The music service could not make a voice from this song.",
  CLIP_COVER: "The music service could not make this cover.",
  REPLACE_SECTION: "The music service could not replace this section.",
  ADD_VOCALS: "The music service could not add vocals.",
  ADD_INSTRUMENTAL: "The music service could not add an instrumental.",
  BRING_FORWARD: "The music service could not make this song again on the current model.",
};

function failureMessage(reason: string | null, operation: string, moderated: boolean): string {
  if (moderated) return new UpstreamError("MODERATION", { upstreamMessage: reason }).userMessage;
  const what = FAILED_WHAT[operation] ?? "The music service could not make this song.";
  return reason ? `${what} It said: “${reason}”` : what;
}

/** A finished, playable clip of this task (or, for lyrics, written lyrics). */
async function hasResult(tx: Tx, task: LockedTask, upstream: UpstreamTask): Promise<boolean> {
  if (task.operation === "LYRICS") return Boolean(upstream.lyrics?.text);
  if (isDerivativeOperation(task.operation))
    return (await tx.clipAsset.count({ where: { taskId: task.id } })) > 0;
  const playable = await tx.clip.count({
    where: { taskId: task.id, status: "COMPLETE", audioUrl: { not: null } },
  });
  return playable > 0;
}

/** Incoming values win, except nulls: a later, thinner answer never erases what we had. */
function keep<T>(incoming: T | null | undefined, existing: T | null | undefined): T | null {
  return incoming ?? existing ?? null;
}

/** This delivery's clips and their parents, as we already have them: one query. */
async function knownClips(tx: Tx, provider: string, clips: UpstreamClip[]) {
  const ids = [
    ...new Set(clips.flatMap((c) => (c.continueClipId ? [c.id, c.continueClipId] : [c.id]))),
  ];
  const rows = ids.length
    ? await tx.clip.findMany({ where: { provider, upstreamId: { in: ids } } })
    : [];
  return new Map(rows.map((row) => [row.upstreamId, row]));
}

type KnownClips = Awaited<ReturnType<typeof knownClips>>;

async function upsertClip(
  tx: Tx,
  task: LockedTask,
  clip: UpstreamClip,
  known: KnownClips,
): Promise<{ change: "created" | "updated" | "unchanged"; finished: boolean }> {
  const provider = task.provider;
  const existing = known.get(clip.id);
  // another task's clip: never hijack it
  if (existing && existing.taskId !== task.id) return { change: "unchanged", finished: false };
  const parent = clip.continueClipId ? known.get(clip.continueClipId) : undefined;
  // a clip is finished by its final audio, whatever its status word said
  const incoming: ClipStatus =
    clip.status === "COMPLETE" && !clip.audioUrl ? "STREAMING" : clip.status;
  // a take Chorus ended with its task finishes after all when its audio arrives late
  const revived =
    existing?.status === "ERROR" &&
    existing.errorType === ENDED_WITH_TASK &&
    incoming === "COMPLETE";
  const status: ClipStatus = revived
    ? "COMPLETE"
    : existing
      ? nextClipStatus(existing.status, incoming)
      : incoming;
  const becameComplete = status === "COMPLETE" && existing?.status !== "COMPLETE";
  // what the user asked for fills whatever the provider leaves out
  const asked = task.request ?? {};
  // once complete, the words are the owner's (they may have renamed it): a replayed final
  // answer never reverts them; upstream's own values stay in `raw`
  const settled = existing?.status === "COMPLETE";
  const data = {
    upstreamTaskId: keep(clip.upstreamTaskId, existing?.upstreamTaskId),
    title: settled ? existing.title : clip.title || existing?.title || asked.title || "",
    tags: settled ? existing.tags : clip.tags || existing?.tags || asked.tags || "",
    negativeTags: keep(clip.negativeTags, existing?.negativeTags ?? asked.negativeTags),
    lyrics: settled
      ? existing.lyrics
      : keep(clip.lyrics, existing?.lyrics ?? (asked.lyrics || null)),
    description: keep(clip.description, existing?.description ?? (asked.description || null)),
    isInstrumental:
      task.operation === "INSTRUMENTAL" ||
      ((task.operation === "DESCRIPTION_SONG" ||
        task.operation === "UPLOAD_COVER" ||
        task.operation === "CLIP_COVER" ||
        task.operation === "BRING_FORWARD" ||
        task.operation === "REPLACE_SECTION") &&
        task.request?.instrumental === true),
    model: keep(clip.model, existing?.model ?? task.model),
    majorModelVersion: keep(clip.majorModelVersion, existing?.majorModelVersion),
    duration: keep(clip.duration, existing?.duration),
    status,
    upstreamStatus: clip.upstreamStatus,
    clipType: keep(clip.clipType, existing?.clipType),
    audioUrl: keep(clip.audioUrl, existing?.audioUrl),
    sourceAudioUrl: keep(clip.sourceAudioUrl ?? null, existing?.sourceAudioUrl),
    streamAudioUrl: keep(clip.streamAudioUrl, existing?.streamAudioUrl),
    videoUrl: keep(clip.videoUrl, existing?.videoUrl),
    imageUrl: keep(clip.imageUrl, existing?.imageUrl),
    imageLargeUrl: keep(clip.imageLargeUrl, existing?.imageLargeUrl),
    isVideoPending: clip.isVideoPending,
    audioPromptId: keep(clip.audioPromptId, existing?.audioPromptId),
    // lineage: the parent the clip names, else the clip this task extends or joins
    parentClipId:
      parent?.id ??
      existing?.parentClipId ??
      (task.operation === "CONCAT" || task.operation === "EXTEND" || isTakeOperation(task.operation)
        ? task.source_clip_id
        : null),
    continueClipUpstreamId: keep(clip.continueClipId, existing?.continueClipUpstreamId),
    continueAt: keep(clip.continueAt, existing?.continueAt),
    history: json(clip.history) ?? json(existing?.history),
    concatHistory: json(clip.concatHistory) ?? json(existing?.concatHistory),
    errorType: revived ? null : keep(clip.errorType, existing?.errorType),
    errorMessage: revived ? null : keep(clip.errorMessage, existing?.errorMessage),
    playCount: keep(clip.playCount, existing?.playCount),
    upvoteCount: keep(clip.upvoteCount, existing?.upvoteCount),
    upstreamCreatedAt: keep(clip.createdAt, existing?.upstreamCreatedAt),
    raw: clip.raw as Prisma.InputJsonValue,
    ...(becameComplete
      ? { completedAt: new Date(), archiveStatus: "PENDING" as const, nextArchiveAt: new Date() }
      : {}),
  };
  if (existing) {
    // a duplicate delivery rewrites nothing
    const material = [
      "status",
      "audioUrl",
      "sourceAudioUrl",
      "streamAudioUrl",
      "videoUrl",
      "imageUrl",
      "imageLargeUrl",
      "duration",
      "title",
      "tags",
      "lyrics",
      "errorMessage",
      "parentClipId",
    ] as const;
    if (material.every((field) => data[field] === existing[field]))
      return { change: "unchanged", finished: false };
    await tx.clip.update({ where: { id: existing.id }, data });
    return { change: "updated", finished: becameComplete };
  }
  await tx.clip.create({
    data: {
      ...data,
      provider,
      upstreamId: clip.id,
      taskId: task.id,
      ownerId: task.owner_id,
      teamId: task.team_id,
    },
  });
  return { change: "created", finished: becameComplete };
}

function json(value: unknown): Prisma.InputJsonValue | undefined {
  return value === null || value === undefined ? undefined : (value as Prisma.InputJsonValue);
}

async function upsertLyrics(tx: Tx, task: LockedTask, upstream: UpstreamTask) {
  const lyrics = upstream.lyrics!;
  const prompt = task.request?.prompt ?? "";
  const data = {
    upstreamId: lyrics.id,
    title: lyrics.title,
    text: lyrics.text,
    status: lyrics.status,
    raw: lyrics.raw as Prisma.InputJsonValue,
  };
  await tx.lyrics.upsert({
    where: { taskId: task.id },
    create: { ...data, taskId: task.id, ownerId: task.owner_id, teamId: task.team_id, prompt },
    update: data,
  });
}

/** The clips a task made, oldest first (a succeeded webhook names them). */
async function clipIdsOf(tx: Prisma.TransactionClient, taskId: string) {
  const clips = await tx.clip.findMany({
    where: { taskId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  return clips.map((c) => c.id);
}
