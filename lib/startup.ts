// Server start (Node.js runtime): validate the environment so that a missing or wrong
// setting stops the server with a clear message instead of failing on the first request.
import "server-only";
import { EnvError, getEnv } from "@/lib/env";

export async function onServerStart() {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
