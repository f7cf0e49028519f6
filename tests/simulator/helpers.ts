// Shared test helpers: a simulator on a random port, a tiny HTTP client, polling, WAV/PNG
// header readers written independently of the simulator's encoders, and a callback receiver.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateSync } from "node:zlib";

import { startSimulator, type Simulator, type SimulatorOptions } from "../../simulator/server.ts";

export const KEY = "sim-key-1";
// Wire bodies are walked freely in assertions; a typed schema here would only restate the test.
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- see above

export function start(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ stepMs: 20, clipSeconds: 3, ...options });
}

export type Reply = { status: number; headers: Headers; body: Json; text: string };

export async function call(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  key: string | null = KEY,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Json = {};
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    // malformed bodies are asserted through `text`
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export const get = (sim: Simulator, path: string, key: string | null = KEY) =>
  call(sim, "GET", path, undefined, key);
export const post = (sim: Simulator, path: string, body: unknown, key: string | null = KEY) =>
  call(sim, "POST", path, body, key);

export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 4000,
  everyMs = 10,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Submits relay music and waits for SUCCESS; returns the fetch-one task object. */
export async function relaySong(sim: Simulator, body: Json): Promise<Json> {
  const submitted = await post(sim, "/suno/submit/music", body);
  if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.text}`);
  const id = submitted.body.data as string;
  return waitFor(async () => {
    const { body: fetched } = await get(sim, `/suno/fetch/${id}`);
    return fetched.data?.status === "SUCCESS" || fetched.data?.status === "FAILURE"
      ? (fetched.data as Json)
      : null;
  });
}

export async function bytes(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    headers: response.headers,
    data: Buffer.from(await response.arrayBuffer()),
  };
}

export function wavInfo(data: Buffer) {
  expectAscii(data, 0, "RIFF");
  expectAscii(data, 8, "WAVE");
  let offset = 12;
  let format: {
    audioFormat: number;
    channels: number;
    sampleRate: number;
    byteRate: number;
    bits: number;
  } | null = null;
  while (offset + 8 <= data.length) {
    const id = data.toString("ascii", offset, offset + 4);
    const size = data.readUInt32LE(offset + 4);
    if (id === "fmt ") {
      format = {
        audioFormat: data.readUInt16LE(offset + 8),
        channels: data.readUInt16LE(offset + 10),
        sampleRate: data.readUInt32LE(offset + 12),
        byteRate: data.readUInt32LE(offset + 16),
        bits: data.readUInt16LE(offset + 22),
      };
    }
    if (id === "data") {
      if (!format) throw new Error("data before fmt");
      return {
        ...format,
        dataBytes: size,
        duration: size / format.byteRate,
        riffSize: data.readUInt32LE(4),
      };
    }
    offset += 8 + size;
  }
  throw new Error("no data chunk");
}

function expectAscii(data: Buffer, offset: number, text: string) {
  if (data.toString("ascii", offset, offset + text.length) !== text)
    throw new Error(`expected ${text} at ${offset}`);
}

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

/** Walks every chunk, checks each CRC, and inflates the image data. */
export function pngInfo(data: Buffer) {
  const signature = data.subarray(0, 8).toString("hex");
  const chunks: string[] = [];
  let width = 0;
  let height = 0;
  let colourType = -1;
  let bitDepth = -1;
  const idat: Buffer[] = [];
  for (let offset = 8; offset < data.length;) {
    const length = data.readUInt32BE(offset);
    const type = data.toString("ascii", offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (
      crc32(data.subarray(offset + 4, offset + 8 + length)) !==
      data.readUInt32BE(offset + 8 + length)
    ) {
      throw new Error(`bad CRC in ${type}`);
    }
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      bitDepth = body[8] ?? -1;
      colourType = body[9] ?? -1;
    }
    if (type === "IDAT") idat.push(body);
    chunks.push(type);
    offset += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(idat));
  return { signature, chunks, width, height, bitDepth, colourType, pixels };
}

export type Received = { body: Json; headers: IncomingHttpHeaders };

/** A local callback receiver answering 200 to everything. */
export async function hookReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Json,
        headers: req.headers,
      });
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=abc`;
  return {
    url,
    received,
    statuses: () => received.map((entry) => entry.body.status as string),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
