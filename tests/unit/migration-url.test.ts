import { describe, expect, it } from "vitest";

import { migrationDatabaseUrl } from "../../scripts/lib/migrate";

const POOLED = "postgresql://u:p@pooler.example.com:6543/chorus";
const DIRECT = "postgresql://u:p@db.example.com:5432/chorus";

describe("the database URL migrations use", () => {
  it("is DIRECT_DATABASE_URL when set, not the pooled DATABASE_URL", () => {
    expect(migrationDatabaseUrl({ DATABASE_URL: POOLED, DIRECT_DATABASE_URL: DIRECT })).toBe(
      DIRECT,
    );
  });

  it("falls back to DATABASE_URL when there is no direct URL (local development)", () => {
    expect(migrationDatabaseUrl({ DATABASE_URL: POOLED })).toBe(POOLED);
    expect(migrationDatabaseUrl({ DATABASE_URL: POOLED, DIRECT_DATABASE_URL: " " })).toBe(POOLED);
  });

  it("is undefined when neither is set", () => {
    expect(migrationDatabaseUrl({})).toBeUndefined();
  });
});
