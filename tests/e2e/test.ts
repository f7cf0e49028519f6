// The `test` every spec uses: Playwright's, failing any test during which a page (in its own
// context or any context it opens) reports a Content Security Policy violation.
import { test as base, expect, type BrowserContext } from "@playwright/test";

export { expect };

export const test = base.extend<{ cspGuard: void; cspViolationsExpected: boolean }>({
  /** set by a test that provokes a violation on purpose */
  cspViolationsExpected: [false, { option: true }],
  cspGuard: [
    async ({ context, browser, cspViolationsExpected }, use) => {
      const violations: string[] = [];
      const watch = (ctx: BrowserContext) =>
        ctx.on("console", (message) => {
          if (/Content Security Policy/i.test(message.text()))
            violations.push(`${message.location().url}: ${message.text()}`);
        });
      watch(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const created = await newContext(...args);
        watch(created);
        return created;
      };
      await use();
      browser.newContext = newContext;
      if (!cspViolationsExpected)
        expect(violations, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});
