// End-to-end tests: a production build served by `next start` (scripts/e2e-server.ts) over
// a throwaway PostgreSQL, driven in real Chromium. Run with `npm run test:e2e`.
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
// specs named *.org.spec.ts run against a second server whose provider speaks sunoapi-org;
// it starts only when such a spec is selected (E2E_ORG=0 leaves it out altogether)
const ORG_PORT = PORT + 1;
const orgURL = `http://127.0.0.1:${ORG_PORT}`;
const ORG_SPEC = /\.org\.spec\.ts$/;
const specArgs = process.argv.filter((arg) => /\.spec\.ts/.test(arg));
const wantsOrg =
  process.env.E2E_ORG !== "0" &&
  (specArgs.length === 0 || specArgs.some((arg) => ORG_SPEC.test(arg)));
const server = (port: number, url: string, extra = "") => ({
  command: `npx tsx scripts/e2e-server.ts --port ${port}${extra}`,
  url: `${url}/api/health`,
  timeout: 120_000,
  reuseExistingServer: false,
  stdout: "pipe" as const,
  stderr: "pipe" as const,
  gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
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
      testIgnore: ORG_SPEC,
      use: { ...devices["Desktop Chrome"], channel: undefined },
    },
    ...(wantsOrg
      ? [
          {
            name: "sunoapi-org",
            testMatch: ORG_SPEC,
            use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: orgURL },
          },
        ]
      : []),
  ],
  webServer: [
    server(PORT, baseURL),
    // the simulator's stages last long enough here for a person (and a test) to watch them
    ...(wantsOrg ? [server(ORG_PORT, orgURL, " --dialect sunoapi-org --step-ms 2500")] : []),
  ],
});
