// End-to-end tests: a production build served by `next start` (scripts/e2e-server.ts) over
// a throwaway PostgreSQL, driven in real Chromium. Run with `npm run test:e2e`.
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
// the studio operations (WAV, stems, video, synced lyrics) are sunoapi-org's: a second server
// whose simulator speaks that dialect serves the specs that need them
const ORG_PORT = PORT + 1;
const orgURL = `http://127.0.0.1:${ORG_PORT}`;
const ORG_SPECS = /studio\.spec\.ts$/;
const server = (port: number, env: Record<string, string> = {}) => ({
  command: `npx tsx scripts/e2e-server.ts --port ${port}`,
  url: `http://127.0.0.1:${port}/api/health`,
  timeout: 120_000,
  reuseExistingServer: false,
  stdout: "pipe" as const,
  stderr: "pipe" as const,
  gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
  env,
});

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
      ],
    },
  },
  projects: [
    {
      name: "chromium",
      testIgnore: ORG_SPECS,
      use: { ...devices["Desktop Chrome"], channel: undefined },
    },
    {
      name: "chromium-sunoapi-org",
      testMatch: ORG_SPECS,
      use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: orgURL },
    },
  ],
  webServer: [
    server(PORT),
    server(ORG_PORT, { SIMULATOR_DIALECT: "sunoapi-org", SIMULATOR_PORT: "0" }),
  ],
});
