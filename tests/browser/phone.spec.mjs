// Phones: at 360 px wide the page never scrolls sideways, the picture keeps legible numbers
// (the maps go under the input), menus fit, and every hover interaction works by touch.
import { test, expect } from "@playwright/test";
import { open, shots, fullShot } from "./helpers.mjs";

test.use({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

async function cellAt(page, panel, row, col) {
  const canvas = page.getByTestId("stage");
  const read = () => Promise.all(
    ["data-cell", `data-${panel}-x`, `data-${panel}-y`].map(async (a) => Number(await canvas.getAttribute(a))),
  );
  // The stage lays itself out again once it has measured its room (and again if the page's
  // width moves while it loads): aim only once the grid has held still for two frames. A tap
  // aimed with an earlier grid once landed two cells off in CI.
  let grid = await read();
  for (let i = 0; i < 20; i++) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const now = await read();
    if (now.every((v, j) => v === grid[j])) break;
    grid = now;
  }
  const [cell, x, y] = grid;
  return { x: x + (col + 0.5) * cell, y: y + (row + 0.5) * cell };
}

test("at 360 px: no sideways scrolling, legible cells, maps under the input", async ({ page }) => {
  const problems = await open(page, "./?p=1&k=2");
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(widths[0]).toBeLessThanOrEqual(widths[1]);
  const canvas = page.getByTestId("stage");
  const box = await canvas.boundingBox();
  expect(box.x + box.width).toBeLessThanOrEqual(360);
  expect(Number(await canvas.getAttribute("data-cell"))).toBeGreaterThanOrEqual(18);
  // The first map sits below the input slice.
  const inputY = Number(await canvas.getAttribute("data-input-y"));
  const outputY = Number(await canvas.getAttribute("data-output-y"));
  expect(outputY).toBeGreaterThan(inputY + 9 * 18);
  for (const id of ["preset", "rounding", "values", "network"]) {
    const b = await page.getByTestId(id).boundingBox();
    expect(b.x + b.width, id).toBeLessThanOrEqual(360);
  }
  await fullShot(page, shots + "phone-360.png");
  expect(problems).toEqual([]);
});

test("touch: tapping cells shows what they relate to, tapping an output jumps there", async ({ page }) => {
  const problems = await open(page, "./?p=1&k=2");
  const canvas = page.getByTestId("stage");
  const focus = page.getByTestId("focus-text");
  await canvas.tap({ position: await cellAt(page, "input", 1, 1) });
  await expect(focus).toHaveText("Input c0 row 0, column 0 feeds 1 output cell per map, in 2 maps, each through a different weight.");
  await canvas.tap({ position: await cellAt(page, "filter", 2, 2) });
  await expect(focus).toContainText("multiplies 16 input cells");
  await canvas.tap({ position: await cellAt(page, "output", 1, 2) });
  await expect(page.getByTestId("position")).toHaveText("7 / 32");
  // The transport's buttons are big enough for a thumb.
  const step = await page.getByTestId("step").boundingBox();
  expect(step.width).toBeGreaterThanOrEqual(40);
  await page.getByTestId("step").tap();
  await expect(page.getByTestId("position")).toHaveText("8 / 32");
  expect(problems).toEqual([]);
});
