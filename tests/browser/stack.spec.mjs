// The layer stack: the lecture's 32 → 28 → 24, padding keeping 32, the final FC layer's
// 30,730 parameters, editing with sentences for bad values, and "Show" animating a layer.
import { test, expect } from "@playwright/test";
import { open, shots, fullShot } from "./helpers.mjs";

const outs = async (page, n) => Promise.all([...Array(n).keys()].map((i) => page.getByTestId(`stack-out-${i}`).textContent()));

test("the notes' stack shrinks 32 → 28 → 24; padding 2 keeps 32", async ({ page }) => {
  const problems = await open(page);
  await expect(page.getByTestId("network")).toHaveValue("shrink");
  expect(await outs(page, 4)).toEqual(["28 × 28 × 6", "28 × 28 × 6", "24 × 24 × 10", "24 × 24 × 10"]);
  await expect(page.getByTestId("stack-rf-2")).toHaveText("9 × 9");
  await expect(page.getByTestId("stack-total")).toHaveText("1,966");
  await page.getByTestId("stack-table").scrollIntoViewIfNeeded();
  await fullShot(page, shots + "stack-shrink.png");
  await page.getByTestId("network").selectOption("keep");
  expect(await outs(page, 4)).toEqual(["32 × 32 × 6", "32 × 32 × 6", "32 × 32 × 10", "32 × 32 × 10"]);
  expect(problems).toEqual([]);
});

test("the final FC layer: 32×32×3 → 3072 → 10 has 30,730 parameters", async ({ page }) => {
  await open(page);
  await page.getByTestId("network").selectOption("fc");
  await expect(page.getByTestId("stack-out-0")).toHaveText("10");
  await expect(page.getByTestId("stack-params-0")).toHaveText("3,072 · 10 + 10 = 30,730");
  await expect(page.getByTestId("stack-rf-0")).toHaveText("whole input");
});

test("editing a layer updates every row after it; a bad value gets a sentence", async ({ page }) => {
  await open(page);
  const p = page.getByTestId("stack-0-P");
  await p.fill("2");
  await p.press("Enter");
  await expect(page.getByTestId("stack-out-0")).toHaveText("32 × 32 × 6");
  await expect(page.getByTestId("stack-out-2")).toHaveText("28 × 28 × 10");
  const s = page.getByTestId("stack-2-S");
  await s.fill("0");
  await s.press("Enter");
  await expect(page.getByTestId("stack-2-S-error")).toHaveText("Layer 3: S = 0 is outside 1–16, the range ConvScope accepts.");
  await expect(s).toHaveValue("0");
  await expect(page.getByTestId("stack-out-2")).toHaveText("28 × 28 × 10");
  // Stride 2 on 32 with F 5, P 0 does not fit: the row says why, later rows have no input.
  await p.fill("0");
  await p.press("Enter");
  await s.fill("2");
  await s.press("Enter");
  await expect(page.getByTestId("stack-out-2")).toContainText("not a whole number");
  await expect(page.getByTestId("stack-out-3")).toContainText("earlier layer");
  // The weights do not depend on the size: the count stays.
  await expect(page.getByTestId("stack-params-2")).toHaveText("(5·5·6)·10 + 10 = 1,510");
  await expect(page.getByTestId("stack-total")).toHaveText("1,966");
  // Add a pool and an FC; remove them again.
  await page.getByTestId("stack-add-pool").click();
  await expect(page.getByTestId("stack-out-4")).toContainText("earlier layer");
  await page.getByTestId("stack-add-fc").click();
  // An FC layer's count needs its input's length.
  await expect(page.getByTestId("stack-params-5")).toHaveText("—");
  await expect(page.getByTestId("stack-total")).toHaveText("at least 1,966");
  await page.getByTestId("stack-remove-5").click();
  await page.getByTestId("stack-remove-4").click();
  await expect(page.getByTestId("stack-out-4")).toHaveCount(0);
});

test("Show animates a stack layer on the volume that reaches it", async ({ page }) => {
  await open(page);
  await page.getByTestId("stack-show-2").click();
  await expect(page.getByTestId("output-shape")).toHaveText("24 × 24 × 10");
  await expect(page.getByTestId("field-n")).toHaveValue("28");
  await expect(page.getByTestId("field-d")).toHaveValue("6");
  await expect(page.getByTestId("preset")).toHaveValue("stack-28-24");
  await expect(page.locator("tr.selected")).toHaveCount(1);
  await page.getByTestId("network").selectOption("convnet");
  await page.getByTestId("stack-show-2").click();
  await expect(page.getByTestId("op-pool")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("output-shape")).toHaveText("16 × 16 × 16");
  await expect(page.getByTestId("stack-out-6")).toHaveText("10");
  await expect(page.getByTestId("stack-params-6")).toHaveText("1,280 · 10 + 10 = 12,810");
});

test("the whole stack exports as PyTorch, Torch7 and Caffe, and follows edits", async ({ page }) => {
  const problems = await open(page);
  await page.getByTestId("network").selectOption("convnet");
  await page.getByTestId("stack-code").click();
  const code = page.getByTestId("stack-code-export");
  await expect(code).toContainText("model = nn.Sequential(");
  await expect(code).toContainText("nn.Conv2d(16, 20, kernel_size=3, stride=1, padding=1),  # → (batch, 20, 16, 16)");
  await expect(code).toContainText("nn.Flatten(),");
  await expect(code).toContainText("nn.Linear(1280, 10),");
  // The export's parameter count is the table's.
  const total = await page.getByTestId("stack-total").textContent();
  await expect(code).toContainText(`# learnable parameters: ${total}`);
  await page.getByTestId("stack-code-torch7").click();
  await expect(code).toContainText("model:add(nn.View(1280))");
  await page.getByTestId("stack-code-caffe").click();
  await expect(code).toContainText('layer { name: "fc1" type: "InnerProduct" bottom: "pool2" top: "fc1" inner_product_param { num_output: 10 } }');
  // Editing the first conv's filter count changes the next conv's input channels.
  const k0 = page.getByTestId("stack-0-K");
  await k0.fill("12");
  await k0.press("Enter");
  await page.getByTestId("stack-code-pytorch").click();
  await expect(code).toContainText("nn.Conv2d(12, 20, kernel_size=3");
  await code.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shots + "stack-code.png" });
  expect(problems).toEqual([]);
});

// Found in an accessibility audit: a refused stack value was wiped from its box at once, its
// sentence sat under the table, tied to nothing, and stayed after the box was set right again.
test("a refused stack value stays in its box, marked and described beside it, until an accepted edit", async ({ page }) => {
  const problems = await open(page);
  const cases = [
    { id: "stack-0-F", bad: "33", why: "Layer 1: F = 33 is outside 1–31", good: "5" },
    { id: "stack-d", bad: "abc", why: "Stack input: “abc” is not a number", good: "3" },
    { id: "stack-0-S", bad: "0", why: "Layer 1: S = 0 is outside 1–16", good: "1" },
  ];
  for (const { id, bad, why, good } of cases) {
    const box = page.getByTestId(id);
    await expect(box).toHaveValue(good);
    await box.fill(bad);
    await box.press("Enter");
    const sentence = page.getByTestId(`${id}-error`);
    await expect(sentence).toContainText(why);
    // The user's text stays, marked, and the sentence is its description, in its own cell.
    await expect(box).toHaveValue(bad);
    await expect(box).toHaveAttribute("aria-invalid", "true");
    await expect(box).toHaveAccessibleDescription(new RegExp(`^${why}`));
    await expect(box.locator("xpath=ancestor::td[1]")).toContainText(why);
    // Nothing changed in the stack.
    await expect(page.getByTestId("stack-out-0")).toHaveText("28 × 28 × 6");
    if (id === "stack-0-F") {
      await box.scrollIntoViewIfNeeded();
      await page.getByTestId("stack-table").screenshot({ path: shots + "stack-refused.png" });
    }
    // Entering the value in force again is accepted: the sentence goes, the box is valid.
    await box.fill(good);
    await box.press("Enter");
    await expect(sentence).toHaveCount(0);
    await expect(box).toHaveValue(good);
    await expect(box).not.toHaveAttribute("aria-invalid", "true");
    await expect(box).toHaveAccessibleDescription("");
  }
  await expect(page.getByTestId("stack-error")).toHaveText("");
  expect(problems).toEqual([]);
});
