// Takes and the keeper, and the family tree (issue 18, items 2 and 6), in Chromium: a request's
// two takes, an extension of the first and the whole song of that extension, seeded for a new
// user; the clip page draws their tree (links, arrow keys, aria-current, take labels, the
// keeper's mark), and the library shows them as one stack whose keeper is picked in place.
import { readFileSync } from "node:fs";

import pg from "pg";

import { expectAccessible, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

const env = () =>
  JSON.parse(readFileSync("test-results/e2e-env.json", "utf8")) as { databaseUrl: string };

/** Two takes, an extension of take 1 and its whole song; returns the clip ids. */
async function seedFamily(email: string, title: string) {
  const sql = new pg.Client({ connectionString: env().databaseUrl });
  await sql.connect();
  try {
    const { rows } = await sql.query(`SELECT id FROM users WHERE email = $1`, [email]);
    const user = rows[0].id as string;
    const id = (name: string) => `${user}-${name}`;
    const task = (name: string, operation: string, source: string | null) =>
      sql.query(
        `INSERT INTO tasks (id, owner_id, operation, status, request, idempotency_key,
           source_clip_id, updated_at)
         VALUES ($1, $2, $3::"TaskOperation", 'SUCCEEDED', '{}', $1, $4, now())`,
        [id(name), user, operation, source && id(source)],
      );
    const clip = (name: string, t: string, clipTitle: string, minute: number, parent?: string) =>
      sql.query(
        `INSERT INTO clips (id, task_id, owner_id, provider, upstream_id, title, tags, model,
           duration, status, parent_clip_id, created_at, updated_at)
         VALUES ($1, $2, $3, 'seed', $1, $4, 'sea shanty', 'chirp-hawk', 60, 'COMPLETE', $5,
           timestamptz '2026-11-30 12:00' + $6 * interval '1 minute', now())`,
        [id(name), id(t), user, clipTitle, parent ? id(parent) : null, minute],
      );
    await task("req", "CUSTOM_SONG", null);
    await clip("a1", "req", title, 1);
    await clip("a2", "req", title, 2);
    await task("ext", "EXTEND", "a1");
    await clip("e1", "ext", `${title} (extended)`, 3, "a1");
    await task("whole", "CONCAT", "e1");
    await clip("w1", "whole", `${title} (whole)`, 4, "e1");
    return { a1: id("a1"), a2: id("a2"), e1: id("e1"), w1: id("w1") };
  } finally {
    await sql.end();
  }
}

test("the tree of a song with an extension and a whole song is drawn and navigable", async ({
  page,
}) => {
  const user = newUser();
  await signUp(page, user);
  const ids = await seedFamily(user.email, "Tide Song");
  await page.goto(`/clips/${ids.e1}`);

  const tree = page.getByRole("navigation", { name: "Family tree" });
  const links = tree.getByRole("link");
  await expect(links).toHaveCount(4);
  // reading order: take 1, its extension, the whole song; then take 2
  await expect(links.nth(0)).toContainText("Tide Song · Original · Take 1 of 2");
  await expect(links.nth(0)).toContainText("Keeper");
  await expect(links.nth(1)).toContainText("Tide Song (extended) · Extension");
  await expect(links.nth(2)).toContainText("Tide Song (whole) · Whole song");
  await expect(links.nth(3)).toContainText("Tide Song · Original · Take 2 of 2");
  await expect(links.nth(3)).not.toContainText("Keeper");
  // the song of this page, and only it, is current; the extension is nested under take 1
  await expect(tree.locator("[aria-current=page]")).toHaveCount(1);
  await expect(links.nth(1)).toHaveAttribute("aria-current", "page");
  await expect(tree.getByRole("listitem").nth(0).getByRole("list").first()).toContainText(
    "Tide Song (extended)",
  );
  await expectAccessible(page);
  await screenshot(page, "family-tree");

  // the keyboard: down to the whole song, open it; there it is the current one
  await links.nth(1).focus();
  await page.keyboard.press("ArrowDown");
  await expect(links.nth(2)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/clips/${ids.w1}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Tide Song (whole)" })).toBeVisible();
  await expect(links.nth(2)).toHaveAttribute("aria-current", "page");
  await expect(links.nth(1)).not.toHaveAttribute("aria-current", "page");
  // Home and End reach the ends, Up goes back; Tab walks the links too
  await links.nth(2).focus();
  await page.keyboard.press("Home");
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press("End");
  await expect(links.nth(3)).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(links.nth(2)).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/clips/${ids.e1}$`));
});

test("picking a keeper in the library's stack puts it on top; keepers only shows it alone", async ({
  page,
}) => {
  const user = newUser();
  await signUp(page, user);
  const ids = await seedFamily(user.email, "Harbor Lights");
  await page.goto("/library");

  const entries = page.getByRole("list", { name: "Songs" }).locator(":scope > li");
  await expect(entries).toHaveCount(1);
  const entry = entries.first();
  await expect(entry).toHaveAttribute("data-clip-id", ids.a1); // the first take, the keeper
  await expect(entry.getByText("Keeper", { exact: true })).toBeVisible();
  const toggle = entry.getByRole("button", { name: "Show 4 takes of Harbor Lights" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(
    entry.getByRole("button", { name: "Hide 4 takes of Harbor Lights" }),
  ).toHaveAttribute("aria-expanded", "true");
  const takes = entry.getByRole("list", { name: "Takes of Harbor Lights" }).getByRole("listitem");
  await expect(takes).toHaveCount(4);
  await expect(takes.nth(0)).toContainText("Keeper");
  await expect(takes.nth(2)).toContainText("Harbor Lights (extended)");
  await expectAccessible(page);
  await screenshot(page, "library-stack-open");

  // the extension becomes the keeper (by keyboard: focus the button, press Enter)
  await takes.nth(2).getByRole("button", { name: "Make keeper: take 3" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("This take is now the keeper.")).toBeVisible();
  // the stack's card now shows the keeper; opened again, the mark has moved
  await expect(entries.first()).toHaveAttribute("data-clip-id", ids.e1);
  await entries
    .first()
    .getByRole("button", { name: "Show 4 takes of Harbor Lights (extended)" })
    .click();
  const again = entries
    .first()
    .getByRole("list", { name: "Takes of Harbor Lights (extended)" })
    .getByRole("listitem");
  await expect(again.nth(2)).toContainText("Keeper");
  await expect(again.nth(0).getByRole("button", { name: "Make keeper: take 1" })).toBeVisible();
  await screenshot(page, "library-stack-picked");
  await page.reload();
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toHaveAttribute("data-clip-id", ids.e1);
  await expect(entries.first()).toContainText("Harbor Lights (extended)");
  await expect(entries.first().getByText("Keeper", { exact: true })).toBeVisible();

  // keepers only, in the URL; a search for the second take's words finds no keeper
  await page.getByLabel("Takes").selectOption("1");
  await expect(page).toHaveURL(/keepers=1/);
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toHaveAttribute("data-clip-id", ids.e1);
  await page.goto("/library?keepers=1&q=whole");
  await expect(page.getByText("No songs match")).toBeVisible();
  await page.goto("/library?q=whole");
  await expect(entries.first()).toHaveAttribute("data-clip-id", ids.w1);
  await screenshot(page, "library-stack");
});
