// "Export all" follows the workspace being viewed (issue 12, item 11): the personal export
// holds only personal songs, a team's export that team's songs and the songs shared into it.
import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { buildExport } from "@/lib/media/export";
import { createTeam } from "@/lib/teams/teams";

const person = (name: string) =>
  registerUser({
    name,
    email: `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });
const song = (ownerId: string, teamId: string | null, title: string) =>
  db.clip.create({
    data: {
      ownerId,
      teamId,
      title,
      upstreamId: randomBytes(6).toString("hex"),
      status: "COMPLETE",
    },
  });

async function titlesIn(options: Parameters<typeof buildExport>[0]) {
  const exported = await buildExport(options);
  const chunks: Buffer[] = [];
  for await (const chunk of exported.stream()) chunks.push(chunk as Buffer);
  const zip = Buffer.concat(chunks).toString("latin1");
  const json = zip.slice(zip.indexOf('{\n  "exportedAt"'));
  return (
    JSON.parse(json.slice(0, json.lastIndexOf("}") + 1).split("\n}")[0] + "\n}") as {
      songs: { title: string }[];
    }
  ).songs
    .map((s) => s.title)
    .sort();
}

describe("exports follow the workspace", () => {
  it("personal holds personal songs only; a team's holds its songs and the ones shared in", async () => {
    const me = await person("Exporter");
    const outsider = await person("Outsider");
    const team = await createTeam(me, { name: `Export ${randomBytes(3).toString("hex")}` });
    await song(me.id, null, "Mine");
    await song(me.id, team.id, "Ours");
    const shared = await song(me.id, null, "Shared In");
    await db.teamClipShare.create({
      data: { clipId: shared.id, teamId: team.id, sharedById: me.id },
    });
    expect(await titlesIn({ actor: me })).toEqual(["Mine", "Shared In"]);
    expect(await titlesIn({ actor: me, team: team.slug })).toEqual(["Ours", "Shared In"]);
    await expect(buildExport({ actor: outsider, team: team.slug })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(buildExport({ actor: outsider })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a file past 4 GB no longer stops an export: its ZIP64 size is known up front", async () => {
    const me = await person("Big");
    const clip = await song(me.id, null, "Huge");
    await db.mediaAsset.create({
      data: {
        clipId: clip.id,
        kind: "VIDEO",
        sourceUrl: "https://cdn.example/v.mp4",
        storageKey: `clips/${clip.id}/video.mp4`,
        contentType: "video/mp4",
        byteSize: BigInt(5 * 1024 ** 3),
        sha256: "0".repeat(64),
      },
    });
    const exported = await buildExport({ actor: me });
    // the 5 GB file with its ZIP64 headers and end records, and the two metadata files
    expect(exported.songs).toBe(1);
    expect(exported.size).toBeGreaterThan(5 * 1024 ** 3);
    expect(exported.size).toBeLessThan(5 * 1024 ** 3 + 64 * 1024);
  });
});
