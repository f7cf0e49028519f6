// The simulator's shared vocabulary: options, and the dialect-neutral task and clip records
// that both wire dialects are rendered from.
import type { AudioPlan } from "./audio.ts";
import type { FaultConfig } from "./faults.ts";

export type IdStyle = "uuid" | "dashless" | "prefixed";
export type Dialect = "sunoapi" | "relay" | "sunoapi-org";
export type TaskAction = "MUSIC" | "LYRICS" | DerivativeAction;
/** sunoapi-org's derivatives of a finished clip, each a task with its own record-info */
export type DerivativeAction = "WAV" | "STEMS" | "VIDEO" | "COVER";
export type ClipKind = "gen" | "extend" | "concat" | "upload";
export type ClipStatus = "submitted" | "queued" | "streaming" | "complete" | "error";
export type RelayStatus =
  "NOT_START" | "SUBMITTED" | "QUEUED" | "IN_PROGRESS" | "SUCCESS" | "FAILURE";

export type SimulatorOptions = {
  /** 0 picks a free port. */
  port?: number;
  /** Accepted bearer keys. */
  keys?: string[];
  /** Time between two status steps of a task. */
  stepMs?: number;
  /** Base duration of a generated clip, in seconds. */
  clipSeconds?: number;
  /** Base of media URLs; defaults to the server's own address. */
  publicUrl?: string;
  faults?: FaultConfig;
  moderationWord?: string;
  idStyle?: IdStyle;
  /** One line per request and per callback; nothing is printed without it. */
  log?: (line: string) => void;
  /** Relay uploads by link: fetch the link as a vendor does (a failed fetch fails the task).
   *  Off by default: the stand-in clip is then seeded by the URL alone. */
  fetchUploadLinks?: boolean;
};

export type ResolvedOptions = {
  port: number;
  keys: string[];
  stepMs: number;
  clipSeconds: number;
  publicUrl: string | null;
  moderationWord: string;
  idStyle: IdStyle;
  log: ((line: string) => void) | null;
  fetchUploadLinks: boolean;
};

/** One ancestor in `metadata.history` / one part in `metadata.concat_history`. */
export type LineageEntry = {
  id: string;
  continue_at: number | null;
  type: ClipKind;
  source: "web";
  infill: false;
};

export type SimClip = {
  id: string;
  taskId: string;
  index: number;
  kind: ClipKind;
  title: string;
  tags: string;
  prompt: string;
  gptDescriptionPrompt: string;
  mv: string;
  /** Final duration in seconds, reported once the clip is complete. */
  duration: number;
  continueClipId: string | null;
  continueAt: number | null;
  history: LineageEntry[] | null;
  concatHistory: LineageEntry[] | null;
  audio: AudioPlan;
  coverSeed: number;
  error: { type: string; message: string } | null;
};

export type SimTask = {
  id: string;
  dialect: Dialect;
  action: TaskAction;
  kind: ClipKind | "lyrics" | "derivative";
  /** Simulator-clock milliseconds; every status is derived from it. */
  createdAt: number;
  neverFinish: boolean;
  /** Non-empty when moderation rejected the request. */
  failReason: string;
  notifyHook: string;
  /** The request as received, echoed by sunoapi's `data.input`. */
  input: Record<string, unknown>;
  mv: string;
  clips: SimClip[];
  lyrics: { title: string; text: string } | null;
  /** sunoapi-org's `type` when it is not GENERATE or EXTEND (UPLOAD_COVER, UPLOAD_EXTEND) */
  orgType?: string;
  /** the vendor accepted the task and its generation failed (not a content refusal) */
  generationFailed?: boolean;
  /** sunoapi-org writes two lyric variants per task */
  lyricsVariants?: { title: string; text: string }[];
  /** a derivative's source clip (and, for stems, which split) */
  derivative?: { clipId: string; split: "separate_vocal" | "split_stem" };
  /** what fetching an upload's link gave (fetchUploadLinks) */
  fetchedUpload?: FetchedUpload;
};

export type FetchedUpload = {
  url: string;
  /** HTTP status, 0 when no answer came */
  status: number;
  contentType: string | null;
  bytes: number;
  /** why it is not audio, or null when it is */
  problem: string | null;
};
