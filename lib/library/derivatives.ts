// A clip's "Edit and export" area: the attachments it has (clip_assets), the derivative tasks
// made from it (running ones with their progress, failed ones with their reasons), what can
// still be made with its price and whether the clip's provider offers it; and picking one of
// the new cover images as the clip's cover. Scoped by the clip's own visibility.
import "server-only";

import { clipsManageableBy, clipsVisibleTo } from "@/lib/authz";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { SyncedWord } from "@/lib/library/synced-lyrics";
import { getSunoClient } from "@/lib/suno";
import { modelEntry } from "@/lib/suno/catalogue";
import { isObject, num, str } from "@/lib/suno/normalize";
import { DERIVATIVE_OPERATIONS, TAKE_OPERATIONS, type Operation } from "@/lib/suno/types";
import { costKeyOf } from "@/lib/tasks/submit";

/** The words of a stored `lrc` asset, whatever else its JSON holds. */
export function syncedWordsOf(data: unknown): SyncedWord[] {
  const words = isObject(data) && Array.isArray(data.words) ? data.words : [];
  return words.flatMap((raw) => {
    if (!isObject(raw)) return [];
    const word = str(raw.word);
    const startS = num(raw.startS);
    const endS = num(raw.endS);
    return word !== null && startS !== null && endS !== null ? [{ word, startS, endS }] : [];
  });
}

function voiceOf(data: unknown): { name: string } | null {
  return isObject(data) && str(data.personaId) ? { name: str(data.name) ?? "Voice" } : null;
}

/** What the clip page's "Edit and export" area shows. */
export async function getClipStudio({ actor, clipId }: { actor: { id: string }; clipId: string }) {
  const clip = await db.clip.findFirst({
    where: { id: clipId, ...clipsVisibleTo(actor) },
    select: {
      id: true,
      provider: true,
      isInstrumental: true,
      status: true,
      model: true,
      duration: true,
      assets: {
        orderBy: [{ createdAt: "asc" }, { kind: "asc" }],
        select: {
          kind: true,
          taskId: true,
          contentType: true,
          byteSize: true,
          archiveStatus: true,
          archiveError: true,
          data: true,
        },
      },
      sourceOf: {
        where: { operation: { in: [...DERIVATIVE_OPERATIONS, ...TAKE_OPERATIONS] } },
        orderBy: { createdAt: "desc" },
        take: 20,
        select: {
          id: true,
          operation: true,
          status: true,
          progress: true,
          failReason: true,
          request: true,
        },
      },
    },
  });
  if (!clip) return null;
  const costs = getEnv().CREDIT_COSTS;
  const client = getSunoClient();
  const offered = (operation: (typeof DERIVATIVE_OPERATIONS)[number]) =>
    Boolean(client?.supports(operation, clip.provider));
  const lrc = clip.assets.find((a) => a.kind === "lrc");
  /** offered where this clip's provider can, or why not (the provider's own words) */
  const offer = (operation: Operation, unless?: string | false) => {
    const able = Boolean(client?.supports(operation, clip.provider));
    const said = client?.offerings().operations[operation]?.reason;
    const reason = !client
      ? "No music service is configured on this server."
      : !able
        ? (said ?? "The music service that made this song cannot do this.")
        : unless || null;
    return { offered: reason === null, reason };
  };
  const retired = Boolean(modelEntry(clip.model ?? "")?.retired);
  return {
    assets: clip.assets
      .filter((a) => a.kind !== "lrc" && a.kind !== "voice")
      .map(({ data: _data, byteSize, ...a }) => ({
        ...a,
        byteSize: byteSize === null ? null : Number(byteSize),
      })),
    syncedWords: lrc ? syncedWordsOf(lrc.data) : null,
    /** the voice made from this song, if any (lib/voices) */
    voice: voiceOf(clip.assets.find((a) => a.kind === "voice")?.data),
    tasks: clip.sourceOf.map(({ request, ...task }) => ({
      ...task,
      mode: isObject(request) ? str(request.mode) : null,
    })),
    offers: {
      WAV: { offered: offered("WAV"), cost: costs[costKeyOf({ operation: "WAV" })] },
      STEMS: { offered: offered("STEMS"), cost: costs.stems, fullCost: costs.stemsFull },
      VIDEO: { offered: offered("VIDEO"), cost: costs.video },
      COVER_ART: { offered: offered("COVER_ART"), cost: costs.cover },
      TIMED_LYRICS: {
        offered: offered("TIMED_LYRICS") && !clip.isInstrumental,
        cost: costs.timedLyrics,
      },
    },
    /** new takes of this song (issue 16): each offered, or disabled with the reason */
    takes: {
      CLIP_COVER: { ...offer("CLIP_COVER"), cost: costs.clipCover },
      REPLACE_SECTION: { ...offer("REPLACE_SECTION"), cost: costs.replaceSection },
      ADD_VOCALS: {
        ...offer("ADD_VOCALS", !clip.isInstrumental && "This song has vocals already."),
        cost: costs.addVocals,
      },
      ADD_INSTRUMENTAL: {
        ...offer("ADD_INSTRUMENTAL", clip.isInstrumental && "An instrumental has no vocals."),
        cost: costs.addInstrumental,
      },
      BRING_FORWARD: {
        ...offer("BRING_FORWARD", !retired && "This song is on a current model already."),
        cost: costs.bringForward,
      },
      /** the clip page's Extend and Whole song buttons follow the same answer */
      EXTEND: { ...offer("EXTEND"), cost: costs.extend },
      CONCAT: { ...offer("CONCAT"), cost: costs.concat },
    },
    voiceOffer: {
      ...offer("VOICE", clip.isInstrumental && "An instrumental has no voice to take."),
      cost: costs.voice,
    },
    duration: clip.duration,
    retiredModel: retired,
  };
}

export type ClipStudio = NonNullable<Awaited<ReturnType<typeof getClipStudio>>>;

/**
 * One of the new cover images becomes the clip's cover (both sizes): the clip's media rows
 * point at the archived image; the previous file leaves storage through the garbage queue.
 */
export async function pickCoverArt({
  actor,
  clipId,
  kind,
}: {
  actor: { id: string };
  clipId: string;
  kind: string;
}) {
  const clip = await db.clip.findFirst({
    where: { id: clipId, ...clipsManageableBy(actor) },
    select: { id: true, assets: { where: { kind } } },
  });
  if (!clip)
    throw new AppError("NOT_FOUND", "That song does not exist, or it is not yours to change.");
  const asset = clip.assets[0];
  if (!asset || !kind.startsWith("cover:"))
    throw new AppError("NOT_FOUND", "That cover image does not exist.");
  if (
    asset.archiveStatus !== "ARCHIVED" ||
    !asset.storageKey ||
    !asset.contentType ||
    !asset.sha256 ||
    asset.byteSize === null
  )
    throw new AppError("CONFLICT", "This image is still being saved; try again in a moment.");
  const file = {
    sourceUrl: asset.sourceUrl ?? "",
    storageKey: asset.storageKey,
    contentType: asset.contentType,
    byteSize: asset.byteSize,
    sha256: asset.sha256,
  };
  await db.$transaction(async (tx) => {
    for (const mediaKind of ["IMAGE", "IMAGE_LARGE"] as const)
      await tx.mediaAsset.upsert({
        where: { clipId_kind: { clipId, kind: mediaKind } },
        create: { clipId, kind: mediaKind, ...file },
        update: file,
      });
    await tx.clip.update({
      where: { id: clipId },
      data: { imageUrl: asset.sourceUrl, imageLargeUrl: asset.sourceUrl },
    });
  });
}
