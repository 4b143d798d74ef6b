// The first page in a real browser: the lecture's 7×7 examples, the does-not-fit explanation,
// the animation, bad input, the keyboard and HiDPI (accessibility: a11y.spec.mjs). Screenshots
// go to artifacts/screenshots/ (look at them).
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { cellAt, open, picture, shots, stagePixels, stageSnap, dotTerms, fullShot } from "./helpers.mjs";

/** Types a value into a hyperparameter box the way a person does: select all, type. */
async function set(page, key, value) {
  const box = page.getByTestId(`field-${key}`);
  await box.fill(String(value));
}

/** The stage's picture, to check that it changed (or did not). */
async function pixels(page) {
  return page.getByTestId("stage").evaluate((c) => window.stagePicture(c));
}

test("N=7, F=3, P=0, S=2 gives a 3 × 3 output with the formula filled in", async ({ page }) => {
  const problems = await open(page);
  await set(page, "n", 7);
  await set(page, "f", 3);
  await set(page, "p", 0);
  await set(page, "s", 2);
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await expect(page.getByTestId("formula")).toHaveText("(7 − 3 + 2·0) / 2 + 1 = 3");
  await expect(page.getByTestId("param-count")).toHaveText("(3·3·1)·1 + 1 = 10");
  await expect(page.getByTestId("position")).toHaveText("1 / 9");
  await expect(page.getByTestId("fit-note")).toHaveCount(0);
  await fullShot(page, shots + "01-7x7-f3-s2.png");
  expect(problems).toEqual([]);
});

test("S=1 gives 5 × 5 and padding P=1 keeps 7 × 7 (lecture examples)", async ({ page }) => {
  await open(page);
  await set(page, "s", 1);
  await expect(page.getByTestId("output-shape")).toHaveText("5 × 5 × 1");
  await set(page, "p", 1);
  await expect(page.getByTestId("output-shape")).toHaveText("7 × 7 × 1");
  await expect(page.getByTestId("formula")).toHaveText("(7 − 3 + 2·1) / 1 + 1 = 7");
  await fullShot(page, shots + "02-7x7-f3-s1-p1.png");
});

test("S=3 does not fit: a sentence says so and which padding would fit", async ({ page }) => {
  await open(page);
  await set(page, "s", 3);
  await expect(page.getByTestId("output-shape")).toHaveText("does not fit");
  await expect(page.getByTestId("formula")).toHaveText("(7 − 3 + 2·0) / 3 + 1 = 2.33");
  const note = page.getByTestId("fit-note");
  await expect(note).toContainText("Does not fit");
  await expect(note).toContainText("P = 1 (3 × 3)");
  await fullShot(page, shots + "03-7x7-f3-s3-does-not-fit.png");
  // Zero-padding 1 makes stride 3 fit, as in the lecture.
  await set(page, "p", 1);
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await expect(note).toHaveCount(0);
});

test("Play moves the window; Pause stops it; steps and keys move it by one", async ({ page }) => {
  await open(page);
  const before = await pixels(page);
  await page.getByTestId("play").click();
  await expect(page.getByTestId("play")).toHaveText("Pause");
  await expect(page.getByTestId("position")).not.toHaveText("1 / 9", { timeout: 5_000 });
  expect(await pixels(page)).not.toEqual(before);
  await fullShot(page, shots + "04-playing.png");
  await page.getByTestId("play").click();
  await expect(page.getByTestId("play")).toHaveText("Play");
  const paused = await page.getByTestId("position").textContent();
  await page.waitForTimeout(1500);
  await expect(page.getByTestId("position")).toHaveText(paused);

  await page.getByTestId("scrubber").fill("0");
  await expect(page.getByTestId("position")).toHaveText("1 / 9");
  await page.getByTestId("step").click();
  await expect(page.getByTestId("position")).toHaveText("2 / 9");
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("position")).toHaveText("3 / 9");
  await page.keyboard.press("End");
  await expect(page.getByTestId("position")).toHaveText("9 / 9");
  // A press past the last position leaves it there (it does not restart the picture), and a
  // page on its own keeps the key: a clicker's Page Down does not scroll it either.
  const top = await page.evaluate(() => window.scrollY);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("PageDown");
  await expect(page.getByTestId("position")).toHaveText("9 / 9");
  expect(await page.evaluate(() => window.scrollY)).toBe(top);
  // The buttons towards the end say so (marked, still focusable); those back do not.
  await expect(page.getByTestId("step")).toHaveAttribute("aria-disabled", "true");
  await expect(page.getByTestId("step-back")).not.toHaveAttribute("aria-disabled", "true");
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("position")).toHaveText("8 / 9");
  await expect(page.getByTestId("step")).not.toHaveAttribute("aria-disabled", "true");
  await page.keyboard.press("Home");
  await expect(page.getByTestId("step-back")).toHaveAttribute("aria-disabled", "true");
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowLeft");
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.keyboard.press("Space");
  await expect(page.getByTestId("play")).toHaveText("Pause");
  // Space plays; it must not also scroll the page (the listener is not passive).
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
});

// A running animation's ticks skip Yew: the stage paints, the dot product and the transport
// write their text (src/ui/live.rs). What they write must be what the page renders at that
// step, or the next render (a pause, a step by hand) would diff against the wrong DOM.
// A convolution (its dot product), max pooling with padding (its window's cells, the
// padding and the winner marked), a transposed convolution's scatter view (what each
// input cell stamps), and a 64 × 64 layer, whose map being filled is drawn from two kept
// pictures, its empty and its complete one (src/render/scene.rs, Panel::parts).
// At 64 × 64 the three reads need not fall on different steps: in 2 of 8 local runs they
// fell on one (cause not found); each read is still compared with a fresh page.
// One test a layer: together they take ~26 s on a quiet host (6–7 s each), and as one test
// they ran over its 30 s timeout in a busier fresh-clone CI.
for (const [query, moves] of [["n=5&d=3&k=2&f=3&s=2&p=1&relu=1", true], ["op=pool&n=5&d=2&f=3&s=2&p=1", true], ["preset=tconv-2x2-4x4&scatter=1", true], ["n=64&d=3&k=8&f=5&s=1&p=2", false]]) {
test(`while playing, each view writes the step it shows exactly as a render of that step would (${query})`, async ({ browser }) => {
  const page = await browser.newPage();
  const problems = await open(page, `./?${query}&play=1&speed=8`);
  // The panel under the picture is written only on screen (the next test): bring it there.
  await page.locator("section.dot").scrollIntoViewIfNeeded();
  // Everything in one synchronous read, so no tick falls between the parts, once the
  // worker's canvas holds still (helpers.mjs, stageSnap).
  const snap = (p) => stageSnap(p, { panel: true });
  const seen = new Set();
  const fresh = await browser.newPage();
  // A fresh page may lay its stage out again once it has measured its room: read it after
  // two frames.
  const settled = (p) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(300 + 100 * i);
    const now = await snap(page);
    const step = Number(now.position.split(" / ")[0]);
    seen.add(step);
    expect(now.scrubber).toBe(String(step - 1));
    const more = await open(fresh, `./?${query}&step=${step}`);
    await settled(fresh);
    expect(await snap(fresh)).toEqual(now);
    expect(more).toEqual([]);
  }
  if (moves) expect(seen.size, `the animation moved between the reads (${query}: ${[...seen]})`).toBeGreaterThan(1);
  // The ticks took the short path: the worker, which only it starts, paints them.
  expect(await page.evaluate(() => Boolean(document.querySelector("canvas.ticks.on"))), query).toBe(true);
  // Into the second loop (18 positions at 8 a second), where each filter's first position
  // copies the base the first loop drew for it (canvas::Frames).
  await page.waitForTimeout(1500);
  // Paused, the page renders at the step the ticks reached, and shows what a fresh page shows.
  await page.keyboard.press("k");
  await expect(page.getByTestId("play")).toHaveText("Play");
  const paused = await snap(page);
  await open(fresh, `./?${query}&step=${paused.position.split(" / ")[0]}`);
  await settled(fresh);
  expect(await snap(fresh)).toEqual(paused);
  // A step by hand goes on from there (back, if that is the last position: a step stops there).
  const [at, total] = paused.position.split(" / ").map(Number);
  await page.keyboard.press(at < total ? "ArrowRight" : "ArrowLeft");
  const next = at < total ? at + 1 : at - 1;
  await expect(page.getByTestId("position")).toHaveText(`${next} / ${total}`);
  await open(fresh, `./?${query}&step=${next}`);
  await settled(fresh);
  expect(await snap(fresh)).toEqual(await snap(page));
  expect(problems).toEqual([]);
  await page.close();
  await fresh.close();
});
}

test("while a grouped convolution plays, the dot product's channel label follows the group", async ({ browser }) => {
  // Each group of a grouped layer reads its own input channels: at the second filter of this
  // depthwise layer the dot product's row is channel c1. The short path writes it as a render
  // of that step would (a fresh page at the same step).
  const query = "n=5&d=2&k=2&f=3&s=2&p=1&g=2";
  const page = await browser.newPage();
  const problems = await open(page, `./?${query}&play=1&speed=8`);
  await page.locator("section.dot").scrollIntoViewIfNeeded();
  // The panel as a page shows it at a step inside the second filter (positions 10 to 18;
  // read at 11 to 17, clear of the loop's turn), read in one go: the playing page waits for
  // such a step, a fresh page opened at one is there.
  const inSecondGroup = (p) => p.evaluate(() => new Promise((resolve) => {
    const look = () => {
      const step = Number(document.querySelector("[data-testid=position]").textContent.split(" / ")[0]);
      if (step < 11 || step > 17) return void requestAnimationFrame(look);
      resolve({ step, dot: window.dotMarkup() });
    };
    look();
  }));
  const now = await inSecondGroup(page);
  expect(now.dot).toContain(">c1</th>");
  const fresh = await browser.newPage();
  expect(await open(fresh, `./?${query}&step=${now.step}`)).toEqual([]);
  expect(await inSecondGroup(fresh)).toEqual(now);
  expect(problems).toEqual([]);
  await page.close();
  await fresh.close();
});

test("while playing, the dot product off screen waits, and is written on screen or when the page renders", async ({ browser }) => {
  // src/ui/readouts.rs: the short path's writes to the panel wait while it is off screen
  // (~1 ms of layout and paint a step at 8 steps a second), and run when it comes on screen
  // or before the page renders, whose diff takes the DOM to be at the step the ticks reached.
  const query = "n=5&d=3&k=2&f=3&s=2&p=1";
  const page = await browser.newPage();
  const problems = await open(page, `./?${query}&play=1&speed=2`);
  const dot = page.locator("section.dot");
  const below = () => dot.evaluate((e) => e.getBoundingClientRect().top >= innerHeight);
  const read = () => page.evaluate(() => ({
    step: Number(document.querySelector("[data-testid=position]").textContent.split(" / ")[0]),
    dot: window.dotMarkup(),
  }));
  expect(await below()).toBe(true);
  const first = await read();
  await expect.poll(async () => (await read()).step).not.toBe(first.step);
  expect((await read()).dot).toBe(first.dot);
  // What a fresh page shows at a step, paused.
  const fresh = await browser.newPage();
  const at = async (step) => {
    expect(await open(fresh, `./?${query}&step=${step}`)).toEqual([]);
    return fresh.evaluate(() => window.dotMarkup());
  };
  // On screen, the panel follows the ticks again, from the first frame after it is seen.
  await dot.scrollIntoViewIfNeeded();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const seen = await read();
  expect(seen.dot).toBe(await at(seen.step));
  // Off screen again, and a render while playing (a speed change, just after a tick, so no
  // other tick falls before the read): it shows its step whole.
  await page.evaluate(() => window.scrollTo(0, 0));
  expect(await below()).toBe(true);
  await page.waitForTimeout(500);
  const rendered = await page.evaluate(() => new Promise((resolve) => {
    const position = () => document.querySelector("[data-testid=position]").textContent;
    const was = position();
    const wait = () => {
      if (position() === was) return void requestAnimationFrame(wait);
      document.querySelector(".transport .speed button:last-of-type").click();
      setTimeout(() => resolve({ step: Number(position().split(" / ")[0]), dot: window.dotMarkup() }), 0);
    };
    wait();
  }));
  await expect(page.getByTestId("speed")).toHaveText(/^4/);
  expect(rendered.dot).toBe(await at(rendered.step));
  // And paused off screen.
  await page.waitForTimeout(500);
  await page.keyboard.press("k");
  await expect(page.getByTestId("play")).toHaveText("Play");
  const paused = await read();
  expect(paused.dot).toBe(await at(paused.step));
  expect(problems).toEqual([]);
  await page.close();
  await fresh.close();
});

test("a print while playing shows the dot product off screen at the stage's step", async ({ browser }) => {
  // src/ui/hooks.rs: a `beforeprint` writes what waits, so a print or a PDF handout made
  // while the animation runs does not show the panel at the step it was last seen at.
  const query = "n=5&d=3&k=2&f=3&s=2&p=1";
  const page = await browser.newPage();
  const problems = await open(page, `./?${query}&play=1&speed=2`);
  expect(await page.locator("section.dot").evaluate((e) => e.getBoundingClientRect().top >= innerHeight)).toBe(true);
  const first = await page.evaluate(() => window.dotMarkup());
  const position = page.getByTestId("position");
  const startedAt = await position.textContent();
  await expect(position).not.toHaveText(startedAt);
  expect(await page.evaluate(() => window.dotMarkup())).toBe(first);
  // Registered after the page's own listeners, so it reads the panel after they ran.
  await page.evaluate(() => addEventListener("beforeprint", () => {
    window.printed = {
      step: Number(document.querySelector("[data-testid=position]").textContent.split(" / ")[0]),
      dot: window.dotMarkup(),
    };
  }));
  await page.pdf();
  const printed = await page.evaluate(() => window.printed);
  expect(printed.dot).not.toBe(first);
  const fresh = await browser.newPage();
  expect(await open(fresh, `./?${query}&step=${printed.step}`)).toEqual([]);
  expect(printed.dot).toBe(await fresh.evaluate(() => window.dotMarkup()));
  expect(problems).toEqual([]);
  await page.close();
  await fresh.close();
});

test("printed, a picture wider than the paper zooms to fit it, a narrow one stays as it is, the charts take a row each", async ({ page }) => {
  // src/render/canvas.rs sets --print-zoom on the stage's clip; www/style.css applies it in
  // print. A4 at Chrome's default margins leaves the picture 640 CSS pixels.
  const clipWidth = () => page.locator(".stage .canvas-clip").evaluate((e) => e.getBoundingClientRect().width);
  const problems = await open(page, "./?n=5&d=3&k=2&f=3&s=2&p=1");
  const screen = await clipWidth();
  expect(screen).toBeGreaterThan(700);
  const chartColumns = () => page.locator(".charts").evaluate((e) => getComputedStyle(e).gridTemplateColumns.split(" ").length);
  expect(await chartColumns()).toBeGreaterThan(1);
  await page.emulateMedia({ media: "print" });
  expect(Math.abs((await clipWidth()) - 640)).toBeLessThan(1.5);
  // The charts, drawn for half the window, take a row each.
  expect(await chartColumns()).toBe(1);
  await page.emulateMedia({ media: "screen" });
  expect(await clipWidth()).toBe(screen);
  // In a narrow window the picture is laid out to fit it, and so fits a page: printed at its
  // own size.
  await page.setViewportSize({ width: 600, height: 860 });
  await open(page, "./?n=7&d=1&k=1&f=3&s=2&p=0");
  const small = await clipWidth();
  expect(small).toBeLessThan(640);
  await page.emulateMedia({ media: "print" });
  expect(await clipWidth()).toBe(small);
  expect(problems).toEqual([]);
});

test("printed, the dark theme's page takes the light colours: light text on white paper is barely there", async ({ page }) => {
  const ink = () => page.evaluate(() => getComputedStyle(document.body).color);
  const problems = await open(page, "./?theme=dark");
  const light = "rgb(27, 27, 27)";
  expect(await ink()).not.toBe(light);
  await page.emulateMedia({ media: "print" });
  expect(await ink()).toBe(light);
  // And so does the system's dark theme followed by "auto".
  await page.emulateMedia({ media: "screen", colorScheme: "dark" });
  await open(page, "./?theme=auto");
  expect(await ink()).not.toBe(light);
  await page.emulateMedia({ media: "print", colorScheme: "dark" });
  expect(await ink()).toBe(light);
  // Its pictures, drawn dark, print as their negative; a light system's are left as they are.
  const negative = () => page.locator(".stage canvas").first().evaluate((c) => getComputedStyle(c).filter);
  expect(await negative()).toBe("invert(1) hue-rotate(180deg)");
  await page.emulateMedia({ media: "print", colorScheme: "light" });
  expect(await negative()).toBe("none");
  await page.emulateMedia({ media: "screen", colorScheme: "dark" });
  expect(await negative()).toBe("none");
  await open(page, "./?theme=dark");
  await page.emulateMedia({ media: "print" });
  expect(await negative()).toBe("invert(1) hue-rotate(180deg)");
  expect(problems).toEqual([]);
});

test("printed, the colours that carry a meaning are kept where a print leaves backgrounds out", async ({ page }) => {
  // www/style.css: the legend's swatches, the dot product's shaded padding terms and the
  // chosen option are backgrounds, which Chrome leaves out of a print by default.
  const problems = await open(page, "./?n=5&d=3&k=2&f=3&s=2&p=1");
  const adjust = () => page.evaluate(() => ["input", "padding", "active"]
    .map((s) => getComputedStyle(document.querySelector(`.stage .swatch.${s}`)).printColorAdjust)
    .concat([".dot .term, .dot", ".options .seg.on"].map((s) => getComputedStyle(document.querySelector(s)).printColorAdjust)));
  expect(await adjust()).toEqual(Array(5).fill("economy"));
  await page.emulateMedia({ media: "print" });
  expect(await adjust()).toEqual(Array(5).fill("exact"));
  // The page's own background still goes.
  expect(await page.evaluate(() => getComputedStyle(document.body).printColorAdjust)).toBe("economy");
  expect(problems).toEqual([]);
});

test("the dot product is written out and matches the output cell", async ({ page }) => {
  await open(page);
  await set(page, "p", 1);
  const dot = page.getByTestId("dot-product");
  await expect(page.getByTestId("dot-target")).toContainText("out[0][0][0] = ");
  // With P = 1 the top-left window has 5 of its 9 taps in the zero-padding, shaded.
  const { terms: all, stray } = await dotTerms(page);
  expect(all.length).toBe(9);
  expect(all.filter((t) => t.pad).length).toBe(5);
  expect(stray).toBe(0);
  // The padding taps read zero.
  for (const t of all.filter((t) => t.pad)) expect(t.text.endsWith("·0")).toBe(true);
  await page.locator("section.dot").screenshot({ path: shots + "dot-highlight.png" });
  // The terms really add up to the total shown.
  const terms = all.map((t) => t.text);
  const val = (s) => Number(s.replace(/[()]/g, "").replace("−", "-"));
  const sum = terms.map((t) => t.split("·")).reduce((a, [w, x]) => a + val(w) * val(x), 0);
  const bias = val((await dot.locator(".total-row .terms").textContent()).match(/\(bias (.*)\)$/)[1]);
  expect(val(await page.getByTestId("dot-total").textContent())).toBe(sum + bias);
});

test("the dot product's terms are spans while paused, one text a channel with a highlight while playing", async ({ page }) => {
  // src/ui/readouts.rs: Chromium rebuilds every highlight's marks at any change to the page,
  // which repainted the panel's lines at each slider change; the animation's steps, which
  // rewrite them anyway, are cheaper with one text a channel.
  expect(await open(page, "./?n=5&d=3&k=2&f=3&s=2&p=1")).toEqual([]);
  const mode = () => page.evaluate(() => ({
    spans: document.querySelectorAll("section.dot .channel .term").length,
    texts: [...document.querySelectorAll("section.dot .channel .terms")].map((td) => td.childNodes.length),
    ranges: CSS.highlights.get("convscope-pad")?.size ?? 0,
  }));
  expect(await mode()).toEqual({ spans: 27, texts: [17, 17, 17], ranges: 0 });
  await page.getByTestId("slider-k").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 3");
  expect(await mode()).toEqual({ spans: 27, texts: [17, 17, 17], ranges: 0 });
  await page.getByTestId("play").click();
  await expect(page.getByTestId("play")).toHaveText("Pause");
  const playing = await mode();
  expect([playing.spans, playing.texts]).toEqual([0, [1, 1, 1]]);
  await page.getByTestId("play").click();
  await expect(page.getByTestId("play")).toHaveText("Play");
  expect(await mode()).toEqual({ spans: 27, texts: [17, 17, 17], ranges: 0 });
});

test("without CSS highlights the dot product keeps a span per term, and the animation writes them", async ({ page }) => {
  // src/ui/highlight.rs: a browser without `CSS.highlights` (Firefox before 140, Safari before
  // 17.2) renders a span per term, the padding ones with class `pad`, and the running
  // animation's writer keeps them as a render would.
  await page.addInitScript(() => Object.defineProperty(CSS, "highlights", { value: undefined, configurable: true }));
  const problems = await open(page, "./?p=1");
  const dot = page.getByTestId("dot-product");
  await expect(dot.locator(".term")).toHaveCount(9);
  await expect(dot.locator(".term.pad")).toHaveCount(5);
  const { terms, stray } = await dotTerms(page);
  expect(terms.filter((t) => t.pad).length).toBe(5);
  expect(stray).toBe(0);
  // Play, pause, and the panel is what a render of that step gives.
  await page.keyboard.press("k");
  await page.waitForTimeout(700);
  await page.keyboard.press("k");
  await expect(page.getByTestId("play")).toHaveText("Play");
  const at = await page.getByTestId("position").textContent();
  const shown = await dot.innerHTML();
  const fresh = await page.context().newPage();
  await fresh.addInitScript(() => Object.defineProperty(CSS, "highlights", { value: undefined, configurable: true }));
  await open(fresh, `./?p=1&step=${at.split(" / ")[0]}`);
  expect(await fresh.getByTestId("dot-product").innerHTML()).toBe(shown);
  expect(shown).toContain("term pad");
  await fresh.close();
  expect(problems).toEqual([]);
});

test("bad input shows a sentence next to the field and keeps the last picture", async ({ page }) => {
  const problems = await open(page);
  const before = await pixels(page);
  const tops = () => page.evaluate(() => ["n", "d", "k", "f"].map((f) => document.querySelector(`[data-testid="field-${f}"]`).getBoundingClientRect().top));
  const aligned = await tops();
  const box = page.getByTestId("field-n");
  await box.click();
  await box.press("End");
  await box.press("Backspace");
  await expect(page.getByTestId("error-n")).toHaveText("Input size N is empty: enter a whole number from 1 to 512.");
  await expect(box).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  expect(await pixels(page)).toEqual(before);
  // The sentence under N makes its row taller; the other fields stay where they were
  // (found in review: they slid down, out of line).
  expect(await tops()).toEqual(aligned);
  await box.fill("abc");
  await expect(page.getByTestId("error-n")).toContainText("“abc” is not a number");
  await set(page, "s", "0");
  await expect(page.getByTestId("error-s")).toHaveText("S = 0 is outside 1–16, the range ConvScope accepts.");
  await set(page, "n", "1e9");
  await expect(page.getByTestId("error-n")).toContainText("outside 1–512");
  await fullShot(page, shots + "05-bad-input.png");
  await set(page, "n", "9");
  await expect(page.getByTestId("error-n")).toBeEmpty();
  await expect(page.getByTestId("output-shape")).toHaveText("4 × 4 × 1");
  // A filter larger than the padded input: a sentence, no animation, no crash.
  await set(page, "s", "1");
  await set(page, "f", "11");
  await expect(page.getByTestId("output-shape")).toHaveText("no output");
  await expect(page.getByTestId("fit-note")).toContainText("11");
  await expect(page.getByTestId("play")).toBeDisabled();
  expect(problems).toEqual([]);
});

test("sliders and the arrow keys in a box change the value", async ({ page }) => {
  await open(page);
  await page.getByTestId("slider-n").fill("11");
  await expect(page.getByTestId("field-n")).toHaveValue("11");
  await expect(page.getByTestId("output-shape")).toHaveText("5 × 5 × 1");
  await page.getByTestId("field-p").press("ArrowUp");
  await expect(page.getByTestId("field-p")).toHaveValue("1");
  await expect(page.getByTestId("output-shape")).toHaveText("6 × 6 × 1");
});

test("clicking an output cell jumps there", async ({ page }) => {
  await open(page);
  const canvas = page.getByTestId("stage");
  await canvas.click({ position: await cellAt(page, "output", 1, 2) });
  await expect(page.getByTestId("position")).toHaveText("6 / 9");
  await expect(page.getByTestId("dot-target")).toContainText("out[0][1][2] = ");
  await canvas.click({ position: await cellAt(page, "output", 2, 0) });
  await expect(page.getByTestId("position")).toHaveText("7 / 9");
});

test("the canvas is sharp on a HiDPI screen", async ({ browser }) => {
  const ctx = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1280, height: 860 } });
  const page = await ctx.newPage();
  await page.goto("./");
  const c = page.getByTestId("stage");
  await expect(page.getByTestId("output-shape")).toBeVisible();
  const dims = await c.evaluate((el) => ({ bw: el.width, cw: el.getBoundingClientRect().width }));
  expect(Math.abs(dims.bw - 2 * dims.cw)).toBeLessThanOrEqual(2);
  await page.screenshot({ path: shots + "06-hidpi.png" });
  await ctx.close();
});

test("if the wasm cannot load, the page says so and offers a reload", async ({ page }) => {
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto("./");
  const fatal = page.locator("#fatal");
  await expect(fatal).toBeVisible();
  await expect(page.locator("#fatal-text")).toContainText(/failed to load|could not start/);
  await expect(page.getByRole("button", { name: "Reload" })).toBeVisible();
  await expect(page.locator("#loading")).toBeHidden();
  await page.screenshot({ path: shots + "07-wasm-failed.png" });
});

test("a step or a pointer move repaints only what changed, and the frame equals a fresh paint", async ({ page, context }) => {
  // The stage copies what the last frame shares with the next one and draws only the rest
  // (src/render/canvas.rs, Frames); a 32 × 32 layer also draws its cells as bitmaps. Each
  // frame reached by stepping must be the frame a fresh page paints at that step.
  const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  for (const [query, from, presses, total] of [
    ["n=7&d=3&k=2&f=3&s=2&p=1", 5, 2, 32],
    // Across the step to the next filter: the copy must drop the last filter's slices, and
    // the step after finds the new ones in it (Scene::settled).
    ["n=5&d=3&k=2&f=3&s=2&p=1", 8, 3, 18],
    ["n=32&d=3&k=6&f=5&s=2&p=0", 697, 3, 1176],
  ]) {
    const problems = await open(page, `./?${query}&step=${from}`);
    const fresh = await pixels(page);
    const stage = page.getByTestId("stage");
    const d = await stage.evaluate((c) => ({ x: Number(c.dataset.inputX), y: Number(c.dataset.inputY), cell: Number(c.dataset.cell) }));
    // Pointing at a cell and away again: back to the first frame, pixel for pixel.
    await stage.hover({ position: { x: d.x + d.cell * 2.5, y: d.y + d.cell * 2.5 } });
    await frame();
    expect(await pixels(page)).not.toEqual(fresh);
    await page.mouse.move(2, 2);
    await frame();
    expect(await pixels(page)).toEqual(fresh);
    for (let i = 0; i < presses; i++) await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("position")).toHaveText(`${from + presses} / ${total}`);
    await frame();
    const stepped = await pixels(page);
    expect(stepped).not.toEqual(fresh);
    expect(problems).toEqual([]);
    const other = await context.newPage();
    const more = await open(other, `./?${query}&step=${from + presses}`);
    await frame();
    expect(await pixels(other)).toEqual(stepped);
    expect(more).toEqual([]);
    await other.close();
  }
});

test("every step of a loop, painted only where it changed, equals a fresh paint of that step", async ({ browser }) => {
  test.setTimeout(90_000); // ~20 s in a fresh-clone CI on a 2-core machine
  // A frame on a canvas that holds the last one paints again only where the two differ
  // (scene::changed, canvas::repaint): the rest of the canvas must already be right. Each
  // position reached by stepping, across both filters and around the loop, must be the
  // frame a fresh page paints there, at one and two device pixels per CSS pixel.
  for (const [query, total, scale] of [
    ["n=5&d=3&k=2&f=3&s=2&p=1", 18, 1],
    ["n=7&d=1&k=1&f=3&s=2&p=0", 9, 2],
  ]) {
    const context = await browser.newContext({ deviceScaleFactor: scale, viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const frame = (p) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    // From the second last position on (positions count from 1), once round the loop (the
    // last to the first by Home: a step stops at the last) and one step further.
    const problems = await open(page, `./?${query}&step=${total - 1}`);
    const stepped = [];
    for (let i = 0; i <= total; i++) {
      const at = ((total - 2 + i) % total) + 1;
      await expect(page.getByTestId("position")).toHaveText(`${at} / ${total}`);
      await frame(page);
      stepped.push([at, await pixels(page)]);
      // The focus is on the step button, which leaves Home to the page.
      if (at === total) await page.keyboard.press("Home");
      else await page.getByTestId("step").click();
    }
    expect(problems).toEqual([]);
    const fresh = await context.newPage();
    for (const [at, url] of stepped) {
      expect(await open(fresh, `./?${query}&step=${at}`)).toEqual([]);
      await frame(fresh);
      expect(await pixels(fresh), `${query} at ${at} / ${total}, ×${scale}`).toEqual(url);
    }
    await context.close();
  }
});

test("while playing, a worker paints the ticks; without one the page does, and a pause hands the picture back", async ({ browser }) => {
  // src/ui/stage.rs, Ticks: the ticks go to a worker that paints a canvas over the stage's;
  // a render (here the pause) paints the stage's canvas and hides the worker's.
  const query = "./?n=5&d=3&k=2&f=3&s=2&p=1&play=1&speed=8";
  // The stage's own canvas is transparent under the worker's (not hidden: it keeps focus).
  const ticks = (p) => p.evaluate(() => {
    const t = document.querySelector("canvas.ticks");
    const own = getComputedStyle(document.querySelector("[data-testid=stage]"));
    return { on: t.classList.contains("on"), wanted: t.convscopeWanted, painted: t.convscopePainted, own: own.opacity, shown: own.visibility };
  });
  const pauseAndRead = async (p) => {
    await p.keyboard.press("k");
    await expect(p.getByTestId("play")).toHaveAttribute("aria-pressed", "false");
    const at = (await p.getByTestId("position").textContent()).split(" / ")[0];
    return { at, url: await stagePixels(p) };
  };
  const fresh = async (at, lang = "") => {
    const f = await browser.newPage();
    expect(await open(f, `./?n=5&d=3&k=2&f=3&s=2&p=1&step=${at}${lang}`)).toEqual([]);
    const url = await stagePixels(f);
    await f.close();
    return url;
  };
  const cases = [
    // [how the page is opened, whether a worker paints, a console message it must say]
    [{}, true, null, ""],
    [{ workerPaints: false }, false, null, ""],
    [{ missing: true }, false, "the stage's worker did not start", ""],
    [{}, true, null, "&lang=ko"],
  ];
  for (const [how, byWorker, says, lang] of cases) {
    const page = await browser.newPage();
    if (how.missing) await page.route("**/stage-worker.js", (r) => r.fulfill({ status: 404, body: "" }));
    const problems = await open(page, query + lang, how);
    await page.waitForTimeout(700);
    const t = await ticks(page);
    expect(t.on, JSON.stringify(how)).toBe(byWorker);
    if (byWorker) expect(t.painted).toBeGreaterThan(0);
    expect([t.own, t.shown]).toEqual([byWorker ? "0" : "1", "visible"]);
    // Playing, the picture on screen is a fresh page's at the same step (the play test
    // above checks that at several steps); paused, the stage's own canvas shows it.
    const paused = await pauseAndRead(page);
    expect((await ticks(page)).on).toBe(false);
    expect((await ticks(page)).own).toBe("1");
    expect(paused.url, `${JSON.stringify(how)} at ${paused.at}`).toEqual(await fresh(paused.at, lang));
    if (says) {
      expect(problems.join("\n")).toContain(says);
    } else {
      expect(problems).toEqual([]);
    }
    await page.close();
  }
});

test("the transport keeps its layout from step to step: the counter is as wide as its widest text", async ({ page }) => {
  // src/ui/transport.rs: "9 / 18" → "10 / 18" narrowed the scrubber beside it, which was resized
  // and repainted (and the frame's layerizing doubled) at the animation's steps 1 and 10.
  expect(await open(page, "./?n=5&d=3&k=2&f=3&s=2&p=1")).toEqual([]);
  const boxes = () => page.evaluate(() => ["scrubber", "position", "speed"].map((id) => {
    const r = document.querySelector(`[data-testid=${id}]`).getBoundingClientRect();
    return [Math.round(r.left * 100) / 100, Math.round(r.right * 100) / 100];
  }));
  const seen = [];
  for (const at of [0, 8, 9, 17]) {
    await page.getByTestId("scrubber").fill(String(at));
    await expect(page.getByTestId("position")).toHaveText(`${at + 1} / 18`);
    const [scrubber, counter, speed] = await boxes();
    seen.push({ scrubber, counterRight: counter[1], speed });
  }
  for (const s of seen.slice(1)) expect(s).toEqual(seen[0]);
  // The hidden widest text is not read out.
  await expect(page.locator(".transport .widest")).toHaveAttribute("aria-hidden", "true");
  await expect(page.locator(".transport .widest")).toHaveCSS("visibility", "hidden");
});

test("while playing, a slider change paints its frame on the page and leaves the next tick to the worker", async ({ page }) => {
  // src/ui/stage.rs, Ticks: once the worker has shown a frame, a tick after a render is not
  // painted on the page too (that drew the new layer's settled part afresh, ~3 ms of the main
  // thread): the stage's own canvas keeps the render's frame until the worker's shows the tick.
  // A tick asks the worker for its frame (the ticks canvas's `convscopeWanted`) in the task in
  // which it would paint the stage: a drawing call on the stage's canvas in such a task is a
  // tick painted on the page.
  await page.addInitScript(() => {
    window.tickPaints = 0;
    let inTick = false;
    const wanted = Symbol("wanted");
    Object.defineProperty(HTMLCanvasElement.prototype, "convscopeWanted", {
      get() { return this[wanted]; },
      set(v) { this[wanted] = v; inTick = true; queueMicrotask(() => { inTick = false; }); },
    });
    for (const name of ["clearRect", "drawImage", "fillRect", "putImageData"]) {
      const f = CanvasRenderingContext2D.prototype[name];
      CanvasRenderingContext2D.prototype[name] = function (...a) {
        if (inTick && this.canvas.dataset.testid === "stage") window.tickPaints++;
        return f.apply(this, a);
      };
    }
  });
  expect(await open(page, "./?n=12&d=3&k=3&f=3&s=1&p=1&play=1&speed=8")).toEqual([]);
  const at = async () => (await page.getByTestId("position").textContent()).split(" / ")[0];
  const shows = () => page.evaluate(() => document.querySelector("canvas.ticks").classList.contains("on"));
  await expect.poll(shows).toBe(true);
  // The check can see a tick painted on the page: the first ones are, while the worker loads.
  expect(await page.evaluate(() => window.tickPaints)).toBeGreaterThan(0);
  await page.getByTestId("slider-k").focus();
  // The render hides the worker's canvas (noted as it happens: the worker may show the next
  // tick before a read from here).
  await page.evaluate(() => {
    window.tickPaints = 0;
    window.hidden = 0;
    const c = document.querySelector("canvas.ticks");
    new MutationObserver(() => { if (!c.classList.contains("on")) window.hidden++; })
      .observe(c, { attributes: true, attributeFilter: ["class"] });
  });
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("output-shape")).toHaveText("12 × 12 × 4");
  await expect.poll(() => page.evaluate(() => window.hidden), { message: "a render hides the worker's canvas" }).toBeGreaterThan(0);
  // Two ticks on, the worker's canvas shows again, and none of them was painted here.
  const step = await at();
  await expect.poll(at, { timeout: 5000 }).not.toBe(step);
  const next = await at();
  await expect.poll(at, { timeout: 5000 }).not.toBe(next);
  await expect.poll(shows).toBe(true);
  expect(await page.evaluate(() => window.tickPaints)).toBe(0);
});

test("while the worker's canvas shows, its ticks are not reported back; after a render, or when asked, they are", async ({ page }) => {
  // src/ui/stage.rs, Show::wants_report: a report is a task on the page's thread at every
  // step (~0.17 ms of ~3.3), needed only while the worker's canvas is hidden or awaits a frame,
  // or when the page sets the canvas's `convscopeReport`. Reports are counted as they arrive.
  await page.addInitScript(() => {
    window.reports = [];
    const own = Object.getOwnPropertyDescriptor(Worker.prototype, "onmessage");
    Object.defineProperty(Worker.prototype, "onmessage", {
      get() { return own.get.call(this); },
      set(f) { own.set.call(this, f && ((e) => { window.reports.push(e.data); return f(e); })); },
    });
  });
  expect(await open(page, "./?n=5&d=3&k=2&f=3&s=2&p=1&play=1&speed=8")).toEqual([]);
  // `open` waited for the first tick on screen, asking for reports (helpers.mjs, stageSettled).
  await page.evaluate(() => { document.querySelector("canvas.ticks").convscopeReport = false; });
  const read = () => page.evaluate(() => {
    const t = document.querySelector("canvas.ticks");
    return { on: t.classList.contains("on"), wanted: t.convscopeWanted, reports: window.reports.length };
  });
  // The first frame shows the worker's canvas: it was reported.
  await expect.poll(async () => (await read()).on).toBe(true);
  const first = await read();
  expect(first.reports).toBeGreaterThan(0);
  // Eight ticks on, still none reported since.
  await expect.poll(async () => (await read()).wanted, { timeout: 5000 }).toBeGreaterThan(first.wanted + 8);
  const steady = await read();
  expect(steady.on).toBe(true);
  expect(steady.reports).toBe(first.reports);
  // A render hides the canvas: the tick after it is reported, and shows it again.
  await page.getByTestId("slider-k").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 3");
  await expect.poll(async () => (await read()).reports, { timeout: 5000 }).toBeGreaterThan(steady.reports);
  await expect.poll(async () => (await read()).on).toBe(true);
  // Asked, the worker reports every frame: the number painted reaches the number wanted.
  const asked = await page.evaluate(() => { document.querySelector("canvas.ticks").convscopeReport = true; return window.reports.length; });
  await expect.poll(async () => (await read()).reports, { timeout: 5000 }).toBeGreaterThan(asked + 4);
  expect(await page.evaluate(() => window.reports.every((r) => typeof r === "number"))).toBe(true);
});

test("a pointer move and the scatter view's steps, painted only where they changed, equal a whole repaint", async ({ page, context }) => {
  // Where a frame is painted again, whatever is drawn over the copy must lie inside the
  // rectangle: an antialiased edge (the window's 3 px outline, a padding cell's hatching) cut
  // by the clip's edge came out a 255th off (scene::repaint_area takes it in whole).
  const frame = (p = page) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const stage = page.getByTestId("stage");
  const problems = await open(page, "./?n=5&d=3&k=2&f=3&s=2&p=1&step=5");
  await frame();
  for (const [row, col] of [[1, 2], [3, 3]]) {
    await stage.hover({ position: await cellAt(page, "input", row, col) });
    await frame();
  }
  const moved = await pixels(page);
  // Another palette and back: two whole repaints, the pointer where it was.
  const theme = page.getByTestId("theme");
  await theme.selectOption("contrast");
  await frame();
  await theme.selectOption("auto");
  await frame();
  expect(await pixels(page)).toEqual(moved);
  // The scatter view of a transposed layer: its padding is hatched with diagonal lines.
  await open(page, "./?preset=tconv-2x2-4x4&scatter=1&step=3");
  await frame();
  await page.getByTestId("step").click();
  await expect(page.getByTestId("position")).toHaveText(/^4 \//);
  await frame();
  const stepped = await pixels(page);
  expect(problems).toEqual([]);
  const fresh = await context.newPage();
  expect(await open(fresh, "./?preset=tconv-2x2-4x4&scatter=1&step=4")).toEqual([]);
  await frame(fresh);
  expect(await pixels(fresh)).toEqual(stepped);
  await fresh.close();
});

test("a frame copies a kept base only when it draws the same picture up to its map", async ({ page, context }) => {
  // A small picture keeps, per filter, a copy of everything before the map being filled
  // (canvas::Frames, bases) and copies it when a later frame draws the same. Turning the
  // bias off and on again changes one label there, not how many shapes come before the map:
  // the frame must still be the one a fresh page paints.
  const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const query = "n=5&d=3&k=2&f=3&s=2&p=1";
  const problems = await open(page, `./?${query}&step=4`);
  await frame();
  const on = await pixels(page);
  const bias = page.getByTestId("bias");
  await bias.uncheck();
  await frame();
  expect(await pixels(page)).not.toEqual(on);
  await page.getByTestId("step").click();
  await page.getByTestId("step-back").click();
  await bias.check();
  await frame();
  await page.getByTestId("step").click();
  await page.getByTestId("step-back").click();
  await frame();
  expect(await pixels(page)).toEqual(on);
  const other = await context.newPage();
  expect(await open(other, `./?${query}&step=4`)).toEqual([]);
  await frame();
  expect(await pixels(other)).toEqual(on);
  expect(problems).toEqual([]);
  await other.close();
});

test("after a change of K the kept panels give the frame a fresh page paints", async ({ browser }) => {
  // A slider change redraws only the panels whose content changed and copies the others
  // from their kept bitmaps (src/render/canvas.rs, Panels): the input slices survive a change
  // of K, the empty maps are one bitmap. The frame must be the one a fresh page paints, at
  // DPR 1 and at 1.5 (panels then start between device pixels).
  for (const scale of [1, 1.5]) {
    const ctx = await browser.newContext({ deviceScaleFactor: scale, viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    const frame = (p = page) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    const paint = async (k, p = 2) => {
      const other = await ctx.newPage();
      const problems = await open(other, `./?n=64&d=3&k=${k}&f=5&s=1&p=${p}&step=300`);
      await frame(other);
      // The picture the canvas shows: its store may be larger (src/render/canvas.rs, prepare).
      const { url } = await picture(other.getByTestId("stage"));
      expect(problems).toEqual([]);
      await other.close();
      return url;
    };
    const problems = await open(page, "./?n=64&d=3&k=8&f=5&s=1&p=2&step=300");
    await frame();
    const stage = page.getByTestId("stage");
    const k8 = (await picture(stage)).url;
    await page.getByTestId("slider-k").focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("output-shape")).toContainText("64 × 64 × 9");
    await frame();
    const k9 = await picture(stage);
    expect(k9.url === k8).toBe(false);
    expect(k9.url === await paint(9)).toBe(true);
    expect(k9.slackClear).toBe(true);
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByTestId("output-shape")).toContainText("64 × 64 × 8");
    await frame();
    // The store made for K = 9 is kept (see the next test).
    const back = await picture(stage);
    expect(back.url === k8).toBe(true);
    expect(back.slackClear).toBe(true);
    // The scene leaves out the shapes of the input slices whose bitmaps are kept
    // (src/render/scene.rs, build_kept). A change of P changes the slices (drawn again);
    // back at P = 2 the kept ones are found by their content and copied.
    await page.getByTestId("slider-p").focus();
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByTestId("output-shape")).toContainText("62 × 62 × 8");
    await frame();
    expect((await picture(stage)).url === await paint(8, 1)).toBe(true);
    await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("output-shape")).toContainText("64 × 64 × 8");
    await frame();
    expect((await picture(stage)).url === k8).toBe(true);
    expect(problems).toEqual([]);
    await ctx.close();
  }
});

test("a change of K keeps the stage canvas's store, the picture sharp and the page's layout", async ({ browser }) => {
  // At N = 64 the frame is 1157 CSS px wide at K = 8 and 1182 at K = 9: setting a canvas's
  // size reallocates and clears its store, so a store that holds the next frame and is not
  // much larger is kept (src/render/canvas.rs, prepare), and its frame clips it to the
  // picture. Slid back and forth, the canvas is sized at most once, when it first grows; and
  // once more for K = 10, whose frame is narrower and taller than K = 9's.
  for (const scale of [1, 1.5]) {
    const ctx = await browser.newContext({ deviceScaleFactor: scale, viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    const frame = (p = page) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    const layout = (p) => p.evaluate(() => {
      const c = document.querySelector('[data-testid="stage"]');
      const box = (el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 100) / 100); };
      return { frame: box(c.parentElement), focusLine: box(document.querySelector('[data-testid="focus-text"]')), stage: box(document.querySelector(".stage")), scroll: document.querySelector(".canvas-wrap").scrollWidth };
    });
    const fresh = async (k) => {
      const other = await ctx.newPage();
      const problems = await open(other, `./?n=64&d=3&k=${k}&f=5&s=1&p=2&step=300`);
      await frame(other);
      const out = {
        picture: await picture(other.getByTestId("stage")),
        heatmaps: (await picture(other.getByTestId("heatmaps"))).url,
        layout: await layout(other),
        store: await other.getByTestId("stage").evaluate((c) => [c.width, c.height]),
      };
      expect(problems).toEqual([]);
      await other.close();
      return out;
    };
    const [k8, k9] = [await fresh(8), await fresh(9)];
    // A store holds its picture, at the screen's pixel density, and is not much larger (3/4
    // each way: a fresh page may have drawn a frame before it measured its room, and the
    // store holds both).
    const fitsStore = (store, pic) => store[0] >= pic.w && store[1] >= pic.h && pic.w * 4 >= store[0] * 3 && pic.h * 4 >= store[1] * 3;
    expect(fitsStore(k8.store, k8.picture), `${k8.store} for ${k8.picture.w} × ${k8.picture.h}`).toBe(true);
    expect(fitsStore(k9.store, k9.picture), `${k9.store} for ${k9.picture.w} × ${k9.picture.h}`).toBe(true);
    expect(k9.picture.w).toBeGreaterThan(k8.picture.w);
    const problems = await open(page, "./?n=64&d=3&k=8&f=5&s=1&p=2&step=300");
    await frame();
    const stage = page.getByTestId("stage");
    // Count every size the app sets on the stage's and the activation maps' canvases from here on.
    const count = (c) => {
      c.sizesSet = 0;
      for (const p of ["width", "height"]) {
        const d = Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, p);
        Object.defineProperty(c, p, { configurable: true, get() { return d.get.call(this); }, set(v) { this.sizesSet++; d.set.call(this, v); } });
      }
    };
    await stage.evaluate(count);
    const heatmaps = page.getByTestId("heatmaps");
    await heatmaps.evaluate(count);
    await page.getByTestId("slider-k").focus();
    // Each picture equals a fresh page's; the store holds it, at the density it is drawn at,
    // and once made for K = 9 stays through `presses`.
    const store = () => stage.evaluate((c) => [c.width, c.height]);
    const slide = async (presses, pics) => {
      let kept = null;
      for (const [key, k] of presses) {
        await page.keyboard.press(key);
        await expect(page.getByTestId("output-shape")).toContainText(`64 × 64 × ${k}`);
        await frame();
        const want = pics[k];
        const got = await picture(stage);
        expect(got.url === want.picture.url, `K = ${k} at DPR ${scale}`).toBe(true);
        expect(got.slackClear).toBe(true);
        // Below the fold the maps paint up to 150 ms later (a boolean: two data URLs
        // would print in full).
        await expect.poll(async () => (await picture(heatmaps)).url === want.heatmaps, `maps, K = ${k} at DPR ${scale}`).toBe(true);
        // The page around the picture is laid out as for a canvas of the picture's size.
        expect(await layout(page)).toEqual(want.layout);
        const now = await store();
        expect(fitsStore(now, got), `${now} for ${got.w} × ${got.h}`).toBe(true);
        expect(await stage.evaluate((c) => c.getBoundingClientRect().width * devicePixelRatio)).toBeCloseTo(now[0], 0);
        if (kept) expect(now).toEqual(kept);
        kept = now;
      }
    };
    await slide([["ArrowRight", 9], ["ArrowLeft", 8], ["ArrowRight", 9], ["ArrowLeft", 8]], { 8: k8, 9: k9 });
    // Sized at most once (width and height), when K = 9 first needed a wider store (not at
    // all when the store made for K = 8 had room to spare: scene::backing_size); `slide`
    // checked it was never sized again.
    expect(await stage.evaluate((c) => c.sizesSet)).toBeLessThanOrEqual(2);
    // The activation maps' canvas (574 × 365 CSS px at K = 8, 570 × 237 at K = 9) keeps its store.
    expect(await heatmaps.evaluate((c) => c.sizesSet)).toBe(0);
    // K = 10 is narrower than K = 9 but taller (the maps go below the input again): neither
    // store holds the other's frame, so the store grows once to hold both, and stays (sized
    // at every press before).
    const k10 = await fresh(10);
    expect(k10.picture.w).toBeLessThan(k9.picture.w);
    expect(k10.picture.h).toBeGreaterThan(k9.picture.h);
    await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("output-shape")).toContainText("64 × 64 × 9");
    await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("output-shape")).toContainText("64 × 64 × 10");
    await frame();
    const sized = await stage.evaluate((c) => c.sizesSet);
    await slide([["ArrowLeft", 9], ["ArrowRight", 10], ["ArrowLeft", 9], ["ArrowRight", 10]], { 9: k9, 10: k10 });
    expect(await stage.evaluate((c) => c.sizesSet)).toBe(sized);
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByTestId("output-shape")).toContainText("64 × 64 × 8");
    await frame();
    // The PNG export is the picture (K = 8 now), not the larger store.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("png").click()]);
    const png = readFileSync(await download.path());
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([k8.picture.w, k8.picture.h]);
    // A much smaller picture gets a store of its own size (an eighth to spare at most, the
    // way a frame on the way there outgrew the store before it), not the large one.
    const large = await store();
    await page.getByTestId("field-n").fill("7");
    await expect(page.getByTestId("output-shape")).toContainText("× 8");
    await frame();
    const small = await stage.evaluate((c) => ({ store: [c.width, c.height], frame: c.parentElement.getBoundingClientRect() }));
    const own = [Math.round(small.frame.width * scale), Math.round(small.frame.height * scale)];
    for (const i of [0, 1]) {
      expect(small.store[i], `${small.store} for ${own}`).toBeGreaterThanOrEqual(own[i]);
      expect(small.store[i], `${small.store} for ${own}`).toBeLessThanOrEqual(Math.floor(own[i] * 9 / 8));
    }
    expect(small.store[1]).toBeLessThan(large[1] * 3 / 4);
    expect(problems).toEqual([]);
    await ctx.close();
  }
});
