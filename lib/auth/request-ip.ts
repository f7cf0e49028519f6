// The client's address for sign-in throttling, from what the trusted proxy says, never from
// what the client writes. On Vercel: its own x-vercel-forwarded-for. Self-hosted: the socket
// address (written by the preloaded scripts/lib/peer-address.mjs) or, when that address is
// one of TRUSTED_PROXIES, the last X-Forwarded-For hop that none of them added.
import { BlockList, isIP } from "node:net";

export const PEER_HEADER = "x-chorus-peer-address";
const PEER_MARK = Symbol.for("chorus.peer-address");

export type AddressOptions = {
  vercel: boolean;
  /** IPs or CIDRs of the reverse proxies in front of this server */
  trustedProxies: string[];
  /** the preload is in place, so the peer header is the socket's (never a client's) */
  peerKnown: boolean;
};

export const peerAddressInstalled = () =>
  (globalThis as Record<symbol, unknown>)[PEER_MARK] === PEER_HEADER;

/** "::ffff:1.2.3.4" → "1.2.3.4"; anything not an address → null. */
export function normalizeAddress(value: string | null | undefined): string | null {
  let text = value?.trim() ?? "";
  if (text.startsWith("[") && text.includes("]")) text = text.slice(1, text.indexOf("]"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) text = mapped[1]!;
  return isIP(text) ? text.toLowerCase() : null;
}

export function trustedProxyList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split("/");
    const ip = normalizeAddress(address);
    if (!ip) continue;
    const type = isIP(ip) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(bits), type);
  }
  return list;
}

export function clientAddress(headers: Headers, options: AddressOptions): string | null {
  if (options.vercel) return normalizeAddress(headers.get("x-vercel-forwarded-for")?.split(",")[0]);
  const peer = options.peerKnown ? normalizeAddress(headers.get(PEER_HEADER)) : null;
  if (!peer) return null;
  const trusted = trustedProxyList(options.trustedProxies);
  const isTrusted = (ip: string) => trusted.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");
  if (!isTrusted(peer)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map(normalizeAddress);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (!hop) return peer; // a hop we cannot read: stop at the last one we trust
    if (!isTrusted(hop)) return hop;
  }
  return peer;
}
