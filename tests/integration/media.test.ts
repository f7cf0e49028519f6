// The media archive on local disk (the suite, shared with media-s3.test.ts), and server-side
// downloads that never reach private addresses.
import { readdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DownloadError, isPrivateAddress, safeFetch, UnsafeUrlError } from "@/lib/media/safe-fetch";

import { describeArchiveAndServe } from "./media-archive-suite";

describeArchiveAndServe("local disk", () =>
  (readdirSync(process.env.MEDIA_DIR!, { recursive: true }) as string[]).map((f) =>
    f.split("\\").join("/"),
  ),
);

describe("server-side downloads refuse private addresses", () => {
  let local: Server;
  let localPort: number;
  beforeAll(async () => {
    local = createServer((req, res) => {
      if (req.url === "/redirect-private")
        res.writeHead(302, { location: `http://127.0.0.1:${localPort}/secret` }).end();
      else if (req.url === "/redirect-metadata")
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      else if (req.url === "/big")
        res
          .writeHead(200, { "content-type": "audio/wav", "content-length": "5000000" })
          .end(Buffer.alloc(5_000_000));
      else res.writeHead(200, { "content-type": "text/plain" }).end("internal secret");
    });
    await new Promise<void>((resolve) => local.listen(0, "127.0.0.1", resolve));
    localPort = (local.address() as AddressInfo).port;
  });
  afterAll(() => local.close());
  const options = { maxBytes: 1_000_000, timeoutMs: 3_000 };

  it.each([
    ["127.0.0.1", () => `http://127.0.0.1:${localPort}/secret`],
    ["10.0.0.1", () => "http://10.0.0.1/"],
    ["cloud metadata", () => "http://169.254.169.254/latest/meta-data/"],
    ["[::1]", () => `http://[::1]:${localPort}/`],
    ["a name that resolves to loopback", () => `http://localhost:${localPort}/secret`],
    ["an IPv4-mapped IPv6 loopback", () => `http://[::ffff:127.0.0.1]:${localPort}/`],
    ["file:", () => "file:///etc/passwd"],
    ["ftp:", () => "ftp://example.com/a.mp3"],
  ])("%s", async (_name, url) => {
    await expect(safeFetch(url(), options)).rejects.toBeInstanceOf(UnsafeUrlError);
  });

  it("a redirect from an allowed host to a private address", async () => {
    const allowHosts = new Set([`127.0.0.1:${localPort}`]);
    // the allowed host itself is reachable…
    await expect(
      safeFetch(`http://127.0.0.1:${localPort}/secret`, { ...options, allowHosts }),
    ).resolves.toMatchObject({ contentType: "text/plain" });
    // …but where it redirects is checked again
    await expect(
      safeFetch(`http://127.0.0.1:${localPort}/redirect-metadata`, { ...options, allowHosts }),
    ).rejects.toBeInstanceOf(UnsafeUrlError);
    await expect(
      safeFetch(`http://127.0.0.1:${localPort}/redirect-private`, {
        ...options,
        allowHosts: new Set([`127.0.0.1:${localPort}`]),
        maxRedirects: 0,
      }),
    ).rejects.toBeInstanceOf(DownloadError);
  });

  it("files over the size limit", async () => {
    const allowHosts = new Set([`127.0.0.1:${localPort}`]);
    await expect(
      safeFetch(`http://127.0.0.1:${localPort}/big`, { ...options, allowHosts }),
    ).rejects.toThrow(/larger than the 1 MB limit/);
  });

  it("knows the private ranges", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:10.0.0.1",
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "151.101.1.69"])
      expect(isPrivateAddress(address), address).toBe(false);
  });
});
