import "server-only";

import { db } from "@/lib/db";
import { log } from "@/lib/log";

export async function checkDatabase(): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch (error) {
    log.error("health check: database unreachable", {
      message: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}
