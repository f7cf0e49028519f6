// Pure origin rules (no server-only), shared by lib/request-origin.ts and its tests.
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export const isLoopbackHost = (hostname: string) => LOOPBACK_HOSTS.has(hostname.toLowerCase());

/**
 * `publicOrigin` unless it is a loopback origin and the visitor's Host is the same server
 * under another loopback name (same scheme and port): then the visitor's. Any other Host,
 * forged or not, gets the public origin.
 */
export function linkOriginFor(publicOrigin: string, host: string | null | undefined): string {
  const base = new URL(publicOrigin);
  if (!host || !isLoopbackHost(base.hostname)) return base.origin;
  let visitor: URL;
  try {
    visitor = new URL(`${base.protocol}//${host}`);
  } catch {
    return base.origin;
  }
  const sameServer =
    visitor.host === host.toLowerCase() &&
    isLoopbackHost(visitor.hostname) &&
    visitor.port === base.port &&
    visitor.pathname === "/";
  return sameServer ? visitor.origin : base.origin;
}
