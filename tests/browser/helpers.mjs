// Shared by the browser specs: where screenshots go, and opening the page while collecting
// every console error and uncaught exception (tests assert that list is empty).
import { expect } from "@playwright/test";

/** Folder for screenshots (look at them). */
export const shots = new URL("../../artifacts/screenshots/", import.meta.url).pathname;

/** A full-page screenshot once the canvases below the fold show their latest paint: the
 *  page defers an off-screen canvas's paint by up to 150 ms (src/ui/hooks.rs, Painter), and a
 *  full-page capture sees those canvases without scrolling to them. While the animation
 *  plays, the dot product below the fold shows the step it was last on screen at (its writes
 *  wait until it is seen or the page renders: src/ui/readouts.rs), so it is scrolled to
 *  first. */
export async function fullShot(page, path) {
  // Bring the dot product on screen and back, so that a playing page's capture shows it at
  // the step the picture shows (a tick may still fall between: at 1 step a second, seldom).
  await page.evaluate(() => new Promise((resolve) => {
    const dot = document.querySelector("section.dot");
    if (!dot || document.querySelector("[data-testid=play]")?.getAttribute("aria-pressed") !== "true") return resolve();
    const y = scrollY;
    dot.scrollIntoView({ block: "nearest" });
    requestAnimationFrame(() => requestAnimationFrame(() => {
      scrollTo(0, y);
      resolve();
    }));
  }));
  await page.waitForTimeout(200);
  await page.screenshot({ path, fullPage: true });
}

/** Opens the page at `path`, waits until the app is up, returns the live list of problems. */
export async function open(page, path = "./", { workerPaints = true } = {}) {
  // Every page the specs open can read a canvas's pixels with `window.pixels2d(canvas)`: a 2D
  // context holding a copy of them. The charts and the real-image view's canvases show
  // bitmaps (src/render/shown.rs) and have no 2D context of their own.
  //
  // `window.dotMarkup()` is the dot product's markup with each channel's terms written as one
  // text, its padding terms in brackets: the panel holds them as one text and a CSS highlight
  // while the animation writes it, and as a span per term otherwise (src/ui/readouts.rs), and
  // the two must read the same.
  await page.addInitScript(() => {
    window.dotMarkup = () => {
      const section = document.querySelector("section.dot");
      const copy = section.cloneNode(true);
      copy.querySelector("[data-testid=status]")?.remove();
      const ranges = [...(globalThis.CSS?.highlights?.get("convscope-pad") ?? [])];
      const live = [...section.querySelectorAll(".channel .terms")];
      [...copy.querySelectorAll(".channel .terms")].forEach((td, i) => {
        let out = "";
        for (const n of live[i].childNodes) {
          if (n.nodeType === Node.TEXT_NODE) {
            const spans = ranges.filter((r) => r.startContainer === n)
              .map((r) => [r.startOffset, r.endOffset]).sort((a, b) => a[0] - b[0]);
            let at = 0;
            for (const [a, b] of spans) {
              out += `${n.nodeValue.slice(at, a)}[${n.nodeValue.slice(a, b)}]`;
              at = b;
            }
            out += n.nodeValue.slice(at);
          } else {
            out += n.classList.contains("pad") ? `[${n.textContent}]` : n.textContent;
          }
        }
        td.textContent = out;
      });
      return copy.innerHTML;
    };
    window.pixels2d = (canvas) => {
      const copy = document.createElement("canvas");
      [copy.width, copy.height] = [canvas.width, canvas.height];
      const g = copy.getContext("2d");
      g.drawImage(canvas, 0, 0);
      return g;
    };
    // The part of `canvas` that `clip` (the frame that clips it, sized to the scene) shows,
    // as a PNG address, with its size in device pixels. A canvas's store may be larger than
    // its picture (kept, or made with room to spare: src/render/scene.rs, backing_size).
    window.clipPicture = (canvas, clip = canvas.parentElement) => {
      const out = document.createElement("canvas");
      out.width = Math.round(parseFloat(clip.style.width) * devicePixelRatio);
      out.height = Math.round(parseFloat(clip.style.height) * devicePixelRatio);
      out.getContext("2d").drawImage(canvas, 0, 0);
      return { url: out.toDataURL(), w: out.width, h: out.height };
    };
    // The stage's picture: the part of `canvas` (the stage's, or the worker's over it) that
    // the stage's frame shows.
    window.stagePicture = (canvas) =>
      window.clipPicture(canvas, document.querySelector("[data-testid=stage]").parentElement).url;
  });
  // The animation's ticks are painted by a worker (src/ui/stage.rs, Ticks) where the browser
  // can hand a canvas to one; without `transferControlToOffscreen` the page paints them, as
  // in the single-file build and older browsers.
  if (!workerPaints) {
    await page.addInitScript(() => { delete HTMLCanvasElement.prototype.transferControlToOffscreen; });
  }
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(path);
  await expect(page.getByTestId("output-shape")).toBeVisible();
  // A playing page's first tick, which its worker paints a little later (stageSettled).
  await stageSettled(page);
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

/** Resolves once the stage shows its latest frame. While the animation plays, a worker
 *  paints its ticks (src/ui/stage.rs, `Ticks`) on a canvas over the stage's (`canvas.ticks.on`)
 *  a little after the page asks. Asked to report (the canvas's `convscopeReport`, set here:
 *  a page does not, as a report costs it a task a step), it sets that canvas's
 *  `convscopePainted` to the number the page gave the frame (`convscopeWanted`), a task after
 *  the frame left for the canvas (www/stage-worker.js); the canvas shows the frame within a
 *  frame or two of that. After a render (a slider, a pointer) hid it, the next tick's frame is awaited from
 *  the worker (`convscopeAwaited`) while the stage's own canvas keeps the render's; otherwise
 *  the stage's own canvas, which the page paints, is up to date at once. */
export async function stageSettled(page) {
  await page.waitForFunction(() => {
    const t = document.querySelector("canvas.ticks");
    if (t) t.convscopeReport = true;
    if (t?.convscopeAwaited) return false;
    const c = document.querySelector("canvas.ticks.on");
    // Painted, and (the first frame takes longer to reach the canvas) at the page's size.
    return !c || (c.convscopePainted === c.convscopeWanted
      && c.width === Math.round(parseFloat(c.style.width) * devicePixelRatio)
      && c.height === Math.round(parseFloat(c.style.height) * devicePixelRatio));
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
}

/**
 * The picture a canvas shows: the part of its store its frame (the clipping parent,
 * sized to the scene) shows, as a PNG address; and whether the rest of the store (kept from a
 * larger scene) is transparent.
 */
/**
 * The stage as shown, read in one synchronous go once it holds still: while playing, a worker
 * paints the ticks on a canvas over the stage's (src/ui/stage.rs, Ticks) a little later, and
 * that canvas shows the frame a frame or two after (see `stageSettled`), so the read waits for
 * two frames in which no tick came. `{ position, pixels }`, and with `panel` the scrubber and
 * the dot product's markup (`dotMarkup`), else whether the worker's canvas shows it.
 */
export function stageSnap(page, { panel = false } = {}) {
  return page.evaluate((panel) => new Promise((resolve) => {
    const frames = (n, then) => (n ? requestAnimationFrame(() => frames(n - 1, then)) : setTimeout(then, 0));
    const attempt = () => {
      // The worker reports each frame painted only when asked.
      const t = document.querySelector("canvas.ticks");
      if (t) t.convscopeReport = true;
      const c = document.querySelector("canvas.ticks.on");
      const want = c?.convscopeWanted;
      const shows = !t?.convscopeAwaited && (!c || (c.convscopePainted === want
        && c.width === Math.round(parseFloat(c.style.width) * devicePixelRatio)
        && c.height === Math.round(parseFloat(c.style.height) * devicePixelRatio)));
      if (!shows) return setTimeout(attempt, 2);
      frames(2, () => {
        if (document.querySelector("canvas.ticks.on") !== c || c?.convscopeWanted !== want
          || document.querySelector("canvas.ticks")?.convscopeAwaited) return attempt();
        const position = document.querySelector("[data-testid=position]").textContent;
        const pixels = window.stagePicture(c ?? document.querySelector("[data-testid=stage]"));
        resolve(panel
          // The panel's terms read the same as one text with a highlight (playing) and as
          // spans (a fresh page, paused): dotMarkup.
          ? { position, scrubber: document.querySelector("[data-testid=scrubber]").value, dot: window.dotMarkup(), pixels }
          : { worker: Boolean(c), position, pixels });
      });
    };
    attempt();
  }), panel);
}

export function picture(canvas) {
  return canvas.evaluate((c) => {
    const { url, w, h } = window.clipPicture(c);
    // Read through a copy: the heatmaps' canvas shows a bitmap and has no 2D context.
    const ctx = window.pixels2d(c);
    const clear = (x, y, cw, ch) => cw <= 0 || ch <= 0 || ctx.getImageData(x, y, cw, ch).data.every((v, i) => i % 4 !== 3 || v === 0);
    return { url, w, h, slackClear: clear(w, 0, c.width - w, c.height) && clear(0, h, c.width, c.height - h) };
  });
}

/** The picture on screen as a PNG address, once it shows its latest frame: the worker's
 *  canvas while it shows the animation, else the stage's. */
export async function stagePixels(page) {
  await stageSettled(page);
  return page.evaluate(() => window.stagePicture(document.querySelector("canvas.ticks.on")
    ?? document.querySelector("[data-testid=stage]")));
}

/**
 * The dot product's terms, channel by channel, as [{ text, pad }]. A channel's products are
 * one text and its padding terms ranges of the `convscope-pad` CSS highlight
 * (src/ui/highlight.rs); a browser without highlights renders a span per term, class `pad`
 * when shaded. `stray` counts highlight ranges in the panel that match no term exactly.
 */
export async function dotTerms(page) {
  return page.getByTestId("dot-product").evaluate((table) => {
    const terms = [];
    const ranges = [...(globalThis.CSS?.highlights?.get("convscope-pad") ?? [])]
      .filter((r) => table.contains(r.startContainer));
    let matched = 0;
    for (const td of table.querySelectorAll(".channel .terms")) {
      const spans = td.querySelectorAll(".term");
      if (spans.length) {
        for (const s of spans) terms.push({ text: s.textContent, pad: s.classList.contains("pad") });
        continue;
      }
      const node = td.firstChild;
      let at = 0;
      for (const text of (node?.nodeValue ?? "").split(" + ")) {
        const pad = ranges.some((r) => r.startContainer === node && r.endContainer === node && r.startOffset === at && r.endOffset === at + text.length);
        matched += pad;
        terms.push({ text, pad });
        at += text.length + 3;
      }
    }
    return { terms, stray: ranges.length - matched };
  });
}
