// The library: keyset pages as you scroll, search with highlights and typo tolerance,
// filters and sort in the URL (shareable, Back works), and clear empty states.
import { readFileSync } from "node:fs";

import pg from "pg";

import { expectAccessible, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

const env = () =>
  JSON.parse(readFileSync("test-results/e2e-env.json", "utf8")) as { databaseUrl: string };

async function seedSongs(email: string) {
  const sql = new pg.Client({ connectionString: env().databaseUrl });
  await sql.connect();
  try {
    const { rows } = await sql.query(`SELECT id FROM users WHERE email = $1`, [email]);
    const owner = rows[0].id as string;
    await sql.query(
      `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, lyrics, model, duration, is_instrumental, status, created_at, updated_at)
       SELECT $1 || '-' || n, $1, 'seed', $1 || '-up-' || n, 'Filler song ' || n, 'ambient', 'nothing here', 'chirp-v4', 60 + n, n % 2 = 0, 'COMPLETE', now() - n * interval '1 minute', now()
       FROM generate_series(1, 30) AS n`,
      [owner],
    );
    await sql.query(
      `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, lyrics, model, duration, status, created_at, updated_at) VALUES
       ($1 || '-l', $1, 'seed', $1 || '-up-l', 'Lanterns on the Water', 'indie folk', '[Chorus] hold the harbour light', 'chirp-v3-5', 95, 'COMPLETE', now(), now()),
       ($1 || '-e', $1, 'seed', $1 || '-up-e', 'Electric Dreams', 'epic reggae', 'rockets in the sky', 'chirp-v3-5', 120, 'COMPLETE', now(), now())`,
      [owner],
    );
  } finally {
    await sql.end();
  }
}

test("browse, search, filter and go back through the library", async ({ page }) => {
  const user = newUser();
  await signUp(page, user);
  await seedSongs(user.email);
  await page.goto("/library");
  const songs = page.getByRole("list", { name: "Songs" }).getByRole("listitem");
  await expect(songs).toHaveCount(24);
  await expectAccessible(page);
  await screenshot(page, "library");

  // the next keyset page arrives as the list scrolls (the list's end is watched 300 px ahead,
  // so on a tall screen it may come before any scroll: "Load more" is then already gone)
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(songs).toHaveCount(32);
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);

  // search as you type: a prefix, highlighted, in the URL
  await page.getByLabel("Search your songs").fill("lant");
  await expect(page).toHaveURL(/\/library\?q=lant$/);
  await expect(songs).toHaveCount(1);
  await expect(songs.first().locator("mark")).toHaveText("Lanterns");
  await screenshot(page, "library-search");

  // a typo still finds the song, and says so
  await page.getByLabel("Search your songs").fill("Electrik Dreems");
  await expect(page).toHaveURL(/q=Electrik\+Dreems/);
  await expect(
    page.getByText("No exact matches for “Electrik Dreems”. Showing songs with similar titles."),
  ).toBeVisible();
  await expect(songs).toHaveCount(1);

  // filters are history entries: Back returns to the previous state
  await page.getByLabel("Search your songs").fill("");
  await expect(page).toHaveURL(/\/library$/);
  await page.getByLabel("Vocals").selectOption("instrumental");
  await expect(page).toHaveURL(/kind=instrumental/);
  await expect(songs).toHaveCount(15);
  await page.getByLabel("Sort").selectOption("longest");
  await expect(page).toHaveURL(/kind=instrumental&sort=longest|sort=longest&kind=instrumental/);
  await expect(songs.first()).toContainText("Filler song 30");
  await page.goBack();
  await expect(page).toHaveURL(/\/library\?kind=instrumental$/);
  await expect(page.getByLabel("Sort")).toHaveValue("newest");

  // length and date ranges are in the URL too
  await page.goto("/library");
  await page.getByLabel("Longer than (s)").fill("119");
  await page.keyboard.press("Tab");
  await expect(page).toHaveURL(/\/library\?min=119$/);
  await expect(songs).toHaveCount(1);
  await expect(songs.first()).toContainText("Electric Dreams");

  // a shared link opens the same view
  await page.goto("/library?q=harbour");
  await expect(songs).toHaveCount(1);
  await expect(songs.first()).toContainText("Lanterns on the Water");

  // nothing found: said plainly, with a way out
  await page.goto("/library?q=zzqx");
  await expect(page.getByText("No songs match “zzqx”.")).toBeVisible();
  await page.getByRole("button", { name: "Clear search and filters" }).click();
  await expect(page).toHaveURL(/\/library$/);
  // the whole library again: its first page, or the pages already loaded (SWR keeps them)
  await expect.poll(() => songs.count()).toBeGreaterThanOrEqual(24);
  await expect(page.getByText("No songs match")).toHaveCount(0);
});
