// What a derivative task made, kept with its clip as clip_assets rows (issue 16). Called inside
// ingest's transaction (the task row is locked): a repeated or late delivery of the same file
// rewrites nothing, a file another task already made for this clip is kept as it is, and a row
// with a file to copy is due for the archiver at once.
import "server-only";

import type { Prisma } from "@/lib/generated/prisma/client";
import type { UpstreamAsset } from "@/lib/suno/types";
import type { Tx } from "@/lib/tasks/credits";

/** Cover variants are per task (a clip may have its art made again); other kinds per clip. */
export function assetKind(kind: string, taskId: string): string {
  return kind.startsWith("cover:") ? `cover:${taskId}:${kind.slice("cover:".length)}` : kind;
}

export async function attachAssets(
  tx: Tx,
  options: { clipId: string; taskId: string; assets: UpstreamAsset[] },
): Promise<number> {
  let attached = 0;
  const now = new Date();
  for (const asset of options.assets) {
    const kind = assetKind(asset.kind, options.taskId);
    const existing = await tx.clipAsset.findUnique({
      where: { clipId_kind: { clipId: options.clipId, kind } },
      select: { id: true, taskId: true, sourceUrl: true, archiveStatus: true },
    });
    if (existing) {
      // a fresher link for a file of this task not copied yet; anything else stays
      const fresher =
        existing.taskId === options.taskId &&
        asset.url &&
        existing.sourceUrl !== asset.url &&
        existing.archiveStatus !== "ARCHIVED";
      if (fresher)
        await tx.clipAsset.update({ where: { id: existing.id }, data: { sourceUrl: asset.url } });
      continue;
    }
    await tx.clipAsset.create({
      data: {
        clipId: options.clipId,
        taskId: options.taskId,
        kind,
        sourceUrl: asset.url,
        data: asset.data === undefined ? undefined : (asset.data as Prisma.InputJsonValue),
        // data without a file (synced lyrics) is kept as it is: nothing to copy
        archiveStatus: asset.url ? "PENDING" : "ARCHIVED",
        nextArchiveAt: asset.url ? now : null,
        archivedAt: asset.url ? null : now,
      },
    });
    attached++;
  }
  return attached;
}
