// NODE_OPTIONS for a Next.js server: preloads scripts/lib/peer-address.mjs (the socket
// address for sign-in throttling, lib/auth/request-ip.ts).
import path from "node:path";
import { pathToFileURL } from "node:url";

const PRELOAD = pathToFileURL(path.join(import.meta.dirname, "peer-address.mjs")).href;

export function withPeerAddress(nodeOptions: string | undefined): string {
  const flag = `--import=${PRELOAD}`;
  return nodeOptions?.includes(flag) ? nodeOptions : [nodeOptions, flag].filter(Boolean).join(" ");
}
