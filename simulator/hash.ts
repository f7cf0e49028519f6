// Seeds and ids. Everything the simulator "creates" (melodies, covers, lyrics, fault dice)
// comes from these seeded generators so that the same request always yields the same bytes;
// only ids are random, because real providers hand out fresh ids for identical requests.
import { createHash, randomUUID } from "node:crypto";

import type { IdStyle } from "./types.ts";

/** SHA-256 over the parts, NUL-separated so that ("ab","c") and ("a","bc") differ. */
export function digest(...parts: Array<string | number | boolean>): Buffer {
  return createHash("sha256").update(parts.map(String).join("\u0000")).digest();
}

/** A 32-bit seed read from a digest; different offsets give independent seeds. */
export function seedAt(hash: Buffer, offset = 0): number {
  return hash.readUInt32LE(offset % 29);
}

export function seedOf(...parts: Array<string | number | boolean>): number {
  return seedAt(digest(...parts));
}

/** mulberry32: tiny, fast and good enough for music and dice; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Task ids follow the configured style (the three styles seen in the wild); clip ids are UUIDs. */
export function newTaskId(style: IdStyle): string {
  const uuid = randomUUID();
  if (style === "dashless") return uuid.replaceAll("-", "");
  if (style === "prefixed") return `task_${uuid.replaceAll("-", "")}`;
  return uuid;
}

export function newClipId(): string {
  return randomUUID();
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
