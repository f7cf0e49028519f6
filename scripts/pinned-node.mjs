#!/usr/bin/env node
// Runs a command on the Node version the project pins (.nvmrc, exact; package.json engines
// names its major for Vercel). When the Node running this is another major, the pinned
// build is fetched once from the npm registry (the `node-<platform>-<arch>` packages carry
// the official binaries) into node_modules/.cache and put first on the PATH, so development,
// tests and CI run on the Node that Vercel runs in production.
//
//   node scripts/pinned-node.mjs <command> [args…]   run a command on the pinned Node
//   node scripts/pinned-node.mjs --path              print the directory holding its `node`
//
// Without the registry the command runs on the Node at hand, with a warning (under CI=1 it
// fails instead: CI must test what production runs).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const pinned = readFileSync(path.join(root, ".nvmrc"), "utf8").trim();
const major = (version) => version.split(".")[0];

function pinnedBinDir() {
  if (major(process.versions.node) === major(pinned)) return path.dirname(process.execPath);
  const platform = process.platform === "win32" ? "win" : process.platform;
  const pkg = `node-${platform}-${process.arch}`;
  const prefix = path.join(root, "node_modules", ".cache", "chorus-node", pinned);
  const bin = path.join(prefix, "node_modules", pkg, "bin");
  if (!existsSync(path.join(bin, "node"))) {
    console.error(`pinned-node: fetching Node ${pinned} (${pkg}) from the npm registry…`);
    execFileSync(
      "npm",
      [
        "install",
        "--prefix",
        prefix,
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        "--loglevel=error",
        `${pkg}@${pinned}`,
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
  }
  return bin;
}

let binDir;
try {
  binDir = pinnedBinDir();
} catch (error) {
  const message = `pinned-node: could not get Node ${pinned} (${String(error)})`;
  if (process.env.CI) {
    console.error(message);
    process.exit(1);
  }
  console.error(`${message}; running on Node ${process.versions.node} instead`);
  binDir = path.dirname(process.execPath);
}

const [command, ...args] = process.argv.slice(2);
if (command === "--path") {
  console.log(binDir);
  process.exit(0);
}
if (!command) {
  console.error("usage: node scripts/pinned-node.mjs <command> [args…] | --path");
  process.exit(2);
}

const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}` };
const child = spawn(command, args, { stdio: "inherit", env, shell: process.platform === "win32" });
// the child is the real work: pass on what a supervisor sends, and end with its outcome. A
// terminal's Ctrl-C reaches the whole process group (the child too) by itself: waiting for
// the child to finish its own clean stop is all this process has to do.
process.on("SIGINT", () => {});
for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (!signal) process.exit(code ?? 1);
  process.removeAllListeners(signal); // end as the child ended, so callers see the signal
  process.kill(process.pid, signal);
});
