// Code export and import: the layer as PyTorch, Torch7 and Caffe; each dialect read back.
import { test, expect } from "@playwright/test";
import { open, shots } from "./helpers.mjs";

test("the current layer is exported in each dialect", async ({ page }) => {
  const problems = await open(page, "./?preset=32x32x3-k10-p2");
  await page.getByTestId("code").click();
  const code = page.getByTestId("code-export");
  await expect(code).toContainText("nn.Conv2d(in_channels=3, out_channels=10, kernel_size=5, stride=1, padding=2)");
  await expect(code).toContainText("# input: (batch, 3, 32, 32) → output: (batch, 10, 32, 32)");
  await page.getByTestId("code-torch7").click();
  await expect(code).toContainText("nn.SpatialConvolution(3, 10, 5, 5, 1, 1, 2, 2)");
  await page.getByTestId("code-caffe").click();
  await expect(code).toContainText("num_output: 10");
  await page.getByTestId("code").scrollIntoViewIfNeeded();
  await page.screenshot({ path: shots + "code-caffe.png" });
  expect(problems).toEqual([]);
});

for (const [dialect, snippet, shape] of [
  ["PyTorch", "nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)", "4 × 4 × 16"],
  ["PyTorch", "nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)", "3 × 3 × 1"],
  // What the call leaves out is PyTorch's default (stride 1), not the page's (stride 2).
  ["PyTorch", "nn.Conv2d(1, 6, 5)", "3 × 3 × 6"],
  ["Torch7", "nn.SpatialConvolution(1, 4, 3, 3, 1, 1, 1, 1)", "7 × 7 × 4"],
  ["Caffe", "layer { type: \"Convolution\"\n convolution_param {\n num_output: 6\n kernel_size: 5\n stride: 1\n pad: 2\n }\n}", "7 × 7 × 6"],
]) {
  test(`importing ${dialect}: ${snippet.split("\n")[0]}`, async ({ page }) => {
    await open(page);
    await page.getByTestId("code").click();
    await page.getByTestId("code-import").fill(snippet);
    await page.getByTestId("code-import-go").click();
    await expect(page.getByTestId("code-import-result")).toContainText(`Read as ${dialect}`);
    await expect(page.getByTestId("output-shape")).toHaveText(shape);
  });
}

test("an unsupported snippet gets a sentence and changes nothing", async ({ page }) => {
  await open(page);
  await page.getByTestId("code").click();
  await page.getByTestId("code-import").fill("model.fit(x, y)");
  await page.getByTestId("code-import-go").click();
  await expect(page.getByTestId("code-import-result")).toContainText("not a snippet ConvScope reads");
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await page.getByTestId("code-import").fill("nn.Conv2d(1, 2, 3, groups=2)");
  await page.getByTestId("code-import-go").click();
  // Groups are read; when they do not divide the channels, the import and the formula say so.
  await expect(page.getByTestId("code-import-result")).toContainText("The input depth D₁ = 1 is not divisible by G = 2");
  await expect(page.getByTestId("output-shape")).toHaveText("no output");
  await expect(page.getByTestId("fit-note")).toContainText("not divisible by G = 2");
});
