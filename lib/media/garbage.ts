// Removes archived files whose rows are gone. A trigger queues the storage key of every
// deleted media_assets or clip_assets row in storage_garbage (same transaction as the
// delete), so this runs strictly after the rows are gone; removal is idempotent (removing a
// missing file is fine), a file still referenced by a row (of either table) is never removed,
// and a failed removal stays queued. The recordings Chorus keeps for a provider that fetches
// them by link (audio_uploads.storage_key) are queued here once their link has expired.
import "server-only";

import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { getMediaStorage } from "@/lib/media/config";
import type { MediaStorage } from "@/lib/media/storage";

export const GARBAGE_BATCH = 100;

export async function collectStorageGarbage(
  options: { storage?: MediaStorage; limit?: number } = {},
): Promise<{ removed: number; failed: number }> {
  const storage = options.storage ?? getMediaStorage();
  // kept recordings whose link has expired: nobody may fetch them any more
  await db.$executeRaw`
    WITH expired AS (
      SELECT id, storage_key FROM audio_uploads
      WHERE storage_key IS NOT NULL AND expires_at < now()
      ORDER BY expires_at LIMIT ${options.limit ?? GARBAGE_BATCH}
      FOR UPDATE SKIP LOCKED
    ), cleared AS (
      UPDATE audio_uploads u SET storage_key = NULL FROM expired e WHERE u.id = e.id
      RETURNING e.storage_key
    )
    INSERT INTO storage_garbage (storage_key) SELECT storage_key FROM cleared
    ON CONFLICT (storage_key) DO NOTHING`;
  const queued = await db.$queryRaw<{ storage_key: string }[]>`
    SELECT g.storage_key FROM storage_garbage g
    WHERE NOT EXISTS (SELECT 1 FROM media_assets m WHERE m.storage_key = g.storage_key)
      AND NOT EXISTS (SELECT 1 FROM clip_assets a WHERE a.storage_key = g.storage_key)
    ORDER BY g.attempts, g.created_at
    LIMIT ${options.limit ?? GARBAGE_BATCH}`;
  let removed = 0;
  let failed = 0;
  for (const { storage_key: key } of queued) {
    try {
      await storage.remove(key);
      await db.storageGarbage.deleteMany({ where: { storageKey: key } });
      removed++;
    } catch (error) {
      failed++;
      await db.storageGarbage.updateMany({
        where: { storageKey: key },
        data: { attempts: { increment: 1 } },
      });
      log.warn("could not remove an archived file; it stays queued", { key, error });
    }
  }
  // keys that were queued and then used again by a new row are not garbage
  await db.$executeRaw`
    DELETE FROM storage_garbage g
    WHERE EXISTS (SELECT 1 FROM media_assets m WHERE m.storage_key = g.storage_key)
      OR EXISTS (SELECT 1 FROM clip_assets a WHERE a.storage_key = g.storage_key)`;
  return { removed, failed };
}
