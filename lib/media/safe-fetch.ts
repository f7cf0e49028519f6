// Server-side downloads that cannot be turned against us (SSRF): http and https only;
// every address a name resolves to is checked at connect time (so DNS cannot change its
// mind between the check and the connection), and again after every redirect; redirects,
// size and time are limited. The only exceptions are hosts given in `allowHosts`
// (host:port of the configured provider and simulator), and only those exact ones.
import "server-only";

import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import type { Readable } from "node:stream";

export class UnsafeUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeUrlError";
  }
}

export class DownloadError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "DownloadError";
  }
}

const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 96], // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10], // site-local (deprecated, still routed inside some networks)
  ["ff00::", 8],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48], // local-use NAT64
  ["2001::", 32], // Teredo: its IPv4 is obfuscated, so refuse the whole prefix
  ["2001:db8::", 32],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 included). */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().split("%")[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const [a, b, c, d] = dotted.split(".").map(Number) as [number, number, number, number];
    const high = ((a << 8) | b).toString(16);
    const low = ((c << 8) | d).toString(16);
    text = `${text.slice(0, -dotted.length)}${high}:${low}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

const ipv4Of = (high: number, low: number) =>
  `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/** The IPv4 address an IPv6 form carries (mapped, translated, 6to4), if any. */
function embeddedIpv4(groups: number[]): string | null {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const zeros = (...gs: number[]) => gs.every((g) => g === 0);
  if (zeros(g0, g1, g2, g3, g4) && g5 === 0xffff) return ipv4Of(g6, g7); // ::ffff:a.b.c.d
  if (zeros(g0, g1, g2, g3) && g4 === 0xffff && g5 === 0) return ipv4Of(g6, g7); // ::ffff:0:a.b.c.d
  if (g0 === 0x2002) return ipv4Of(g1, g2); // 6to4
  return null;
}

/** Loopback, private, link-local (cloud metadata at 169.254.169.254), reserved, multicast,
 *  and every IPv6 form that carries such an IPv4 address. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const groups = ipv6Groups(address);
    if (!groups) return true;
    const v4 = embeddedIpv4(groups);
    if (v4) return blocked.check(v4, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true; // not an address at all: refuse
}

export type SafeFetchOptions = {
  allowHosts?: Set<string>;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
};
export type SafeResponse = {
  body: Readable;
  contentType: string;
  contentLength: number | null;
  url: string;
};

const hostKey = (url: URL) =>
  `${url.hostname.replace(/^\[|\]$/g, "")}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;

function checkUrl(url: URL, allowHosts: Set<string>) {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UnsafeUrlError(`only http and https links can be fetched (not ${url.protocol})`);
  if (url.username || url.password)
    throw new UnsafeUrlError("links with credentials are not fetched");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (allowHosts.has(hostKey(url))) return true;
  if (isIP(host) && isPrivateAddress(host))
    throw new UnsafeUrlError(`${host} is a private or reserved address`);
  return false;
}

/** A DNS lookup that refuses names resolving to private addresses. */
function guardedLookup(
  hostname: string,
  options: object,
  callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
) {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "");
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0)
      return callback(
        new UnsafeUrlError(`${hostname} resolves to a private or reserved address`),
        "",
      );
    if ((options as { all?: boolean }).all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}

export async function safeFetch(input: string, options: SafeFetchOptions): Promise<SafeResponse> {
  const allowHosts = options.allowHosts ?? new Set<string>();
  const maxRedirects = options.maxRedirects ?? 3;
  const deadline = Date.now() + options.timeoutMs;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UnsafeUrlError("not a valid link");
  }
  for (let hop = 0; ; hop++) {
    const allowed = checkUrl(url, allowHosts);
    const response = await request(url, allowed, Math.max(1, deadline - Date.now()));
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (hop >= maxRedirects) throw new DownloadError(`more than ${maxRedirects} redirects`);
      url = new URL(response.headers.location, url);
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new DownloadError(`the server answered ${status}`, status);
    }
    const length = Number(response.headers["content-length"]);
    if (Number.isFinite(length) && length > options.maxBytes) {
      response.destroy();
      throw new DownloadError(
        `the file is larger than the ${Math.round(options.maxBytes / 1_000_000)} MB limit`,
      );
    }
    const remaining = deadline - Date.now();
    const timer = setTimeout(
      () => response.destroy(new DownloadError("the download took too long")),
      Math.max(1, remaining),
    );
    response.on("close", () => clearTimeout(timer));
    return {
      body: response,
      contentType: String(response.headers["content-type"] ?? "")
        .split(";")[0]!
        .trim()
        .toLowerCase(),
      contentLength: Number.isFinite(length) ? length : null,
      url: url.toString(),
    };
  }
}

function request(url: URL, allowed: boolean, timeoutMs: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const req = client.get(
      url,
      {
        lookup: allowed ? undefined : (guardedLookup as never),
        headers: { "user-agent": "Chorus media archiver" },
        timeout: timeoutMs,
      },
      resolve,
    );
    req.on("timeout", () => req.destroy(new DownloadError("the server did not answer in time")));
    req.on("error", (error) =>
      reject(
        error instanceof UnsafeUrlError || error instanceof DownloadError
          ? error
          : new DownloadError(
              `could not connect (${(error as NodeJS.ErrnoException).code ?? error.message})`,
            ),
      ),
    );
  });
}

export type SafePostOptions = {
  allowHosts?: Set<string>;
  timeoutMs: number;
  headers: Record<string, string>;
  body: string;
};

/**
 * A POST through the same guard (outgoing webhooks): http(s) only, no credentials in the
 * link, every resolved address public unless the host is allowed; redirects are not
 * followed (the answer is the status). The answer's body is read up to 4 KB and dropped.
 */
export async function safePost(input: string, options: SafePostOptions): Promise<number> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UnsafeUrlError("not a valid link");
  }
  const allowed = checkUrl(url, options.allowHosts ?? new Set<string>());
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      {
        method: "POST",
        lookup: allowed ? undefined : (guardedLookup as never),
        headers: {
          "user-agent": "Chorus webhooks",
          "content-length": String(Buffer.byteLength(options.body)),
          ...options.headers,
        },
        timeout: options.timeoutMs,
      },
      (response) => {
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > 4096) response.destroy();
        });
        response.on("close", () => resolve(response.statusCode ?? 0));
        response.on("error", () => resolve(response.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy(new DownloadError("the server did not answer in time")));
    req.on("error", (error) =>
      reject(
        error instanceof UnsafeUrlError || error instanceof DownloadError
          ? error
          : new DownloadError(
              `could not connect (${(error as NodeJS.ErrnoException).code ?? error.message})`,
            ),
      ),
    );
    req.end(options.body);
  });
}
