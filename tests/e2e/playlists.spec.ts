// Playlists (issue 18, item 4): make one, add songs from the card menu and the player, play
// all into the queue, reorder by keyboard, take a song out.
import { expectAccessible, makeInstrumental, newUser, openTakes, signUp } from "./fixtures";
import { expect, test } from "./test";

test("a playlist gathers songs from the card menu and the player, plays all, reorders by keyboard", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signUp(page, newUser());
  const card = await makeInstrumental(page, "lofi hip hop", "Late Bus");
  await expect(card.getByText("Saved by Chorus")).toHaveCount(2, { timeout: 30_000 });

  await page.goto("/playlists");
  await expect(page.getByText("No playlists yet")).toBeVisible();
  await page.getByLabel("Playlist name").fill("Night Drive");
  await page.getByRole("button", { name: "Make playlist" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Night Drive" })).toBeVisible();
  await expect(page.getByText("No songs here yet.")).toBeVisible();
  const playlistUrl = page.url();

  // take 2 from its card menu
  await page.goto("/library");
  const songs = await openTakes(page, "Late Bus"); // both takes as cards (issue 18)
  const take = (n: number) => songs.filter({ hasText: `Take ${n}` });
  await take(2).getByRole("button", { name: "More for Late Bus" }).click();
  await page.getByRole("menuitem", { name: "Add to playlist" }).click();
  await page.getByRole("menuitem", { name: "Night Drive" }).click();
  await expect(page.getByText("Late Bus is in Night Drive")).toBeVisible();

  // take 1 from the player while it plays (once the first toast has gone)
  await expect(page.getByText("Late Bus is in Night Drive")).toHaveCount(0);
  await take(1)
    .getByRole("button", { name: /^Play(?! next)/ })
    .click();
  const bar = page.getByRole("region", { name: "Player" });
  await bar.getByRole("button", { name: "Add Late Bus to a list" }).click();
  await page.getByRole("menuitem", { name: "Night Drive" }).click();
  await expect(page.getByText("Late Bus is in Night Drive")).toHaveCount(1);
  // it is marked as there now, and adds nothing twice
  await bar.getByRole("button", { name: "Add Late Bus to a list" }).click();
  await expect(
    page.getByRole("menuitem", { name: /Night Drive \(has it already\)/ }),
  ).toBeDisabled();
  await page.keyboard.press("Escape");

  await page.goto(playlistUrl);
  const rows = page.getByRole("list", { name: "Playlist songs" }).getByRole("listitem");
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("playlist-length")).toHaveText(/^2 songs · \d+ min$/);
  await expect(page.getByTestId("playlist-cover")).toBeVisible();
  const firstId = await rows.nth(0).getAttribute("data-item-id");
  const secondId = await rows.nth(1).getAttribute("data-item-id");
  await expectAccessible(page);

  // the first song's handle, ArrowDown: it moves down and keeps the focus; the server agrees
  const handle = rows.nth(0).getByRole("button", { name: /^Move Late Bus, place 1 of 2/ });
  await handle.focus();
  await page.keyboard.press("ArrowDown");
  await expect(rows.nth(0)).toHaveAttribute("data-item-id", secondId!);
  await expect(rows.nth(1)).toHaveAttribute("data-item-id", firstId!);
  await expect(page.getByRole("button", { name: /^Move Late Bus, place 2 of 2/ })).toBeFocused();
  await expect(page.getByText("Late Bus moved to place 2 of 2")).toBeAttached(); // saved
  await page.reload();
  await expect(rows.nth(0)).toHaveAttribute("data-item-id", secondId!);

  // play all: the player's queue is the playlist, in its order
  await page.getByRole("button", { name: "Play all" }).click();
  await expect(bar.getByRole("button", { name: "Queue, 2 songs" })).toBeVisible();
  await expect
    .poll(() => bar.locator("audio").evaluate((a: HTMLAudioElement) => a.currentTime))
    .toBeGreaterThan(0.3);

  // take one out
  await rows.nth(1).getByRole("button", { name: "Take Late Bus out of the playlist" }).click();
  await expect(page.getByText("Late Bus is out of the playlist")).toBeVisible();
  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId("playlist-length")).toHaveText(/^1 song · /);
  await page.goto("/playlists");
  await expect(page.getByRole("list", { name: "Your playlists" })).toContainText("1 song");
});
