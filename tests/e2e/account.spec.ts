// The account (issue 17, item 6) in a real browser over HTTP: a password reset whose mail is
// read from the server log (no SMTP server in the browser tests), the settings page, and the
// credits in the header.
import { readFile } from "node:fs/promises";

import type { Page } from "@playwright/test";

import { expectAccessible, newUser, signUp } from "./fixtures";
import { expect, test } from "./test";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The newest link to `path` in a mail to `to`, from the server log. */
async function mailedLink(to: string, path: string): Promise<string> {
  let link: string | undefined;
  await expect(async () => {
    const log = await readFile("test-results/e2e-server.log", "utf8");
    const pattern = new RegExp(
      `To: ${escape(to)}\\n[\\s\\S]*?(https?://\\S+/${path}/[A-Za-z0-9_-]{43})`,
      "g",
    );
    link = [...log.matchAll(pattern)].at(-1)?.[1];
    expect(link).toBeTruthy();
  }).toPass({ timeout: 10_000 });
  return link!;
}

async function signInWith(page: Page, email: string, password: string) {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("a forgotten password is reset through a link mailed to the server log; the link works once", async ({
  page,
  browser,
}) => {
  const user = newUser();
  await signUp(page, user);
  // a second browser stays signed in: a reset must end its session too
  const other = await browser.newContext();
  await other.addCookies(await page.context().cookies());
  const second = await other.newPage();
  await page.context().clearCookies();

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Email", { exact: true }).fill(user.email.toUpperCase());
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page).toHaveURL(/\/sign-in\/check-email\?for=reset$/);
  const answer = await page.locator("main").innerText();

  // an address without an account gets the very same answer (and no mail)
  const nobody = newUser().email;
  await page.goto("/forgot-password");
  await page.getByLabel("Email", { exact: true }).fill(nobody);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page).toHaveURL(/\/sign-in\/check-email\?for=reset$/);
  expect(await page.locator("main").innerText()).toBe(answer);
  const log = await readFile("test-results/e2e-server.log", "utf8");
  expect(log).not.toContain(`To: ${nobody}`);

  const link = await mailedLink(user.email, "reset-password");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByText(/Use at least 10 characters/).first()).toBeVisible();
  const fresh = `a fresh password ${Date.now()}`;
  await page.getByLabel("New password").fill(fresh);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?done=reset$/);
  await expect(page.getByText(/Your password is changed/)).toBeVisible();

  // the old password no longer works, the new one does
  await signInWith(page, user.email, user.password);
  await expect(page.getByText("That email and password don't match an account.")).toBeVisible();
  await signInWith(page, user.email, fresh);
  await expect(page).toHaveURL(/\/library$/);

  // the other browser was signed out
  await second.goto("/library");
  await expect(second).toHaveURL(/\/sign-in/);
  await other.close();

  // the link works once
  await page.goto(link);
  await expect(page.getByText("This link has expired or was already used.")).toBeVisible();
  await expect(page.getByLabel("New password")).toHaveCount(0);
});

test("settings: name, theme, email change by link, password change; credits in the header", async ({
  page,
}) => {
  const user = newUser();
  await signUp(page, user);
  const banner = page.getByRole("banner");
  await expect(banner.getByRole("link", { name: /credits/ })).toBeVisible();
  await banner.getByRole("link", { name: /credits/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Credits" })).toBeVisible();
  await expect(page.getByText("Welcome credits")).toBeVisible();

  await banner.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

  await page.getByLabel("Display name").fill("Renamed Tester");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Your name is saved.")).toBeVisible();
  await expect(page.getByLabel("Display name")).toHaveValue("Renamed Tester");

  await page.getByRole("radio", { name: "Dark" }).check();
  await page.getByRole("button", { name: "Save theme" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark", { timeout: 10_000 });
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe("rgb(12, 11, 16)"); // the dark tokens, on a light-preferring browser

  // email change: nothing changes until the new address confirms
  const next = newUser().email;
  await page.getByLabel("New email address").fill(next);
  await page
    .getByRole("region", { name: "Email" })
    .getByLabel("Current password")
    .fill(user.password);
  await page.getByRole("button", { name: "Send a confirmation link" }).click();
  await expect(page.getByText(/we sent it a link/)).toBeVisible();
  await expect(page.getByText(user.email).first()).toBeVisible();
  const confirm = await mailedLink(next, "confirm-email");
  await page.goto(confirm);
  await expect(page.getByText(next)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirm this address" }).click();
  await expect(page).toHaveURL(/\/settings\?saved=email$/);
  await expect(page.getByText("Your email address is changed.")).toBeVisible();

  // password change: this browser stays signed in (a new session), the old password is gone
  const password = `another password ${Date.now()}`;
  await page
    .getByRole("region", { name: "Password" })
    .getByLabel("Current password")
    .fill(user.password);
  await page.getByLabel("New password").fill(password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/settings\?saved=password$/);
  await expect(page.getByText(/Your password is changed/)).toBeVisible();
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await signInWith(page, next, password);
  await expect(page).toHaveURL(/\/library$/);
});

test("deleting an account says what happens, asks for the email, then signs out", async ({
  page,
}) => {
  const user = newUser();
  await signUp(page, user);
  await page.goto("/settings");
  await expect(page.getByText(/Your personal songs.*are deleted for good/)).toBeVisible();
  await expect(page.getByText(/Songs you made in a team stay in that team/)).toBeVisible();
  await page.getByRole("button", { name: "Delete account…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account?" });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await dialog.getByLabel(/to confirm/).fill("someone@else.test");
  await dialog.getByLabel("Current password").fill(user.password);
  await dialog.getByRole("button", { name: "Delete for good" }).click();
  await expect(dialog.getByText("Type your email address exactly.").first()).toBeVisible();
  await dialog.getByLabel(/to confirm/).fill(user.email);
  await dialog.getByLabel("Current password").fill(user.password);
  await dialog.getByRole("button", { name: "Delete for good" }).click();
  await expect(page).toHaveURL(/\/sign-in\?done=deleted$/);
  await signInWith(page, user.email, user.password);
  await expect(page.getByText("That email and password don't match an account.")).toBeVisible();
});
