// The library and Create as issue 17 left them, at a phone's width (390 px) and a desktop's
// (1440 px): each checked with axe and kept in docs/screenshots to be looked at.
import { expectAccessible, makeInstrumental, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

test("library and create at 390 and 1440 px", async ({ page }) => {
  test.setTimeout(90_000);
  await signUp(page, newUser());
  const card = await makeInstrumental(page, "warm rhodes, brushed drums", "Window Seat");
  await expect(card.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width > 400 ? 900 : 844 });
    await page.goto("/create");
    await expect(page.getByRole("list", { name: "Your latest requests" })).toBeVisible();
    // nothing wider than the screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );
    await expectAccessible(page);
    await screenshot(page, `create-${width}`);

    await page.goto("/library");
    const songs = page.getByRole("list", { name: "Songs" }).getByRole("listitem");
    await expect(songs).toHaveCount(1); // the request's two takes, one stack (issue 18)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );
    // the card's buttons never wrap: the menu sits on the title's line
    const box = await songs.first().boundingBox();
    expect(box!.height).toBeLessThan(110);
    await expectAccessible(page);
    await screenshot(page, `library-${width}`);
    await songs
      .first()
      .getByRole("button", { name: /^More for / })
      .click();
    await expect(page.getByRole("menu")).toBeVisible();
    await page.screenshot({ path: `docs/screenshots/library-menu-${width}.png` });
    await page.keyboard.press("Escape");
    await page.goto("/library?view=list");
    await expect(songs).toHaveCount(1);
    await expectAccessible(page);
    await screenshot(page, `library-list-${width}`);
  }
});
