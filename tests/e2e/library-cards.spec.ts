// Library cards that act and filters that behave: only finished songs in the grid (a refused
// request lives in History and, while running, in the "Making" strip), takes labelled, a card
// menu, grid or list in the URL, dates typed digit by digit, durations applied as typed, chips,
// and Back after infinite scroll returning to the same card.
import { readFileSync } from "node:fs";

import pg from "pg";

import {
  expectAccessible,
  makeInstrumental,
  newUser,
  openTakes,
  screenshot,
  signUp,
} from "./fixtures";
import { expect, test } from "./test";

const env = () =>
  JSON.parse(readFileSync("test-results/e2e-env.json", "utf8")) as { databaseUrl: string };

/** `count` finished songs, one a minute apart, newest first: "Song 1" is the newest. */
async function seedSongs(email: string, count: number) {
  const sql = new pg.Client({ connectionString: env().databaseUrl });
  await sql.connect();
  try {
    const { rows } = await sql.query(`SELECT id FROM users WHERE email = $1`, [email]);
    await sql.query(
      `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, model, duration, status, created_at, updated_at)
       SELECT $1 || '-' || n, $1, 'seed', $1 || '-up-' || n, 'Song ' || n, 'ambient', 'chirp-hawk', 30 + n, 'COMPLETE',
         timestamptz '2026-11-30 12:00' - n * interval '1 minute', now()
       FROM generate_series(1, ${count}) AS n`,
      [rows[0].id],
    );
  } finally {
    await sql.end();
  }
}

test("a refused request never becomes a card: finished takes are labelled and act from their menu", async ({
  page,
}) => {
  await signUp(page, newUser());
  const card = await makeInstrumental(page, "calm piano", "Rain Study");
  // the simulator refuses anything naming this artist (a moderation failure)
  await page.getByRole("tab", { name: "Describe it" }).click();
  await page.getByLabel("Describe the song").fill("a ballad in the style of Taylor Swift");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const list = page.getByRole("list", { name: "Your latest requests" });
  await expect(list.getByText("Failed")).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText("Ready")).toBeVisible({ timeout: 30_000 });

  await page.goto("/library");
  const songs = page.getByRole("list", { name: "Songs" }).getByRole("listitem");
  // the request's two takes are one stack (issue 18), its first take on top
  await expect(songs).toHaveCount(1);
  await expect(songs.nth(0)).toContainText("Take 1");
  await expect(
    songs.nth(0).getByRole("button", { name: "Show 2 takes of Rain Study" }),
  ).toBeVisible();
  await openTakes(page, "Rain Study");
  await expect(songs).toHaveCount(2);
  await expect(songs.filter({ hasText: "Untitled" })).toHaveCount(0);
  await expect(songs.nth(0)).toContainText("Rain Study");
  await expect(songs.nth(0)).toContainText("Take 2");
  await expect(songs.nth(1)).toContainText("Take 1");
  await expect(songs.nth(0)).toContainText(/\d:\d\d · v6 · \w{3} \d/); // length, model, date
  await expect(page.getByRole("list", { name: "Songs being made" })).toHaveCount(0);

  // the menu: like, then move to the trash, each with a toast
  await songs.nth(1).getByRole("button", { name: "More for Rain Study" }).click();
  const menu = page.getByRole("menu");
  for (const item of [
    "Play next",
    "Add to queue",
    "Like",
    "Download",
    "Share…",
    "Extend or remix",
    "Reuse prompt",
    "Move to trash",
  ])
    await expect(menu.getByRole("menuitem", { name: item, exact: true })).toBeVisible();
  await expectAccessible(page);
  await menu.getByRole("menuitem", { name: "Like", exact: true }).click();
  await expect(page.getByText("You like Rain Study")).toBeVisible();
  await expect(songs.nth(1).getByText("liked")).toHaveCount(1);
  await songs.nth(0).getByRole("button", { name: "More for Rain Study" }).click();
  await page.getByRole("menuitem", { name: "Move to trash" }).click();
  await expect(page.getByText("Rain Study is in the trash")).toBeVisible();
  await expect(songs).toHaveCount(1);
  await page.reload();
  await expect(songs).toHaveCount(1);
  await page.goto("/library");
  await expect(songs).toHaveCount(1);

  // grid or list, kept in the URL
  await page.getByRole("button", { name: "List" }).click();
  await expect(page).toHaveURL(/\/library\?view=list$/);
  await expect(page.getByRole("button", { name: "List" })).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(page.getByRole("button", { name: "List" })).toHaveAttribute("aria-pressed", "true");
  await expect(songs).toHaveCount(1);
  await expectAccessible(page);

  // "Reuse prompt" from the menu fills the Create form with that request, model included
  await songs.nth(0).getByRole("button", { name: "More for Rain Study" }).click();
  await page.getByRole("menuitem", { name: "Reuse prompt" }).click();
  await expect(page).toHaveURL(/\/create\?reuse=/);
  await expect(page.getByRole("tab", { name: "Instrumental" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect(page.getByLabel("Style", { exact: true })).toHaveValue("calm piano");
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Rain Study");
  await expect(page.getByLabel("Model")).toHaveValue("chirp-hawk");
});

test("filters: a date typed digit by digit lands as typed, lengths apply as typed, chips remove them", async ({
  page,
}) => {
  const user = newUser();
  await signUp(page, user);
  await seedSongs(user.email, 5);
  await page.goto("/library");
  const songs = page.getByRole("list", { name: "Songs" }).getByRole("listitem");
  await expect(songs).toHaveCount(5);

  const from = page.getByLabel("Made from");
  await from.click();
  await from.press("ArrowLeft"); // the month, in this locale's order (mm/dd/yyyy)
  await from.press("ArrowLeft");
  await page.keyboard.type("11302026", { delay: 120 });
  await expect(from).toHaveValue("2026-11-30");
  await expect(page).toHaveURL(/\/library\?from=2026-11-30$/);
  await expect(from).toBeFocused(); // never dropped mid-entry
  await expect(from).toHaveValue("2026-11-30");
  await expect(songs).toHaveCount(5);

  // a length applies while typing, without leaving the field
  const longer = page.getByLabel("Longer than (s)");
  await longer.click();
  await page.keyboard.type("33", { delay: 60 });
  await expect(page).toHaveURL(/min=33/);
  await expect(longer).toBeFocused();
  await expect(songs).toHaveCount(3); // 33, 34 and 35 seconds

  // active filters are chips; removing one clears its field too
  const chips = page.getByRole("list", { name: "Active filters" });
  await expect(chips.getByRole("button")).toHaveCount(2);
  await chips.getByRole("button", { name: "Remove filter: Longer than 33 s" }).click();
  await expect(page).toHaveURL(/\/library\?from=2026-11-30$/);
  await expect(longer).toHaveValue("");
  await expect(songs).toHaveCount(5);
});

test("Back after three pages of infinite scroll returns to the same card", async ({ page }) => {
  const user = newUser();
  await signUp(page, user);
  await seedSongs(user.email, 80);
  await page.goto("/library");
  const songs = page.getByRole("list", { name: "Songs" }).getByRole("listitem");
  await expect(songs).toHaveCount(24);
  // the next page loads as the list's end comes near (300 px ahead): one scroll may bring two
  await page.getByRole("button", { name: "Load more" }).scrollIntoViewIfNeeded();
  await expect.poll(() => songs.count()).toBeGreaterThanOrEqual(48);
  await page.getByRole("button", { name: "Load more" }).scrollIntoViewIfNeeded();
  await expect.poll(() => songs.count()).toBeGreaterThanOrEqual(72);

  const target = songs.filter({ hasText: "Song 60" });
  // mid-screen, clear of the sticky header and the player (a click would scroll it there)
  await target.evaluate((e) => e.scrollIntoView({ block: "center" }));
  await expect(page.getByText("Loading…")).toHaveCount(0); // near the end, a fourth may come
  const loaded = await songs.count();
  expect(loaded).toBeGreaterThanOrEqual(72);
  const top = await target.evaluate((e) => Math.round(e.getBoundingClientRect().top));
  await target.getByRole("link", { name: "Song 60" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Song 60" })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/library$/);
  await expect(songs).toHaveCount(loaded);
  await expect(target).toBeInViewport();
  // the same place on the page: the card is where it was when it was opened
  await expect
    .poll(() => target.evaluate((e, was) => Math.abs(e.getBoundingClientRect().top - was), top))
    .toBeLessThan(30);
});

test("on a phone the filters are a drawer, and the songs come first", async ({ page }) => {
  const user = newUser();
  await signUp(page, user);
  await seedSongs(user.email, 4);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/library");
  const songs = page.getByRole("list", { name: "Songs" }).getByRole("listitem");
  await expect(songs.first()).toBeInViewport();
  await expect(page.getByLabel("Vocals")).toHaveCount(0);
  await page.getByRole("button", { name: "Filters" }).click();
  const drawer = page.getByRole("dialog", { name: "Filters" });
  await drawer.getByLabel("Vocals").selectOption("vocal");
  await expect(page).toHaveURL(/kind=vocal/);
  await expectAccessible(page);
  await screenshot(page, "library-filters-phone");
  await drawer.getByRole("button", { name: "Show songs" }).click();
  await expect(drawer).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Filters (1)" })).toBeVisible();
  await expect(songs).toHaveCount(4);
  await screenshot(page, "library-phone");
});

test("in a team library, typing in the search and a length keeps focus and every key", async ({
  page,
}) => {
  const user = newUser();
  await signUp(page, user);
  await page.goto("/teams");
  await page.getByLabel("Team name").fill(`Focus Band ${user.email.slice(7, 15)}`);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page).toHaveURL(/\/teams\/[\w-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  const sql = new pg.Client({ connectionString: env().databaseUrl });
  await sql.connect();
  try {
    await sql.query(
      `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, tags, model, duration, status, created_at, updated_at)
       SELECT u.id || '-t' || n, u.id, t.id, 'seed', u.id || '-up-t' || n, 'Team song ' || n, 'ambient', 'chirp-hawk', 30 + n, 'COMPLETE',
         now() - n * interval '1 minute', now()
       FROM users u, teams t, generate_series(1, 12) AS n WHERE u.email = $1 AND t.slug = $2`,
      [user.email, slug],
    );
  } finally {
    await sql.end();
  }
  await page.reload();
  const songs = page.getByRole("list", { name: "Songs" }).getByRole("listitem");
  await expect(songs).toHaveCount(12);

  // slow enough that each pause sends what was typed to the URL while the next key comes
  const search = page.getByLabel("Search your songs");
  await search.click();
  await page.keyboard.type("song 1", { delay: 450 });
  await expect(page).toHaveURL(/\/teams\/[\w-]+\?q=song\+1$/);
  await expect(search).toBeFocused();
  await expect(search).toHaveValue("song 1");
  await page.keyboard.type("2");
  await expect(page).toHaveURL(/q=song\+12$/);
  await expect(songs).toHaveCount(1);
  await expect(search).toBeFocused();
  await expect(search).toHaveValue("song 12");

  await search.fill("");
  await expect(songs).toHaveCount(12);
  const longer = page.getByLabel("Longer than (s)");
  await longer.click();
  await page.keyboard.type("40", { delay: 450 });
  await expect(page).toHaveURL(/min=40/);
  await expect(longer).toBeFocused();
  await expect(longer).toHaveValue("40");
  await expect(songs).toHaveCount(3); // 40, 41 and 42 seconds
});
