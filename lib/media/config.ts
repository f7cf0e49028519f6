// The media store and the download rules the app runs with.
import "server-only";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { DATA_DIR } from "@/lib/local-secret";
import { LocalDiskStorage, type MediaStorage } from "@/lib/media/storage";

let storage: MediaStorage | undefined;

export function getMediaStorage(): MediaStorage {
  storage ??= new LocalDiskStorage(path.resolve(/*turbopackIgnore: true*/ getEnv().MEDIA_DIR ?? path.join(DATA_DIR, "media")));
  return storage;
}

/** host:port of the configured providers (the simulator among them): the only private
 *  addresses a server-side download may reach, and only because they were configured. */
export function allowedMediaHosts(): Set<string> {
  const hosts = new Set<string>();
  for (const provider of getEnv().suno?.providers ?? []) {
    const url = new URL(provider.baseUrl);
    hosts.add(`${url.hostname.replace(/^\[|\]$/g, "")}:${url.port || (url.protocol === "https:" ? "443" : "80")}`);
  }
  return hosts;
}
