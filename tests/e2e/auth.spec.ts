import { expectAccessible, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

test("a visitor is sent to sign-in from a protected page, and back after signing in", async ({
  page,
}) => {
  await page.goto("/history");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fhistory$/);
  await expect(page.getByRole("heading", { name: "Sign in to Chorus" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "sign-in");

  const user = newUser();
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/sign-up\?callbackUrl=%2Fhistory$/);
  await page.getByLabel("Name", { exact: true }).fill(user.name);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/history$/);
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
});

test("sign up, land on the empty library, sign out, fail with a wrong password, sign in", async ({
  page,
}) => {
  const user = newUser();
  await page.goto("/sign-up");
  await expectAccessible(page);
  await screenshot(page, "sign-up");
  await signUp(page, user);

  await expect(page.getByRole("heading", { name: "Library" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No songs yet" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Library" }),
  ).toHaveAttribute("aria-current", "page");
  await expectAccessible(page);
  await screenshot(page, "library-empty");

  for (const [link, heading, shot] of [
    ["Create", "Create", "create-empty"],
    ["History", "History", "history-empty"],
  ] as const) {
    await page
      .getByRole("navigation", { name: "Main" })
      .first()
      .getByRole("link", { name: link })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, shot);
  }

  // the user menu works from the keyboard
  const menuButton = page.getByRole("button", { name: /Account menu/ });
  await menuButton.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText(user.email)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByText(user.email)).toBeHidden();
  await expect(menuButton).toBeFocused();

  await menuButton.click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/);
  await expect(page.getByRole("status").filter({ hasText: "You have signed out." })).toBeVisible();

  // signed out means signed out: the library sends us back
  await page.goto("/library");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Flibrary$/);

  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill("definitely not it");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "That email and password don't match an account." }),
  ).toBeVisible();
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue(user.email); // nothing typed is lost
  await expect(page).toHaveURL(/\/sign-in/);
  await expectAccessible(page);
  await screenshot(page, "sign-in-wrong-password");

  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/library$/);
  await expect(page.getByRole("heading", { name: "Library" })).toBeVisible();
});

test("sign-up explains bad input field by field and keeps what was typed", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill("Short Password");
  await page.getByLabel("Email", { exact: true }).fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Short Password");
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("not-an-email");
  await expect(page.getByLabel("Email", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  await screenshot(page, "sign-up-errors");
});

test("an existing email cannot sign up twice, and sign-up does not say it exists", async ({
  page,
}) => {
  const user = newUser();
  await signUp(page, user);
  await page.context().clearCookies();
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill("Someone Else");
  await page.getByLabel("Email", { exact: true }).fill(user.email.toUpperCase());
  await page.getByLabel("Password", { exact: true }).fill("another long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-in\/check-email\?for=sign-up$/);
  await expect(page.getByText("We sent a message to that address.")).toBeVisible();
  await expect(page.getByText(/already exists/)).toHaveCount(0);
});

test("every page runs under a nonce Content Security Policy, and signed-in pages cannot be framed", async ({
  page,
}) => {
  const response = await page.goto("/sign-in");
  const csp = response!.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  // every script Next.js wrote carries this request's nonce
  const scripts = await page
    .locator("script")
    .evaluateAll((all) => all.map((s) => (s as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((n) => n === nonce)).toBe(true);
  expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response!.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

test.describe("script the page did not bring", () => {
  test.use({ cspViolationsExpected: true });
  test("does not run: an inline event handler is refused", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    await signUp(page, newUser());
    // what an injected attribute (say, in a song title rendered unsafely) would try
    const ran = await page.evaluate(async () => {
      const button = document.createElement("button");
      button.setAttribute("onclick", "window.__injected = true");
      document.body.append(button);
      button.click();
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations.length).toBeGreaterThan(0);
  });
});

test("sign out everywhere ends the session in every browser", async ({ page, browser }) => {
  const user = newUser();
  await signUp(page, user);
  const other = await browser.newContext();
  await other.addCookies(await page.context().cookies());
  const second = await other.newPage();
  await second.goto("/library");
  await expect(second.getByRole("heading", { name: "Library" })).toBeVisible();
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page.getByText("You have signed out on every device and browser.")).toBeVisible();
  await second.goto("/library");
  await expect(second).toHaveURL(/\/sign-in/);
  await other.close();
});

test.describe("dark mode and small screens", () => {
  test.use({ colorScheme: "dark", viewport: { width: 390, height: 844 } });
  test("the library reads well on a phone in the dark", async ({ page }) => {
    await signUp(page, newUser());
    await expect(page.getByRole("heading", { name: "No songs yet" })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, "library-empty-dark-phone");
  });
});

test("API routes are never redirected to sign-in", async ({ request }) => {
  const response = await request.get("/api/health", { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true, database: "up" });
});

test("a magic link signs in a new user; with no SMTP server the link is in the server log", async ({
  page,
}) => {
  const { readFile } = await import("node:fs/promises");
  const email = newUser().email;
  await page.goto("/sign-in");
  await page.getByLabel("Email address for a sign-in link").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page).toHaveURL(/\/sign-in\/check-email/);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expectAccessible(page);

  // the server printed the mail; find this user's link in its log
  let link: string | undefined;
  await expect(async () => {
    const log = await readFile("test-results/e2e-server.log", "utf8");
    link = log.match(
      new RegExp(
        `https?://\\S+/api/auth/callback/email\\?\\S*email=${encodeURIComponent(email).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\S*`,
      ),
    )?.[0];
    expect(link).toBeTruthy();
  }).toPass({ timeout: 10_000 });

  await page.goto(link!);
  await expect(page).toHaveURL(/\/library$/);
  await expect(page.getByRole("heading", { name: "Library" })).toBeVisible();

  // a link works once
  await page.context().clearCookies();
  await page.goto(link!);
  await expect(page).toHaveURL(/\/sign-in\?error=Verification/);
  await expect(
    page.getByRole("alert").filter({ hasText: "expired or was already used" }),
  ).toBeVisible();
});
