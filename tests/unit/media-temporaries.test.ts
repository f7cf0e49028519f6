import { mkdtempSync } from "node:fs";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { LocalDiskStorage } from "@/lib/media/storage";

describe("temporary media files left by a killed writer", () => {
  it("are removed once old, leaving stored files and writes in progress alone", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "chorus-tmp-sweep-"));
    const dir = path.join(root, "clips", "c1");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "audio"), "kept");
    await writeFile(path.join(dir, "audio.tmp-0123456789ab"), "left by a kill");
    await writeFile(path.join(dir, "image.tmp-ba9876543210"), "being written now");
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    await utimes(path.join(dir, "audio.tmp-0123456789ab"), twoHoursAgo, twoHoursAgo);
    await utimes(path.join(dir, "audio"), twoHoursAgo, twoHoursAgo);

    const storage = new LocalDiskStorage(root);
    expect(await storage.removeStaleTemporaries(60 * 60_000)).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(["audio", "image.tmp-ba9876543210"]);
    expect(await new LocalDiskStorage(path.join(root, "none")).removeStaleTemporaries(0)).toBe(0);
  });
});
