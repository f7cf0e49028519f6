// Metadata inside the audio files Chorus hands out (issue 20, item 1), so that a music player
// shows the song's title, creator, workspace, style, date, lyrics and cover, not "Unknown
// artist / Track 01". MP3 gets an ID3v2.4 tag in front; WAV gets an `id3 ` chunk and a RIFF
// `LIST/INFO` chunk at its end (its RIFF size patched in the first bytes). Both are done while
// streaming: the stored file is read once, never held whole, and the tagged size is known
// before the first byte (for Content-Length and the export's size).
//
// The frames are written here: the npm ID3 writers (node-id3, browser-id3-writer) write
// ID3v2.3 only, and a v2.4 tag is small and fully specified (id3.org, "ID3v2.4.0 structure"
// and "native frames"): syncsafe sizes, UTF-8 text (encoding 3), one frame per field.
import { Readable } from "node:stream";

export type SongTags = {
  title: string;
  artist: string;
  album: string;
  genre?: string | null;
  /** the creation date, written as YYYY-MM-DD */
  date: Date;
  lyrics?: string | null;
  /** synced lines, for SYLT: milliseconds from the start */
  syncedLyrics?: { ms: number; text: string }[] | null;
  /** extra named values (TXXX): the model, Chorus's clip id */
  extra: Record<string, string>;
  cover?: { mime: string; size: number; read: () => Promise<Buffer> } | null;
};

const UTF8 = 3;
const utf8 = (text: string) => Buffer.from(text, "utf8");
const zero = Buffer.alloc(1);

function syncsafe(size: number) {
  if (size >= 1 << 28) throw new Error("an ID3 frame or tag cannot exceed 256 MB");
  const out = Buffer.alloc(4);
  out[0] = (size >> 21) & 0x7f;
  out[1] = (size >> 14) & 0x7f;
  out[2] = (size >> 7) & 0x7f;
  out[3] = size & 0x7f;
  return out;
}

function frame(id: string, body: Buffer[]) {
  const size = body.reduce((sum, part) => sum + part.length, 0);
  return [Buffer.from(id, "latin1"), syncsafe(size), Buffer.alloc(2), ...body];
}

const textFrame = (id: string, value: string) => frame(id, [Buffer.of(UTF8), utf8(value)]);

/** Every frame but the cover's picture data, which is streamed in when the tag is written. */
function framesOf(tags: SongTags) {
  const parts: Buffer[] = [
    ...textFrame("TIT2", tags.title),
    ...textFrame("TPE1", tags.artist),
    ...textFrame("TALB", tags.album),
    ...textFrame("TDRC", tags.date.toISOString().slice(0, 10)),
  ];
  if (tags.genre) parts.push(...textFrame("TCON", tags.genre));
  for (const [name, value] of Object.entries(tags.extra))
    parts.push(...frame("TXXX", [Buffer.of(UTF8), utf8(name), zero, utf8(value)]));
  if (tags.lyrics)
    parts.push(...frame("USLT", [Buffer.of(UTF8), Buffer.from("und"), zero, utf8(tags.lyrics)]));
  if (tags.syncedLyrics?.length) {
    const lines = tags.syncedLyrics.flatMap(({ ms, text }) => {
      const stamp = Buffer.alloc(4);
      stamp.writeUInt32BE(Math.max(0, Math.round(ms)));
      return [utf8(text), zero, stamp];
    });
    // timestamps in milliseconds (2), content: lyrics (1)
    parts.push(
      ...frame("SYLT", [Buffer.of(UTF8), Buffer.from("und"), Buffer.of(2, 1), zero, ...lines]),
    );
  }
  return Buffer.concat(parts);
}

/** The APIC frame's header and fields; the picture's bytes follow it. */
function coverHead(cover: { mime: string; size: number }) {
  const fields = Buffer.concat([
    Buffer.of(UTF8),
    Buffer.from(cover.mime, "latin1"),
    zero,
    Buffer.of(3),
    zero,
  ]);
  return Buffer.concat([
    Buffer.from("APIC"),
    syncsafe(fields.length + cover.size),
    Buffer.alloc(2),
    fields,
  ]);
}

function id3Header(bodySize: number) {
  return Buffer.concat([Buffer.from("ID3"), Buffer.of(4, 0, 0), syncsafe(bodySize)]);
}

function id3Size(tags: SongTags, frames: Buffer) {
  return 10 + frames.length + (tags.cover ? coverHead(tags.cover).length + tags.cover.size : 0);
}

/** The whole ID3v2.4 tag (the cover read from storage: covers are small). */
async function id3Tag(tags: SongTags, frames = framesOf(tags)) {
  const cover = tags.cover ? [coverHead(tags.cover), await tags.cover.read()] : [];
  if (tags.cover && cover[1]!.length !== tags.cover.size)
    throw new Error("the cover changed size while tagging");
  return Buffer.concat([id3Header(id3Size(tags, frames) - 10), frames, ...cover]);
}

function infoChunk(tags: SongTags) {
  const entry = (id: string, value: string) => {
    const text = Buffer.concat([utf8(value), zero]);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(text.length);
    return Buffer.concat([Buffer.from(id), size, text, text.length % 2 ? zero : Buffer.alloc(0)]);
  };
  const body = Buffer.concat([
    Buffer.from("INFO"),
    entry("INAM", tags.title),
    entry("IART", tags.artist),
    entry("IPRD", tags.album),
    entry("ICRD", tags.date.toISOString().slice(0, 10)),
    ...(tags.genre ? [entry("IGNR", tags.genre)] : []),
    entry(
      "ICMT",
      Object.entries(tags.extra)
        .map(([k, v]) => `${k}: ${v}`)
        .join("; "),
    ),
  ]);
  const head = Buffer.alloc(8);
  head.write("LIST", 0, "latin1");
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

const riffChunkSize = (bytes: number) => 8 + bytes + (bytes % 2);

export type Tagging = {
  /** the tagged file's exact size */
  size: number;
  /** the tagged bytes, from the stored file's stream */
  stream: (source: Readable) => Readable;
};

/**
 * How a stored audio file of this type and size is tagged; `null` for types that carry no
 * tags here (they are handed out as stored).
 */
export function tagging(contentType: string, storedSize: number, tags: SongTags): Tagging | null {
  const frames = framesOf(tags);
  const tagSize = id3Size(tags, frames);
  if (contentType === "audio/mpeg") {
    return {
      size: tagSize + storedSize,
      stream: (source) =>
        Readable.from(
          (async function* () {
            yield await id3Tag(tags, frames);
            yield* source;
          })(),
          { objectMode: false },
        ),
    };
  }
  if (
    contentType === "audio/wav" ||
    contentType === "audio/x-wav" ||
    contentType === "audio/wave"
  ) {
    const info = infoChunk(tags);
    const added = riffChunkSize(tagSize) + info.length;
    return {
      size: storedSize + (storedSize % 2) + added,
      stream: (source) =>
        Readable.from(
          (async function* () {
            let head = Buffer.alloc(0);
            let seen = 0;
            for await (const chunk of source) {
              let bytes = chunk as Buffer;
              seen += bytes.length;
              if (head.length < 12) {
                head = Buffer.concat([head, bytes]);
                if (head.length < 12) continue;
                // a stored file that is not RIFF/WAVE after all keeps its first bytes (the
                // chunks still follow, so the promised size holds)
                const riff =
                  head.toString("latin1", 0, 4) === "RIFF" &&
                  head.toString("latin1", 8, 12) === "WAVE";
                if (riff) head.writeUInt32LE(head.readUInt32LE(4) + (storedSize % 2) + added, 4);
                bytes = head;
              }
              yield bytes;
            }
            if (seen % 2) yield zero; // chunks start on even offsets
            const tag = await id3Tag(tags, frames);
            const chunkHead = Buffer.alloc(8);
            chunkHead.write("id3 ", 0, "latin1");
            chunkHead.writeUInt32LE(tag.length, 4);
            yield Buffer.concat([chunkHead, tag, tag.length % 2 ? zero : Buffer.alloc(0)]);
            yield info;
          })(),
          { objectMode: false },
        ),
    };
  }
  return null;
}
