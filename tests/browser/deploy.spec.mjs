// Deployable anywhere: the release build works under a sub-path and under a strict
// Content-Security-Policy, and makes no request to another origin.
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { shots } from "./helpers.mjs";

/** Opens `path`, collecting CSP violations, console errors and warnings (a host's console
 *  should stay quiet: the wasm preload's ignored `integrity` warned in every frame), and
 *  requests to other origins. */
async function watch(page, path) {
  const problems = [];
  const foreign = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => { if (["error", "warning"].includes(m.type())) problems.push(m.text()); });
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.protocol !== "data:" && u.host !== new URL(page.url() === "about:blank" ? r.url() : page.url()).host) foreign.push(r.url());
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(path);
  await expect(page.getByTestId("output-shape")).toBeVisible();
  return { problems, foreign };
}

test("the build works under a sub-path (GitHub Pages style)", async ({ page }) => {
  const { problems, foreign } = await watch(page, "./sub/path/?preset=7x7-s2");
  await expect(page.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await page.getByTestId("step").click();
  await expect(page.getByTestId("position")).toHaveText("2 / 9");
  expect(new URL(page.url()).pathname).toBe("/sub/path/");
  expect(problems).toEqual([]);
  expect(foreign).toEqual([]);
});

test("the build runs under a strict Content-Security-Policy with no violation", async ({ page }) => {
  const { problems, foreign } = await watch(page, "./csp/?preset=f3-s1-p1");
  await expect(page.getByTestId("output-shape")).toHaveText("7 × 7 × 2");
  // Exercise the views: play, charts, stack, code, share, embed.
  await page.getByTestId("play").click();
  await page.getByTestId("code").click();
  await page.getByTestId("share").click();
  await page.getByTestId("network").selectOption("convnet");
  // Every view: a link with refused values (the notice), per-side padding and dilation, pooling.
  await page.goto("./csp/?n=abc&op=pool&n=6&pt=1&pl=0&pb=0&pr=1&dil=2&round=ceil");
  await expect(page.getByTestId("url-notice")).toBeVisible();
  await page.getByTestId("field-d").fill("<b>3</b>");
  expect(await page.evaluate(() => window.__csp)).toEqual([]);
  await page.goto("./csp/?preset=pool-4x4&embed=1");
  await expect(page.getByTestId("output-shape")).toHaveText("2 × 2 × 1");
  expect(await page.evaluate(() => window.__csp)).toEqual([]);
  await page.screenshot({ path: shots + "csp-embed.png" });
  // The examples deck: the page and each embedded frame run under the policy.
  await page.goto("./csp/examples/");
  const frames = page.locator("iframe");
  for (let i = 0; i < await frames.count(); i++) {
    await frames.nth(i).scrollIntoViewIfNeeded();
    await expect(page.frameLocator("iframe").nth(i).getByTestId("output-shape")).toBeVisible();
  }
  expect(page.frames().length).toBe(1 + await frames.count());
  for (const f of page.frames()) {
    expect(new URL(f.url()).pathname.startsWith("/csp/")).toBe(true);
    expect(await f.evaluate(() => window.__csp)).toEqual([]);
  }
  expect(problems).toEqual([]);
  expect(foreign).toEqual([]);
});

test("the stylesheet ships without its comments and passes its integrity check", async ({ page }) => {
  // scripts/api-module.mjs drops the comments after Trunk hashed the file: a stale integrity
  // hash would block the stylesheet (a console error, and an unstyled page).
  const { problems } = await watch(page, "./");
  const sheet = await page.evaluate(async () => {
    const link = document.querySelector('link[rel="stylesheet"]');
    const text = await (await fetch(link.href)).text();
    return { integrity: link.integrity, comments: text.includes("/*"), rules: link.sheet?.cssRules.length ?? 0 };
  });
  expect(sheet.integrity).toMatch(/^sha384-/);
  expect(sheet.comments).toBe(false);
  expect(sheet.rules).toBeGreaterThan(100);
  // Styled: the body has the page's font.
  expect(await page.locator("body").evaluate((b) => getComputedStyle(b).fontFamily)).toContain("system-ui");
  expect(problems).toEqual([]);
});

test("the page's JavaScript ships minified, and the glue passes its integrity check", async ({ page }) => {
  // scripts/api-module.mjs minifies the glue after Trunk hashed it: a stale integrity hash on
  // its modulepreload would fail the preload (a console error) and fetch the module twice.
  const { problems } = await watch(page, "./");
  await expect(page.getByTestId("output-shape")).toBeVisible();
  const js = await page.evaluate(async () => {
    const preload = document.querySelector('link[rel="modulepreload"]');
    const lab = document.querySelector('meta[name="convscope-lab"]').content;
    const read = async (url) => {
      const text = await (await fetch(url)).text();
      return { comments: /\/\*\*|^\s*\/\/ /m.test(text), lines: text.split("\n").length, bytes: text.length };
    };
    return {
      integrity: preload.integrity,
      glue: await read(preload.href),
      lab: await read(lab),
      boot: await read("boot.js"),
    };
  });
  expect(js.integrity).toMatch(/^sha384-/);
  for (const file of [js.glue, js.lab, js.boot]) {
    expect(file.comments).toBe(false);
    expect(file.lines).toBeLessThan(5);
  }
  // wasm-bindgen's readable glue is ~57 kB; minified it is under half of that.
  expect(js.glue.bytes).toBeLessThan(30000);
  expect(problems).toEqual([]);
});

test("the page's wasm carries none of the tables' keys or sentences but the fatal ones", async ({ page }) => {
  // The size budget: `tr!` holds a key's index (src/app/i18n), a fetched table holds the
  // sentences, and only the `fatal.` sentences are built in (the page says them without a table).
  const { problems } = await watch(page, "./");
  const wasm = await page.evaluate(async () => {
    const url = performance.getEntriesByType("resource").map((e) => e.name).find((n) => /\/convscope-[0-9a-f]+_bg\.wasm$/.test(n));
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    return { url, text: new TextDecoder("utf-8", { fatal: false }).decode(bytes) };
  });
  expect(wasm.url).toBeTruthy();
  const table = readFileSync(new URL("../../src/app/i18n/en.txt", import.meta.url), "utf8")
    .split("\n").filter((l) => l.includes(" = ") && !l.startsWith("#"))
    .map((l) => l.split(" = ").map((x) => x.trim()));
  expect(table.length).toBeGreaterThan(300);
  const keys = table.map(([k]) => k).filter((k) => k.length >= 8 && !k.startsWith("fatal."));
  // The core's own errors (src/cnn/error.rs, std only) are English sentences of their own,
  // which the exported code's comments quote; the table has their translations.
  const core = readFileSync(new URL("../../src/cnn/error.rs", import.meta.url), "utf8");
  const sentences = table.filter(([k, v]) => !k.startsWith("fatal.") && v.length >= 40).map(([, v]) => v.split("{")[0])
    .filter((v) => v.length >= 30 && !core.includes(v));
  expect(keys.filter((k) => wasm.text.includes(k))).toEqual([]);
  expect(sentences.filter((v) => wasm.text.includes(v))).toEqual([]);
  // The fatal sentences are there, in English and Korean.
  const fatal = table.find(([k]) => k === "fatal.table")[1].split("{")[0];
  expect(wasm.text.includes(fatal)).toBe(true);
  expect(problems).toEqual([]);
});
