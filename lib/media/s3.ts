// Archived media in any S3-compatible store (AWS S3, Cloudflare R2, MinIO, …).
//
// Client: aws4fetch, one small file with no dependencies that signs (SigV4) requests made
// with the platform's fetch. The AWS SDK (@aws-sdk/client-s3 + lib-storage) would bring about
// a hundred packages and several MB into the server, and its recent versions send CRC checksum
// headers by default that some S3-compatible stores refuse. We use five S3 calls (PUT, HEAD,
// GET with Range, DELETE, and multipart create/part/complete/abort), written out below.
//
// Atomic and streaming: a body is read part by part (partSize, 8 MiB by default; at most
// `concurrency` parts in flight, so memory stays near (concurrency + 1) × partSize whatever the
// file's size). A body that ends within the first part goes up as one PUT; a longer one as a
// multipart upload, which S3 makes visible only when it is completed. On any error (the
// source fails, the size limit is passed, the store refuses a part) the upload is aborted,
// so nothing partial is ever visible. Every part is signed with its SHA-256, which S3 checks.
//
// Errors name the operation, bucket and key, never the credentials.
import "server-only";

import { PassThrough, pipeline, Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

import { AwsClient } from "aws4fetch";

import { log } from "@/lib/log";
import {
  assertNamedKey,
  assertSafeKey,
  meter,
  type MediaStorage,
  type PutResult,
} from "@/lib/media/storage";

export type S3Config = {
  /** e.g. https://<account>.r2.cloudflarestorage.com or http://localhost:9000; unset: AWS */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** https://endpoint/bucket/key instead of https://bucket.endpoint/key (MinIO needs it) */
  forcePathStyle: boolean;
  /** e.g. "chorus/": every key is stored under it */
  prefix?: string;
  partSize?: number;
  concurrency?: number;
  /** keys may carry names (spaces, brackets, any letters): backups, not the media store */
  namedKeys?: boolean;
};

/** S3's smallest part (all but the last) */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

type Upload = { id: string; etags: string[]; inflight: Set<Promise<void>>; failure?: unknown };

export class S3StorageError extends Error {
  constructor(
    readonly operation: string,
    readonly location: string,
    readonly status: number | null,
    detail: string,
  ) {
    super(`S3 ${operation} of ${location} failed: ${detail}`);
    this.name = "S3StorageError";
  }
}

export class S3Storage implements MediaStorage {
  private readonly client: AwsClient;
  private readonly base: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly concurrency: number;

  constructor(private readonly config: S3Config) {
    this.client = new AwsClient({
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      service: "s3",
      region: config.region,
      retries: 2,
    });
    const endpoint = new URL(config.endpoint ?? `https://s3.${config.region}.amazonaws.com`);
    const host = config.forcePathStyle ? endpoint.host : `${config.bucket}.${endpoint.host}`;
    const origin = `${endpoint.protocol}//${host}`;
    const path = endpoint.pathname.replace(/\/+$/, "");
    this.base = config.forcePathStyle
      ? `${origin}${path}/${encodeURIComponent(config.bucket)}`
      : `${origin}${path}`;
    this.prefix = config.prefix ? assertSafeKey(config.prefix.replace(/\/*$/, "/")) : "";
    this.partSize = Math.max(MIN_PART_SIZE, config.partSize ?? 8 * 1024 * 1024);
    this.concurrency = Math.max(1, config.concurrency ?? 2);
  }

  /** the object's key in the bucket */
  objectKey(key: string) {
    return this.prefix + (this.config.namedKeys ? assertNamedKey(key) : assertSafeKey(key));
  }

  private url(key: string, query = "") {
    return `${this.base}/${this.objectKey(key).split("/").map(encodeURIComponent).join("/")}${query}`;
  }

  private where(key: string) {
    return `s3://${this.config.bucket}/${this.objectKey(key)}`;
  }

  /** One signed request; a network failure becomes an S3StorageError without credentials. */
  private async send(
    operation: string,
    key: string,
    url: string,
    init: RequestInit,
  ): Promise<Response> {
    try {
      return await this.client.fetch(url, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new S3StorageError(
        operation,
        this.where(key),
        null,
        this.scrub(cause?.code ?? cause?.message ?? (error as Error).message ?? "network error"),
      );
    }
  }

  /** An S3 error response, by its <Code> and <Message> (never its echoed request details). */
  private async failure(
    operation: string,
    key: string,
    response: Response,
  ): Promise<S3StorageError> {
    const text = await response.text().catch(() => "");
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
    const detail = [`HTTP ${response.status}`, code, message].filter(Boolean).join(" ");
    return new S3StorageError(operation, this.where(key), response.status, this.scrub(detail));
  }

  private scrub(text: string) {
    let out = text;
    for (const secret of [this.config.secretAccessKey, this.config.accessKeyId])
      if (secret) out = out.split(secret).join("[redacted]");
    return out;
  }

  async put(key: string, body: Readable, options: { maxBytes: number }): Promise<PutResult> {
    const where = this.where(key);
    const { transform, result } = meter(options.maxBytes);
    // errors of the source (a dropped download) arrive through the meter
    const metered = pipeline(body, transform, () => {}) as unknown as AsyncIterable<Buffer>;
    let chunks: Buffer[] = [];
    let buffered = 0;
    // set on the first full part (a closure assigns it, hence the holder)
    const state: { upload: Upload | null } = { upload: null };

    const sendPart = async (data: Buffer<ArrayBuffer>) => {
      state.upload ??= { id: await this.createMultipart(key), etags: [], inflight: new Set() };
      const current = state.upload;
      const partNumber = current.etags.push("");
      const promise: Promise<void> = this.uploadPart(key, current.id, partNumber, data)
        .then(
          (etag) => void (current.etags[partNumber - 1] = etag),
          (error) => void (current.failure ??= error),
        )
        .finally(() => current.inflight.delete(promise));
      current.inflight.add(promise);
      while (current.inflight.size >= this.concurrency) await Promise.race(current.inflight);
      if (current.failure) throw current.failure;
    };

    try {
      for await (const chunk of metered) {
        chunks.push(chunk);
        buffered += chunk.length;
        if (buffered >= this.partSize) {
          const part = Buffer.concat(chunks, buffered);
          chunks = [];
          buffered = 0;
          await sendPart(part);
        }
      }
      const rest = Buffer.concat(chunks, buffered);
      chunks = [];
      const current = state.upload;
      if (!current) {
        const response = await this.send("PUT", key, this.url(key), {
          method: "PUT",
          body: rest,
          headers: { "content-type": "application/octet-stream" },
        });
        if (!response.ok) throw await this.failure("PUT", key, response);
        await response.body?.cancel();
      } else {
        if (rest.length > 0) await sendPart(rest);
        await Promise.all(current.inflight);
        if (current.failure) throw current.failure;
        await this.completeMultipart(key, current.id, current.etags);
      }
      return result();
    } catch (error) {
      body.destroy();
      const current = state.upload;
      if (current) {
        // a part still in flight would outlive the abort
        await Promise.allSettled(current.inflight);
        await this.abortMultipart(key, current.id).catch((abortError: unknown) =>
          log.warn(
            "could not abort an S3 multipart upload; a lifecycle rule for incomplete uploads removes it",
            { where, reason: (abortError as Error).message },
          ),
        );
      }
      // the store's own failures are S3StorageErrors already; the source's (a dropped download,
      // TooLargeError) pass as they are, as they do with local disk
      throw error;
    }
  }

  private async createMultipart(key: string): Promise<string> {
    const response = await this.send("multipart upload start", key, this.url(key, "?uploads"), {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
    });
    if (!response.ok) throw await this.failure("multipart upload start", key, response);
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(await response.text())?.[1];
    if (!id)
      throw new S3StorageError(
        "multipart upload start",
        this.where(key),
        response.status,
        "no UploadId in the answer",
      );
    return id;
  }

  private async uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    data: Buffer<ArrayBuffer>,
  ): Promise<string> {
    const operation = `upload of part ${partNumber}`;
    const response = await this.send(
      operation,
      key,
      this.url(key, `?partNumber=${partNumber}&uploadId=${encodeURIComponent(uploadId)}`),
      { method: "PUT", body: data },
    );
    if (!response.ok) throw await this.failure(operation, key, response);
    await response.body?.cancel();
    const etag = response.headers.get("etag");
    if (!etag)
      throw new S3StorageError(
        operation,
        this.where(key),
        response.status,
        "no ETag in the answer",
      );
    return etag;
  }

  private async completeMultipart(key: string, uploadId: string, etags: string[]) {
    const xml = `<CompleteMultipartUpload>${etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag.replaceAll("&", "&amp;").replaceAll("<", "&lt;")}</ETag></Part>`).join("")}</CompleteMultipartUpload>`;
    const response = await this.send(
      "multipart upload completion",
      key,
      this.url(key, `?uploadId=${encodeURIComponent(uploadId)}`),
      { method: "POST", body: xml, headers: { "content-type": "application/xml" } },
    );
    if (!response.ok) throw await this.failure("multipart upload completion", key, response);
    // S3 may answer 200 and report the failure in the body
    const text = await response.text();
    if (/<Error>/.test(text))
      throw await this.failure(
        "multipart upload completion",
        key,
        new Response(text, { status: 500 }),
      );
  }

  private async abortMultipart(key: string, uploadId: string) {
    const response = await this.send(
      "multipart upload abort",
      key,
      this.url(key, `?uploadId=${encodeURIComponent(uploadId)}`),
      { method: "DELETE" },
    );
    if (!response.ok && response.status !== 404)
      throw await this.failure("multipart upload abort", key, response);
    await response.body?.cancel();
  }

  async size(key: string): Promise<number | null> {
    const response = await this.send("HEAD", key, this.url(key), { method: "HEAD" });
    if (response.status === 404) return null;
    if (!response.ok) throw await this.failure("HEAD", key, response);
    const length = Number(response.headers.get("content-length"));
    if (!Number.isSafeInteger(length))
      throw new S3StorageError(
        "HEAD",
        this.where(key),
        response.status,
        "no Content-Length in the answer",
      );
    return length;
  }

  read(key: string, range?: { start: number; end: number }): Readable {
    const out = new PassThrough();
    const controller = new AbortController();
    out.once("close", () => controller.abort());
    const headers: Record<string, string> = range
      ? { range: `bytes=${range.start}-${range.end}` }
      : {};
    this.send("GET", key, this.url(key), { headers, signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw await this.failure("GET", key, response);
        // a store that ignored the Range would send the wrong bytes
        if (
          range &&
          (response.status !== 206 ||
            !response.headers
              .get("content-range")
              ?.startsWith(`bytes ${range.start}-${range.end}/`))
        ) {
          await response.body?.cancel();
          throw new S3StorageError(
            "GET",
            this.where(key),
            response.status,
            `the store did not answer the range ${range.start}-${range.end}`,
          );
        }
        if (!response.body) return void out.end();
        pipeline(Readable.fromWeb(response.body as WebReadableStream), out, () => {});
      })
      .catch((error: unknown) =>
        out.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    return out;
  }

  async remove(key: string): Promise<void> {
    const response = await this.send("DELETE", key, this.url(key), { method: "DELETE" });
    if (!response.ok && response.status !== 404) throw await this.failure("DELETE", key, response);
    await response.body?.cancel();
  }
}
