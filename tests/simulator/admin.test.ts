// The admin API (state, reset, complete, advance), the promise that keys never reach the
// request log, quiet-by-default logging, and the CLI entry point.
import { spawn } from "node:child_process";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { Simulator } from "../../simulator/server.ts";
import { get, post, start, waitFor, type Json } from "./helpers.ts";

const SECRET = "sk-very-secret-4242";
const OTHER = "sk-second-secret-0707";
let sim: Simulator;
const lines: string[] = [];
beforeAll(async () => {
  sim = await start({ keys: [SECRET, OTHER], stepMs: 10_000, log: (line) => lines.push(line) });
});
afterAll(() => sim.stop());

const admin = async (method: string, pathName: string, body?: unknown) => {
  const response = await fetch(`${sim.url}/__admin${pathName}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
};

describe("admin API", () => {
  it("shows tasks, clips and a request log that never contains a key", async () => {
    const id = (await post(sim, "/suno/submit/music", { prompt: "state me", tags: "jazz" }, SECRET))
      .body.data as string;
    await get(sim, `/api/v2/suno/v6/clip/${id}?key=${SECRET}`, OTHER);
    await get(sim, "/suno/fetch/x", "wrong-key");
    await fetch(`${sim.url}/suno/fetch/${id}`, {
      headers: { Authorization: `Bearer ${SECRET}`, "X-Api-Key": SECRET },
    });
    const { status, body: state } = await admin("GET", "/state");
    expect(status).toBe(200);
    const task = (state.tasks as Json[]).find((t) => t.id === id);
    expect(task).toMatchObject({
      dialect: "relay",
      action: "MUSIC",
      kind: "gen",
      status: "NOT_START",
    });
    expect(task?.clips).toHaveLength(2);
    expect(state.requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: "POST", path: "/suno/submit/music", status: 200 }),
        expect.objectContaining({
          method: "GET",
          path: `/api/v2/suno/v6/clip/${id}`,
          status: 200,
        }),
        expect.objectContaining({ method: "GET", path: "/suno/fetch/x", status: 401 }),
      ]),
    );
    const dump = JSON.stringify(state) + JSON.stringify(sim.admin.requests()) + lines.join("\n");
    expect(dump).not.toContain(SECRET);
    expect(dump).not.toContain(OTHER);
    expect(dump).not.toContain("Bearer");
    expect(lines.some((line) => line.startsWith("POST /suno/submit/music 200"))).toBe(true);
  });

  it("advances the clock, completes tasks, and resets everything", async () => {
    const id = (await post(sim, "/suno/submit/music", { prompt: "advance me" }, SECRET)).body
      .data as string;
    expect((await admin("POST", "/advance", { ms: 20_000 })).status).toBe(200);
    expect((await get(sim, `/suno/fetch/${id}`, SECRET)).body.data.status).toBe("QUEUED");
    expect((await admin("POST", "/advance", { ms: -5 })).status).toBe(400);
    const other = (await post(sim, "/suno/submit/music", { prompt: "complete me" }, SECRET)).body
      .data as string;
    const done = await admin("POST", `/tasks/${other}/complete`);
    expect(done.body).toMatchObject({ ok: true, task: { id: other, status: "SUCCESS" } });
    expect((await admin("POST", "/tasks/unknown/complete")).status).toBe(404);
    sim.admin.setFaults({ rules: [{ action: "error500" }] });
    expect((await admin("POST", "/reset")).body).toEqual({ ok: true });
    const state = (await admin("GET", "/state")).body;
    expect(state).toMatchObject({ tasks: [], deliveries: [], requests: [], faults: { rules: [] } });
    expect((await get(sim, `/suno/fetch/${id}`, SECRET)).status).toBe(404);
  });

  it("writes nothing to stdout without a log option", async () => {
    const write = vi.spyOn(process.stdout, "write");
    const quiet = await start();
    try {
      await post(quiet, "/suno/submit/music", { prompt: "shh" });
      await get(quiet, "/suno/fetch/nope");
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
      await quiet.stop();
    }
  });

  it("answers health checks and unknown paths", async () => {
    expect((await get(sim, "/healthz", null)).body).toMatchObject({ ok: true });
    expect((await get(sim, "/elsewhere", null)).status).toBe(404);
    expect((await admin("GET", "/nothing")).status).toBe(404);
  });
});

describe("CLI", () => {
  it("starts from env vars, prints one line with the URL, and stops on SIGTERM", async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const child = spawn(process.execPath, ["--import", "tsx", "simulator/main.ts"], {
      cwd: root,
      env: {
        ...process.env,
        SIMULATOR_PORT: "0",
        SIMULATOR_KEYS: "cli-key",
        SIMULATOR_STEP_MS: "20",
        SIMULATOR_ID_STYLE: "prefixed",
        SIMULATOR_FAULTS: '{"rules":[{"action":"rateLimit","path":"/api/","times":1}]}',
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on("exit", (code) => resolve(code)),
    );
    try {
      const url = await waitFor(
        async () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1],
        10_000,
        25,
      );
      const submit = await fetch(`${url}/suno/submit/music`, {
        method: "POST",
        headers: { Authorization: "Bearer cli-key" },
        body: '{"prompt":"cli"}',
      });
      expect(((await submit.json()) as Json).data).toMatch(/^task_[0-9a-f]{32}$/);
      expect(
        (
          await fetch(`${url}/api/v1/suno/get-lyrics/x`, {
            headers: { Authorization: "Bearer cli-key" },
          })
        ).status,
      ).toBe(429);
      expect(
        (await fetch(`${url}/suno/fetch/x`, { headers: { Authorization: "Bearer sim-key-1" } }))
          .status,
      ).toBe(401);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(
        output
          .trim()
          .split("\n")
          .filter((line) => !line.startsWith("npm warn")),
      ).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
