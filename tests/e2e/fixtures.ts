// Shared helpers: each test makes its own user, so tests run in parallel on one database.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";

import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const SCREENSHOTS = path.resolve(import.meta.dirname, "../../docs/screenshots");
mkdirSync(SCREENSHOTS, { recursive: true });

export function newUser() {
  const id = randomBytes(4).toString("hex");
  return {
    name: `Tester ${id}`,
    email: `tester-${id}@example.test`,
    password: `correct horse ${id}`,
  };
}

export async function screenshot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0)); // a sticky header otherwise lands mid-page
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Fails on any WCAG 2.1 A/AA violation that axe-core finds on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary).toEqual([]);
}

export async function signUp(page: Page, user: ReturnType<typeof newUser>) {
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill(user.name);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/library$/);
}

/** Makes an instrumental on the Create page and returns its running-task card. */
export async function makeInstrumental(page: Page, style: string, title: string) {
  await page.goto("/create");
  await page.getByRole("tab", { name: "Instrumental" }).click();
  await page.getByLabel("Style", { exact: true }).fill(style);
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  return page
    .getByRole("list", { name: "Your latest requests" })
    .getByRole("listitem")
    .filter({ hasText: title })
    .first();
}

/**
 * The library lists a request's takes as one stack (issue 18): opens the stack of `title` and
 * shows every take as a card, so a test can act on each.
 */
export async function openTakes(page: Page, title: string) {
  const songs = page.getByRole("list", { name: "Songs" }).getByRole("listitem");
  const stack = songs.filter({ hasText: title }).first();
  await stack.getByRole("button", { name: new RegExp(`^Show \\d+ takes of ${title}`) }).click();
  await stack.getByRole("link", { name: "Every take as a card" }).click();
  await expect(page).toHaveURL(/[?&]stack=/);
  return songs;
}
