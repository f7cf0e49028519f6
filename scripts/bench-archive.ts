// `npm run bench:archive`: archive throughput. Songs are made through the simulator (its own
// process, 20 s WAV takes plus two PNG covers each), then timed while the archiver copies
// them into local storage as the sweeper does (two clips at a time, batches of 20).
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";

import pg from "pg";

import {
  benchDatabase,
  startSimulatorProcess,
  writeBenchmarkSection,
} from "./lib/bench-support.ts";

const TASKS = Number(process.env.BENCH_TASKS ?? 100);
const KEYS = ["sk-archive-bench"];

const database = await benchDatabase();
const sim = await startSimulatorProcess({ keys: KEYS, stepMs: 50, clipSeconds: 20 });
const { createSunoClient } = await import("../lib/suno/client.ts");
const { submitTask } = await import("../lib/tasks/submit.ts");
const { sweepUntilCaughtUp } = await import("../lib/tasks/sweep.ts");
const { archiveDueClips } = await import("../lib/media/archive.ts");
const { disconnectDb } = await import("../lib/db.ts");

const sql = new pg.Client({ connectionString: database.url });
await sql.connect();
const user = randomBytes(8).toString("hex");
await sql.query(
  `INSERT INTO users (id, email, credit_balance, updated_at) VALUES ($1, $2, 1000000, now())`,
  [user, `${user}@bench.test`],
);
const client = createSunoClient([
  { name: "primary", dialect: "relay", baseUrl: sim.url, keys: KEYS },
]);
const allowHosts = new Set([new URL(sim.url).host]);

for (let n = 0; n < TASKS; n++) {
  const task = await submitTask({
    actor: { id: user },
    teamId: null,
    input: {
      operation: "INSTRUMENTAL",
      tags: "ambient",
      title: `Archive ${n}`,
      model: "chirp-hawk",
    },
    idempotencyKey: `archive-bench-${n}-${randomBytes(4).toString("hex")}`,
    client,
  });
  await sim.complete(task.upstreamId!);
}
await sql.query(`UPDATE tasks SET next_poll_at = now() - interval '1 second'`);
await sweepUntilCaughtUp({ client });
const { rows: ready } = await sql.query(
  `SELECT count(*)::int AS n FROM clips WHERE status = 'COMPLETE' AND archive_status = 'PENDING'`,
);

// Synthesising a 20 s WAV and a 1024 px PNG is the simulator's cost, not the archiver's: the
// files are fetched once and served from a static "CDN" on loopback, as a real upstream would.
const { rows: sources } = await sql.query(
  `SELECT audio_url, image_url, image_large_url FROM clips WHERE status = 'COMPLETE'`,
);
const files = new Map<string, { body: Buffer; type: string }>();
const warmStarted = process.hrtime.bigint();
for (const row of sources) {
  for (const url of [row.audio_url, row.image_url, row.image_large_url]) {
    if (!url) continue;
    const response = await fetch(url);
    files.set(new URL(url).pathname, {
      body: Buffer.from(await response.arrayBuffer()),
      type: response.headers.get("content-type") ?? "",
    });
  }
}
const warmSeconds = Number(process.hrtime.bigint() - warmStarted) / 1e9;
const cdn = createServer((req, res) => {
  const file = files.get(req.url ?? "");
  if (!file) return void res.writeHead(404).end();
  res
    .writeHead(200, { "content-type": file.type, "content-length": file.body.length })
    .end(file.body);
});
await new Promise<void>((resolve) => cdn.listen(0, "127.0.0.1", resolve));
const cdnBase = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
await sql.query(
  `UPDATE clips SET audio_url = replace(audio_url, $1, $2), image_url = replace(image_url, $1, $2), image_large_url = replace(image_large_url, $1, $2)`,
  [sim.url, cdnBase],
);
allowHosts.add(new URL(cdnBase).host);

const started = process.hrtime.bigint();
for (;;) {
  const { archived, failed } = await archiveDueClips({ allowHosts, limit: 20 });
  if (failed) throw new Error(`${failed} clips failed to archive`);
  if (archived === 0) break;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const { rows } = await sql.query(
  `SELECT count(DISTINCT clip_id)::int AS clips, count(*)::int AS files, sum(byte_size)::bigint AS bytes FROM media_assets`,
);
const { clips, files: fileCount } = rows[0];
const megabytes = Number(rows[0].bytes) / 1e6;
const result = {
  warmUpSeconds: warmSeconds.toFixed(1),
  clips,
  files: fileCount,
  megabytes: megabytes.toFixed(1),
  seconds: seconds.toFixed(2),
  clipsPerSecond: (clips / seconds).toFixed(1),
  mbPerSecond: (megabytes / seconds).toFixed(1),
};
console.table([result]);
if (clips !== ready[0].n) throw new Error(`archived ${clips} of ${ready[0].n} clips`);

await writeBenchmarkSection(
  "archive",
  `## Media archive (\`npm run bench:archive\`)

${clips} finished clips (20 s WAV audio plus a 256 px and a 1024 px PNG cover each, from the simulator in its own
process over loopback) copied into local-disk storage by the archiver as the sweeper runs it: two clips at a time,
each file streamed through the SSRF-checked downloader, size-limited, sha256-hashed and written atomically.
The files were fetched from the simulator once beforehand (${result.warmUpSeconds} s: it synthesises them) and
served to the archiver by a static server on loopback standing in for the provider's CDN, so the figures measure
the archiver itself; against a real CDN, the network sets the pace.

| clips | files | data | time | clips per second | throughput |
|---|---|---|---|---|---|
| ${clips} | ${fileCount} | ${result.megabytes} MB | ${result.seconds} s | ${result.clipsPerSecond} | ${result.mbPerSecond} MB/s |

Export (\`tests/integration/export.test.ts\`, part of \`npm test\`): 1,000 songs, a 201 MB ZIP, streamed with a peak
RSS growth of 11-16 MB and heap growth of about 5 MB (ceiling asserted: 96 MB).
Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}.`,
);

cdn.close();
await sql.end();
await disconnectDb();
await sim.stop();
await database.stop();
process.exit(0);
