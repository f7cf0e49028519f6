// The media store and the download rules the app runs with. MEDIA_STORAGE picks the store:
// local disk (default), any S3-compatible store, or Vercel Blob (lib/env.ts validates each).
import "server-only";

import path from "node:path";

import { getEnv, type MediaStorageEnv } from "@/lib/env";
import { DATA_DIR } from "@/lib/local-secret";
import { S3Storage } from "@/lib/media/s3";
import { LocalDiskStorage, type MediaStorage } from "@/lib/media/storage";
import { VercelBlobStorage } from "@/lib/media/vercel-blob";

let storage: MediaStorage | undefined;

export function createMediaStorage(config: MediaStorageEnv): MediaStorage {
  switch (config.kind) {
    case "s3":
      return new S3Storage(config);
    case "vercel-blob":
      return new VercelBlobStorage(config.token);
    case "local":
      return new LocalDiskStorage(
        path.resolve(/*turbopackIgnore: true*/ config.dir ?? path.join(DATA_DIR, "media")),
      );
  }
}

export function getMediaStorage(): MediaStorage {
  storage ??= createMediaStorage(getEnv().media);
  return storage;
}

/** host:port of the configured providers (the simulator among them): the only private
 *  addresses a server-side download may reach, and only because they were configured. */
export function allowedMediaHosts(): Set<string> {
  const hosts = new Set<string>();
  for (const provider of getEnv().suno?.providers ?? []) {
    const url = new URL(provider.baseUrl);
    hosts.add(
      `${url.hostname.replace(/^\[|\]$/g, "")}:${url.port || (url.protocol === "https:" ? "443" : "80")}`,
    );
  }
  return hosts;
}
