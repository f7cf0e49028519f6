// The simulator's songs are real media: Chromium decodes the audio, reports the duration the
// API announced, seeks with Range requests, and shows the cover.
import { startSimulator, type Simulator } from "../../simulator/server";
import { expect, test } from "./test";

let sim: Simulator;
test.beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: ["sk-e2e"], stepMs: 10, clipSeconds: 6 });
});
test.afterAll(() => sim.stop());

async function finishedSong() {
  const headers = { authorization: "Bearer sk-e2e", "content-type": "application/json" };
  const submitted = await fetch(`${sim.url}/suno/submit/music`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      prompt: "[Verse]\nLanterns on the water",
      tags: "folk",
      title: "Lanterns",
      mv: "chirp-hawk",
    }),
  });
  const { data: id } = (await submitted.json()) as { data: string };
  sim.admin.complete(id);
  const fetched = await fetch(`${sim.url}/suno/fetch/${id}`, { headers });
  const { data } = (await fetched.json()) as {
    data: { data: Array<{ audio_url: string; image_url: string; duration: number }> };
  };
  return data.data[0]!;
}

test("a simulated song plays, seeks and shows its cover in Chromium", async ({ page }) => {
  const clip = await finishedSong();
  await page.setContent(
    `<audio id="a" src="${clip.audio_url}" preload="auto" muted></audio><img id="c" src="${clip.image_url}" alt="cover">`,
  );

  const duration = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const audio = document.getElementById("a") as HTMLAudioElement;
        if (audio.readyState >= 1) resolve(audio.duration);
        audio.onloadedmetadata = () => resolve(audio.duration);
        audio.onerror = () => reject(new Error(`audio error ${audio.error?.code}`));
      }),
  );
  expect(duration).toBeCloseTo(clip.duration, 1);

  const played = await page.evaluate(async () => {
    const audio = document.getElementById("a") as HTMLAudioElement;
    audio.muted = true;
    await audio.play();
    await new Promise((r) => setTimeout(r, 600));
    const t = audio.currentTime;
    audio.pause();
    return t;
  });
  expect(played).toBeGreaterThan(0.2);

  const seekedTo = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const audio = document.getElementById("a") as HTMLAudioElement;
        audio.onseeked = () => resolve(audio.currentTime);
        audio.currentTime = audio.duration / 2;
      }),
  );
  expect(seekedTo).toBeCloseTo(duration / 2, 0);

  const cover = await page.evaluate(() => {
    const img = document.getElementById("c") as HTMLImageElement;
    return img.decode().then(() => [img.naturalWidth, img.naturalHeight]);
  });
  expect(cover).toEqual([256, 256]);
});
