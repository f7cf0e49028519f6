// Derivatives of a finished clip (issue 16) through the whole engine, against the simulator's
// sunoapi-org dialect over HTTP: each is submitted as a priced task, followed to its end by
// its callbacks (through a real HTTP receiver into receiveWebhook) or, with every callback
// lost, by polling its own record-info; every file is archived into storage (sha256 of what
// the provider served), served with Range to the owner and to a team member and refused to a
// stranger; a failure is refunded once; a purged clip's attachments leave storage.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startSimulator } from "../../simulator/server";

const KEY = "sk-derivatives";
const sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 15, clipSeconds: 3 });
// the provider is configured (its media host is allowed for archiving; the app's own client)
Object.assign(process.env, {
  SUNO_PROVIDER: "sunoapi-org",
  SUNO_BASE_URL: `${sim.url}/org`,
  SUNO_API_KEYS: KEY,
});

const { registerUser } = await import("@/lib/auth/credentials");
const { db } = await import("@/lib/db");
const { archiveDueAssets } = await import("@/lib/media/archive-assets");
const { collectStorageGarbage } = await import("@/lib/media/garbage");
const { getMediaStorage } = await import("@/lib/media/config");
const { serveClipAsset } = await import("@/lib/media/serve-assets");
const { serveClipMedia } = await import("@/lib/media/serve");
const { getClipStudio, pickCoverArt } = await import("@/lib/library/derivatives");
const { emptyOldTrash } = await import("@/lib/library/clips");
const { enableShareLink, setShareDownloads, sharedDownloads } = await import("@/lib/share/links");
const { getSunoClient } = await import("@/lib/suno");
const { refreshIfDue } = await import("@/lib/tasks/refresh");
const { submitTask } = await import("@/lib/tasks/submit");
const { finishUnsuccessfully } = await import("@/lib/tasks/finish");
const { receiveWebhook } = await import("@/lib/tasks/webhook");
const { webhookToken } = await import("@/lib/tasks/webhook-token");
const { createTeam } = await import("@/lib/teams/teams");

let sql: pg.Client;
let receiver: Server;
let receiverUrl: string;
/** while set, callbacks are refused before they reach Chorus (lost on the way) */
let dropCallbacks = false;

beforeAll(async () => {
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  // stands in for the webhook route: the same receiveWebhook, over real HTTP
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

/** Follows a task by polling only (as when every callback is lost). */
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

type World = Awaited<ReturnType<typeof makeWorld>>;
/** A team (owner and member, funded) with one finished, archived song; and a stranger. */
async function makeWorld(input: Record<string, unknown> = {}) {
  const owner = await newUser("Owner");
  const member = await newUser("Member");
  const stranger = await newUser("Stranger");
  const team = await createTeam(owner, { name: `Studio ${randomBytes(3).toString("hex")}` });
  await sql.query(
    `INSERT INTO memberships (id, team_id, user_id, role, updated_at)
     VALUES ($1, $2, $3, 'MEMBER', now())`,
    [`m${randomBytes(8).toString("hex")}`, team.id, member.id],
  );
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
  expect(song.dialect).toBe("SUNOAPI_ORG");
  await waitToEnd(song.id);
  const clip = await until(
    () => db.clip.findFirst({ where: { taskId: song.id, status: "COMPLETE" } }),
    "a finished take",
  );
  return { owner, member, stranger, team, clip };
}

const teamBalance = async (teamId: string) =>
  Number(
    (await sql.query(`SELECT credit_balance FROM teams WHERE id = $1`, [teamId])).rows[0]
      .credit_balance,
  );

async function submitDerivative(world: World, input: Record<string, unknown>) {
  return submitTask({
    actor: world.owner,
    teamId: null, // a derivative is paid where its clip lives: the team
    input: { clipId: world.clip.id, ...input },
    idempotencyKey: key(),
    notifyBaseUrl: receiverUrl,
  });
}

const sha256 = (bytes: ArrayBuffer) =>
  createHash("sha256").update(Buffer.from(bytes)).digest("hex");

/** Every file of a task archived, each with the sha256 of what the provider served. */
async function archivedAssets(taskId: string) {
  const assets = await until(async () => {
    await archiveDueAssets();
    const rows = await db.clipAsset.findMany({ where: { taskId }, orderBy: { kind: "asc" } });
    return rows.length > 0 && rows.every((a) => a.archiveStatus === "ARCHIVED") && rows;
  }, "every file archived");
  for (const asset of assets) {
    if (!asset.sourceUrl) continue;
    const served = await fetch(asset.sourceUrl);
    expect(asset.sha256).toBe(sha256(await served.arrayBuffer()));
    expect(await getMediaStorage().size(asset.storageKey!)).toBe(Number(asset.byteSize));
  }
  return assets;
}

const slugOf = (kind: string) => kind.replaceAll(":", "-");
const serve = (
  access: { actor: { id: string } } | { shareToken: string },
  clipId: string,
  kind: string,
  range: string | null = "bytes=0-99",
) => serveClipAsset({ access, clipId, slug: slugOf(kind), range, ifNoneMatch: null });

/** Range for the owner and a team member; a stranger is told the song does not exist. */
async function expectServedToTheTeam(world: World, kind: string, contentType: RegExp) {
  for (const who of [world.owner, world.member]) {
    const partial = await serve({ actor: who }, world.clip.id, kind);
    expect(partial.status).toBe(206);
    expect(partial.headers.get("content-type")).toMatch(contentType);
    expect(partial.headers.get("content-range")).toMatch(/^bytes 0-99\/\d+$/);
    expect((await partial.arrayBuffer()).byteLength).toBe(100);
    const whole = await serve({ actor: who }, world.clip.id, kind, null);
    expect(whole.status).toBe(200);
    expect(Number(whole.headers.get("content-length"))).toBeGreaterThan(100);
    await whole.body?.cancel();
  }
  const refused = await serve({ actor: world.stranger }, world.clip.id, kind);
  expect(refused.status).toBe(404);
}

const CASES = [
  {
    name: "a WAV",
    input: { operation: "WAV" },
    cost: 2,
    kinds: ["wav"],
    type: /^audio\/wav/,
  },
  {
    name: "two stems",
    input: { operation: "STEMS", mode: "two" },
    cost: 5,
    kinds: ["stem:instrumental", "stem:vocals"],
    type: /^audio\/wav/,
  },
  {
    name: "the full stem split (only the stems produced)",
    input: { operation: "STEMS", mode: "full" },
    cost: 10,
    kinds: ["stem:bass", "stem:drums", "stem:keyboard", "stem:vocals"],
    type: /^audio\/wav/,
  },
  {
    name: "a music video",
    input: { operation: "VIDEO" },
    cost: 4,
    kinds: ["video"],
    type: /^video\/webm/,
  },
] as const;

describe.each(["callbacks", "polling with every callback lost"] as const)(
  "derivatives followed by %s",
  (way) => {
    it.each(CASES)("$name: charged once, archived, served to the team", async (c) => {
      const world = await makeWorld();
      const before = await teamBalance(world.team.id);
      dropCallbacks = way !== "callbacks";
      const task = await submitDerivative(world, c.input);
      expect(task).toMatchObject({
        status: "SUBMITTED",
        teamId: world.team.id,
        sourceClipId: world.clip.id,
        cost: c.cost,
      });
      const done = way === "callbacks" ? await waitToEnd(task.id) : await pollToEnd(task.id);
      expect(done.status).toBe("SUCCEEDED");
      if (way !== "callbacks") {
        // the provider did call back, and every delivery was lost on the way
        const lost = sim.admin.deliveries().filter((d) => d.taskId === task.upstreamId);
        expect(lost.length).toBeGreaterThan(0);
        expect(lost.every((d) => d.status === 503)).toBe(true);
      }
      const assets = await archivedAssets(task.id);
      expect(assets.map((a) => a.kind)).toEqual([...c.kinds]);
      for (const asset of assets) await expectServedToTheTeam(world, asset.kind, c.type);
      // a derivative never makes clips
      expect(await db.clip.count({ where: { taskId: task.id } })).toBe(0);
      expect(await ledger(task.id)).toEqual([{ kind: "CHARGE", amount: -c.cost }]);
      expect(await teamBalance(world.team.id)).toBe(before - c.cost);
    });
  },
);

describe("stems are real audio of the song's length", () => {
  it("each stem is a WAV as long as the song, and the two stems add up to the mix", async () => {
    const world = await makeWorld();
    const task = await submitDerivative(world, { operation: "STEMS", mode: "two" });
    await waitToEnd(task.id);
    const assets = await archivedAssets(task.id);
    const read = async (key: string) => {
      const chunks: Buffer[] = [];
      for await (const chunk of getMediaStorage().read(key)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    const song = await (await fetch(world.clip.audioUrl!)).arrayBuffer();
    const mix = Buffer.from(song);
    const stems = await Promise.all(assets.map((a) => read(a.storageKey!)));
    for (const stem of stems) {
      expect(stem.toString("ascii", 8, 12)).toBe("WAVE");
      expect(stem.length).toBe(mix.length); // the same sample count: the same duration
    }
    let error = 0;
    for (let at = 44; at < mix.length; at += 2 * 97)
      error = Math.max(
        error,
        Math.abs(stems[0]!.readInt16LE(at) + stems[1]!.readInt16LE(at) - mix.readInt16LE(at)),
      );
    expect(error).toBeLessThanOrEqual(2); // rounding of each 16-bit sample only
  });
});

describe("a downloaded attachment", () => {
  it("carries the song's tags, a stem named as its part; playback gets the stored bytes", async () => {
    const world = await makeWorld();
    const task = await submitDerivative(world, { operation: "STEMS", mode: "two" });
    await waitToEnd(task.id);
    const [instrumental] = await archivedAssets(task.id);
    const stored: Buffer[] = [];
    for await (const chunk of getMediaStorage().read(instrumental!.storageKey!))
      stored.push(chunk as Buffer);
    const download = await serveClipAsset({
      access: { actor: world.member },
      clipId: world.clip.id,
      slug: slugOf(instrumental!.kind),
      range: null,
      ifNoneMatch: null,
      download: true,
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/\(Instrumental\)\.wav/);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(Number(download.headers.get("content-length")));
    const { parseBuffer } = await import("music-metadata");
    const tags = await parseBuffer(bytes, { mimeType: "audio/wav" });
    expect(tags.common.title).toBe(`${world.clip.title} (Instrumental)`);
    expect(tags.format.duration).toBeCloseTo(3, 0);
    // the samples are the stored ones, unchanged
    expect(bytes.subarray(44, 1044)).toEqual(Buffer.concat(stored).subarray(44, 1044));
    const played = await serve({ actor: world.member }, world.clip.id, instrumental!.kind, null);
    expect(sha256(await played.arrayBuffer())).toBe(instrumental!.sha256);
  });
});

describe("a failed derivative", () => {
  it("is refunded exactly once, whether its callback comes twice or polling sees it too", async () => {
    const world = await makeWorld();
    const before = await teamBalance(world.team.id);
    sim.admin.setFaults({ answers: { failDerivatives: true }, callbacks: { duplicate: true } });
    const task = await submitDerivative(world, { operation: "WAV" });
    const failed = await waitToEnd(task.id);
    expect(failed).toMatchObject({ status: "FAILED", failCode: "UPSTREAM_FAILED" });
    expect(failed.failReason).toMatch(/could not make the WAV.*WAV generation failed/);
    await makeDue(task.id);
    await refreshIfDue(task.id); // an ended task is not fetched again, nor refunded
    await sim.admin.hooksIdle();
    expect(await ledger(task.id)).toEqual([
      { kind: "CHARGE", amount: -2 },
      { kind: "REFUND", amount: 2 },
    ]);
    expect(await teamBalance(world.team.id)).toBe(before);
    expect(await db.clipAsset.count({ where: { clipId: world.clip.id } })).toBe(0);
  });
});

describe("callbacks of every shape go through the one door", () => {
  it("a song-shaped callback for a stems task makes no clip and ends nothing", async () => {
    const world = await makeWorld();
    dropCallbacks = true;
    const task = await submitDerivative(world, { operation: "STEMS", mode: "two" });
    const body = {
      code: 200,
      msg: "All generated successfully.",
      data: {
        callbackType: "complete",
        task_id: task.upstreamId,
        data: [{ id: "a-song-clip", audio_url: `${sim.url}/media/x.wav`, title: "Not a stem" }],
      },
    };
    const outcome = await receiveWebhook({ taskId: task.id, token: webhookToken(task.id), body });
    expect(outcome.status).toBe(200);
    expect(await db.clip.count({ where: { upstreamId: "a-song-clip" } })).toBe(0);
    expect((await taskRow(task.id)).status).not.toBe("SUCCEEDED");
    // and a stems callback for a song's task makes no song of it either
    const songTask = (await taskRow(world.clip.taskId!)).id;
    const stems = {
      code: 200,
      msg: "success",
      data: { task_id: "x", vocal_removal_info: { vocal_url: `${sim.url}/media/v.wav` } },
    };
    const wrong = await receiveWebhook({
      taskId: songTask,
      token: webhookToken(songTask),
      body: stems,
    });
    expect(wrong.status).toBe(400); // it is about another task
    expect(await db.clipAsset.count({ where: { clipId: world.clip.id } })).toBe(0);
  });
});

describe("a WAV the provider already has (409)", () => {
  it("fetches the existing record instead, keeps its file, and returns the credits", async () => {
    const world = await makeWorld();
    dropCallbacks = true;
    const first = await submitDerivative(world, { operation: "WAV" });
    // Chorus gave up on it (its deadline passed) before the provider finished
    await db.$transaction((tx) =>
      finishUnsuccessfully(tx, {
        taskId: first.id,
        status: "TIMED_OUT",
        reason: "took too long",
        code: "TIMEOUT",
      }),
    );
    sim.admin.complete(first.upstreamId!);
    const again = await submitDerivative(world, { operation: "WAV" });
    expect(again).toMatchObject({ status: "FAILED", failCode: "ALREADY_EXISTS" });
    expect(again.failReason).toMatch(/already made a WAV.*credits were returned/);
    expect(await ledger(again.id)).toEqual([
      { kind: "CHARGE", amount: -2 },
      { kind: "REFUND", amount: 2 },
    ]);
    const [wav] = await archivedAssets(first.id);
    expect(wav).toMatchObject({ kind: "wav", clipId: world.clip.id });
    await expectServedToTheTeam(world, "wav", /^audio\/wav/);
    // and now that it exists, a third request is refused before anything is charged
    await expect(submitDerivative(world, { operation: "WAV" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/already has a WAV/),
    });
  });
});

describe("synced lyrics", () => {
  it("are answered at once, stored per clip, and downloadable as .lrc", async () => {
    const world = await makeWorld();
    const task = await submitDerivative(world, { operation: "TIMED_LYRICS" });
    expect(task).toMatchObject({ status: "SUCCEEDED", cost: 1 });
    expect(task.upstreamId).toMatch(/^sync-/);
    const studio = await getClipStudio({ actor: world.member, clipId: world.clip.id });
    const words = studio!.syncedWords!;
    expect(words.map((w) => w.word.trim()).slice(0, 4)).toEqual([
      "Harbour",
      "lights",
      "are",
      "low",
    ]);
    for (let i = 1; i < words.length; i++)
      expect(words[i]!.startS).toBeGreaterThanOrEqual(words[i - 1]!.endS);
    const lrc = await serve({ actor: world.member }, world.clip.id, "lrc", null);
    expect(lrc.status).toBe(200);
    expect(lrc.headers.get("content-disposition")).toMatch(/\.lrc/);
    const text = await lrc.text();
    expect(text).toMatch(/^\[ti:Harbour Lights\]\n\[00:00\.\d\d\]<00:00\.\d\d>Harbour /);
    expect(text.split("\n").filter((l) => l.startsWith("[0")).length).toBe(3); // sung lines
    expect((await serve({ actor: world.stranger }, world.clip.id, "lrc", null)).status).toBe(404);
    expect(await ledger(task.id)).toEqual([{ kind: "CHARGE", amount: -1 }]);
  });

  it("are refused for an instrumental before anything is charged", async () => {
    const world = await makeWorld({
      operation: "INSTRUMENTAL",
      lyrics: undefined,
      title: "Quiet Pages",
    });
    const before = await teamBalance(world.team.id);
    await expect(submitDerivative(world, { operation: "TIMED_LYRICS" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await teamBalance(world.team.id)).toBe(before);
  });
});

describe("new cover art", () => {
  it("makes two images, archived and served; the one picked becomes the clip's cover", async () => {
    const world = await makeWorld();
    dropCallbacks = true;
    const task = await submitDerivative(world, { operation: "COVER_ART" });
    expect((await pollToEnd(task.id)).status).toBe("SUCCEEDED");
    const covers = await archivedAssets(task.id);
    expect(covers.map((a) => a.kind)).toEqual([`cover:${task.id}:1`, `cover:${task.id}:2`]);
    for (const cover of covers) await expectServedToTheTeam(world, cover.kind, /^image\/png/);
    await expect(
      pickCoverArt({ actor: world.stranger, clipId: world.clip.id, kind: covers[1]!.kind }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await pickCoverArt({ actor: world.owner, clipId: world.clip.id, kind: covers[1]!.kind });
    const image = await serveClipMedia({
      access: { actor: world.member },
      clipId: world.clip.id,
      slug: "image",
      range: null,
      ifNoneMatch: null,
    });
    expect(image.headers.get("etag")).toBe(`"${covers[1]!.sha256}"`);
  });
});

describe("the public share link", () => {
  it("hands out attachments only where the owner allows downloads", async () => {
    const world = await makeWorld();
    const task = await submitDerivative(world, { operation: "WAV" });
    await waitToEnd(task.id);
    await archivedAssets(task.id);
    const token = await enableShareLink(world.owner, world.clip.id);
    expect((await serve({ shareToken: token }, world.clip.id, "wav")).status).toBe(404);
    expect(await sharedDownloads(token)).toEqual([]); // the public page offers none
    await expect(setShareDownloads(world.member, world.clip.id, true)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await setShareDownloads(world.owner, world.clip.id, true);
    expect((await serve({ shareToken: token }, world.clip.id, "wav")).status).toBe(206);
    expect(await sharedDownloads(token)).toEqual(["wav"]);
    // the token is for this clip only
    const other = await makeWorld();
    expect((await serve({ shareToken: token }, other.clip.id, "wav")).status).toBe(404);
  });
});

describe("a purged clip", () => {
  it("takes its attachments out of storage", async () => {
    const world = await makeWorld();
    const task = await submitDerivative(world, { operation: "STEMS", mode: "two" });
    await waitToEnd(task.id);
    const assets = await archivedAssets(task.id);
    await sql.query(`UPDATE clips SET trashed_at = now() - interval '31 days' WHERE id = $1`, [
      world.clip.id,
    ]);
    expect(await emptyOldTrash()).toBeGreaterThan(0);
    expect(await db.clipAsset.count({ where: { clipId: world.clip.id } })).toBe(0);
    await collectStorageGarbage();
    for (const asset of assets) expect(await getMediaStorage().size(asset.storageKey!)).toBeNull();
  });
});

describe("what can be made", () => {
  it("lists each derivative with its price, as the clip's provider offers it", async () => {
    const world = await makeWorld();
    const studio = await getClipStudio({ actor: world.member, clipId: world.clip.id });
    expect(studio!.offers).toEqual({
      WAV: { offered: true, cost: 2 },
      STEMS: { offered: true, cost: 5, fullCost: 10 },
      VIDEO: { offered: true, cost: 4 },
      COVER_ART: { offered: true, cost: 2 },
      TIMED_LYRICS: { offered: true, cost: 1 },
    });
    expect(await getClipStudio({ actor: world.stranger, clipId: world.clip.id })).toBeNull();
    expect(getSunoClient()!.supports("STEMS", "primary")).toBe(true);
    expect(getSunoClient()!.supports("STEMS", "another")).toBe(false);
  });
});
