// A recording Chorus keeps itself, for a provider that takes audio only by link (relay): the
// provider fetches it from `/api/uploads/<id>/<file name>?token=…`, a link that names one
// upload, carries an HMAC of its id and expiry made with a server secret (unguessable, checked
// in constant time), and stops working when the upload expires. No session: the provider has
// none. Nothing but that upload's bytes is reachable through it; every refusal is the same 404.
import "server-only";

import { createHmac, timingSafeEqual } from "node:crypto";
import { Readable } from "node:stream";

import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getMediaStorage } from "@/lib/media/config";
import type { MediaStorage } from "@/lib/media/storage";
import { publicOrigin } from "@/lib/request-origin";
import { UPLOAD_MAX_BYTES } from "@/lib/uploads/shared";

/** How long a recording Chorus keeps for a provider stays fetchable. */
export const HOSTED_UPLOAD_HOURS = 24;

function secret() {
  // derived, so one AUTH_SECRET is all a deployment has to manage
  return createHmac("sha256", getEnv().AUTH_SECRET).update("chorus:upload-link:v1").digest();
}

type Linkable = { id: string; fileName: string; expiresAt: Date };

export function hostedUploadToken(upload: Pick<Linkable, "id" | "expiresAt">): string {
  return createHmac("sha256", secret())
    .update(`upload:${upload.id}:${upload.expiresAt.getTime()}`)
    .digest("base64url");
}

/** The link a provider fetches the recording from, on the app's public origin by default. */
export function hostedUploadUrl(upload: Linkable, baseUrl: string = publicOrigin()): string {
  const url = new URL(
    `/api/uploads/${encodeURIComponent(upload.id)}/${encodeURIComponent(upload.fileName)}`,
    baseUrl,
  );
  url.searchParams.set("token", hostedUploadToken(upload));
  return url.toString();
}

/** Puts a recording in Chorus's storage under a fresh key. */
export async function keepRecording(
  key: string,
  bytes: Uint8Array,
  storage: MediaStorage = getMediaStorage(),
) {
  await storage.put(key, Readable.from([Buffer.from(bytes)]), { maxBytes: UPLOAD_MAX_BYTES });
}

/** The bytes behind a link, or null: an unknown id, a wrong token, an expired upload or one the
 *  vendor holds all look the same. */
export async function openHostedUpload(
  id: string,
  token: string,
  storage: MediaStorage = getMediaStorage(),
): Promise<{ bytes: Buffer; contentType: string } | null> {
  const upload = await db.audioUpload.findFirst({
    where: { id, storageKey: { not: null }, expiresAt: { gt: new Date() } },
    select: { id: true, expiresAt: true, storageKey: true, contentType: true },
  });
  // compared even when there is no such upload, so the time taken tells nothing
  const expected = Buffer.from(hostedUploadToken(upload ?? { id, expiresAt: new Date(0) }));
  const given = Buffer.from(token);
  const matches = given.length === expected.length && timingSafeEqual(given, expected);
  if (!upload || !matches) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of storage.read(upload.storageKey!) as AsyncIterable<Buffer>)
    chunks.push(chunk);
  return { bytes: Buffer.concat(chunks), contentType: upload.contentType };
}
