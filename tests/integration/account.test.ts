// The account (issue 17, item 6) against a real Postgres: password reset links (single-use,
// hashed, expiring, rate limited, no account enumeration), email change, password change and
// account deletion with what happens to personal and team songs.
import { createHash, randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { changePassword, deleteAccount, getAccount, updateProfile } from "@/lib/auth/account";
import {
  confirmEmailChange,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
} from "@/lib/auth/account-tokens";
import { registerUser, verifyCredentials } from "@/lib/auth/credentials";
import { AppError } from "@/lib/errors";

const mails = vi.hoisted(() => [] as { to: string; subject: string; text: string }[]);
vi.mock("@/lib/mail", () => ({
  sendMail: async (mail: { to: string; subject: string; text: string }) => {
    mails.push(mail);
    return { delivered: false };
  },
}));

const unique = () => randomBytes(4).toString("hex");
const newEmail = () => `acct-${unique()}@example.test`;
const newIp = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
const PASSWORD = "the first long password";

let sql: pg.Client;
beforeAll(async () => {
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
});
afterAll(() => sql.end());

const linkIn = (to: string, path: string) => {
  const mail = mails.findLast((m) => m.to === to);
  const match = mail?.text.match(new RegExp(`https?://\\S+/${path}/([A-Za-z0-9_-]+)`));
  return match?.[1];
};
const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
const canSignIn = async (email: string, password: string) =>
  (await verifyCredentials({ email, password, ip: newIp() })).ok;

describe("password reset by email link", () => {
  it("mails a link whose token is stored only as its SHA-256; it works once", async () => {
    const email = newEmail();
    const user = await registerUser({ name: "Rita", email, password: PASSWORD });
    await requestPasswordReset({ email: email.toUpperCase(), ip: newIp() });
    const token = linkIn(email, "reset-password");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const { rows } = await sql.query(
      `SELECT token_hash, expires_at FROM account_tokens WHERE user_id = $1`,
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(createHash("sha256").update(token!).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(token);
    const minutes = (rows[0].expires_at.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(55);
    expect(minutes).toBeLessThanOrEqual(60);

    const before = (await sql.query(`SELECT session_version FROM users WHERE id = $1`, [user.id]))
      .rows[0].session_version;
    await resetPassword({ token: token!, password: "a second long password" });
    expect(await canSignIn(email, "a second long password")).toBe(true);
    expect(await canSignIn(email, PASSWORD)).toBe(false);
    const after = (await sql.query(`SELECT session_version FROM users WHERE id = $1`, [user.id]))
      .rows[0].session_version;
    expect(after).toBe(before + 1); // every session of the account ended

    expect(await codeOf(resetPassword({ token: token!, password: "a third long password" }))).toBe(
      "NOT_FOUND",
    );
    expect(await canSignIn(email, "a second long password")).toBe(true);
  });

  it("answers an unknown address exactly as a known one, and mails nothing", async () => {
    const email = newEmail();
    const sent = mails.length;
    await expect(requestPasswordReset({ email, ip: newIp() })).resolves.toBeUndefined();
    expect(mails.length).toBe(sent);
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM rate_limits WHERE key = $1`, [
      `reset:email:${email}`,
    ]);
    expect(rows[0].n).toBe(1); // counted like any other address
  });

  it("is rate limited per address (known or not) and per client IP", async () => {
    for (const known of [true, false]) {
      const email = newEmail();
      if (known) await registerUser({ name: "Ray", email, password: PASSWORD });
      const sent = mails.length;
      for (let i = 0; i < 3; i++) await requestPasswordReset({ email, ip: newIp() });
      expect(await codeOf(requestPasswordReset({ email, ip: newIp() }))).toBe("RATE_LIMITED");
      expect(mails.length - sent).toBe(known ? 3 : 0); // three mails an hour, at most
    }
    const ip = `192.0.2.${Math.floor(Math.random() * 250) + 1}-${unique()}`;
    for (let i = 0; i < 20; i++) await requestPasswordReset({ email: newEmail(), ip });
    expect(await codeOf(requestPasswordReset({ email: newEmail(), ip }))).toBe("RATE_LIMITED");
  });

  it("refuses an expired link, and an older link once a newer one was sent", async () => {
    const email = newEmail();
    const user = await registerUser({ name: "Eve", email, password: PASSWORD });
    await requestPasswordReset({ email, ip: newIp() });
    const first = linkIn(email, "reset-password")!;
    await requestPasswordReset({ email, ip: newIp() });
    const second = linkIn(email, "reset-password")!;
    expect(second).not.toBe(first);
    expect(await codeOf(resetPassword({ token: first, password: "another long one" }))).toBe(
      "NOT_FOUND",
    );
    await sql.query(
      `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.id],
    );
    expect(await codeOf(resetPassword({ token: second, password: "another long one" }))).toBe(
      "NOT_FOUND",
    );
    expect(await canSignIn(email, PASSWORD)).toBe(true);
  });

  it("lets exactly one of two simultaneous uses of a link through", async () => {
    const email = newEmail();
    await registerUser({ name: "Duo", email, password: PASSWORD });
    await requestPasswordReset({ email, ip: newIp() });
    const token = linkIn(email, "reset-password")!;
    const results = await Promise.all([
      codeOf(resetPassword({ token, password: "first racer password" })),
      codeOf(resetPassword({ token, password: "second racer password" })),
    ]);
    expect(results.sort()).toEqual(["NOT_FOUND", "ok"]);
  });

  it("refuses a weak new password and keeps the link", async () => {
    const email = newEmail();
    await registerUser({ name: "Wes", email, password: PASSWORD });
    await requestPasswordReset({ email, ip: newIp() });
    const token = linkIn(email, "reset-password")!;
    expect(await codeOf(resetPassword({ token, password: "short" }))).toBe("BAD_REQUEST");
    expect(await codeOf(resetPassword({ token, password: "long enough now" }))).toBe("ok");
  });
});

describe("email change", () => {
  it("changes the address only when the new address confirms its link", async () => {
    const email = newEmail();
    const target = newEmail();
    const user = await registerUser({ name: "Em", email, password: PASSWORD });
    await requestEmailChange({ userId: user.id, currentEmail: email, newEmail: target });
    const token = linkIn(target, "confirm-email")!;
    expect(token).toBeTruthy();
    expect(mails.findLast((m) => m.to === email)?.text).toContain(target); // the old address hears
    expect(
      (await sql.query(`SELECT email FROM users WHERE id = $1`, [user.id])).rows[0].email,
    ).toBe(email);
    await confirmEmailChange({ token });
    expect(
      (await sql.query(`SELECT email FROM users WHERE id = $1`, [user.id])).rows[0].email,
    ).toBe(target);
    expect(await codeOf(confirmEmailChange({ token }))).toBe("NOT_FOUND");
    expect(await canSignIn(target, PASSWORD)).toBe(true);
  });

  it("does not reveal that an address is taken, and sends it nothing", async () => {
    const taken = newEmail();
    await registerUser({ name: "Tak", email: taken, password: PASSWORD });
    const email = newEmail();
    const user = await registerUser({ name: "Em", email, password: PASSWORD });
    const sent = mails.filter((m) => m.to === taken).length;
    await expect(
      requestEmailChange({ userId: user.id, currentEmail: email, newEmail: taken }),
    ).resolves.toBeUndefined();
    expect(mails.filter((m) => m.to === taken).length).toBe(sent);
  });
});

describe("profile", () => {
  it("saves the display name", async () => {
    const user = await registerUser({ name: "Old", email: newEmail(), password: PASSWORD });
    await updateProfile(user, { name: "New Name" });
    expect((await getAccount(user)).name).toBe("New Name");
  });
});

describe("password change", () => {
  it("needs the current password and ends every session", async () => {
    const email = newEmail();
    const user = await registerUser({ name: "Pat", email, password: PASSWORD });
    expect(
      await codeOf(
        changePassword(user, { currentPassword: "wrong", newPassword: "new long pass" }),
      ),
    ).toBe("FORBIDDEN");
    await changePassword(user, { currentPassword: PASSWORD, newPassword: "new long password" });
    expect(await canSignIn(email, "new long password")).toBe(true);
    const { rows } = await sql.query(`SELECT session_version FROM users WHERE id = $1`, [user.id]);
    expect(rows[0].session_version).toBe(1);
  });
});

describe("deleting an account", () => {
  async function world() {
    const owner = await registerUser({ name: "Own", email: newEmail(), password: PASSWORD });
    const maker = await registerUser({ name: "Mak", email: newEmail(), password: PASSWORD });
    const team = `team-${unique()}`;
    await sql.query(
      `INSERT INTO teams (id, slug, name, credit_balance, updated_at) VALUES ($1, $1, 'Band', 100, now())`,
      [team],
    );
    await sql.query(
      `INSERT INTO memberships (id, team_id, user_id, role, updated_at) VALUES
        ($1 || '-o', $1, $2, 'OWNER', now()), ($1 || '-m', $1, $3, 'MEMBER', now())`,
      [team, owner.id, maker.id],
    );
    const clip = (id: string, teamId: string | null) =>
      sql.query(
        `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, status, model, updated_at)
         VALUES ($1, $2, $3, 'sim', $1, $1, 'COMPLETE', 'chirp-hawk', now())`,
        [id, maker.id, teamId],
      );
    const personal = `personal-${unique()}`;
    const inTeam = `team-clip-${unique()}`;
    await clip(personal, null);
    await clip(inTeam, team);
    await sql.query(
      `INSERT INTO ledger_entries (id, user_id, team_id, kind, amount, balance_after, note)
       VALUES ($1, $2, $3, 'CHARGE', -10, 90, 'a song')`,
      [`le-${unique()}`, maker.id, team],
    );
    return { owner, maker, team, personal, inTeam };
  }

  it("deletes personal songs and hands team songs (and their ledger rows) to an owner", async () => {
    const w = await world();
    await deleteAccount(w.maker, { confirmEmail: w.maker.email!, password: PASSWORD });
    const { rows } = await sql.query(`SELECT id, owner_id FROM clips WHERE id = ANY($1)`, [
      [w.personal, w.inTeam],
    ]);
    expect(rows).toEqual([{ id: w.inTeam, owner_id: w.owner.id }]);
    const ledger = await sql.query(`SELECT user_id FROM ledger_entries WHERE team_id = $1`, [
      w.team,
    ]);
    expect(ledger.rows).toEqual([{ user_id: w.owner.id }]);
    expect((await sql.query(`SELECT 1 FROM users WHERE id = $1`, [w.maker.id])).rowCount).toBe(0);
  });

  it("refuses without the exact email and password, and for a team's last owner", async () => {
    const w = await world();
    expect(
      await codeOf(deleteAccount(w.maker, { confirmEmail: "someone@else", password: PASSWORD })),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(deleteAccount(w.maker, { confirmEmail: w.maker.email!, password: "nope" })),
    ).toBe("FORBIDDEN");
    expect(
      await codeOf(deleteAccount(w.owner, { confirmEmail: w.owner.email!, password: PASSWORD })),
    ).toBe("CONFLICT");
    const { rowCount } = await sql.query(`SELECT 1 FROM users WHERE id = ANY($1)`, [
      [w.owner.id, w.maker.id],
    ]);
    expect(rowCount).toBe(2);
  });
});
