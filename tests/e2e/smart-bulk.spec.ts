// Smart playlists and bulk actions (issue 18, items 4 and 5) in real Chromium: a smart
// playlist "rated 4+ by anyone, v6, under 3 minutes" follows a rating as it is given, and 200
// songs picked with "select all matching" go to the trash in one action and come back by undo.
import { readFileSync } from "node:fs";

import pg from "pg";

import { expectAccessible, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

const env = () =>
  JSON.parse(readFileSync("test-results/e2e-env.json", "utf8")) as { databaseUrl: string };

async function withSql<T>(run: (sql: pg.Client) => Promise<T>): Promise<T> {
  const sql = new pg.Client({ connectionString: env().databaseUrl });
  await sql.connect();
  try {
    return await run(sql);
  } finally {
    await sql.end();
  }
}
const userId = (sql: pg.Client, email: string) =>
  sql.query(`SELECT id FROM users WHERE email = $1`, [email]).then((r) => r.rows[0].id as string);

test("a smart playlist 'rated 4+ by anyone, v6, under 3 minutes' updates when a song is rated", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const user = newUser();
  await signUp(page, user);
  const ids = await withSql(async (sql) => {
    const id = await userId(sql, user.email);
    // the one that will match, one too long, one of another model
    await sql.query(
      `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, model, duration,
         status, created_at, updated_at) VALUES
       ($1 || '-s6', $1, 'seed', $1 || '-s6', 'Short Six', 'lofi', 'chirp-hawk', 150, 'COMPLETE', now(), now()),
       ($1 || '-l6', $1, 'seed', $1 || '-l6', 'Long Six', 'lofi', 'chirp-hawk', 240, 'COMPLETE', now(), now()),
       ($1 || '-sm', $1, 'seed', $1 || '-sm', 'Short Mini', 'lofi', 'chirp-goose', 150, 'COMPLETE', now(), now())`,
      [id],
    );
    return { short: `${id}-s6`, long: `${id}-l6`, mini: `${id}-sm` };
  });

  await page.goto("/playlists");
  await page.getByRole("button", { name: "New smart playlist…" }).click();
  const form = page.getByRole("form", { name: "New smart playlist" });
  await form.getByLabel("Smart playlist name").fill("Keepers");
  // rule 1: rated 4+ by anyone (chosen by keyboard)
  const kind1 = form.getByLabel("Rule 1: kind");
  await kind1.focus();
  await kind1.selectOption({ label: "Rated by" });
  await expect(form.getByLabel("Rule 1: by whom")).toHaveValue("anyone");
  await form.getByLabel("Rule 1: at least").selectOption("4");
  // rule 2: model v6
  await form.getByRole("button", { name: "Add a rule" }).click();
  await expect(form.getByLabel("Rule 2: kind")).toHaveValue("model");
  await form.getByLabel("Rule 2: model").selectOption({ label: "v6" });
  // rule 3: under 3 minutes
  await form.getByRole("button", { name: "Add a rule" }).click();
  await form.getByLabel("Rule 3: kind").selectOption({ label: "Length" });
  await form.getByLabel("Rule 3: under or over").selectOption("under");
  await form.getByLabel("Rule 3: minutes").fill("3");
  await expectAccessible(page);
  await screenshot(page, "smart-playlist-editor");
  await form.getByRole("button", { name: "Make smart playlist" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Keepers" })).toBeVisible();
  await expect(page.getByTestId("smart-rules")).toHaveText(
    /rated 4\+ by anyone, model v6, under 3 min/,
  );
  await expect(page.getByText("No songs match these rules yet.")).toBeVisible();
  const playlistUrl = page.url();

  // ratings: 5 on the long one and the mini one (neither matches), 3 on the short v6 one
  for (const [id, stars] of [
    [ids.long, "5 stars"],
    [ids.mini, "5 stars"],
    [ids.short, "3 stars"],
  ] as const) {
    await page.goto(`/clips/${id}`);
    await page.getByRole("radio", { name: stars }).check();
    await expect(page.getByRole("radio", { name: stars })).toBeChecked();
  }
  await page.goto(playlistUrl);
  await expect(page.getByText("No songs match these rules yet.")).toBeVisible();

  // rated 4: now it is in, and only it
  await page.goto(`/clips/${ids.short}`);
  await page.getByRole("radio", { name: "4 stars" }).check();
  await expect(page.getByTestId("reaction-summary")).toContainText("rated 4.0");
  await page.goto(playlistUrl);
  const rows = page.getByRole("list", { name: "Playlist songs" }).getByRole("listitem");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Short Six");
  await expect(page.getByTestId("playlist-length")).toHaveText(/^1 song · /);
  // nothing to reorder or take out: its songs follow the rules
  await expect(page.getByRole("button", { name: /^Move Short Six/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Play all" }).click();
  await expect(
    page.getByRole("region", { name: "Player" }).getByRole("button", { name: "Queue, 1 song" }),
  ).toBeVisible();
  await screenshot(page, "smart-playlist");

  // and out again when the rating drops
  await page.goto(`/clips/${ids.short}`);
  await page.getByRole("radio", { name: "2 stars" }).check();
  await expect(page.getByTestId("reaction-summary")).toContainText("rated 2.0");
  await page.goto(playlistUrl);
  await expect(page.getByText("No songs match these rules yet.")).toBeVisible();
});

test("200 songs selected with 'select all matching' go to the trash in one action and come back by undo", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const user = newUser();
  await signUp(page, user);
  const owner = await withSql(async (sql) => {
    const id = await userId(sql, user.email);
    await sql.query(
      `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, model, duration,
         status, created_at, updated_at)
       SELECT $1 || '-' || n, $1, 'seed', $1 || '-up-' || n,
         CASE WHEN n <= 200 THEN 'Drizzle ' ELSE 'Sunny ' END || n, 'ambient', 'chirp-hawk',
         60, 'COMPLETE', timestamptz '2026-11-30 12:00' - n * interval '1 minute', now()
       FROM generate_series(1, 205) AS n`,
      [id],
    );
    return id;
  });
  const trashed = () =>
    withSql((sql) =>
      sql
        .query(
          `SELECT count(*)::int AS n FROM clips WHERE owner_id = $1 AND trashed_at IS NOT NULL`,
          [owner],
        )
        .then((r) => r.rows[0].n as number),
    );

  await page.setViewportSize({ width: 390, height: 844 }); // a phone
  await page.goto("/library?q=drizzle");
  const songs = page.getByRole("list", { name: "Songs" }).getByRole("listitem");
  await expect(songs).toHaveCount(24);
  // a click, then a shift-click: the range between them
  const box = (n: number) => songs.nth(n).getByRole("checkbox", { name: /^Select Drizzle \d+$/ });
  await box(0).click();
  const toolbar = page.getByRole("region", { name: "Selected songs" });
  await expect(toolbar.getByTestId("selection-count")).toHaveText("1 selected");
  await box(4).click({ modifiers: ["Shift"] });
  await expect(toolbar.getByTestId("selection-count")).toHaveText("5 selected");
  await expect(box(2)).toBeChecked();
  await expect(box(5)).not.toBeChecked();

  // the whole query, not the 24 loaded
  await toolbar.getByRole("button", { name: "Select all 200 matching" }).click();
  await expect(toolbar.getByTestId("selection-count")).toHaveText(
    "All 200 matching songs selected",
  );
  await expectAccessible(page);
  await screenshot(page, "library-bulk-phone");
  await toolbar.getByRole("button", { name: "Move to trash" }).click();
  const status = toolbar.getByRole("status");
  await expect(status).toContainText("200 songs moved to the trash.");
  expect(await trashed()).toBe(200);
  await expect(page.getByText("No songs match “drizzle”.")).toBeVisible();

  await status.getByRole("button", { name: "Undo" }).click();
  await expect(status).toContainText("Undone: 200 songs restored.");
  expect(await trashed()).toBe(0);
  await expect(songs).toHaveCount(24);
  await page.reload();
  await expect(songs).toHaveCount(24);
  await page.goto("/library?q=sunny");
  await expect(songs).toHaveCount(5);

  // the trash restores several at once too: the five Sunny songs, picked there
  await songs
    .nth(0)
    .getByRole("checkbox", { name: /^Select Sunny \d+$/ })
    .click();
  await toolbar.getByRole("button", { name: "Select all 5 matching" }).click();
  await toolbar.getByRole("button", { name: "Move to trash" }).click();
  await expect(status).toContainText("5 songs moved to the trash.");
  await page.goto("/trash");
  const restoring = page.getByRole("form", { name: "Restore several songs" });
  await expect(restoring.getByRole("button", { name: "Restore selected" })).toBeDisabled();
  await restoring.getByRole("checkbox", { name: "Select all (5)" }).check();
  await expectAccessible(page);
  await screenshot(page, "trash-bulk-phone");
  await restoring.getByRole("button", { name: "Restore 5 selected" }).click();
  await expect(page.getByRole("heading", { name: "The trash is empty" })).toBeVisible();
  expect(await trashed()).toBe(0);
});
