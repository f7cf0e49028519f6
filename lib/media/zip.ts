// A streaming ZIP writer (stored entries, no compression: audio and images are compressed
// already). Memory stays constant: each file is piped through as it is read, its CRC and
// size go into a data descriptor after it, and only the small central directory is kept.
// The total size is known in advance (zipSize), for progress reporting.
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";

export type ZipEntry = {
  name: string;
  size: number;
  modified: Date;
  open: () => Readable | Promise<Readable>;
};

const LOCAL = 30;
const DESCRIPTOR = 16;
const CENTRAL = 46;
const END = 22;
const FLAGS = 0x0808; // sizes in a data descriptor; UTF-8 names
const LIMIT = 0xffffffff;

export class ZipTooLargeError extends Error {
  name = "ZipTooLargeError";
}

export function zipSize(entries: Pick<ZipEntry, "name" | "size">[]): number {
  return entries.reduce(
    (total, e) => total + LOCAL + DESCRIPTOR + CENTRAL + 2 * Buffer.byteLength(e.name) + e.size,
    END,
  );
}

function dosTime(date: Date) {
  const time =
    (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2);
  const day =
    ((Math.max(1980, date.getFullYear()) - 1980) << 9) |
    ((date.getMonth() + 1) << 5) |
    date.getDate();
  return { time, day };
}

/** Throws ZipTooLargeError when the entries do not fit a ZIP without ZIP64. */
export function assertZipFits(entries: Pick<ZipEntry, "name" | "size">[]) {
  if (entries.length >= 0xffff || zipSize(entries) >= LIMIT) {
    throw new ZipTooLargeError(
      "An export is limited to 65,534 files and 4 GB; export a smaller selection.",
    );
  }
}

export function zipStream(entries: ZipEntry[]): Readable {
  assertZipFits(entries);
  async function* generate() {
    const central: Buffer[] = [];
    let offset = 0;
    for (const entry of entries) {
      const name = Buffer.from(entry.name);
      const { time, day } = dosTime(entry.modified);
      const header = Buffer.alloc(LOCAL);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(FLAGS, 6);
      header.writeUInt16LE(0, 8);
      header.writeUInt16LE(time, 10);
      header.writeUInt16LE(day, 12);
      header.writeUInt16LE(name.length, 26);
      yield header;
      yield name;

      let crc = 0;
      let size = 0;
      for await (const chunk of await entry.open()) {
        const buffer = chunk as Buffer;
        crc = crc32(buffer, crc);
        size += buffer.length;
        yield buffer;
      }
      if (size !== entry.size)
        throw new Error(`${entry.name} changed size while exporting (${size} != ${entry.size})`);

      const descriptor = Buffer.alloc(DESCRIPTOR);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc >>> 0, 4);
      descriptor.writeUInt32LE(size, 8);
      descriptor.writeUInt32LE(size, 12);
      yield descriptor;

      const record = Buffer.alloc(CENTRAL);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(20, 4);
      record.writeUInt16LE(20, 6);
      record.writeUInt16LE(FLAGS, 8);
      record.writeUInt16LE(0, 10);
      record.writeUInt16LE(time, 12);
      record.writeUInt16LE(day, 14);
      record.writeUInt32LE(crc >>> 0, 16);
      record.writeUInt32LE(size, 20);
      record.writeUInt32LE(size, 24);
      record.writeUInt16LE(name.length, 28);
      record.writeUInt32LE(offset, 42);
      central.push(record, name);
      offset += LOCAL + name.length + size + DESCRIPTOR;
    }
    const directory = Buffer.concat(central);
    const end = Buffer.alloc(END);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    yield directory;
    yield end;
  }
  return Readable.from(generate(), { objectMode: false });
}
