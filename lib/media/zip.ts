// Streaming ZIPs of any size, written by client-zip (stored entries, no compression: audio and
// images are compressed already; ZIP64 wherever a size or an offset needs it). Memory stays
// constant apart from the central directory: each file is piped through as it is opened, one
// after the other. The total size is known before a byte is sent (zipSize), for progress.
//
// One gap of client-zip 2.5 is closed here: an archive of 65,535 files or more that stays
// under 4 GB gets only the classic end record, whose 16-bit file count cannot hold that many
// (`unzip` refuses such a file). Such an archive gets the ZIP64 end records that say the count.
import { Readable } from "node:stream";

import { makeZip, predictLength } from "client-zip";

export type ZipEntry = {
  name: string;
  size: number;
  modified: Date;
  open: () => Readable | Promise<Readable>;
};

const END = 22;
const ZIP64_END = 56;
const ZIP64_LOCATOR = 20;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;

/** Whether client-zip writes the ZIP64 end records itself (a file or an offset past 4 GB). */
function clientZipWritesZip64(entries: readonly Pick<ZipEntry, "name" | "size">[]) {
  let offset = 0;
  for (const entry of entries) {
    if (entry.size >= MAX_32) return true;
    offset += 30 + Buffer.byteLength(entry.name) + entry.size + 16;
  }
  return offset >= MAX_32;
}

const needsCountFix = (entries: readonly Pick<ZipEntry, "name" | "size">[]) =>
  entries.length >= MAX_16 && !clientZipWritesZip64(entries);

/** The exact byte length of `zipStream(entries)`. */
export function zipSize(entries: readonly Pick<ZipEntry, "name" | "size">[]): number {
  const size = predictLength(entries.map(({ name, size }) => ({ name, size })));
  return Number(size) + (needsCountFix(entries) ? ZIP64_END + ZIP64_LOCATOR : 0);
}

/** The entry's bytes, opened only when the writer reaches it, checked against its size. */
async function* contentOf(entry: ZipEntry) {
  let size = 0;
  for await (const chunk of await entry.open()) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    yield bytes;
  }
  if (size !== entry.size)
    throw new Error(`${entry.name} changed size while exporting (${size} != ${entry.size})`);
}

/** Rewrites the classic end record into ZIP64 end records (see the note at the top). */
function withZip64Count(count: number) {
  return async function* (source: AsyncIterable<Uint8Array>) {
    let tail = Buffer.alloc(0); // the last END bytes seen: the end record, once all is read
    for await (const chunk of source) {
      const bytes = Buffer.concat([
        tail,
        Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length),
      ]);
      tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - END)));
      if (bytes.length > END) yield bytes.subarray(0, bytes.length - END);
    }
    if (tail.readUInt32LE(0) !== 0x06054b50) throw new Error("the ZIP has no end record");
    const directorySize = tail.readUInt32LE(12);
    const directoryOffset = tail.readUInt32LE(16);
    const record = Buffer.alloc(ZIP64_END + ZIP64_LOCATOR);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(BigInt(ZIP64_END - 12), 4);
    record.writeUInt16LE(45, 12); // made by / needed: 4.5, the first with ZIP64
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(directorySize), 40);
    record.writeBigUInt64LE(BigInt(directoryOffset), 48);
    record.writeUInt32LE(0x07064b50, ZIP64_END);
    record.writeBigUInt64LE(BigInt(directoryOffset + directorySize), ZIP64_END + 8);
    record.writeUInt32LE(1, ZIP64_END + 16);
    const end = Buffer.from(tail);
    end.writeUInt16LE(MAX_16, 8);
    end.writeUInt16LE(MAX_16, 10);
    yield record;
    yield end;
  };
}

export function zipStream(entries: readonly ZipEntry[]): Readable {
  const files = entries.map((entry) => ({
    name: entry.name,
    size: entry.size,
    lastModified: entry.modified,
    input: { [Symbol.asyncIterator]: () => contentOf(entry) },
  }));
  const zip = Readable.fromWeb(makeZip(files) as import("node:stream/web").ReadableStream);
  if (!needsCountFix(entries)) return zip;
  return Readable.from(withZip64Count(entries.length)(zip), { objectMode: false });
}
