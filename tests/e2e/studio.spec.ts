// The clip page's "Edit and export" area against the sunoapi-org simulator (the project
// "chromium-sunoapi-org" in playwright.config.ts): make stems and a WAV from a song, play a
// stem through the app's one player, and follow the synced lyrics word by word while the song
// plays. Screenshots of the area at phone (390) and desktop (1440) width.
import path from "node:path";

import { expectAccessible, newUser, SCREENSHOTS, signUp } from "./fixtures";
import { expect, test } from "./test";

test("stems and a WAV from a song, a stem played by the one player, synced lyrics that follow the song", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signUp(page, newUser());
  await page.goto("/create");
  await page
    .getByLabel("Lyrics", { exact: true })
    .fill(
      "[Verse]\nLanterns on the water\nfloating to the sea\n\n[Chorus]\nCarry me home\ncarry me home",
    );
  await page.getByLabel("Style", { exact: true }).fill("indie folk");
  await page.getByLabel("Title", { exact: true }).fill("Lanterns");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page
    .getByRole("list", { name: "Your latest requests" })
    .getByRole("listitem")
    .filter({ hasText: "Lanterns" })
    .first()
    .getByRole("link", { name: "Take 1" })
    .click({ timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Lanterns" })).toBeVisible();

  const studio = page.getByRole("region", { name: "Edit and export" });
  await expect(studio.getByText("Nothing made from this song yet.")).toBeVisible();
  // what can be made, each with its price
  for (const [label, price] of [
    ["WAV", "2 credits"],
    ["Vocals + instrumental", "5 credits"],
    ["Full stem split", "10 credits"],
    ["Music video", "4 credits"],
    ["New cover art", "2 credits"],
    ["Synced lyrics", "1 credit"],
  ])
    await expect(studio.getByRole("button", { name: `${label} · ${price}` })).toBeVisible();

  // two stems: the task shows while it runs, then each stem is listed
  await studio.getByRole("button", { name: /^Vocals \+ instrumental/ }).click();
  const stems = studio.getByTestId("stem");
  await expect(stems).toHaveCount(2, { timeout: 30_000 });
  await expect(stems.nth(0)).toContainText("Vocals");
  await expect(stems.nth(1)).toContainText("Instrumental");

  // a WAV
  await studio.getByRole("button", { name: /^WAV/ }).click();
  const wav = studio.getByRole("link", { name: /^Download WAV/ });
  await expect(wav).toBeVisible({ timeout: 30_000 });
  const download = await page.request.get((await wav.getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toMatch(/^audio\/wav/);
  expect(download.headers()["content-disposition"]).toMatch(/Lanterns \(WAV\)\.wav/);

  // a stem plays in the app's one player: the bar names it, its clock moves
  await studio.getByRole("button", { name: "Play the vocals stem" }).click();
  const bar = page.getByRole("region", { name: "Player" });
  await expect(bar).toContainText("Lanterns · Vocals");
  const audio = bar.locator("audio");
  await expect
    .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime))
    .toBeGreaterThan(0.3);
  expect(await audio.evaluate((a: HTMLAudioElement) => a.currentSrc)).toMatch(
    /\/api\/clips\/[^/]+\/assets\/stem-vocals$/,
  );
  expect(await page.locator("audio").count()).toBe(1); // never a second <audio> for music
  await studio.getByRole("button", { name: "Pause the vocals stem" }).click();

  // synced lyrics: answered at once, then followed word by word while the song plays
  await studio.getByRole("button", { name: /^Synced lyrics/ }).click();
  const synced = page.getByTestId("synced-lyrics");
  await expect(synced).toBeVisible({ timeout: 15_000 });
  await expect(synced.getByRole("button", { name: "Lanterns on the water" })).toBeVisible();
  await expect(studio.getByRole("link", { name: "Synced lyrics (.lrc)" })).toBeVisible();
  await page.getByRole("button", { name: "Play Lanterns", exact: true }).click();
  const now = synced.locator('[data-word="now"]');
  await expect(now).toHaveCount(1, { timeout: 10_000 });
  const first = await now.textContent();
  // the lit word moves on with the song, and the words before it are sung
  await expect.poll(async () => now.textContent(), { timeout: 15_000 }).not.toBe(first);
  await expect.poll(() => synced.locator('[data-word="sung"]').count()).toBeGreaterThan(0);
  await bar.getByRole("button", { name: "Pause" }).click();

  // the music video inline, and two new covers to choose from
  await studio.getByRole("button", { name: /^Music video/ }).click();
  await expect(studio.getByTestId("music-video")).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(() => studio.getByTestId("music-video").evaluate((v: HTMLVideoElement) => v.readyState))
    .toBeGreaterThan(0); // a real, decodable video
  await studio.getByRole("button", { name: /^New cover art/ }).click();
  await expect(studio.getByRole("button", { name: "Use this cover" })).toHaveCount(2, {
    timeout: 30_000,
  });

  await expectAccessible(page);
  // the area alone: the sticky header and the player bar would lie over it
  const alone = { style: "header, [aria-label='Player'] { visibility: hidden !important; }" };
  await studio.screenshot({ ...alone, path: path.join(SCREENSHOTS, "clip-studio-desktop.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(studio).toBeVisible();
  await studio.screenshot({ ...alone, path: path.join(SCREENSHOTS, "clip-studio-phone.png") });
});

test("a section picked on the waveform is sung anew, and the new take arrives", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signUp(page, newUser());
  await page.goto("/create");
  await page
    .getByLabel("Lyrics", { exact: true })
    .fill("[Verse]\nHarbour lights are low\nthe tide is coming in\n\n[Chorus]\nsing it home");
  await page.getByLabel("Style", { exact: true }).fill("indie folk");
  await page.getByLabel("Title", { exact: true }).fill("Harbour");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page
    .getByRole("list", { name: "Your latest requests" })
    .getByRole("listitem")
    .filter({ hasText: "Harbour" })
    .first()
    .getByRole("link", { name: "Take 1" })
    .click({ timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Harbour" })).toBeVisible();

  const studio = page.getByRole("region", { name: "Edit and export" });
  // a cover and a new section are offered with their prices; whole song is not on this service
  await expect(studio.getByText("Replace a section")).toBeVisible();
  await expect(studio.getByTestId("take").filter({ hasText: "Replace a section" })).toContainText(
    "5 credits",
  );
  await studio.getByText("Replace a section").click();
  const replace = studio.getByTestId("take").filter({ hasText: "Replace a section" });
  const wave = replace.getByTestId("section-waveform");
  await expect(wave).toHaveAttribute("data-ready", "true", { timeout: 15_000 });
  const start = replace.getByLabel("Start (seconds)");
  const end = replace.getByLabel("End (seconds)");

  // drag across the waveform: a new stretch from about 10 % to 45 % of the song
  const box = (await wave.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 8 });
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  const duration = await page
    .getByRole("slider", { name: /^Position in/ })
    .evaluate((input: HTMLInputElement) => Number(input.max));
  await expect.poll(async () => Number(await start.inputValue())).toBeCloseTo(duration * 0.1, 0);
  await expect.poll(async () => Number(await end.inputValue())).toBeCloseTo(duration * 0.45, 0);

  // and the keyboard: typed times move the drawn stretch
  const region = wave.locator("[part~='region']");
  const drawn = (await region.boundingBox())!;
  // (the drag began near 2 s: half a second moves its left edge well to the left)
  await start.fill("0.5");
  await end.fill("7.5");
  await expect.poll(async () => (await region.boundingBox())!.x).toBeLessThan(drawn.x - 5);
  await expect(replace.getByText(/7 s picked/)).toBeVisible();

  await studio.getByLabel("New words for the section").fill("the harbour sings a new line");
  await studio.getByRole("button", { name: "Replace the section" }).click();
  // the new take arrives in the song's lineage once it is made
  const lineage = page.getByRole("region", { name: "Lineage" });
  const take = lineage.getByRole("link", { name: "Harbour" }).first();
  await expect(lineage).toContainText("Replaced section", { timeout: 45_000 });
  await take.click();
  await expect(page.getByRole("region", { name: "Lineage" })).toContainText("A new section in");
  await expect(page.getByText("the harbour sings a new line")).toBeVisible();
});
