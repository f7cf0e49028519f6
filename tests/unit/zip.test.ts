// The ZIP writer at the sizes the old hand-written one could not reach (issue 20, item 2):
// past 65,535 files, and past 4 GB in one file and in offsets. Each archive is written to
// disk and checked by two independent readers, `unzip -t` (every CRC) and Python's zipfile;
// its length is the one zipSize promised before the first byte.
import { spawnSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { zipSize, zipStream, type ZipEntry } from "@/lib/media/zip";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "chorus-zip-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const text = (name: string, content: string): ZipEntry => ({
  name,
  size: Buffer.byteLength(content),
  modified: new Date("2026-11-30T12:00:00Z"),
  open: () => Readable.from([Buffer.from(content)]),
});

/** `size` bytes of a repeating pattern, made as they are read (nothing held in memory). */
const synthetic = (name: string, size: number): ZipEntry => ({
  name,
  size,
  modified: new Date("2026-11-30T12:00:00Z"),
  open: () => {
    const chunk = Buffer.alloc(1 << 20, "chorus ");
    return Readable.from(
      (function* () {
        for (let left = size; left > 0; left -= chunk.length)
          yield left >= chunk.length ? chunk : chunk.subarray(0, left);
      })(),
    );
  },
});

async function written(entries: ZipEntry[], name: string) {
  const file = path.join(work, name);
  await pipeline(zipStream(entries), createWriteStream(file));
  expect((await stat(file)).size).toBe(zipSize(entries));
  return file;
}

function unzipTest(file: string) {
  const result = spawnSync("unzip", ["-tqq", file], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (result.error) throw result.error; // unzip is part of the test machine (.ci/run installs it)
  expect(result.status, result.stdout + result.stderr).toBe(0);
}

function python(file: string, script: string) {
  const result = spawnSync("python3", ["-c", script, file], { encoding: "utf8" });
  if (result.error) throw result.error;
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as unknown;
}

describe("the export ZIP", () => {
  it("holds 70,000 files under 4 GB, with the ZIP64 end records their count needs", async () => {
    const entries = Array.from({ length: 70_000 }, (_, i) =>
      text(`songs/${String(i).padStart(5, "0")} take.txt`, `song ${i}\n`),
    );
    const file = await written(entries, "many.zip");
    unzipTest(file);
    const read = python(
      file,
      `import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
print(json.dumps({"count": len(names), "last": z.read(names[-1]).decode(), "bad": z.testzip()}))`,
    );
    expect(read).toEqual({ count: 70_000, last: "song 69999\n", bad: null });
  }, 120_000);

  it("holds a file past 4 GB and files after it, with ZIP64 sizes and offsets", async () => {
    const big = 4 * 1024 ** 3 + 300 * 1024 ** 2; // 4.3 GiB
    const entries = [
      text("first.txt", "before the big one\n"),
      synthetic("video/big.bin", big),
      text("last.txt", "after the big one\n"),
    ];
    expect(zipSize(entries)).toBeGreaterThan(big);
    const file = await written(entries, "big.zip");
    unzipTest(file);
    const read = python(
      file,
      `import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
info = {i.filename: i.file_size for i in z.infolist()}
print(json.dumps({"sizes": info, "last": z.read("last.txt").decode()}))`,
    );
    expect(read).toEqual({
      sizes: { "first.txt": 19, "video/big.bin": big, "last.txt": 18 },
      last: "after the big one\n",
    });
    await rm(file);
  }, 600_000);

  it("fails the stream, not the archive's promise, when a file changes size while read", async () => {
    const liar: ZipEntry = { ...text("short.txt", "abc"), size: 10 };
    await expect(
      pipeline(zipStream([liar]), createWriteStream(path.join(work, "liar.zip"))),
    ).rejects.toThrow(/changed size while exporting/);
  });
});
