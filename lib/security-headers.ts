// The Content Security Policy of every page (set by proxy.ts with a fresh nonce per request,
// Next.js 16's documented pattern) and the headers that go with it. Pure: tests build it too.
// Scripts run only with the nonce ('strict-dynamic' lets them load Next.js's chunks); media
// may come from the providers' hosts while Chorus has no copy yet (/api/media redirects).

export type CspOptions = {
  nonce: string;
  isDev: boolean;
  https: boolean;
  /** origins media may be fetched from before they are archived (providers, the simulator) */
  mediaOrigins: string[];
};

export function contentSecurityPolicy({ nonce, isDev, https, mediaOrigins }: CspOptions): string {
  const media = ["'self'", "blob:", "data:", "https:", ...mediaOrigins].join(" ");
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // React and the toaster set style attributes and small <style> tags at run time
    "style-src 'self' 'unsafe-inline'",
    `img-src ${media}`,
    `media-src ${media}`,
    // the waveform fetches the audio (which may redirect to a provider); dev reloads over ws
    `connect-src 'self' https: ${mediaOrigins.join(" ")}${isDev ? " ws: wss:" : ""}`.trim(),
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    // signing in with GitHub posts here and is redirected there
    "form-action 'self' https://github.com",
    // no one may frame Chorus (a public share page may opt into an embed variant later)
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

export const HSTS = "max-age=63072000; includeSubDomains";

/** A nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The origins (scheme://host:port) of http(s) URLs; anything else is dropped. */
export function originsOf(urls: (string | undefined)[]): string[] {
  const origins = new Set<string>();
  for (const url of urls) {
    if (!url) continue;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") origins.add(parsed.origin);
    } catch {
      // not a URL: nothing to allow
    }
  }
  return [...origins];
}
