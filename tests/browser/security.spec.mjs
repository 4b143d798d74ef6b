// No user-provided text reaches the DOM as HTML (issue #7): markup typed into a box, put in the
// address or pasted as code is shown as text, runs nothing and loads nothing.
// (Strict CSP and same-origin requests on every view: deploy.spec.mjs.)
import { test, expect } from "@playwright/test";
import { open } from "./helpers.mjs";

const PAYLOAD = `<img src=/pwned.png onerror="window.__pwned=1"><b id=injected>x</b>`;

test("markup in the address, a box and a pasted snippet stays text", async ({ page }) => {
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.addInitScript(() => { window.__pwned = 0; });
  const q = new URLSearchParams([["n", PAYLOAD], [PAYLOAD, "1"], ["preset", PAYLOAD], ["round", PAYLOAD]]);
  const problems = await open(page, `./?${q}`);
  const notice = page.getByTestId("url-notice");
  await expect(notice).toContainText("n=<img src=/pwned.png oner");
  await expect(notice).toContainText("Unknown setting “<img src=/pwned.png oner");
  await page.getByTestId("field-d").fill(PAYLOAD);
  await expect(page.getByTestId("error-d")).toContainText("“<img src=/pwned.png oner");
  await page.getByTestId("code").click();
  await page.getByTestId("code-import").fill(`nn.Conv2d(3, 6, 3, ${PAYLOAD})`);
  await page.getByTestId("code-import-go").click();
  await expect(page.getByTestId("code-import-result")).toContainText("<img src=/pwned.png oner… is not supported");
  // Nothing was parsed as markup: no element came from the payload, nothing ran or loaded.
  await expect(page.locator("#injected")).toHaveCount(0);
  expect(await page.locator("img").count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBe(0);
  expect(requests.filter((p) => p.includes("pwned"))).toEqual([]);
  expect(problems).toEqual([]);
});
