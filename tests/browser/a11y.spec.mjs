// axe-core on every main view: zero serious or critical violations. Adding a view is one line
// in VIEWS: a name, an address, and optionally what to do before the scan (`act`) or how to
// tell the view is ready (`ready`, default: the read-outs are visible).
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { existsSync } from "node:fs";

const single = new URL("../../dist-single/convscope.html", import.meta.url);
const readouts = async (page) => expect(page.getByTestId("output-shape")).toBeVisible();

const VIEWS = [
  { name: "explainer", path: "./" },
  { name: "explainer: the stride does not fit", path: "./?s=3" },
  { name: "explainer: a refused value next to its field", path: "./", act: (page) => page.getByTestId("field-n").fill("") },
  { name: "explainer: a link with values it could not use", path: "./?n=abc&zoom=3" },
  { name: "explainer: pooling, rectangular, per-side padding, dilation, ceil", path: "./?op=pool&n=6&w=9&pt=1&pl=0&pb=0&pr=1&dil=2&round=ceil" },
  { name: "explainer: real values, ReLU, no bias", path: "./?preset=f3-s1-p1&vals=real&relu=1&bias=0" },
  { name: "code, share, layer stack and charts open", path: "./?preset=f3-s1-p1", act: openPanels },
  { name: "layer stack: a refused value beside its box", path: "./", act: refuseInStack },
  { name: "embed (slides)", path: "./?preset=f3-s1-p1&embed=1" },
  { name: "Korean interface", path: "./?lang=ko&s=3" },
  { name: "Korean, dark theme, transposed layer", path: "./?lang=ko&theme=dark&preset=tconv-2x2-4x4" },
  { name: "high-contrast theme, grouped layer", path: "./?theme=contrast&preset=grouped-g2" },
  { name: "real image", path: "./?img=pattern", act: (page) => page.locator("#real-image").scrollIntoViewIfNeeded() },
  { name: "quiz", path: "./?quiz=1&seed=7", ready: (page) => expect(page.getByTestId("quiz")).toBeVisible() },
  { name: "quiz: answered", path: "./?quiz=1&seed=7", ready: (page) => expect(page.getByTestId("quiz")).toBeVisible(), act: answerQuiz },
  { name: "phone width", path: "./?p=1", prepare: (page) => page.setViewportSize({ width: 360, height: 740 }) },
  { name: "JS API and postMessage example", path: "./examples/api.html", ready: (page) => expect(page.getByTestId("mounted").getByTestId("output-shape")).toBeVisible() },
  { name: "examples deck", path: "./examples/", ready: deckReady },
  { name: "single file", path: single.href, skip: !existsSync(single) && "run `make single` first" },
  { name: "the wasm failed to load", path: "./", prepare: (page) => page.route(/\.wasm$/, (r) => r.abort()), ready: (page) => expect(page.locator("#fatal")).toBeVisible() },
];

async function openPanels(page) {
  await page.getByTestId("code").click();
  await page.getByTestId("share").click();
  await page.getByTestId("network").selectOption("convnet");
  await expect(page.getByTestId("stack-table")).toBeVisible();
}

async function refuseInStack(page) {
  const f = page.getByTestId("stack-0-F");
  await f.fill("33");
  await f.press("Enter");
  await expect(page.getByTestId("stack-0-F-error")).toBeVisible();
}

async function answerQuiz(page) {
  await page.getByTestId("quiz-answer").fill("1");
  await page.getByTestId("quiz-answer").press("Enter");
  await expect(page.getByTestId("quiz-next")).toBeFocused();
}

async function deckReady(page) {
  const frames = page.frameLocator("iframe");
  for (let i = 0; i < await page.locator("iframe").count(); i++) {
    await page.locator("iframe").nth(i).scrollIntoViewIfNeeded();
    await expect(frames.nth(i).getByTestId("output-shape")).toBeVisible();
  }
}

for (const view of VIEWS) {
  test(`axe: ${view.name}`, async ({ page }) => {
    test.setTimeout(120_000); // a full-page scan takes a while on a busy 2-core machine
    test.skip(Boolean(view.skip), view.skip || "");
    if (view.prepare) await view.prepare(page);
    await page.goto(view.path);
    await (view.ready ?? readouts)(page);
    if (view.act) await view.act(page);
    const results = await new AxeBuilder({ page }).analyze();
    // And a page heading, which a slide's frame lacked (found in review; moderate in axe).
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical" || v.id === "page-has-heading-one");
    expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
    // The scan looked at something: the view's content, not an empty page.
    expect(results.passes.length).toBeGreaterThan(10);
  });
}
