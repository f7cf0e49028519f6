import { describe, expect, it } from "vitest";

import {
  hashPassword,
  passwordProblem,
  verifyAgainstDummy,
  verifyPassword,
} from "@/lib/auth/password";
import {
  PASSWORD_MIN_LENGTH,
  safeCallbackPath,
  signInSchema,
  signUpSchema,
} from "@/lib/auth/schemas";

describe("password hashing", () => {
  it("hashes with argon2id and OWASP parameters, salted", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("correct horse");
  });

  it("verifies the right password and refuses others", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(await verifyPassword(stored, "correct horse battery")).toBe(true);
    expect(await verifyPassword(stored, "correct horse batterY")).toBe(false);
    expect(await verifyPassword(stored, "")).toBe(false);
  });

  it("treats a malformed hash as a failed check", async () => {
    expect(await verifyPassword("not-a-hash", "whatever")).toBe(false);
    expect(await verifyAgainstDummy("whatever")).toBe(false);
  });
});

describe("password policy", () => {
  it("needs a minimum length and refuses absurd lengths and blank passwords", () => {
    expect(passwordProblem("a".repeat(PASSWORD_MIN_LENGTH - 1))).toMatch(/at least/);
    expect(passwordProblem("a".repeat(PASSWORD_MIN_LENGTH))).toBeNull();
    expect(passwordProblem("a".repeat(201))).toMatch(/at most/);
    expect(passwordProblem(" ".repeat(12))).toMatch(/spaces/);
  });

  it("sign-up schema normalises the email and explains each field", () => {
    const ok = signUpSchema.parse({
      name: " Ada ",
      email: "  Ada@Example.COM ",
      password: "long enough password",
    });
    expect(ok).toEqual({ name: "Ada", email: "ada@example.com", password: "long enough password" });
    const bad = signUpSchema.safeParse({ name: "", email: "nope", password: "short" });
    expect(bad.success).toBe(false);
    const fields = bad.error!.flatten().fieldErrors;
    expect(fields.name?.[0]).toMatch(/call you/);
    expect(fields.email?.[0]).toMatch(/valid email/);
    expect(fields.password?.[0]).toMatch(/at least 10/);
  });

  it("sign-in schema accepts passwords older than the policy", () => {
    expect(signInSchema.safeParse({ email: "a@b.co", password: "short" }).success).toBe(true);
  });
});

describe("safeCallbackPath", () => {
  it("keeps same-origin paths and drops everything else", () => {
    expect(safeCallbackPath("/history?status=FAILED")).toBe("/history?status=FAILED");
    for (const bad of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "/api/auth/signout",
      "/sign-in",
      undefined,
      42,
    ]) {
      expect(safeCallbackPath(bad)).toBe("/library");
    }
  });
});
