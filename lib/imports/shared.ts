// What the import page and the server both say about an import: its limits, the audio it
// takes, and the job's JSON shape. No zod and no server-only code here.

/** files one ZIP may hold (audio, sidecars, covers, playlists together) */
export const IMPORT_MAX_ENTRIES = 20_000;
/** one song's audio, as the archiver takes it (lib/media/archive.ts) */
export const IMPORT_AUDIO_MAX_BYTES = 100_000_000;
/** all entries' declared sizes together: a ZIP bomb is refused before anything is read */
export const IMPORT_MAX_UNPACKED_BYTES = 20_000_000_000;
/** a compressed entry may not unpack to more than this many times its size (bombs) */
export const IMPORT_MAX_RATIO = 200;
/** queued and running imports one person may have at once */
export const IMPORT_JOBS_ACTIVE_MAX = 3;

export const AUDIO_EXTENSIONS = ["mp3", "wav", "flac", "ogg", "m4a"] as const;

export type ImportFileView = {
  path: string;
  status: "IMPORTED" | "DUPLICATE" | "FAILED";
  reason: string | null;
  clipId: string | null;
};

export type ImportJobView = {
  id: string;
  fileName: string;
  workspace: string;
  status: "QUEUED" | "RUNNING" | "DONE" | "FAILED";
  layout: string | null;
  totalFiles: number;
  processedFiles: number;
  imported: number;
  duplicates: number;
  failed: number;
  playlists: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  files: ImportFileView[];
};

export const isImportPending = (status: ImportJobView["status"]) =>
  status === "QUEUED" || status === "RUNNING";
