// Points lib/ at the throwaway database before any test imports it.
import { afterAll, inject } from "vitest";

Object.assign(process.env, {
  DATABASE_URL: inject("databaseUrl"),
  AUTH_SECRET: "integration-tests-secret-0123456789abcdef",
  NODE_ENV: "test",
});

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
});
