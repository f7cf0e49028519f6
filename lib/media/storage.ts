// Where archived media live. Local disk (under .data/media, or MEDIA_DIR) by default; the
// interface is what the S3-compatible (s3.ts) and Vercel Blob (vercel-blob.ts) stores implement.
// Writes are atomic: here a temporary name, then a rename; there a completed upload. So a
// half-written file is never served.
import "server-only";

import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export type PutResult = { size: number; sha256: string };

export type MediaStorage = {
  put(key: string, body: Readable, options: { maxBytes: number }): Promise<PutResult>;
  size(key: string): Promise<number | null>;
  /** inclusive byte range, as HTTP ranges are */
  read(key: string, range?: { start: number; end: number }): Readable;
  remove(key: string): Promise<void>;
};

export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than the ${Math.round(maxBytes / 1_000_000)} MB limit`);
  }
}

/** Counts and hashes what passes through, and stops at the limit. */
export function meter(maxBytes: number) {
  const hash = createHash("sha256");
  let size = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) return callback(new TooLargeError(maxBytes));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return { transform, result: (): PutResult => ({ size, sha256: hash.digest("hex") }) };
}

const SAFE_KEY = /^[a-zA-Z0-9][a-zA-Z0-9/_.-]*$/;

/** Keys are ours (clips/<id>/audio), but a store must never be steered outside its root. */
export function assertSafeKey(key: string) {
  if (!SAFE_KEY.test(key) || key.includes("..")) throw new Error(`unsafe storage key: ${key}`);
  return key;
}

/** Keys that carry people's names (backup layouts: `My band/2026/Song [id]/audio.mp3`): any
 *  text but control characters and backslashes, in non-empty segments that are not . or .. */
export function assertNamedKey(key: string) {
  const segments = key.split("/");
  if (
    key.length > 1024 ||
    /[\u0000-\u001f\u007f\\]/.test(key) ||
    segments.some((s) => s === "" || s === "." || s === ".." || s.trim() !== s)
  )
    throw new Error(`unsafe storage key: ${key}`);
  return key;
}

export class LocalDiskStorage implements MediaStorage {
  constructor(private readonly root: string) {}

  private file(key: string) {
    return path.join(this.root, assertSafeKey(key));
  }

  async put(key: string, body: Readable, options: { maxBytes: number }): Promise<PutResult> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.tmp-${randomBytes(6).toString("hex")}`;
    const { transform, result } = meter(options.maxBytes);
    try {
      await pipeline(body, transform, createWriteStream(temporary, { flags: "wx" }));
      await rename(temporary, target);
      return result();
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.file(key))).size;
    } catch {
      return null;
    }
  }

  read(key: string, range?: { start: number; end: number }): Readable {
    return createReadStream(
      this.file(key),
      range ? { start: range.start, end: range.end } : undefined,
    );
  }

  async remove(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  /** Temporary files a killed writer left behind (older than `olderThanMs`, so that another
   *  live process's write in progress is left alone). Returns how many were removed. */
  async removeStaleTemporaries(olderThanMs: number, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = (await readdir(this.root, { recursive: true })) as string[];
    } catch {
      return 0; // nothing stored yet
    }
    let removed = 0;
    for (const name of names.filter((n) => TEMPORARY.test(n))) {
      const file = path.join(this.root, name);
      const info = await stat(file).catch(() => null);
      if (info?.isFile() && now - info.mtimeMs > olderThanMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

const TEMPORARY = /\.tmp-[0-9a-f]{12}$/;
