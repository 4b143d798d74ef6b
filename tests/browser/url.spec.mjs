// URL state: every key restores the controls, the page writes its state back into the
// address (replaceState), a reload restores it exactly, and garbage falls back with a notice.
import { test, expect } from "@playwright/test";
import { cellAt, open, shots, stageSnap } from "./helpers.mjs";

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

test("embed=1: only the picture, the formula and the transport; keys work in the frame", async ({ page }) => {
  await page.setViewportSize({ width: 960, height: 540 });
  const problems = await open(page, "./?preset=f3-s1-p1&embed=1");
  await expect(page.locator(".controls")).toHaveCount(0);
  await expect(page.getByTestId("stack-table")).toHaveCount(0);
  await expect(page.getByTestId("formula")).toHaveText("(7 − 3 + 2·1) / 1 + 1 = 7");
  await expect(page.getByTestId("output-shape")).toHaveText("7 × 7 × 2");
  // The picture as shown: the frame that clips the canvas, whose store may be larger
  // (src/render/canvas.rs, prepare).
  const bottom = await page.getByTestId("stage").evaluate((c) => c.parentElement.getBoundingClientRect().bottom);
  expect(bottom).toBeLessThanOrEqual(540);
  // A slide's frame does not scroll (a clicker's keys step the picture): the dot product
  // below the picture is in the frame too, for the lecture's one channel and the CS231n
  // demo's three, whose picture shrinks for it.
  const fits = () => page.evaluate(() => [document.documentElement.scrollHeight, document.querySelector(".dot").getBoundingClientRect().bottom]);
  await expect(async () => {
    const [w, d] = await fits();
    expect(w).toBeLessThanOrEqual(540);
    expect(d).toBeLessThanOrEqual(540);
  }).toPass();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("position")).toHaveText("2 / 98");
  await page.screenshot({ path: shots + "embed-16x9.png" });
  expect(new URL(page.url()).search).toContain("embed=1");
  await open(page, "./?n=5&d=3&k=2&f=3&s=2&p=1&embed=1");
  await expect(async () => {
    const [w, d] = await fits();
    expect(w).toBeLessThanOrEqual(540);
    expect(d).toBeLessThanOrEqual(540);
  }).toPass();
  await page.screenshot({ path: shots + "embed-16x9-demo.png" });
  // A layer that does not fit says so in the error's colour, not the answer's green.
  const colour = () => page.getByTestId("output-shape").evaluate((e) => getComputedStyle(e).color);
  const green = await colour();
  await open(page, "./?preset=7x7-s3&embed=1");
  await expect(page.getByTestId("output-shape")).toHaveText("does not fit");
  expect(await colour()).not.toBe(green);
  expect(problems).toEqual([]);
});

test("a slide's frame zooms a small picture to fill it; pointing, clicking and the worker's ticks still agree", async ({ browser }) => {
  // src/render/scene.rs, zoom: in embed=1 a picture already at the largest cell (48 px) is
  // drawn larger, as at a higher pixel ratio, until it fills the frame. The notes' 4×4
  // pooling figure was 586 px wide at 1280 × 720, the 7×7 stride-2 example 714 px at
  // 1920 × 1080 (whose frame was also measured at the page's 1280 px max-width).
  for (const [query, w, h, least, output, position] of [
    ["preset=pool-4x4", 1280, 720, 950, [1, 0], "3 / 4"],
    ["preset=7x7-s2", 1920, 1080, 1300, [1, 2], "6 / 9"],
  ]) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    const problems = await open(page, `./?${query}&embed=1`);
    const canvas = page.getByTestId("stage");
    const shown = () => canvas.evaluate((c) => {
      const r = c.parentElement.getBoundingClientRect();
      const dot = document.querySelector(".dot").getBoundingClientRect();
      const root = document.documentElement;
      return { w: r.width, right: r.right, bottom: dot.bottom, scroll: [root.scrollWidth, root.scrollHeight] };
    });
    await expect.poll(async () => (await shown()).w, query).toBeGreaterThanOrEqual(least);
    // Still the whole frame, the dot product under it included, and nothing to scroll.
    const box = await shown();
    expect(box.right, query).toBeLessThanOrEqual(w);
    expect(box.bottom, query).toBeLessThanOrEqual(h);
    expect(box.scroll, query).toEqual([w, h]);
    expect(Number(await canvas.getAttribute("data-zoom")), query).toBeGreaterThan(1.3);
    // The pointer finds the cell under it at the zoom: an input cell pinned by a click...
    await canvas.click({ position: await cellAt(page, "input", 2, 1) });
    await page.mouse.move(2, 2);
    await expect(page.getByTestId("focus-text"), query).toContainText("row 2, column 1");
    // ...and a click on an output cell jumps to its position.
    await canvas.click({ position: await cellAt(page, "output", ...output) });
    await expect(page.getByTestId("position"), query).toHaveText(position);
    await page.screenshot({ path: shots + `embed-zoom-${w}.png` });
    expect(problems, query).toEqual([]);
    await page.close();
  }
  // While playing, a worker paints the ticks on a canvas over the stage's: at the zoom too,
  // what it shows is what the page paints at that step (helpers.mjs, stageSnap).
  const snap = (p) => stageSnap(p);
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const fresh = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const problems = await open(page, "./?preset=pool-4x4&embed=1&play=1&speed=4");
  await page.waitForTimeout(600);
  const playing = await snap(page);
  expect(playing.worker).toBe(true);
  await open(fresh, `./?preset=pool-4x4&embed=1&step=${playing.position.split(" / ")[0]}`);
  await fresh.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
  const still = await snap(fresh);
  expect(still.position).toBe(playing.position);
  expect(still.pixels).toEqual(playing.pixels);
  expect(problems).toEqual([]);
  await page.close();
  await fresh.close();
});

test("a 4:3 frame too narrow for numbers side by side puts each filter under its slice; pointing still agrees", async ({ page }) => {
  // src/render/scene.rs, Layout::fitted: at 1024 × 768 the 7 × 7 × 3 example's pairs side by
  // side had 17 px cells (no numbers) and room below; each filter under its slice, 21 px.
  await page.setViewportSize({ width: 1024, height: 768 });
  const problems = await open(page, "./?preset=f3-s1-p1&embed=1");
  const canvas = page.getByTestId("stage");
  await expect.poll(async () => Number(await canvas.getAttribute("data-cell"))).toBeGreaterThanOrEqual(18);
  const at = async (a) => Number(await canvas.getAttribute(a));
  expect(await at("data-filter-y")).toBeGreaterThan(await at("data-input-y"));
  const fits = await page.evaluate(() => [document.documentElement.scrollHeight, document.querySelector(".dot").getBoundingClientRect().bottom]);
  expect(fits[0]).toBeLessThanOrEqual(768);
  expect(fits[1]).toBeLessThanOrEqual(768);
  await canvas.click({ position: await cellAt(page, "filter", 2, 1) });
  await page.mouse.move(2, 2);
  await expect(page.getByTestId("focus-text")).toContainText("row 2, column 1");
  await expect(page.getByTestId("focus-text")).toContainText("Weight");
  await canvas.click({ position: await cellAt(page, "output", 1, 2) });
  await expect(page.getByTestId("position")).toHaveText("10 / 98");
  await page.screenshot({ path: shots + "embed-4x3-under.png" });
  expect(problems).toEqual([]);
});

test("the Share panel gives a link, an iframe snippet and Markdown for this frame", async ({ page }) => {
  await open(page, "./?preset=7x7-s3&step=2");
  await page.getByTestId("share").click();
  const link = await page.getByTestId("share-link").inputValue();
  expect(link).toMatch(/\/\?s=3&step=2$/);
  const iframe = await page.getByTestId("share-iframe").inputValue();
  expect(iframe).toContain('?s=3&amp;step=2&amp;embed=1"');
  expect(iframe).toContain('width="960" height="540"');
  const md = await page.getByTestId("share-markdown").inputValue();
  expect(md).toMatch(/^\[ConvScope: 7×7×1, 1 filter 3×3, S 3, P 0\]\(http.*\?s=3&step=2\)$/);
  // Escape closes it, the focus back on its button, as a popup's does (found in review).
  await page.getByTestId("share-link").focus();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("share-link")).toHaveCount(0);
  await expect(page.getByTestId("share")).toBeFocused();
  await expect(page.locator("details.share")).not.toHaveAttribute("open", "");
});

test("the open Share panel stays on screen at any width", async ({ page }) => {
  // The header wraps, so the button can sit at the left of its row; the panel hangs from the
  // header's left edge (anchored to the button, it ran off the screen at 1280 px).
  for (const width of [1600, 1280, 900, 400]) {
    await page.setViewportSize({ width, height: 800 });
    const problems = await open(page, "./");
    await page.getByTestId("share").click();
    const box = await page.locator(".share-body").boundingBox();
    expect(box.x, `left edge at ${width} px`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `right edge at ${width} px`).toBeLessThanOrEqual(width);
    expect(problems).toEqual([]);
  }
});

test("the address is written after the frame a change paints, at most five times a second, and always ends at the last change", async ({ page }) => {
  // Every replaceState the page makes, with when it was made.
  await page.addInitScript(() => {
    window.__writes = [];
    const replace = history.replaceState.bind(history);
    history.replaceState = (s, t, url) => { window.__writes.push([performance.now(), String(url)]); return replace(s, t, url); };
  });
  const problems = await open(page, "./?n=9");
  // The link that loaded is normalised at once (n=9 is kept, nothing else is added).
  expect(await page.evaluate(() => window.__writes.length)).toBeLessThanOrEqual(1);
  // One change: painted first, written after.
  const before = await page.evaluate(() => window.__writes.length);
  const sameFrame = await page.evaluate(async () => {
    const k = document.querySelector('[data-testid="slider-k"]');
    k.value = "2";
    k.dispatchEvent(new Event("input", { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return [window.__writes.length, document.querySelector('[data-testid="output-shape"]').textContent];
  });
  expect(sameFrame).toEqual([before, "4 × 4 × 2"]);
  await expect.poll(() => new URL(page.url()).search).toBe("?n=9&k=2");
  // A burst of 21 changes (a drag): a few writes, not 21, and the last one is the final state.
  const slider = page.getByTestId("slider-p");
  await slider.focus();
  const start = await page.evaluate(() => [window.__writes.length, performance.now()]);
  for (let i = 0; i < 21; i++) await page.keyboard.press(i < 12 ? "ArrowRight" : "ArrowLeft");
  await expect(slider).toHaveValue("3");
  await expect.poll(() => new URL(page.url()).search).toBe("?n=9&k=2&p=3");
  const [writes, span] = await page.evaluate((t0) => [window.__writes.length - t0[0], performance.now() - t0[1]], start);
  expect(writes).toBeLessThanOrEqual(Math.ceil(span / 200) + 1);
  expect(writes).toBeLessThan(21);
  expect(problems).toEqual([]);
});

test("a change made just before following a link is in the address Back returns to", async ({ page }) => {
  const problems = await open(page, "./?n=9");
  await page.getByTestId("slider-k").focus();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => new URL(page.url()).search).toBe("?n=9&k=2");
  // The next change is still waiting for its write when the page is left.
  await page.keyboard.press("ArrowRight");
  await page.evaluate(() => { location.href = "./examples/"; });
  await page.waitForURL(/examples/);
  await page.goBack();
  await expect(page.getByTestId("output-shape")).toBeVisible();
  expect(new URL(page.url()).search).toBe("?n=9&k=3");
  await expect(page.getByTestId("field-k")).toHaveValue("3");
  expect(problems).toEqual([]);
});

test("no form control keeps its own memory: the address holds the state", async ({ page }) => {
  // Chromium saves every form control's value into the history entry on each replaceState
  // (half of its cost here) and may restore stale values over the page's own on Back; the
  // page's state lives in the address, so its controls opt out (checkboxes: the attribute
  // does not apply to them).
  const problems = await open(page, "./?n=9&k=2");
  await page.getByTestId("share").click();
  await expect(page.getByTestId("share-link")).toBeVisible();
  const controls = await page.evaluate(() => [...document.querySelectorAll("input, select, textarea")]
    .filter((e) => !["checkbox", "radio", "file"].includes(e.type))
    .map((e) => [e.dataset.testid ?? e.className ?? e.tagName, e.getAttribute("autocomplete")]));
  expect(controls.length).toBeGreaterThan(20);
  expect(controls.filter(([, a]) => a !== "off")).toEqual([]);
  // The real-image view's controls too.
  await page.goto("./?img=pattern");
  await expect(page.getByTestId("lab-stride")).toBeVisible({ timeout: 20000 });
  const lab = await page.evaluate(() => [...document.querySelectorAll(".lab input, .lab select, .lab textarea")]
    .filter((e) => !["checkbox", "radio", "file"].includes(e.type))
    .map((e) => [e.dataset.testid ?? e.className ?? e.tagName, e.getAttribute("autocomplete")]));
  expect(lab.length).toBeGreaterThan(10);
  expect(lab.filter(([, a]) => a !== "off")).toEqual([]);
  expect(problems).toEqual([]);
});

test("paused mid-animation, the Share links and the address name the frame on screen", async ({ page }) => {
  // The closed panel builds no links while the animation runs (src/ui/share.rs); opening it,
  // or pausing with it open, must still give this exact frame.
  const problems = await open(page, "./?preset=7x7-s1&play=1&speed=8");
  const link = page.getByTestId("share-link");
  await expect(link).toHaveCount(0);
  await page.waitForTimeout(700);
  await page.getByTestId("share").click();
  // Open while playing: the link follows each step.
  const seen = new Set();
  for (let i = 0; i < 8; i++) {
    seen.add(await link.inputValue());
    await page.waitForTimeout(130);
  }
  expect(seen.size).toBeGreaterThan(2);
  await page.getByTestId("play").click();
  await expect(page.getByTestId("play")).toHaveText("Play");
  const position = await page.getByTestId("position").textContent();
  const step = Number(position.split(" / ")[0]);
  expect(step).toBeGreaterThan(1);
  await expect(link).toHaveValue(new RegExp(`[?&]step=${step}(&|$)`));
  await expect(page.getByTestId("share-markdown")).toHaveValue(new RegExp(`[?&]step=${step}(&[^)]*)?\\)$`));
  await expect(page.getByTestId("share-iframe")).toHaveValue(new RegExp(`[?;]step=${step}&amp;`));
  await expect.poll(() => new URL(page.url()).search).toBe(`?s=1&step=${step}&speed=8`);
  // Closed, then played and paused again, then opened: the new frame, not the old one.
  await page.getByTestId("share").click();
  await expect(link).toHaveCount(0);
  await page.keyboard.press("k");
  await page.waitForTimeout(400);
  await page.keyboard.press("k");
  await expect(page.getByTestId("play")).toHaveText("Play");
  const again = Number((await page.getByTestId("position").textContent()).split(" / ")[0]);
  expect(again).not.toBe(step);
  await page.getByTestId("share").click();
  await expect(link).toHaveValue(new RegExp(`[?&]step=${again}(&|$)`));
  await expect.poll(() => new URL(page.url()).search).toBe(`?s=1&step=${again}&speed=8`);
  expect(problems).toEqual([]);
});

test("the examples deck embeds several presets that each start and step", async ({ page }) => {
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto("./examples/");
  const frames = page.locator("iframe");
  await expect(frames).toHaveCount(5);
  const first = page.frameLocator("iframe").first();
  await expect(first.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await first.getByTestId("step").click();
  await expect(first.getByTestId("position")).toHaveText("2 / 9");
  const pool = page.frameLocator("iframe").nth(4);
  await pool.getByTestId("output-shape").scrollIntoViewIfNeeded();
  await expect(pool.getByTestId("output-shape")).toHaveText("2 × 2 × 1");
  await page.screenshot({ path: shots + "examples-deck.png" });
  expect(problems).toEqual([]);
});

test("Save this frame as PNG downloads the picture", async ({ page }) => {
  await open(page, "./?preset=7x7-s2&step=5");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("png").click()]);
  expect(download.suggestedFilename()).toBe("convscope-7x7x1-f3-s2-p0-step5.png");
  const path = await download.path();
  const { readFileSync } = await import("node:fs");
  const bytes = readFileSync(path);
  // A real PNG: the signature, and more than a blank canvas would take.
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.length).toBeGreaterThan(5000);
});

/** The frames of a GIF file: each image's delay (hundredths of a second) and rectangle. */
function gifFrames(bytes) {
  expect(bytes.subarray(0, 6).toString()).toBe("GIF89a");
  const screen = [bytes.readUInt16LE(6), bytes.readUInt16LE(8)];
  let p = 13 + (bytes[10] & 0x80 ? 3 * 2 ** ((bytes[10] & 7) + 1) : 0);
  const skipBlocks = () => { while (bytes[p]) p += bytes[p] + 1; p++; };
  const frames = [];
  let delay = null;
  while (bytes[p] !== 0x3b) {
    if (bytes[p] === 0x21) {
      if (bytes[p + 1] === 0xf9) delay = bytes.readUInt16LE(p + 4);
      p += 2;
      skipBlocks();
    } else if (bytes[p] === 0x2c) {
      const [x, y, w, h] = [0, 2, 4, 6].map((o) => bytes.readUInt16LE(p + 1 + o));
      const flags = bytes[p + 9];
      p += 10 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0) + 1;
      skipBlocks();
      frames.push({ delay, x, y, w, h });
    } else throw new Error(`GIF block ${bytes[p]} at ${p}`);
  }
  return { screen, frames };
}

test("Save the animation as GIF: a frame a position at the page's speed, only what changed", async ({ page }) => {
  const problems = await open(page, "./?preset=7x7-s2&speed=4");
  await expect(page.getByTestId("speed")).toHaveText("4 steps/s");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("gif").click()]);
  expect(download.suggestedFilename()).toBe("convscope-7x7x1-f3-s2-p0.gif");
  const { readFileSync } = await import("node:fs");
  const bytes = readFileSync(await download.path());
  const { screen, frames } = gifFrames(bytes);
  // The picture at one pixel per CSS pixel: the stage's canvas size, with a 12 px margin
  // all round (found in review: its grids touched the image's edges on a coloured slide).
  const css = await page.getByTestId("stage").evaluate((c) => [parseFloat(c.style.width), parseFloat(c.style.height)].map(Math.round));
  expect(screen).toEqual(css.map((v) => v + 24));
  expect(frames.length).toBe(9);
  expect(frames.every((f) => f.delay === 25)).toBe(true);
  // The first frame is the whole picture; the others only the part that changed.
  expect([frames[0].w, frames[0].h]).toEqual(screen);
  // (The window's old and new places and the cell it wrote: 148–292 px of the 412 here.)
  expect(frames.slice(1).every((f) => f.h < screen[1] && f.x + f.w <= screen[0] && f.y + f.h <= screen[1])).toBe(true);
  await expect(page.getByTestId("gif-status")).toHaveText(`GIF saved: 9 frames, ${(bytes.length / 1024).toFixed(1)} KiB.`);
  // A layer of more positions than a GIF takes says so, next to the button.
  await page.getByTestId("field-n").fill("64");
  await page.getByTestId("field-n").press("Enter");
  await page.getByTestId("field-k").fill("8");
  await page.getByTestId("field-k").press("Enter");
  await page.getByTestId("gif").click();
  await expect(page.getByTestId("gif-status")).toContainText("too many for a GIF (at most 300)");
  expect(problems).toEqual([]);
});

test("an embedded frame in a page is driven by the keyboard once it has the focus", async ({ page }) => {
  await page.goto("./examples/");
  const frame = page.frameLocator("iframe").first();
  await expect(frame.getByTestId("position")).toHaveText("1 / 9");
  await frame.locator("main.embed").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(frame.getByTestId("position")).toHaveText("3 / 9");
  await page.keyboard.press("End");
  await expect(frame.getByTestId("position")).toHaveText("9 / 9");
  await page.keyboard.press("Space");
  await expect(frame.getByTestId("play")).toHaveText("Pause");
});

/**
 * Opens a page of the test server with one frame of `src` (w × h) and no script of its own;
 * `window.got` logs the frame's edge messages ("edge:end").
 */
async function framing(page, src, w, h) {
  await page.route(/\/framing\.html$/, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><title>framing</title><link rel="icon" href="data:,"><h1>framing</h1>
        <iframe src="${src}" title="ConvScope" style="width:${w}px;height:${h}px"></iframe>`,
    }),
  );
  await page.goto("./framing.html");
  await page.evaluate(() => {
    window.got = [];
    addEventListener("message", (e) => e.data?.event === "edge" && window.got.push(`edge:${e.data.edge}`));
  });
}

test("a clicker walks the deck: a frame's end hands the key to the next slide's frame", async ({ page }) => {
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto("./examples/");
  const frames = [0, 1, 2].map((i) => page.frameLocator("iframe").nth(i));
  await expect(frames[0].getByTestId("position")).toHaveText("1 / 9");
  // Which slide's frame has the focus (-1: the deck itself).
  const focused = () => page.evaluate(() => [...document.querySelectorAll("iframe")].indexOf(document.activeElement));
  // From the deck, the first press enters the slide in view.
  await page.keyboard.press("ArrowRight");
  await expect.poll(focused).toBe(0);
  await expect(frames[0].getByTestId("position")).toHaveText("1 / 9");
  await page.keyboard.press("End");
  await expect(frames[0].getByTestId("position")).toHaveText("9 / 9");
  // A press past the last position does not restart the picture: it goes on to the next slide.
  await page.keyboard.press("ArrowRight");
  await expect.poll(focused).toBe(1);
  await expect(frames[0].getByTestId("position")).toHaveText("9 / 9");
  await page.keyboard.press("PageDown");
  await expect(frames[1].getByTestId("position")).toHaveText("2 / 4");
  await page.keyboard.press("End");
  await page.keyboard.press("PageDown");
  await expect.poll(focused).toBe(2);
  await page.keyboard.press("ArrowRight");
  await expect(frames[2].getByTestId("position")).toHaveText(/^2 \/ /);
  // And back: ← before the first position returns to the slide before, as it was left.
  await page.keyboard.press("ArrowLeft");
  await expect(frames[2].getByTestId("position")).toHaveText(/^1 \/ /);
  await page.keyboard.press("ArrowLeft");
  await expect.poll(focused).toBe(1);
  await page.keyboard.press("PageUp");
  await expect(frames[1].getByTestId("position")).toHaveText("3 / 4");
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowLeft");
  await expect.poll(focused).toBe(0);
  await page.keyboard.press("ArrowLeft");
  await expect(frames[0].getByTestId("position")).toHaveText("8 / 9");
  expect(problems).toEqual([]);
});

test("past the deck's last slide, the clicker's way back enters that slide's frame again", async ({ page }) => {
  // Found in review: the frame that handed the key back is still the deck's active element,
  // so focus() on it did nothing and every press back was swallowed until a mouse click.
  await page.goto("./examples/");
  const count = await page.locator("iframe").count();
  const last = page.frameLocator("iframe").nth(count - 1);
  await expect(last.getByTestId("position")).toHaveText(/^1 \/ /);
  const focused = () => page.evaluate(() => [...document.querySelectorAll("iframe")].indexOf(document.activeElement));
  // Entered as deck.js enters a slide after the one before it hands back.
  await page.evaluate(() => {
    const f = [...document.querySelectorAll("iframe")].at(-1);
    f.scrollIntoView({ block: "center" });
    f.focus();
  });
  await expect.poll(focused).toBe(count - 1);
  await page.keyboard.press("End");
  const end = (await last.getByTestId("position").textContent()).split(" / ")[1];
  await expect(last.getByTestId("position")).toHaveText(`${end} / ${end}`);
  // Past the last slide's end the key is the deck's (nothing after it to enter), once the
  // frame's message has come (a clicker is slower than a test).
  await page.evaluate(() => {
    window.edges = [];
    addEventListener("message", (e) => e.data?.event === "edge" && window.edges.push(e.data.edge));
  });
  await page.keyboard.press("PageDown");
  await expect.poll(() => page.evaluate(() => window.edges)).toEqual(["end"]);
  await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(true);
  await page.keyboard.press("PageDown");
  await expect(last.getByTestId("position")).toHaveText(`${end} / ${end}`);
  // Back: the first press enters the frame again, the next steps it back.
  await page.keyboard.press("PageUp");
  await expect.poll(focused).toBe(count - 1);
  await page.keyboard.press("PageUp");
  await expect(last.getByTestId("position")).toHaveText(`${end - 1} / ${end}`);
});

test("a frame whose page does not listen still gives the clicker back at its end", async ({ page }) => {
  await framing(page, "./?preset=7x7-s2&embed=1&step=8", 960, 540);
  await page.evaluate(() => addEventListener("keydown", (e) => window.got.push(e.key)));
  const frame = page.frameLocator("iframe");
  await expect(frame.getByTestId("position")).toHaveText("8 / 9");
  await frame.locator("main.embed").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("ArrowRight");
  await expect(frame.getByTestId("position")).toHaveText("9 / 9");
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => page.evaluate(() => window.got)).toEqual(["edge:end"]);
  await expect(frame.getByTestId("position")).toHaveText("9 / 9");
  // The deck has the focus again: the clicker's next press is the deck's.
  expect(await page.evaluate(() => document.hasFocus())).toBe(true);
  await page.keyboard.press("PageDown");
  await expect.poll(() => page.evaluate(() => window.got)).toEqual(["edge:end", "PageDown"]);
});

test("a frame that a deck scales up is drawn for that scale, so it stays sharp", async ({ page }) => {
  // Found in review: reveal.js scales a 960 × 540 slide by 1.5–2 on a 1080p projector with a
  // CSS transform; the frame drew for a pixel ratio of 1 and its digits came out soft.
  await page.route(/\/scaled\.html$/, (route) => route.fulfill({
    contentType: "text/html",
    body: `<!doctype html><title>scaled</title><link rel="icon" href="data:,">
      <div style="transform: scale(2); transform-origin: 0 0">
      <iframe src="./?preset=7x7-s2&embed=1" title="ConvScope" style="width:480px;height:270px"></iframe></div>`,
  }));
  await page.goto("./scaled.html");
  const stage = page.frameLocator("iframe").getByTestId("stage");
  await expect(stage).toBeVisible();
  const ratio = () => stage.evaluate((c) => c.width / parseFloat(c.style.width));
  await expect.poll(ratio).toBeGreaterThan(1.9);
  // Unscaled, one store pixel per CSS pixel.
  await page.goto("./?preset=7x7-s2&embed=1");
  expect(await page.getByTestId("stage").evaluate((c) => c.width / parseFloat(c.style.width))).toBeLessThan(1.1);
});

test("Present opens this frame alone, fitted to the window, in a new tab", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const problems = await open(page, "./?n=5&d=3&k=2&f=3&s=2&p=1&step=4");
  // The page's own address (S 2 is the default and goes unsaid), and embed=1.
  await expect(page.getByTestId("present")).toHaveAttribute("href", "?n=5&d=3&k=2&p=1&step=4&embed=1");
  expect(new URL(page.url()).search).toBe("?n=5&d=3&k=2&p=1&step=4");
  // In a new tab, so the page (its stack, an uploaded picture: not in the address) stays.
  const [shown] = await Promise.all([page.waitForEvent("popup"), page.getByTestId("present").click()]);
  await expect(shown.locator("main.embed")).toBeVisible();
  await expect(shown.getByTestId("output-shape")).toHaveText("3 × 3 × 2");
  await expect(shown.getByTestId("position")).toHaveText("4 / 18");
  // The slide view fits the window: nothing below it, and the dot product on screen.
  await shown.setViewportSize({ width: 1280, height: 720 });
  await expect.poll(() => shown.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(720);
  expect(await shown.evaluate(() => document.querySelector("section.dot").getBoundingClientRect().bottom)).toBeLessThanOrEqual(720);
  await expect(page.getByTestId("position")).toHaveText("4 / 18");
  expect(problems).toEqual([]);
});

test("a full page in a frame keeps its focus at an end; the scrubber steps as the page does", async ({ page }) => {
  await framing(page, "./?preset=7x7-s2&step=9", 1280, 800);
  const frame = page.frameLocator("iframe");
  await expect(frame.getByTestId("position")).toHaveText("9 / 9");
  // A clicker after a drag on the scrubber: its keys step there too, and stop at the end.
  await frame.getByTestId("scrubber").focus();
  await page.keyboard.press("PageDown");
  await page.keyboard.press("ArrowRight");
  await expect(frame.getByTestId("position")).toHaveText("9 / 9");
  await page.keyboard.press("PageUp");
  await expect(frame.getByTestId("position")).toHaveText("8 / 9");
  await page.keyboard.press("Home");
  await expect(frame.getByTestId("position")).toHaveText("1 / 9");
  // Not the slide view: the frame keeps the focus, and says nothing to its page.
  expect(await page.evaluate(() => [document.activeElement.tagName, window.got])).toEqual(["IFRAME", []]);
});
