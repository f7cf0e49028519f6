#!/usr/bin/env node
// Builds Chorus the way Vercel does (`vercel build`, offline, into .vercel/output) and checks
// what a deployment depends on: the per-minute cron is declared, every function runs on the
// pinned Node major, none is over Vercel's 50 MB limit, and the long routes keep their
// maxDuration. Prints one line per function and exits non-zero on any problem.
//
//   npm run check:vercel
//
// The CLI is installed once into node_modules/.cache/vercel-cli (the latest release needs an
// npm override: it asks for a version of `sandbox` the registry never published).
import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

const VERCEL_CLI = "64.0.2";
const SANDBOX_OVERRIDE = "4.5.0";
const LIMIT_BYTES = 50 * 1024 * 1024;
const EXPECTED_MAX_DURATION = {
  "api/cron/sweep": 60,
  "api/cron/backups": 60,
  "api/cron/exports": 300,
  "api/export": 300,
  "api/events": 300,
};

const root = path.resolve(import.meta.dirname, "..");
const major = readFileSync(path.join(root, ".nvmrc"), "utf8").trim().split(".")[0];

// ── the CLI ─────────────────────────────────────────────────────────────────────────────
const cliDir = path.join(root, "node_modules", ".cache", "vercel-cli", VERCEL_CLI);
const cli = path.join(cliDir, "node_modules", ".bin", "vercel");
if (!existsSync(cli)) {
  mkdirSync(cliDir, { recursive: true });
  writeFileSync(
    path.join(cliDir, "package.json"),
    JSON.stringify({ private: true, overrides: { sandbox: SANDBOX_OVERRIDE } }),
  );
  console.log(`installing vercel@${VERCEL_CLI} into ${path.relative(root, cliDir)}…`);
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--loglevel=error", `vercel@${VERCEL_CLI}`],
    { cwd: cliDir, stdio: "inherit" },
  );
}

// ── the build ───────────────────────────────────────────────────────────────────────────
// `vercel build` needs a linked project; a local one is enough offline (never deployed)
const project = path.join(root, ".vercel", "project.json");
if (!existsSync(project)) {
  mkdirSync(path.dirname(project), { recursive: true });
  writeFileSync(
    project,
    JSON.stringify({
      projectId: "prj_chorus_local_check",
      orgId: "team_chorus_local_check",
      settings: { framework: "nextjs", buildCommand: "npm run build", installCommand: "true" },
    }),
  );
}
execFileSync(cli, ["build", "--prod", "--yes"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, VERCEL_TELEMETRY_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1" },
});

// ── the checks ──────────────────────────────────────────────────────────────────────────
const output = path.join(root, ".vercel", "output");
const problems = [];
const config = JSON.parse(readFileSync(path.join(output, "config.json"), "utf8"));
const crons = config.crons ?? [];
if (!crons.some((c) => c.path === "/api/cron/sweep" && c.schedule === "* * * * *"))
  problems.push(`no per-minute cron for /api/cron/sweep (crons: ${JSON.stringify(crons)})`);

function bytesOf(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? bytesOf(full) : statSync(full).size;
  }
  return total;
}
// every function, with whether it is a symlink: Vercel gives routes with the same settings
// (e.g. the same maxDuration) one bundle, and the other routes' .func points at it
function functions(dir, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const shared = lstatSync(full).isSymbolicLink();
    if (entry.name.endsWith(".func")) found.push({ dir: full, shared });
    else if (entry.isDirectory()) functions(full, found);
  }
  return found;
}

const rows = [];
const settings = new Map(); // every route's own settings, shared bundle or not
for (const { dir, shared } of functions(path.join(output, "functions"))) {
  const name = path.relative(path.join(output, "functions"), dir).replace(/\.func$/, "");
  const vc = JSON.parse(readFileSync(path.join(dir, ".vc-config.json"), "utf8"));
  settings.set(name, vc);
  // a shared bundle is counted once, where it lives
  if (shared) continue;
  // files the bundle takes from the project instead of copying them
  let bytes = bytesOf(dir);
  for (const source of Object.values(vc.filePathMap ?? {})) {
    const file = path.isAbsolute(source) ? source : path.join(root, source);
    if (existsSync(file)) bytes += statSync(file).size;
  }
  rows.push({
    name,
    mb: (bytes / 1024 / 1024).toFixed(1),
    runtime: vc.runtime,
    max: vc.maxDuration,
  });
  if (bytes > LIMIT_BYTES) problems.push(`${name} is ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  if (vc.runtime !== `nodejs${major}.x`)
    problems.push(`${name} runs on ${vc.runtime}, not nodejs${major}.x (.nvmrc)`);
}
for (const [name, expected] of Object.entries(EXPECTED_MAX_DURATION)) {
  const vc = settings.get(name);
  if (!vc) problems.push(`no function for ${name}`);
  else if (vc.maxDuration !== expected)
    problems.push(`${name} has maxDuration ${vc.maxDuration}, expected ${expected}`);
}

console.log(`\ncrons: ${JSON.stringify(crons)}`);
console.log("function                              MB  runtime      maxDuration");
for (const r of rows.sort((a, b) => Number(b.mb) - Number(a.mb)))
  console.log(`${r.name.padEnd(36)} ${r.mb.padStart(4)}  ${r.runtime}  ${r.max ?? "-"}`);
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log(
  `\nok: ${rows.length} bundles for ${settings.size} routes, all under 50 MB, on nodejs${major}.x`,
);
