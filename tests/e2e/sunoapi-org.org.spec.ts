// The sunoapi-org dialect in the browser (a server of its own whose simulator speaks it, with
// slow stages): a v6 song arrives in stages (the lyrics, then the first take, then both), and
// a recording of one's own is uploaded from a file and covered.
import { expectAccessible, newUser, signUp } from "./fixtures";
import { expect, test } from "./test";

/** A one-second 440 Hz PCM WAV, as a phone might record it. */
function wav(seconds = 1, rate = 8000): Buffer {
  const samples = seconds * rate;
  const bytes = Buffer.alloc(44 + samples * 2);
  bytes.write("RIFF", 0, "ascii");
  bytes.writeUInt32LE(36 + samples * 2, 4);
  bytes.write("WAVEfmt ", 8, "ascii");
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(rate, 24);
  bytes.writeUInt32LE(rate * 2, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write("data", 36, "ascii");
  bytes.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++)
    bytes.writeInt16LE(Math.round(8000 * Math.sin((i / rate) * 2 * Math.PI * 440)), 44 + i * 2);
  return bytes;
}

test("a v6 song arrives in stages, and an uploaded recording is covered", async ({ page }) => {
  test.setTimeout(150_000);
  await signUp(page, newUser());
  await page.goto("/create");

  // a v6 song from a description: the provider writes the lyrics first
  await page.getByRole("tab", { name: "Describe it" }).click();
  await page.getByLabel("Model").selectOption("chirp-hawk");
  await page.getByLabel("Describe the song").fill("a lighthouse keeper greeting the dawn");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const card = page
    .getByRole("list", { name: "Your latest requests" })
    .getByRole("listitem")
    .first();
  await expect(card).toBeVisible({ timeout: 20_000 });

  // watch the card: which stage it shows, each time it changes
  const seen: string[] = [];
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const lyrics = await card.getByRole("region", { name: "Lyrics" }).count();
    const takes = await card.getByRole("link", { name: /^Take \d$/ }).count();
    const ready = await card.getByText("Ready", { exact: true }).count();
    const stage =
      ready && takes === 2
        ? "both takes"
        : takes === 1
          ? "first take"
          : takes === 0 && lyrics
            ? "lyrics"
            : takes === 0
              ? "waiting"
              : `takes ${takes}`;
    if (seen.at(-1) !== stage) seen.push(stage);
    if (stage === "both takes") break;
    await page.waitForTimeout(200);
  }
  expect(seen.filter((s) => s !== "waiting")).toEqual(["lyrics", "first take", "both takes"]);
  await expect(card.getByRole("button", { name: /^Play take \d of / })).toHaveCount(2);

  // my own recording, from a file, covered
  await page.getByRole("tab", { name: "Upload audio" }).click();
  await expect(page.getByRole("radio", { name: "A file" })).toBeChecked();
  await page.getByLabel("Recording").setInputFiles({
    name: "Porch Demo.wav",
    mimeType: "audio/wav",
    buffer: wav(),
  });
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(page.getByText(/Porch Demo\.wav is ready/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("radio", { name: "Cover it" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "Extend it" })).toBeEnabled();
  await expectAccessible(page);
  await page.getByLabel("Style", { exact: true }).fill("bossa nova, nylon guitar");
  await page.getByLabel("Title", { exact: true }).fill("Porch Cover");
  await page.getByLabel("Instrumental cover (no vocals)").check();
  await page.getByRole("button", { name: "Make the cover" }).click();
  const cover = page
    .getByRole("list", { name: "Your latest requests" })
    .getByRole("listitem")
    .filter({ hasText: "Porch Cover" })
    .first();
  await expect(cover).toBeVisible({ timeout: 20_000 });
  await expect(cover.getByText("Ready", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(cover.getByRole("button", { name: /^Play take \d of Porch Cover/ })).toHaveCount(2);
});

test("a file that is not audio is refused before anything is charged", async ({ page }) => {
  await signUp(page, newUser());
  await page.goto("/create");
  await page.getByRole("tab", { name: "Upload audio" }).click();
  await page.getByLabel("Recording").setInputFiles({
    name: "notes.mp3",
    mimeType: "audio/mpeg",
    buffer: Buffer.from("these are my notes, not a recording"),
  });
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(page.getByText(/not an audio file Chorus can read/)).toBeVisible();
  await expect(page.getByText(/You have 500 credits/)).toBeVisible();
});
