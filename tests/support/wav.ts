// Test recordings.

/** The 44-byte header of a mono 16-bit PCM WAV holding `dataBytes` of samples. */
export function wavHeader(dataBytes: number, rate = 8000): Buffer {
  const bytes = Buffer.alloc(44);
  bytes.write("RIFF", 0, "ascii");
  bytes.writeUInt32LE(36 + dataBytes, 4);
  bytes.write("WAVEfmt ", 8, "ascii");
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(rate, 24);
  bytes.writeUInt32LE(rate * 2, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write("data", 36, "ascii");
  bytes.writeUInt32LE(dataBytes, 40);
  return bytes;
}

/** A short, valid PCM WAV: what a person's phone recording might be. */
export function wav(seconds = 1, rate = 8000): Uint8Array<ArrayBuffer> {
  const samples = seconds * rate;
  const bytes = Buffer.concat([wavHeader(samples * 2, rate), Buffer.alloc(samples * 2)]);
  for (let i = 0; i < samples; i++)
    bytes.writeInt16LE(Math.round(8000 * Math.sin((i / rate) * 2 * Math.PI * 440)), 44 + i * 2);
  return new Uint8Array(bytes);
}
