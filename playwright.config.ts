// End-to-end tests: a production build served by `next start` (scripts/e2e-server.ts) over
// a throwaway PostgreSQL, driven in real Chromium. Run with `npm run test:e2e`.
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
// Two more servers speak sunoapi-org: the studio operations (WAV, stems, video, synced
// lyrics) run on PORT + 1 (studio.spec.ts), and specs named *.org.spec.ts on PORT + 2, whose
// simulator's stages last long enough for a person (and a test) to watch them; that one
// starts only when such a spec is selected (E2E_ORG=0 leaves it out altogether)
const STUDIO_PORT = PORT + 1;
const studioURL = `http://127.0.0.1:${STUDIO_PORT}`;
const STUDIO_SPECS = /studio\.spec\.ts$/;
const ORG_PORT = PORT + 2;
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
      testIgnore: [ORG_SPEC, STUDIO_SPECS],
      use: { ...devices["Desktop Chrome"], channel: undefined },
    },
    {
      name: "chromium-sunoapi-org",
      testMatch: STUDIO_SPECS,
      use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: studioURL },
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
    server(STUDIO_PORT, studioURL, " --dialect sunoapi-org"),
    ...(wantsOrg ? [server(ORG_PORT, orgURL, " --dialect sunoapi-org --step-ms 2500")] : []),
  ],
});
