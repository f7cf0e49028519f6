// Music operations that make new takes of a finished clip (issue 16), through the whole engine
// against the simulator's sunoapi-org dialect over HTTP: a cover of a clip, a replaced section,
// vocals added to an instrumental, an instrumental added to vocals, and a song on a retired
// model brought forward to v6. Each is submitted as a priced task (the clip's audio put on the
// provider's file host from Chorus's own archive first, where the operation starts from a
// file), followed to its end by its callbacks or, with every callback lost, by polling; its new
// takes are archived with lineage to their source; a failure is refunded once; bad input is a
// clear 4xx that writes nothing.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startSimulator } from "../../simulator/server";

const KEY = "sk-takes";
const sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 15, clipSeconds: 24 });
Object.assign(process.env, {
  SUNO_PROVIDER: "sunoapi-org",
  SUNO_BASE_URL: `${sim.url}/org`,
  SUNO_API_KEYS: KEY,
});

const { registerUser } = await import("@/lib/auth/credentials");
const { db } = await import("@/lib/db");
const { archiveClipsOfTask } = await import("@/lib/media/archive");
const { createSunoClient } = await import("@/lib/suno/client");
const { refreshIfDue } = await import("@/lib/tasks/refresh");
const { submitTask } = await import("@/lib/tasks/submit");
const { listVoices } = await import("@/lib/voices/voices");
const { receiveWebhook } = await import("@/lib/tasks/webhook");
const { createTeam } = await import("@/lib/teams/teams");

let sql: pg.Client;
let receiver: Server;
let receiverUrl: string;
/** while set, callbacks are refused before they reach Chorus (lost on the way) */
let dropCallbacks = false;

beforeAll(async () => {
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  async function receive(req: IncomingMessage, res: ServerResponse) {
    let text = "";
    for await (const chunk of req) text += chunk;
    if (dropCallbacks) return void res.writeHead(503).end();
    const url = new URL(req.url!, "http://receiver");
    const outcome = await receiveWebhook({
      taskId: url.searchParams.get("task"),
      token: url.searchParams.get("token"),
      body: JSON.parse(text),
    });
    res.writeHead(outcome.status, { "content-type": "application/json" });
    res.end(JSON.stringify(outcome.body));
  }
  receiver = createServer((req, res) => void receive(req, res));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sim.stop();
  await sql.end();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  dropCallbacks = false;
  sim.admin.setFaults({});
});

const key = () => `idem-${randomBytes(8).toString("hex")}`;
const newUser = (name: string) =>
  registerUser({
    name,
    email: `${name.toLowerCase()}-${randomBytes(5).toString("hex")}@example.test`,
    password: "a long enough password",
  });

async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

const TERMINAL = ["SUCCEEDED", "FAILED", "TIMED_OUT"];
const taskRow = (id: string) => db.task.findUniqueOrThrow({ where: { id } });
const makeDue = (taskId: string) =>
  sql.query(`UPDATE tasks SET next_poll_at = now() - interval '1 second' WHERE id = $1`, [taskId]);
async function pollToEnd(taskId: string) {
  return until(async () => {
    await makeDue(taskId);
    await refreshIfDue(taskId);
    const task = await taskRow(taskId);
    return TERMINAL.includes(task.status) && task;
  }, `task ${taskId} to end by polling`);
}
const waitToEnd = (taskId: string) =>
  until(async () => {
    const task = await taskRow(taskId);
    return TERMINAL.includes(task.status) && task;
  }, `task ${taskId} to end by its callbacks`);
const ledger = async (taskId: string) =>
  (
    await sql.query(
      `SELECT kind, amount FROM ledger_entries WHERE task_id = $1 ORDER BY created_at`,
      [taskId],
    )
  ).rows;
const teamBalance = async (teamId: string) =>
  Number(
    (await sql.query(`SELECT credit_balance FROM teams WHERE id = $1`, [teamId])).rows[0]
      .credit_balance,
  );

type World = Awaited<ReturnType<typeof makeWorld>>;
/** A funded team with one finished song, archived into Chorus's storage; and a stranger. */
async function makeWorld(input: Record<string, unknown> = {}) {
  const owner = await newUser("Owner");
  const stranger = await newUser("Stranger");
  const team = await createTeam(owner, { name: `Takes ${randomBytes(3).toString("hex")}` });
  await sql.query(`UPDATE teams SET credit_balance = 500 WHERE id = $1`, [team.id]);
  const song = await submitTask({
    actor: owner,
    teamId: team.id,
    input: {
      operation: "CUSTOM_SONG",
      lyrics: "[Verse]\nHarbour lights are low\nthe tide is coming in\n[Chorus]\nsing it home",
      tags: "indie folk",
      title: "Harbour Lights",
      model: "chirp-hawk",
      ...input,
    },
    idempotencyKey: key(),
    notifyBaseUrl: receiverUrl,
  });
  await waitToEnd(song.id);
  await archiveClipsOfTask(song.id);
  const clip = await until(
    () =>
      db.clip.findFirst({
        where: { taskId: song.id, status: "COMPLETE", archiveStatus: "ARCHIVED" },
      }),
    "a finished, archived take",
  );
  return { owner, stranger, team, clip };
}

const submitTake = (world: World, input: Record<string, unknown>, actor = world.owner) =>
  submitTask({
    actor,
    teamId: null, // a new take of a team's song belongs (and is paid) where its source is
    input: { clipId: world.clip.id, ...input },
    idempotencyKey: key(),
    notifyBaseUrl: receiverUrl,
  });

/** Every new take of a task: finished, archived into storage, linked to its source. */
async function archivedTakes(taskId: string) {
  await archiveClipsOfTask(taskId);
  return until(async () => {
    const clips = await db.clip.findMany({
      where: { taskId, status: "COMPLETE" },
      include: { media: true },
    });
    if (clips.some((c) => c.archiveStatus === "PENDING")) await archiveClipsOfTask(taskId);
    return clips.length > 0 && clips.every((c) => c.archiveStatus === "ARCHIVED") && clips;
  }, "every new take archived");
}

/** What the provider was asked (the simulator's request log). */
const requested = (path: string) =>
  sim.admin.requests().filter((r) => r.path === `/org${path}` && r.status === 200).length;

const CASES = [
  {
    name: "a cover of a clip",
    input: { operation: "CLIP_COVER", tags: "dream pop", model: "chirp-hawk" },
    cost: 10,
    path: "/api/v1/generate/upload-cover",
    uploads: 1,
  },
  {
    name: "a replaced section",
    input: {
      operation: "REPLACE_SECTION",
      startS: 4,
      endS: 10.5,
      lyrics: "the harbour sings a new line here",
    },
    cost: 5,
    path: "/api/v1/generate/replace-section",
    uploads: 0,
  },
  {
    name: "vocals added to an instrumental",
    world: { operation: "INSTRUMENTAL", lyrics: undefined },
    input: { operation: "ADD_VOCALS", lyrics: "[Verse]\nnew words over the band" },
    cost: 10,
    path: "/api/v1/generate/add-vocals",
    uploads: 1,
  },
  {
    name: "an instrumental added to vocals",
    input: { operation: "ADD_INSTRUMENTAL", tags: "string quartet" },
    cost: 10,
    path: "/api/v1/generate/add-instrumental",
    uploads: 1,
  },
  {
    name: "a retired model's song brought forward (cover on v6)",
    retired: true,
    input: { operation: "BRING_FORWARD", via: "cover" },
    cost: 10,
    path: "/api/v1/generate/upload-cover",
    uploads: 1,
  },
  {
    name: "a retired model's song brought forward (extension on v6)",
    retired: true,
    input: { operation: "BRING_FORWARD", via: "extend" },
    cost: 10,
    path: "/api/v1/generate/extend",
    uploads: 0,
  },
] as const;

async function worldFor(c: (typeof CASES)[number]) {
  const world = await makeWorld("world" in c ? c.world : {});
  // a song made before 2026-09-09 names a retired model
  if ("retired" in c)
    world.clip = await db.clip.update({
      where: { id: world.clip.id },
      data: { model: "chirp-v3-5" },
    });
  return world;
}

describe.each(["callbacks", "polling with every callback lost"] as const)(
  "new takes followed by %s",
  (way) => {
    it.each(CASES)("$name: charged once, archived, linked to its source", async (c) => {
      const world = await worldFor(c);
      const before = await teamBalance(world.team.id);
      const calls = requested(c.path);
      const uploads = requested("/api/file-stream-upload");
      dropCallbacks = way !== "callbacks";
      const task = await submitTake(world, c.input);
      expect(task).toMatchObject({
        status: "SUBMITTED",
        operation: c.input.operation,
        teamId: world.team.id,
        sourceClipId: world.clip.id,
        cost: c.cost,
      });
      expect(requested(c.path)).toBe(calls + 1);
      expect(requested("/api/file-stream-upload")).toBe(uploads + c.uploads);
      const done = way === "callbacks" ? await waitToEnd(task.id) : await pollToEnd(task.id);
      expect(done.status).toBe("SUCCEEDED");
      if (way !== "callbacks") {
        const lost = sim.admin.deliveries().filter((d) => d.taskId === task.upstreamId);
        expect(lost.length).toBeGreaterThan(0);
        expect(lost.every((d) => d.status === 503)).toBe(true);
      }
      const takes = await archivedTakes(task.id);
      for (const take of takes) {
        expect(take).toMatchObject({ parentClipId: world.clip.id, teamId: world.team.id });
        expect(take.media.map((m) => m.kind)).toContain("AUDIO");
        if ("retired" in c) expect(take.model).toBe("chirp-hawk");
      }
      expect(await ledger(task.id)).toEqual([{ kind: "CHARGE", amount: -c.cost }]);
      expect(await teamBalance(world.team.id)).toBe(before - c.cost);
    });
  },
);

describe("what each take is made of", () => {
  it("a replaced section keeps the song's length and its audio around the section", async () => {
    const world = await makeWorld();
    const task = await submitTake(world, {
      operation: "REPLACE_SECTION",
      startS: 6,
      endS: 12,
      lyrics: "a new line",
    });
    await waitToEnd(task.id);
    const [take] = await archivedTakes(task.id);
    expect(take!.duration).toBeCloseTo(world.clip.duration!, 1);
    const source = Buffer.from(await (await fetch(world.clip.audioUrl!)).arrayBuffer());
    const made = Buffer.from(await (await fetch(take!.audioUrl!)).arrayBuffer());
    expect(made.length).toBe(source.length);
    const rate = source.readUInt32LE(24);
    const sample = (buf: Buffer, s: number) => buf.readInt16LE(44 + Math.round(s * rate) * 2);
    let before = 0;
    let inside = 0;
    for (let s = 0.5; s < 5.5; s += 0.013) before += Math.abs(sample(made, s) - sample(source, s));
    for (let s = 6.5; s < 11.5; s += 0.013) inside += Math.abs(sample(made, s) - sample(source, s));
    expect(before).toBe(0); // untouched before the section
    expect(inside).toBeGreaterThan(0); // sung anew inside it
    // the words asked for are the take's; the song's own are kept on the source
    expect(take!.lyrics).toBe("a new line");
  });

  it("an instrumental cover of a song with words has none", async () => {
    const world = await makeWorld();
    const task = await submitTake(world, { operation: "CLIP_COVER", instrumental: "on" });
    await waitToEnd(task.id);
    const takes = await archivedTakes(task.id);
    expect(takes.every((t) => t.isInstrumental)).toBe(true);
    // blank fields kept the source's own style and title
    expect(takes[0]).toMatchObject({ title: "Harbour Lights", tags: "indie folk" });
  });
});

describe("a failed take", () => {
  it.each([
    { operation: "CLIP_COVER" },
    { operation: "REPLACE_SECTION", startS: 2, endS: 9, lyrics: "words" },
  ])("$operation is refunded exactly once, its callback twice", async (input) => {
    const world = await makeWorld();
    const before = await teamBalance(world.team.id);
    sim.admin.setFaults({ answers: { failTakes: true }, callbacks: { duplicate: true } });
    const task = await submitTake(world, input);
    const failed = await waitToEnd(task.id);
    expect(failed).toMatchObject({ status: "FAILED", failCode: "UPSTREAM_FAILED" });
    expect(failed.failReason).toMatch(/could not .*Audio generation failed/);
    await makeDue(task.id);
    await refreshIfDue(task.id);
    await sim.admin.hooksIdle();
    expect(await ledger(task.id)).toEqual([
      { kind: "CHARGE", amount: -10 + (input.operation === "REPLACE_SECTION" ? 5 : 0) },
      { kind: "REFUND", amount: 10 - (input.operation === "REPLACE_SECTION" ? 5 : 0) },
    ]);
    expect(await teamBalance(world.team.id)).toBe(before);
    expect(await db.clip.count({ where: { taskId: task.id, status: "COMPLETE" } })).toBe(0);
  });
});

describe("bad input is a clear 4xx that writes nothing", () => {
  const BAD = [
    { name: "a section under 6 s", input: { startS: 2, endS: 7, lyrics: "x" }, at: /6.*60/ },
    { name: "a section over 60 s", input: { startS: 0, endS: 61, lyrics: "x" }, at: /6.*60/ },
    { name: "more than half the song", input: { startS: 0, endS: 14, lyrics: "x" }, at: /half/ },
    { name: "a section past the end", input: { startS: 20, endS: 40, lyrics: "x" }, at: /within/ },
    { name: "no new words", input: { startS: 2, endS: 9, lyrics: " " }, at: /new words/ },
    { name: "an end before the start", input: { startS: 9, endS: 2, lyrics: "x" }, at: /6.*60/ },
  ];
  it.each(BAD)("replace section: $name", async ({ input, at }) => {
    const world = await makeWorld();
    const before = await teamBalance(world.team.id);
    const tasks = await db.task.count();
    const error = await submitTake(world, { operation: "REPLACE_SECTION", ...input }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const messages = Object.values(
      (error as { fieldErrors?: Record<string, string[]> }).fieldErrors ?? {},
    ).flat();
    expect(messages.join(" ")).toMatch(at);
    expect(await db.task.count()).toBe(tasks);
    expect(await teamBalance(world.team.id)).toBe(before);
  });

  it.each([
    {
      name: "vocals added to a song with vocals",
      input: { operation: "ADD_VOCALS", lyrics: "x" },
      at: /vocals already/,
    },
    {
      name: "a current song brought forward",
      input: { operation: "BRING_FORWARD" },
      at: /current/,
    },
  ])("$name", async ({ input, at }) => {
    const world = await makeWorld();
    const tasks = await db.task.count();
    await expect(submitTake(world, input)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(at),
    });
    expect(await db.task.count()).toBe(tasks);
  });

  it("a stranger cannot make a take of someone else's song", async () => {
    const world = await makeWorld();
    const tasks = await db.task.count();
    await expect(
      submitTake(world, { operation: "CLIP_COVER" }, world.stranger),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.task.count()).toBe(tasks);
  });
});

describe("offered only where the provider can", () => {
  it("sunoapi-org offers every take; relay and sunoapi.com offer none, saying why", () => {
    const org = createSunoClient([
      { name: "org", dialect: "sunoapi-org", baseUrl: `${sim.url}/org`, keys: [KEY] },
    ]).offerings();
    const relay = createSunoClient([
      { name: "relay", dialect: "relay", baseUrl: sim.url, keys: [KEY] },
    ]).offerings();
    for (const op of [
      "CLIP_COVER",
      "REPLACE_SECTION",
      "ADD_VOCALS",
      "ADD_INSTRUMENTAL",
      "BRING_FORWARD",
    ] as const) {
      expect(org.operations[op]).toMatchObject({ available: true, providers: ["org"] });
      expect(relay.operations[op].available).toBe(false);
      expect(relay.operations[op].reason).toMatch(/does not offer/);
    }
    // per model: v6 mini takes a cover; a retired model takes nothing
    expect(org.models.find((m) => m.id === "chirp-goose")?.routes.CLIP_COVER).toBeTruthy();
    expect(org.models.find((m) => m.id === "chirp-v3-5")).toBeUndefined();
  });
});

describe("voices (personas) from a window of a song", () => {
  const voiceInput = { operation: "VOICE", name: "Harbour voice", startS: 2, endS: 14 };

  it("is made at once, charged once, listed in its song's workspace and sung on Create", async () => {
    const world = await makeWorld();
    const before = await teamBalance(world.team.id);
    const task = await submitTake(world, voiceInput);
    expect(task).toMatchObject({ status: "SUCCEEDED", operation: "VOICE", cost: 2 });
    expect(await ledger(task.id)).toEqual([{ kind: "CHARGE", amount: -2 }]);
    expect(await teamBalance(world.team.id)).toBe(before - 2);
    // listed in the team (where the song is), not in the owner's personal workspace
    const voices = await listVoices({ actor: world.owner, teamId: world.team.id });
    expect(voices).toMatchObject([{ name: "Harbour voice", songTitle: "Harbour Lights" }]);
    expect(await listVoices({ actor: world.owner, teamId: null })).toEqual([]);
    expect(await listVoices({ actor: world.stranger, teamId: world.team.id })).toEqual([]);

    // a new song sung with it: the provider is sent its persona
    const song = await submitTask({
      actor: world.owner,
      teamId: world.team.id,
      input: {
        operation: "CUSTOM_SONG",
        lyrics: "[Verse]\nsung in the harbour voice",
        tags: "folk",
        title: "With a voice",
        model: "chirp-hawk",
        voiceId: voices[0]!.id,
      },
      idempotencyKey: key(),
      notifyBaseUrl: receiverUrl,
    });
    expect(song.status).toBe("SUBMITTED");
    expect((await waitToEnd(song.id)).status).toBe("SUCCEEDED");
    // what the provider was sent, as its own record echoes it (`param`, a JSON string)
    const record = await fetch(
      `${sim.url}/org/api/v1/generate/record-info?taskId=${song.upstreamId}`,
      { headers: { authorization: `Bearer ${KEY}` } },
    ).then((r) => r.json() as Promise<{ data: { param: string } }>);
    expect(JSON.parse(record.data.param)).toMatchObject({
      personaId: expect.stringMatching(/^[0-9a-f]{32}$/),
      personaModel: "voice_persona",
    });

    // and an extension of the song with it
    const extension = await submitTake(world, {
      operation: "EXTEND",
      continueAt: 5,
      voiceId: voices[0]!.id,
    });
    expect((await waitToEnd(extension.id)).status).toBe("SUCCEEDED");

    // a stranger cannot sing with it
    await expect(
      submitTask({
        actor: world.stranger,
        teamId: null,
        input: {
          operation: "CUSTOM_SONG",
          lyrics: "x",
          tags: "folk",
          title: "Stolen",
          model: "chirp-hawk",
          voiceId: voices[0]!.id,
        },
        idempotencyKey: key(),
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    // a second voice of the same song is refused before anything is charged
    await expect(submitTake(world, voiceInput)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/already has a voice/),
    });
  });

  it.each([
    { name: "a window under 10 s", input: { startS: 2, endS: 8 }, at: /10 to 30/ },
    { name: "a window over 30 s", input: { startS: 0, endS: 31 }, at: /10 to 30/ },
    { name: "no name", input: { name: " " }, at: /Name the voice/ },
  ])("bad input: $name is refused and writes nothing", async ({ input, at }) => {
    const world = await makeWorld();
    const tasks = await db.task.count();
    const error = await submitTake(world, { ...voiceInput, ...input }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const messages = Object.values(
      (error as { fieldErrors?: Record<string, string[]> }).fieldErrors ?? {},
    ).flat();
    expect(messages.join(" ")).toMatch(at);
    expect(await db.task.count()).toBe(tasks);
  });

  it("an instrumental has no voice to take", async () => {
    const world = await makeWorld({ operation: "INSTRUMENTAL", lyrics: undefined });
    await expect(submitTake(world, voiceInput)).rejects.toMatchObject({
      message: expect.stringMatching(/no voice/),
    });
  });

  it("a persona the provider already has (409) ends with its refund", async () => {
    const world = await makeWorld();
    const first = await submitTake(world, voiceInput);
    expect(first.status).toBe("SUCCEEDED");
    // Chorus lost its record of it (the song's voice removed), the provider still has it
    await db.clipAsset.deleteMany({ where: { clipId: world.clip.id, kind: "voice" } });
    const again = await submitTake(world, voiceInput);
    expect(again.status).toBe("FAILED");
    expect(await ledger(again.id)).toEqual([
      { kind: "CHARGE", amount: -2 },
      { kind: "REFUND", amount: 2 },
    ]);
  });
});
