// The conv-layer explainer: every lecture preset shows the notes' numbers; depth, several
// filters, the rounding policies and the bias switch. Screenshots go to artifacts/screenshots/.
import { test, expect } from "@playwright/test";
import { cellAt, dotTerms, open, shots, fullShot } from "./helpers.mjs";

// The numbers the lecture notes give for each example (shape W2 × H2 × D2, parameters).
const notes = [
  ["7x7-s1", "5 × 5 × 1", "(3·3·1)·1 + 1 = 10"],
  ["7x7-s2", "3 × 3 × 1", null],
  ["7x7-s3", "does not fit", null],
  ["7x7-s3-p1", "3 × 3 × 1", null],
  ["32x32x3-k6", "28 × 28 × 6", "(5·5·3)·6 + 6 = 456"],
  ["stack-28-24", "24 × 24 × 10", "(5·5·6)·10 + 10 = 1,510"],
  ["32-pad-keeps", "32 × 32 × 6", null],
  ["32x32x3-k10-p2", "32 × 32 × 10", "(5·5·3)·10 + 10 = 760"],
  ["f3-s1-p1", "7 × 7 × 2", null],
  ["f5-s1-p2", "8 × 8 × 2", null],
  ["f5-s2-p", "6 × 6 × 2", null],
  ["f1-s1-p0", "7 × 7 × 2", "(1·1·4)·2 + 2 = 10"],
  ["cs231n-demo", "3 × 3 × 2", "(3·3·3)·2 + 2 = 56"],
  ["caffe-conv1", "55 × 55 × 96", "(11·11·3)·96 + 96 = 34,944"],
  ["alexnet-224", "does not fit", "(11·11·3)·96 + 96 = 34,944"],
  ["pool-4x4", "2 × 2 × 1", "0 (pooling has no parameters)"],
  ["pool-alexnet", "27 × 27 × 96", "0 (pooling has no parameters)"],
];

for (const [id, shape, params] of notes) {
  test(`preset ${id} shows ${shape}`, async ({ page }) => {
    const problems = await open(page);
    await page.getByTestId("preset").selectOption(id);
    await expect(page.getByTestId("output-shape")).toHaveText(shape);
    if (params) await expect(page.getByTestId("param-count")).toHaveText(params);
    // The preset stays selected, and the controls show its values.
    await expect(page.getByTestId("preset")).toHaveValue(id);
    if (["f3-s1-p1", "32x32x3-k6", "caffe-conv1", "f1-s1-p0", "7x7-s3"].includes(id)) {
      await fullShot(page, `${shots}preset-${id}.png`);
    }
    expect(problems).toEqual([]);
  });
}

test("AlexNet's 224 input: the sentence explains the remainder; 227 fits", async ({ page }) => {
  await open(page);
  await page.getByTestId("preset").selectOption("alexnet-224");
  await expect(page.getByTestId("formula")).toHaveText("(224 − 11 + 2·0) / 4 + 1 = 54.25");
  await expect(page.getByTestId("fit-note")).toContainText("remainder of 1");
  await expect(page.getByTestId("play")).toBeDisabled();
  await page.getByTestId("field-n").fill("227");
  await expect(page.getByTestId("output-shape")).toHaveText("55 × 55 × 96");
  await expect(page.getByTestId("preset")).toHaveValue("caffe-conv1");
  await expect(page.getByTestId("macs")).toHaveText("363 × 55·55 × 96 = 105,415,200");
  // Too large to animate: the page says why instead of freezing.
  await expect(page.getByTestId("dot-none")).toContainText("227 × 227");
});

test("depth 3 and two filters: the dot product has one line per channel and the steps run filter by filter", async ({ page }) => {
  await open(page);
  await page.getByTestId("preset").selectOption("f3-s1-p1");
  await expect(page.getByTestId("position")).toHaveText("1 / 98");
  const rows = page.getByTestId("dot-product").locator("tr.channel");
  await expect(rows).toHaveCount(3);
  await expect(rows.locator("th")).toHaveText(["R", "G", "B"]);
  await page.keyboard.press("End");
  await expect(page.getByTestId("position")).toHaveText("98 / 98");
  await expect(page.getByTestId("dot-target")).toHaveText("out[1][6][6] = Σ over 3 channels of w1·x, + bias");
  // The channel sums plus the bias equal the total.
  const sums = await rows.locator(".chsum").allTextContents();
  const val = (s) => Number(s.replace(/[=()\s]/g, "").replace("−", "-"));
  const bias = val((await page.locator(".total-row .terms").textContent()).match(/\(bias (.*)\)$/)[1]);
  const total = val(await page.getByTestId("dot-total").textContent());
  expect(sums.map(val).reduce((a, b) => a + b, 0) + bias).toBe(total);
  await fullShot(page, shots + "explainer-d3-k2-last.png");
});

test("rounding policies: floor, ceil and SAME change the output and say what they did", async ({ page }) => {
  await open(page);
  await page.getByTestId("field-s").fill("3");
  await expect(page.getByTestId("output-shape")).toHaveText("does not fit");
  await page.getByTestId("rounding").selectOption("floor");
  await expect(page.getByTestId("formula")).toHaveText("⌊(7 − 3 + 2·0) / 3⌋ + 1 = 2");
  await expect(page.getByTestId("output-shape")).toHaveText("2 × 2 × 1");
  await page.getByTestId("rounding").selectOption("ceil");
  await expect(page.getByTestId("formula")).toHaveText("⌈(7 − 3 + 2·0) / 3⌉ + 1 = 3");
  await expect(page.getByTestId("fit-note")).toContainText("past the padded input");
  await fullShot(page, shots + "rounding-ceil.png");
  await page.getByTestId("field-n").fill("6");
  await page.getByTestId("field-s").fill("2");
  await page.getByTestId("rounding").selectOption("same");
  await expect(page.getByTestId("formula")).toHaveText("⌈6 / 2⌉ = 3");
  await expect(page.getByTestId("fit-note")).toContainText("0 top/left and 1 bottom/right");
});

test("bias off removes the K biases from the count", async ({ page }) => {
  await open(page);
  await page.getByTestId("preset").selectOption("32x32x3-k10-p2");
  await page.getByTestId("bias").uncheck();
  await expect(page.getByTestId("param-count")).toHaveText("(5·5·3)·10 = 750");
  await expect(page.getByTestId("preset")).toHaveValue("custom");
});

test("pointing at cells shows receptive fields, fan-out and weight sharing; a tap pins it", async ({ page }) => {
  const problems = await open(page);
  await page.getByTestId("preset").selectOption("f3-s1-p1");
  const canvas = page.getByTestId("stage");
  const focus = page.getByTestId("focus-text");
  await expect(focus).toContainText("Point at");
  const before = await canvas.evaluate((c) => c.toDataURL());

  await canvas.hover({ position: await cellAt(page, "output", 0, 0) });
  await expect(focus).toHaveText("Output map 0, row 0, column 0 reads 9 input cells per channel, on 3 channels (its receptive field), 5 of them zero-padding.");
  expect(await canvas.evaluate((c) => c.toDataURL())).not.toEqual(before);

  // Padded (1, 1) is input R row 0, column 0: with F3/S1/P1 it feeds 4 outputs per map.
  await canvas.hover({ position: await cellAt(page, "input", 1, 1) });
  await expect(focus).toHaveText("Input R row 0, column 0 feeds 4 output cells per map, in 2 maps, each through a different weight.");
  await fullShot(page, shots + "hover-input.png");

  await canvas.hover({ position: await cellAt(page, "filter", 1, 1) });
  await expect(focus).toContainText("multiplies 49 input cells, one per output position");

  // Tap (click) an input cell: the highlight stays after the pointer leaves.
  await canvas.click({ position: await cellAt(page, "input", 0, 0) });
  await page.mouse.move(2, 2);
  await expect(focus).toContainText("Input R padding cell (row −1, column −1) feeds 1 output cell per map, in 2 maps");
  // Clicking an output cell jumps there and lets go of the pin.
  await canvas.click({ position: await cellAt(page, "output", 2, 3) });
  await expect(page.getByTestId("position")).toHaveText("18 / 98");
  expect(problems).toEqual([]);
});

test("max pooling on the notes' 4×4 figure gives 6, 8, 3, 4, one window at a time", async ({ page }) => {
  const problems = await open(page);
  await page.getByTestId("preset").selectOption("pool-4x4");
  await expect(page.getByTestId("op-pool")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("formula")).toHaveText("(4 − 2 + 2·0) / 2 + 1 = 2");
  await expect(page.getByTestId("field-k")).toBeDisabled();
  const maxes = [];
  for (let i = 0; i < 4; i++) {
    await expect(page.getByTestId("position")).toHaveText(`${i + 1} / 4`);
    maxes.push(await page.getByTestId("dot-total").textContent());
    if (i === 1) {
      await expect(page.getByTestId("pool-max")).toHaveText("max(2, 4, 7, 8) = 8");
      await expect(page.getByTestId("pool-max").locator(".term.win")).toHaveText("8");
      await fullShot(page, shots + "pool-4x4.png");
    }
    if (i < 3) await page.getByTestId("step").click();
  }
  expect(maxes).toEqual(["6", "8", "3", "4"]);
  // Back to convolution: K and bias apply again.
  await page.getByTestId("op-conv").click();
  await expect(page.getByTestId("field-k")).toBeEnabled();
  await expect(page.getByTestId("param-count")).toHaveText("(2·2·1)·1 + 1 = 5");
  expect(problems).toEqual([]);
});

test("ReLU after the conv clips the maps and says max(0, x) in the arithmetic", async ({ page }) => {
  await open(page);
  await page.getByTestId("preset").selectOption("f3-s1-p1");
  const total = await page.getByTestId("dot-total").textContent();
  await page.getByTestId("relu").check();
  const clipped = total.startsWith("−") ? "0" : total;
  await expect(page.getByTestId("dot-relu")).toHaveText(`max(0, ${total}) = ${clipped}`);
  await expect(page.getByTestId("status")).toContainText(`after ReLU ${clipped}`);
  await page.getByTestId("op-pool").click();
  await expect(page.getByTestId("relu")).toBeDisabled();
});

test("rectangular input, padding per side and dilation: one formula per axis", async ({ page }) => {
  const problems = await open(page);
  await expect(page.getByTestId("field-w")).toBeDisabled();
  await page.getByTestId("more").click();
  await page.getByTestId("rect").check();
  await expect(page.getByTestId("field-w")).toBeEnabled();
  await page.getByTestId("field-w").fill("9");
  await page.getByTestId("field-sw").fill("3");
  await expect(page.getByTestId("formula")).toHaveText("H₂ = (7 − 3 + 2·0) / 2 + 1 = 3   ·   W₂ = (9 − 3 + 2·0) / 3 + 1 = 3");
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await page.getByTestId("per-side").check();
  await expect(page.getByTestId("field-p")).toBeDisabled();
  await page.getByTestId("field-pt").fill("1");
  await expect(page.getByTestId("output-shape")).toHaveText("does not fit");
  await expect(page.getByTestId("fit-note")).toContainText("last 1 row of the padded input");
  await page.getByTestId("field-pb").fill("1");
  await page.getByTestId("field-s").fill("1");
  await page.getByTestId("field-dil").fill("2");
  await expect(page.getByTestId("formula")).toHaveText("H₂ = (7 − 5 + 2·1) / 1 + 1 = 5   ·   W₂ = (9 − 5 + 2·0) / 3 + 1 = 2.33");
  await page.getByTestId("field-sw").fill("2");
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 5 × 1");
  await expect(page.getByTestId("fit-note")).toContainText("spans 2·(3 − 1) + 1 = 5 cells");
  await fullShot(page, shots + "rect-dilation.png");
  // Back to square: W follows N again.
  await page.getByTestId("rect").uncheck();
  await expect(page.getByTestId("field-w")).toHaveValue("7");
  expect(problems).toEqual([]);
});

test("real values: Gaussian(0, 0.01) weights and pixel-like inputs, read with 3 significant digits", async ({ page }) => {
  const problems = await open(page);
  await page.getByTestId("preset").selectOption("f3-s1-p1");
  await page.getByTestId("values").selectOption("real");
  await expect(page.getByTestId("dot-total")).toHaveText(/^−?0(\.\d{1,6})?$/);
  const terms = (await dotTerms(page)).terms.map((t) => t.text);
  expect(terms.length).toBe(27);
  // Every weight is small: |w| < 0.1, written like 0.0123 or (−0.00457).
  for (const t of terms) {
    const w = Number(t.split("·")[0].replace(/[()]/g, "").replace("−", "-"));
    expect(Math.abs(w)).toBeLessThan(0.1);
  }
  await expect(page.getByTestId("dot-total")).toHaveText(/^−?0(\.\d{1,6})?$/);
  await fullShot(page, shots + "real-values.png");
  await page.getByTestId("values").selectOption("small");
  await expect(page.getByTestId("dot-total")).toHaveText(/^−?\d+$/);
  expect(problems).toEqual([]);
});

test("keyboard on the picture: arrows move a cell focus, ] switches panel, c the channel, Enter jumps", async ({ page }) => {
  const problems = await open(page);
  await page.getByTestId("preset").selectOption("f3-s1-p1");
  const canvas = page.getByTestId("stage");
  const focus = page.getByTestId("focus-text");
  await canvas.focus();
  await expect(focus).toContainText("Output map 0, row 0, column 0 reads 9 input cells");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  await expect(focus).toContainText("Output map 0, row 1, column 1");
  // The page's own arrow keys do not step while the picture has the focus.
  await expect(page.getByTestId("position")).toHaveText("1 / 98");
  await page.keyboard.press("c");
  await expect(focus).toContainText("Output map 1, row 1, column 1");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("position")).toHaveText(`${49 + 7 + 2} / 98`);
  await page.keyboard.press("]");
  await expect(focus).toContainText("Input R padding cell (row −1, column −1)");
  await page.keyboard.press("c");
  await expect(focus).toContainText("Input G padding cell");
  await page.keyboard.press("]");
  await expect(focus).toContainText("Weight R row 0, column 0 multiplies 49 input cells, one per output position");
  await page.keyboard.press("Escape");
  await expect(focus).toContainText("Point at");
  // Space still plays from the picture.
  await page.keyboard.press("Space");
  await expect(page.getByTestId("play")).toHaveText("Pause");
  expect(problems).toEqual([]);
});

test("screen readers hear a step taken by hand, not eight steps a second while it plays", async ({ page }) => {
  // The dot product's sentence for screen readers is a polite live region: it follows every
  // step taken by hand, stays empty while the animation plays, and a pause fills it with the
  // step the animation stopped on (a change, so it is announced).
  const problems = await open(page, "./?preset=7x7-s1&speed=8");
  const status = page.getByTestId("status");
  await expect(status).toHaveAttribute("aria-live", "polite");
  await expect(status).toContainText("Step 1 of 25:");
  await page.getByTestId("play").click();
  await expect(status).toHaveText("");
  await expect(page.getByTestId("position")).not.toHaveText("1 / 25");
  await expect(status).toHaveText("");
  await page.getByTestId("play").click();
  const stopped = (await page.getByTestId("position").textContent()).trim().split(/\s*\/\s*/)[0];
  await expect(status).toContainText(`Step ${stopped} of 25:`);
  await page.getByTestId("step").click();
  await expect(status).toContainText(`Step ${Number(stopped) % 25 + 1} of 25:`);
  expect(problems).toEqual([]);
});
