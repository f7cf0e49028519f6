import { describe, expect, it } from "vitest";

import { parseEnv } from "@/lib/env";
import { linkOriginFor } from "@/lib/request-origin-shared";

describe("the origin of handed-out links", () => {
  it("is the configured public origin for any other host, forged or not", () => {
    const pub = "https://chorus.example.com";
    expect(linkOriginFor(pub, "evil.example")).toBe(pub);
    expect(linkOriginFor(pub, "localhost:3000")).toBe(pub);
    expect(linkOriginFor(pub, null)).toBe(pub);
    expect(linkOriginFor("http://127.0.0.1:3000", "evil.example")).toBe("http://127.0.0.1:3000");
    expect(linkOriginFor("http://127.0.0.1:3000", "evil.example:3000")).toBe(
      "http://127.0.0.1:3000",
    );
  });

  it("locally follows the loopback name the visitor uses, on the same port only", () => {
    expect(linkOriginFor("http://127.0.0.1:3000", "localhost:3000")).toBe("http://localhost:3000");
    expect(linkOriginFor("http://localhost:3000", "127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
    expect(linkOriginFor("http://localhost:3000", "[::1]:3000")).toBe("http://[::1]:3000");
    expect(linkOriginFor("http://localhost:3000", "localhost:4000")).toBe("http://localhost:3000");
    expect(linkOriginFor("http://localhost:3000", "localhost:3000/evil")).toBe(
      "http://localhost:3000",
    );
    expect(linkOriginFor("http://localhost:3000", "localhost:3000@evil.example")).toBe(
      "http://localhost:3000",
    );
  });
});

describe("the public origin setting", () => {
  const base = { DATABASE_URL: "postgres://u:p@localhost/db", AUTH_SECRET: "x".repeat(40) };

  it("is required in production", () => {
    expect(() => parseEnv({ ...base, NODE_ENV: "production" })).toThrow(
      /CHORUS_PUBLIC_URL is required in production/,
    );
    expect(
      parseEnv({ ...base, NODE_ENV: "production", CHORUS_PUBLIC_URL: "https://c.example" })
        .CHORUS_PUBLIC_URL,
    ).toBe("https://c.example");
    expect(
      parseEnv({ ...base, NODE_ENV: "production", AUTH_URL: "https://c.example" }).AUTH_URL,
    ).toBe("https://c.example");
  });

  it("is optional outside production", () => {
    expect(parseEnv(base).CHORUS_PUBLIC_URL).toBeUndefined();
  });
});
