// Integration tests: one throwaway PostgreSQL cluster per run; each test file then creates
// its own migrated database on it (integration-setup.ts).
import type { TestProject } from "vitest/node";

import { startTestCluster } from "./test-database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startTestCluster();
  project.provide("serverUrl", cluster.serverUrl);
  return () => cluster.stop();
}
