// The single-file build opens from disk (file://) and works: no server, no other file.
import { test, expect } from "@playwright/test";
import { existsSync } from "node:fs";
import { shots } from "./helpers.mjs";

const file = new URL("../../dist-single/convscope.html", import.meta.url);

/** Skips without the file; else collects the page's errors and every request off the disk. */
function watch(page) {
  test.skip(!existsSync(file), "run `make single` (make test does) first");
  const problems = [];
  const requests = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
  return { problems, requests };
}

test("the single HTML file works from file://", async ({ page }) => {
  const { problems, requests } = watch(page);
  await page.goto(file.href + "?preset=7x7-s3-p1");
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await page.getByTestId("step").click();
  await expect(page.getByTestId("position")).toHaveText("2 / 9");
  await page.screenshot({ path: shots + "single-file.png" });
  expect(requests).toEqual([]);
  expect(problems).toEqual([]);
});

test("from file://, the real-image view and the Korean table come from the file itself", async ({ page }) => {
  const { problems, requests } = watch(page);
  await page.goto(file.href + "?lang=ko&img=pattern");
  await expect(page.getByTestId("quiz-start")).toHaveText("퀴즈 풀기");
  await page.getByTestId("lab").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("lab-map-0")).toBeVisible();
  await expect(page.getByTestId("lab-caption")).toHaveText(/픽셀\.$/);
  await page.getByTestId("lab").screenshot({ path: shots + "single-file-lab-korean.png" });
  expect(requests).toEqual([]);
  expect(problems).toEqual([]);
});

test("from file://, the code panel and the GIF come from the view's wasm inside the file", async ({ page }) => {
  const { problems, requests } = watch(page);
  await page.goto(file.href + "?preset=7x7-s2");
  await page.getByTestId("code").click();
  await expect(page.getByTestId("code-export")).toContainText("nn.Conv2d(in_channels=1, out_channels=1, kernel_size=3, stride=2, padding=0)");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("gif").click()]);
  expect(download.suggestedFilename()).toBe("convscope-7x7x1-f3-s2-p0.gif");
  await expect(page.getByTestId("gif-status")).toContainText("GIF saved: 9 frames");
  expect(requests).toEqual([]);
  expect(problems).toEqual([]);
});
