// Which store MEDIA_STORAGE picks, and the Vercel Blob store's own logic (key mapping, private
// access, ranges, errors) against a stand-in for @vercel/blob. The live Blob service is not
// reachable from tests: this does not prove that Vercel accepts these calls.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";

import { BlobNotFoundError } from "@vercel/blob";
import { describe, expect, it, vi } from "vitest";

import { createMediaStorage } from "@/lib/media/config";
import { S3Storage } from "@/lib/media/s3";
import { LocalDiskStorage, TooLargeError } from "@/lib/media/storage";
import { VercelBlobStorage, type BlobSdk } from "@/lib/media/vercel-blob";

const TOKEN = "vercel_blob_rw_store123_secretpart";

async function drain(body: unknown) {
  const chunks: Buffer[] = [];
  for await (const chunk of body as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function fakeSdk(
  overrides: Partial<Record<"put" | "head" | "get" | "del", (...args: never[]) => unknown>> = {},
) {
  const sdk = {
    put: vi.fn(async (pathname: string, body: unknown) => ({
      pathname,
      size: (await drain(body)).length,
    })),
    head: vi.fn(async () => ({ size: 42 })),
    get: vi.fn(),
    del: vi.fn(async () => undefined),
    BlobNotFoundError,
    ...overrides,
  };
  return sdk as typeof sdk & BlobSdk;
}

describe("createMediaStorage", () => {
  it("picks the store MEDIA_STORAGE names", () => {
    expect(createMediaStorage({ kind: "local", dir: "/tmp/chorus-media-test" })).toBeInstanceOf(
      LocalDiskStorage,
    );
    expect(
      createMediaStorage({
        kind: "s3",
        endpoint: "http://localhost:9000",
        region: "us-east-1",
        bucket: "b",
        accessKeyId: "a",
        secretAccessKey: "s",
        forcePathStyle: true,
        prefix: undefined,
      }),
    ).toBeInstanceOf(S3Storage);
    expect(createMediaStorage({ kind: "vercel-blob", token: TOKEN })).toBeInstanceOf(
      VercelBlobStorage,
    );
  });
});

describe("VercelBlobStorage (with a stand-in SDK)", () => {
  it("uploads privately, under the key itself, streamed in parts, and hashes what it sent", async () => {
    const sdk = fakeSdk();
    const body = Buffer.from("some audio".repeat(1000));
    const stored = await new VercelBlobStorage(TOKEN, sdk).put(
      "clips/abc/audio",
      Readable.from([body]),
      { maxBytes: 1_000_000 },
    );
    expect(stored).toEqual({
      size: body.length,
      sha256: createHash("sha256").update(body).digest("hex"),
    });
    expect(sdk.put).toHaveBeenCalledWith("clips/abc/audio", expect.any(Readable), {
      access: "private",
      addRandomSuffix: false,
      allowOverwrite: true,
      multipart: true,
      contentType: "application/octet-stream",
      token: TOKEN,
    });
  });

  it("reports a file over the limit as too large, whatever the SDK makes of the stream's error", async () => {
    const sdk = fakeSdk({
      put: async (_pathname: never, body: never) => {
        await drain(body).catch(() => undefined);
        throw new Error("Vercel Blob: the upload failed");
      },
    });
    const error = await new VercelBlobStorage(TOKEN, sdk)
      .put("clips/abc/video", Readable.from([Buffer.alloc(3000)]), { maxBytes: 1000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooLargeError);
  });

  it("wraps SDK errors with the key and never the token", async () => {
    const sdk = fakeSdk({
      head: async () => {
        throw new Error(`request with Bearer ${TOKEN} refused`);
      },
    });
    const error = (await new VercelBlobStorage(TOKEN, sdk)
      .size("clips/abc/audio")
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      "Vercel Blob head of clips/abc/audio failed: request with Bearer [redacted] refused",
    );
    expect(error.stack).not.toContain(TOKEN);
  });

  it("a missing blob: size null, removal fine", async () => {
    const sdk = fakeSdk({
      head: async () => {
        throw new BlobNotFoundError();
      },
      del: async () => {
        throw new BlobNotFoundError();
      },
    });
    const storage = new VercelBlobStorage(TOKEN, sdk);
    expect(await storage.size("clips/abc/audio")).toBeNull();
    await expect(storage.remove("clips/abc/audio")).resolves.toBeUndefined();
  });

  it("reads a range with a Range header, and refuses an answer for other bytes", async () => {
    const data = Buffer.from("0123456789");
    const answer = (contentRange: string | null, bytes: Buffer) => ({
      statusCode: 200,
      stream: Readable.toWeb(Readable.from([bytes])),
      headers: new Headers(contentRange ? { "content-range": contentRange } : {}),
      blob: {},
    });
    const sdk = fakeSdk({
      get: vi.fn(async () => answer("bytes 2-5/10", data.subarray(2, 6))) as never,
    });
    const storage = new VercelBlobStorage(TOKEN, sdk);
    expect((await drain(storage.read("clips/abc/audio", { start: 2, end: 5 }))).toString()).toBe(
      "2345",
    );
    expect(sdk.get).toHaveBeenCalledWith(
      "clips/abc/audio",
      expect.objectContaining({ access: "private", token: TOKEN, headers: { range: "bytes=2-5" } }),
    );

    const ignoring = new VercelBlobStorage(TOKEN, fakeSdk({ get: async () => answer(null, data) }));
    await expect(drain(ignoring.read("clips/abc/audio", { start: 2, end: 5 }))).rejects.toThrow(
      /did not answer the range 2-5/,
    );
    const missing = new VercelBlobStorage(TOKEN, fakeSdk({ get: async () => null }));
    await expect(drain(missing.read("clips/abc/audio"))).rejects.toThrow(
      "Vercel Blob read of clips/abc/audio failed: not found",
    );
  });

  it("refuses keys that could leave the store's namespace", () => {
    const storage = new VercelBlobStorage(TOKEN, fakeSdk());
    expect(() => storage.read("../other/audio")).toThrow(/unsafe storage key/);
    expect(() => storage.read("https://evil.example/x")).toThrow(/unsafe storage key/);
  });
});
