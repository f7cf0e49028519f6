import { describe, expect, it } from "vitest";

import { clientAddress, normalizeAddress, PEER_HEADER } from "@/lib/auth/request-ip";

const self = { vercel: false, trustedProxies: [], peerKnown: true };
const h = (entries: Record<string, string>) => new Headers(entries);

describe("the client address for sign-in throttling", () => {
  it("is the socket address, whatever X-Forwarded-For the client writes", () => {
    const headers = h({ [PEER_HEADER]: "198.51.100.7", "x-forwarded-for": "10.9.8.7, 1.2.3.4" });
    expect(clientAddress(headers, self)).toBe("198.51.100.7");
    expect(clientAddress(h({ [PEER_HEADER]: "::ffff:198.51.100.7" }), self)).toBe("198.51.100.7");
  });

  it("is unknown when the socket address was not written by the preload", () => {
    const headers = h({ [PEER_HEADER]: "198.51.100.7", "x-forwarded-for": "1.2.3.4" });
    expect(clientAddress(headers, { ...self, peerKnown: false })).toBeNull();
  });

  it("behind trusted proxies is the last hop they did not add", () => {
    const options = { ...self, trustedProxies: ["10.0.0.0/8", "192.0.2.1"] };
    const headers = h({
      [PEER_HEADER]: "10.0.0.5",
      "x-forwarded-for": "6.6.6.6, 203.0.113.9, 192.0.2.1",
    });
    expect(clientAddress(headers, options)).toBe("203.0.113.9");
    // an untrusted peer is believed over any header
    expect(
      clientAddress(h({ [PEER_HEADER]: "203.0.113.50", "x-forwarded-for": "1.1.1.1" }), options),
    ).toBe("203.0.113.50");
  });

  it("on Vercel is Vercel's own header", () => {
    const headers = h({ "x-vercel-forwarded-for": "203.0.113.4", "x-forwarded-for": "1.2.3.4" });
    expect(clientAddress(headers, { ...self, vercel: true })).toBe("203.0.113.4");
  });

  it("reads only addresses", () => {
    expect(normalizeAddress("[2001:db8::1]")).toBe("2001:db8::1");
    expect(normalizeAddress("not-an-ip")).toBeNull();
  });
});
