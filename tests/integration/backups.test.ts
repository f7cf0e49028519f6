// Scheduled incremental backups (issue 20, item 3), against a real Postgres and real targets:
// a run killed with SIGKILL halfway resumes and ends with every file present exactly once,
// no temporary left, every sha256 matching its record and its sidecar; a run after one song
// changed copies only that song; credentials are never stored or shown in plain text; and the
// same run against an S3-compatible server (s3rver, with SigV4 checked) lands every object.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import {
  destinationInputSchema,
  getBackupOverview,
  saveBackupDestination,
} from "@/lib/backup/destinations";
import { requestBackupRun, workBackups } from "@/lib/backup/run";
import { decryptSecret } from "@/lib/backup/secrets";
import { nextRunAfter } from "@/lib/backup/shared";

import { S3_TEST_CREDENTIALS, startS3Server, type TestS3Server } from "../support/s3-server";
import { wavHeader } from "../support/wav";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CLIPS = 24;
const AUDIO_BYTES = 8 * 1024 * 1024;
const COVER_BYTES = 20_000;
/** the resumed worker's ceilings (it streams; no file is held whole): its peak RSS, and how
 *  far the peak rises above the process's own size once connected (tsx, Prisma, Node) */
const MEMORY_CEILING_MB = 320;
const MEMORY_GROWTH_CEILING_MB = 96;
let sql: pg.Client;
let backupRoot: string;
let s3: TestS3Server;
let owner: { id: string };
const audioOf = (n: number) => {
  const seed = createHash("sha256").update(`backup-${n}`).digest();
  const buffer = Buffer.alloc(AUDIO_BYTES);
  for (let i = 44; i < buffer.length; i += seed.length) seed.copy(buffer, i);
  wavHeader(AUDIO_BYTES - 44).copy(buffer);
  return buffer;
};
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function seedClips(ownerId: string, prefix: string, teamId: string | null = null) {
  const media = process.env.MEDIA_DIR!;
  for (let n = 1; n <= CLIPS; n++) {
    const id = `${prefix}-${String(n).padStart(2, "0")}`;
    await sql.query(
      `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, tags, lyrics, status,
         archive_status, duration, created_at, updated_at)
       VALUES ($1, $2, $3, 'primary', $4, $5, 'folk', 'la la', 'COMPLETE', 'ARCHIVED', 30,
         $6, now())`,
      [
        id,
        ownerId,
        teamId,
        `up-${id}`,
        `Song ${n}: "take/one"`,
        new Date(Date.UTC(2025 + (n % 2), 5, n)),
      ],
    );
    const audio = audioOf(n);
    const cover = randomBytes(COVER_BYTES);
    await mkdir(path.join(media, "clips", id), { recursive: true });
    await writeFile(path.join(media, "clips", id, "audio"), audio);
    await writeFile(path.join(media, "clips", id, "image"), cover);
    await sql.query(
      `INSERT INTO media_assets (id, clip_id, kind, source_url, storage_key, content_type, byte_size, sha256)
       VALUES ($1, $2, 'AUDIO', 'https://example.test/a', $3, 'audio/wav', $4, $5),
              ($6, $2, 'IMAGE', 'https://example.test/i', $7, 'image/jpeg', $8, $9)`,
      [
        `ma-${id}`,
        id,
        `clips/${id}/audio`,
        AUDIO_BYTES,
        sha(audio),
        `mi-${id}`,
        `clips/${id}/image`,
        COVER_BYTES,
        sha(cover),
      ],
    );
    if (n % 4 === 0) {
      const stem = randomBytes(50_000);
      await writeFile(path.join(media, "clips", id, "stem"), stem);
      await sql.query(
        `INSERT INTO clip_assets (id, clip_id, kind, storage_key, content_type, byte_size, sha256,
           archive_status, updated_at)
         VALUES ($1, $2, 'stem:vocals', $3, 'audio/wav', $4, $5, 'ARCHIVED', now())`,
        [`ca-${id}`, id, `clips/${id}/stem`, stem.length, sha(stem)],
      );
    }
  }
}
/** the files each seeded song must have at its destination, relative to its folder */
const filesOf = (n: number) => [
  "audio.wav",
  "cover.jpg",
  "song.json",
  ...(n % 4 === 0 ? ["attachments/stem-vocals.wav"] : []),
];
const EXPECTED_FILES = Array.from({ length: CLIPS }, (_, i) => filesOf(i + 1).length).reduce(
  (a, b) => a + b,
);

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() || e.isDirectory())
    .map((e) => {
      const rel = path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/");
      return e.isDirectory() ? `${rel}/` : rel;
    })
    .sort();
}

beforeAll(async () => {
  s3 = await startS3Server("chorus-backups");
  backupRoot = await mkdtemp(path.join(tmpdir(), "chorus-backup-root-"));
  // before anything reads the environment (it is read once)
  process.env.BACKUP_LOCAL_ROOT = backupRoot;
  process.env.BACKUP_ALLOWED_HOSTS = new URL(s3.endpoint).host;
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  owner = await registerUser({
    name: "Backer",
    email: `backup-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });
  await seedClips(owner.id, "bk");
}, 120_000);
afterAll(async () => {
  await sql.end();
  await s3.stop();
  await rm(backupRoot, { recursive: true, force: true });
});

function child(): ChildProcess {
  return spawn(
    process.execPath,
    // tsx as a loader in this very process (its CLI would run the worker in a grandchild,
    // which a SIGKILL of the CLI leaves running)
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      path.join(ROOT, "tests/support/backup-child.ts"),
      "2",
    ],
    { cwd: ROOT, env: { ...process.env }, stdio: "pipe" },
  );
}

async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const peakRssKb = async (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);

const written = async (runId?: string) =>
  Number(
    (
      await sql.query(
        `SELECT count(*) FROM backup_files WHERE written_version IS NOT NULL
           ${runId ? "AND run_id = $1" : ""}`,
        runId ? [runId] : [],
      )
    ).rows[0].count,
  );

const latestRun = async () =>
  (await sql.query(`SELECT * FROM backup_runs ORDER BY started_at DESC LIMIT 1`)).rows[0];

describe("scheduled incremental backups", () => {
  it("a backup run killed with SIGKILL halfway resumes and ends with every file present exactly once and all checksums matching", async () => {
    const folder = path.join(backupRoot, "nightly");
    await saveBackupDestination({
      actor: owner,
      input: destinationInputSchema.parse({ kind: "local", folder: "nightly", schedule: "daily" }),
    });
    await requestBackupRun({ actor: owner });

    const first = child();
    let firstOut = "";
    first.stderr!.on("data", (d) => (firstOut += d));
    const exited = new Promise<number | null>((resolve) => first.on("exit", resolve));
    // halfway: a third or more recorded, and (most likely) a file being written right now
    await until(async () => (await written()) >= EXPECTED_FILES / 3, "a third of the files").catch(
      (error: Error) => Promise.reject(new Error(`${error.message}: ${firstOut}`)),
    );
    await until(
      async () =>
        (await readdir(path.join(folder, ".chorus-tmp")).catch(() => [])).length > 0 ||
        (await written()) >= EXPECTED_FILES / 2,
      "a file in flight",
    ).catch(() => null);
    const killedRss = await peakRssKb(first.pid!);
    const inFlight = (await readdir(path.join(folder, ".chorus-tmp")).catch(() => [])).length;
    first.kill("SIGKILL");
    expect(await exited, firstOut).toBe(null);
    const atKill = await written();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(EXPECTED_FILES);
    expect((await latestRun()).status).toBe("RUNNING");

    const second = child();
    let out = "";
    let errors = "";
    second.stdout!.on("data", (d) => (out += d));
    second.stderr!.on("data", (d) => (errors += d));
    const code = await new Promise<number | null>((resolve) => second.on("exit", resolve));
    expect(code, errors).toBe(0);
    const { maxRssKb, baselineRssKb } = JSON.parse(out.trim().split("\n").at(-1)!) as {
      maxRssKb: number;
      baselineRssKb: number;
    };
    console.log(
      `backup of ${EXPECTED_FILES} files (${((CLIPS * AUDIO_BYTES) / 1024 ** 2).toFixed(0)} MB of audio): ` +
        `killed worker peak RSS ${(killedRss / 1024).toFixed(0)} MB, resumed worker ${(maxRssKb / 1024).toFixed(0)} MB ` +
        `(killed with ${atKill} files recorded, ${inFlight} being written) ` +
        `(${(baselineRssKb / 1024).toFixed(0)} MB before its first file)`,
    );
    expect(maxRssKb / 1024).toBeLessThan(MEMORY_CEILING_MB);
    expect((maxRssKb - baselineRssKb) / 1024).toBeLessThan(MEMORY_GROWTH_CEILING_MB);

    const run = await latestRun();
    expect(run.status).toBe("SUCCEEDED");
    expect(run.error_count).toBe(0);
    // each file recorded once over both workers: none counted twice, none missed
    expect(run.files_copied).toBe(EXPECTED_FILES);
    expect(run.files_verified).toBeGreaterThan(0);
    expect(run.verify_failures).toBe(0);
    expect(run.slices).toBeGreaterThanOrEqual(2);

    // the folder: exactly the expected files (each once), no temporary left
    const expected = new Set<string>();
    for (let n = 1; n <= CLIPS; n++) {
      const id = `bk-${String(n).padStart(2, "0")}`;
      const year = 2025 + (n % 2);
      for (const file of filesOf(n))
        expected.add(`personal/${year}/Song ${n} takeone [${id}]/${file}`);
    }
    const onDisk = (await walk(folder)).filter((f) => !f.endsWith("/"));
    expect(onDisk).toEqual([...expected].sort());
    expect((await walk(folder)).some((f) => f.includes(".chorus-tmp"))).toBe(false);

    // every file's sha256: as recorded, and as its sidecar says
    const records = new Map(
      (
        await sql.query<{ path: string; sha256: string; byte_size: string }>(
          `SELECT path, sha256, byte_size FROM backup_files`,
        )
      ).rows.map((r) => [r.path, r]),
    );
    expect([...records.keys()].sort()).toEqual([...expected].sort());
    for (const file of onDisk) {
      const bytes = await readFile(path.join(folder, file));
      expect(sha(bytes), file).toBe(records.get(file)!.sha256);
      expect(bytes.length).toBe(Number(records.get(file)!.byte_size));
    }
    for (let n = 1; n <= CLIPS; n++) {
      const id = `bk-${String(n).padStart(2, "0")}`;
      const dir = `personal/${2025 + (n % 2)}/Song ${n} takeone [${id}]`;
      const sidecar = JSON.parse(await readFile(path.join(folder, dir, "song.json"), "utf8"));
      expect(sidecar.id).toBe(id);
      expect(Object.keys(sidecar.files).sort()).toEqual(
        filesOf(n)
          .filter((f) => f !== "song.json")
          .sort(),
      );
      for (const [name, info] of Object.entries(
        sidecar.files as Record<string, { sha256: string }>,
      ))
        expect(sha(await readFile(path.join(folder, dir, name))), `${dir}/${name}`).toBe(
          info.sha256,
        );
      // the audio is the song's, tagged: the stored samples follow the header unchanged
      const audio = await readFile(path.join(folder, dir, "audio.wav"));
      expect(audio.subarray(12, AUDIO_BYTES).equals(audioOf(n).subarray(12))).toBe(true);
      expect(audio.includes(Buffer.from(`Song ${n}: "take/one"`))).toBe(true);
    }
  }, 240_000);

  it("after one song changes, the next run copies only that song (its audio and sidecar)", async () => {
    const folder = path.join(backupRoot, "nightly");
    const changed = "bk-07";
    const dir = `personal/2026/Song 7 takeone [${changed}]`;
    const before = await readFile(path.join(folder, dir, "audio.wav"));
    const otherBefore = await stat(
      path.join(folder, "personal/2025/Song 8 takeone [bk-08]/audio.wav"),
    );
    await sql.query(`UPDATE clips SET title = 'Renamed seven', updated_at = now() WHERE id = $1`, [
      changed,
    ]);
    await requestBackupRun({ actor: owner });
    const run = await latestRun();
    await workBackups({ budgetMs: 60_000 });
    const done = (await sql.query(`SELECT * FROM backup_runs WHERE id = $1`, [run.id])).rows[0];
    expect(done.status).toBe("SUCCEEDED");
    expect(done.files_copied).toBe(2);
    expect(await written(run.id)).toBe(2);
    const touched = (
      await sql.query(`SELECT clip_id, path FROM backup_files WHERE run_id = $1 ORDER BY path`, [
        run.id,
      ])
    ).rows;
    expect(touched).toEqual([
      { clip_id: changed, path: `${dir}/audio.wav` },
      { clip_id: changed, path: `${dir}/song.json` },
    ]);
    // the folder stays where it was (no second copy under the new title)
    const after = await readFile(path.join(folder, dir, "audio.wav"));
    expect(sha(after)).not.toBe(sha(before));
    expect(after.includes(Buffer.from("Renamed seven"))).toBe(true);
    expect(JSON.parse(await readFile(path.join(folder, dir, "song.json"), "utf8")).title).toBe(
      "Renamed seven",
    );
    expect((await walk(folder)).filter((f) => f.includes("Renamed"))).toEqual([]);
    const otherAfter = await stat(
      path.join(folder, "personal/2025/Song 8 takeone [bk-08]/audio.wav"),
    );
    expect(otherAfter.mtimeMs).toBe(otherBefore.mtimeMs);

    // and a run with nothing changed copies nothing
    await requestBackupRun({ actor: owner });
    const idle = await latestRun();
    await workBackups({ budgetMs: 60_000 });
    const idleDone = (await sql.query(`SELECT * FROM backup_runs WHERE id = $1`, [idle.id]))
      .rows[0];
    expect(idleDone.status).toBe("SUCCEEDED");
    expect(idleDone.files_copied).toBe(0);
    expect(idleDone.files_verified).toBeGreaterThan(0);
  }, 120_000);

  it("a copy changed at the destination is caught by verification and written again", async () => {
    const folder = path.join(backupRoot, "nightly");
    // tamper with every file, so the sample cannot miss
    const files = (await walk(folder)).filter((f) => !f.endsWith("/"));
    for (const file of files) await writeFile(path.join(folder, file), "tampered");
    await requestBackupRun({ actor: owner });
    const run = await latestRun();
    await workBackups({ budgetMs: 60_000 });
    const done = (await sql.query(`SELECT * FROM backup_runs WHERE id = $1`, [run.id])).rows[0];
    expect(done.status).toBe("FAILED");
    expect(done.verify_failures).toBeGreaterThan(0);
    expect(done.verify_failures).toBe(done.files_verified);
    // the next run writes the caught ones again
    await requestBackupRun({ actor: owner });
    const next = await latestRun();
    await workBackups({ budgetMs: 60_000 });
    const again = (await sql.query(`SELECT * FROM backup_runs WHERE id = $1`, [next.id])).rows[0];
    expect(again.files_copied).toBe(done.verify_failures);
  }, 120_000);

  it("stores the bucket's credentials only encrypted, never shows them, and backs up to S3", async () => {
    const other = await registerUser({
      name: "Bucketeer",
      email: `bucket-${randomBytes(4).toString("hex")}@example.test`,
      password: "a long enough password",
    });
    await seedClips(other.id, "s3");
    const { id } = await saveBackupDestination({
      actor: other,
      input: destinationInputSchema.parse({
        kind: "s3",
        endpoint: s3.endpoint,
        bucket: s3.bucket,
        forcePathStyle: "on",
        prefix: "chorus",
        accessKeyId: S3_TEST_CREDENTIALS.accessKeyId,
        secretAccessKey: S3_TEST_CREDENTIALS.secretAccessKey,
        schedule: "interval",
        intervalHours: "6",
      }),
    });
    // nowhere in the database in plain text (every column of every row, as text)
    const dump = (
      await sql.query(
        `SELECT string_agg(x::text, '|') AS t FROM (
           SELECT d::text AS x FROM backup_destinations d
           UNION ALL SELECT r::text FROM backup_runs r UNION ALL SELECT a::text FROM audit_events a) s`,
      )
    ).rows[0].t as string;
    expect(dump).not.toContain(S3_TEST_CREDENTIALS.secretAccessKey);
    expect(dump).not.toContain(S3_TEST_CREDENTIALS.accessKeyId);
    const stored = (
      await sql.query(`SELECT credentials FROM backup_destinations WHERE id = $1`, [id])
    ).rows[0].credentials as string;
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(JSON.parse(decryptSecret(stored, id)).secretAccessKey).toBe(
      S3_TEST_CREDENTIALS.secretAccessKey,
    );
    // bound to its row, and to the server secret
    expect(() => decryptSecret(stored, "another-destination")).toThrow();
    expect(() => decryptSecret(stored, id, "a-different-server-secret-0123456789")).toThrow();
    // the settings page's data says only that they are set
    const overview = await getBackupOverview({ actor: other });
    expect(overview.destination?.hasCredentials).toBe(true);
    expect(
      JSON.stringify(overview, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
    ).not.toContain(stored.split(".")[3]!);
    expect(Object.keys(overview.destination!)).not.toContain("credentials");

    await requestBackupRun({ actor: other });
    const run = await latestRun();
    await workBackups({ budgetMs: 120_000 });
    const done = (await sql.query(`SELECT * FROM backup_runs WHERE id = $1`, [run.id])).rows[0];
    expect(done.errors).toEqual([]);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.files_copied).toBe(EXPECTED_FILES);
    const keys = s3.objectKeys();
    expect(keys, keys[0]).toHaveLength(EXPECTED_FILES);
    expect(keys, keys[0]).toContain(`chorus/personal/2026/Song 1 takeone [s3-01]/audio.wav`);
    expect(s3.pendingUploads()).toEqual([]);
  }, 180_000);

  it("works in short slices, from two workers at once, each file written once", async () => {
    const other = await registerUser({
      name: "Slicer",
      email: `slices-${randomBytes(4).toString("hex")}@example.test`,
      password: "a long enough password",
    });
    await seedClips(other.id, "sl");
    await saveBackupDestination({
      actor: other,
      input: destinationInputSchema.parse({ kind: "local", folder: "slices", schedule: "daily" }),
    });
    await requestBackupRun({ actor: other });
    const run = await latestRun();
    const status = async () =>
      (await sql.query(`SELECT status FROM backup_runs WHERE id = $1`, [run.id])).rows[0].status;
    let slices = 0;
    const worker = async () => {
      while ((await status()) === "RUNNING") {
        // a lease far longer than a slice: a slice slowed by a loaded machine is not taken
        // over mid-way (that is the SIGKILL test's subject), so both counts agree
        const worked = await workBackups({ budgetMs: 150, leaseSeconds: 10 });
        slices += worked.slices; // (not `slices += await …`: that reads slices before waiting)
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await Promise.all([worker(), worker()]);
    const done = (await sql.query(`SELECT * FROM backup_runs WHERE id = $1`, [run.id])).rows[0];
    expect(done.status).toBe("SUCCEEDED");
    expect(done.slices).toBeGreaterThan(2);
    expect(done.slices).toBe(slices);
    expect(done.files_copied).toBe(EXPECTED_FILES);
    const files = (await walk(path.join(backupRoot, "slices"))).filter((f) => !f.endsWith("/"));
    expect(files).toHaveLength(EXPECTED_FILES);
  }, 180_000);

  it("refuses private endpoints and local folders outside the rules", async () => {
    const input = (fields: Record<string, string>) =>
      destinationInputSchema.parse({ schedule: "daily", ...fields });
    await expect(
      saveBackupDestination({
        actor: owner,
        input: input({
          kind: "s3",
          endpoint: "http://169.254.169.254/latest",
          bucket: "meta",
          accessKeyId: "a",
          secretAccessKey: "b",
        }),
      }),
    ).rejects.toThrow(/private or reserved/);
    await expect(
      saveBackupDestination({
        actor: owner,
        input: input({
          kind: "s3",
          endpoint: "http://10.0.0.5:9000",
          bucket: "lan",
          accessKeyId: "a",
          secretAccessKey: "b",
        }),
      }),
    ).rejects.toThrow(/private or reserved/);
    expect(
      destinationInputSchema.safeParse({ kind: "local", folder: "../etc", schedule: "daily" })
        .success,
    ).toBe(false);
    expect(
      destinationInputSchema.safeParse({ kind: "local", folder: "/etc", schedule: "daily" })
        .success,
    ).toBe(false);
    // the stored destination is unchanged by the refusals
    const overview = await getBackupOverview({ actor: owner });
    expect(overview.destination?.kind).toBe("local");
  });

  it("computes when a schedule next falls due", () => {
    const at = new Date("2026-12-01T21:30:00Z"); // a Tuesday
    const base = { hourUtc: 3, weekday: 0, intervalHours: 6 };
    expect(nextRunAfter({ ...base, schedule: "daily" }, at).toISOString()).toBe(
      "2026-12-02T03:00:00.000Z",
    );
    expect(nextRunAfter({ ...base, schedule: "weekly" }, at).toISOString()).toBe(
      "2026-12-06T03:00:00.000Z",
    );
    expect(nextRunAfter({ ...base, schedule: "interval" }, at).toISOString()).toBe(
      "2026-12-02T03:30:00.000Z",
    );
    expect(nextRunAfter({ ...base, hourUtc: 22, schedule: "daily" }, at).toISOString()).toBe(
      "2026-12-01T22:00:00.000Z",
    );
  });
});
