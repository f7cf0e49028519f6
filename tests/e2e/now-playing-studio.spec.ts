// The phone's full-screen now-playing view shows the lyrics as they are sung when synced lyrics
// exist (made by the sunoapi-org simulator, so this runs in "chromium-sunoapi-org"), and the
// plain lyrics otherwise.
import path from "node:path";

import { expectAccessible, newUser, SCREENSHOTS, signUp } from "./fixtures";
import { expect, test } from "./test";

test("on a phone, the now-playing view follows synced lyrics word by word", async ({ page }) => {
  test.setTimeout(90_000);
  await signUp(page, newUser());
  await page.goto("/create");
  await page
    .getByLabel("Lyrics", { exact: true })
    .fill("[Verse]\nPaper boats at midnight\nsailing down the drain\n\n[Chorus]\nFollow me");
  await page.getByLabel("Style", { exact: true }).fill("dream pop");
  await page.getByLabel("Title", { exact: true }).fill("Paper Boats");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page
    .getByRole("list", { name: "Your latest requests" })
    .getByRole("listitem")
    .filter({ hasText: "Paper Boats" })
    .first()
    .getByRole("link", { name: "Take 1" })
    .click({ timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Paper Boats" })).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  const bar = page.getByRole("region", { name: "Player" });
  const view = page.getByRole("dialog", { name: "Now playing" });
  // before synced lyrics exist, the view shows the plain lyrics
  await page.getByRole("button", { name: "Play Paper Boats", exact: true }).click();
  await bar.getByRole("button", { name: /in full view$/ }).click();
  await expect(view.getByText(/Paper boats at midnight/)).toBeVisible();
  await expect(view.getByTestId("synced-lyrics")).toHaveCount(0);
  await view.getByRole("button", { name: "Pause" }).click();
  await view.getByRole("button", { name: "Close the player" }).click();

  const studio = page.getByRole("region", { name: "Edit and export" });
  await studio.getByRole("button", { name: /^Synced lyrics/ }).click();
  await expect(page.getByTestId("synced-lyrics")).toBeVisible({ timeout: 15_000 });
  await page.reload(); // the view asks again for a song it has not shown since
  await bar.getByRole("button", { name: /in full view$/ }).click();
  const synced = view.getByTestId("synced-lyrics");
  await expect(synced.getByRole("button", { name: "Paper boats at midnight" })).toBeVisible();
  await view.getByRole("button", { name: "Play", exact: true }).click();
  const now = synced.locator('[data-word="now"]');
  await expect(now).toHaveCount(1, { timeout: 10_000 });
  const first = await now.textContent();
  await expect.poll(async () => now.textContent(), { timeout: 15_000 }).not.toBe(first);
  await expect.poll(() => synced.locator('[data-word="sung"]').count()).toBeGreaterThan(0);
  await view.getByRole("button", { name: "Pause" }).click();
  await expectAccessible(page);
  // the view covers the screen: the page below it is not part of the picture
  await page.screenshot({ path: path.join(SCREENSHOTS, "now-playing-synced-phone.png") });
});
