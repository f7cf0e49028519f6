// Each integration test file gets its own freshly migrated database, created before any
// test imports lib/, so that one file's sweeper never sees another file's tasks.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, inject } from "vitest";

import { createMigratedDatabase } from "./test-database.ts";

const database = await createMigratedDatabase(inject("serverUrl"));
// archived media go to a temporary folder, never to the developer's .data/
const mediaDir = await mkdtemp(path.join(tmpdir(), "chorus-media-"));

Object.assign(process.env, {
  DATABASE_URL: database.url,
  AUTH_SECRET: "integration-tests-secret-0123456789abcdef",
  NODE_ENV: "test",
  MEDIA_DIR: mediaDir,
});

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  await database.drop();
  await rm(mediaDir, { recursive: true, force: true });
});
