// The safety net (issue #7): if the wasm panics anyway, the page shows a sentence and a Reload
// button, and the reload restores the state the address held. No debug switch is added to the
// product: the test makes the browser refuse to create the <span> that plotters measures
// chart labels with, and plotters unwraps that result, a real panic in a real dependency.
import { test, expect } from "@playwright/test";
import { shots } from "./helpers.mjs";

test("a panic in the wasm: a message and Reload, and the reload keeps the address", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto("./?n=9&k=2&p=1&step=4");
  await expect(page.getByTestId("position")).toHaveText("4 / 50");
  await expect(page.locator("#fatal")).toBeHidden();
  await page.evaluate(() => {
    const create = Document.prototype.createElement;
    Document.prototype.createElement = function (tag, ...rest) {
      if (String(tag).toLowerCase() === "span") throw new Error("test: no span today");
      return create.call(this, tag, ...rest);
    };
  });
  // A new stride redraws the size chart, which measures its labels: the panic.
  await page.getByTestId("field-s").fill("1");
  const fatal = page.locator("#fatal");
  await expect(fatal).toBeVisible();
  await expect(page.locator("#fatal-text")).toContainText("Something went wrong inside ConvScope");
  await expect(page.locator("#fatal-text")).toContainText("panicked");
  await expect(fatal).toHaveAttribute("role", "alert");
  await page.screenshot({ path: shots + "safety-panic.png" });
  expect(errors.some((e) => /unreachable|RuntimeError/.test(e))).toBe(true);
  // The address kept the state up to the panic, and the change that panicked (written 200 ms
  // after a change, or when the page is hidden, each time after the off-screen paints
  // waiting) is not written after it: Reload must not start from a state that may panic again.
  const address = page.url();
  expect(new URL(address).searchParams.get("n")).toBe("9");
  expect(new URL(address).searchParams.get("s")).toBeNull();
  await page.waitForTimeout(400);
  expect(page.url()).toBe(address);
  await page.getByRole("button", { name: "Reload" }).click();
  await expect(page.getByTestId("output-shape")).toBeVisible();
  expect(page.url()).toBe(address);
  await expect(fatal).toBeHidden();
  const q = new URL(address).searchParams;
  for (const key of ["n", "k", "p", "s"]) {
    if (q.has(key)) await expect(page.getByTestId(`field-${key}`)).toHaveValue(q.get(key));
  }
  await expect(page.getByTestId("field-n")).toHaveValue("9");
  await expect(page.getByTestId("field-k")).toHaveValue("2");
});

test("a browser call that throws inside a frame: the same message, not a page that stopped updating", async ({ page }) => {
  // Before the fix the exception unwound through the wasm, Yew's scheduler stayed stuck, and
  // the page looked alive but never updated again (a step or a new N changed nothing).
  await page.goto("./?n=9");
  await expect(page.getByTestId("position")).toHaveText("1 / 16");
  await page.evaluate(() => {
    CanvasRenderingContext2D.prototype.fillRect = function () { throw new Error("test: the canvas broke"); };
  });
  await page.getByTestId("step").click();
  await expect(page.locator("#fatal")).toBeVisible();
  await expect(page.locator("#fatal-text")).toHaveText(
    "ConvScope stopped after an error inside it (test: the canvas broke). Reload to start again; the address keeps your settings.");
  const address = page.url();
  await page.getByRole("button", { name: "Reload" }).click();
  await expect(page.getByTestId("output-shape")).toHaveText("4 × 4 × 1");
  expect(page.url()).toBe(address);
  await expect(page.locator("#fatal")).toBeHidden();
});
