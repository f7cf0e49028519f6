import { describe, expect, it } from "vitest";

import { contentSecurityPolicy, newNonce, originsOf } from "@/lib/security-headers";

describe("the content security policy", () => {
  const base = { nonce: "abc=", isDev: false, https: false, mediaOrigins: [] };

  it("runs scripts only with the request's nonce, and lets no one frame the page", () => {
    const csp = contentSecurityPolicy(base);
    expect(csp).toContain("script-src 'self' 'nonce-abc=' 'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("allows eval only in development, upgrades only over https, and the providers' media", () => {
    expect(contentSecurityPolicy({ ...base, isDev: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ ...base, https: true })).toContain("upgrade-insecure-requests");
    const csp = contentSecurityPolicy({ ...base, mediaOrigins: ["http://127.0.0.1:8787"] });
    expect(csp).toMatch(/media-src [^;]*http:\/\/127\.0\.0\.1:8787/);
    expect(csp).toMatch(/img-src [^;]*http:\/\/127\.0\.0\.1:8787/);
  });

  it("makes a fresh nonce each time, and reads origins only from http(s) URLs", () => {
    expect(newNonce()).not.toBe(newNonce());
    expect(newNonce()).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(originsOf(["http://a.test:1/x", "javascript:alert(1)", "nope", undefined])).toEqual([
      "http://a.test:1",
    ]);
  });
});
