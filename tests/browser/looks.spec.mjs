// Looks and language: the Korean interface (every sentence from ko.txt, the numbers unchanged),
// switching language live, the light/dark/high-contrast themes on the page and the canvas,
// and the `lang`, `theme` and `pool` keys of the address.
import { test, expect } from "@playwright/test";
import { open, shots, fullShot } from "./helpers.mjs";
import AxeBuilder from "@axe-core/playwright";

/** Serious or critical axe violations on the page as it is now. */
async function axeProblems(page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

test("lang=ko: the interface speaks Korean, the arithmetic is the same", async ({ page }) => {
  test.setTimeout(120_000); // axe-core scans take a while on a busy 2-core machine
  const problems = await open(page, "./?lang=ko&s=3");
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByTestId("lang")).toHaveValue("ko");
  await expect(page.getByText("입력 크기").first()).toBeVisible();
  // The lecture's 7×7, F3, S3 case: same numbers, Korean sentence.
  await expect(page.getByTestId("formula")).toContainText("(7 − 3 + 2·0) / 3 + 1 = 2.33");
  await expect(page.getByTestId("output-shape")).toHaveText("맞지 않음");
  await expect(page.getByTestId("fit-note")).toContainText("나머지가 1");
  await expect(page.getByTestId("fit-note")).toContainText("P = 1 (3 × 3)");
  await expect(page.getByTestId("play")).toHaveText("재생");
  await expect(page.getByTestId("preset").locator("option[value='7x7-s1']")).toHaveText("7×7 입력, 3×3 필터, 스트라이드 1 → 5×5");
  // A bad value gets its Korean sentence next to the field.
  await page.getByTestId("field-n").fill("");
  await expect(page.getByTestId("error-n")).toHaveText("입력 크기 N 칸이 비어 있습니다: 1부터 512까지의 정수를 입력하세요.");
  await page.getByTestId("field-n").fill("7");
  await page.getByTestId("step").click();
  await expect(page.getByTestId("status")).toContainText("단계");
  await fullShot(page, shots + "korean.png");
  expect(await axeProblems(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test("switching the language redraws everything and the address keeps it", async ({ page }) => {
  const problems = await open(page, "./?s=3");
  await expect(page.getByTestId("output-shape")).toHaveText("does not fit");
  const before = await page.getByTestId("stage").evaluate((c) => c.getAttribute("aria-label"));
  await page.getByTestId("lang").selectOption("ko");
  await expect(page.getByTestId("output-shape")).toHaveText("맞지 않음");
  await expect(page.getByTestId("more")).toContainText("더 보기");
  const after = await page.getByTestId("stage").evaluate((c) => c.getAttribute("aria-label"));
  expect(after).not.toEqual(before);
  expect(after).toContain("활성화 맵");
  await expect.poll(() => new URL(page.url()).searchParams.get("lang")).toBe("ko");
  await page.reload();
  await expect(page.getByTestId("output-shape")).toHaveText("맞지 않음");
  await page.getByTestId("lang").selectOption("en");
  await expect(page.getByTestId("output-shape")).toHaveText("does not fit");
  await expect.poll(() => new URL(page.url()).searchParams.get("lang")).toBe(null);
  expect(problems).toEqual([]);
});

test("a link's notices follow a language switch, and stay dismissed", async ({ page }) => {
  const problems = await open(page, "./?zz=1");
  await expect(page.getByTestId("url-notice")).toContainText("Unknown setting “zz” was ignored.");
  await page.getByTestId("lang").selectOption("ko");
  await expect(page.getByTestId("url-notice")).toContainText("알 수 없는 설정 “zz”");
  await expect(page.getByTestId("url-notice")).not.toContainText("Unknown setting");
  await page.getByTestId("url-notice").getByRole("button").click();
  await expect(page.getByTestId("url-notice")).toHaveCount(0);
  await page.getByTestId("lang").selectOption("en");
  await expect(page.getByTestId("url-notice")).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("a Korean browser gets Korean without a key; a bad lang says so in the page's language", async ({ browser }) => {
  const ctx = await browser.newContext({ locale: "ko-KR" });
  const page = await ctx.newPage();
  const problems = await open(page, "./");
  await expect(page.getByTestId("lang")).toHaveValue("ko");
  await page.goto("./?lang=fr");
  await expect(page.getByTestId("url-notice")).toContainText("lang은 en 또는 ko입니다.");
  expect(problems).toEqual([]);
  await ctx.close();
});

/** The colour of the canvas pixel at the centre of the first input cell, and the page background. */
async function colours(page) {
  const cell = await page.getByTestId("stage").evaluate((c) => {
    const d = c.dataset;
    const r = window.devicePixelRatio || 1;
    const x = (Number(d.inputX) + 3) * r, y = (Number(d.inputY) + 3) * r;
    return Array.from(c.getContext("2d").getImageData(x, y, 1, 1).data.slice(0, 3));
  });
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  return { cell, bg };
}

const luminance = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/** The colour of a chart canvas's top-left buffer pixel (its background). */
const corner = (page, id) => page.getByTestId(id).evaluate((c) =>
  Array.from(window.pixels2d(c).getImageData(1, 1, 1, 1).data.slice(0, 3)));

test("themes: light, dark and high contrast change the page and the picture; the address keeps them", async ({ page }) => {
  test.setTimeout(120_000); // axe-core scans take a while on a busy 2-core machine
  const problems = await open(page, "./?p=1");
  const light = await colours(page);
  await page.getByTestId("theme").selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect.poll(async () => (await colours(page)).bg).not.toEqual(light.bg);
  const dark = await colours(page);
  const rgb = (s) => s.match(/\d+/g).slice(0, 3).map(Number);
  expect(luminance(rgb(dark.bg))).toBeLessThan(60);
  expect(luminance(rgb(light.bg))).toBeGreaterThan(200);
  // The padding cell in the corner is dark grey on the dark canvas, light grey on the light one.
  expect(luminance(dark.cell)).toBeLessThan(90);
  expect(luminance(light.cell)).toBeGreaterThan(180);
  // The charts follow: their background is the dark panel, not a white rectangle.
  await expect.poll(async () => luminance(await corner(page, "size-chart"))).toBeLessThan(60);
  await expect.poll(async () => luminance(await corner(page, "heatmaps"))).toBeLessThan(60);
  await expect.poll(() => new URL(page.url()).searchParams.get("theme")).toBe("dark");
  await fullShot(page, shots + "theme-dark.png");
  expect(await axeProblems(page)).toEqual([]);
  await page.getByTestId("theme").selectOption("contrast");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "contrast");
  await expect.poll(async () => luminance(await corner(page, "size-chart"))).toBeGreaterThan(250);
  await page.screenshot({ path: shots + "theme-contrast.png" });
  expect(await axeProblems(page)).toEqual([]);
  await expect.poll(() => new URL(page.url()).searchParams.get("theme")).toBe("contrast");
  await page.reload();
  await expect(page.getByTestId("theme")).toHaveValue("contrast");
  expect(problems).toEqual([]);
});

test("the real-image view's charts follow a theme switch (it is a wasm of its own)", async ({ page }) => {
  const problems = await open(page, "./?img=pattern");
  const bars = page.getByTestId("lab-fc-bars");
  await expect(bars).toBeAttached({ timeout: 20_000 });
  await expect.poll(async () => luminance(await corner(page, "lab-fc-bars"))).toBeGreaterThan(250);
  await page.getByTestId("theme").selectOption("dark");
  await expect.poll(async () => luminance(await corner(page, "lab-fc-bars"))).toBeLessThan(60);
  await page.getByTestId("theme").selectOption("contrast");
  await expect.poll(async () => luminance(await corner(page, "lab-fc-bars"))).toBeGreaterThan(250);
  expect(problems).toEqual([]);
});

test("theme auto follows the system's dark preference", async ({ browser }) => {
  const ctx = await browser.newContext({ colorScheme: "dark" });
  const page = await ctx.newPage();
  const problems = await open(page, "./?p=1");
  await expect(page.getByTestId("theme")).toHaveValue("auto");
  const { cell, bg } = await colours(page);
  expect(luminance(bg.match(/\d+/g).slice(0, 3).map(Number))).toBeLessThan(60);
  expect(luminance(cell)).toBeLessThan(90);
  expect(new URL(page.url()).searchParams.get("theme")).toBe(null);
  expect(problems).toEqual([]);
  await ctx.close();
});

test("pool=2,2 opens max pooling with that window and writes itself back", async ({ page }) => {
  const problems = await open(page, "./?n=4&pool=2,2");
  await expect(page.getByTestId("op-pool")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("field-f")).toHaveValue("2");
  await expect(page.getByTestId("field-s")).toHaveValue("2");
  await expect(page.getByTestId("output-shape")).toHaveText("2 × 2 × 1");
  expect(new URL(page.url()).searchParams.get("pool")).toBe("2,2");
  await page.goto("./?pool=3");
  await expect(page.getByTestId("field-s")).toHaveValue("3");
  await page.goto("./?pool=2,zero");
  await expect(page.getByTestId("url-notice")).toContainText("pool=2,zero: pool is the window and stride");
  expect(problems).toEqual([]);
});

test("before the wasm runs, the safety net speaks the page's language too", async ({ page }) => {
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto("./?lang=ko");
  await expect(page.locator("#fatal")).toBeVisible();
  await expect(page.locator("#fatal-text")).toContainText(/ConvScope 파일을 불러오지 못했습니다|ConvScope를 시작할 수 없습니다/);
  await expect(page.getByRole("button", { name: "다시 불러오기" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
});

test("on a laptop's 1280 × 720 the header is one row and the picture starts in the first screen; a disabled field keeps its reason", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const problems = await open(page, "./?n=5&d=3&k=2&f=3&s=2&p=1");
  const box = (sel) => page.locator(sel).first().evaluate((e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, height: r.height }; });
  // One row: the title, the menus and the buttons share a line.
  const [title, share, present] = [await box(".top h1"), await box(".top .share"), await box("[data-testid=present]")];
  expect(Math.abs(share.top + share.height / 2 - (title.top + title.height / 2))).toBeLessThan(12);
  expect(Math.abs(present.top - share.top)).toBeLessThan(12);
  // The two disclosures side by side.
  const [more, tconv] = [await box("details.more"), await box("details.more.tconv")];
  expect(tconv.top).toBe(more.top);
  // The picture starts in the first screen (626 px before: it began below the fold).
  expect((await box(".stage")).top).toBeLessThan(560);
  // A short screen hides the fields' hints; a disabled field's says why it is disabled.
  await expect(page.locator("#hint-n")).toBeHidden();
  await page.getByRole("button", { name: "Max pooling" }).click();
  await expect(page.locator("#hint-k")).toBeVisible();
  await expect(page.locator("#hint-n")).toBeHidden();
  // A tall screen shows every hint.
  await page.setViewportSize({ width: 1280, height: 1000 });
  await expect(page.locator("#hint-n")).toBeVisible();
  expect(problems).toEqual([]);
});
