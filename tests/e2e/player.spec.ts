import {
  expectAccessible,
  makeInstrumental,
  newUser,
  openTakes,
  screenshot,
  signUp,
} from "./fixtures";
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
  // both takes as cards (the library stacks them: issue 18)
  const songs = await openTakes(page, "Study Loop");
  await expect(songs).toHaveCount(2);
  await songs
    .nth(0)
    .getByRole("button", { name: /^Play(?! next)/ })
    .click();

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
  // speed: ">" and "<" step it, the bar shows it, a new song keeps it
  const speed = bar.getByLabel("Playback speed");
  const rate = () => audio.evaluate((a: HTMLAudioElement) => a.playbackRate);
  await page.keyboard.press(">");
  await page.keyboard.press(">");
  await expect(speed).toHaveValue("1.5");
  await expect.poll(rate).toBe(1.5);
  await page.keyboard.press("<");
  await expect(speed).toHaveValue("1.25");
  await page.keyboard.press("Shift+ArrowRight");
  await expect(bar).toContainText("2 of 2");
  await expect(bar.getByRole("button", { name: "Next" })).toBeDisabled();
  await expect.poll(rate).toBe(1.25);
  // chosen from the control, it survives a reload, and "?" lists its keys
  await speed.selectOption("2");
  await expect.poll(rate).toBe(2);
  await page.reload();
  await expect(speed).toHaveValue("2");
  await expect.poll(rate).toBe(2);
  await page.getByRole("heading", { level: 1, name: "History" }).click();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help.getByText("Slower or faster")).toBeVisible();
  await expect(help.locator("kbd", { hasText: ">" })).toHaveCount(1);
});

test("the queue: add from the cards' menus, reorder by keyboard, and after a reload it goes on from the same place", async ({
  page,
}) => {
  test.setTimeout(160_000); // four requests to make first
  await signUp(page, newUser());
  for (const title of ["Morning Tide", "Noon Tide", "Evening Tide", "Night Tide"]) {
    const card = await makeInstrumental(page, "ambient", title);
    await expect(card.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  }
  await page.goto("/library");
  const songs = page.getByRole("list", { name: "Songs" }).getByRole("listitem");
  // newest first, each request's two takes stacked as one card: Night, Evening, Noon, Morning
  await expect(songs).toHaveCount(4);
  const titleOf = async (at: number) =>
    (await songs.nth(at).locator("a").first().innerText()).trim();

  await songs
    .nth(0)
    .getByRole("button", { name: /^Play(?! next)/ })
    .first()
    .click();
  const bar = page.getByRole("region", { name: "Player" });
  await expect(bar.getByRole("button", { name: "Pause" })).toBeVisible();
  await bar.getByRole("button", { name: "Pause" }).click(); // songs last ~20 s: hold it here
  // start from a queue of one, then add three from the cards
  await bar.getByRole("button", { name: /^Queue/ }).click();
  const dialog = page.getByRole("dialog", { name: "Queue" });
  await dialog.getByRole("button", { name: "Clear the rest of the queue" }).click();
  await dialog.getByRole("button", { name: "Close" }).click();
  // three more from the cards' menus: two by pointer, the last by keyboard alone
  const titles = [await titleOf(0)];
  for (const at of [2, 3, 1]) {
    const more = songs.nth(at).getByRole("button", { name: /^More for / });
    if (at === 1) {
      await more.focus();
      await page.keyboard.press("Enter");
      const menu = page.getByRole("menu");
      await expect(menu.getByRole("menuitem").first()).toBeFocused();
      await page.keyboard.press("ArrowDown"); // "Play next", then "Add to queue"
      await expect(menu.getByRole("menuitem", { name: "Add to queue" })).toBeFocused();
      await page.keyboard.press("Enter");
      await expect(menu).toHaveCount(0);
      await expect(more).toBeFocused(); // focus returns to the card
    } else {
      await more.click();
      await page.getByRole("menuitem", { name: "Add to queue" }).click();
    }
    await expect(page.getByText(/is in the queue$/).first()).toBeVisible();
    titles.push(await titleOf(at));
  }
  expect(titles).toEqual(["Night Tide", "Noon Tide", "Morning Tide", "Evening Tide"]);
  await expect(bar).toContainText("1 of 4");

  // the last one moves up one place with Alt+↑ on its row
  await bar.getByRole("button", { name: /^Queue/ }).click();
  const rows = dialog.getByRole("list", { name: "Queue" }).getByRole("listitem");
  await expect(rows).toHaveCount(4);
  await rows.nth(3).getByRole("button", { name: /^4\./ }).focus();
  await page.keyboard.press("Alt+ArrowUp");
  await expect(rows.nth(2)).toContainText(titles[3]!);
  await expect(rows.nth(3)).toContainText(titles[2]!);
  await expect(rows.nth(2).getByRole("button", { name: /^3\./ })).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, "player-queue");
  await dialog.getByRole("button", { name: "Close" }).click();

  // songs here are a few seconds long: pause, move to a known place, and reload
  const audio = bar.locator("audio");
  await audio.evaluate(
    (a: HTMLAudioElement) =>
      new Promise<void>((resolve) => {
        a.onseeked = () => resolve();
        a.currentTime = Math.min(2, a.duration / 2);
      }),
  );
  await bar.getByRole("button", { name: "Play" }).click();
  await bar.getByRole("button", { name: "Pause" }).click();
  const at = await audio.evaluate((a: HTMLAudioElement) => a.currentTime);
  expect(at).toBeGreaterThan(0.5);
  await page.reload();
  await expect(bar).toContainText(titles[0]!);
  await expect(bar).toContainText("1 of 4");
  await expect(bar.getByRole("button", { name: "Play" })).toBeVisible(); // paused, as it was
  await expect
    .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime))
    .toBeGreaterThanOrEqual(at - 0.6);
  await bar.getByRole("button", { name: /^Queue/ }).click();
  await expect(rows.nth(2)).toContainText(titles[3]!); // the new order survived too
  await dialog.getByRole("button", { name: "Close" }).click();
  await bar.getByRole("button", { name: "Play" }).click();
  await expect
    .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime))
    .toBeGreaterThan(at + 0.2);
  // at the end of a song the next one in the queue plays (the element says the song ended)
  await audio.evaluate((a: HTMLAudioElement) => void a.dispatchEvent(new Event("ended")));
  await expect(bar).toContainText("2 of 4");
  await expect(bar).toContainText(titles[1]!);
  await expect(bar.getByRole("button", { name: "Pause" })).toBeVisible();
});

test("the clip page and the bar never play at once: the page drives the one player", async ({
  page,
}) => {
  await signUp(page, newUser());
  const card = await makeInstrumental(page, "piano", "Two Rooms");
  await expect(card.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  await page.goto("/library");
  const songs = await openTakes(page, "Two Rooms");
  await expect(songs).toHaveCount(2);
  await songs
    .nth(0)
    .getByRole("button", { name: /^Play(?! next)/ })
    .first()
    .click();
  const bar = page.getByRole("region", { name: "Player" });
  await expect(bar.getByRole("button", { name: "Pause" })).toBeVisible();
  const first = await bar.locator("audio").getAttribute("src");

  await songs.nth(1).locator("a").first().click();
  await expect(page.getByTestId("waveform")).toBeVisible();
  await page.getByRole("button", { name: /^Play Two Rooms/ }).click();
  // the bar now plays this page's song; there is still exactly one audio element
  await expect(page.locator("audio")).toHaveCount(1);
  await expect(bar.locator("audio")).not.toHaveAttribute("src", first!);
  const playing = await page.evaluate(
    () => [...document.querySelectorAll("audio")].filter((a) => !a.paused).length,
  );
  expect(playing).toBe(1);
  await expect(page.getByRole("button", { name: /^Pause Two Rooms/ })).toBeVisible();
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
});
