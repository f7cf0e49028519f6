// Timestamped comments (issue 18, item 3): a comment at 0:42 shows as a marker on the song's
// waveform and seeks the player there when clicked, as does its time in the thread. The
// simulator's songs last about 20 s, so the song here is a whole song of two extensions.
import { readFileSync } from "node:fs";

import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import pg from "pg";

import { makeInstrumental, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

const env = () =>
  JSON.parse(readFileSync("test-results/e2e-env.json", "utf8")) as { databaseUrl: string };

/** Waits for a finished song made from `parentId` (an extension, or the whole song). */
async function madeFrom(sql: pg.Client, parentId: string, kind: "extend" | "concat") {
  let id: string | undefined;
  const find = async () => {
    const { rows } = await sql.query<{ id: string }>(
      `SELECT c.id FROM clips c
       WHERE c.parent_clip_id = $1 AND c.status = 'COMPLETE'
         AND (c.clip_type = 'concat') = $2 ORDER BY c.created_at, c.id LIMIT 1`,
      [parentId, kind === "concat"],
    );
    id = rows[0]?.id;
    return Boolean(id);
  };
  try {
    await expect.poll(find, { timeout: 60_000 }).toBe(true);
  } catch (error) {
    const { rows } = await sql.query(
      `SELECT t.operation, t.status, t.upstream_id, c.id, c.status AS clip, c.clip_type,
         c.parent_clip_id FROM tasks t LEFT JOIN clips c ON c.task_id = t.id
       WHERE t.source_clip_id = $1 OR c.parent_clip_id = $1`,
      [parentId],
    );
    console.log(JSON.stringify(rows));
    throw error;
  }
  return id!;
}

async function extendAt(page: Page, seconds: number) {
  await page.getByLabel("Extend from (seconds)").fill(String(seconds));
  await page.getByRole("button", { name: "Extend from here" }).click();
  await expect(page.getByText("Your song is on its way.")).toBeVisible();
}

test("a comment at 0:42 shows as a marker and seeks there when clicked", async ({ page }) => {
  test.setTimeout(240_000);
  const sql = new pg.Client({ connectionString: env().databaseUrl });
  await sql.connect();
  try {
    await signUp(page, newUser());
    const card = await makeInstrumental(page, "slow folk", "Long Road");
    await card.getByRole("link", { name: "Take 1" }).click({ timeout: 30_000 });
    await expect(page).toHaveURL(/\/clips\/[\w-]+$/);
    const first = new URL(page.url()).pathname.split("/").at(-1)!;
    await extendAt(page, 16);
    const second = await madeFrom(sql, first, "extend");
    await page.goto(`/clips/${second}`);
    await extendAt(page, 16);
    const third = await madeFrom(sql, second, "extend");
    await page.goto(`/clips/${third}`);
    await page.getByRole("button", { name: "Make the whole song" }).click();
    const whole = await madeFrom(sql, third, "concat");
    await page.goto(`/clips/${whole}`);
    // the waveform is drawn from Chorus's own copy: wait until it is kept
    const facts = page.getByTestId("clip-facts");
    await expect(async () => {
      await page.reload();
      await expect(facts).toContainText(/Your copy\s*Kept in your library/, { timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    const position = page.getByLabel(/^Position in Long Road/);
    expect(Number(await position.getAttribute("max"))).toBeGreaterThan(45);

    // no comments yet; then one, typed the way people write them
    const thread = page.getByRole("region", { name: /^Comments/ });
    await expect(thread.getByText("No comments yet.")).toBeVisible();
    await page.getByRole("textbox", { name: "Add a comment" }).fill("0:42 the bridge drags");
    await page.getByRole("button", { name: "Post comment" }).click();
    await expect(thread.getByTestId("comment-thread")).toContainText("the bridge drags");
    await expect(thread.getByRole("button", { name: "Play from 0:42" })).toBeVisible();
    const marker = page.getByRole("button", { name: /^Comment at 0:42: .*the bridge drags/ });
    await expect(marker).toBeVisible();
    // the marker sits at 42 s of the waveform's width
    const waveform = page.getByTestId("waveform");
    await expect(waveform).toHaveAttribute("data-ready", "true", { timeout: 15_000 });
    const duration = Number(await position.getAttribute("max"));
    const [wave, dot] = [(await waveform.boundingBox())!, (await marker.boundingBox())!];
    expect(dot.x + dot.width / 2 - wave.x).toBeCloseTo((42 / duration) * wave.width, -1);
    await screenshot(page, "clip-comments");
    // the thread and the waveform's markers (the lineage list above is not this test's)
    const axe = await new AxeBuilder({ page })
      .include("section[aria-labelledby='comments']")
      .include("ul[aria-label='Comments on the waveform']")
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // a click on the marker plays the song from 0:42 in the app's player
    await marker.click();
    const bar = page.getByRole("region", { name: "Player" });
    await expect(bar.getByRole("button", { name: "Pause" })).toBeVisible();
    const barTime = () => bar.locator("audio").evaluate((a: HTMLAudioElement) => a.currentTime);
    await expect.poll(barTime).toBeGreaterThanOrEqual(41.5);
    expect(await barTime()).toBeLessThan(46);
    await expect(position).toHaveAttribute("aria-valuetext", /^0:4\d of /);

    // elsewhere, then the comment's time in the thread seeks back there
    await position.focus();
    await page.keyboard.press("Home");
    await expect.poll(barTime).toBeLessThan(10);
    await thread.getByRole("button", { name: "Play from 0:42" }).click();
    await expect.poll(barTime).toBeGreaterThanOrEqual(41.5);
    expect(await barTime()).toBeLessThan(46);
  } finally {
    await sql.end();
  }
});
