// Shared by the browser specs: where screenshots go, and opening the page while collecting
// every console error and uncaught exception (tests assert that list is empty).
import { expect } from "@playwright/test";

/** Folder for screenshots (look at them). */
export const shots = new URL("../../artifacts/screenshots/", import.meta.url).pathname;

/** Opens the page at `path`, waits until the app is up, returns the live list of problems. */
export async function open(page, path = "./") {
  // Every page the specs open can read a canvas's pixels with `window.pixels2d(canvas)`: a 2D
  // context holding a copy of them. The charts and the real-image view's canvases show
  // bitmaps (src/render/shown.rs) and have no 2D context of their own.
  await page.addInitScript(() => {
    window.pixels2d = (canvas) => {
      const copy = document.createElement("canvas");
      [copy.width, copy.height] = [canvas.width, canvas.height];
      const g = copy.getContext("2d");
      g.drawImage(canvas, 0, 0);
      return g;
    };
  });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(path);
  await expect(page.getByTestId("output-shape")).toBeVisible();
  return problems;
}

/** The centre of cell (`row`, `col`) of the stage's first `panel` ("input", "filter" or
 *  "output"), in the canvas's own coordinates, from the layout it publishes as data
 *  attributes. */
export async function cellAt(page, panel, row, col) {
  const canvas = page.getByTestId("stage");
  const [cell, x, y] = await Promise.all(
    ["data-cell", `data-${panel}-x`, `data-${panel}-y`].map(async (a) => Number(await canvas.getAttribute(a))),
  );
  return { x: x + (col + 0.5) * cell, y: y + (row + 0.5) * cell };
}
