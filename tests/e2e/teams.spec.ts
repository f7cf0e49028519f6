import { randomBytes } from "node:crypto";

import type { Page } from "@playwright/test";

import { expectAccessible, makeInstrumental, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

const header = (page: Page) => page.getByRole("banner");

async function switchTo(page: Page, workspace: string) {
  await header(page)
    .getByRole("button", { name: /^Workspace:/ })
    .click();
  await header(page)
    .getByRole("button", { name: new RegExp(`^${workspace}`) })
    .click();
  await expect(page).toHaveURL(workspace === "Personal" ? /\/library$/ : /\/teams\/[\w-]+$/); // the switch has landed
}

async function songId(page: Page, title: string) {
  const href = await page
    .getByRole("list", { name: "Songs" })
    .getByRole("link", { name: title })
    .first()
    .getAttribute("href");
  return href!.split("/clips/")[1]!;
}

test("two people in a team hear each other's team songs and never each other's personal ones", async ({
  page: alice,
  browser,
}) => {
  test.setTimeout(180_000);
  const teamName = `Garage Band ${randomBytes(2).toString("hex")}`;

  // Alice makes a team: she is its owner and it becomes her workspace
  await signUp(alice, newUser());
  await alice.goto("/teams");
  await alice.getByLabel("Team name").fill(teamName);
  await alice.getByRole("button", { name: "Create team" }).click();
  await expect(alice.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
  await expect(header(alice).getByRole("button", { name: /^Workspace:/ })).toContainText(teamName);
  await expect(alice.getByText("No team songs yet")).toBeVisible();

  // a new team's budget is 0: she funds it from her own credits
  await expect(alice.getByText(/· 0 credits/)).toBeVisible();
  await alice.getByText("Add credits", { exact: true }).first().click();
  await alice.getByLabel("Credits to add").fill("100");
  await alice.getByRole("button", { name: "Add credits" }).click();
  await expect(alice.getByText("Added 100 credits. The team has 100 now.")).toBeVisible();

  // a team song (charged to the team) and, in her personal workspace, a private one
  const teamCard = await makeInstrumental(alice, "surf rock", "Team Anthem");
  await expect(alice.getByText(`Making songs in the team ${teamName}`)).toBeVisible();
  await expect(teamCard.getByText("Saved by Chorus")).toHaveCount(2, { timeout: 30_000 });
  await switchTo(alice, "Personal");
  await expect(alice).toHaveURL(/\/library$/);
  const privateCard = await makeInstrumental(alice, "dark ambient", "Alice Private");
  await expect(privateCard.getByText("Saved by Chorus")).toHaveCount(2, { timeout: 30_000 });
  await alice.goto("/library");
  const alicePrivateId = await songId(alice, "Alice Private");

  // she invites by link
  await switchTo(alice, teamName);
  await alice.getByRole("link", { name: /^Members/ }).click();
  await alice.getByRole("button", { name: "Create invite" }).click();
  const inviteUrl = await alice.getByLabel("New invite link").inputValue();
  expect(inviteUrl).toMatch(/\/invite\/[\w-]{32}$/);
  await expectAccessible(alice);
  await screenshot(alice, "team-members");

  // Bob, new to Chorus, signs up through the link and joins
  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await bob.goto(inviteUrl);
  await expect(bob.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
  await expectAccessible(bob);
  await screenshot(bob, "team-invite");
  await bob.getByRole("link", { name: "Create an account" }).click();
  const bobUser = newUser();
  await bob.getByLabel("Name", { exact: true }).fill(bobUser.name);
  await bob.getByLabel("Email", { exact: true }).fill(bobUser.email);
  await bob.getByLabel("Password", { exact: true }).fill(bobUser.password);
  await bob.getByRole("button", { name: "Create account" }).click();
  await bob.getByRole("button", { name: `Join ${teamName}` }).click();
  await expect(bob.getByText(`Welcome to ${teamName}`)).toBeVisible();

  // he sees and plays Alice's team song; her personal song does not exist for him
  const songs = bob.getByRole("list", { name: "Songs" }).getByRole("listitem");
  // the request's two takes are one stack (issue 18)
  await expect(songs.filter({ hasText: "Team Anthem" })).toHaveCount(1);
  await expect(bob.getByText("Alice Private")).toHaveCount(0);
  await songs
    .filter({ hasText: "Team Anthem" })
    .first()
    .getByRole("button", { name: /^Play(?! next)/ })
    .click();
  const bar = bob.getByRole("region", { name: "Player" });
  await expect
    .poll(() => bar.locator("audio").evaluate((a: HTMLAudioElement) => a.currentTime))
    .toBeGreaterThan(0.3);
  const missing = await bob.goto(`/clips/${alicePrivateId}`);
  expect(missing?.status()).toBe(404);
  expect((await bob.request.get(`/api/media/${alicePrivateId}/audio`)).status()).toBe(404);

  // Bob makes a team song of his own, and a personal one
  const bobCard = await makeInstrumental(bob, "garage punk", "Bob Jam");
  await expect(bobCard.getByText("Saved by Chorus")).toHaveCount(2, { timeout: 30_000 });
  await switchTo(bob, "Personal");
  await bob.goto("/create");
  await expect(bob.getByText("You have")).toBeVisible(); // the personal workspace, not the team's
  const bobPrivate = await makeInstrumental(bob, "bedroom pop", "Bob Private");
  await expect(bobPrivate.getByText("Saved by Chorus")).toHaveCount(2, { timeout: 30_000 });

  // Alice hears Bob's team song, filters the team library by creator, and never sees his personal one
  await switchTo(alice, teamName);
  const teamSongs = alice.getByRole("list", { name: "Songs" }).getByRole("listitem");
  await expect(teamSongs.filter({ hasText: "Bob Jam" })).toHaveCount(1);
  await expect(teamSongs.filter({ hasText: `by ${bobUser.name}` })).toHaveCount(1);
  await expect(alice.getByText("Bob Private")).toHaveCount(0);
  await alice.getByLabel("Made by").selectOption({ label: bobUser.name });
  await expect(alice).toHaveURL(/creator=/);
  await expect(teamSongs).toHaveCount(1);
  await expect(teamSongs.filter({ hasText: "Team Anthem" })).toHaveCount(0);
  await teamSongs
    .first()
    .getByRole("button", { name: /^Play(?! next)/ })
    .click();
  await expect
    .poll(() =>
      alice
        .getByRole("region", { name: "Player" })
        .locator("audio")
        .evaluate((a: HTMLAudioElement) => a.currentTime),
    )
    .toBeGreaterThan(0.3);
  await expectAccessible(alice);
  await screenshot(alice, "team-library");

  // the audit log tells the story
  await alice.goto(new URL(alice.url()).pathname + "/audit");
  await expect(alice.getByText(`joined as member`)).toBeVisible();
  await expect(alice.getByText("created an invite link for a member")).toBeVisible();
  await bobContext.close();
});
