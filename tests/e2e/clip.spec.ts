import { expectAccessible, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

test("a song's page: lyrics by section, like, rename, extend from a time, trash and restore", async ({
  page,
}) => {
  await signUp(page, newUser());
  await page.goto("/create");
  await page
    .getByLabel("Lyrics", { exact: true })
    .fill("[Verse]\nStreetlights hum\n\n[Chorus]\nWe run, we run");
  await page.getByLabel("Style", { exact: true }).fill("synthpop");
  await page.getByLabel("Title", { exact: true }).fill("Night Run");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const card = page
    .getByRole("list", { name: "Your latest requests" })
    .getByRole("listitem")
    .filter({ hasText: "Night Run" })
    .first();
  await card.getByRole("link", { name: "Take 1" }).click({ timeout: 30_000 });

  await expect(page.getByRole("heading", { level: 1, name: "Night Run" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Chorus" })).toBeVisible();
  await expect(page.getByText("We run, we run")).toBeVisible();
  // what the song is, in words a person uses: no field names from the provider's API
  const facts = page.getByTestId("clip-facts");
  await expect(facts).toContainText(/Length\s*\d:\d\d/);
  await expect(facts).toContainText(/Model\s*v6/);
  await expect(facts).toContainText(/Made as\s*A new song/);
  await expect(async () => {
    await page.reload();
    await expect(facts).toContainText(/Your copy\s*Kept in your library/, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(facts).not.toContainText(/Type|gen\b|Saved by Chorus|Pending|chirp-/);
  await expectAccessible(page);
  await screenshot(page, "clip");

  await page.getByRole("button", { name: "♡ Like" }).click();
  await expect(page.getByRole("button", { name: "♥ Liked" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  await page.getByLabel("Title", { exact: true }).fill("Night Run (final)");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Night Run (final)" })).toBeVisible();

  // a click on the waveform seeks there and picks that time to extend from
  const waveform = page.getByTestId("waveform");
  await expect(waveform).toHaveAttribute("data-ready", "true", { timeout: 15_000 }); // decoded and drawn
  const position = page.getByLabel(/^Position in Night Run/);
  const duration = Number(await position.getAttribute("max"));
  expect(duration).toBeGreaterThan(1);
  const box = (await waveform.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  // the default (80% of the song) is replaced by the clicked time, the middle
  await expect
    .poll(async () => Number(await page.getByLabel("Extend from (seconds)").inputValue()))
    .toBeCloseTo(duration / 2, 0);
  const picked = Number(await page.getByLabel("Extend from (seconds)").inputValue());
  // the click started the song there, in the app's one player: the page has no audio of its own
  const bar = page.getByRole("region", { name: "Player" });
  await expect(bar.getByRole("button", { name: "Pause" })).toBeVisible();
  await expect(page.locator("audio")).toHaveCount(1);
  const barTime = await bar.locator("audio").evaluate((a: HTMLAudioElement) => a.currentTime);
  expect(barTime).toBeGreaterThanOrEqual(picked - 0.5);
  expect(barTime).toBeLessThan(picked + 3);
  await page.getByRole("button", { name: /^Pause Night Run/ }).click();
  await expect(bar.getByRole("button", { name: "Play" })).toBeVisible();

  // an out-of-range time is explained, then a good one is sent
  await page.getByLabel("Extend from (seconds)").fill("9999");
  await page.getByRole("button", { name: "Extend from here" }).click();
  await expect(page.getByText(/Pick a time within the clip/)).toBeVisible();
  await page.getByLabel("Extend from (seconds)").fill("1");
  await page.getByRole("button", { name: "Extend from here" }).click();
  await expect(page.getByText("Your song is on its way.")).toBeVisible();
  // a second extension from the same page is a second request, not the first one again
  // (the History page lists one table row per request)
  const extensions = async () => {
    const html = await (await page.request.get("/history?operation=EXTEND")).text();
    return (
      html
        .split("<tbody")[1]
        ?.split("</tbody>")[0]
        ?.match(/<tr[\s>]/g)?.length ?? 0
    );
  };
  await expect.poll(extensions).toBe(1);
  await page.getByLabel("Extend from (seconds)").fill("2");
  await page.getByRole("button", { name: "Extend from here" }).click();
  await expect.poll(extensions).toBe(2);

  await page.getByRole("button", { name: "Move to trash" }).click();
  await expect(page.getByText(/is in the trash and will be deleted for good/)).toBeVisible();
  await page.goto("/trash");
  await expect(page.getByRole("list", { name: "Trashed songs" })).toContainText(
    "Night Run (final)",
  );
  await expectAccessible(page);
  await page.getByRole("button", { name: "Restore", exact: true }).click();
  await expect(page.getByRole("heading", { name: "The trash is empty" })).toBeVisible();
});

test("another user's song page does not exist for you", async ({ page }) => {
  await signUp(page, newUser());
  // the layout streams, so the status is already sent; the page is the not-found page
  await page.goto("/clips/not-yours-or-anyones");
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expect(page.locator('meta[name="robots"][content*="noindex"]').first()).toBeAttached();
  await expect(page.getByRole("main")).toHaveCount(1); // one main landmark, not the layout's and the page's
  // an invite link that leads nowhere is a 404 too, with one main
  const invite = await page.goto(`/invite/${"A".repeat(32)}`);
  expect(invite?.status()).toBe(404);
  await expect(page.getByRole("main")).toHaveCount(1);
});
