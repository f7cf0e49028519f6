// Names for downloaded and exported files: an extension from the content type, a title
// made safe for file systems, and the Content-Disposition header that carries it.
const EXTENSION: Record<string, string> = {
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "video/mp4": "mp4",
};

export const extensionFor = (contentType: string) => EXTENSION[contentType] ?? "bin";

/** Letters, digits, spaces and . _ - only; never empty. */
export function safeFileName(title: string, maxLength = 80, fallback = "Untitled"): string {
  return (
    title
      .replace(/[^\p{L}\p{N} ._-]+/gu, "")
      .trim()
      .slice(0, maxLength) || fallback
  );
}

/** An attachment header with an ASCII name for old clients and the UTF-8 one for the rest. */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
