// What each dialect provides: how to phrase a request on the wire and how to read answers.
import type { UpstreamError } from "@/lib/suno/errors";
import type { Dialect, GenerationRequest, Operation, UpstreamTask } from "@/lib/suno/types";

export type WireRequest = { method: "GET" | "POST"; path: string; body?: unknown };

export type FetchTarget = {
  upstreamId: string;
  operation: Operation;
  model?: string | null;
  /** the model as the provider's catalogue names it on the wire (set by the client) */
  wireModel?: string;
};

export type SubmitOptions = {
  notifyHook?: string;
  /** the request's model as the provider's catalogue names it on the wire (set by the client) */
  wireModel?: string;
};

/** A file for the provider's file host (sunoapi-org: before a cover or an extension of it). */
export type UploadFile = {
  bytes: Uint8Array<ArrayBuffer>;
  fileName: string;
  contentType: string;
};
export type UploadedFile = { downloadUrl: string; expiresAt: Date };

export type DialectWire = {
  dialect: Dialect;
  supports: (operation: Operation) => boolean;
  /** why an operation it does not support cannot be done, for the form and the refusal */
  unsupportedReason?: (operation: Operation) => string | undefined;
  submitRequest: (request: GenerationRequest, options: SubmitOptions) => WireRequest;
  /** the upstream task id from a submit answer */
  parseSubmit: (body: unknown) => string;
  /** operations answered in the submit itself (sunoapi-org timestamped lyrics) */
  synchronous?: (operation: Operation) => boolean;
  /** such an answer, as a finished task under the id Chorus gives it */
  parseSynchronous?: (body: unknown, id: string) => UpstreamTask;
  fetchRequest: (target: FetchTarget) => WireRequest;
  parseTask: (body: unknown, target: FetchTarget) => UpstreamTask;
  /** the typed error in an answer, when this dialect's body decides rather than HTTP */
  errorOf?: (
    status: number,
    body: unknown,
    headers: Headers,
    request: { method: string; path: string },
  ) => UpstreamError | null;
  /** the request that puts a file on the provider's file host, when the dialect has one */
  uploadRequest?: (file: UploadFile, baseUrl: string) => WireRequest & { baseUrl: string };
  parseUpload?: (body: unknown) => UploadedFile;
  /** one request for many tasks, when the dialect has it */
  batchRequest?: (targets: FetchTarget[]) => WireRequest;
  parseBatch?: (body: unknown) => UpstreamTask[];
  /** the account's balance (credits), when the dialect can tell */
  balanceRequest?: () => WireRequest;
  parseBalance?: (body: unknown) => number | null;
};
