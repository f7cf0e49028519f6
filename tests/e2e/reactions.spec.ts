// Per-member reactions in a team (issue 18, item 1): two members rate the same team song
// differently and each sees their own rating and the team's count; a viewer likes it.
import { randomBytes } from "node:crypto";

import type { Browser, Page } from "@playwright/test";

import { expectAccessible, makeInstrumental, newUser, signUp } from "./fixtures";
import { expect, test } from "./test";

async function invite(owner: Page, slug: string, role: "Member" | "Viewer") {
  await owner.goto(`/teams/${slug}/members`);
  await owner.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await owner.getByRole("button", { name: "Create invite" }).click();
  return owner.getByLabel("New invite link").inputValue();
}

async function join(browser: Browser, url: string, teamName: string) {
  const page = await (await browser.newContext()).newPage();
  const user = newUser();
  await page.goto(url);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name", { exact: true }).fill(user.name);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("button", { name: `Join ${teamName}` }).click();
  await expect(page.getByText(`Welcome to ${teamName}`)).toBeVisible();
  return { page, user };
}

test("two members rate a team song differently, each sees their own and the team's; a viewer likes it", async ({
  page: ada,
  browser,
}) => {
  test.setTimeout(180_000);
  const teamName = `Rating Band ${randomBytes(2).toString("hex")}`;
  const adaUser = newUser();
  await signUp(ada, adaUser);
  await ada.goto("/teams");
  await ada.getByLabel("Team name").fill(teamName);
  await ada.getByRole("button", { name: "Create team" }).click();
  await expect(ada.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
  const slug = new URL(ada.url()).pathname.split("/").at(-1)!;
  await ada.getByText("Add credits", { exact: true }).first().click();
  await ada.getByLabel("Credits to add").fill("100");
  await ada.getByRole("button", { name: "Add credits" }).click();
  await expect(ada.getByText("Added 100 credits. The team has 100 now.")).toBeVisible();
  const card = await makeInstrumental(ada, "dream pop", "Rate This");
  await expect(card.getByText("Saved by Chorus")).toHaveCount(2, { timeout: 30_000 });

  const ben = await join(browser, await invite(ada, slug, "Member"), teamName);
  const vi = await join(browser, await invite(ada, slug, "Viewer"), teamName);

  // the first take's page, the same song for everyone
  await ada.goto(`/teams/${slug}`);
  const href = await ada
    .getByRole("list", { name: "Songs" })
    .getByRole("listitem")
    .filter({ hasText: "Take 1" })
    .getByRole("link", { name: "Rate This" })
    .getAttribute("href");
  const summary = (page: Page) => page.getByTestId("reaction-summary");

  await ada.goto(href!);
  await ada.getByRole("radio", { name: "5 stars" }).check();
  await ada.getByRole("button", { name: "♡ Like" }).click();
  await expect(summary(ada)).toHaveText("Liked by you · rated 5.0 by 1 person");

  await ben.page.goto(href!);
  await expect(ben.page.getByRole("radio", { name: "5 stars" })).not.toBeChecked();
  await ben.page.getByRole("radio", { name: "3 stars" }).check();
  await expect(summary(ben.page)).toContainText("rated 4.0 by 2 people");
  await expect(ben.page.getByRole("radio", { name: "3 stars" })).toBeChecked();
  await expectAccessible(ben.page);

  // Ada still has her own 5, and sees the team's two ratings
  await ada.reload();
  await expect(ada.getByRole("radio", { name: "5 stars" })).toBeChecked();
  await expect(ada.getByRole("radio", { name: "3 stars" })).not.toBeChecked();
  await expect(summary(ada)).toHaveText("Liked by you · rated 4.0 by 2 people");

  // the viewer likes it from the team library's card menu
  await vi.page.goto(`/teams/${slug}`);
  const viCard = vi.page
    .getByRole("list", { name: "Songs" })
    .getByRole("listitem")
    .filter({ hasText: "Take 1" });
  await viCard.getByRole("button", { name: "More for Rate This" }).click();
  await vi.page.getByRole("menuitem", { name: "Like", exact: true }).click();
  await expect(vi.page.getByText("You like Rate This")).toBeVisible();
  await expect(viCard.getByText("liked", { exact: true })).toHaveCount(1);
  await vi.page.reload();
  await expect(viCard.getByTestId("reactions")).toHaveText(
    `Liked by you and ${adaUser.name} · rated 4.0 by 2`,
  );

  // in the team library each member sees their own star and the team's count and names
  await ben.page.goto(`/teams/${slug}`);
  const benCard = ben.page
    .getByRole("list", { name: "Songs" })
    .getByRole("listitem")
    .filter({ hasText: "Take 1" });
  await expect(benCard.getByText("Your rating: 3")).toBeVisible();
  await expect(benCard.getByTestId("reactions")).toHaveText(
    `Liked by ${adaUser.name} and ${vi.user.name} · rated 4.0 by 2`,
  );
  // "liked by anyone in the team" finds it; "liked by me" does not, for Ben
  await ben.page.getByLabel("Likes").selectOption({ label: "Liked by anyone in the team" });
  await expect(ben.page).toHaveURL(/liked=any/);
  await expect(benCard).toHaveCount(1);
  await ben.page.getByLabel("Likes").selectOption({ label: "Liked by me" });
  await expect(ben.page.getByText("No songs match these filters")).toBeVisible();
  await ada.goto(`/teams/${slug}?rated=4&rater=any`);
  await expect(
    ada.getByRole("list", { name: "Songs" }).getByRole("listitem").filter({ hasText: "Take 1" }),
  ).toHaveCount(1);
  await expectAccessible(ada);
});
