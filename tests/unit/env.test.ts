import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { readOrCreateLocalSecret } from "@/lib/local-secret";

const DB = "postgresql://u:p@localhost:5432/chorus";
const SECRET = "x".repeat(40);

function problems(source: Record<string, string | undefined>, localSecret?: () => string): string[] {
  try {
    parseEnv(source, { localSecret });
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("accepts a minimal configuration and applies documented defaults", () => {
    const env = parseEnv({ DATABASE_URL: DB, AUTH_SECRET: SECRET });
    expect(env.NODE_ENV).toBe("development");
    expect(env.AUTH_TRUST_HOST).toBe(true);
    expect(env.githubEnabled).toBe(false);
    expect(env.magicLinksEnabled).toBe(false);
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.EMAIL_FROM).toContain("@");
  });

  it("says how to get a database when DATABASE_URL is missing", () => {
    const [problem] = problems({ AUTH_SECRET: SECRET });
    expect(problem).toMatch(/^DATABASE_URL /);
    expect(problem).toContain("npm run dev");
  });

  it("rejects a non-Postgres DATABASE_URL", () => {
    expect(problems({ DATABASE_URL: "mysql://localhost/db", AUTH_SECRET: SECRET })).toEqual([
      "DATABASE_URL must be a postgres:// or postgresql:// URL",
    ]);
  });

  it("stops production without AUTH_SECRET and never generates one there", () => {
    const localSecret = vi.fn(() => SECRET);
    const found = problems({ NODE_ENV: "production", DATABASE_URL: DB }, localSecret);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^AUTH_SECRET .*openssl rand -base64 32/);
    expect(localSecret).not.toHaveBeenCalled();
  });

  it("uses the local secret outside production", () => {
    const env = parseEnv({ DATABASE_URL: DB }, { localSecret: () => SECRET });
    expect(env.AUTH_SECRET).toBe(SECRET);
  });

  it("refuses a short AUTH_SECRET", () => {
    expect(problems({ DATABASE_URL: DB, AUTH_SECRET: "short" })[0]).toMatch(/^AUTH_SECRET must be at least 32/);
  });

  it("needs both GitHub variables or neither", () => {
    expect(problems({ DATABASE_URL: DB, AUTH_SECRET: SECRET, AUTH_GITHUB_ID: "abc" })[0]).toMatch(/^AUTH_GITHUB_SECRET /);
    const env = parseEnv({ DATABASE_URL: DB, AUTH_SECRET: SECRET, AUTH_GITHUB_ID: "abc", AUTH_GITHUB_SECRET: "def" });
    expect(env.githubEnabled).toBe(true);
  });

  it("reads boolean switches and validates SMTP_URL", () => {
    const env = parseEnv({ DATABASE_URL: DB, AUTH_SECRET: SECRET, AUTH_EMAIL_LINKS: "1", AUTH_TRUST_HOST: "false", SMTP_URL: "smtps://a:b@mail.example.com:465" });
    expect(env.magicLinksEnabled).toBe(true);
    expect(env.AUTH_TRUST_HOST).toBe(false);
    expect(problems({ DATABASE_URL: DB, AUTH_SECRET: SECRET, SMTP_URL: "mail.example.com" })[0]).toMatch(/^SMTP_URL must be an smtp/);
    expect(problems({ DATABASE_URL: DB, AUTH_SECRET: SECRET, AUTH_EMAIL_LINKS: "maybe" })[0]).toMatch(/^AUTH_EMAIL_LINKS /);
  });

  it("lists every problem at once", () => {
    const error = (() => {
      try {
        parseEnv({ NODE_ENV: "production", DATABASE_URL: "nope", AUTH_URL: "not a url" });
      } catch (e) {
        return e as EnvError;
      }
    })();
    expect(error).toBeInstanceOf(EnvError);
    expect(error!.problems.map((p) => p.split(" ")[0]).sort()).toEqual(["AUTH_SECRET", "AUTH_URL", "DATABASE_URL"]);
    expect(error!.message).toContain(".env.example");
  });
});

describe("readOrCreateLocalSecret", () => {
  it("creates a private secret once and then keeps it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "chorus-secret-"));
    const first = readOrCreateLocalSecret(dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readOrCreateLocalSecret(dir)).toBe(first);
    const file = path.join(dir, "auth-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
  });
});
