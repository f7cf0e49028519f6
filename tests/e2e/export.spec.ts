import { readFile } from "node:fs/promises";

import { expectAccessible, makeInstrumental, newUser, signUp } from "./fixtures";
import { expect, test } from "./test";

test("exporting the library shows progress and saves the ZIP", async ({ page }) => {
  // no save dialog in a headless browser: take the in-memory path (the one most browsers use)
  await page.addInitScript(
    () => delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker,
  );
  await signUp(page, newUser());
  const card = await makeInstrumental(page, "chiptune", "Exported Tune");
  await expect(card.getByText("Saved by Chorus")).toHaveCount(2, { timeout: 30_000 });
  await page.goto("/library");

  const sizes: number[] = [];
  page.on(
    "response",
    (r) =>
      void (r.url().endsWith("/api/export") && sizes.push(Number(r.headers()["x-export-size"]))),
  );
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export all (ZIP)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^chorus-songs-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = await readFile((await file.path())!);
  expect(zip.subarray(0, 2).toString()).toBe("PK");
  expect(zip.length).toBe(sizes[0]); // exactly the size the server announced
  await expect(page.getByRole("status").filter({ hasText: "Export ready" })).toContainText(
    /Export ready: [\d.]+ (KB|MB)\./,
  );
  expect(zip.toString("latin1")).toContain("Exported Tune");
  await expectAccessible(page);
});
