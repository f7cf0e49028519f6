// Cover art: real PNGs (RGB, 8-bit) painted from a seed: a two-colour gradient with a disc,
// rings or stripes on top. The encoder is hand-written over node:zlib so the simulator needs
// no image library; it is only as clever as a cover placeholder needs.
import { deflateSync } from "node:zlib";

import { mulberry32 } from "./hash.ts";

export const COVER_SIZE = 256;
export const COVER_LARGE_SIZE = 1024;

type Rgb = [number, number, number];

export function renderCover(seed: number, size: number): Buffer {
  const rand = mulberry32(seed);
  const hue = rand() * 360;
  const top = hsl(hue, 0.55, 0.22 + rand() * 0.15);
  const bottom = hsl((hue + 40 + rand() * 100) % 360, 0.6, 0.45 + rand() * 0.2);
  const accent = hsl((hue + 180 + rand() * 60) % 360, 0.75, 0.6);
  const shape = Math.floor(rand() * 3);
  const cx = 0.3 + rand() * 0.4;
  const cy = 0.3 + rand() * 0.3;
  const radius = 0.16 + rand() * 0.14;
  const bands = 5 + Math.floor(rand() * 8);

  const stride = size * 3 + 1;
  const raw = Buffer.alloc(stride * size); // each row starts with filter byte 0 (None)
  for (let y = 0; y < size; y++) {
    const v = y / size;
    for (let x = 0; x < size; x++) {
      const u = x / size;
      const mix = Math.min(1, Math.max(0, v * 0.8 + u * 0.2));
      let colour = lerp(top, bottom, mix);
      const d = Math.hypot(u - cx, v - cy);
      if (shape === 0 && d < radius) {
        colour = lerp(accent, [255, 255, 255], Math.max(0, 0.35 - d / radius / 3));
      } else if (shape === 1 && Math.floor((d / radius) * 3) % 2 === 0 && d < radius * 2.2) {
        colour = lerp(colour, accent, 0.55);
      } else if (shape === 2 && Math.floor((u + v) * bands) % 2 === 0) {
        colour = lerp(colour, accent, 0.3);
      }
      const offset = y * stride + 1 + x * 3;
      raw[offset] = colour[0];
      raw[offset + 1] = colour[1];
      raw[offset + 2] = colour[2];
    }
  }
  return encodePng(size, size, raw);
}

/** `rows` are already filtered scanlines (filter byte + RGB triplets). */
export function encodePng(width: number, height: number, rows: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering
  header[12] = 0; // no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 6 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function lerp(a: Rgb, b: Rgb, t: number): Rgb {
  return [
    Math.round(a[0] + (b[0] - a[0]) * t),
    Math.round(a[1] + (b[1] - a[1]) * t),
    Math.round(a[2] + (b[2] - a[2]) * t),
  ];
}

function hsl(h: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] =
    h < 60
      ? [c, x, 0]
      : h < 120
        ? [x, c, 0]
        : h < 180
          ? [0, c, x]
          : h < 240
            ? [0, x, c]
            : h < 300
              ? [x, 0, c]
              : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}
