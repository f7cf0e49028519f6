import { expectAccessible, makeInstrumental, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

test("one player for the whole app: a queue, keyboard control, media keys, and it survives navigation", async ({
  page,
}) => {
  await signUp(page, newUser());
  const card = await makeInstrumental(page, "lofi beats", "Study Loop");
  await expect(card.getByText("Saved by Chorus")).toHaveCount(2, { timeout: 30_000 });

  await page
    .getByRole("navigation", { name: "Main" })
    .first()
    .getByRole("link", { name: "Library" })
    .click();
  const songs = page.getByRole("list", { name: "Songs" }).getByRole("listitem");
  await expect(songs).toHaveCount(2);
  await songs.nth(0).getByRole("button", { name: /^Play/ }).click();

  const bar = page.getByRole("region", { name: "Player" });
  const audio = bar.locator("audio");
  const time = () => audio.evaluate((a: HTMLAudioElement) => a.currentTime);
  await expect(bar.getByRole("button", { name: "Pause" })).toBeVisible();
  await expect(bar).toContainText("1 of 2");
  await expect.poll(time).toBeGreaterThan(0.3);
  expect(await page.evaluate(() => navigator.mediaSession.metadata?.title)).toBe("Study Loop");
  await expectAccessible(page);
  await screenshot(page, "player");

  // it keeps playing across navigation
  await page
    .getByRole("navigation", { name: "Main" })
    .first()
    .getByRole("link", { name: "History" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "History" })).toBeVisible();
  const before = await time();
  await expect.poll(time).toBeGreaterThan(before + 0.3);

  // keyboard: Space pauses and plays, arrows seek, Shift+→ goes to the next song
  await page.getByRole("heading", { level: 1, name: "History" }).click();
  await page.keyboard.press("Space");
  await expect(bar.getByRole("button", { name: "Play" })).toBeVisible();
  const paused = await time();
  await page.keyboard.press("ArrowRight");
  await expect
    .poll(time)
    .toBeGreaterThanOrEqual(
      Math.min(paused + 4.9, await audio.evaluate((a: HTMLAudioElement) => a.duration)),
    );
  await page.keyboard.press("Space");
  await expect(bar.getByRole("button", { name: "Pause" })).toBeVisible();
  await page.keyboard.press("Shift+ArrowRight");
  await expect(bar).toContainText("2 of 2");
  await expect(bar.getByRole("button", { name: "Next" })).toBeDisabled();
});
