import { describe, expect, it } from "vitest";

import { isDatabaseUnavailable } from "@/lib/db-errors";

const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it("recognises an outage however it is wrapped", () => {
    expect(isDatabaseUnavailable(pgError("57P01", "terminating connection"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("57P03", "the database system is starting up"))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(pgError("53300", "too many connections"))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([pgError("ECONNREFUSED")]))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: pgError("ECONNRESET") }))).toBe(
      true,
    );
    expect(
      isDatabaseUnavailable({
        name: "PrismaClientKnownRequestError",
        code: "P2010",
        meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } },
      }),
    ).toBe(true);
    expect(isDatabaseUnavailable({ code: "P2024", message: "Timed out fetching" })).toBe(true);
  });

  it("leaves bugs and broken rules alone", () => {
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable({ code: "P2002", message: "Unique constraint failed" })).toBe(
      false,
    );
    expect(isDatabaseUnavailable(pgError("23505", "duplicate key"))).toBe(false);
    expect(isDatabaseUnavailable(pgError("42P01", "relation does not exist"))).toBe(false);
  });
});
