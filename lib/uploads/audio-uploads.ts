// A person's own recording, for a cover or an extension of it: a file they pick or a link
// they paste (fetched here through the SSRF-safe fetch, never by the provider on our word),
// checked for size and for being audio by its first bytes, then put on the provider's file
// host (sunoapi-org), or, for a provider that takes audio by link only (relay), kept in
// Chorus's own storage and handed to it as an expiring link Chorus serves (hosted-link.ts).
// The row names the provider that has it or fetches it; tasks name the row, scoped to its
// owner, never a URL the browser sent.
import "server-only";

import { randomBytes } from "node:crypto";

import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { DownloadError, safeFetch, UnsafeUrlError } from "@/lib/media/safe-fetch";
import { sniff, SNIFF_BYTES } from "@/lib/media/sniff";
import type { MediaStorage } from "@/lib/media/storage";
import { recordHit, secondsUntil } from "@/lib/rate-limit";
import { getSunoClient, type SunoClient } from "@/lib/suno";
import { HOSTED_UPLOAD_HOURS, hostedUploadUrl, keepRecording } from "@/lib/uploads/hosted-link";
import { UPLOAD_MAX_BYTES, UPLOAD_MAX_MB, type UploadedAudio } from "@/lib/uploads/shared";

export type AudioSource =
  | { kind: "file"; bytes: Uint8Array<ArrayBuffer>; fileName: string }
  | { kind: "link"; url: string };

export type CreateAudioUploadOptions = {
  actor: { id: string };
  source: AudioSource;
  /** injected in tests */
  client?: SunoClient | null;
  /** hosts a link may name although private (tests only: a link is a stranger's address) */
  allowHosts?: Set<string>;
  /** where Chorus keeps a recording for a provider without a file host (tests inject one) */
  storage?: MediaStorage;
};

const LINK_TIMEOUT_MS = 60_000;
const EXTENSION: Record<string, string> = {
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
  "audio/flac": "flac",
  "audio/ogg": "ogg",
  "audio/mp4": "m4a",
};

const tooLarge = () =>
  new AppError("PAYLOAD_TOO_LARGE", `The recording is larger than ${UPLOAD_MAX_MB} MB.`);

/** A file name the file host and a download can carry: no path, no odd characters. */
export function cleanFileName(name: string, contentType: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .replace(/[^\w .()-]+/g, "")
    .trim()
    .slice(0, 100);
  const ext = EXTENSION[contentType] ?? "audio";
  if (!base || base.startsWith(".")) return `recording.${ext}`;
  return /\.[a-z0-9]{2,4}$/i.test(base) ? base : `${base}.${ext}`;
}

async function download(url: string, allowHosts: Set<string>): Promise<Uint8Array<ArrayBuffer>> {
  try {
    const response = await safeFetch(url, {
      allowHosts,
      maxBytes: UPLOAD_MAX_BYTES,
      timeoutMs: LINK_TIMEOUT_MS,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > UPLOAD_MAX_BYTES) {
        response.body.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks));
  } catch (error) {
    if (error instanceof UnsafeUrlError)
      throw new AppError("BAD_REQUEST", `That link cannot be used: ${error.message}.`, {
        fieldErrors: { url: ["Use a public http or https link."] },
      });
    if (error instanceof DownloadError)
      throw new AppError("BAD_REQUEST", `The recording could not be fetched: ${error.message}.`, {
        fieldErrors: { url: ["Check the link."] },
      });
    throw error;
  }
}

export async function createAudioUpload(options: CreateAudioUploadOptions): Promise<UploadedAudio> {
  const { actor, source } = options;
  const client = options.client === undefined ? getSunoClient() : options.client;
  // a file host (sunoapi-org) takes the bytes; a provider taking audio by link (relay) gets a
  // link to the copy Chorus keeps
  const fetcher = client?.canUploadFiles()
    ? null
    : client?.providers.find((p) => client.supports("UPLOAD_AUDIO", p.name));
  if (!client || fetcher === undefined)
    throw new AppError(
      "BAD_REQUEST",
      "The music service configured here does not take uploaded recordings.",
    );
  const hit = await recordHit(`upload:user:${actor.id}`, {
    windowSeconds: 60,
    freeHits: getEnv().SUBMIT_LIMIT_PER_MINUTE,
    baseBlockSeconds: 10,
    maxBlockSeconds: 120,
  });
  if (hit.blockedUntil) {
    const wait = secondsUntil(hit.blockedUntil);
    throw new AppError("RATE_LIMITED", `Too many uploads. Try again in ${wait} seconds.`, {
      retryAfterSeconds: wait,
    });
  }

  if (source.kind === "file" && source.bytes.byteLength > UPLOAD_MAX_BYTES) throw tooLarge();
  const bytes =
    source.kind === "file"
      ? source.bytes
      : await download(source.url, options.allowHosts ?? new Set());
  if (bytes.byteLength === 0) throw new AppError("BAD_REQUEST", "The recording is empty.");
  const found = sniff(bytes.subarray(0, SNIFF_BYTES));
  if (found?.kind !== "audio")
    throw new AppError(
      "BAD_REQUEST",
      "That is not an audio file Chorus can read (use MP3, WAV, FLAC, OGG or M4A).",
      { fieldErrors: { [source.kind === "file" ? "file" : "url"]: ["Choose an audio file."] } },
    );
  const named =
    source.kind === "file"
      ? source.fileName
      : decodeURIComponent(new URL(source.url).pathname.split("/").pop() ?? "");
  const fileName = cleanFileName(named, found.contentType);

  const about = { ownerId: actor.id, fileName, contentType: found.contentType };
  let row;
  if (fetcher) {
    const storageKey = `uploads/${randomBytes(16).toString("hex")}`;
    await keepRecording(storageKey, bytes, options.storage);
    row = await db.audioUpload.create({
      data: {
        ...about,
        provider: fetcher.name,
        keyFingerprint: "",
        storageKey,
        byteSize: bytes.byteLength,
        expiresAt: new Date(Date.now() + HOSTED_UPLOAD_HOURS * 3600_000),
      },
    });
  } else {
    const uploaded = await client.uploadFile({ bytes, fileName, contentType: found.contentType });
    row = await db.audioUpload.create({
      data: {
        ...about,
        provider: uploaded.provider,
        keyFingerprint: uploaded.keyFingerprint,
        downloadUrl: uploaded.downloadUrl,
        byteSize: bytes.byteLength,
        expiresAt: uploaded.expiresAt,
      },
    });
  }
  return {
    id: row.id,
    fileName: row.fileName,
    byteSize: row.byteSize,
    contentType: row.contentType,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** The actor's own upload, still on the file host or in Chorus's keeping; anything else is
 *  "not found". `downloadUrl` is where the provider fetches it: the file host's link, or the
 *  expiring link Chorus serves (from `publicBaseUrl`, the app's public address by default). */
export async function usableUpload({
  actor,
  uploadId,
  publicBaseUrl,
}: {
  actor: { id: string };
  uploadId: string;
  publicBaseUrl?: string;
}): Promise<{ id: string; provider: string; downloadUrl: string; hosted: boolean }> {
  const upload = await db.audioUpload.findFirst({
    where: { id: uploadId, ownerId: actor.id, expiresAt: { gt: new Date() } },
    select: {
      id: true,
      provider: true,
      downloadUrl: true,
      storageKey: true,
      fileName: true,
      expiresAt: true,
    },
  });
  if (!upload)
    throw new AppError(
      "NOT_FOUND",
      "That recording is gone (uploads are kept for a limited time).",
      {
        fieldErrors: { uploadId: ["Upload the recording again."] },
      },
    );
  const downloadUrl = upload.downloadUrl ?? hostedUploadUrl(upload, publicBaseUrl);
  return {
    id: upload.id,
    provider: upload.provider,
    downloadUrl,
    hosted: upload.storageKey !== null,
  };
}
