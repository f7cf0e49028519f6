// Songs never disappear: once Chorus has its copy, the song plays and seeks in the browser
// with the upstream's media links dead.
import { readFileSync } from "node:fs";

import { makeInstrumental, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

const simulatorUrl = () =>
  (JSON.parse(readFileSync("test-results/e2e-env.json", "utf8")) as { simulatorUrl: string })
    .simulatorUrl;

async function killUpstreamMedia(on: boolean) {
  const response = await fetch(`${simulatorUrl()}/__admin/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(on ? { rules: [{ path: "/media", action: "error500" }] } : {}),
  });
  expect(response.ok).toBe(true);
}

test.afterEach(() => killUpstreamMedia(false));

test("a finished song is archived, then plays and seeks from the archive alone", async ({
  page,
}) => {
  await signUp(page, newUser());
  const card = await makeInstrumental(page, "ambient piano", "Kept Forever");
  await expect(card.getByText("Saved by Chorus")).toHaveCount(2, { timeout: 30_000 });
  await screenshot(page, "create-archived");

  await killUpstreamMedia(true);
  await card.getByRole("button", { name: /^Play take 1 of/ }).click();
  const audio = page.getByRole("region", { name: "Player" }).locator("audio");
  await expect(audio).toHaveAttribute("src", /^\/api\/media\/[^/]+\/audio$/);
  const src = (await audio.getAttribute("src"))!;
  // the upstream is really dead now
  const upstream = await page.request.get(`${simulatorUrl()}/media/anything.wav`);
  expect(upstream.status()).toBe(500);

  const played = await audio.evaluate(async (element: HTMLAudioElement) => {
    element.muted = true;
    if (element.readyState < 1)
      await new Promise<void>((resolve, reject) => {
        element.onloadedmetadata = () => resolve();
        element.onerror = () => reject(new Error(`audio error ${element.error?.code}`));
      });
    await element.play();
    await new Promise((r) => setTimeout(r, 400));
    const seekTo = element.duration * 0.75;
    await new Promise<void>((resolve) => {
      element.onseeked = () => resolve();
      element.currentTime = seekTo;
    });
    element.pause();
    return { duration: element.duration, at: element.currentTime, seekTo };
  });
  expect(played.duration).toBeGreaterThan(1);
  expect(played.at).toBeCloseTo(played.seekTo, 0);

  const cover = card.locator("img").first();
  await expect(cover).toHaveAttribute("src", /\/api\/media\/[^/]+\/image$/);
  expect(
    await cover.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)),
  ).toBe(256);

  const download = await page.request.get(`${src}?download`);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(
    /^attachment; filename="Kept Forever\.wav"/,
  );
});

test("media and lyrics of someone else's song are not served", async ({ page, request }) => {
  expect((await request.get("/api/media/some-clip/audio", { maxRedirects: 0 })).status()).toBe(401);
  await signUp(page, newUser());
  expect(
    (await page.request.get("/api/media/not-a-clip/audio", { maxRedirects: 0 })).status(),
  ).toBe(404);
  expect(
    (await page.request.get("/api/clips/not-a-clip/lyrics", { maxRedirects: 0 })).status(),
  ).toBe(404);
});
