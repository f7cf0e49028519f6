// S3Storage against a real S3-compatible server over HTTP (s3rver behind a SigV4-checking
// front, tests/support/s3-server.ts): single and multipart uploads, ranges, size limits,
// failures that must leave nothing visible, bounded memory for large files, and error
// messages that never carry the credentials.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { MIN_PART_SIZE, S3Storage, S3StorageError, type S3Config } from "@/lib/media/s3";
import { TooLargeError } from "@/lib/media/storage";

import { S3_TEST_CREDENTIALS, startS3Server, type TestS3Server } from "../support/s3-server";

let s3: TestS3Server;
const MiB = 1024 * 1024;

const config = (overrides: Partial<S3Config> = {}): S3Config => ({
  endpoint: s3.endpoint,
  region: "us-east-1",
  bucket: s3.bucket,
  forcePathStyle: true,
  prefix: "chorus/",
  partSize: MIN_PART_SIZE,
  ...S3_TEST_CREDENTIALS,
  ...overrides,
});

/** A body made on demand (as a download arrives), optionally failing after `failAt` bytes. */
function source(
  total: number,
  options: { failAt?: number; onChunk?: (produced: number) => void } = {},
) {
  const hash = createHash("sha256");
  let produced = 0;
  const stream = new Readable({
    read() {
      if (options.failAt !== undefined && produced >= options.failAt)
        return this.destroy(new Error("upstream dropped the connection"));
      if (produced >= total) return void this.push(null);
      const chunk = Buffer.alloc(Math.min(64 * 1024, total - produced));
      for (let i = 0; i < chunk.length; i++) chunk[i] = ((produced + i) * 2654435761) >>> 24;
      hash.update(chunk);
      produced += chunk.length;
      options.onChunk?.(produced);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest("hex") };
}

async function collect(stream: Readable) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const multipartCalls = () =>
  s3.requests.filter((r) => r.query.has("uploads") || r.query.has("uploadId"));

beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(() => s3.stop());
beforeEach(() => {
  s3.requests.length = 0;
  s3.failWhen(null);
});

describe("S3Storage", () => {
  it("stores a small file with one PUT, then answers its size, whole and ranged reads, and removes it", async () => {
    const storage = new S3Storage(config());
    const body = Buffer.from("RIFF and then some audio bytes, 0123456789".repeat(100));
    const stored = await storage.put("clips/a/audio", Readable.from([body]), {
      maxBytes: 1_000_000,
    });
    expect(stored).toEqual({ size: body.length, sha256: sha(body) });
    expect(multipartCalls()).toEqual([]);
    expect(s3.objectKeys()).toContain("chorus/clips/a/audio"); // under S3_PREFIX

    expect(await storage.size("clips/a/audio")).toBe(body.length);
    expect((await collect(storage.read("clips/a/audio"))).equals(body)).toBe(true);
    expect(
      (await collect(storage.read("clips/a/audio", { start: 0, end: 1 }))).equals(
        body.subarray(0, 2),
      ),
    ).toBe(true);
    // s3rver answers bytes=0-0 with the whole file (its bug); a store that ignores the asked
    // range is caught rather than served as if it were the range
    await expect(collect(storage.read("clips/a/audio", { start: 0, end: 0 }))).rejects.toThrow(
      /did not answer the range 0-0/,
    );
    expect(
      (await collect(storage.read("clips/a/audio", { start: 100, end: 1099 }))).equals(
        body.subarray(100, 1100),
      ),
    ).toBe(true);
    expect(
      (
        await collect(
          storage.read("clips/a/audio", { start: body.length - 7, end: body.length - 1 }),
        )
      ).equals(body.subarray(-7)),
    ).toBe(true);

    await storage.remove("clips/a/audio");
    expect(await storage.size("clips/a/audio")).toBeNull();
    expect(s3.objectKeys()).not.toContain("chorus/clips/a/audio");
    await storage.remove("clips/a/audio"); // removing twice is fine
  });

  it("uploads a longer file in parts and reads ranges across part boundaries", async () => {
    const storage = new S3Storage(config());
    const body = source(12 * MiB + 12345);
    const stored = await storage.put("clips/b/video", body.stream, { maxBytes: 100 * MiB });
    expect(stored).toEqual({ size: 12 * MiB + 12345, sha256: body.sha256() });
    const calls = multipartCalls().map(
      (r) =>
        `${r.method} ${r.query.has("uploads") ? "uploads" : r.query.has("partNumber") ? `part ${r.query.get("partNumber")}` : "uploadId"}`,
    );
    expect(calls.sort()).toEqual([
      "POST uploadId",
      "POST uploads",
      "PUT part 1",
      "PUT part 2",
      "PUT part 3",
    ]);
    expect(s3.pendingUploads()).toEqual([]);
    expect(await storage.size("clips/b/video")).toBe(12 * MiB + 12345);
    const whole = await collect(storage.read("clips/b/video"));
    expect(sha(whole)).toBe(stored.sha256);
    const across = await collect(
      storage.read("clips/b/video", { start: MIN_PART_SIZE - 10, end: MIN_PART_SIZE + 9 }),
    );
    expect(across.equals(whole.subarray(MIN_PART_SIZE - 10, MIN_PART_SIZE + 10))).toBe(true);
  });

  it("rejects a file over the limit and leaves nothing: no object, the multipart upload aborted", async () => {
    const storage = new S3Storage(config());
    await expect(
      storage.put("clips/c/video", source(20 * MiB).stream, { maxBytes: 7 * MiB }),
    ).rejects.toBeInstanceOf(TooLargeError);
    expect(s3.requests.some((r) => r.method === "DELETE" && r.query.has("uploadId"))).toBe(true);
    expect(s3.pendingUploads()).toEqual([]);
    expect(s3.objectKeys()).not.toContain("chorus/clips/c/video");
    expect(await storage.size("clips/c/video")).toBeNull();

    // within the first part: refused before anything is sent
    s3.requests.length = 0;
    await expect(
      storage.put("clips/c/image", source(5000).stream, { maxBytes: 1000 }),
    ).rejects.toThrow(/larger than the/);
    expect(s3.requests).toEqual([]);
  });

  it("a source that fails mid-stream leaves nothing visible, and an earlier copy untouched", async () => {
    const storage = new S3Storage(config());
    const first = await storage.put("clips/d/audio", source(1000).stream, { maxBytes: 100 * MiB });
    await expect(
      storage.put("clips/d/audio", source(20 * MiB, { failAt: 11 * MiB }).stream, {
        maxBytes: 100 * MiB,
      }),
    ).rejects.toThrow(/upstream dropped the connection/);
    expect(s3.requests.some((r) => r.method === "PUT" && r.query.get("partNumber") === "2")).toBe(
      true,
    ); // it was mid-upload
    expect(s3.pendingUploads()).toEqual([]);
    expect(await storage.size("clips/d/audio")).toBe(1000);
    expect(sha(await collect(storage.read("clips/d/audio")))).toBe(first.sha256);
  });

  it("a part the store refuses aborts the upload; the error names bucket and key, not the credentials", async () => {
    const storage = new S3Storage(config());
    s3.failWhen((r) => r.method === "PUT" && r.query.get("partNumber") === "2");
    const error = await storage
      .put("clips/e/video", source(16 * MiB).stream, { maxBytes: 100 * MiB })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3StorageError);
    expect((error as Error).message).toBe(
      `S3 upload of part 2 of s3://${s3.bucket}/chorus/clips/e/video failed: HTTP 500 InternalError injected failure`,
    );
    expect(s3.pendingUploads()).toEqual([]);
    expect(s3.objectKeys()).not.toContain("chorus/clips/e/video");
  });

  it("wrong credentials: a clear error without the secret", async () => {
    const storage = new S3Storage(config({ secretAccessKey: "wrong-secret-value-abcdef" }));
    const error = (await storage
      .put("clips/f/audio", source(100).stream, { maxBytes: 1000 })
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      new RegExp(
        `^S3 PUT of s3://${s3.bucket}/chorus/clips/f/audio failed: HTTP 403 SignatureDoesNotMatch`,
      ),
    );
    await expect(storage.size("clips/f/audio")).rejects.toThrow(/HEAD of .* failed: HTTP 403/);
    for (const text of [error.message, error.stack ?? "", JSON.stringify(error)]) {
      expect(text).not.toContain("wrong-secret-value-abcdef");
      expect(text).not.toContain(S3_TEST_CREDENTIALS.accessKeyId);
    }
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = new S3Storage(config({ endpoint: `http://127.0.0.1:${port}` }));
    await expect(unreachable.size("clips/f/audio")).rejects.toThrow(
      /^S3 HEAD of s3:\/\/chorus-media\/chorus\/clips\/f\/audio failed: ECONNREFUSED$/,
    );
  });

  it("a missing object: size null, read fails with NoSuchKey", async () => {
    const storage = new S3Storage(config());
    expect(await storage.size("clips/none/audio")).toBeNull();
    await expect(collect(storage.read("clips/none/audio"))).rejects.toThrow(
      /GET of .*clips\/none\/audio failed: HTTP 404 NoSuchKey/,
    );
    expect(() => storage.read("../etc/passwd")).toThrow(/unsafe storage key/);
  });

  it("streams a large file with memory bounded by the parts in flight, not by the file", async () => {
    const storage = new S3Storage(config({ concurrency: 2 }));
    const total = 48 * MiB;
    let aheadMax = 0; // bytes read from the source but not yet received by the store
    const body = source(total, {
      onChunk: (produced) => {
        aheadMax = Math.max(aheadMax, produced - s3.partBytes() - 64 * 1024);
      },
    });
    const rssBefore = process.memoryUsage().rss;
    let rssMax = rssBefore;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 20);
    const stored = await storage
      .put("clips/g/video", body.stream, { maxBytes: 100 * MiB })
      .finally(() => clearInterval(sampler));
    expect(stored).toEqual({ size: total, sha256: body.sha256() });
    // at most `concurrency` parts in flight plus the one filling: 3 × 5 MiB, whatever the file's size
    expect(aheadMax).toBeLessThanOrEqual(3 * MIN_PART_SIZE + MiB);
    console.info(
      `48 MiB upload: at most ${(aheadMax / MiB).toFixed(1)} MiB read ahead of the store; rss +${((rssMax - rssBefore) / MiB).toFixed(0)} MiB (s3rver runs in this process)`,
    );
    expect(sha(await collect(storage.read("clips/g/video")))).toBe(stored.sha256);
  }, 60_000);

  it("builds AWS virtual-hosted and path-style addresses", () => {
    const aws = new S3Storage({
      region: "eu-west-1",
      bucket: "songs",
      accessKeyId: "a",
      secretAccessKey: "b",
      forcePathStyle: false,
    });
    expect((aws as unknown as { url(key: string): string }).url("clips/x/audio")).toBe(
      "https://songs.s3.eu-west-1.amazonaws.com/clips/x/audio",
    );
    const minio = new S3Storage({
      endpoint: "http://localhost:9000/",
      region: "us-east-1",
      bucket: "songs",
      accessKeyId: "a",
      secretAccessKey: "b",
      forcePathStyle: true,
      prefix: "chorus",
    });
    expect((minio as unknown as { url(key: string): string }).url("clips/x/audio")).toBe(
      "http://localhost:9000/songs/chorus/clips/x/audio",
    );
  });
});
