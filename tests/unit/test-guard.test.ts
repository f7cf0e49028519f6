import { describe, expect, it } from "vitest";

import { assertLocalDatabaseUrl, NonLocalDatabaseError } from "../support/test-database";

describe("the test database guard", () => {
  it("allows only servers on this machine", () => {
    for (const url of [
      "postgres://u:p@localhost:5432/x",
      "postgresql://u:p@127.0.0.1/x",
      "postgres://u:p@[::1]:5432/x",
    ]) {
      expect(() => assertLocalDatabaseUrl(url)).not.toThrow();
    }
    for (const url of [
      "postgres://u:p@db.example.com/x",
      "postgres://u:p@10.0.0.5/x",
      "postgres://u:p@ep-cool.neon.tech/x",
      "nonsense",
    ]) {
      expect(() => assertLocalDatabaseUrl(url)).toThrow(NonLocalDatabaseError);
    }
  });
});
