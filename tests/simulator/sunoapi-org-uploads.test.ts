// sunoapi-org's file host and the operations on an uploaded recording, over HTTP: multipart
// upload, a downloadUrl kept 3 days, upload-cover and upload-extend, and code 451 for a URL
// the "vendor" cannot download.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { Simulator } from "../../simulator/server.ts";
import { get, KEY, post, start, waitFor, type Json } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await start({ stepMs: 20 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.admin.reset());

const NO_HOOK = "https://no-callback.invalid/chorus-polls";
const RECORDING = Buffer.from("RIFF\u0000\u0000\u0000\u0000WAVEfmt a pretend recording");

async function uploadFile(fields: Record<string, string> = { uploadPath: "chorus" }) {
  const form = new FormData();
  form.set("file", new Blob([RECORDING], { type: "audio/wav" }), "Porch Demo.wav");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const response = await fetch(`${sim.url}/org/api/file-stream-upload`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function finished(taskId: string): Promise<Json> {
  return waitFor(async () => {
    const reply = await get(sim, `/org/api/v1/generate/record-info?taskId=${taskId}`);
    return reply.body.data?.status === "SUCCESS" ? (reply.body.data as Json) : null;
  });
}

describe("sunoapi-org file host", () => {
  it("takes a multipart file and serves it at its downloadUrl for 3 days", async () => {
    const { status, body } = await uploadFile();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      success: true,
      code: 200,
      data: { fileName: "Porch Demo.wav", fileSize: RECORDING.length, mimeType: "audio/wav" },
    });
    const url = body.data.downloadUrl as string;
    const served = await fetch(url);
    expect(served.headers.get("content-type")).toBe("audio/wav");
    expect(Buffer.from(await served.arrayBuffer()).equals(RECORDING)).toBe(true);
    expect(Date.parse(body.data.expiresAt) - Date.now()).toBeGreaterThan(71 * 3600_000);
    sim.admin.advance(3 * 24 * 3600_000 + 1000);
    expect((await fetch(url)).status).toBe(404);
  });

  it("refuses a body that is not multipart, a missing file or uploadPath, and a bad key", async () => {
    const json = await post(sim, "/org/api/file-stream-upload", { file: "x" });
    expect(json.body).toMatchObject({ code: 400, msg: expect.stringMatching(/multipart/) });
    expect((await uploadFile({})).body).toMatchObject({ code: 400, msg: "uploadPath is required" });
    const form = new FormData();
    form.set("uploadPath", "chorus");
    const bad = await fetch(`${sim.url}/org/api/file-stream-upload`, {
      method: "POST",
      headers: { authorization: "Bearer wrong" },
      body: form,
    });
    expect(((await bad.json()) as Json).code).toBe(401);
  });
});

describe("sunoapi-org upload-cover and upload-extend", () => {
  it("covers an uploaded file: two clips, type UPLOAD_COVER", async () => {
    const url = (await uploadFile()).body.data.downloadUrl as string;
    const created = await post(sim, "/org/api/v1/generate/upload-cover", {
      uploadUrl: url,
      customMode: true,
      instrumental: true,
      model: "V6",
      style: "bossa nova",
      title: "Porch Cover",
      callBackUrl: NO_HOOK,
    });
    expect(created.body.code).toBe(200);
    const done = await finished(created.body.data.taskId as string);
    expect(done.type).toBe("UPLOAD_COVER");
    const clips = (done.response as Json).sunoData as Json[];
    expect(clips.map((c) => c.title)).toEqual(["Porch Cover", "Porch Cover"]);
    expect(clips.every((c) => c.modelName === "chirp-hawk")).toBe(true);
  });

  it("extends an uploaded file; a custom extension needs continueAt", async () => {
    const url = (await uploadFile()).body.data.downloadUrl as string;
    const base = { uploadUrl: url, model: "V6_MINI", callBackUrl: NO_HOOK };
    const missing = await post(sim, "/org/api/v1/generate/upload-extend", {
      ...base,
      defaultParamFlag: true,
      style: "folk",
      title: "More",
    });
    expect(missing.body).toMatchObject({ code: 400, msg: expect.stringMatching(/continueAt/) });
    const kept = await post(sim, "/org/api/v1/generate/upload-extend", {
      ...base,
      defaultParamFlag: false,
    });
    const done = await finished(kept.body.data.taskId as string);
    expect(done.type).toBe("UPLOAD_EXTEND");
    expect(((done.response as Json).sunoData as Json[])[0]!.title).toBe("Porch Demo");
  });

  it("a URL its file host never gave out cannot be downloaded: code 451", async () => {
    for (const path of ["upload-cover", "upload-extend"]) {
      const reply = await post(sim, `/org/api/v1/generate/${path}`, {
        uploadUrl: "https://elsewhere.example/song.mp3",
        customMode: true,
        instrumental: true,
        defaultParamFlag: false,
        model: "V6",
        style: "pop",
        title: "T",
        callBackUrl: NO_HOOK,
      });
      expect(reply.status, path).toBe(200);
      expect(reply.body.code, path).toBe(451);
    }
    // retired models are refused here too
    const url = (await uploadFile()).body.data.downloadUrl as string;
    const retired = await post(sim, "/org/api/v1/generate/upload-cover", {
      uploadUrl: url,
      customMode: true,
      instrumental: true,
      model: "V4_5",
      style: "pop",
      title: "T",
      callBackUrl: NO_HOOK,
    });
    expect(retired.body).toMatchObject({ code: 400, msg: expect.stringMatching(/retired/) });
  });
});
