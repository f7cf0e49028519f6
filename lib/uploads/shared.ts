// What the browser and the server both say about a person's own recording: the size limit,
// the formats taken, and the upload's JSON shape. No zod and no server-only code here.

/** The largest recording taken (the providers' own limit is about 8 minutes of audio). */
export const UPLOAD_MAX_BYTES = 20 * 1024 * 1024;
export const UPLOAD_MAX_MB = Math.round(UPLOAD_MAX_BYTES / 1024 / 1024);

/** What the file picker offers; the server decides by the file's first bytes. */
export const UPLOAD_ACCEPT = "audio/mpeg,audio/wav,audio/x-wav,audio/flac,audio/ogg,audio/mp4,.m4a";

/** `POST /api/uploads` answers this. */
export type UploadedAudio = {
  id: string;
  fileName: string;
  byteSize: number;
  contentType: string;
  expiresAt: string;
};
