// The engine survives its process being killed (SIGKILL, no cleanup) mid-submit and
// mid-sweep: after a restart every task still ends, charged and refunded correctly.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { submitTask } from "@/lib/tasks/submit";
import { sweep } from "@/lib/tasks/sweep";

import { startSimulator, type Simulator } from "../../simulator/server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const KEY = "sk-crash";
let sim: Simulator;
let sql: pg.Client;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 2 });
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
});
afterAll(async () => {
  await sim.stop();
  await sql.end();
});

function child(...args: string[]): ChildProcess {
  return spawn(
    process.execPath,
    [
      path.join(ROOT, "node_modules/tsx/dist/cli.mjs"),
      "--conditions=react-server",
      path.join(ROOT, "tests/support/engine-child.ts"),
      ...args,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL! },
      stdio: "pipe",
    },
  );
}

async function until<T>(
  probe: () => Promise<T | null | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const kill = (process: ChildProcess) =>
  new Promise<void>((resolve) => {
    process.on("exit", () => resolve());
    process.kill("SIGKILL");
  });

describe("a killed engine process", () => {
  it("mid-submit: the charged SUBMITTING task is resolved by the next sweep, refunded once", async () => {
    const user = await registerUser({
      name: "Crash",
      email: `crash-${randomBytes(5).toString("hex")}@example.test`,
      password: "a long enough password",
    });
    const before = Number(
      (await sql.query(`SELECT credit_balance FROM users WHERE id = $1`, [user.id])).rows[0]
        .credit_balance,
    );
    sim.admin.setFaults({ rules: [{ path: "/suno/submit/music", action: "hang", times: 1 }] });

    const worker = child(
      "submit",
      sim.url,
      KEY,
      user.id,
      `crash-${randomBytes(8).toString("hex")}`,
    );
    // the row and its charge are committed before the upstream call, which now hangs
    const task = await until(
      () => db.task.findFirst({ where: { ownerId: user.id, status: "SUBMITTING" } }),
      "the SUBMITTING row",
    );
    await until(
      async () =>
        (
          await sql.query(`SELECT 1 FROM ledger_entries WHERE task_id = $1 AND kind = 'CHARGE'`, [
            task.id,
          ])
        ).rowCount,
      "the charge",
    );
    await kill(worker);
    expect(
      Number(
        (await sql.query(`SELECT credit_balance FROM users WHERE id = $1`, [user.id])).rows[0]
          .credit_balance,
      ),
    ).toBe(before - 10);

    // "restart": a new process sweeps once the task has been stuck long enough
    await sql.query(`UPDATE tasks SET created_at = now() - interval '10 minutes' WHERE id = $1`, [
      task.id,
    ]);
    const report = await sweep({
      client: createSunoClient([
        { name: "primary", dialect: "relay", baseUrl: sim.url, keys: [KEY] },
      ]),
    });
    expect(report.abandoned).toBe(1);
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: "FAILED",
      failCode: "NOT_CONFIRMED",
    });
    expect(
      Number(
        (await sql.query(`SELECT credit_balance FROM users WHERE id = $1`, [user.id])).rows[0]
          .credit_balance,
      ),
    ).toBe(before);
    const kinds = (
      await sql.query(`SELECT kind FROM ledger_entries WHERE task_id = $1 ORDER BY created_at`, [
        task.id,
      ])
    ).rows.map((r) => r.kind);
    expect(kinds).toEqual(["CHARGE", "REFUND"]);
  }, 60_000);

  it("mid-sweep: tasks it had claimed are finished by the next sweeper once its leases lapse", async () => {
    const user = await registerUser({
      name: "Crash",
      email: `crash-${randomBytes(5).toString("hex")}@example.test`,
      password: "a long enough password",
    });
    const client = createSunoClient([
      { name: "primary", dialect: "relay", baseUrl: sim.url, keys: [KEY] },
    ]);
    const tasks = await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        submitTask({
          actor: user,
          teamId: null,
          input: { operation: "LYRICS", prompt: `crash ${i}` },
          idempotencyKey: `crash-${randomBytes(8).toString("hex")}`,
          client,
        }),
      ),
    );
    for (const task of tasks) sim.admin.complete(task.upstreamId!);
    await sql.query(
      `UPDATE tasks SET next_poll_at = now() - interval '1 second' WHERE owner_id = $1`,
      [user.id],
    );
    sim.admin.setFaults({ rules: [{ path: "/suno/fetch", action: "hang" }] });

    const worker = child("sweep", sim.url, KEY);
    await until(
      async () =>
        (
          await sql.query(
            `SELECT count(*)::int AS n FROM tasks WHERE owner_id = $1 AND lease_until > now()`,
            [user.id],
          )
        ).rows[0].n === 3,
      "the leases",
    );
    await kill(worker);
    sim.admin.setFaults({});

    // while the dead sweeper's leases last, nobody touches its tasks
    expect((await sweep({ client })).fetched).toBe(0);
    await sql.query(
      `UPDATE tasks SET lease_until = now() - interval '1 second' WHERE owner_id = $1`,
      [user.id],
    );
    await sweep({ client });
    const ended = await db.task.findMany({
      where: { ownerId: user.id },
      include: { lyrics: true },
    });
    expect(ended.map((t) => t.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    expect(ended.every((t) => t.lyrics?.text?.startsWith("[Verse]"))).toBe(true);
  }, 60_000);
});
