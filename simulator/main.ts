// CLI entry: `tsx simulator/main.ts`. The only place that reads the environment, so that the
// server module stays a pure function of its options.
import { parseFaultConfig } from "./faults.ts";
import { startSimulator, type SimulatorOptions } from "./server.ts";
import type { IdStyle } from "./types.ts";

function numberFrom(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

function optionsFromEnv(): SimulatorOptions {
  const env = process.env;
  const options: SimulatorOptions = {
    port: numberFrom("SIMULATOR_PORT") ?? 8787,
    stepMs: numberFrom("SIMULATOR_STEP_MS"),
    clipSeconds: numberFrom("SIMULATOR_CLIP_SECONDS"),
  };
  const keys = env.SIMULATOR_KEYS?.split(",")
    .map((key) => key.trim())
    .filter(Boolean);
  if (keys?.length) options.keys = keys;
  if (env.SIMULATOR_FAULTS?.trim()) {
    try {
      options.faults = parseFaultConfig(JSON.parse(env.SIMULATOR_FAULTS));
    } catch (error) {
      throw new Error(
        `SIMULATOR_FAULTS: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (env.SIMULATOR_MODERATION_WORD !== undefined)
    options.moderationWord = env.SIMULATOR_MODERATION_WORD;
  if (env.SIMULATOR_ID_STYLE) options.idStyle = env.SIMULATOR_ID_STYLE as IdStyle;
  if (env.SIMULATOR_PUBLIC_URL) options.publicUrl = env.SIMULATOR_PUBLIC_URL;
  if (env.SIMULATOR_FETCH_UPLOADS === "1") options.fetchUploadLinks = true;
  if (env.SIMULATOR_LOG === "1") options.log = (line) => console.log(`[simulator] ${line}`);
  return options;
}

try {
  const simulator = await startSimulator(optionsFromEnv());
  console.log(
    `Suno simulator listening on ${simulator.url} (relay at /suno, sunoapi at /api, ` +
      `sunoapi-org at ${simulator.url}/org)`,
  );
  const shutdown = () => {
    void simulator.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
