// The push channel (issue 21 item 4): GET /api/events called as Next calls it, its stream
// read and parsed as a browser's EventSource does, with the real Postgres (LISTEN/NOTIFY
// through postgres.js) and the simulator behind lib/tasks. A user hears their own tasks to
// the end, nobody else's; a team task reaches the team; no session is a 401; the listener
// comes back after its connection is killed, and news flows again.
import { randomBytes } from "node:crypto";

import { NextRequest } from "next/server";
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";

import { startSimulator } from "../../simulator/server";

type User = { id: string; name: string | null; email: string | null; image: null };
const session = vi.hoisted(() => ({ current: null as null | User }));
vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: async () => session.current,
  requireUser: async () => session.current ?? Promise.reject(new Error("no session")),
}));

const KEY = "sk-events";
const sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 3 });
Object.assign(process.env, { SUNO_PROVIDER: "relay", SUNO_BASE_URL: sim.url, SUNO_API_KEYS: KEY });

const { registerUser } = await import("@/lib/auth/credentials");
const { db, disconnectDb } = await import("@/lib/db");
const { submitTask } = await import("@/lib/tasks/submit");
const { createTeam } = await import("@/lib/teams/teams");
const { fundTeam } = await import("@/lib/teams/credits");
const { listenerStatus, stopListening } = await import("@/lib/events/listener");
const route = await import("@/app/api/events/route");

const sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
await sql.connect();
const streams: AbortController[] = [];
afterAll(async () => {
  for (const s of streams) s.abort();
  await stopListening();
  await sql.end();
  await sim.stop();
  await disconnectDb();
});

const person = async (name: string): Promise<User> => {
  const user = await registerUser({
    name,
    email: `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });
  return { id: user.id, name, email: user.email, image: null };
};

type Event = { event: string; data: string };

/** Opens the stream as `user` and parses it as EventSource does (event/data/blank line). */
async function open(user: User | null) {
  session.current = user;
  const abort = new AbortController();
  streams.push(abort);
  const response = await route.GET(
    new NextRequest("http://chorus.test/api/events", { signal: abort.signal }),
    { params: Promise.resolve({}) },
  );
  const events: Event[] = [];
  let text = "";
  let ended = false;
  if (response.status === 200 && response.body) {
    void (async () => {
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: null }));
        if (done || !value) break;
        text += decoder.decode(value, { stream: true });
        let end;
        while ((end = text.indexOf("\n\n")) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const fields = block.split("\n").filter((line) => !line.startsWith(":"));
          const event = fields.find((l) => l.startsWith("event: "))?.slice(7) ?? "message";
          const data = fields.find((l) => l.startsWith("data: "))?.slice(6);
          if (data !== undefined) events.push({ event, data });
        }
      }
      ended = true;
    })();
  }
  const until = async (test: (events: Event[]) => boolean, ms = 20_000) => {
    const started = Date.now();
    while (!test(events)) {
      if (Date.now() - started > ms) throw new Error(`no such event in ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { response, events, until, abort, ended: () => ended };
}

const taskEvents = (events: Event[], taskId: string) =>
  events
    .filter((e) => e.event === "task")
    .map((e) => JSON.parse(e.data) as { taskId: string; status: string | null })
    .filter((e) => e.taskId === taskId);

const song = (title: string) => ({
  operation: "INSTRUMENTAL",
  tags: "folk",
  title,
  model: "chirp-hawk",
});
const submit = (actor: User, teamId: string | null = null) =>
  submitTask({
    actor,
    teamId,
    input: song("Pushed"),
    idempotencyKey: `events-${randomBytes(6).toString("hex")}`,
  });

describe("GET /api/events", () => {
  it("answers 401 without a session, and writes no stream", async () => {
    const stream = await open(null);
    expect(stream.response.status).toBe(401);
    expect((await stream.response.json()).error.code).toBe("UNAUTHENTICATED");
  });

  it("streams the user's task to its end, and nothing of it to another user", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const mine = await open(alice);
    expect(mine.response.status).toBe(200);
    expect(mine.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await mine.until((e) => e.some((x) => x.event === "ready"));
    const theirs = await open(bob);
    await theirs.until((e) => e.some((x) => x.event === "ready"));

    session.current = alice;
    const task = await submit(alice);
    // nothing polls: the stream itself refreshes the due task (no sweeper runs here)
    await mine.until((e) => taskEvents(e, task.id).some((x) => x.status === "SUCCEEDED"));
    const statuses = taskEvents(mine.events, task.id).map((x) => x.status);
    expect(statuses).toContain("SUCCEEDED");
    const stored = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(stored.status).toBe("SUCCEEDED");
    // Bob's stream is open and hears nothing of it
    await new Promise((r) => setTimeout(r, 300));
    expect(taskEvents(theirs.events, task.id)).toEqual([]);
    expect(theirs.events.filter((e) => e.event === "task")).toEqual([]);
    expect(theirs.events.some((e) => e.data.includes(task.id))).toBe(false);
  });

  it("sends a team task to the team's members and not to anyone else", async () => {
    const owner = await person("Owner");
    const outsider = await person("Outsider");
    const team = await createTeam(owner, { name: `Push ${randomBytes(3).toString("hex")}` });
    await fundTeam(owner, { teamId: team.id, amount: 100 });
    const member = await open(owner);
    const other = await open(outsider);
    await member.until((e) => e.some((x) => x.event === "ready"));
    await other.until((e) => e.some((x) => x.event === "ready"));
    const task = await submit(owner, team.id);
    expect(task.teamId).toBe(team.id);
    await member.until((e) => taskEvents(e, task.id).some((x) => x.status === "SUCCEEDED"));
    await new Promise((r) => setTimeout(r, 300));
    expect(other.events.filter((e) => e.event === "task")).toEqual([]);
  });

  it("comes back after its LISTEN connection is killed, and news flows again", async () => {
    const carol = await person("Carol");
    const stream = await open(carol);
    await stream.until((e) => e.some((x) => x.event === "ready"));
    const before = listenerStatus().connects;
    const killed = await sql.query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
       WHERE application_name = 'chorus-events' AND query ILIKE 'listen%'`,
    );
    expect(killed.rows.length).toBe(1);
    // the listener reconnects and the open stream is told to resync
    await stream.until((e) => e.some((x) => x.event === "resync"));
    expect(listenerStatus().connects).toBeGreaterThan(before);
    const task = await submit(carol);
    await stream.until((e) => taskEvents(e, task.id).some((x) => x.status === "SUCCEEDED"));
  });

  it("ends the stream cleanly when the browser goes away", async () => {
    const dana = await person("Dana");
    const stream = await open(dana);
    await stream.until((e) => e.some((x) => x.event === "ready"));
    stream.abort.abort();
    const started = Date.now();
    while (!stream.ended() && Date.now() - started < 5_000)
      await new Promise((r) => setTimeout(r, 20));
    expect(stream.ended()).toBe(true);
  });
});
