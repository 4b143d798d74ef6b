// Transposed convolution: the output size s(i − 1) + a + k − 2p for the standard cases, the
// zero-stuffed input and the scatter view, the output-padding rule as a sentence, URL state
// and code export/import. Screenshots of both views go to artifacts/screenshots/.
import { test, expect } from "@playwright/test";
import { dotTerms, open, shots, fullShot } from "./helpers.mjs";

// (N, F, S, P, a) → output side, and the formula with its numbers.
const sizes = [
  [2, 3, 2, 1, 1, 4, "2·(2 − 1) + 1 + 3 − 2·1 = 4"],
  [2, 3, 2, 0, 0, 5, "2·(2 − 1) + 0 + 3 − 2·0 = 5"],
  [3, 3, 2, 1, 0, 5, "2·(3 − 1) + 0 + 3 − 2·1 = 5"],
  [4, 4, 2, 1, 0, 8, "2·(4 − 1) + 0 + 4 − 2·1 = 8"],
  [4, 3, 2, 1, 1, 8, "2·(4 − 1) + 1 + 3 − 2·1 = 8"],
  [5, 3, 1, 1, 0, 5, "1·(5 − 1) + 0 + 3 − 2·1 = 5"],
  [7, 2, 2, 0, 0, 14, "2·(7 − 1) + 0 + 2 − 2·0 = 14"],
];

for (const [n, f, s, p, a, o, expr] of sizes) {
  test(`transposed ${n}×${n}, F ${f}, S ${s}, P ${p}, a ${a} → ${o}×${o}`, async ({ page }) => {
    const problems = await open(page, `./?n=${n}&f=${f}&s=${s}&p=${p}&opad=${a}&transposed=1`);
    await expect(page.getByTestId("output-shape")).toHaveText(`${o} × ${o} × 1`);
    await expect(page.getByTestId("formula")).toHaveText(expr);
    await expect(page.getByTestId("formula-label")).toContainText("S·(W₁ − 1) + a + F − 2P");
    await expect(page.getByTestId("position")).toHaveText(`1 / ${o * o}`);
    expect(problems).toEqual([]);
  });
}

test("the 2×2 → 4×4 preset: zero-stuffed input, rotated filter, a dot product that adds up", async ({ page }) => {
  const problems = await open(page);
  await page.getByTestId("preset").selectOption("tconv-2x2-4x4");
  await expect(page.getByTestId("output-shape")).toHaveText("4 × 4 × 1");
  await expect(page.getByTestId("formula")).toHaveText("2·(2 − 1) + 1 + 3 − 2·1 = 4");
  await expect(page.getByTestId("fit-note")).toContainText(
    "1 zero goes between neighbouring input cells (S − 1), a border of zeros surrounds it: 1 above, 2 below, 1 left and 2 right (F − 1 − P, plus a = 1 below and right)");
  await expect(page.getByTestId("param-count")).toHaveText("3·3·(1/1)·1 + 1 = 10");
  await expect(page.getByTestId("macs")).toHaveText("9 × 2·2 × 1 = 36");
  await expect(page.getByTestId("transposed")).toBeChecked();
  await expect(page.getByTestId("field-opad")).toHaveValue("1");
  await expect(page.getByTestId("rounding")).toBeDisabled();
  // Output (0, 0) reads one input cell; the other 8 taps are border or inserted zeros.
  const pads = async () => (await dotTerms(page)).terms.map((t) => t.pad);
  await expect.poll(async () => (await pads()).length).toBe(9);
  expect((await pads()).filter((p) => p).length).toBe(8);
  expect((await dotTerms(page)).stray).toBe(0);
  await expect(page.getByTestId("status")).toContainText("8 taps on inserted zeros or the border");
  await page.getByTestId("scrubber").fill("15");
  await expect(page.getByTestId("position")).toHaveText("16 / 16");
  await expect(page.getByTestId("dot-target")).toContainText("out[0][3][3]");
  // Output (1, 1) has its window on direct rows and columns 1–3: x0 0 x1 both ways, so all
  // four input cells reach it.
  await page.getByTestId("scrubber").fill("5");
  await expect(page.getByTestId("position")).toHaveText("6 / 16");
  await expect(page.getByTestId("dot-target")).toContainText("out[0][1][1]");
  await expect.poll(async () => (await pads()).filter((p) => !p).length).toBe(4);
  await page.getByTestId("stage").scrollIntoViewIfNeeded();
  await fullShot(page, shots + "transposed-direct.png");
  expect(problems).toEqual([]);
});

test("the scatter view stamps the filter once per input cell and ends at the output", async ({ page }) => {
  const problems = await open(page, "./?preset=tconv-2x2-4x4");
  // A transposed layer opens its section of the controls.
  // The direct view draws the zeros the stride inserts, and its legend names them.
  const inserted = page.locator(".stage .legend .swatch.inserted");
  await expect(inserted).toHaveCount(1);
  await page.getByTestId("scatter").check();
  await expect(page.getByTestId("position")).toHaveText("1 / 4");
  // The scatter view stamps the input as it is: no inserted zeros to name.
  await expect(inserted).toHaveCount(0);
  await expect(page.getByTestId("scatter-target")).toContainText(
    "Input cell (0, 0) stamps its values times filter w0 into map 0 at rows 0–2, columns 0–2 of the untrimmed output");
  await expect(page.getByTestId("scatter-lines")).toContainText(
    "multiplies all 9 weights of w0·c0: 4 products land inside the output, 5 are trimmed by the padding.");
  await page.getByTestId("step").click();
  await expect(page.getByTestId("scatter-target")).toContainText("Input cell (0, 1)");
  await expect(page.getByTestId("scatter-target")).toContainText("columns 2–4");
  await expect(page.getByTestId("status")).toHaveText("Step 2 of 4: input row 0, column 1 stamps filter 0 into map 0.");
  await expect.poll(() => new URL(page.url()).searchParams.get("scatter")).toBe("1");
  await page.getByTestId("stage").scrollIntoViewIfNeeded();
  await fullShot(page, shots + "transposed-scatter.png");
  // Back to the direct view: the window slides again over 16 outputs.
  await page.getByTestId("scatter").uncheck();
  await expect(page.getByTestId("position")).toHaveText("1 / 16");
  expect(problems).toEqual([]);
});

test("an output padding not smaller than the stride gets PyTorch's rule as a sentence", async ({ page }) => {
  const problems = await open(page, "./?n=2&f=3&s=2&p=1&transposed=1");
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await page.getByTestId("field-opad").fill("2");
  await expect(page.getByTestId("output-shape")).toHaveText("no output");
  await expect(page.getByTestId("fit-note")).toHaveText(
    "The output padding a = 2 along the height must be smaller than the stride S = 2 or the dilation d = 1 (PyTorch's rule): it only picks which of the input sizes that a stride-2 convolution maps to one output size the transposed one gives back.");
  await expect(page.getByTestId("play")).toBeDisabled();
  // The page stays usable: a = 1 brings the 4×4 back.
  await page.getByTestId("field-opad").fill("1");
  await expect(page.getByTestId("output-shape")).toHaveText("4 × 4 × 1");
  expect(problems).toEqual([]);
});

test("switching transposed on and off keeps the other controls; the URL follows", async ({ page }) => {
  const problems = await open(page);
  await page.getByTestId("tconv-more").click();
  await page.getByTestId("transposed").check();
  // The default 7×7, F 3, S 2, P 0 transposed: 2·6 + 3 = 15.
  await expect(page.getByTestId("output-shape")).toHaveText("15 × 15 × 1");
  await expect(page).toHaveURL(/transposed=1/);
  await page.getByTestId("transposed").uncheck();
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await expect(page.getByTestId("formula")).toHaveText("(7 − 3 + 2·0) / 2 + 1 = 3");
  expect(problems).toEqual([]);
});

test("code export and import of a transposed layer", async ({ page }) => {
  const problems = await open(page, "./?preset=tconv-2x2-4x4");
  await page.getByTestId("code").click();
  const code = page.getByTestId("code-export");
  await expect(code).toContainText(
    "nn.ConvTranspose2d(in_channels=1, out_channels=1, kernel_size=3, stride=2, padding=1, output_padding=1)");
  await expect(code).toContainText("# input: (batch, 1, 2, 2) → output: (batch, 1, 4, 4)");
  await page.getByTestId("code-torch7").click();
  await expect(code).toContainText("nn.SpatialFullConvolution(1, 1, 3, 3, 2, 2, 1, 1, 1, 1)");
  await page.getByTestId("code-caffe").click();
  await expect(code).toContainText('type: "Deconvolution"');
  await expect(code).toContainText("There is no output padding here");
  await page.getByTestId("code-import").fill("nn.ConvTranspose2d(1, 4, 4, stride=2, padding=1)");
  await page.getByTestId("code-import-go").click();
  await expect(page.getByTestId("code-import-result")).toContainText("Read as PyTorch");
  // N stays 2: 2·(2 − 1) + 0 + 4 − 2·1 = 4.
  await expect(page.getByTestId("output-shape")).toHaveText("4 × 4 × 4");
  await expect(page.getByTestId("field-opad")).toHaveValue("0");
  expect(problems).toEqual([]);
});
