// One Node major for Vercel (engines), nvm/CI (.nvmrc) and this run: the project is
// developed and tested on it, so no platform may pick another one.
import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const nvmrc = readFileSync(path.join(root, ".nvmrc"), "utf8").trim();

describe("the Node version", () => {
  it("is pinned to one major in engines and .nvmrc", () => {
    expect(pkg.engines.node).toMatch(/^\d+\.x$/);
    expect(nvmrc).toMatch(/^\d+$/);
    expect(pkg.engines.node).toBe(`${nvmrc}.x`);
  });

  it("is the one running these tests", () => {
    expect(process.versions.node.split(".")[0]).toBe(nvmrc);
  });

  it("matches the Node types the code is checked against", () => {
    expect(pkg.devDependencies["@types/node"]).toMatch(new RegExp(`^\\^?${nvmrc}\\.`));
  });
});
