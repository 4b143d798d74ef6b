// The charts: output size against S or P (click a point to choose it, a table with the same
// numbers) and the activation-map heatmaps with their shared colour legend. Screenshots go to
// artifacts/screenshots/ (look at them).
import { test, expect } from "@playwright/test";
import { open, picture, shots } from "./helpers.mjs";

/** Types a value into a hyperparameter box. */
async function set(page, key, value) {
  await page.getByTestId(`field-${key}`).fill(String(value));
}

/** What a canvas holds: differs from a blank canvas of its size, and how many pixels of
 *  each colour (within a small tolerance, so anti-aliased edges do not count). */
async function canvasInfo(locator, colours) {
  return locator.evaluate((c, colours) => {
    const blank = document.createElement("canvas");
    blank.width = c.width;
    blank.height = c.height;
    const data = window.pixels2d(c).getImageData(0, 0, c.width, c.height).data;
    const counts = {};
    for (const [name, [r, g, b]] of Object.entries(colours)) {
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 12 && data[i + 3] > 250) n++;
      }
      counts[name] = n;
    }
    return {
      blank: c.toDataURL() === blank.toDataURL(),
      width: c.width,
      height: c.height,
      cssWidth: c.getBoundingClientRect().width,
      counts,
    };
  }, colours);
}

/** The table rows as [x cell, size cell] pairs. */
async function tableRows(page) {
  const rows = page.getByTestId("size-table").locator("tbody tr");
  const out = [];
  for (const row of await rows.all()) {
    out.push([(await row.locator("th button").textContent()).trim(), (await row.locator("td").textContent()).trim()]);
  }
  return out;
}

/** Clicks the size chart at value `x`, halfway up the plot (the layout is on data attributes). */
async function clickValue(page, x) {
  const chart = page.getByTestId("size-chart");
  const a = async (name) => Number(await chart.getAttribute(`data-${name}`));
  const [left, right, top, bottom, lo, hi] = await Promise.all(
    ["plot-left", "plot-right", "plot-top", "plot-bottom", "x-min", "x-max"].map(a));
  const px = left + (x - (lo - 0.5)) / (hi - lo + 1) * (right - left);
  await chart.click({ position: { x: px, y: (top + bottom) / 2 } });
}

const FIT = [0x00, 0x9e, 0x73];
const MISFIT = [0xcc, 0x79, 0xa7];

test("size against stride for N=7, F=3, P=0: 1 → 5, 2 → 3, 3 does not fit (strict)", async ({ page }) => {
  const problems = await open(page);
  await set(page, "n", 7);
  await set(page, "f", 3);
  await set(page, "p", 0);
  await set(page, "s", 1);
  const chart = page.getByTestId("size-chart");
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute("aria-label", /output size W₂ against stride S from 1 to 16.*S = 1 gives 5/);
  await expect(page.getByTestId("size-chart-sweep").getByRole("button", { name: "stride S" }))
    .toHaveAttribute("aria-pressed", "true");
  const rows = await tableRows(page);
  expect(rows).toHaveLength(16);
  expect(rows.slice(0, 5)).toEqual([
    ["S = 1", "5"], ["S = 2", "3"], ["S = 3", "does not fit"], ["S = 4", "2"], ["S = 5", "does not fit"],
  ]);
  await expect(page.getByTestId("size-table").locator("tr.current th")).toContainText("S = 1 (current)");
  await expect(page.getByTestId("size-summary")).toHaveText("With N = 7, F = 3, P = 0, S = 1, 2 or 4 fits.");
  // The canvas is drawn at the device pixel ratio, with green points (fit) and purple
  // hollow markers (does not fit): 3 fits and 13 misfits.
  const info = await canvasInfo(chart, { fit: FIT, misfit: MISFIT });
  expect(info.blank).toBe(false);
  expect(info.width).toBe(Math.round(info.cssWidth * (await page.evaluate(() => devicePixelRatio))));
  expect(info.counts.fit).toBeGreaterThan(3 * 40);
  expect(info.counts.misfit).toBeGreaterThan(13 * 15);
  expect(problems).toEqual([]);
});

test("switching to the padding sweep lists every P from 0 to 16", async ({ page }) => {
  const problems = await open(page);
  await set(page, "s", 3);
  const before = await page.getByTestId("size-chart").evaluate((c) => c.toDataURL());
  const toggle = page.getByTestId("size-chart-sweep");
  await toggle.getByRole("button", { name: "padding P" }).click();
  await expect(toggle.getByRole("button", { name: "padding P" })).toHaveAttribute("aria-pressed", "true");
  await expect(toggle.getByRole("button", { name: "stride S" })).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("size-chart")).toHaveAttribute("data-sweep", "padding");
  await expect(page.getByTestId("size-table").locator("thead th").first()).toHaveText("padding P");
  const rows = await tableRows(page);
  expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 17 }, (_, p) => `P = ${p}`));
  // (7 − 3 + 2P) / 3 + 1 with S = 3: whole for P = 1, 4, 7, …
  expect(rows.slice(0, 5)).toEqual([
    ["P = 0", "does not fit"], ["P = 1", "3"], ["P = 2", "does not fit"], ["P = 3", "does not fit"], ["P = 4", "5"],
  ]);
  expect(await page.getByTestId("size-chart").evaluate((c) => c.toDataURL())).not.toEqual(before);
  // The table's buttons choose a value too (keyboard users): P = 1 makes stride 3 fit.
  await page.locator("details.chart-table summary").click();
  await page.getByTestId("size-table").getByRole("button", { name: "P = 1", exact: true }).click();
  await expect(page.getByTestId("field-p")).toHaveValue("1");
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await expect(page.getByTestId("size-table").locator("tr.current th")).toContainText("P = 1 (current)");
  expect(problems).toEqual([]);
});

test("clicking a point sets S: the box, the read-out and the highlighted point follow", async ({ page }) => {
  const problems = await open(page);
  await set(page, "s", 2);
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await clickValue(page, 1);
  await expect(page.getByTestId("field-s")).toHaveValue("1");
  await expect(page.getByTestId("output-shape")).toHaveText("5 × 5 × 1");
  await expect(page.getByTestId("formula")).toHaveText("(7 − 3 + 2·0) / 1 + 1 = 5");
  await clickValue(page, 4);
  await expect(page.getByTestId("field-s")).toHaveValue("4");
  await expect(page.getByTestId("output-shape")).toHaveText("2 × 2 × 1");
  await clickValue(page, 3);
  await expect(page.getByTestId("field-s")).toHaveValue("3");
  await expect(page.getByTestId("output-shape")).toHaveText("does not fit");
  await expect(page.getByTestId("size-table").locator("tr.current td")).toHaveText("does not fit");
  // Padding sweep: a click sets P.
  await page.getByTestId("size-chart-sweep").getByRole("button", { name: "padding P" }).click();
  await clickValue(page, 1);
  await expect(page.getByTestId("field-p")).toHaveValue("1");
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  // A click outside the plot changes nothing.
  await page.getByTestId("size-chart").click({ position: { x: 3, y: 3 } });
  await expect(page.getByTestId("field-p")).toHaveValue("1");
  expect(problems).toEqual([]);
});

/** "−4" → -4. */
const value = (s) => Number(s.trim().replace("−", "-"));

test("heatmaps of the default layer: one map, legend from its smallest to its largest value", async ({ page }) => {
  const problems = await open(page);
  // Every output value, from the dot-product panel, position by position (the step button;
  // the page's arrow keys are tested in foundation.spec.mjs).
  const totals = [];
  for (let i = 0; i < 9; i++) {
    await expect(page.getByTestId("position")).toHaveText(`${i + 1} / 9`);
    totals.push(value(await page.getByTestId("dot-total").textContent()));
    // (At the last position the step button is marked unavailable: a step stops there.)
    if (i < 8) await page.getByTestId("step").click();
  }
  await expect(page.getByTestId("position")).toHaveText("9 / 9");
  const [min, max] = [Math.min(...totals), Math.max(...totals)];
  const fmt = (v) => String(v).replace("-", "−");
  const legend = page.getByTestId("heatmap-legend");
  await expect(legend.locator(".min")).toHaveText(fmt(min));
  await expect(legend.locator(".max")).toHaveText(fmt(max));
  await expect(legend).toContainText(`${fmt(min)} … ${fmt(max)}`);
  const maps = page.getByTestId("heatmaps");
  await expect(maps).toHaveAttribute("data-maps", "1");
  await expect(maps).toHaveAttribute("aria-label", new RegExp(`1 activation map\\(s\\) of 3 × 3.*\\(${fmt(min)}\\).*\\(${fmt(max)}\\)`));
  // The largest magnitude is drawn at full blue or full orange.
  const full = Math.abs(min) > Math.abs(max) ? [0x00, 0x72, 0xb2] : [0xd5, 0x5e, 0x00];
  const info = await canvasInfo(maps, { full });
  expect(info.blank).toBe(false);
  expect(info.counts.full).toBeGreaterThan(100);
  expect(problems).toEqual([]);
});

test("heatmaps wrap K maps; a layer too large to animate gets a note instead", async ({ page }) => {
  const problems = await open(page);
  await page.getByTestId("preset").selectOption("32x32x3-k6");
  await expect(page.getByTestId("output-shape")).toHaveText("28 × 28 × 6");
  const maps = page.getByTestId("heatmaps");
  await expect(maps).toHaveAttribute("data-maps", "6");
  await expect(page.getByRole("heading", { name: "Activation maps (28 × 28 × 6)" })).toBeVisible();
  // Below the fold the maps are painted just after the change's frame.
  await expect.poll(async () => (await canvasInfo(maps, {})).blank).toBe(false);
  await page.locator("section.charts").screenshot({ path: shots + "charts-32x32x6.png" });

  await page.getByTestId("preset").selectOption("caffe-conv1");
  await expect(page.getByTestId("heatmaps")).toHaveCount(0);
  await expect(page.getByTestId("heatmaps-none")).toContainText("small enough to animate");
  // The size chart still works for AlexNet: 227, F 11, P 0: S = 4 gives 55.
  const rows = await tableRows(page);
  expect(rows[3]).toEqual(["S = 4", "55"]);
  expect(rows[0]).toEqual(["S = 1", "217"]);
  expect(problems).toEqual([]);
});

test("a filter larger than the input: no point where no window fits, and no heatmap", async ({ page }) => {
  const problems = await open(page);
  await set(page, "n", 5);
  await set(page, "f", 7);
  await expect(page.getByTestId("output-shape")).toHaveText("no output");
  await expect(page.getByTestId("heatmaps")).toHaveCount(0);
  await expect(page.getByTestId("heatmaps-none")).toHaveText("No activation map. The filter spans 7 rows but the padded input has only 5 rows along the height: it is larger than the input.");
  await page.getByTestId("size-chart-sweep").getByRole("button", { name: "padding P" }).click();
  const rows = await tableRows(page);
  expect(rows.slice(0, 3)).toEqual([["P = 0", "no output"], ["P = 1", "1"], ["P = 2", "2"]]);
  await expect(page.getByTestId("size-summary")).toContainText("No point at P = 0: The filter spans 7 rows");
  // P = 0 has no point to click; P = 1 has.
  await clickValue(page, 0);
  await expect(page.getByTestId("field-p")).toHaveValue("0");
  await clickValue(page, 1);
  await expect(page.getByTestId("field-p")).toHaveValue("1");
  await expect(page.getByTestId("output-shape")).toHaveText("1 × 1 × 1");
  await expect(page.getByTestId("heatmaps")).toHaveAttribute("data-maps", "1");
  expect(problems).toEqual([]);
});

/**
 * Records what the stage and the maps hold once each key's frame is painted (the first task
 * after it), with the page's setTimeout as it is now (a test may replace it later); returns
 * `frames(n)`, which waits for the n-th record and gives it.
 */
async function recordFrames(page) {
  await page.evaluate(() => {
    const set = window.setTimeout;
    window.__frames = [];
    const read = (id) => document.querySelector(`[data-testid="${id}"]`).toDataURL();
    addEventListener("keydown", () => requestAnimationFrame(() => set(() => {
      window.__frames.push({ stage: read("stage"), maps: read("heatmaps") });
    }, 0)), true);
  });
  return async (n) => {
    await expect.poll(() => page.evaluate(() => window.__frames.length)).toBe(n);
    return page.evaluate((i) => window.__frames[i], n - 1);
  };
}

test("off screen, the maps are painted after the change's frame; on screen, in it", async ({ page }) => {
  // A slider change at N = 64 paints the picture in its frame; the activation maps below the
  // fold wait up to 150 ms, or until the address is written (200 ms after a change;
  // src/ui/hooks.rs, Painter), unless they are in view.
  const problems = await open(page, "./?n=64&d=3&k=8&f=5&s=1&p=2");
  const maps = page.getByTestId("heatmaps");
  const url = (id) => page.getByTestId(id).evaluate((c) => c.toDataURL());
  const frames = await recordFrames(page);
  expect(await maps.evaluate((c) => c.getBoundingClientRect().top > innerHeight)).toBe(true);
  const [stage8, maps8] = [await url("stage"), await url("heatmaps")];
  await page.getByTestId("slider-k").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("output-shape")).toContainText("64 × 64 × 9");
  let seen = await frames(1);
  expect(seen.stage).not.toEqual(stage8);
  expect(seen.maps, "off screen: not in the change's frame").toEqual(maps8);
  await expect.poll(() => url("heatmaps"), "but soon after it").not.toEqual(maps8);
  const maps9 = await url("heatmaps");

  await maps.scrollIntoViewIfNeeded();
  // The browser reports the maps in view after a frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.getByTestId("slider-k").focus({ preventScroll: true });
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("output-shape")).toContainText("64 × 64 × 8");
  seen = await frames(2);
  expect(seen.maps, "on screen: in the change's frame").not.toEqual(maps9);
  expect(seen.maps).toEqual(maps8);
  expect(problems).toEqual([]);
});

test("off screen, a held key paints the maps a few times a second, not at each change, and as soon as they come into view", async ({ page }) => {
  const problems = await open(page, "./?n=64&d=3&k=8&f=5&s=1&p=2");
  const maps = page.getByTestId("heatmaps");
  const url = () => maps.evaluate((c) => c.toDataURL());
  await expect.poll(url).not.toEqual(await page.evaluate(() => document.createElement("canvas").toDataURL()));
  expect(await maps.evaluate((c) => c.getBoundingClientRect().top > innerHeight)).toBe(true);
  // Each paint asks the canvas for its context; count them. The key is held in the page, so
  // that no round trip to the test stretches a gap: a change every 30 ms.
  const run = (to, scroll) => page.evaluate(async ([to, scroll]) => {
    const el = document.querySelector('[data-testid="heatmaps"]');
    window.__paints = 0;
    const get = HTMLCanvasElement.prototype.getContext;
    el.getContext = function (...a) { window.__paints++; return get.apply(this, a); };
    const k = document.querySelector('[data-testid="slider-k"]');
    const start = performance.now();
    for (const v of to) {
      k.value = String(v);
      k.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise((r) => setTimeout(r, 30));
    }
    const during = window.__paints, ms = performance.now() - start;
    if (scroll) {
      el.scrollIntoView();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))));
    }
    return { during, ms, map: el.toDataURL() };
  }, [to, scroll]);
  const held = await run([9, 10, 11, 12, 13, 14, 15, 16, 15, 14, 13, 12, 11, 10, 11, 12, 13, 14, 15, 14], false);
  await expect(page.getByTestId("output-shape")).toContainText("64 × 64 × 14");
  // Painted at most every 150 ms and with the address (at most every 200 ms), not 20 times.
  // (Bounded by the time the changes took, so a slow machine does not fail it.)
  const most = Math.floor(held.ms / 150) + Math.floor(held.ms / 200) + 2;
  expect(held.during, `paints in ${Math.round(held.ms)} ms of 20 changes`).toBeLessThanOrEqual(most);
  expect(most, "the changes came fast enough for the bound to mean something").toBeLessThan(20);
  // Once let go, the last change is painted: as on a page opened at K = 14. (The part of the
  // canvas its frame shows: the store is kept from the larger K = 16.)
  const other = await page.context().newPage();
  await open(other, "./?n=64&d=3&k=14&f=5&s=1&p=2");
  const fresh = (await picture(other.getByTestId("heatmaps"))).url;
  await other.close();
  await expect.poll(async () => (await picture(maps)).url === fresh, "the maps of K = 14 once let go").toBe(true);
  const settled = await url();

  // Brought into view right after a change: painted then, before its timer or the address.
  await page.evaluate(() => scrollTo(0, 0));
  await expect.poll(() => maps.evaluate((c) => c.getBoundingClientRect().top > innerHeight)).toBe(true);
  await page.waitForTimeout(400);
  const back = await run([8], true);
  expect(back.during).toBe(0);
  // (Booleans: a failed comparison of two data URLs would print both.)
  expect(back.map !== settled, "painted in view, two frames after the change").toBe(true);
  await page.waitForTimeout(400);
  expect(await url() === back.map, "and nothing later paints over it").toBe(true);
  expect(await page.evaluate(() => window.__paints), "painted once").toBe(1);
  expect(problems).toEqual([]);
});

test("off screen, the maps are painted in the change's frame where the browser gives no timer", async ({ page }) => {
  // The Painter defers an off-screen chart with a timer; where none can be set, it paints at
  // once rather than leave this and every later paint waiting.
  const problems = await open(page, "./?n=64&d=3&k=8&f=5&s=1&p=2");
  const url = () => page.getByTestId("heatmaps").evaluate((c) => c.toDataURL());
  await expect.poll(url).not.toEqual(await page.evaluate(() => document.createElement("canvas").toDataURL()));
  const before = await url();
  // Recorded in the change's frame: the address's timer (200 ms) would paint the maps too.
  const frames = await recordFrames(page);
  const inFrame = async (n) => (await frames(n)).maps;
  await page.evaluate(() => {
    const set = window.setTimeout;
    // Only the Painter's timer (150 ms) is refused; the page's other timers still run.
    window.setTimeout = (f, ms, ...a) => { if (ms === 150) throw new Error("no timers here"); return set(f, ms, ...a); };
  });
  await page.getByTestId("slider-k").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("output-shape")).toContainText("64 × 64 × 9");
  const nine = await inFrame(1);
  // (Booleans: a failed comparison of two data URLs would print both.)
  expect(nine !== before, "K = 9 is painted in its frame").toBe(true);
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("output-shape")).toContainText("64 × 64 × 8");
  expect((await inFrame(2)) === before, "and so is the next change").toBe(true);
  expect(problems).toEqual([]);
});

test("the charts, in a screenshot", async ({ page }) => {
  const problems = await open(page);
  await page.getByTestId("preset").selectOption("f3-s1-p1");
  await expect(page.getByTestId("heatmaps")).toHaveAttribute("data-maps", "2");
  await page.locator("section.charts").scrollIntoViewIfNeeded();
  await page.locator("section.charts").screenshot({ path: shots + "charts.png" });
  await set(page, "s", 3);
  await set(page, "p", 0);
  await page.locator("section.charts").screenshot({ path: shots + "charts-misfit.png" });
  expect(problems).toEqual([]);
});

test.describe("on a HiDPI screen", () => {
  test.use({ deviceScaleFactor: 2 });
  test("both charts draw at twice their CSS size, so lines and text stay sharp", async ({ page }) => {
    const problems = await open(page);
    for (const id of ["size-chart", "heatmaps"]) {
      // Below the fold the charts are painted up to 150 ms later.
      await expect.poll(async () => (await canvasInfo(page.getByTestId(id), {})).width).toBeGreaterThan(200);
      const info = await canvasInfo(page.getByTestId(id), {});
      expect(info.blank).toBe(false);
      expect(info.cssWidth).toBeGreaterThan(100);
      expect(info.width).toBe(Math.round(info.cssWidth * 2));
    }
    // Hit-testing works in CSS pixels regardless of the buffer's size.
    await clickValue(page, 1);
    await expect(page.getByTestId("output-shape")).toHaveText("5 × 5 × 1");
    await page.locator("section.charts").screenshot({ path: shots + "charts-hidpi.png" });
    expect(problems).toEqual([]);
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test("the size chart fits the narrow column without scrolling sideways", async ({ page }) => {
    const problems = await open(page);
    const chart = page.getByTestId("size-chart");
    const fits = await chart.evaluate((c) => c.getBoundingClientRect().width <= c.parentElement.clientWidth);
    expect(fits).toBe(true);
    const rows = await tableRows(page);
    expect(rows[1]).toEqual(["S = 2", "3"]);
    await clickValue(page, 1);
    await expect(page.getByTestId("output-shape")).toHaveText("5 × 5 × 1");
    await page.locator("section.charts").screenshot({ path: shots + "charts-phone.png" });
    expect(problems).toEqual([]);
  });
});
