import { expectAccessible, makeInstrumental, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

test("history shows every request with its cost, refunds and reasons, filtered through the URL", async ({
  page,
}) => {
  await signUp(page, newUser());
  await makeInstrumental(page, "calm piano", "Rain Study");
  await expect(page.getByText("Your song is on its way.")).toBeVisible();
  // the simulator refuses anything naming this artist (a moderation failure)
  await page.getByRole("tab", { name: "Describe it" }).click();
  await page.getByLabel("Describe the song").fill("a ballad in the style of Taylor Swift");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const list = page.getByRole("list", { name: "Your latest requests" });
  await expect(list.getByText("Failed")).toBeVisible({ timeout: 30_000 });
  await expect(list.getByText("10 credits were returned to you.")).toBeVisible();
  await expect(list.getByText("Ready")).toBeVisible({ timeout: 30_000 });

  await page
    .getByRole("navigation", { name: "Main" })
    .first()
    .getByRole("link", { name: "History" })
    .click();
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(3); // header + 2
  await expect(page.getByRole("row").filter({ hasText: "Failed" })).toContainText("10 refunded");
  await expect(page.getByRole("row").filter({ hasText: "Failed" })).toContainText(/content rules/);
  await expect(page.getByRole("row").filter({ hasText: "Done" }).getByRole("link")).toHaveCount(2);
  await expectAccessible(page);
  await screenshot(page, "history");

  await page.getByLabel("Status").selectOption("failed");
  await expect(page).toHaveURL(/\/history\?status=failed$/);
  await expect(rows).toHaveCount(2);
  await page.getByLabel("Kind of request").selectOption("INSTRUMENTAL");
  await expect(page).toHaveURL(/status=failed&operation=INSTRUMENTAL/);
  await expect(page.getByText("No requests match these filters.")).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/history\?status=failed$/);
  await expect(rows).toHaveCount(2);
});
