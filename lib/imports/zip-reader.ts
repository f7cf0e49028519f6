// Reading an uploaded ZIP where it lies in Chorus's storage, by ranges (yauzl over a random
// access reader whose reads are `storage.read(key, range)`): the central directory first,
// then one entry at a time, inflated as a stream. Nothing is held whole and nothing is copied
// to local disk, so it works the same on S3, Vercel Blob and the local store.
//
// yauzl refuses absolute paths, backslashes and `..` segments (zip slip) and, while an entry is
// read, any byte beyond its declared size (a ZIP bomb lying about its sizes); the limits on
// declared sizes are ours (`planEntries`).
import "server-only";

import { Readable } from "node:stream";

import yauzl from "yauzl";

import type { MediaStorage } from "@/lib/media/storage";

export type ZipEntryInfo = {
  name: string;
  size: number;
  compressedSize: number;
  entry: yauzl.Entry;
};

class StorageReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly storage: MediaStorage,
    private readonly key: string,
  ) {
    super();
  }

  // yauzl's end is exclusive, a storage range inclusive
  _readStreamForRange(start: number, end: number): Readable {
    if (end <= start) return Readable.from([]);
    return this.storage.read(this.key, { start, end: end - 1 });
  }
}

export class BadZipError extends Error {}

export type OpenedZip = {
  entries: ZipEntryInfo[];
  open(entry: ZipEntryInfo): Promise<Readable>;
  close(): void;
};

/** Opens the ZIP and lists its file entries (folders left out), refusing more than `maxEntries`. */
export async function openZip(options: {
  storage: MediaStorage;
  key: string;
  size: number;
  maxEntries: number;
}): Promise<OpenedZip> {
  const reader = new StorageReader(options.storage, options.key);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(reader, options.size, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    throw new BadZipError(`This is not a ZIP file Chorus can read (${reason(error)}).`);
  }
  if (zip.entryCount > options.maxEntries) {
    zip.close();
    throw new BadZipError(
      `The ZIP holds ${zip.entryCount.toLocaleString("en")} files; an import takes at most ${options.maxEntries.toLocaleString("en")}.`,
    );
  }
  const entries: ZipEntryInfo[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith("/")) {
          if (entry.isEncrypted()) {
            reject(new BadZipError(`${entry.fileName} is encrypted; Chorus cannot read it.`));
            return;
          }
          entries.push({
            name: entry.fileName,
            size: entry.uncompressedSize,
            compressedSize: entry.compressedSize,
            entry,
          });
        }
        zip.readEntry();
      });
      zip.on("end", () => resolve());
      zip.on("error", (error: unknown) =>
        reject(
          error instanceof BadZipError
            ? error
            : new BadZipError(`The ZIP cannot be read: ${reason(error)}.`),
        ),
      );
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw error;
  }
  return {
    entries,
    open: (info) => zip.openReadStreamPromise(info.entry),
    close: () => zip.close(),
  };
}

function reason(error: unknown) {
  const text = error instanceof Error ? error.message : String(error);
  // yauzl's messages name the path (ours) and the problem; nothing secret, but keep it short
  return text.slice(0, 200);
}

/** Reads a small entry (a sidecar, metadata.json, a playlist) whole, up to `maxBytes`. */
export async function readSmall(zip: OpenedZip, info: ZipEntryInfo, maxBytes: number) {
  if (info.size > maxBytes) throw new BadZipError(`${info.name} is too large to read.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of (await zip.open(info)) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BadZipError(`${info.name} is larger than it says.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
