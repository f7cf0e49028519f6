// A small, valid WebM "music video": VP8 key frames (one a second, the clip's colour) in
// Matroska/EBML, lasting as long as the song. The frames are four pre-encoded 160×90 VP8 key
// frames (a colour gradient each, made once with libwebp), so no encoder is needed here and
// browsers play the file in a <video>. It has no sound: the song is the app's own audio.

/** 160×90 VP8 key frames, base64: violet, teal, crimson, green. */
const FRAMES = [
  "EAgAnQEqoABaAD8RiMBaLCimpCCIAYAiCWdu3Vo+ntAO+YDvax4KEd/OnLhmsiZETjyKlfFiivL/mnvtLf2vrs2/4X9T/D/msAD+5tLf5m+evxZGVsnekaJExxrWyQhb+9uTguvQP35fy3Tc66mDCjZNVJM2zQwHi/4VQGSwqvB0SW3W+pL3fSJb9skkVx65OuWfnCHaY5Ks1LSR1TT4Y4cnrkTsKT2X3YHJjpNzbdWNRzJAkmdwAA==",
  "sAcAnQEqoABaAD8RiMBaLCimpCCIAYAiCWdu3/tFtvAKaVFfnWnHm3nfPdRAo4WrK1lfdZETJELAY7LkfkfRfHqhb+MSAAD+5B+u2a+wxJ/X3lDsQDKzMODrXQfaan/B+bb17Y9eGHQSEOsQsNG76HOEsxCSlP8FPhC5X6/ay6Fn/qC9UON0DdG1PQx7Iu2rAIXV35YBie1QUXoJI93VGXKFBRDsTfb8h+NUAAAA",
  "EAgAnQEqoABaAD8RiMBaLCimpCCIAYAiCWdu3Vy9+eTuAO+YDvax4KEd7W3wj0Vbj/////HiW+L9/D9FTW/tfXfQlTW9bgOAgAD+6NnMn/6u/O36n+ASrp/PUZlvSMPmDC0CIySzvsgPjxUgLuwoWzjewmdA3K1hDIrZKyK22eV3UFwrJii1w0jKsshvHs+4CJOmOL3AB4bHcZ7y9vLaLb/Gf39KkjfvuWMEt8d2vaAAAA==",
  "cAcAnQEqoABaAD8RiMBaLCimpCCIAYAiCWdu3/9lxEc4AT8WkXOtNZ0i51qgQCO9rIl9pVCO9rWYR9VCPnYzrVFlh7gA/uQF4hCX/DvfbuWauea/fkHzY5/Nkl5tvvphtvJgDL+eNi0V8UZ7J2YhSPZtVP63rfvzJ7K+TdfYRG9vwPaFlTcD94tYi02uo3/ZZ+zEKuJELZ29/ner08VcMC4AAAA=",
].map((frame) => Buffer.from(frame, "base64"));
const WIDTH = 160;
const HEIGHT = 90;

/** An EBML element: its id bytes, an 8-byte size, then the payload. */
function element(id: number, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const idBytes = Buffer.from(
    id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, "0"),
    "hex",
  );
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(body.length));
  size[0] = 0x01; // an 8-byte size: the marker bit, then 56 bits of length
  return Buffer.concat([idBytes, size, body]);
}

function uint(id: number, value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  let start = 0;
  while (start < 7 && bytes[start] === 0) start++;
  return element(id, bytes.subarray(start));
}

const text = (id: number, value: string) => element(id, Buffer.from(value, "ascii"));

function float(id: number, value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(value);
  return element(id, bytes);
}

/** One key frame shown at `ms`, in a cluster of its own (relative time 0). */
function cluster(ms: number, frame: Buffer): Buffer {
  const header = Buffer.from([0x81, 0x00, 0x00, 0x80]); // track 1, +0 ms, key frame
  return element(0x1f43b675, uint(0xe7, ms), element(0xa3, header, frame));
}

export function renderVideo(seconds: number, seed: number): Buffer {
  const frame = FRAMES[Math.abs(seed) % FRAMES.length]!;
  const ms = Math.max(1, Math.round(seconds * 1000));
  const header = element(
    0x1a45dfa3,
    uint(0x4286, 1),
    uint(0x42f7, 1),
    uint(0x42f2, 4),
    uint(0x42f3, 8),
    text(0x4282, "webm"),
    uint(0x4287, 2),
    uint(0x4285, 2),
  );
  const info = element(
    0x1549a966,
    uint(0x2ad7b1, 1_000_000),
    text(0x4d80, "chorus-simulator"),
    text(0x5741, "chorus-simulator"),
    float(0x4489, ms),
  );
  const tracks = element(
    0x1654ae6b,
    element(
      0xae,
      uint(0xd7, 1),
      uint(0x73c5, 1),
      uint(0x83, 1),
      text(0x86, "V_VP8"),
      element(0xe0, uint(0xb0, WIDTH), uint(0xba, HEIGHT)),
    ),
  );
  const clusters: Buffer[] = [];
  for (let at = 0; at < ms; at += 1000) clusters.push(cluster(at, frame));
  return Buffer.concat([header, element(0x18538067, info, tracks, ...clusters)]);
}
