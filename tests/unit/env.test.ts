import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it, vi } from "vitest";

import { EnvError, parseEnv } from "@/lib/env";
import { readOrCreateLocalSecret } from "@/lib/local-secret";

const DB = "postgresql://u:p@localhost:5432/chorus";
const SECRET = "x".repeat(40);

function problems(
  source: Record<string, string | undefined>,
  localSecret?: () => string,
): string[] {
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

  it("accepts a direct migration URL and rejects one that is not Postgres", () => {
    const direct = "postgresql://u:p@db.example.com:5432/chorus";
    expect(
      parseEnv({ DATABASE_URL: DB, AUTH_SECRET: SECRET, DIRECT_DATABASE_URL: direct }),
    ).toMatchObject({ DIRECT_DATABASE_URL: direct });
    expect(
      problems({ DATABASE_URL: DB, AUTH_SECRET: SECRET, DIRECT_DATABASE_URL: "mysql://x/db" }),
    ).toEqual(["DIRECT_DATABASE_URL must be a postgres:// or postgresql:// URL"]);
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
    expect(problems({ DATABASE_URL: DB, AUTH_SECRET: "short" })[0]).toMatch(
      /^AUTH_SECRET must be at least 32/,
    );
  });

  it("needs both GitHub variables or neither", () => {
    expect(problems({ DATABASE_URL: DB, AUTH_SECRET: SECRET, AUTH_GITHUB_ID: "abc" })[0]).toMatch(
      /^AUTH_GITHUB_SECRET /,
    );
    const env = parseEnv({
      DATABASE_URL: DB,
      AUTH_SECRET: SECRET,
      AUTH_GITHUB_ID: "abc",
      AUTH_GITHUB_SECRET: "def",
    });
    expect(env.githubEnabled).toBe(true);
  });

  it("reads boolean switches and validates SMTP_URL", () => {
    const env = parseEnv({
      DATABASE_URL: DB,
      AUTH_SECRET: SECRET,
      AUTH_EMAIL_LINKS: "1",
      AUTH_TRUST_HOST: "false",
      SMTP_URL: "smtps://a:b@mail.example.com:465",
    });
    expect(env.magicLinksEnabled).toBe(true);
    expect(env.AUTH_TRUST_HOST).toBe(false);
    expect(
      problems({ DATABASE_URL: DB, AUTH_SECRET: SECRET, SMTP_URL: "mail.example.com" })[0],
    ).toMatch(/^SMTP_URL must be an smtp/);
    expect(
      problems({ DATABASE_URL: DB, AUTH_SECRET: SECRET, AUTH_EMAIL_LINKS: "maybe" })[0],
    ).toMatch(/^AUTH_EMAIL_LINKS /);
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
    expect(error!.problems.map((p) => p.split(" ")[0]).sort()).toEqual([
      "AUTH_SECRET",
      "AUTH_URL",
      "DATABASE_URL",
    ]);
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

describe("Suno provider settings", () => {
  const base = { DATABASE_URL: DB, AUTH_SECRET: SECRET };

  it("turns generation off when no key is set", () => {
    expect(parseEnv(base).suno).toBeNull();
  });

  it("reads a relay with a key list in any separator", () => {
    const env = parseEnv({
      ...base,
      SUNO_PROVIDER: "relay",
      SUNO_BASE_URL: "https://relay.example.com",
      SUNO_API_KEYS: "sk-a, sk-b\nsk-c",
    });
    expect(env.suno).toEqual({
      providers: [
        {
          name: "primary",
          dialect: "relay",
          baseUrl: "https://relay.example.com",
          keys: ["sk-a", "sk-b", "sk-c"],
          timeoutMs: 20_000,
          models: [],
        },
      ],
    });
  });

  it("defaults sunoapi to its public address and adds a fallback", () => {
    const env = parseEnv({
      ...base,
      SUNO_PROVIDER: "sunoapi",
      SUNO_API_KEYS: "k1",
      SUNO_FALLBACK_PROVIDER: "relay",
      SUNO_FALLBACK_BASE_URL: "https://r.example",
      SUNO_FALLBACK_API_KEYS: "k2",
    });
    expect(env.suno?.providers.map((p) => [p.name, p.dialect, p.baseUrl, p.keys])).toEqual([
      ["primary", "sunoapi", "https://api.sunoapi.com", ["k1"]],
      ["fallback", "relay", "https://r.example", ["k2"]],
    ]);
  });

  it("explains incomplete provider settings without echoing keys", () => {
    const found = problems({ ...base, SUNO_API_KEYS: "sk-secret-value", SUNO_PROVIDER: "relay" });
    expect(found).toEqual([
      "SUNO_BASE_URL is required with SUNO_PROVIDER=relay: the address of your new-api/one-api proxy",
    ]);
    expect(problems({ ...base, SUNO_PROVIDER: "midjourney" })[0]).toMatch(
      /^SUNO_PROVIDER must be "sunoapi", "relay" or "sunoapi-org"/,
    );
    expect(
      problems({
        ...base,
        SUNO_FALLBACK_API_KEYS: "k2",
        SUNO_FALLBACK_BASE_URL: "https://r.example",
      }),
    ).toEqual([
      "SUNO_API_KEYS is required when a fallback provider is configured (the fallback backs up a primary)",
    ]);
    const all = JSON.stringify(
      problems({ ...base, SUNO_API_KEYS: "sk-secret-value", SUNO_BASE_URL: "not a url" }),
    );
    expect(all).not.toContain("sk-secret-value");
  });
});

describe("media storage settings", () => {
  const base = { DATABASE_URL: DB, AUTH_SECRET: SECRET };
  const s3 = {
    MEDIA_STORAGE: "s3",
    S3_BUCKET: "songs",
    S3_ACCESS_KEY_ID: "AKIAEXAMPLE",
    S3_SECRET_ACCESS_KEY: "s3-secret-value",
  };

  it("keeps media on local disk by default", () => {
    expect(parseEnv(base).media).toEqual({ kind: "local", dir: undefined });
    expect(parseEnv({ ...base, MEDIA_DIR: "/srv/media" }).media).toEqual({
      kind: "local",
      dir: "/srv/media",
    });
  });

  it("reads an S3-compatible store, with the region each kind of store expects", () => {
    expect(parseEnv({ ...base, ...s3 }).media).toEqual({
      kind: "s3",
      endpoint: undefined,
      region: "us-east-1",
      bucket: "songs",
      accessKeyId: "AKIAEXAMPLE",
      secretAccessKey: "s3-secret-value",
      forcePathStyle: false,
      prefix: undefined,
    });
    expect(
      parseEnv({ ...base, ...s3, S3_ENDPOINT: "https://abc123.r2.cloudflarestorage.com" }).media,
    ).toMatchObject({ region: "auto" });
    expect(
      parseEnv({
        ...base,
        ...s3,
        S3_ENDPOINT: "http://localhost:9000",
        S3_FORCE_PATH_STYLE: "true",
        S3_PREFIX: "chorus/",
        S3_REGION: "eu-central-1",
      }).media,
    ).toMatchObject({
      endpoint: "http://localhost:9000",
      forcePathStyle: true,
      prefix: "chorus/",
      region: "eu-central-1",
    });
  });

  it("lists every missing S3 setting at once, saying what it is, without echoing secrets", () => {
    expect(problems({ ...base, MEDIA_STORAGE: "s3" })).toEqual([
      "S3_BUCKET is required with MEDIA_STORAGE=s3: the bucket's name",
      "S3_ACCESS_KEY_ID is required with MEDIA_STORAGE=s3: an access key allowed to read and write the bucket",
      "S3_SECRET_ACCESS_KEY is required with MEDIA_STORAGE=s3: that access key's secret",
    ]);
    const found = problems({ ...base, ...s3, S3_ENDPOINT: "minio:9000", S3_PREFIX: "../up" });
    expect(found.map((p) => p.split(" ")[0]).sort()).toEqual(["S3_ENDPOINT", "S3_PREFIX"]);
    expect(JSON.stringify(found)).not.toContain("s3-secret-value");
  });

  it("refuses S3 settings that would be ignored, and unknown stores", () => {
    expect(problems({ ...base, S3_BUCKET: "songs" })).toEqual([
      'MEDIA_STORAGE is "local" but S3_BUCKET is set: set MEDIA_STORAGE=s3 to keep media there, or remove the S3_* settings',
    ]);
    expect(problems({ ...base, MEDIA_STORAGE: "gcs" })[0]).toMatch(
      /^MEDIA_STORAGE must be "local", "s3" or "vercel-blob"/,
    );
  });

  it("needs the Blob token for Vercel Blob", () => {
    expect(problems({ ...base, MEDIA_STORAGE: "vercel-blob" })[0]).toMatch(
      /^BLOB_READ_WRITE_TOKEN is required with MEDIA_STORAGE=vercel-blob/,
    );
    expect(
      parseEnv({
        ...base,
        MEDIA_STORAGE: "vercel-blob",
        BLOB_READ_WRITE_TOKEN: "vercel_blob_rw_x_y",
      }).media,
    ).toEqual({ kind: "vercel-blob", token: "vercel_blob_rw_x_y" });
  });
});

describe("Vercel production", () => {
  // a public origin is set so that only what this block is about can be missing
  const vercel = {
    NODE_ENV: "production",
    VERCEL: "1",
    DATABASE_URL: DB,
    AUTH_SECRET: SECRET,
    AUTH_URL: "https://chorus.example.com",
    CHORUS_PUBLIC_URL: "https://chorus.example.com",
  };
  const safe = {
    ...vercel,
    CRON_SECRET: "c".repeat(32),
    MEDIA_STORAGE: "vercel-blob",
    BLOB_READ_WRITE_TOKEN: "vercel_blob_rw_token",
  };

  it("starts with a cron secret and kept media storage", () => {
    expect(problems(safe)).toEqual([]);
  });

  it("refuses to start without CRON_SECRET, saying what breaks and what to set", () => {
    const found = problems({ ...safe, CRON_SECRET: undefined });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^CRON_SECRET is required on Vercel/);
    expect(found[0]).toMatch(/401/);
    expect(found[0]).toMatch(/archived/);
    expect(found[0]).toMatch(/openssl rand -hex 32/);
  });

  it("refuses local media storage (the default too), naming the stores to set", () => {
    for (const media of [{ MEDIA_STORAGE: "local" }, { MEDIA_STORAGE: undefined }]) {
      const found = problems({ ...safe, ...media, BLOB_READ_WRITE_TOKEN: undefined });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^MEDIA_STORAGE is "local" on Vercel, whose disk is not kept/);
      expect(found[0]).toContain("MEDIA_STORAGE=vercel-blob");
      expect(found[0]).toContain("MEDIA_STORAGE=s3");
    }
  });

  it("names both problems at once", () => {
    expect(problems(vercel).map((p) => p.split(" ")[0])).toEqual(["CRON_SECRET", "MEDIA_STORAGE"]);
  });

  it("takes the public origin from Vercel's own variables when none is set", () => {
    const { AUTH_URL: _a, CHORUS_PUBLIC_URL: _c, ...unnamed } = safe;
    const production = parseEnv({
      ...unnamed,
      VERCEL_ENV: "production",
      VERCEL_PROJECT_PRODUCTION_URL: "chorus-music.vercel.app",
      VERCEL_URL: "chorus-git-x-abc.vercel.app",
    });
    expect(production.CHORUS_PUBLIC_URL).toBe("https://chorus-music.vercel.app");
    // a preview deployment is reached at its own address, not production's
    const preview = parseEnv({
      ...unnamed,
      VERCEL_ENV: "preview",
      VERCEL_PROJECT_PRODUCTION_URL: "chorus-music.vercel.app",
      VERCEL_URL: "chorus-git-x-abc.vercel.app",
    });
    expect(preview.CHORUS_PUBLIC_URL).toBe("https://chorus-git-x-abc.vercel.app");
    // a name the operator set always wins
    expect(
      parseEnv({ ...safe, VERCEL_PROJECT_PRODUCTION_URL: "other.vercel.app" }).CHORUS_PUBLIC_URL,
    ).toBe("https://chorus.example.com");
    // and without any of them the refusal names what to set
    expect(problems(unnamed)).toEqual([expect.stringMatching(/^CHORUS_PUBLIC_URL is required/)]);
  });

  it("keeps local development and self-hosted production as they were", () => {
    const { VERCEL: _vercel, ...selfHosted } = vercel;
    expect(problems(selfHosted)).toEqual([]);
    expect(problems({ VERCEL: "1", DATABASE_URL: DB, AUTH_SECRET: SECRET })).toEqual([]);
  });
});
