// Push instead of polling (issue 21 item 4): while the tab's push channel is up, a task card
// follows its task to the end on the channel's news alone; every request for tasks the page
// makes is either the first for a new list or follows an event (nothing polls on a timer).
// With the channel refused, the same card gets there by polling.
import type { Page, Request } from "@playwright/test";

import { newUser, signUp } from "./fixtures";
import { expect, test } from "./test";

type Logged = { type: string; at: number; data?: string };
declare global {
  interface Window {
    __push: { ready: boolean; events: Logged[] };
  }
}

/** Records what the page's EventSource hears, before the app's own listeners run. */
async function recordPushEvents(page: Page) {
  await page.addInitScript(() => {
    window.__push = { ready: false, events: [] };
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener("ready", () => {
          window.__push.ready = true;
          window.__push.events.push({ type: "ready", at: Date.now() });
        });
        this.addEventListener("error", () =>
          window.__push.events.push({ type: "error", at: Date.now() }),
        );
        this.addEventListener("task", (event) =>
          window.__push.events.push({ type: "task", at: Date.now(), data: event.data }),
        );
      }
    };
  });
}

function taskRequests(page: Page) {
  const seen: { url: string; at: number }[] = [];
  page.on("request", (request: Request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/tasks"))
      seen.push({ url: url.pathname + url.search, at: Date.now() });
  });
  return seen;
}

async function submitInstrumental(page: Page, title: string) {
  await page.getByRole("tab", { name: "Instrumental" }).click();
  await page.getByLabel("Style", { exact: true }).fill("dub techno");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  return page
    .getByRole("list", { name: "Your latest requests" })
    .getByRole("listitem")
    .filter({ hasText: title })
    .first();
}

test("a task card updates from the push channel, with no polling while it is up", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await recordPushEvents(page);
  await signUp(page, newUser());
  await page.goto("/create");
  // the channel opens once there is something to watch: a first request
  const first = await submitInstrumental(page, "Warming Up");
  await page.waitForFunction(() => window.__push.ready, undefined, { timeout: 20_000 });
  await expect(first.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  await expect(first.getByText("Saved by Chorus")).toHaveCount(2, { timeout: 30_000 });

  // with the channel up, the next request is followed on its news alone
  const upAt = Date.now();
  const requests = taskRequests(page);
  const card = await submitInstrumental(page, "Pushed Along");
  await expect(card.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText("Saved by Chorus")).toHaveCount(2, { timeout: 30_000 });
  // quiet for longer than two poll intervals: a timer would show here
  await page.waitForTimeout(5_000);

  const events = await page.evaluate(() => window.__push.events);
  const taskEvents = events.filter((e) => e.type === "task" && e.at >= upAt);
  expect(taskEvents.some((e) => e.data?.includes('"SUCCEEDED"'))).toBe(true);
  // each list's first request is the page asking for a new list (the new request's id);
  // every later one must follow an event of the channel (its revalidation), never a timer
  const firstOf = new Set<string>();
  const unprompted = requests.filter((r) => {
    if (!firstOf.has(r.url)) return void firstOf.add(r.url);
    return !taskEvents.some((e) => e.at <= r.at + 50 && r.at - e.at < 1_000);
  });
  expect(requests.length).toBeGreaterThan(0);
  expect(unprompted).toEqual([]);
  // and the channel stayed up the whole time (no error, so no fallback to polling)
  expect(events.filter((e) => e.type === "error" && e.at >= upAt)).toEqual([]);
});

test("with the push channel refused, the card gets there by polling", async ({ page }) => {
  test.setTimeout(90_000);
  await page.route("**/api/events", (route) => route.abort());
  await signUp(page, newUser());
  await page.goto("/create");
  const requests = taskRequests(page);
  const card = await submitInstrumental(page, "Polled Along");
  await expect(card.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  // the card showed the task pending first: only a repeated request can have brought "Ready"
  const ids = requests.filter((r) => r.url.startsWith("/api/tasks?ids="));
  expect(ids.length).toBeGreaterThan(1);
});

test("History follows the push channel: a request made in another tab appears, done", async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await recordPushEvents(page);
  await signUp(page, newUser());
  await page.goto("/history");
  await page.waitForFunction(() => window.__push.ready, undefined, { timeout: 20_000 });
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.filter({ hasText: "Heard in History" })).toHaveCount(0);

  const other = await context.newPage();
  await other.goto("/create");
  const card = await submitInstrumental(other, "Heard in History");
  await expect(card.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  // no reload: the History tab re-rendered on the task's news
  await expect(rows.filter({ hasText: "Done" })).toHaveCount(1, { timeout: 15_000 });
  await expect(rows.filter({ hasText: "Done" }).getByRole("link").first()).toContainText(
    "Heard in History",
  );
});
