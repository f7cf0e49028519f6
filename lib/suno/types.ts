// The canonical model of the Suno proxies: what Chorus means by a generation request, an
// upstream task and a clip, whichever dialect it came from. Adapters translate both ways.
// This module knows nothing of the database.

export type Dialect = "sunoapi" | "relay" | "sunoapi-org";

/** Task statuses as the task engine sees them (SUBMITTING and TIMED_OUT are Chorus's own). */
export type UpstreamTaskStatus = "SUBMITTED" | "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
export type UpstreamClipStatus = "SUBMITTED" | "QUEUED" | "STREAMING" | "COMPLETE" | "ERROR";

/** A catalogue model's id (lib/suno/catalogue.ts): the Suno engine name, e.g. `chirp-hawk`. */
export type ModelId = string;

/** Finer controls some providers take (lib/suno/features.ts says which); others ignore them. */
export type StyleControls = {
  /** styles to keep out */
  negativeTags?: string;
  /** the singer: "m" or "f" */
  vocalGender?: "m" | "f";
  /** how closely to follow the style, 0-1 */
  styleWeight?: number;
  /** how far from the expected to go, 0-1 */
  weirdness?: number;
};
/** A voice (persona) the provider made from a song, by its id there (sunoapi-org `personaId`). */
export type WithVoice = { personaId?: string };
export type SongRequest = StyleControls &
  WithVoice & {
    operation: "CUSTOM_SONG";
    lyrics: string;
    tags: string;
    title: string;
    model: ModelId;
  };
export type InstrumentalRequest = Omit<StyleControls, "vocalGender"> & {
  operation: "INSTRUMENTAL";
  tags: string;
  title: string;
  model: ModelId;
};
export type DescriptionRequest = WithVoice & {
  operation: "DESCRIPTION_SONG";
  description: string;
  instrumental: boolean;
  model: ModelId;
};
export type ExtendRequest = WithVoice & {
  operation: "EXTEND";
  /** upstream id of the clip to continue */
  clipId: string;
  /** seconds into that clip */
  continueAt: number;
  /** upstream id of the task that made the clip (new-api needs it) */
  taskId?: string;
  lyrics?: string;
  tags?: string;
  title?: string;
  model: ModelId;
};
export type ConcatRequest = { operation: "CONCAT"; clipId: string };
export type UploadRequest = { operation: "UPLOAD_AUDIO"; url: string };
export type LyricsRequest = { operation: "LYRICS"; prompt: string };
/** A cover of the person's own recording, already on the provider's file host. */
export type UploadCoverRequest = {
  operation: "UPLOAD_COVER";
  /** the file host's `downloadUrl` */
  uploadUrl: string;
  /** empty for an instrumental cover */
  lyrics: string;
  instrumental: boolean;
  tags: string;
  title: string;
  model: ModelId;
};
/** An extension of the person's own recording, already on the provider's file host. */
export type UploadExtendRequest = {
  operation: "UPLOAD_EXTEND";
  uploadUrl: string;
  /** seconds into the recording */
  continueAt: number;
  lyrics?: string;
  tags?: string;
  title?: string;
  model: ModelId;
};

/**
 * Derivatives of a finished clip (issue 16). `clipId` is the clip's upstream id, `taskId` the
 * upstream id of the task that made it (sunoapi-org names both).
 */
type OfClip = { clipId: string; taskId?: string };
export type WavRequest = OfClip & { operation: "WAV" };
/** two: vocals and instrumental; full: up to 12 named stems */
export type StemsRequest = OfClip & { operation: "STEMS"; mode: "two" | "full" };
export type VideoRequest = OfClip & { operation: "VIDEO"; author?: string };
export type CoverArtRequest = OfClip & { operation: "COVER_ART" };
export type TimedLyricsRequest = OfClip & { operation: "TIMED_LYRICS" };
/** A voice (sunoapi-org persona) from a 10-30 s window of the clip; answered at once. */
export type VoiceRequest = OfClip & {
  operation: "VOICE";
  name: string;
  description: string;
  startS: number;
  endS: number;
  tags?: string;
};
export type DerivativeRequest =
  WavRequest | StemsRequest | VideoRequest | CoverArtRequest | TimedLyricsRequest | VoiceRequest;
export const DERIVATIVE_OPERATIONS = [
  "WAV",
  "STEMS",
  "VIDEO",
  "COVER_ART",
  "TIMED_LYRICS",
  "VOICE",
] as const satisfies readonly DerivativeRequest["operation"][];
export type DerivativeOperation = (typeof DERIVATIVE_OPERATIONS)[number];
export const isDerivativeOperation = (operation: string): operation is DerivativeOperation =>
  (DERIVATIVE_OPERATIONS as readonly string[]).includes(operation);

/**
 * Music operations that make new takes of a finished clip (issue 16), each with lineage to it.
 * A cover, added vocals or an added instrumental start from the clip's audio, put on the
 * provider's file host first (`uploadUrl`, resolved by lib/tasks from Chorus's archive); a
 * replaced section names the clip itself.
 */
export type ClipCoverRequest = {
  operation: "CLIP_COVER";
  uploadUrl: string;
  /** empty for an instrumental cover */
  lyrics: string;
  instrumental: boolean;
  tags: string;
  title: string;
  model: ModelId;
};
export type ReplaceSectionRequest = OfClip & {
  operation: "REPLACE_SECTION";
  /** seconds into the clip: 6-60 s long, at most half the track */
  startS: number;
  endS: number;
  /** the new words for the section */
  lyrics: string;
  tags: string;
  title: string;
  negativeTags?: string;
};
export type AddVocalsRequest = {
  operation: "ADD_VOCALS";
  uploadUrl: string;
  lyrics: string;
  tags: string;
  title: string;
  negativeTags?: string;
  vocalGender?: "m" | "f";
  model: ModelId;
};
export type AddInstrumentalRequest = {
  operation: "ADD_INSTRUMENTAL";
  uploadUrl: string;
  tags: string;
  title: string;
  negativeTags?: string;
  model: ModelId;
};
/**
 * A clip made on a retired model, made again on the current one: a cover of its audio
 * (`uploadUrl`, with its own words and style) or an extension of it (`clipId`).
 */
export type BringForwardRequest = {
  operation: "BRING_FORWARD";
  via: "cover" | "extend";
  uploadUrl?: string;
  clipId?: string;
  taskId?: string;
  continueAt?: number;
  lyrics: string;
  instrumental: boolean;
  tags: string;
  title: string;
  model: ModelId;
};
export type TakeRequest =
  | ClipCoverRequest
  | ReplaceSectionRequest
  | AddVocalsRequest
  | AddInstrumentalRequest
  | BringForwardRequest;
export const TAKE_OPERATIONS = [
  "CLIP_COVER",
  "REPLACE_SECTION",
  "ADD_VOCALS",
  "ADD_INSTRUMENTAL",
  "BRING_FORWARD",
] as const satisfies readonly TakeRequest["operation"][];
export type TakeOperation = (typeof TAKE_OPERATIONS)[number];
export const isTakeOperation = (operation: string): operation is TakeOperation =>
  (TAKE_OPERATIONS as readonly string[]).includes(operation);

export type GenerationRequest =
  | SongRequest
  | InstrumentalRequest
  | DescriptionRequest
  | ExtendRequest
  | ConcatRequest
  | UploadRequest
  | LyricsRequest
  | DerivativeRequest
  | UploadCoverRequest
  | UploadExtendRequest
  | TakeRequest;

export type Operation = GenerationRequest["operation"];

export type UpstreamClip = {
  id: string;
  /** relay flattened clips carry `<task>_<n>` */
  upstreamTaskId: string | null;
  status: UpstreamClipStatus;
  upstreamStatus: string | null;
  title: string;
  tags: string;
  negativeTags: string | null;
  /** what is sung: `metadata.prompt ?? prompt` */
  lyrics: string | null;
  /** `gpt_description_prompt` */
  description: string | null;
  model: string | null;
  majorModelVersion: string | null;
  duration: number | null;
  /**
   * final audio; null while only a stream URL exists or when the "audio" is not audio (None.mp3)
   */
  audioUrl: string | null;
  /** a second, longer-lived copy of the audio (sunoapi-org `sourceAudioUrl`), when different */
  sourceAudioUrl?: string | null;
  /** temporary URL while streaming */
  streamAudioUrl: string | null;
  videoUrl: string | null;
  imageUrl: string | null;
  imageLargeUrl: string | null;
  isVideoPending: boolean;
  /** gen, extend, concat, upload */
  clipType: string | null;
  continueClipId: string | null;
  continueAt: number | null;
  history: unknown;
  concatHistory: unknown;
  audioPromptId: string | null;
  errorType: string | null;
  errorMessage: string | null;
  playCount: number | null;
  upvoteCount: number | null;
  createdAt: Date | null;
  /** the clip as upstream sent it, unknown fields included */
  raw: Record<string, unknown>;
};

export type UpstreamLyrics = {
  id: string | null;
  title: string | null;
  text: string | null;
  status: UpstreamClipStatus;
  raw: unknown;
};

/**
 * One file (or, for `lrc`, one set of data) a derivative task made: `kind` is wav,
 * stem:<name>, video, lrc or cover:<n>.
 */
export type UpstreamAsset = { kind: string; url: string | null; data?: unknown };

/** Synced lyrics: each word with its start and end in seconds. */
export type AlignedWord = { word: string; startS: number; endS: number };

export type UpstreamTask = {
  id: string;
  /** MUSIC, LYRICS, ... as upstream names it (sunoapi: inferred from the endpoint) */
  action: string;
  status: UpstreamTaskStatus;
  upstreamStatus: string;
  /** 0-100, or null when upstream does not say */
  progress: number | null;
  failReason: string | null;
  /** the request upstream echoes back (sunoapi `data.input`, a JSON string), parsed */
  input: Record<string, unknown> | null;
  submittedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  clips: UpstreamClip[];
  lyrics: UpstreamLyrics | null;
  /** what a derivative task made; absent for songs and lyrics */
  assets?: UpstreamAsset[];
  /** sunoapi `data.metadata` (quota_frozen, quota_usage, timestamps) */
  metadata: Record<string, unknown> | null;
  raw: unknown;
};

export const isTerminalTaskStatus = (status: UpstreamTaskStatus) =>
  status === "SUCCEEDED" || status === "FAILED";
