// Sign-up and the credential check against a real Postgres, including throttling.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import {
  ACCOUNT_POLICY,
  ACCOUNT_SLOWDOWN,
  accountDelayMs,
  IP_POLICY,
  pairKey,
  registerUser,
  signUp,
  verifyCredentials,
} from "@/lib/auth/credentials";
import { AppError } from "@/lib/errors";

const unique = () => randomBytes(4).toString("hex");
const newEmail = () => `user-${unique()}@example.test`;
const newIp = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}-${unique()}`;
const PASSWORD = "a perfectly long password";

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await client.connect();
});
afterAll(() => client.end());

const countUsers = async (email: string) =>
  Number(
    (await client.query(`SELECT count(*) FROM users WHERE email = $1`, [email])).rows[0].count,
  );

describe("registerUser", () => {
  it("creates a user with a normalised email and an argon2id hash, never the password", async () => {
    const email = newEmail();
    const user = await registerUser({
      name: "Ada",
      email: email.toUpperCase(),
      password: PASSWORD,
    });
    expect(user).toMatchObject({ name: "Ada", email });
    expect(user).not.toHaveProperty("passwordHash");
    const { rows } = await client.query(
      `SELECT password_hash, credit_balance FROM users WHERE id = $1`,
      [user.id],
    );
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0].password_hash).not.toContain(PASSWORD);
  });

  it("refuses a second account with the same email, whatever its case", async () => {
    const email = newEmail();
    await registerUser({ name: "First", email, password: PASSWORD });
    const error = await registerUser({
      name: "Second",
      email: email.toUpperCase(),
      password: PASSWORD,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("CONFLICT");
    expect(error.fieldErrors.email[0]).toMatch(/already exists/);
    expect(await countUsers(email)).toBe(1);
  });

  it("answers a taken email without saying so, and mails its owner instead", async () => {
    const email = newEmail();
    await signUp({ name: "First", email, password: PASSWORD });
    const printed: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: string) => printed.push(line));
    try {
      const again = await signUp({
        name: "Second",
        email: email.toUpperCase(),
        password: PASSWORD,
      });
      expect(again).toEqual({ created: false });
    } finally {
      spy.mockRestore();
    }
    expect(await countUsers(email)).toBe(1);
    const mail = printed.find((line) => line.includes(`To: ${email}`));
    expect(mail).toMatch(/Someone tried to sign up to Chorus with your email/);
    // and a new address is simply created
    expect(await signUp({ name: "New", email: newEmail(), password: PASSWORD })).toMatchObject({
      created: true,
    });
  });

  it("writes nothing for bad input and says which field is wrong", async () => {
    const email = newEmail();
    const error = await registerUser({ name: "Bob", email, password: "short" }).catch((e) => e);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors.password[0]).toMatch(/at least 10/);
    expect(await countUsers(email)).toBe(0);
  });
});

describe("verifyCredentials", () => {
  it("accepts the right password, case-insensitively on the email", async () => {
    const email = newEmail();
    const user = await registerUser({ name: "Cy", email, password: PASSWORD });
    const result = await verifyCredentials({
      email: email.toUpperCase(),
      password: PASSWORD,
      ip: newIp(),
    });
    expect(result).toEqual({ ok: true, user: { id: user.id, name: "Cy", email, image: null } });
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const email = newEmail();
    await registerUser({ name: "Di", email, password: PASSWORD });
    const wrong = await verifyCredentials({ email, password: "not the password", ip: newIp() });
    const unknown = await verifyCredentials({ email: newEmail(), password: PASSWORD, ip: newIp() });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  it("lets the owner in from an address that has not failed while an attacker is blocked", async () => {
    const email = newEmail();
    await registerUser({ name: "Eve", email, password: PASSWORD });
    const attacker = newIp();
    for (let i = 0; i < ACCOUNT_POLICY.freeHits; i++) {
      expect(await verifyCredentials({ email, password: `wrong ${i}`, ip: attacker })).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    // the sixth failure blocks that address for this account, even with the right password
    await verifyCredentials({ email, password: "wrong again", ip: attacker });
    const blocked = await verifyCredentials({ email, password: PASSWORD, ip: attacker });
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    if (blocked.ok || blocked.reason !== "throttled") throw new Error("unreachable");
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(ACCOUNT_POLICY.baseBlockSeconds);

    // the owner, from an address that has not failed, signs in
    expect(await verifyCredentials({ email, password: PASSWORD, ip: newIp() })).toMatchObject({
      ok: true,
    });
    // once the block has passed, the right password works there too and clears that count
    await client.query(
      `UPDATE rate_limits SET blocked_until = now() - interval '1 second' WHERE key = $1`,
      [pairKey(email, attacker)],
    );
    expect(await verifyCredentials({ email, password: PASSWORD, ip: attacker })).toMatchObject({
      ok: true,
    });
    const { rows } = await client.query(`SELECT 1 FROM rate_limits WHERE key = $1`, [
      pairKey(email, attacker),
    ]);
    expect(rows).toHaveLength(0);
  });

  it("slows every check of an account failing from many addresses, and still lets the owner in", async () => {
    const email = newEmail();
    await registerUser({ name: "Gus", email, password: PASSWORD });
    const waits: number[] = [];
    const wait = async (ms: number) => void waits.push(ms);
    for (let i = 0; i < ACCOUNT_SLOWDOWN.freeHits + 3; i++)
      await verifyCredentials({ email, password: "guess", ip: newIp() }, { wait });
    // free attempts wait nothing; then each check waits longer than the one before
    expect(waits.length).toBe(2);
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    const owner = await verifyCredentials({ email, password: PASSWORD, ip: newIp() }, { wait });
    expect(owner).toMatchObject({ ok: true });
    expect(waits.at(-1)).toBeGreaterThan(waits[1]!);
    expect(accountDelayMs(1000)).toBe(ACCOUNT_SLOWDOWN.maxDelayMs);
  });

  it("doubles the block for each further failure", async () => {
    const email = newEmail();
    const key = pairKey(email, null);
    const blockSeconds = async () => {
      await client.query(`UPDATE rate_limits SET blocked_until = NULL WHERE key = $1`, [key]);
      await verifyCredentials({ email, password: "wrong", ip: null });
      const { rows } = await client.query(
        `SELECT extract(epoch FROM blocked_until - now()) AS s FROM rate_limits WHERE key = $1`,
        [key],
      );
      return Number(rows[0].s);
    };
    for (let i = 0; i < ACCOUNT_POLICY.freeHits; i++)
      await verifyCredentials({ email, password: "wrong", ip: null });
    const first = await blockSeconds();
    const second = await blockSeconds();
    expect(first).toBeGreaterThan(ACCOUNT_POLICY.baseBlockSeconds - 2);
    expect(second).toBeGreaterThan(first * 1.8);
  });

  it("slows down an IP that fails across many accounts", async () => {
    const ip = newIp();
    const email = newEmail();
    await registerUser({ name: "Fay", email, password: PASSWORD });
    for (let i = 0; i <= IP_POLICY.freeHits; i++)
      await verifyCredentials({ email: newEmail(), password: "guess", ip });
    expect(await verifyCredentials({ email, password: PASSWORD, ip })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    // the same account from another address is unaffected
    expect(await verifyCredentials({ email, password: PASSWORD, ip: newIp() })).toMatchObject({
      ok: true,
    });
  });

  it("counts concurrent failures exactly", async () => {
    const email = newEmail();
    await Promise.all(
      Array.from({ length: 8 }, () => verifyCredentials({ email, password: "wrong", ip: null })),
    );
    const { rows } = await client.query(`SELECT hits FROM rate_limits WHERE key = $1`, [
      `signin:account:${email}`,
    ]);
    expect(rows[0].hits).toBe(8);
  });
});
