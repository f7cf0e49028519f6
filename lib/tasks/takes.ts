// The rules of new takes of a finished clip (issue 16) that a submit needs: what each may
// start from (added vocals need an instrumental, bringing forward a clip on a retired model,
// a replaced section 6-60 s and at most half the track), checked before any charge; the
// request completed from its source (blank words, style and title keep the clip's own); and
// the clip's audio put on the provider's file host from Chorus's own archive, since the
// provider's links expire (a cover, added vocals or an instrumental start from a file there).
import "server-only";

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getMediaStorage } from "@/lib/media/config";
import type { SunoClient } from "@/lib/suno";
import { modelEntry } from "@/lib/suno/catalogue";
import { UpstreamError } from "@/lib/suno/errors";
import type { TakeOperation } from "@/lib/suno/types";
import { TITLE_MAX, type TaskRequest } from "@/lib/tasks/requests";
import { SECTION_MAX_SECONDS, SECTION_MIN_SECONDS } from "@/lib/tasks/shared";
import type { SourceClip } from "@/lib/tasks/submit";
import { UPLOAD_MAX_BYTES } from "@/lib/uploads/shared";

const refuse = (field: string, message: string) =>
  new AppError("BAD_REQUEST", message, { fieldErrors: { [field]: [message] } });

/** The operations that start from the clip's audio on the provider's file host. */
export function needsUploadedAudio(request: TaskRequest): boolean {
  return (
    request.operation === "CLIP_COVER" ||
    request.operation === "ADD_VOCALS" ||
    request.operation === "ADD_INSTRUMENTAL" ||
    (request.operation === "BRING_FORWARD" && request.via === "cover")
  );
}

type TakeSource = {
  id: string;
  duration: number | null;
  isInstrumental: boolean;
  model: string | null;
  archiveStatus: string;
};

/** Refuses, before anything is charged, what cannot be made from this clip. */
export async function assertTakeAllowed(request: TaskRequest, clip: TakeSource) {
  const operation = request.operation as TakeOperation;
  if (operation === "ADD_VOCALS" && !clip.isInstrumental)
    throw refuse("clipId", "This song has vocals already: add vocals to an instrumental.");
  if (operation === "ADD_INSTRUMENTAL" && clip.isInstrumental)
    throw refuse("clipId", "An instrumental has no vocals to build an instrumental around.");
  if (operation === "BRING_FORWARD" && !modelEntry(clip.model ?? "")?.retired)
    throw refuse("clipId", "This song is on a current model already.");
  if (request.operation === "REPLACE_SECTION") {
    const duration = clip.duration ?? 0;
    const { startS, endS } = request;
    if (endS > duration + 0.01)
      throw refuse("endS", `Pick a section within the song (0 to ${Math.floor(duration)} s).`);
    if (endS - startS > duration / 2 + 0.01)
      throw refuse(
        "endS",
        `Pick at most half the song (${Math.floor(duration / 2)} s of ${Math.floor(duration)}).`,
      );
    if (endS - startS < SECTION_MIN_SECONDS || endS - startS > SECTION_MAX_SECONDS)
      throw refuse("endS", `Pick a section ${SECTION_MIN_SECONDS}-${SECTION_MAX_SECONDS} s long.`);
  }
  if (needsUploadedAudio(request) && !(await archivedAudio(clip.id, request.operation)))
    throw refuse("clipId", "This song is still being copied into Chorus; try again in a minute.");
}

/** Blank words, style and title keep the source's own; bringing forward keeps all of them. */
export function completeTake(request: TaskRequest, source: SourceClip): TaskRequest {
  const title = source.title.slice(0, TITLE_MAX) || "Untitled";
  const tags = source.tags || "original style";
  switch (request.operation) {
    case "CLIP_COVER": {
      const instrumental = request.instrumental || (source.isInstrumental && !request.lyrics);
      return {
        ...request,
        instrumental,
        lyrics: instrumental ? "" : request.lyrics || source.lyrics || "",
        tags: request.tags || tags,
        title: request.title || title,
      };
    }
    case "REPLACE_SECTION":
      // the new take keeps the source's vocals or their absence
      return {
        ...request,
        tags: request.tags || tags,
        title: request.title || title,
        ...{ instrumental: source.isInstrumental },
      };
    case "ADD_VOCALS":
    case "ADD_INSTRUMENTAL":
      return { ...request, tags: request.tags || tags, title: request.title || title };
    case "BRING_FORWARD":
      return {
        ...request,
        lyrics: source.isInstrumental ? "" : (source.lyrics ?? ""),
        instrumental: source.isInstrumental || !source.lyrics,
        tags,
        title,
        continueAt: source.duration ?? undefined,
      } as TaskRequest;
    default:
      return request;
  }
}

/** The archived file a take starts from: the vocals stem for an added instrumental, if any. */
async function archivedAudio(clipId: string, operation: string) {
  if (operation === "ADD_INSTRUMENTAL") {
    const stem = await db.clipAsset.findFirst({
      where: { clipId, kind: "stem:vocals", archiveStatus: "ARCHIVED", storageKey: { not: null } },
      select: { storageKey: true, contentType: true },
    });
    if (stem?.storageKey)
      return { storageKey: stem.storageKey, contentType: stem.contentType ?? "audio/wav" };
  }
  const audio = await db.mediaAsset.findFirst({
    where: { clipId, kind: "AUDIO" },
    select: { storageKey: true, contentType: true },
  });
  return audio && { storageKey: audio.storageKey, contentType: audio.contentType };
}

const EXTENSION: Record<string, string> = {
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/flac": "flac",
  "audio/ogg": "ogg",
  "audio/mp4": "m4a",
};

/** Puts the clip's archived audio on the file host of the provider that has the clip. */
export async function uploadClipAudio(options: {
  client: SunoClient;
  source: SourceClip;
  operation: string;
}): Promise<{ provider: string; downloadUrl: string }> {
  const { client, source, operation } = options;
  // thrown as the provider's refusal would be: the task ends with its refund
  const cannot = (upstreamMessage: string) =>
    new UpstreamError("INVALID_REQUEST", { upstreamMessage, notProcessed: true });
  const file = await archivedAudio(source.id, operation);
  if (!file) throw cannot("this song's audio is not in Chorus's archive yet; try again");
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of getMediaStorage().read(file.storageKey) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > UPLOAD_MAX_BYTES) break;
      chunks.push(chunk);
    }
  } catch {
    throw cannot("this song's audio could not be read from Chorus's archive; try again");
  }
  if (size > UPLOAD_MAX_BYTES)
    throw cannot("this song's audio is too large to send to the music service");
  const ext = EXTENSION[file.contentType] ?? "audio";
  const name =
    source.title
      .replace(/[^\w .()-]+/g, "")
      .trim()
      .slice(0, 60) || "song";
  const uploaded = await client.uploadFile(
    {
      bytes: new Uint8Array(Buffer.concat(chunks)),
      fileName: `${name}.${ext}`,
      contentType: file.contentType,
    },
    { provider: source.provider },
  );
  return { provider: uploaded.provider, downloadUrl: uploaded.downloadUrl };
}
