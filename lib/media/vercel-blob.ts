// Archived media in Vercel Blob, for deployments on Vercel (whose disk is not kept).
//
// The store must be a *private* Blob store (@vercel/blob ≥ 2.3): its files are reachable only
// with the token, never by URL, because Chorus serves media itself behind each clip's
// authorization (lib/media/serve.ts). Pathnames are our keys as they are (no random suffix,
// overwriting allowed, so a retried copy replaces the same file).
//
// put streams through the SDK's multipart upload, which sends parts as they fill and makes
// the blob visible only once the upload is completed: atomic, never a whole file in memory.
// Reads are a GET with a Range header; size is a head().
//
// Not tested against the live service (no network in the test environment): the unit tests
// cover configuration, key mapping and error wrapping with a stand-in for the SDK.
import "server-only";

import { PassThrough, pipeline, Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

import * as blob from "@vercel/blob";

import {
  assertSafeKey,
  meter,
  TooLargeError,
  type MediaStorage,
  type PutResult,
} from "@/lib/media/storage";

/** The part of @vercel/blob used here (a stand-in replaces it in unit tests). */
export type BlobSdk = Pick<typeof blob, "put" | "head" | "get" | "del" | "BlobNotFoundError">;

export class BlobStorageError extends Error {
  constructor(operation: string, key: string, detail: string) {
    super(`Vercel Blob ${operation} of ${key} failed: ${detail}`);
    this.name = "BlobStorageError";
  }
}

export class VercelBlobStorage implements MediaStorage {
  constructor(
    private readonly token: string,
    private readonly sdk: BlobSdk = blob,
  ) {}

  private fail(operation: string, key: string, error: unknown): BlobStorageError {
    const message = error instanceof Error ? error.message : String(error);
    return new BlobStorageError(
      operation,
      key,
      this.token ? message.split(this.token).join("[redacted]") : message,
    );
  }

  async put(key: string, body: Readable, options: { maxBytes: number }): Promise<PutResult> {
    const pathname = assertSafeKey(key);
    const { transform, result } = meter(options.maxBytes);
    let tooLarge: TooLargeError | undefined;
    transform.once("error", (error) => void (error instanceof TooLargeError && (tooLarge = error)));
    const metered = pipeline(body, transform, () => {}) as unknown as Readable;
    try {
      await this.sdk.put(pathname, metered, {
        access: "private",
        addRandomSuffix: false,
        allowOverwrite: true,
        multipart: true,
        contentType: "application/octet-stream",
        token: this.token,
      });
      return result();
    } catch (error) {
      body.destroy();
      if (tooLarge) throw tooLarge;
      if (error instanceof TooLargeError) throw error;
      throw this.fail("upload", pathname, error);
    }
  }

  async size(key: string): Promise<number | null> {
    const pathname = assertSafeKey(key);
    try {
      return (await this.sdk.head(pathname, { token: this.token })).size;
    } catch (error) {
      if (error instanceof this.sdk.BlobNotFoundError) return null;
      throw this.fail("head", pathname, error);
    }
  }

  read(key: string, range?: { start: number; end: number }): Readable {
    const pathname = assertSafeKey(key);
    const out = new PassThrough();
    const controller = new AbortController();
    out.once("close", () => controller.abort());
    this.sdk
      .get(pathname, {
        access: "private",
        token: this.token,
        abortSignal: controller.signal,
        ...(range ? { headers: { range: `bytes=${range.start}-${range.end}` } } : {}),
      })
      .then((found) => {
        if (!found || !found.stream) throw new BlobStorageError("read", pathname, "not found");
        if (
          range &&
          !found.headers.get("content-range")?.startsWith(`bytes ${range.start}-${range.end}/`)
        ) {
          void found.stream.cancel();
          throw new BlobStorageError(
            "read",
            pathname,
            `the store did not answer the range ${range.start}-${range.end}`,
          );
        }
        pipeline(Readable.fromWeb(found.stream as WebReadableStream), out, () => {});
      })
      .catch((error: unknown) =>
        out.destroy(error instanceof BlobStorageError ? error : this.fail("read", pathname, error)),
      );
    return out;
  }

  async remove(key: string): Promise<void> {
    const pathname = assertSafeKey(key);
    try {
      await this.sdk.del(pathname, { token: this.token });
    } catch (error) {
      if (error instanceof this.sdk.BlobNotFoundError) return;
      throw this.fail("delete", pathname, error);
    }
  }
}
