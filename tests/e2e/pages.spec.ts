// Every page, by URL, at a phone width (390 px) and a desktop one (1440 px), in the light and
// the dark theme: axe finds no WCAG 2.1 A/AA violation, nothing is wider than the screen, and
// each page's screenshot at both widths lands in docs/screenshots/pages-*.png (issue 17).
import { readFile } from "node:fs/promises";
import path from "node:path";

import type { Browser, Page } from "@playwright/test";

import { expectAccessible, makeInstrumental, newUser, SCREENSHOTS, signUp } from "./fixtures";
import { expect, test } from "./test";

type World = {
  storage: Awaited<ReturnType<import("@playwright/test").BrowserContext["storageState"]>>;
  clip: string;
  team: string;
  invite: string;
  share: string;
  reset: string;
  confirmEmail: string;
};

const WIDTHS = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1440, height: 900 },
] as const;
const THEMES = ["light", "dark"] as const;

async function mailedLink(to: string, route: string) {
  let link: string | undefined;
  await expect(async () => {
    const log = await readFile("test-results/e2e-server.log", "utf8");
    const escaped = to.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = new RegExp(`To: ${escaped}\\n[\\s\\S]*?(/${route}/[A-Za-z0-9_-]{43})`, "g");
    link = [...log.matchAll(pattern)].at(-1)?.[1];
    expect(link).toBeTruthy();
  }).toPass({ timeout: 10_000 });
  return link!;
}

/** A user with a finished song, a team with an invite, a public link and mailed links. */
async function makeWorld(browser: Browser): Promise<World> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const user = newUser();
  await signUp(page, user);
  const card = await makeInstrumental(page, "warm lo-fi", "Pages Song");
  const take = card.getByRole("link", { name: /Take 1/ });
  await expect(take).toBeVisible({ timeout: 60_000 });
  const clip = await take.getAttribute("href");
  expect(clip).toMatch(/^\/clips\//);

  await page.goto(clip!);
  await page.getByRole("button", { name: "Create a public link" }).click();
  const share = new URL(await page.getByLabel("Public link").inputValue()).pathname;

  const teamName = `Pages Team ${Date.now().toString(36)}`;
  await page.goto("/teams");
  await page.getByLabel("Team name").fill(teamName);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
  const team = new URL(page.url()).pathname;
  await page.goto(`${team}/members`);
  await page.getByRole("button", { name: "Create invite" }).click();
  const invite = new URL(await page.getByLabel("New invite link").inputValue()).pathname;
  // back in the personal workspace, where the song is: Create and History show it, not an
  // empty team
  const header = page.getByRole("banner");
  await header.getByRole("button", { name: /^Workspace:/ }).click();
  await header.getByRole("button", { name: /^Personal/ }).click();
  await expect(page).toHaveURL(/\/library$/);

  await page.goto("/settings");
  const next = newUser().email;
  await page.getByLabel("New email address").fill(next);
  await page
    .getByRole("region", { name: "Email" })
    .getByLabel("Current password")
    .fill(user.password);
  await page.getByRole("button", { name: "Send a confirmation link" }).click();
  await expect(page.getByText(/we sent it a link/)).toBeVisible();
  const confirmEmail = await mailedLink(next, "confirm-email");

  const storage = await context.storageState();
  await context.clearCookies();
  await page.goto("/forgot-password");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  const reset = await mailedLink(user.email, "reset-password");
  await context.close();
  return { storage, clip: clip!, team, invite, share, reset, confirmEmail };
}

type PageCase = {
  name: string;
  url: (w: World) => string;
  signedIn: boolean;
  /** brings the page into a state worth its own check: a menu, a sheet or a view open */
  open?: (page: Page) => Promise<void>;
};

const songs = (page: Page) => page.getByRole("list", { name: "Songs" }).getByRole("listitem");
const PAGES: PageCase[] = [
  { name: "library", url: () => "/library", signedIn: true },
  { name: "library-list", url: () => "/library?view=list", signedIn: true },
  {
    name: "library-filters",
    url: () => "/library",
    signedIn: true,
    // a drawer on a phone; on a wider screen the same controls are a bar, always open
    open: async (page) => {
      const button = page.getByRole("button", { name: /^Filters/ });
      if ((await button.count()) === 0)
        return void (await expect(page.getByLabel("Vocals")).toBeVisible());
      await button.click();
      await expect(page.getByRole("dialog", { name: "Filters" })).toBeVisible();
    },
  },
  {
    name: "library-menu",
    url: () => "/library",
    signedIn: true,
    open: async (page) => {
      await songs(page)
        .first()
        .getByRole("button", { name: /^More for / })
        .click();
      await expect(page.getByRole("menu")).toBeVisible();
    },
  },
  {
    name: "now-playing",
    url: () => "/library",
    signedIn: true,
    open: async (page) => {
      await songs(page)
        .first()
        .getByRole("button", { name: /^Play(?! next)/ })
        .click();
      const bar = page.getByRole("region", { name: "Player" });
      await bar.getByRole("button", { name: /in full view$/ }).click();
      const view = page.getByRole("dialog", { name: "Now playing" });
      await expect(view).toBeVisible();
      await view.getByRole("button", { name: "Pause" }).click(); // a still picture
    },
  },
  { name: "create", url: () => "/create", signedIn: true },
  { name: "history", url: () => "/history", signedIn: true },
  { name: "trash", url: () => "/trash", signedIn: true },
  { name: "clip", url: (w) => w.clip, signedIn: true },
  { name: "teams", url: () => "/teams", signedIn: true },
  { name: "team-library", url: (w) => w.team, signedIn: true },
  { name: "team-members", url: (w) => `${w.team}/members`, signedIn: true },
  { name: "team-audit", url: (w) => `${w.team}/audit`, signedIn: true },
  { name: "settings", url: () => "/settings", signedIn: true },
  { name: "credits", url: () => "/credits", signedIn: true },
  { name: "not-found", url: () => "/clips/no-such-song", signedIn: true },
  { name: "sign-in", url: () => "/sign-in", signedIn: false },
  { name: "sign-up", url: () => "/sign-up", signedIn: false },
  { name: "forgot-password", url: () => "/forgot-password", signedIn: false },
  { name: "check-email", url: () => "/sign-in/check-email?for=reset", signedIn: false },
  { name: "reset-password", url: (w) => w.reset, signedIn: false },
  { name: "confirm-email", url: (w) => w.confirmEmail, signedIn: false },
  { name: "invite", url: (w) => w.invite, signedIn: false },
  { name: "shared-song", url: (w) => w.share, signedIn: false },
];

let world: World | undefined;
test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  world = await makeWorld(browser);
});

async function settle(page: Page) {
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await page.waitForLoadState("networkidle").catch(() => {});
}

for (const p of PAGES) {
  test(`${p.name}: axe-clean at 390 and 1440 px in both themes, nothing wider than the screen`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext(p.signedIn ? { storageState: world!.storage } : {});
    const page = await context.newPage();
    for (const size of WIDTHS) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(p.url(world!));
        await settle(page);
        await p.open?.(page);
        await test.step(`${size.name} ${theme}`, async () => {
          await expectAccessible(page);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
        });
        if (theme === "light") {
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({
            path: path.join(SCREENSHOTS, `pages-${p.name}-${size.name}.png`),
            fullPage: true,
          });
        }
      }
    }
    await context.close();
  });
}
