// The real-image view: built-in pictures, uploads (good and bad files, by the file picker, a
// drop and a paste), maps that change when a filter does, Sobel x on the test pattern, the
// zoom, the FC layer, img= in links, and the time from a slider's input event to the painted
// frame (printed, not asserted). Fixtures: tests/fixtures/images/ (made by make.mjs there).
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { open, shots } from "./helpers.mjs";
import { hugePng, png } from "../fixtures/images/png.mjs";

const fixture = (name) => fileURLToPath(new URL(`../fixtures/images/${name}`, import.meta.url));

/** Opens the page at `path` and waits for the real-image view's maps. */
async function openLab(page, path = "./") {
  const problems = await open(page, path);
  await page.getByTestId("lab").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("lab-map-0")).toBeVisible();
  return problems;
}

/** A canvas's pixels as a short fingerprint plus its size. */
async function pixels(locator) {
  return locator.evaluate((c) => {
    const d = window.pixels2d(c).getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i += 1) h = (h * 31 + d[i]) >>> 0;
    return `${c.width}x${c.height}:${h}`;
  });
}

/** The picture's caption. */
const caption = (page) => page.getByTestId("lab-caption").textContent();

/** Uploads through the file picker. */
async function upload(page, name, buffer, mimeType = "image/png") {
  await page.getByTestId("lab-file").setInputFiles({ name, mimeType, buffer });
}

test("built-in pictures, and img= in the link", async ({ page }) => {
  const problems = await openLab(page);
  expect(await caption(page)).toBe("Photo-like landscape (colour), 256 × 192 pixels.");
  const photo = await pixels(page.getByTestId("lab-input"));
  await page.getByTestId("lab-image").selectOption("digit");
  await expect(page.getByTestId("lab-caption")).toHaveText("Handwritten digit (28 × 28), 28 × 28 pixels.");
  await expect.poll(() => new URL(page.url()).search).toBe("?img=digit");
  expect(await pixels(page.getByTestId("lab-input"))).not.toBe(photo);
  await page.getByTestId("lab").screenshot({ path: `${shots}/lab-digit.png` });
  await page.reload();
  await expect(page.getByTestId("lab-caption")).toHaveText(/^Handwritten digit/);
  await expect(page.getByTestId("lab-image")).toHaveValue("digit");
  // Other keys are kept beside img=.
  await page.goto("./?n=9&img=pattern");
  await expect(page.getByTestId("lab-caption")).toHaveText(/^Test pattern/);
  await expect(page.getByTestId("field-n")).toHaveValue("9");
  expect(problems).toEqual([]);
});

test("an unknown img= says that uploads cannot travel in a link", async ({ page }) => {
  const problems = await openLab(page, "./?img=my-cat.jpg");
  await expect(page.getByTestId("url-notice")).toContainText("img=my-cat.jpg");
  await expect(page.getByTestId("url-notice")).toContainText("an uploaded picture cannot travel in a link");
  expect(await caption(page)).toMatch(/^Photo-like landscape/);
  expect(problems).toEqual([]);
});

test("an uploaded picture replaces the built-in one and its maps", async ({ page }) => {
  const problems = await openLab(page);
  const before = await pixels(page.getByTestId("lab-map-0").locator("canvas.bitmap").first());
  await page.getByTestId("lab-file").setInputFiles(fixture("edge.png"));
  await expect(page.getByTestId("lab-caption")).toHaveText("“edge.png”, 96 × 64 pixels.");
  await expect(page.getByTestId("lab-image")).toHaveValue("upload");
  // Below the fold the tiles paint up to 150 ms later.
  const mapPixels = () => pixels(page.getByTestId("lab-map-0").locator("canvas.bitmap").first());
  await expect.poll(mapPixels).toMatch(/^96x64:/);
  expect(await mapPixels()).not.toBe(before);
  // The identity map of the upload: left half dark (≈ 0.13), right half light (≈ 0.89).
  const map = page.getByTestId("lab-map-0");
  await expect(map).toHaveAttribute("data-min", /^0\.1/);
  await expect(map).toHaveAttribute("data-max", /^0\.8/);
  // A still GIF is a picture like any other.
  await page.getByTestId("lab-file").setInputFiles(fixture("still.gif"));
  await expect(page.getByTestId("lab-caption")).toHaveText("“still.gif”, 1 × 1 pixels.");
  await expect(page.getByTestId("lab-upload-error")).toHaveCount(0);
  // A large picture is scaled to 512 on its long side, then to the chosen long side.
  await upload(page, "wide.png", png(1200, 300, (x) => [x % 256, 100, 50]));
  await expect(page.getByTestId("lab-caption")).toHaveText("“wide.png”, 1200 × 300 pixels, scaled to 256 × 64.");
  await page.getByTestId("lab-size").selectOption("512");
  await expect(page.getByTestId("lab-caption")).toHaveText("“wide.png”, 1200 × 300 pixels, scaled to 512 × 128.");
  expect(problems).toEqual([]);
});

test("bad files get a sentence next to the upload and the previous picture stays", async ({ page }) => {
  const problems = await openLab(page);
  await page.getByTestId("lab-file").setInputFiles(fixture("edge.png"));
  await expect(page.getByTestId("lab-caption")).toHaveText("“edge.png”, 96 × 64 pixels.");
  // Below the fold the tiles paint up to 150 ms later.
  await expect.poll(() => pixels(page.getByTestId("lab-map-3").locator("canvas.bitmap").first())).toMatch(/^96x64:/);
  const mapBefore = await pixels(page.getByTestId("lab-map-3").locator("canvas.bitmap").first());
  const error = page.getByTestId("lab-upload-error");
  const cases = [
    ["empty.png", readFileSync(fixture("empty.png")), "image/png", "“empty.png”: The file is empty (0 bytes)."],
    ["notes.txt", readFileSync(fixture("notes.txt")), "text/plain", "“notes.txt”: This is a text file, not an image."],
    ["corrupt.png", readFileSync(fixture("corrupt.png")), "image/png", "“corrupt.png”: The browser could not decode this picture"],
    ["animated.gif", readFileSync(fixture("animated.gif")), "image/gif", "“animated.gif”: This GIF is animated (2 frames)"],
    ["drawing.svg", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'), "image/svg+xml", "“drawing.svg”: This is an SVG drawing, which has no pixels of its own."],
    ["huge.png", hugePng(20000, 20000), "image/png", "“huge.png”: The picture is 20,000 × 20,000 pixels (400 megapixels); pictures up to 50 megapixels are read"],
  ];
  for (const [name, buffer, mimeType, sentence] of cases) {
    await upload(page, name, buffer, mimeType);
    await expect(error).toContainText(sentence);
    await expect(error).toContainText("The previous picture is kept.");
    expect(await caption(page)).toBe("“edge.png”, 96 × 64 pixels.");
    expect(await pixels(page.getByTestId("lab-map-3").locator("canvas.bitmap").first())).toBe(mapBefore);
  }
  await page.getByTestId("lab").screenshot({ path: `${shots}/lab-bad-file.png` });
  // Still usable: a filter change redraws its map, a good file clears the sentence.
  await page.getByTestId("lab-filter-3").click();
  await page.getByTestId("lab-kind").selectOption("laplacian");
  await expect.poll(() => pixels(page.getByTestId("lab-map-3").locator("canvas.bitmap").first())).not.toBe(mapBefore);
  await page.getByTestId("lab-image").selectOption("pattern");
  await expect(error).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("a picture can be dropped or pasted", async ({ page }) => {
  const problems = await openLab(page);
  const bytes = [...readFileSync(fixture("edge.png"))];
  await page.getByTestId("lab-drop").evaluate((zone, bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], "dropped.png", { type: "image/png" }));
    zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await expect(page.getByTestId("lab-caption")).toHaveText("“dropped.png”, 96 × 64 pixels.");
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], "pasted.png", { type: "image/png" }));
    document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true }));
  }, bytes);
  await expect(page.getByTestId("lab-caption")).toHaveText("“pasted.png”, 96 × 64 pixels.");
  // Two files at once: one at a time, please.
  await page.getByTestId("lab-drop").evaluate((zone, bytes) => {
    const dt = new DataTransfer();
    for (const n of ["a.png", "b.png"]) dt.items.add(new File([new Uint8Array(bytes)], n, { type: "image/png" }));
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await expect(page.getByTestId("lab-upload-error")).toContainText("2 files were given; choose one picture at a time.");
  expect(await caption(page)).toBe("“pasted.png”, 96 × 64 pixels.");
  expect(problems).toEqual([]);
});

test("the maps change when a filter changes, and only that filter's map", async ({ page }) => {
  const problems = await openLab(page, "./?img=photo");
  const canvas = (k) => page.getByTestId(`lab-map-${k}`).locator("canvas.bitmap").first();
  const before = await Promise.all([0, 1, 2].map((k) => pixels(canvas(k))));
  // A typed weight.
  await page.getByTestId("lab-filter-1").click();
  await page.getByTestId("lab-w-0-1-1").fill("2");
  await page.getByTestId("lab-w-0-1-1").press("Enter");
  await expect(page.getByTestId("lab-filter-1")).toHaveText("1: box blur (edited)");
  await expect(page.getByTestId("lab-map-1")).toContainText("1: box blur (edited)");
  await expect.poll(() => pixels(canvas(1))).not.toBe(before[1]);
  expect(await pixels(canvas(0))).toBe(before[0]);
  expect(await pixels(canvas(2))).toBe(before[2]);
  // Text that is not a number is refused with a sentence; the map stays.
  const edited = await pixels(canvas(1));
  await page.getByTestId("lab-w-0-0-0").fill("abc");
  await page.getByTestId("lab-w-0-0-0").press("Enter");
  await expect(page.getByTestId("lab-weight-error")).toHaveText("“abc” is not a number; the weight keeps its value.");
  expect(await pixels(canvas(1))).toBe(edited);
  // The slider moves the picked weight.
  await page.getByTestId("lab-w-0-0-0").focus();
  await page.getByTestId("lab-slider").fill("-1.5");
  await expect(page.getByTestId("lab-w-0-0-0")).toHaveValue("−1.5");
  await expect.poll(() => pixels(canvas(1))).not.toBe(edited);
  // Another kind; ReLU off brings negative values (blue) into the Sobel map.
  await page.getByTestId("lab-filter-0").click();
  await page.getByTestId("lab-kind").selectOption("emboss");
  await expect.poll(() => pixels(canvas(0))).not.toBe(before[0]);
  await expect(page.getByTestId("lab-map-4")).toHaveAttribute("data-min", "0");
  await page.getByTestId("lab-relu").uncheck();
  await expect(page.getByTestId("lab-map-4")).toHaveAttribute("data-min", /^−/);
  // Adding up to 16 filters, then no more.
  for (let i = 8; i < 16; i++) await page.getByTestId("lab-add").click();
  await expect(page.getByTestId("lab-map-15")).toBeVisible();
  await expect(page.getByTestId("lab-add")).toBeDisabled();
  // Greyscale: D = 1, one grid per filter.
  await page.getByTestId("lab-colour").selectOption("grey");
  await expect(page.getByTestId("lab-w-1-0-0")).toHaveCount(0);
  await expect(page.getByTestId("lab-w-0-0-0")).toBeVisible();
  await page.getByTestId("lab").screenshot({ path: `${shots}/lab-16-filters.png` });
  expect(problems).toEqual([]);
});

test("Sobel x on the test pattern is strongest on vertical edges", async ({ page }) => {
  const problems = await openLab(page, "./?img=pattern");
  await page.getByTestId("lab-colour").selectOption("grey");
  await page.getByTestId("lab-relu").uncheck();
  await expect(page.getByTestId("lab-map-4")).toContainText("Sobel x");
  // The colour's distance from white is |value| / max|value|. Top left: vertical stripes;
  // top right: horizontal stripes (away from the quadrants' borders).
  const strength = await page.getByTestId("lab-map-4").locator("canvas.bitmap").first().evaluate((c) => {
    const d = window.pixels2d(c).getImageData(0, 0, c.width, c.height).data;
    const at = (x, y) => { const i = (y * c.width + x) * 4; return 765 - d[i] - d[i + 1] - d[i + 2]; };
    const region = (x0, x1, y0, y1) => {
      let max = 0, sum = 0, n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) { const v = at(x, y); max = Math.max(max, v); sum += v; n++; }
      return { max, mean: sum / n };
    };
    return { width: c.width, vertical: region(8, 120, 8, 120), horizontal: region(136, 248, 8, 120) };
  });
  expect(strength.width).toBe(256);
  expect(strength.vertical.max).toBeGreaterThan(300);
  expect(strength.horizontal.max).toBeLessThan(10);
  expect(strength.vertical.mean).toBeGreaterThan(20 * Math.max(strength.horizontal.mean, 0.1));
  // Sobel y the other way round.
  const y = await page.getByTestId("lab-map-5").locator("canvas.bitmap").first().evaluate((c) => {
    const d = window.pixels2d(c).getImageData(0, 0, c.width, c.height).data;
    const max = (x0, x1) => { let m = 0; for (let y = 8; y < 120; y++) for (let x = x0; x < x1; x++) { const i = (y * c.width + x) * 4; m = Math.max(m, 765 - d[i] - d[i + 1] - d[i + 2]); } return m; };
    return [max(8, 120), max(136, 248)];
  });
  expect(y[0]).toBeLessThan(10);
  expect(y[1]).toBeGreaterThan(300);
  await page.getByTestId("lab").screenshot({ path: `${shots}/lab-sobel.png` });
  expect(problems).toEqual([]);
});

test("the zoom follows clicks and keys and writes out the dot product", async ({ page }) => {
  const problems = await openLab(page, "./?img=digit");
  const zoom = page.getByTestId("lab-zoom");
  await expect(zoom).toContainText("at output row 14, column 14 of a 28 × 28 map");
  // Click the top-left corner of Sobel y's map.
  const map = page.getByTestId("lab-map-5").locator("canvas.bitmap").first();
  await map.click({ position: { x: 1, y: 1 } });
  await expect(zoom).toContainText("Filter 5: Sobel y");
  await expect(zoom).toContainText("at output row 0, column 0");
  // The top row of the neighbourhood lies in the padding.
  await expect(page.getByTestId("lab-zoom-0")).toHaveAttribute("data-pad", "16");
  await expect(page.getByTestId("lab-zoom-0")).toHaveAttribute("aria-label", /^Channel R around the window; the window holds (\d\.\d\d ){8}\d\.\d\d$/);
  await zoom.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  await expect(zoom).toContainText("at output row 1, column 1");
  // Play moves the window on its own; pause stops it.
  await page.getByTestId("lab-play").click();
  await expect(zoom).not.toContainText("at output row 1, column 1", { timeout: 3000 });
  await page.getByTestId("lab-play").click();
  // The dot product of the digit's middle, by Sobel y, on three channels: out = sum.
  await page.getByTestId("lab-map-5").locator("canvas.bitmap").first().click();
  await expect(zoom.getByTestId("lab-dot-target")).toHaveText(/^out\[5\]\[\d+\]\[\d+\]/);
  await page.getByTestId("lab").screenshot({ path: `${shots}/lab-zoom.png` });
  expect(problems).toEqual([]);
});

test("the FC layer: 32×32×3 → 3072 → 10 has 30,730 parameters", async ({ page }) => {
  const problems = await openLab(page);
  await upload(page, "tiny.png", png(32, 32, (x, y) => [x * 8, y * 8, 128]));
  await expect(page.getByTestId("lab-caption")).toHaveText("“tiny.png”, 32 × 32 pixels.");
  await page.getByTestId("lab-pool").uncheck();
  for (let i = 0; i < 5; i++) await page.getByRole("button", { name: "Remove filter 3" }).click();
  await expect(page.getByTestId("lab-fc-summary")).toHaveText("32×32×3 → 3,072 → 10: 3,072·10 + 10 = 30,730 parameters");
  const bars = page.getByTestId("lab-fc-bars");
  const scores = await bars.getAttribute("data-scores");
  expect(scores.split(", ")).toHaveLength(10);
  // Pooling halves each side: 16×16×3 → 768 → 10.
  await page.getByTestId("lab-pool").check();
  await expect(page.getByTestId("lab-fc-summary")).toHaveText("16×16×3 → 768 → 10: 768·10 + 10 = 7,690 parameters");
  expect(await bars.getAttribute("data-scores")).not.toBe(scores);
  expect(problems).toEqual([]);
});

/**
 * Every map and pooled canvas: its store's size, the picture's size (data-w × data-h) and a
 * fingerprint of the picture's pixels (the top left of the store).
 */
const mapCanvases = (page) => page.getByTestId("lab-maps").locator("canvas.bitmap").evaluateAll((cs) => cs.map((c) => {
  const [w, h] = [Number(c.dataset.w), Number(c.dataset.h)];
  const d = window.pixels2d(c).getImageData(0, 0, w, h).data;
  let hash = 0;
  for (let i = 0; i < d.length; i += 1) hash = (hash * 31 + d[i]) >>> 0;
  return { store: `${c.width}x${c.height}`, picture: `${w}x${h}:${hash}` };
}));

/** Sets the stride on the 256 × 256 test pattern (F = 3, P = 1) and waits for the maps. */
async function setStride(page, s) {
  await page.getByTestId("lab-stride").fill(String(s));
  const n = Math.floor(255 / s) + 1;
  await expect(page.getByTestId("lab-maps-title")).toContainText(`${n} × ${n} × 8`);
}

/** A screenshot of the maps, and where each canvas lies in it (CSS px). */
async function mapsShot(page, path) {
  const maps = page.getByTestId("lab-maps");
  const boxes = await maps.evaluate((m) => {
    const o = m.getBoundingClientRect();
    return [...m.querySelectorAll("canvas.bitmap")].map((c) => {
      const r = c.getBoundingClientRect();
      return [r.left - o.left, r.top - o.top, r.width, r.height];
    });
  });
  // The whole device pixels inside the grid (its edges may fall inside a pixel, blended with
  // whatever lies next to it).
  await maps.scrollIntoViewIfNeeded();
  const b = await maps.boundingBox();
  const [x, y] = [Math.ceil(b.x), Math.ceil(b.y)];
  const clip = { x, y, width: Math.floor(b.x + b.width) - x, height: Math.floor(b.y + b.height) - y };
  return { png: await page.screenshot({ path, clip }), boxes, clip };
}

/**
 * Map pixels whose colour on screen is not the canvas's picture there: the screen's pixel at
 * the middle of each map pixel of a 16 × 16 grid, in each canvas of the maps, where the map
 * pixel's neighbours have its colour too (so where the screen's pixel edges fall does not
 * matter; device pixel ratio 1; the maps are opaque). Also how many were compared.
 */
const offPicture = (page, shot) => page.evaluate(async ({ png, clip }) => {
  const img = await new Promise((r) => { const i = new Image(); i.onload = () => r(i); i.src = `data:image/png;base64,${png}`; });
  const c = document.createElement("canvas");
  [c.width, c.height] = [img.width, img.height];
  c.getContext("2d").drawImage(img, 0, 0);
  const screen = c.getContext("2d").getImageData(0, 0, img.width, img.height);
  const out = [];
  let compared = 0;
  document.querySelectorAll("[data-testid=lab-maps] canvas.bitmap").forEach((canvas, n) => {
    const [w, h] = [Number(canvas.dataset.w), Number(canvas.dataset.h)];
    const pic = window.pixels2d(canvas).getImageData(0, 0, w, h).data;
    const r = canvas.getBoundingClientRect();
    for (let gy = 0; gy < 16; gy++) {
      for (let gx = 0; gx < 16; gx++) {
        const [x, y] = [Math.floor((gx + 0.5) * w / 16), Math.floor((gy + 0.5) * h / 16)];
        const sx = Math.floor(r.left + (x + 0.5) * r.width / w) - clip.x;
        const sy = Math.floor(r.top + (y + 0.5) * r.height / h) - clip.y;
        const [i, j] = [(y * w + x) * 4, (sy * screen.width + sx) * 4];
        const at = (dx, dy) => ((Math.min(h - 1, Math.max(0, y + dy)) * w) + Math.min(w - 1, Math.max(0, x + dx))) * 4;
        const flat = [-1, 0, 1].every((dy) => [-1, 0, 1].every((dx) => [0, 1, 2].every((k) => pic[at(dx, dy) + k] === pic[i + k])));
        // A screen pixel the canvas's edge cuts through may show the background.
        const inside = sx + clip.x >= Math.ceil(r.left) && sx + clip.x + 1 <= Math.floor(r.right) &&
          sy + clip.y >= Math.ceil(r.top) && sy + clip.y + 1 <= Math.floor(r.bottom);
        if (!flat || !inside) continue;
        compared += 1;
        if ([0, 1, 2].some((k) => pic[i + k] !== screen.data[j + k])) out.push(`canvas ${n} (${x}, ${y}): ${[...pic.slice(i, i + 3)]} shown as ${[...screen.data.slice(j, j + 3)]}`);
      }
    }
  });
  return { compared, off: out.slice(0, 10) };
}, { png: shot.png.toString("base64"), clip: shot.clip });

test("after sliding the stride down and up, every map looks as on a fresh page, in stores that were not resized", async ({ page, browser }) => {
  test.setTimeout(90_000); // ~16 s in a fresh-clone CI on a 2-core machine
  // References: a page that starts on the 28 × 28 digit and switches to the test pattern at
  // stride S, so its canvases never held another stride's map of the pattern.
  const reference = new Map();
  // The window at output (0, 0) of filter 0 on both pages, so the zoom above the maps, and
  // with it the maps' place on the page, is the same.
  const corner = (p) => p.getByTestId("lab-map-0").locator("canvas.bitmap").first().click({ position: { x: 0.3, y: 0.3 } });
  for (const s of [1, 2, 3, 4]) {
    const fresh = await browser.newPage({ viewport: page.viewportSize() });
    const problems = await openLab(fresh, "./?img=digit");
    await fresh.getByTestId("lab-stride").fill(String(s));
    await fresh.getByTestId("lab-image").selectOption("pattern");
    await setStride(fresh, s);
    await corner(fresh);
    await expect(fresh.getByTestId("lab-status")).toContainText("at output row 0, column 0");
    const canvases = await mapCanvases(fresh);
    expect(canvases).toHaveLength(16);
    reference.set(s, { canvases, shot: await mapsShot(fresh, `${shots}/lab-maps-fresh-s${s}.png`) });
    expect(problems).toEqual([]);
    await fresh.close();
  }
  const problems = await openLab(page, "./?img=pattern");
  await corner(page);
  await expect(page.locator("[data-testid=lab-maps] canvas.bitmap[data-w]")).toHaveCount(16);
  const start = await mapCanvases(page);
  expect(start).toEqual(reference.get(1).canvases);
  // The stores are the stride-1 maps' sizes: 256 × 256, pooled 128 × 128.
  expect(start.map((c) => c.store)).toEqual(Array.from({ length: 8 }, () => ["256x256", "128x128"]).flat());
  for (const s of [2, 3, 4, 3, 2, 1]) {
    await setStride(page, s);
    const now = await mapCanvases(page);
    // Same pictures, pixel for pixel, in the same stores as the page started with (none was
    // resized) and as the fresh page's.
    expect(now).toEqual(reference.get(s).canvases);
    expect(now.map((c) => c.store)).toEqual(start.map((c) => c.store));
    // And the same on screen: the canvases lie where a fresh page's do, and show the same.
    const shot = await mapsShot(page, `${shots}/lab-maps-s${s}.png`);
    expect(shot.boxes).toEqual(reference.get(s).shot.boxes);
    expect(shot.png.equals(reference.get(s).shot.png), `stride ${s}: the maps on screen differ from a fresh page's`).toBe(true);
    // Each canvas shows its picture and only that, filling its box.
    const { compared, off } = await offPicture(page, shot);
    expect(off, `stride ${s}: map pixels shown in another colour`).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
  }
  expect(problems).toEqual([]);
});

test("the maps stay where they are as the stride changes and the window steps, and the dot product is laid out as the window", async ({ page }) => {
  const problems = await openLab(page, "./?img=pattern");
  await page.getByTestId("lab-filter-4").click();
  // Where everything below the zoom lies (page coordinates, so scrolling does not count), and
  // each pooled map's width against its map's.
  const layout = () => page.evaluate(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top + scrollY, r.width, r.height].map(Math.round); };
    const tiles = [...document.querySelectorAll("[data-testid=lab-maps] .map-tile")];
    return {
      zoom: box(document.querySelector("[data-testid=lab-zoom]")),
      maps: box(document.querySelector("[data-testid=lab-maps]")),
      fc: box(document.querySelector("[data-testid=lab-fc-bars]")),
      tiles: tiles.map(box),
      pooledHalf: tiles.map((t) => { const [m, q] = t.querySelectorAll("canvas.bitmap"); return Math.round(q.getBoundingClientRect().width / m.getBoundingClientRect().width * 100) / 100; }),
    };
  });
  // A 1024 × 768 projector and the widest window with the zoom on a row of its own, then the
  // default 1280 (three columns).
  for (const width of [1024, 1279, 1280]) {
    await page.setViewportSize({ width, height: 860 });
    await setStride(page, 1);
    const start = await layout();
    expect(start.pooledHalf).toEqual(Array(8).fill(0.5));
    for (const s of [2, 3, 4, 1, 2]) {
      await setStride(page, s);
      // At S = 2 the window lands on padding and negative weights: longer numbers than at S = 1.
      expect(await layout(), `${width} px, stride ${s}`).toEqual(start);
    }
  }
  const start = await layout();
  const zoom = page.getByTestId("lab-zoom");
  await zoom.focus();
  for (const key of ["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp", "ArrowDown"]) {
    const before = await page.getByTestId("lab-status").textContent();
    await page.keyboard.press(key);
    await expect(page.getByTestId("lab-status")).not.toHaveText(before);
    expect(await layout(), key).toEqual(start);
  }
  // One line per row of the 3 × 3 window, each but the last carrying the sum on.
  const rows = await zoom.locator(".lab-dot tr").first().locator(".lab-terms").allTextContents();
  expect(rows).toHaveLength(3);
  for (const [i, row] of rows.entries()) {
    // A no-break space before each "+", so a line that must wrap breaks after one.
    expect(row.replace(/\u00a0\+$/, "").split("\u00a0+ ")).toHaveLength(3);
    expect(row.endsWith("\u00a0+"), row).toBe(i < 2);
  }
  expect(problems).toEqual([]);
});

test("each map's colour legend is as wide as its map and reads its range, both signs", async ({ page }) => {
  const problems = await openLab(page, "./?img=pattern");
  const legends = () => page.evaluate(() => [...document.querySelectorAll("[data-testid=lab-maps] .map-tile")].map((t) => {
    const bar = t.querySelector(".legend-bar");
    return {
      map: Math.round(t.querySelector(".bitmap-wrap canvas").getBoundingClientRect().width),
      bar: Math.round(bar.getBoundingClientRect().width),
      labels: [...t.querySelectorAll(".legend-ticks span")].map((s) => s.textContent),
      range: [t.dataset.min, t.dataset.max],
      gradient: getComputedStyle(bar).backgroundImage,
    };
  }));
  const white = "rgb(255, 255, 255)", orange = "rgb(213, 94, 0)", blue = "rgb(0, 114, 178)";
  // 1100 px: tiles ~215 px wide, wider than the 160 px the canvas legend was drawn at.
  for (const width of [1100, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [i, l] of (await legends()).entries()) {
      expect(Math.abs(l.bar - l.map), `${width} px, map ${i}: bar ${l.bar}, map ${l.map}`).toBeLessThanOrEqual(1);
      expect([l.labels[0], l.labels.at(-1)]).toEqual(l.range);
    }
  }
  // After ReLU the sharpen map runs from 0 (white) to its maximum (full orange).
  const relu = (await legends())[3];
  expect(relu.range[0]).toBe("0");
  expect(relu.gradient).toBe(`linear-gradient(to right, ${white} 0%, ${orange} 100%)`);
  // Without ReLU, Sobel x on the test pattern is symmetric: full blue, white at the middle
  // (labelled 0), full orange.
  await page.getByTestId("lab-relu").uncheck();
  await expect(page.getByTestId("lab-map-4")).toHaveAttribute("data-min", /^−/);
  const sobel = (await legends())[4];
  expect(sobel.range[0]).toBe(`−${sobel.range[1]}`);
  expect(sobel.labels).toEqual([sobel.range[0], "0", sobel.range[1]]);
  expect(sobel.gradient).toBe(`linear-gradient(to right, ${blue} 0%, ${white} 50%, ${orange} 100%)`);
  expect(problems).toEqual([]);
});

test("the dot product's sums fit their column, however long their numbers", async ({ page }) => {
  const problems = await openLab(page, "./?img=pattern");
  // [sum column's width, whether any sum runs past it] for the shown window.
  const sums = () => page.evaluate(() => {
    const cells = [...document.querySelectorAll("[data-testid=lab-zoom] .lab-sum")].filter((c) => c.textContent);
    return [Math.round(cells[0].getBoundingClientRect().width), cells.some((c) => c.scrollWidth > c.clientWidth + 1)];
  });
  await page.getByTestId("lab-filter-4").click();
  const [usual] = await sums();
  // Small weights make long sums ("= −0.000425"): a random Gaussian(0, 0.01) filter.
  await page.getByTestId("lab-add").click();
  await page.getByTestId("lab-filter-8").click();
  await expect(page.getByTestId("lab-dot-target")).toContainText("w8");
  const zoom = page.getByTestId("lab-zoom");
  await zoom.focus();
  let widest = 0;
  for (let i = 0; i < 6; i++) {
    const [width, over] = await sums();
    expect(over, `step ${i}: ${await zoom.locator(".lab-sum").allTextContents()}`).toBe(false);
    widest = Math.max(widest, width);
    await page.keyboard.press("ArrowRight");
  }
  expect(widest).toBeGreaterThan(usual);
  // Back on Sobel x the column is its usual width again.
  await page.getByTestId("lab-filter-4").click();
  await expect(page.getByTestId("lab-dot-target")).toContainText("w4");
  expect((await sums())[0]).toBe(usual);
  expect(problems).toEqual([]);
});

/** p-th percentile of sorted numbers. */
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p / 100 * xs.length))];

test("timing: input event to painted frame on 256×256×3, K = 8, F = 3 (printed)", async ({ page }) => {
  const problems = await openLab(page, "./?img=pattern");
  await expect(page.getByTestId("lab-maps-title")).toHaveText("Activation maps: 256 × 256 × 8 after ReLU, pooled to 128 × 128");
  await page.getByTestId("lab-filter-4").click();
  await page.getByTestId("lab-w-1-1-1").focus();
  // The machine running this may be busy, which stretches wall-clock times; Chromium's trace
  // also gives the main thread's CPU time (tdur) for the tasks between an input event and the
  // frame painted after it, which a busy machine does not stretch as much.
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
  await cdp.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline", transferMode: "ReportEvents" });
  // Each sample: set the slider, fire its input event, wait until the update ran (a zero
  // timeout after it) and until the frame after it was painted (a requestAnimationFrame
  // callback, then a task).
  const measure = (testid, values, tag) => page.evaluate(async ({ testid, values, tag }) => {
    const el = document.querySelector(`[data-testid="${testid}"]`);
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const out = [];
    for (const [i, v] of values.entries()) {
      await frame();
      console.timeStamp(`${tag}-${i}-start`);
      const t0 = performance.now();
      el.value = String(v);
      el.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise((r) => setTimeout(r, 0));
      const t1 = performance.now();
      await frame();
      out.push([t1 - t0, performance.now() - t0]);
      console.timeStamp(`${tag}-${i}-end`);
    }
    return out;
  }, { testid, values, tag });
  const weights = Array.from({ length: 80 }, (_, i) => (Math.sin(i / 5) * 1.5).toFixed(2));
  const slider = await measure("lab-slider", weights, "w");
  const strides = Array.from({ length: 12 }, (_, i) => 1 + ((i + 1) % 2));
  const stride = await measure("lab-stride", strides, "s");
  const done = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
  await cdp.send("Tracing.end");
  await done;
  // Main-thread CPU per sample: the top-level tasks of the page's main thread that start
  // inside the sample's window, summed by thread time.
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain" &&
    events.some((m) => m.name === "TimeStamp" && m.pid === e.pid && m.tid === e.tid));
  const stamps = new Map(events.filter((e) => e.name === "TimeStamp" && e.args?.data?.message)
    .map((e) => [e.args.data.message, e.ts]));
  const tasks = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === "X" &&
    (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") && e.tdur !== undefined);
  const cpu = (tag, n) => Array.from({ length: n }, (_, i) => {
    const [a, b] = [stamps.get(`${tag}-${i}-start`), stamps.get(`${tag}-${i}-end`)];
    return tasks.filter((t) => t.ts + t.dur >= a && t.ts <= b).reduce((s, t) => s + t.tdur, 0) / 1000;
  });
  const line = (name, xs) => {
    xs = [...xs].sort((a, b) => a - b);
    return `${name}: n=${xs.length} p50=${pct(xs, 50).toFixed(1)} ms p95=${pct(xs, 95).toFixed(1)} ms max=${xs[xs.length - 1].toFixed(1)} ms`;
  };
  // Where the weight slider's main-thread time goes: thread time by trace event name (nested
  // events overlap, so these do not add up to the total).
  const [w0, w1] = [stamps.get("w-0-start"), stamps.get(`w-${weights.length - 1}-end`)];
  const byName = {};
  for (const e of events) {
    if (main && e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.tdur !== undefined && e.ts >= w0 && e.ts <= w1) {
      byName[e.name] = (byName[e.name] ?? 0) + e.tdur / 1000 / weights.length;
    }
  }
  const top = Object.entries(byName).sort((a, b) => b[1] - a[1]).slice(0, 8)
    .map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(", ");
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  console.log([
    `real-image timing, headless Chromium, 256×256×3 test pattern, K = 8, F = 3 (load average ${load}):`,
    `  ${line("weight slider, input event → update done (1 map recomputed), wall", slider.map((p) => p[0]))}`,
    `  ${line("weight slider, input event → painted frame, wall", slider.map((p) => p[1]))}`,
    `  ${line("weight slider, main-thread CPU from input event to painted frame", cpu("w", weights.length))}`,
    `    per event, ms of thread time: ${top}`,
    `  ${line("stride slider, input event → update done (8 maps recomputed), wall", stride.map((p) => p[0]))}`,
    `  ${line("stride slider, input event → painted frame, wall", stride.map((p) => p[1]))}`,
    `  ${line("stride slider, main-thread CPU from input event to painted frame", cpu("s", strides.length))}`,
  ].join("\n"));
  // The drag edited the weight (not a timing assertion).
  await expect(page.getByTestId("lab-filter-4")).toHaveText("4: Sobel x (vertical edges) (edited)");
  expect(tasks.length).toBeGreaterThan(0);
  expect(problems).toEqual([]);
});

test("the view's keys and clicks are its own: the explainer's handlers do not run for them", async ({ page }) => {
  // Two wasm modules, each with its own Yew, both number their apps from 1; the page's
  // listener took the view's events for its own (src/ui/lab.rs, apart_from_the_page): a key
  // in the zoom moved the explainer's cell focus.
  const problems = await openLab(page, "./?img=pattern");
  const hint = await page.getByTestId("focus-text").textContent();
  const position = await page.getByTestId("position").textContent();
  const zoom = page.getByTestId("lab-zoom");
  await zoom.focus();
  for (const key of ["ArrowRight", "ArrowDown", "Enter", "c"]) {
    const before = await page.getByTestId("lab-status").textContent();
    await page.keyboard.press(key);
    if (key.startsWith("Arrow")) await expect(page.getByTestId("lab-status")).not.toHaveText(before);
  }
  await page.getByTestId("lab-filter-2").click();
  await expect(page.getByTestId("focus-text")).toHaveText(hint);
  await expect(page.getByTestId("position")).toHaveText(position);
  expect(problems).toEqual([]);
});
