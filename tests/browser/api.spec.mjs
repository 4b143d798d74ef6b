// The JavaScript API (mount into any element, a handle, an event per step) and postMessage
// control of an embedded frame, both on the example page www/examples/api.html.
import { test, expect } from "@playwright/test";
import { shots, fullShot } from "./helpers.mjs";

async function openExample(page) {
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto("./examples/api.html");
  return problems;
}

test("mount() renders into an element; the handle steps, plays, pauses and sets; every step is reported", async ({ page }) => {
  const problems = await openExample(page);
  const mounted = page.getByTestId("mounted");
  await expect(mounted.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await page.getByTestId("api-step").click();
  await page.getByTestId("api-step").click();
  await expect(page.getByTestId("api-log")).toHaveText("step 3 of 9");
  await page.getByTestId("api-back").click();
  await expect(page.getByTestId("api-log")).toHaveText("step 2 of 9");
  await page.getByTestId("api-play").click();
  await expect(page.getByTestId("api-log")).toContainText("(playing)");
  await page.getByTestId("api-pause").click();
  await expect(page.getByTestId("api-log")).not.toContainText("(playing)");
  // set() changes only the keys it names: P = 1 on the 7×7, F3, S2 layer gives 4 × 4.
  await page.getByTestId("api-pad").click();
  await expect(mounted.getByTestId("output-shape")).toHaveText("4 × 4 × 1");
  await expect(mounted.getByTestId("formula")).toHaveText("(7 − 3 + 2·1) / 2 + 1 = 4");
  // The host page's address is the host's.
  expect(new URL(page.url()).search).toBe("");
  // The handle from page code: query() and set()'s sentences for values not used.
  const r = await page.evaluate(async () => {
    const { mount } = await import("../convscope.mjs");
    const div = document.createElement("div");
    document.body.append(div);
    const cs = await mount(div, "n=5&f=3&s=1");
    const notices = cs.set({ s: 0, k: 2 });
    // Found in review: set(null) and on(42) threw raw TypeErrors (on's at every step);
    // nothing changes with set(null), on() says what it wants at once.
    const none = cs.set(null);
    const on = (() => { try { cs.on(42); return "taken"; } catch (e) { return e.message; } })();
    const out = { notices, none, on, query: cs.query(), shape: div.querySelector("[data-testid=output-shape]")?.textContent };
    // The app renders on its own schedule: wait (up to 10 s) for the set() to show.
    for (let i = 0; i < 100 && div.querySelector("[data-testid=output-shape]")?.textContent !== "3 × 3 × 2"; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    out.shape = div.querySelector("[data-testid=output-shape]")?.textContent;
    cs.destroy();
    for (let i = 0; i < 50 && div.childElementCount > 0; i++) await new Promise((r) => setTimeout(r, 100));
    out.after = div.childElementCount;
    return out;
  });
  expect(r.notices).toEqual(["s=0: S = 0 is outside 1–16, the range ConvScope accepts. The value stays as it was."]);
  expect(r.none).toEqual([]);
  expect(r.on).toBe("on(listener): listener must be a function");
  expect(r.query).toContain("n=5");
  expect(r.query).toContain("k=2");
  expect(r.shape).toBe("3 × 3 × 2");
  expect(r.after).toBe(0);
  await fullShot(page, shots + "api-example.png");
  expect(problems).toEqual([]);
});

test("a mounted app reports every step of a running animation, and its handle follows", async ({ page }) => {
  const problems = await openExample(page);
  const r = await page.evaluate(async () => {
    const { mount } = await import("../convscope.mjs");
    const div = document.createElement("div");
    document.body.append(div);
    const steps = [];
    div.addEventListener("convscope:step", (e) => steps.push(e.detail));
    const cs = await mount(div, "n=7&f=3&s=2&play=1&speed=8");
    await new Promise((r) => setTimeout(r, 1500));
    cs.pause();
    await new Promise((r) => setTimeout(r, 300));
    const shown = div.querySelector("[data-testid=position]").textContent;
    const query = cs.query();
    cs.destroy();
    return { steps, shown, query };
  });
  const playing = r.steps.filter((s) => s.playing);
  expect(playing.length).toBeGreaterThan(5);
  // One event per tick, in order: each position follows the last (9 positions, looping).
  for (let i = 1; i < playing.length; i++) expect(playing[i].step).toBe(playing[i - 1].step % 9 + 1);
  // The pause is reported at the position on screen, and the handle's query holds it.
  const last = r.steps[r.steps.length - 1];
  expect(last.playing).toBe(false);
  expect(`${last.step} / 9`).toBe(r.shown);
  // (Step 1 is the default, and so is the lecture's 7 × 7 layer: the query then names
  // neither. It did expect "n=7" there, and failed whenever the pause fell on step 1.)
  if (last.step > 1) expect(r.query).toContain(`step=${last.step}`);
  else expect(r.query).not.toMatch(/(^|&)step=/);
  expect(problems).toEqual([]);
});

test("a mounted ConvScope tells its host when a key meets an end, and leaves that key to it", async ({ page }) => {
  const problems = await openExample(page);
  const mounted = page.getByTestId("mounted");
  await expect(mounted.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await page.evaluate(() => {
    window.got = [];
    const el = document.getElementById("mounted");
    el.addEventListener("convscope:edge", (e) => window.got.push(e.detail.edge));
    // What the host page sees of the keys: whether ConvScope took them.
    document.addEventListener("keydown", (e) => window.got.push(`${e.key}${e.defaultPrevented ? " (taken)" : ""}`));
  });
  await mounted.getByTestId("step").focus();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("api-log")).toHaveText("step 9 of 9");
  expect(await page.evaluate(() => window.got)).toEqual(["start", "ArrowLeft", "End (taken)", "end", "ArrowRight"]);
  // A click on what is not itself focusable (the dot product's text) gives it the keys:
  // found in review, the keys stayed on the host's body, whose page scrolled instead.
  await mounted.getByTestId("step").focus();
  await page.keyboard.press("Home");
  await mounted.locator("section.dot").click({ position: { x: 10, y: 10 } });
  const top = await page.evaluate(() => window.scrollY);
  await page.keyboard.press("PageDown");
  await expect(page.getByTestId("api-log")).toHaveText("step 2 of 9");
  expect(await page.evaluate(() => window.scrollY)).toBe(top);
  expect(problems).toEqual([]);
});

test("postMessage drives an embedded frame, which reports each step and refuses unknown commands", async ({ page }) => {
  const problems = await openExample(page);
  const frame = page.frameLocator("#frame");
  await expect(frame.getByTestId("output-shape")).toHaveText("3 × 3 × 1");
  await page.getByTestId("pm-step").click();
  await expect(page.getByTestId("pm-log")).toHaveText("step 2 of 9");
  await expect(frame.getByTestId("position")).toHaveText("2 / 9");
  await page.getByTestId("pm-back").click();
  await expect(page.getByTestId("pm-log")).toHaveText("step 1 of 9");
  await page.getByTestId("pm-set").click();
  await expect(frame.getByTestId("output-shape")).toHaveText("2 × 2 × 1");
  await page.evaluate(() => document.getElementById("frame").contentWindow.postMessage({ type: "convscope", command: "jump" }, "*"));
  await expect(page.getByTestId("pm-log")).toHaveText("Unknown command “jump”: use step, back, play, pause, first, last or set.");
  // A set whose values are not all used says which (found in review: dropped silently), and
  // a message for ConvScope without a command is answered too.
  const post = (data) => page.evaluate((d) => document.getElementById("frame").contentWindow.postMessage(d, "*"), data);
  await post({ type: "convscope", command: "set", config: { n: "abc" } });
  await expect(page.getByTestId("pm-log")).toContainText("“abc”");
  await post({ type: "convscope" });
  await expect(page.getByTestId("pm-log")).toHaveText("Unknown command “”: use step, back, play, pause, first, last or set.");
  // Messages that are not for ConvScope are ignored.
  await page.evaluate(() => document.getElementById("frame").contentWindow.postMessage("hello", "*"));
  await expect(frame.getByTestId("output-shape")).toHaveText("2 × 2 × 1");
  expect(problems).toEqual([]);
});

test("two mounted ConvScopes keep their real-image views apart", async ({ page }) => {
  // One view wasm serves every ConvScope on a page; each view's kept state (what survives a
  // language switch) is filed under its own ConvScope.
  const problems = await openExample(page);
  await page.evaluate(async () => {
    const { mount } = await import("../convscope.mjs");
    for (const id of ["a", "b"]) {
      const div = document.createElement("div");
      div.id = id;
      document.body.append(div);
    }
    window.a = await mount(document.getElementById("a"), "img=digit");
  });
  const a = page.locator("#a");
  await expect(a.getByTestId("lab-map-0")).toBeVisible();
  await a.getByTestId("lab-filter-1").click();
  await a.getByTestId("lab-w-0-1-1").fill("2");
  await a.getByTestId("lab-w-0-1-1").press("Enter");
  await expect(a.getByTestId("lab-filter-1")).toHaveText("1: box blur (edited)");
  await page.evaluate(async () => {
    const { mount } = await import("../convscope.mjs");
    window.b = await mount(document.getElementById("b"), "img=pattern");
  });
  const b = page.locator("#b");
  await expect(b.getByTestId("lab-map-0")).toBeVisible();
  await expect(b.getByTestId("lab-image")).toHaveValue("pattern");
  await expect(b.getByTestId("lab-filter-1")).toHaveText("1: box blur");
  await expect(a.getByTestId("lab-filter-1")).toHaveText("1: box blur (edited)");
  expect(problems).toEqual([]);
});

test("mount() resolves once its language's sentences are here: a Korean mount is Korean from the first render", async ({ page }) => {
  const problems = await openExample(page);
  const korean = await page.evaluate(async () => {
    const { mount } = await import("../convscope.mjs");
    const div = document.createElement("div");
    document.body.append(div);
    // Every text the quiz button ever shows: Korean from the first render on, no English
    // flash, no key.
    const seen = [];
    const look = () => {
      const t = div.querySelector("[data-testid=quiz-start]")?.textContent;
      if (t && seen.at(-1) !== t) seen.push(t);
    };
    new MutationObserver(look).observe(div, { subtree: true, childList: true, characterData: true });
    await mount(div, "lang=ko&n=5&f=3");
    for (let i = 0; i < 100 && !seen.length; i++) await new Promise((r) => setTimeout(r, 20));
    look();
    return seen;
  });
  expect(korean).toEqual(["퀴즈 풀기"]);
  // The host page's title is its own.
  expect(await page.title()).not.toContain("합성곱");
  expect(problems).toEqual([]);
});

test("mount() rejects with a sentence when its sentences cannot come, and a later mount tries again", async ({ page }) => {
  // The example page, without its own mount (which would load the English table first).
  await page.route(/\/examples\/api\.js$/, (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: "" }));
  await page.route(/\/en\.txt$/, (route) => route.fulfill({ status: 404, body: "" }));
  const problems = await openExample(page);
  const tryMount = () =>
    page.evaluate(async () => {
      const { mount } = await import("../convscope.mjs");
      const div = document.createElement("div");
      document.body.append(div);
      try {
        await mount(div, "lang=en&n=5&f=3&s=1");
        const shape = () => div.querySelector("[data-testid=output-shape]")?.textContent;
        for (let i = 0; i < 100 && !shape(); i++) await new Promise((r) => setTimeout(r, 20));
        return shape();
      } catch (e) {
        return `rejected: ${e.message}`;
      }
    });
  expect(await tryMount()).toBe(
    "rejected: ConvScope could not load its sentences (en.txt: HTTP 404). Check the connection and reload.",
  );
  await page.unroute(/\/en\.txt$/);
  expect(await tryMount()).toBe("3 × 3 × 1");
  expect(problems.filter((p) => !p.includes("404"))).toEqual([]);
});
