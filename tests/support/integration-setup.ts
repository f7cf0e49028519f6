// Each integration test file gets its own freshly migrated database, created before any
// test imports lib/, so that one file's sweeper never sees another file's tasks.
import { afterAll, inject } from "vitest";
import { createMigratedDatabase } from "./test-database.ts";

const database = await createMigratedDatabase(inject("serverUrl"));

Object.assign(process.env, {
  DATABASE_URL: database.url,
  AUTH_SECRET: "integration-tests-secret-0123456789abcdef",
  NODE_ENV: "test",
});

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  await database.drop();
});
