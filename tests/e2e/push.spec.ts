// Push instead of polling (issue 21 item 4): while the tab's push channel is up, a live task
// card makes no request on a timer, and changes on the channel's news alone (one refetch
// after the event). With the channel refused, a card gets to its end by polling; History
// follows a request made in another tab.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

import type { Page, Request } from "@playwright/test";
import pg from "pg";

import { newUser, signUp } from "./fixtures";
import { expect, test } from "./test";

const e2eEnv = () =>
  JSON.parse(readFileSync("test-results/e2e-env.json", "utf8")) as { databaseUrl: string };

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
  const user = newUser();
  await signUp(page, user);
  // a request that stays in progress (no upstream id: nothing polls it upstream) and changes
  // only when this test says so, as ingest would: the row and its pg_notify in one transaction
  const sql = new pg.Client({ connectionString: e2eEnv().databaseUrl });
  await sql.connect();
  try {
    const { rows } = await sql.query(`SELECT id FROM users WHERE email = $1`, [user.email]);
    const ownerId = rows[0]!.id as string;
    const taskId = `push-${randomBytes(6).toString("hex")}`;
    await sql.query(
      `INSERT INTO tasks (id, owner_id, operation, status, progress, request, idempotency_key,
         created_at, updated_at)
       VALUES ($1, $2, 'INSTRUMENTAL', 'RUNNING', 10, $3, $1, now(), now())`,
      [taskId, ownerId, JSON.stringify({ title: "Held Open", tags: "dub techno" })],
    );
    await page.goto("/create");
    const card = page
      .getByRole("list", { name: "Your latest requests" })
      .getByRole("listitem")
      .filter({ hasText: "Held Open" });
    await expect(card.getByText("Making your song")).toBeVisible();
    await page.waitForFunction(() => window.__push.ready, undefined, { timeout: 20_000 });

    // the card is live and the channel up: three poll intervals go by without a request
    const requests = taskRequests(page);
    await page.waitForTimeout(6_000);
    expect(requests).toEqual([]);

    // the task ends: the card hears it and refetches, once
    const changedAt = Date.now();
    await sql.query("BEGIN");
    await sql.query(
      `UPDATE tasks SET status = 'FAILED', fail_reason = 'Held, then let go.', finished_at = now()
       WHERE id = $1`,
      [taskId],
    );
    await sql.query(`SELECT pg_notify('chorus_events', $1)`, [
      JSON.stringify({ kind: "task", taskId, ownerId, teamId: null, status: "FAILED" }),
    ]);
    await sql.query("COMMIT");
    await expect(card.getByText("Held, then let go.")).toBeVisible({ timeout: 10_000 });
    const events = await page.evaluate(() => window.__push.events);
    expect(events.some((e) => e.type === "task" && e.data?.includes(taskId))).toBe(true);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.at >= changedAt && r.url.includes(taskId))).toBe(true);
    // and the channel stayed up the whole time (no error, so no fallback to polling)
    expect(events.filter((e) => e.type === "error")).toEqual([]);
  } finally {
    await sql.end();
  }
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
