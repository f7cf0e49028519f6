// One Node for Vercel (engines names its major), nvm and CI (.nvmrc, exact) and this run
// (`npm test` runs on it through scripts/pinned-node.mjs): the project is developed and
// tested on the Node production runs, so no platform may pick another one.
import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const nvmrc = readFileSync(path.join(root, ".nvmrc"), "utf8").trim();
const major = nvmrc.split(".")[0]!;

describe("the Node version", () => {
  it("is pinned to one release in .nvmrc, whose major engines names", () => {
    expect(nvmrc).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.engines.node).toBe(`${major}.x`);
  });

  it("is one Vercel still builds with (20.x is refused there since it was discontinued)", () => {
    expect(Number(major)).toBeGreaterThanOrEqual(22);
  });

  it("is the one running these tests", () => {
    expect(process.versions.node.split(".")[0]).toBe(major);
  });

  it("matches the Node types the code is checked against", () => {
    expect(pkg.devDependencies["@types/node"]).toMatch(new RegExp(`^\\^?${major}\\.`));
  });
});
