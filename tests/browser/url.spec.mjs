// URL state: every key restores the controls, the page writes its state back into the
// address (replaceState), a reload restores it exactly, and garbage falls back with a notice.
import { test, expect } from "@playwright/test";
import { open, shots } from "./helpers.mjs";

test("a link with every common key restores the controls and the frame", async ({ page }) => {
  const problems = await open(page, "./?n=9&d=3&k=2&f=5&s=2&p=2&round=floor&relu=1&step=3&speed=4");
  for (const [key, value] of [["n", "9"], ["d", "3"], ["k", "2"], ["f", "5"], ["s", "2"], ["p", "2"]]) {
    await expect(page.getByTestId(`field-${key}`)).toHaveValue(value);
  }
  await expect(page.getByTestId("output-shape")).toHaveText("5 × 5 × 2");
  await expect(page.getByTestId("rounding")).toHaveValue("floor");
  await expect(page.getByTestId("relu")).toBeChecked();
  await expect(page.getByTestId("position")).toHaveText("3 / 50");
  await expect(page.getByTestId("speed")).toHaveText("4 steps/s");
  await expect(page.getByTestId("url-notice")).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("the address follows the controls, and a reload restores the same state", async ({ page }) => {
  await open(page);
  expect(new URL(page.url()).search).toBe("");
  await page.getByTestId("field-n").fill("11");
  await page.getByTestId("field-k").fill("3");
  await page.getByTestId("op-pool").click();
  await page.getByTestId("op-conv").click();
  await page.getByTestId("more").click();
  await page.getByTestId("rect").check();
  await page.getByTestId("field-w").fill("13");
  await page.getByTestId("step").click();
  await page.getByTestId("step").click();
  await expect.poll(() => new URL(page.url()).search).toBe("?n=11&k=3&w=13&fw=3&sw=2&step=3");
  const before = await Promise.all(["formula", "output-shape", "param-count", "position"].map((id) => page.getByTestId(id).textContent()));
  await page.reload();
  await expect(page.getByTestId("output-shape")).toBeVisible();
  const after = await Promise.all(["formula", "output-shape", "param-count", "position"].map((id) => page.getByTestId(id).textContent()));
  expect(after).toEqual(before);
  // replaceState: typing did not pile up history entries.
  expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(2);
});

test("a preset travels by name, fixed values included", async ({ page }) => {
  await open(page, "./?preset=pool-4x4&step=2");
  await expect(page.getByTestId("pool-max")).toHaveText("max(2, 4, 7, 8) = 8");
});

test("garbage in the link: defaults, the page works, and a notice says what was ignored", async ({ page }) => {
  const problems = await open(page, "./?n=abc&s=0&round=sideways&zoom=3&step=999&preset=nope");
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  const notice = page.getByTestId("url-notice");
  await expect(notice).toContainText("n=abc: “abc” is not a number");
  await expect(notice).toContainText("s=0: S = 0 is outside 1–16");
  await expect(notice).toContainText("Unknown setting “zoom” was ignored.");
  await expect(notice).toContainText("no lecture example “nope”");
  await page.screenshot({ path: shots + "url-garbage.png" });
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);
  // The page still works, and the address now holds only valid state.
  await page.getByTestId("step").click();
  await expect.poll(() => new URL(page.url()).search).toBe("?step=2");
  expect(problems).toEqual([]);
});
