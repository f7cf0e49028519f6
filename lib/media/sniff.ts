// What a file is, by its first bytes: for media served with a generic content type
// (`application/octet-stream`, common on object stores). Signatures of the audio, image and
// video formats the providers hand out; anything else is unknown.
export type SniffedKind = "audio" | "image" | "video";
export type Sniffed = { kind: SniffedKind; contentType: string } | null;

/** Content types that say nothing about the file. */
export const isGenericContentType = (type: string) =>
  type === "" ||
  type === "application/octet-stream" ||
  type === "binary/octet-stream" ||
  type === "application/binary" ||
  type === "application/x-download" ||
  type === "application/force-download";

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  bytes.length >= at + text.length &&
  [...text].every((char, i) => bytes[at + i] === char.charCodeAt(0));

/** Enough bytes to tell: 16. */
export const SNIFF_BYTES = 16;

export function sniff(bytes: Uint8Array): Sniffed {
  if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WAVE"))
    return { kind: "audio", contentType: "audio/wav" };
  if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP"))
    return { kind: "image", contentType: "image/webp" };
  if (ascii(bytes, 0, "ID3")) return { kind: "audio", contentType: "audio/mpeg" };
  // an MPEG audio frame: 11 sync bits, then a layer that is not "reserved"
  if (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0 && ((bytes[1] ?? 0) & 0x06) !== 0)
    return { kind: "audio", contentType: "audio/mpeg" };
  if (ascii(bytes, 0, "fLaC")) return { kind: "audio", contentType: "audio/flac" };
  if (ascii(bytes, 0, "OggS")) return { kind: "audio", contentType: "audio/ogg" };
  if (bytes[0] === 0x89 && ascii(bytes, 1, "PNG"))
    return { kind: "image", contentType: "image/png" };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return { kind: "image", contentType: "image/jpeg" };
  if (ascii(bytes, 0, "GIF8")) return { kind: "image", contentType: "image/gif" };
  if (ascii(bytes, 4, "ftyp")) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (/^M4A|^M4B/.test(brand)) return { kind: "audio", contentType: "audio/mp4" };
    return { kind: "video", contentType: "video/mp4" };
  }
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3)
    return { kind: "video", contentType: "video/webm" };
  return null;
}
