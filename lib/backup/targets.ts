// Where a backup writes: a folder on this machine (self-hosted only) or an S3-compatible
// bucket (lib/media/s3.ts, with keys that may carry names). Writes are atomic and hashed on
// the way: a local file is written under <root>/.chorus-tmp/ and renamed into place once
// complete and synced; an S3 object appears only when its upload completes. So a killed run
// leaves either nothing or a whole file at a path, never half of one; rewriting a path with
// the same bytes is harmless, which is what makes a resumed run idempotent.
import "server-only";

import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { S3Storage, type S3Config } from "@/lib/media/s3";
import { assertNamedKey, meter, type PutResult } from "@/lib/media/storage";

/** no single backed-up file is larger (a long WAV or a video is well below) */
const MAX_FILE_BYTES = 4 * 1024 ** 3;
export const TEMPORARY_DIR = ".chorus-tmp";

export type BackupTarget = {
  write(key: string, body: Readable): Promise<PutResult>;
  read(key: string): Readable;
  /** what an interrupted writer left behind (only the lease holder calls this) */
  removeTemporaries(): Promise<void>;
  describe(): string;
};

/**
 * Local folders are allowed only on a self-hosted install whose operator set
 * BACKUP_LOCAL_ROOT (every destination is a folder under it), never on Vercel (its disk is
 * not kept, and one function's disk is not the next one's). Null when allowed, else why not.
 */
export function localFoldersRefusal(): string | null {
  const env = getEnv();
  if (env.VERCEL) return "Backups to a local folder are not available on Vercel; use a bucket.";
  if (!env.BACKUP_LOCAL_ROOT)
    return "Backups to a local folder are off on this install (the operator sets BACKUP_LOCAL_ROOT to allow them).";
  return null;
}

export function localFolderPath(folder: string): string {
  const refusal = localFoldersRefusal();
  if (refusal) throw new AppError("BAD_REQUEST", refusal);
  const root = path.resolve(getEnv().BACKUP_LOCAL_ROOT!);
  const full = path.resolve(root, assertNamedKey(folder));
  if (full !== root && !full.startsWith(root + path.sep))
    throw new AppError("BAD_REQUEST", "The folder must be inside the backup root.");
  return full;
}

export class LocalFolderTarget implements BackupTarget {
  constructor(private readonly root: string) {}

  private file(key: string) {
    return path.join(this.root, assertNamedKey(key));
  }

  async write(key: string, body: Readable): Promise<PutResult> {
    const target = this.file(key);
    const temporaryDir = path.join(this.root, TEMPORARY_DIR);
    await mkdir(temporaryDir, { recursive: true });
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = path.join(temporaryDir, randomBytes(8).toString("hex"));
    const { transform, result } = meter(MAX_FILE_BYTES);
    try {
      await pipeline(body, transform, createWriteStream(temporary, { flags: "wx" }));
      const handle = await open(temporary, "r+");
      await handle.sync().finally(() => handle.close());
      await rename(temporary, target);
      return result();
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  read(key: string): Readable {
    return createReadStream(this.file(key));
  }

  async removeTemporaries() {
    await rm(path.join(this.root, TEMPORARY_DIR), { recursive: true, force: true });
  }

  describe() {
    return this.root;
  }
}

export class S3Target implements BackupTarget {
  private readonly storage: S3Storage;

  constructor(private readonly config: S3Config) {
    this.storage = new S3Storage({ ...config, namedKeys: true, concurrency: 2 });
  }

  write(key: string, body: Readable) {
    return this.storage.put(key, body, { maxBytes: MAX_FILE_BYTES });
  }

  read(key: string) {
    return this.storage.read(key);
  }

  async removeTemporaries() {
    // an interrupted multipart upload never becomes an object (a lifecycle rule removes parts)
  }

  describe() {
    return `s3://${this.config.bucket}/${this.config.prefix ?? ""}`;
  }
}
