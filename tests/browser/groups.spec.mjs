// Grouped and depthwise convolution: parameter counts F·F·(D₁/G)·K + K with the numbers, each
// filter against its own group's channels, sentences when G does not divide D₁ or K, the
// depthwise-separable stack, URL state and code export. A screenshot of the depthwise view.
import { test, expect } from "@playwright/test";
import { open, shots, fullShot } from "./helpers.mjs";

const counts = [
  ["?d=4&k=6&g=2&s=1&p=1", "3·3·(4/2)·6 + 6 = 114", "7 × 7 × 6"],
  ["?d=4&k=4&g=4&s=1&p=1", "3·3·(4/4)·4 + 4 = 40", "7 × 7 × 4"],
  ["?d=4&k=8&g=4&s=1&p=1", "3·3·(4/4)·8 + 8 = 80", "7 × 7 × 8"],
  ["?d=8&k=8&g=2&f=5&s=1&p=2&bias=0", "5·5·(8/2)·8 = 800", "7 × 7 × 8"],
  ["?n=27&d=96&k=256&g=2&f=5&s=1&p=2", "5·5·(96/2)·256 + 256 = 307,456", "27 × 27 × 256"],
];

for (const [query, params, shape] of counts) {
  test(`grouped parameters ${query}: ${params}`, async ({ page }) => {
    const problems = await open(page, "./" + query);
    await expect(page.getByTestId("param-count")).toHaveText(params);
    await expect(page.getByTestId("output-shape")).toHaveText(shape);
    expect(problems).toEqual([]);
  });
}

test("depthwise: one filter per channel, drawn against that channel only", async ({ page }) => {
  const problems = await open(page);
  await page.getByTestId("preset").selectOption("depthwise");
  await expect(page.getByTestId("param-count")).toHaveText("3·3·(4/4)·4 + 4 = 40");
  await expect(page.getByTestId("fit-note")).toContainText("Depthwise (G = D₁ = 4): each filter sees one channel");
  await expect(page.getByTestId("field-g")).toHaveValue("4");
  // The dot product of filter 0 has one channel; after 49 steps filter 1 reads channel 1.
  await expect(page.getByTestId("dot-product").locator("tr.channel")).toHaveCount(1);
  await expect(page.getByTestId("dot-product").locator("tr.channel th")).toHaveText("c0");
  await page.getByTestId("scrubber").fill("49");
  await expect(page.getByTestId("dot-target")).toContainText("out[1][0][0]");
  await expect(page.getByTestId("dot-product").locator("tr.channel th")).toHaveText("c1");
  await page.getByTestId("stage").scrollIntoViewIfNeeded();
  await fullShot(page, shots + "depthwise.png");
  await expect(page).toHaveURL(/g=4/);
  await page.getByTestId("code").click();
  await expect(page.getByTestId("code-export")).toContainText("padding=1, groups=4)");
  expect(problems).toEqual([]);
});

test("groups that do not divide D₁ or K get a sentence, and the page stays usable", async ({ page }) => {
  const problems = await open(page, "./?d=4&k=4&s=1&p=1");
  await page.getByTestId("tconv-more").click();
  await page.getByTestId("field-g").fill("3");
  await expect(page.getByTestId("output-shape")).toHaveText("no output");
  await expect(page.getByTestId("fit-note")).toHaveText(
    "The input depth D₁ = 4 is not divisible by G = 3: its channels cannot be split into 3 equal groups.");
  await expect(page.getByTestId("param-count")).toContainText("not divisible by G = 3");
  await expect(page.getByTestId("play")).toBeDisabled();
  await page.getByTestId("field-g").fill("2");
  await page.getByTestId("field-k").fill("3");
  await expect(page.getByTestId("fit-note")).toHaveText(
    "K = 3 filters cannot be split into G = 2 equal groups: K must be divisible by G as well.");
  await page.getByTestId("field-k").fill("6");
  await expect(page.getByTestId("output-shape")).toHaveText("7 × 7 × 6");
  await expect(page.getByTestId("param-count")).toHaveText("3·3·(4/2)·6 + 6 = 114");
  expect(problems).toEqual([]);
});

test("the depthwise-separable stack needs 2,432 parameters where a full 3×3 conv needs 18,496", async ({ page }) => {
  const problems = await open(page);
  await page.getByTestId("network").selectOption("separable");
  await expect(page.getByTestId("stack-params-0")).toHaveText("3·3·(32/32)·32 + 32 = 320");
  await expect(page.getByTestId("stack-params-2")).toHaveText("(1·1·32)·64 + 64 = 2,112");
  await expect(page.getByTestId("stack-total")).toHaveText("2,432");
  await page.getByTestId("network").selectOption("full-3x3");
  await expect(page.getByTestId("stack-total")).toHaveText("18,496");
  expect(problems).toEqual([]);
});
