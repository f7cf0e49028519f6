// Serves the production build for the browser tests over a throwaway database (never the
// developer's .data/), with a fresh secret. Started and stopped by Playwright.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { createMigratedDatabase, startTestCluster } from "../tests/support/test-database.ts";
import { runNext, say, startLocalSimulator } from "./lib/bootstrap.ts";

const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const port = argument("--port") ?? "3100";
// `--dialect sunoapi-org`: a second server whose simulator speaks that dialect (its own files)
const dialect = argument("--dialect");
// its files get a suffix, so that servers never remove or overwrite each other's
const suffix = dialect ? `-${dialect}-${port}` : "";

if (!existsSync(".next/BUILD_ID")) {
  console.error(
    "[chorus] No production build: run `npm run build` before the browser tests (npm run test:e2e does).",
  );
  process.exit(1);
}

// The server log, where mail goes when no SMTP server is set (the magic-link test reads it).
export const SERVER_LOG = path.resolve(`test-results/e2e-server${suffix}.log`);
mkdirSync(path.dirname(SERVER_LOG), { recursive: true });
rmSync(SERVER_LOG, { force: true });

const cluster = await startTestCluster();
const database = await createMigratedDatabase(cluster.serverUrl);
// the simulator answers quickly in tests; SIMULATOR_STEP_MS still overrides it
// archived media go to a throwaway folder, never to the developer's .data/
const mediaDir = mkdtempSync(path.join(tmpdir(), "chorus-e2e-media-"));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  MEDIA_DIR: mediaDir,
  SIMULATOR_STEP_MS: argument("--step-ms") ?? process.env.SIMULATOR_STEP_MS ?? "300",
  SUNO_API_KEYS: "",
  AUTH_URL: `http://127.0.0.1:${port}`,
  SWEEP_INTERVAL_SECONDS: "1",
  ...(dialect ? { SIMULATOR_DIALECT: dialect, SIMULATOR_PORT: "0" } : {}),
};
const simulator = await startLocalSimulator(env);
// the browser tests reach the simulator's admin API (to kill its media) through this file
writeFileSync(
  path.resolve(`test-results/e2e-env${suffix}.json`),
  JSON.stringify({ simulatorUrl: env.SUNO_BASE_URL, databaseUrl: database.url }),
);
say(`e2e database and simulator ready; serving the build on port ${port}`);

await runNext(
  ["start", "-p", port, "-H", "127.0.0.1"],
  {
    env: {
      ...env,
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_EMAIL_LINKS: "1",
      SMTP_URL: "",
    },
    services: [
      simulator,
      {
        name: "test database",
        stop: async () => {
          await database.drop().catch(() => {});
          await cluster.stop();
          rmSync(mediaDir, { recursive: true, force: true });
        },
      },
    ],
  },
  { logFile: SERVER_LOG },
);
