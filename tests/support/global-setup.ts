// Integration tests: one throwaway PostgreSQL cluster per run and one migrated database
// that the test files share (each test creates its own users, so files never collide).
import type { TestProject } from "vitest/node";
import { createMigratedDatabase, startTestCluster } from "./test-database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    serverUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startTestCluster();
  const database = await createMigratedDatabase(cluster.serverUrl);
  project.provide("databaseUrl", database.url);
  project.provide("serverUrl", cluster.serverUrl);
  return async () => {
    await database.drop();
    await cluster.stop();
  };
}
