// Copies a clip's attachments (clip_assets: WAV, stems, video, cover variants) into our own
// storage, with the clip archiver's rules: one archiver per row (a compare-and-set claim with
// a short lease its heartbeat renews), the SSRF-safe download, the kind and size checks, the
// sha256, the store's atomic write, and retries at 1, 5, 25 … minutes up to MAX_ATTEMPTS.
import "server-only";

import { after } from "next/server";

import { db } from "@/lib/db";
import { log } from "@/lib/log";
import {
  ARCHIVE_LEASE_SECONDS,
  downloadInto,
  MAX_ATTEMPTS,
  retryDelaySeconds,
  type ArchiveOptions,
  type Wanted,
} from "@/lib/media/archive";
import { allowedMediaHosts, getMediaStorage } from "@/lib/media/config";

type Claimed = {
  id: string;
  clip_id: string;
  kind: string;
  source_url: string;
  archive_attempts: number;
};

/** What each kind of attachment must be, and how large it may be. */
export function assetSpec(kind: string): (Wanted & { maxBytes: number }) | null {
  if (kind === "wav") return { type: /^audio\//, noun: "WAV", sniffed: "audio", maxBytes: 300e6 };
  if (kind.startsWith("stem:"))
    return { type: /^audio\//, noun: "stem", sniffed: "audio", maxBytes: 300e6 };
  if (kind === "video")
    return { type: /^video\//, noun: "video", sniffed: "video", maxBytes: 300e6 };
  if (kind.startsWith("cover:"))
    return { type: /^image\//, noun: "cover art", sniffed: "image", maxBytes: 20e6 };
  return null;
}

/** `stem:backing-vocals` → `clips/<id>/assets/stem-backing-vocals` (a safe storage key). */
export const assetStorageKey = (clipId: string, kind: string) =>
  `clips/${clipId}/assets/${kind.replace(/[^a-zA-Z0-9-]+/g, "-")}`;

export async function archiveAsset(
  assetId: string,
  options: ArchiveOptions & { force?: boolean; leaseSeconds?: number } = {},
): Promise<"ARCHIVED" | "FAILED" | "SKIPPED"> {
  const lease = options.leaseSeconds ?? ARCHIVE_LEASE_SECONDS;
  const force = options.force ?? false;
  const claimed = await db.$queryRaw<Claimed[]>`
    UPDATE clip_assets SET archive_status = 'ARCHIVING', archive_attempts = archive_attempts + 1,
      next_archive_at = now() + make_interval(secs => ${lease}), updated_at = now()
    WHERE id = ${assetId} AND source_url IS NOT NULL
      AND (archive_status IN ('PENDING', 'FAILED') OR (archive_status = 'ARCHIVING'
        AND next_archive_at < now()))
      AND (${force}::boolean OR next_archive_at IS NULL OR next_archive_at <= now())
      AND (${force}::boolean OR archive_attempts < ${MAX_ATTEMPTS})
    RETURNING id, clip_id, kind, source_url, archive_attempts`;
  const asset = claimed[0];
  if (!asset) return "SKIPPED";
  const heartbeat = setInterval(
    () =>
      void db.$executeRaw`
        UPDATE clip_assets SET next_archive_at = now() + make_interval(secs => ${lease})
        WHERE id = ${asset.id} AND archive_status = 'ARCHIVING'
          AND archive_attempts = ${asset.archive_attempts}`.catch(() => {}),
    (lease * 1000) / 3,
  );
  heartbeat.unref();
  try {
    const spec = assetSpec(asset.kind);
    if (!spec) throw new Error(`an attachment of kind ${asset.kind} has no file to keep`);
    const key = assetStorageKey(asset.clip_id, asset.kind);
    const stored = await downloadInto(options.storage ?? getMediaStorage(), {
      source: asset.source_url,
      key,
      want: spec,
      maxBytes: spec.maxBytes,
      allowHosts: options.allowHosts ?? allowedMediaHosts(),
    });
    await db.clipAsset.update({
      where: { id: asset.id },
      data: {
        storageKey: key,
        contentType: stored.contentType,
        byteSize: BigInt(stored.size),
        sha256: stored.sha256,
        archiveStatus: "ARCHIVED",
        archivedAt: new Date(),
        archiveError: null,
        nextArchiveAt: null,
      },
    });
    return "ARCHIVED";
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const retry = asset.archive_attempts < MAX_ATTEMPTS;
    await db.clipAsset.update({
      where: { id: asset.id },
      data: {
        archiveStatus: "FAILED",
        archiveError: reason,
        nextArchiveAt: retry
          ? new Date(Date.now() + retryDelaySeconds(asset.archive_attempts) * 1000)
          : null,
      },
    });
    log.warn("archiving an attachment failed", { assetId, reason });
    return "FAILED";
  } finally {
    clearInterval(heartbeat);
  }
}

/** For the sweeper: a bounded number of due attachments, two at a time. */
export async function archiveDueAssets(options: ArchiveOptions & { limit?: number } = {}) {
  await db.$executeRaw`
    UPDATE clip_assets SET archive_status = 'FAILED', next_archive_at = NULL, updated_at = now(),
      archive_error = ${`Archiving was interrupted ${MAX_ATTEMPTS} times.`}
    WHERE archive_status = 'ARCHIVING' AND next_archive_at < now()
      AND archive_attempts >= ${MAX_ATTEMPTS}`;
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM clip_assets
    WHERE archive_status IN ('PENDING', 'FAILED', 'ARCHIVING') AND source_url IS NOT NULL
      AND next_archive_at <= now() AND archive_attempts < ${MAX_ATTEMPTS}
    ORDER BY next_archive_at LIMIT ${options.limit ?? 20}`;
  const results: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(2, due.length) }, async () => {
      while (next < due.length) results.push(await archiveAsset(due[next++]!.id, options));
    }),
  );
  return {
    due: due.length,
    archived: results.filter((r) => r === "ARCHIVED").length,
    failed: results.filter((r) => r === "FAILED").length,
  };
}

/** A derivative task's fresh files, copied now while the provider's links are fresh. */
export async function archiveAssetsOfTask(taskId: string, options: ArchiveOptions = {}) {
  const assets = await db.clipAsset.findMany({
    where: { taskId, archiveStatus: "PENDING", sourceUrl: { not: null } },
    select: { id: true },
  });
  for (const asset of assets) await archiveAsset(asset.id, options);
  return assets.length;
}

/** After the response (or now, outside a request), like archiveSoon for clips. */
export function archiveAssetsSoon({ taskId }: { taskId: string }) {
  const work = () =>
    archiveAssetsOfTask(taskId).catch((error: unknown) =>
      log.warn("archiving attachments after ingest failed", { taskId, error }),
    );
  try {
    after(work);
  } catch {
    void work();
  }
}
