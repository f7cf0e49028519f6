// The media archive, whatever the store: copies from the simulator, serves with Range and ETag
// from our own storage even after the upstream is gone, obeys the clip's authorization. Run by
// media.test.ts (local disk) and media-s3.test.ts (an S3-compatible server, chosen by env).
import { createHash, randomBytes } from "node:crypto";

import { parseBuffer } from "music-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { archiveClip, archiveDueClips } from "@/lib/media/archive";
import { parseRange, serveClipMedia } from "@/lib/media/serve";
import { createSunoClient } from "@/lib/suno/client";
import { refreshIfDue } from "@/lib/tasks/refresh";
import { submitTask } from "@/lib/tasks/submit";

import { startSimulator, type Simulator } from "../../simulator/server";

/** `stored()` lists the keys the store holds, to check the files went where they should. */
export function describeArchiveAndServe(store: string, stored?: () => string[]) {
  const KEY = "sk-media";
  let sim: Simulator;
  let simHost: Set<string>;
  let owner: { id: string };
  let clipId: string;
  let originalAudio: Buffer;

  async function finishedClip(simulator: Simulator, actor: { id: string }) {
    const client = createSunoClient([
      { name: "primary", dialect: "relay", baseUrl: simulator.url, keys: [KEY] },
    ]);
    const task = await submitTask({
      actor,
      teamId: null,
      input: {
        operation: "CUSTOM_SONG",
        lyrics: "[Verse]\nKeep me",
        tags: "folk",
        title: "Kept",
        model: "chirp-hawk",
      },
      idempotencyKey: `media-${randomBytes(8).toString("hex")}`,
      client,
    });
    simulator.admin.complete(task.upstreamId!);
    await db.task.update({ where: { id: task.id }, data: { nextPollAt: new Date(0) } });
    await refreshIfDue(task.id, client);
    return db.clip.findFirstOrThrow({ where: { taskId: task.id }, orderBy: { createdAt: "asc" } });
  }

  const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());
  const serve = (
    viewerId: string,
    range: string | null = null,
    ifNoneMatch: string | null = null,
    slug = "audio",
  ) => serveClipMedia({ access: { actor: { id: viewerId } }, clipId, slug, range, ifNoneMatch });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 3 });
    simHost = new Set([new URL(sim.url).host]);
    owner = await registerUser({
      name: "Keeper",
      email: `keeper-${randomBytes(4).toString("hex")}@example.test`,
      password: "a long enough password",
    });
    const clip = await finishedClip(sim, owner);
    clipId = clip.id;
    originalAudio = await bytes(await fetch(clip.audioUrl!));
  });
  afterAll(() => sim.stop());

  describe(`archiving (${store})`, () => {
    it("copies audio and both covers with their checksums, once", async () => {
      expect((await db.clip.findUniqueOrThrow({ where: { id: clipId } })).archiveStatus).toBe(
        "PENDING",
      );
      const report = await archiveDueClips({ allowHosts: simHost });
      expect(report.archived).toBeGreaterThanOrEqual(1);
      const clip = await db.clip.findUniqueOrThrow({
        where: { id: clipId },
        include: { media: true },
      });
      expect(clip).toMatchObject({ archiveStatus: "ARCHIVED", archiveError: null });
      expect(clip.media.map((m) => m.kind).sort()).toEqual(["AUDIO", "IMAGE", "IMAGE_LARGE"]); // the simulator makes no video
      const audio = clip.media.find((m) => m.kind === "AUDIO")!;
      expect(audio).toMatchObject({
        contentType: "audio/wav",
        byteSize: BigInt(originalAudio.length),
        sha256: createHash("sha256").update(originalAudio).digest("hex"),
      });
      expect(await archiveClip(clipId, { allowHosts: simHost })).toBe("SKIPPED"); // already archived
    });

    it("only the owner may force a retry", async () => {
      const { retryArchive } = await import("@/lib/media/archive");
      const stranger = await registerUser({
        name: "Nosy",
        email: `nosy-${randomBytes(4).toString("hex")}@example.test`,
        password: "a long enough password",
      });
      await expect(retryArchive({ actor: stranger, clipId })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      expect(await retryArchive({ actor: owner, clipId })).toBe("ARCHIVED"); // already archived: nothing to do
    });

    it("records a failure with its reason and retries later, or at once when forced", async () => {
      const other = await finishedClip(sim, owner);
      // without the simulator's host allowed, its loopback address is refused
      expect(await archiveClip(other.id, { allowHosts: new Set() })).toBe("FAILED");
      const failed = await db.clip.findUniqueOrThrow({ where: { id: other.id } });
      expect(failed.archiveStatus).toBe("FAILED");
      expect(failed.archiveError).toMatch(/private or reserved address/);
      expect(failed.nextArchiveAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
      expect(await archiveClip(other.id, { allowHosts: simHost })).toBe("SKIPPED"); // not due yet
      expect(await archiveClip(other.id, { allowHosts: simHost, force: true })).toBe("ARCHIVED");
    });
  });

  describe(`serving (${store})`, () => {
    it("answers the whole file, ranges with exactly those bytes, 416 and 304", async () => {
      const whole = await serve(owner.id);
      expect(whole.status).toBe(200);
      expect(whole.headers.get("accept-ranges")).toBe("bytes");
      expect(whole.headers.get("content-length")).toBe(String(originalAudio.length));
      expect((await bytes(whole)).equals(originalAudio)).toBe(true);

      const part = await serve(owner.id, "bytes=100-1099");
      expect(part.status).toBe(206);
      expect(part.headers.get("content-range")).toBe(`bytes 100-1099/${originalAudio.length}`);
      expect((await bytes(part)).equals(originalAudio.subarray(100, 1100))).toBe(true);

      const tail = await serve(owner.id, "bytes=-500");
      expect((await bytes(tail)).equals(originalAudio.subarray(originalAudio.length - 500))).toBe(
        true,
      );
      const open = await serve(owner.id, `bytes=${originalAudio.length - 10}-`);
      expect((await bytes(open)).length).toBe(10);

      const beyond = await serve(owner.id, `bytes=${originalAudio.length}-`);
      expect(beyond.status).toBe(416);
      expect(beyond.headers.get("content-range")).toBe(`bytes */${originalAudio.length}`);

      const etag = whole.headers.get("etag")!;
      expect((await serve(owner.id, null, etag)).status).toBe(304);
      expect((await serve(owner.id, null, null, "image")).headers.get("content-type")).toBe(
        "image/png",
      );
    });

    it("a downloaded song carries its tags and cover; playback gets the stored bytes", async () => {
      const download = await serveClipMedia({
        access: { actor: owner },
        clipId,
        slug: "audio",
        range: null,
        ifNoneMatch: null,
        download: true,
      });
      expect(download.status).toBe(200);
      expect(download.headers.get("content-disposition")).toMatch(
        /attachment; filename="Kept.wav"/,
      );
      const file = await bytes(download);
      expect(download.headers.get("content-length")).toBe(String(file.length));
      // the stored audio first (its RIFF size grown), then the id3 and INFO chunks
      expect(file.subarray(12, originalAudio.length).equals(originalAudio.subarray(12))).toBe(true);
      expect(file.readUInt32LE(4)).toBe(file.length - 8);
      const { common, format } = await parseBuffer(file, { mimeType: "audio/wav" });
      expect(common).toMatchObject({
        title: "Kept",
        artist: "Keeper",
        album: "Keeper (personal library)",
        genre: ["folk"],
      });
      expect(common.lyrics?.map((l) => l.text ?? l).join("")).toContain("Keep me");
      expect(common.picture?.[0]?.format).toBe("image/png");
      expect(format.duration).toBeGreaterThan(2);
    });

    it("parses ranges strictly", () => {
      expect(parseRange("bytes=0-0", 10)).toEqual({ start: 0, end: 0 });
      expect(parseRange("bytes=5-100", 10)).toEqual({ start: 5, end: 9 });
      expect(parseRange("bytes=9-3", 10)).toBe("unsatisfiable");
      expect(parseRange("bytes=-0", 10)).toBe("unsatisfiable");
      expect(parseRange("items=0-1", 10)).toBe("unsatisfiable");
      expect(parseRange("bytes=0-1,4-5", 10)).toBeNull(); // multiple ranges: the whole file
    });

    it("keeps playing from the archive after the upstream link has died", async () => {
      const ephemeral = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 2 });
      const clip = await finishedClip(ephemeral, owner);
      expect(
        await archiveClip(clip.id, { allowHosts: new Set([new URL(ephemeral.url).host]) }),
      ).toBe("ARCHIVED");
      await ephemeral.stop();
      await expect(fetch(clip.audioUrl!)).rejects.toThrow(); // the upstream is gone
      const response = await serveClipMedia({
        access: { actor: owner },
        clipId: clip.id,
        slug: "audio",
        range: "bytes=0-43",
        ifNoneMatch: null,
      });
      expect(response.status).toBe(206);
      expect((await bytes(response)).subarray(0, 4).toString()).toBe("RIFF");
    });

    it("falls back to the upstream link only while archiving is pending", async () => {
      const pending = await finishedClip(sim, owner);
      const response = await serveClipMedia({
        access: { actor: owner },
        clipId: pending.id,
        slug: "audio",
        range: null,
        ifNoneMatch: null,
      });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(pending.audioUrl);
    });

    it("serves only people who may see the clip", async () => {
      const stranger = await registerUser({
        name: "Stranger",
        email: `stranger-${randomBytes(4).toString("hex")}@example.test`,
        password: "a long enough password",
      });
      expect((await serve(stranger.id)).status).toBe(404);
      expect(
        (
          await serveClipMedia({
            access: { actor: owner },
            clipId,
            slug: "lyrics.txt",
            range: null,
            ifNoneMatch: null,
          })
        ).status,
      ).toBe(404);
      // a team member sees a clip shared into the team
      const team = await db.team.create({
        data: { name: "Crew", slug: `crew-${randomBytes(4).toString("hex")}` },
      });
      await db.membership.create({
        data: { teamId: team.id, userId: stranger.id, role: "VIEWER" },
      });
      await db.teamClipShare.create({ data: { clipId, teamId: team.id, sharedById: owner.id } });
      expect((await serve(stranger.id)).status).toBe(200);
    });
  });

  if (stored) {
    it(`keeps the files in ${store}`, () => {
      expect(stored()).toEqual(
        expect.arrayContaining([
          `clips/${clipId}/audio`,
          `clips/${clipId}/image`,
          `clips/${clipId}/image-large`,
        ]),
      );
    });
  }
}
