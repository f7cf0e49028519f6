// Submitting a generation: validate, check the workspace and the rate limit, then write
// first (task row, charge, ledger) and call second. The upstream id is stored the moment it
// is known; a refusal ends the task as failed with a refund. A crash between the two steps
// leaves a SUBMITTING row that the sweeper resolves; never a charge without a task.
import "server-only";

import { clipsUsableBy, requireTeam } from "@/lib/authz";
import { db } from "@/lib/db";
import { getEnv, type CostKey } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SunoDialect, TaskOperation } from "@/lib/generated/prisma/enums";
import { recordHit, secondsUntil } from "@/lib/rate-limit";
import { getSunoClient, isUpstreamError, type SunoClient } from "@/lib/suno";
import { runnableModel } from "@/lib/suno/catalogue";
import { isDerivativeOperation, isTakeOperation, type Dialect } from "@/lib/suno/types";
import { chargeForTask, type Workspace } from "@/lib/tasks/credits";
import { assertDerivativeAllowed, fetchExistingDerivative } from "@/lib/tasks/derivatives";
import { finishUnsuccessfully } from "@/lib/tasks/finish";
import { ingest } from "@/lib/tasks/ingest";
import {
  taskRequestSchema,
  taskRequestSchemaFor,
  TITLE_MAX,
  toGenerationRequest,
  type TaskRequest,
} from "@/lib/tasks/requests";
import {
  assertTakeAllowed,
  completeTake,
  needsUploadedAudio,
  uploadClipAudio,
} from "@/lib/tasks/takes";
import { notifyHookUrl } from "@/lib/tasks/webhook-token";
import { usableUpload } from "@/lib/uploads/audio-uploads";
import { usableVoice } from "@/lib/voices/voices";

/** The provider family, as the tasks table names it. */
const DIALECT_COLUMN = {
  relay: "RELAY",
  sunoapi: "SUNOAPI",
  "sunoapi-org": "SUNOAPI_ORG",
} as const satisfies Record<Dialect, SunoDialect>;

export const FIRST_POLL_SECONDS = 3;
/** every key resting for at most this long (a 429 with a short Retry-After): wait, send again */
export const BRIEF_WAIT_SECONDS = 2;

const COST_KEY: Record<TaskOperation, CostKey> = {
  CUSTOM_SONG: "music",
  INSTRUMENTAL: "music",
  DESCRIPTION_SONG: "music",
  EXTEND: "extend",
  CONCAT: "concat",
  UPLOAD_AUDIO: "upload",
  LYRICS: "lyrics",
  WAV: "wav",
  STEMS: "stems",
  VIDEO: "video",
  COVER_ART: "cover",
  TIMED_LYRICS: "timedLyrics",
  UPLOAD_COVER: "music",
  UPLOAD_EXTEND: "extend",
  CLIP_COVER: "clipCover",
  REPLACE_SECTION: "replaceSection",
  ADD_VOCALS: "addVocals",
  ADD_INSTRUMENTAL: "addInstrumental",
  BRING_FORWARD: "bringForward",
  VOICE: "voice",
};

/** What a request costs, by its kind (the full stem split has a price of its own). */
export function costKeyOf(request: { operation: TaskOperation; mode?: string }): CostKey {
  return request.operation === "STEMS" && request.mode === "full"
    ? "stemsFull"
    : COST_KEY[request.operation];
}

export type SubmitTaskOptions = {
  actor: { id: string };
  /** null: the actor's personal workspace */
  teamId: string | null;
  input: unknown;
  idempotencyKey: string;
  /** injected in tests */
  client?: SunoClient | null;
  /** where upstream callbacks should go; defaults to the app's public URL */
  notifyBaseUrl?: string;
  /** where a provider fetches a recording Chorus keeps; defaults to the app's public URL */
  publicBaseUrl?: string;
};

export async function submitTask(options: SubmitTaskOptions) {
  const { actor, idempotencyKey } = options;
  if (!/^[\w-]{8,100}$/.test(idempotencyKey))
    throw new AppError("BAD_REQUEST", "This form is out of date. Reload the page and try again.");

  const existing = await db.task.findUnique({
    where: { ownerId_idempotencyKey: { ownerId: actor.id, idempotencyKey } },
  });
  if (existing) return existing; // a double click or a retried request: same task, no new charge

  const client = options.client === undefined ? getSunoClient() : options.client;
  // the models, operations and limits the configured providers offer (the Create form's too)
  const schema = client ? taskRequestSchemaFor(client.offerings) : taskRequestSchema;
  const parsed = schema.safeParse(options.input);
  if (!parsed.success) {
    throw new AppError("BAD_REQUEST", "Check the highlighted fields.", {
      fieldErrors: parsed.error.flatten().fieldErrors as Record<string, string[]>,
    });
  }
  if (!client)
    throw new AppError(
      "UPSTREAM_UNAVAILABLE",
      "No music provider is configured on this server, so songs cannot be made right now.",
    );

  const source = await resolveSourceClip(actor, parsed.data);
  // a new take goes to the provider that has its clip: refused before anything is written
  // when that provider cannot make it (the form offers only what it can)
  if (
    isTakeOperation(parsed.data.operation) &&
    !client.supports(parsed.data.operation, source?.provider)
  ) {
    const reason =
      client.offerings().operations[parsed.data.operation]?.reason ??
      "The music service that made this song cannot do this.";
    throw new AppError("BAD_REQUEST", reason, { fieldErrors: { clipId: [reason] } });
  }
  // an imported song (lib/imports) is on no provider: its extension starts from its archived
  // audio, put on a file host first (UPLOAD_EXTEND), so only a provider that takes one can
  if (
    source &&
    isImportedSource(source) &&
    parsed.data.operation === "EXTEND" &&
    !client.supports("UPLOAD_EXTEND")
  ) {
    const reason = "The music service here cannot extend a song it did not make.";
    throw new AppError("BAD_REQUEST", reason, { fieldErrors: { clipId: [reason] } });
  }
  const uploadId = "uploadId" in parsed.data ? parsed.data.uploadId : undefined;
  const upload = uploadId
    ? await usableUpload({ actor, uploadId, publicBaseUrl: options.publicBaseUrl })
    : null;
  const voice =
    "voiceId" in parsed.data && parsed.data.voiceId
      ? await usableVoice({ actor, voiceId: parsed.data.voiceId })
      : null;
  if (voice && source?.provider && voice.provider && voice.provider !== source.provider)
    throw new AppError("BAD_REQUEST", "Check the highlighted fields.", {
      fieldErrors: { voiceId: ["This voice is on another music service than this song."] },
    });
  if (voice && !client.supports("VOICE", voice.provider))
    throw new AppError("BAD_REQUEST", "Check the highlighted fields.", {
      fieldErrors: { voiceId: ["The music service here cannot sing with a voice."] },
    });
  const request = completeFromSource(parsed.data, source);
  // A derived song belongs where its source does: a team clip's extension stays in the team
  // (and is paid by it), whatever workspace the form names; only a personal source follows it.
  const teamId = source?.teamId ?? options.teamId;
  if (teamId) await requireTeam(actor, { id: teamId }, "clip.create");

  const env = getEnv();
  const hit = await recordHit(`submit:user:${actor.id}`, {
    windowSeconds: 60,
    freeHits: env.SUBMIT_LIMIT_PER_MINUTE,
    baseBlockSeconds: 10,
    maxBlockSeconds: 120,
  });
  if (hit.blockedUntil) {
    const wait = secondsUntil(hit.blockedUntil);
    throw new AppError(
      "RATE_LIMITED",
      `You are making songs faster than this server allows. Try again in ${wait} seconds.`,
      { retryAfterSeconds: wait },
    );
  }

  const workspace: Workspace = { ownerId: actor.id, teamId };
  const cost = env.CREDIT_COSTS[costKeyOf(request)];
  let task;
  try {
    task = await db.$transaction(async (tx) => {
      const created = await tx.task.create({
        data: {
          ownerId: actor.id,
          teamId,
          operation: request.operation,
          status: "SUBMITTING",
          request: request as Prisma.InputJsonValue,
          model: "model" in request ? request.model : (source?.model ?? null),
          idempotencyKey,
          cost,
          sourceClipId: source?.id ?? null,
          deadlineAt: new Date(Date.now() + env.TASK_DEADLINE_MINUTES * 60_000),
        },
      });
      await chargeForTask(tx, { workspace, taskId: created.id, cost });
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      // the same form sent twice at once: the other request made the task
      return db.task.findUniqueOrThrow({
        where: { ownerId_idempotencyKey: { ownerId: actor.id, idempotencyKey } },
      });
    }
    throw error;
  }

  return sendToUpstream(
    task.id,
    request,
    source,
    client,
    notifyHookUrl(task.id, options.notifyBaseUrl),
    upload,
    voice,
  );
}

async function sendToUpstream(
  taskId: string,
  request: TaskRequest,
  source: SourceClip | null,
  client: SunoClient,
  notifyHook: string | undefined,
  upload: { provider: string; downloadUrl: string } | null = null,
  voice: { personaId: string; provider: string | null } | null = null,
) {
  try {
    // a new take of a clip starts from its audio, put on the provider's file host now (after
    // the charge: a refusal there ends the task with its refund like any other)
    const extendsImport = request.operation === "EXTEND" && !!source && isImportedSource(source);
    if (!upload && source && (needsUploadedAudio(request) || extendsImport))
      upload = await uploadClipAudio({ client, source, operation: request.operation });
    const generation = toGenerationRequest(request, {
      upstreamClipId: source?.upstreamId,
      upstreamTaskId: source?.upstreamTaskId ?? undefined,
      uploadUrl: upload?.downloadUrl,
      personaId: voice?.personaId,
    });
    const result = await submitWaitingBriefly(
      client,
      extendsImport && generation.operation === "EXTEND"
        ? {
            operation: "UPLOAD_EXTEND",
            uploadUrl: upload?.downloadUrl ?? "",
            continueAt: generation.continueAt,
            // the provider takes nothing new or a full set (a style and a title)
            ...(generation.lyrics || generation.tags || generation.title
              ? {
                  lyrics: generation.lyrics,
                  tags: generation.tags || "original style",
                  title: generation.title || "Untitled",
                }
              : {}),
            model: generation.model,
          }
        : generation,
      {
        notifyHook,
        // a clip or an uploaded file is known only to the provider that has it
        provider: source?.provider ?? upload?.provider ?? voice?.provider ?? undefined,
        // recorded before the request leaves, so that a callback arriving for this task while
        // it is still SUBMITTING (our process died before storing the answer) can adopt it
        beforeSend: async (attempt) => {
          await db.task.updateMany({
            where: { id: taskId, status: "SUBMITTING" },
            data: {
              provider: attempt.provider,
              dialect: DIALECT_COLUMN[attempt.dialect],
              keyFingerprint: attempt.keyFingerprint,
            },
          });
        },
      },
    );
    // only while still SUBMITTING: if the sweeper gave up on us meanwhile, its verdict stands
    await db.task.updateMany({
      where: { id: taskId, status: "SUBMITTING" },
      data: {
        status: "SUBMITTED",
        provider: result.provider,
        dialect: DIALECT_COLUMN[result.dialect],
        keyFingerprint: result.keyFingerprint,
        upstreamId: result.upstreamTaskId,
        submittedAt: new Date(),
        nextPollAt: new Date(Date.now() + FIRST_POLL_SECONDS * 1000),
      },
    });
    // answered at once (synced lyrics): the answer goes through the one door like any news
    if (result.result) await ingest(taskId, result.result, "poll");
    return await db.task.findUniqueOrThrow({ where: { id: taskId } });
  } catch (error) {
    if (!isUpstreamError(error)) throw error;
    // 409 "already exists": the provider made this WAV before; its own record is fetched
    if (request.operation === "WAV" && error.status === 409 && source) {
      const fetched = await fetchExistingDerivative({ taskId, source, client });
      if (fetched) return fetched;
    }
    const reason = error.notProcessed
      ? error.userMessage
      : `${error.userMessage} We could not confirm that it received the request, ` +
        "so your credits were returned.";
    await db.$transaction(async (tx) => {
      // a callback may have adopted the task meanwhile: then the provider has it, and it runs
      const [row] = await tx.$queryRaw<{ status: string }[]>`
        SELECT status::text FROM tasks WHERE id = ${taskId} FOR UPDATE`;
      if (row?.status !== "SUBMITTING") return;
      await finishUnsuccessfully(tx, { taskId, status: "FAILED", reason, code: error.kind });
    });
    return db.task.findUniqueOrThrow({ where: { id: taskId } });
  }
}

/**
 * One short wait when every key is resting only briefly: a single 429 with "Retry-After: 1"
 * on a one-key setup would otherwise fail every submission of that second, on every
 * instance (the cool-downs are shared). Nothing reached the provider, so sending again is
 * safe; a longer rest fails at once with its own message.
 */
async function submitWaitingBriefly(
  client: SunoClient,
  ...args: Parameters<SunoClient["submit"]>
): ReturnType<SunoClient["submit"]> {
  try {
    return await client.submit(...args);
  } catch (error) {
    const brief =
      isUpstreamError(error) &&
      error.kind === "RATE_LIMITED" &&
      error.notProcessed &&
      error.retryAfterSeconds !== null &&
      error.retryAfterSeconds <= BRIEF_WAIT_SECONDS;
    if (!brief) throw error;
    await new Promise((resolve) => setTimeout(resolve, (error.retryAfterSeconds ?? 0) * 1000));
    return client.submit(...args);
  }
}

/** A song brought in by an import (lib/imports) is on no provider: Chorus has only its audio. */
export const isImportedSource = (source: Pick<SourceClip, "provider">) => source.provider === null;

export type SourceClip = {
  id: string;
  upstreamId: string;
  provider: string | null;
  model: string | null;
  title: string;
  tags: string;
  /** the source's team; null for a personal clip */
  teamId: string | null;
  upstreamTaskId: string | null;
  lyrics: string | null;
  isInstrumental: boolean;
  duration: number | null;
};

/** An extension left blank continues its source: its title, style and model (providers
 *  refuse empty ones), whatever engine name the provider echoed for that model. */
export function completeFromSource(request: TaskRequest, source: SourceClip | null): TaskRequest {
  if (source && isTakeOperation(request.operation)) return completeTake(request, source);
  if (request.operation !== "EXTEND" || !source) return request;
  return {
    ...request,
    title: request.title || source.title.slice(0, TITLE_MAX) || undefined,
    tags: request.tags || source.tags || undefined,
    model: request.model ?? runnableModel(source.model),
  };
}

/** Extend, concat and the derivatives start from a finished clip the actor may use. */
async function resolveSourceClip(
  actor: { id: string },
  request: TaskRequest,
): Promise<SourceClip | null> {
  const derivative = isDerivativeOperation(request.operation);
  const take = isTakeOperation(request.operation);
  if (!("clipId" in request)) return null;
  const clip = await db.clip.findFirst({
    where: {
      id: request.clipId,
      trashedAt: null,
      ...clipsUsableBy(actor),
    },
    select: {
      id: true,
      upstreamId: true,
      provider: true,
      model: true,
      title: true,
      tags: true,
      status: true,
      duration: true,
      teamId: true,
      isInstrumental: true,
      lyrics: true,
      archiveStatus: true,
      task: { select: { upstreamId: true } },
    },
  });
  if (!clip)
    throw new AppError("NOT_FOUND", "That clip does not exist, or you cannot use it.", {
      fieldErrors: { clipId: ["Choose one of your clips."] },
    });
  if (clip.status !== "COMPLETE")
    throw new AppError(
      "BAD_REQUEST",
      derivative || take
        ? "Only finished songs can be exported or edited."
        : "Only finished clips can be extended or joined.",
      { fieldErrors: { clipId: ["This clip is not finished yet."] } },
    );
  if (derivative) await assertDerivativeAllowed(request, clip);
  if (take) await assertTakeAllowed(request, clip);
  if (
    request.operation === "EXTEND" &&
    clip.duration !== null &&
    request.continueAt > clip.duration
  ) {
    throw new AppError("BAD_REQUEST", "Check the highlighted fields.", {
      fieldErrors: {
        continueAt: [`Pick a time within the clip (0 to ${Math.floor(clip.duration)} seconds).`],
      },
    });
  }
  return {
    id: clip.id,
    upstreamId: clip.upstreamId,
    provider: clip.provider,
    model: clip.model,
    title: clip.title,
    tags: clip.tags,
    teamId: clip.teamId,
    upstreamTaskId: clip.task?.upstreamId ?? null,
    lyrics: clip.lyrics,
    isInstrumental: clip.isInstrumental,
    duration: clip.duration,
  };
}
