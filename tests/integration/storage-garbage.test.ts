// Archived files of purged clips and deleted teams leave storage (issue 12, item 11): a
// trigger queues the key when the row goes, the sweeper removes the file afterwards,
// idempotently, never one a row still uses, and keeps a failed removal for the next pass.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";

import { describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { emptyOldTrash } from "@/lib/library/clips";
import { getMediaStorage } from "@/lib/media/config";
import { collectStorageGarbage } from "@/lib/media/garbage";
import type { MediaStorage } from "@/lib/media/storage";
import { createTeam, deleteTeam } from "@/lib/teams/teams";

const storage = () => getMediaStorage();
const person = () =>
  registerUser({
    name: "Keeper",
    email: `keeper-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });

async function archivedClip(ownerId: string, teamId: string | null = null) {
  const clip = await db.clip.create({
    data: { ownerId, teamId, upstreamId: randomBytes(6).toString("hex"), status: "COMPLETE" },
  });
  const key = `clips/${clip.id}/audio.mp3`;
  const stored = await storage().put(key, Readable.from([Buffer.from("ID3 fake audio")]), {
    maxBytes: 1000,
  });
  await db.mediaAsset.create({
    data: {
      clipId: clip.id,
      kind: "AUDIO",
      sourceUrl: "https://cdn.example/a.mp3",
      storageKey: key,
      contentType: "audio/mpeg",
      byteSize: BigInt(stored.size),
      sha256: stored.sha256,
    },
  });
  return { clip, key };
}

describe("storage garbage", () => {
  it("a recording kept for a provider's link leaves storage once the link has expired", async () => {
    const user = await person();
    const keep = async (expiresAt: Date) => {
      const key = `uploads/${randomBytes(8).toString("hex")}`;
      await storage().put(key, Readable.from([Buffer.from("RIFF fake recording")]), {
        maxBytes: 1000,
      });
      const upload = await db.audioUpload.create({
        data: {
          ownerId: user.id,
          provider: "primary",
          keyFingerprint: "fp",
          storageKey: key,
          fileName: "take.wav",
          contentType: "audio/wav",
          byteSize: 19,
          expiresAt,
        },
      });
      return { key, upload };
    };
    const expired = await keep(new Date(Date.now() - 60_000));
    const live = await keep(new Date(Date.now() + 3_600_000));
    await collectStorageGarbage();
    expect(await storage().size(expired.key)).toBeNull();
    expect(
      await db.audioUpload.findUniqueOrThrow({ where: { id: expired.upload.id } }),
    ).toMatchObject({ storageKey: null });
    expect(await storage().size(live.key)).not.toBeNull();
    expect(await db.audioUpload.findUniqueOrThrow({ where: { id: live.upload.id } })).toMatchObject(
      { storageKey: live.key },
    );
  });

  it("a clip purged from the trash loses its file, once, after its rows are gone", async () => {
    const user = await person();
    const { clip, key } = await archivedClip(user.id);
    const kept = await archivedClip(user.id);
    await db.clip.update({
      where: { id: clip.id },
      data: { trashedAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    expect(await storage().size(key)).not.toBeNull();
    expect(await emptyOldTrash()).toBeGreaterThanOrEqual(1);
    expect(await db.storageGarbage.count({ where: { storageKey: key } })).toBe(1);

    expect((await collectStorageGarbage()).removed).toBeGreaterThanOrEqual(1);
    expect(await storage().size(key)).toBeNull();
    expect(await db.storageGarbage.count({ where: { storageKey: key } })).toBe(0);
    expect(await collectStorageGarbage()).toEqual({ removed: 0, failed: 0 }); // idempotent
    expect(await storage().size(kept.key)).not.toBeNull(); // a live clip's file stays
  });

  it("a deleted team's songs lose their files", async () => {
    const user = await person();
    const team = await createTeam(user, { name: `Garbage ${randomBytes(3).toString("hex")}` });
    const { key } = await archivedClip(user.id, team.id);
    await deleteTeam(user, team.id, team.slug);
    await collectStorageGarbage();
    expect(await storage().size(key)).toBeNull();
  });

  it("never removes a file a row uses again, and keeps a failed removal queued", async () => {
    const user = await person();
    const { clip, key } = await archivedClip(user.id);
    await db.storageGarbage.create({ data: { storageKey: key } }); // queued, yet still in use
    await collectStorageGarbage();
    expect(await storage().size(key)).not.toBeNull();
    expect(await db.storageGarbage.count({ where: { storageKey: key } })).toBe(0);

    const failing: MediaStorage = {
      ...storage(),
      remove: async () => {
        throw new Error("the store is down");
      },
    };
    await db.clip.delete({ where: { id: clip.id } });
    expect(await collectStorageGarbage({ storage: failing })).toMatchObject({ failed: 1 });
    expect(await db.storageGarbage.findUnique({ where: { storageKey: key } })).toMatchObject({
      attempts: 1,
    });
    expect(await storage().size(key)).not.toBeNull();
    await collectStorageGarbage();
    expect(await storage().size(key)).toBeNull();
  });
});
