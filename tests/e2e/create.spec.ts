import { expectAccessible, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

test("make a song from lyrics written for me, watch it finish, play it, find it in the library", async ({
  page,
}) => {
  await signUp(page, newUser());
  await page
    .getByRole("navigation", { name: "Main" })
    .first()
    .getByRole("link", { name: "Create" })
    .click();
  await expect(page.getByRole("tab", { name: "Song" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByText(/You have 500 credits/)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "create");

  // lyrics from a prompt fill the editor
  await page
    .getByLabel("Need lyrics? Say what they should be about")
    .fill("a lighthouse keeper's last night");
  await page.getByRole("button", { name: "Write lyrics for me" }).click();
  await expect(page.getByLabel("Lyrics", { exact: true })).toHaveValue(/\[Verse\]/, {
    timeout: 20_000,
  });
  await expect(page.getByText("Lyrics are in the editor below.")).toBeVisible();

  // the model picker's limits drive the counters
  // only the models the providers still accept are offered (Suno retired everything before v6)
  const offered = await page.getByLabel("Model").locator("option").allInnerTexts();
  expect(offered.map((o) => o.split(" · ")[0])).toEqual(["v6", "v6 wild", "v6 mini"]);
  await page.getByLabel("Model").selectOption("chirp-goose");
  await expect(page.getByText(/Lyrics up to 5,000 characters, style up to 1000/)).toBeVisible();
  await page.getByLabel("Style", { exact: true }).fill("indie folk, warm vocals");
  await page.getByLabel("Title", { exact: true }).fill("Last Light");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: "Your song is on its way." })
      .or(page.getByText("Your song is on its way.")),
  ).toBeVisible();

  const card = page
    .getByRole("list", { name: "Your latest requests" })
    .getByRole("listitem")
    .filter({ hasText: "Last Light" })
    .first();
  await expect(card).toBeVisible({ timeout: 20_000 });
  await expect(card.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  const takes = card.getByRole("button", { name: /^Play take \d of Last Light/ });
  await expect(takes).toHaveCount(2);
  // the page has no player of its own: takes play in the app's one player, the bar
  await expect(page.locator("main audio")).toHaveCount(0);
  await screenshot(page, "create-song-ready");

  // the finished take decodes and plays in the browser
  await takes.first().click();
  const bar = page.getByRole("region", { name: "Player" });
  await expect(bar.getByRole("button", { name: "Pause" })).toBeVisible();
  const duration = await bar.locator("audio").evaluate((audio: HTMLAudioElement) =>
    audio.readyState >= 1
      ? audio.duration
      : new Promise<number>((resolve, reject) => {
          audio.onloadedmetadata = () => resolve(audio.duration);
          audio.onerror = () => reject(new Error("audio failed"));
        }),
  );
  expect(duration).toBeGreaterThan(1);
  await expect(card.getByRole("button", { name: /^Pause take 1 of Last Light/ })).toBeVisible();

  await page.getByRole("link", { name: "In your library" }).first().click();
  await expect(
    page.getByRole("list", { name: "Songs" }).getByText("Last Light").first(),
  ).toBeVisible();
  // the library page itself says nothing of credits (the header's balance is the shell's)
  await expect(page.locator("main").getByText(/credits/)).toHaveCount(0);
  await screenshot(page, "library-with-songs");
});

test("bad input is explained field by field and nothing is charged", async ({ page }) => {
  await signUp(page, newUser());
  await page.goto("/create");
  await page.getByRole("tab", { name: "Instrumental" }).click();
  await page.getByLabel("Model").selectOption("chirp-goose");
  await page.getByLabel("Style", { exact: true }).fill("x".repeat(1001));
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(
    page.getByText("v6 mini takes at most 1000 characters of style (you have 1001)."),
  ).toBeVisible();
  await expect(page.getByText("Give the song a title.")).toBeVisible();
  await expect(page.getByLabel("Style", { exact: true })).toHaveValue("x".repeat(1001)); // nothing lost
  await page.reload();
  await expect(page.getByText(/You have 500 credits/)).toBeVisible();
});

test("tabs work from the keyboard", async ({ page }) => {
  await signUp(page, newUser());
  await page.goto("/create");
  await page.getByRole("tab", { name: "Song" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Instrumental" })).toBeFocused();
  await expect(page.getByRole("tab", { name: "Instrumental" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Describe it" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect(page.getByLabel("Describe the song")).toBeVisible();
  await expectAccessible(page);
});

test("upload a recording by its link: the action is registered and the clip arrives", async ({
  page,
}) => {
  await signUp(page, newUser());
  await page.goto("/create");
  await page.getByRole("tab", { name: "Upload audio" }).click();
  await expect(page.getByLabel("Model")).toHaveCount(0);
  // a relay takes a file (Chorus hosts it) or a link; a link here
  await page.getByRole("radio", { name: "A link" }).check();
  await page
    .getByLabel("Link to the audio file")
    .fill("https://recordings.example/Porch%20Demo.mp3");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByText("Your song is on its way.").first()).toBeVisible();
  const card = page
    .getByRole("list", { name: "Your latest requests" })
    .getByRole("listitem")
    .filter({ hasText: "Porch Demo" })
    .first();
  await expect(card.getByText("Ready")).toBeVisible({ timeout: 30_000 });
});
