// The create loop: the form keeps what was typed, every request and take leads back to the form
// ("Reuse prompt", "Remix", "Try again"), advanced options round-trip through the server, the
// latest requests survive a reload, and on a phone a new request's card is brought into view.
import { expectAccessible, makeInstrumental, newUser, screenshot, signUp } from "./fixtures";
import { expect, test } from "./test";

test("reuse a prompt, remix a take, and the requests are still there after a reload", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signUp(page, newUser());
  await page.goto("/create");
  await page.getByRole("tab", { name: "Instrumental" }).click();
  await page.getByText("Advanced options").click();
  await page.getByLabel("Exclude styles").fill("heavy metal");
  const card = await makeInstrumentalHere(page, "lofi beats", "Keep Me");
  const requests = page.getByRole("list", { name: "Your latest requests" }).locator(":scope > li");
  // what was typed stays after the submit
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Keep Me");
  await expect(page.getByLabel("Style", { exact: true })).toHaveValue("lofi beats");
  await expect(card.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  await expect(card.getByRole("paragraph").first()).toHaveText("Keep Me");
  const sent = page.getByText("Your song is on its way.");
  await expect(sent).toBeVisible();

  // "Reuse prompt" puts the request back, the advanced options too (they went to the server)
  await page.getByRole("tab", { name: "Song" }).click();
  await page.getByLabel("Title", { exact: true }).fill("Something else");
  await card.getByRole("button", { name: "Reuse prompt: Keep Me" }).click();
  await expect(page.getByRole("tab", { name: "Instrumental" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Keep Me");
  await expect(page.getByLabel("Exclude styles")).toHaveValue("heavy metal");
  // the last submit's answer was about another request: it goes when the form is refilled
  await expect(sent).toHaveCount(0);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(sent).toBeVisible();
  await expect(requests).toHaveCount(2);
  await expect(card.getByText("Ready")).toBeVisible({ timeout: 30_000 }); // the new request's card

  // "Remix" a take: the form extends it
  await card.getByRole("button", { name: "Remix take 1 of Keep Me" }).click();
  await expect(page.getByRole("tab", { name: "Extend" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByText(/Continuing Keep Me/)).toBeVisible();
  await expect(sent).toHaveCount(0);
  await expect(page.getByLabel("Continue from (seconds)")).not.toHaveValue("");
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 15_000 });
  await expectAccessible(page);
  await screenshot(page, "create-remix");
  await page.getByRole("button", { name: "Extend", exact: true }).click();
  await expect(sent).toBeVisible();
  await expect(requests).toHaveCount(3);
  await expect(requests.first()).toContainText("Keep Me");

  // the latest requests come from the server: a reload keeps them
  await page.reload();
  await expect(requests).toHaveCount(3);
  await expect(requests.nth(2)).toContainText("Keep Me");
});

test("Try again shows the failed request in the form and sends it as a new request", async ({
  page,
}) => {
  await signUp(page, newUser());
  await page.goto("/create");
  await page.getByRole("tab", { name: "Describe it" }).click();
  const text = "a ballad in the style of Taylor Swift"; // the simulator refuses it (moderation)
  await page.getByLabel("Describe the song").fill(text);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const requests = page.getByRole("list", { name: "Your latest requests" }).locator(":scope > li");
  await expect(requests.first().getByText("Failed")).toBeVisible({ timeout: 30_000 });
  await expect(requests.first().getByRole("paragraph").first()).toHaveText(
    "a ballad in the style of…",
  );
  await page.getByLabel("Describe the song").fill("");
  await requests.first().getByRole("button", { name: "Try again" }).click();
  await expect(page.getByLabel("Describe the song")).toHaveValue(text);
  await expect(requests).toHaveCount(2); // a new request, not the old one again
  await expect(requests.first().getByText("Failed")).toBeVisible({ timeout: 30_000 });
});

test("on a phone, submitting brings the new request's card into view", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page, newUser());
  const card = await makeInstrumental(page, "soft rain", "Pocket Song");
  await expect(card).toBeInViewport({ timeout: 15_000 });
  await expect(card.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page);
  await screenshot(page, "create-phone");
});

/** makeInstrumental without navigating: keeps what is already in the form. */
async function makeInstrumentalHere(
  page: import("@playwright/test").Page,
  style: string,
  title: string,
) {
  await page.getByLabel("Style", { exact: true }).fill(style);
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  return page
    .getByRole("list", { name: "Your latest requests" })
    .getByRole("listitem")
    .filter({ hasText: title })
    .first();
}
