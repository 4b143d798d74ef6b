// What the page fetches rather than carries in its wasm (the 300 KB budget, PERFORMANCE.md
// "Size"): the real-image view's wasm when its section comes near, its language's string table
// (and no other) before it starts; and what the page says when either cannot be fetched. The single-file build carries
// both inline (single.spec.mjs covers file://).
import { test, expect } from "@playwright/test";
import { open, shots } from "./helpers.mjs";

/** Records the URLs the page requests. */
function requests(page) {
  const urls = [];
  page.on("request", (r) => urls.push(new URL(r.url()).pathname));
  return urls;
}
const labFiles = (urls) => urls.filter((u) => /convscope-lab-[0-9a-f]+(_bg\.wasm|\.js)$/.test(u));

test("the real-image view's wasm is fetched only when the view comes near", async ({ page }) => {
  const urls = requests(page);
  const tableCache = {};
  page.on("request", (r) => {
    const name = new URL(r.url()).pathname.split("/").pop();
    if (name.endsWith(".txt")) tableCache[name] = r.allHeaders().then((h) => h["cache-control"]);
  });
  const problems = await open(page, "./");
  // The page is up, the view's section is there with its title, and nothing of it was fetched.
  await expect(page.locator("#lab-title")).toHaveText("Real image");
  await page.waitForTimeout(500);
  expect(labFiles(urls)).toEqual([]);
  expect(urls.filter((u) => u.endsWith("/ko.txt"))).toEqual([]);
  expect(urls.filter((u) => u.endsWith("/en.txt")).length).toBe(1);
  // The table's name carries no hash, so it is revalidated rather than taken from the cache.
  expect(await tableCache["en.txt"]).toBe("max-age=0");
  // The header's link scrolls to it; then it loads and works.
  await page.getByTestId("to-lab").click();
  await expect(page.getByTestId("lab-map-0")).toBeVisible();
  await expect(page.getByTestId("lab-caption")).toHaveText("Photo-like landscape (colour), 256 × 192 pixels.");
  expect(labFiles(urls).length).toBe(2);
  await expect(page.getByTestId("lab-loading")).toHaveCount(0);
  // Choosing a picture still writes img= into the page's link (the view is another wasm).
  await page.getByTestId("lab-image").selectOption("pattern");
  await expect.poll(() => new URL(page.url()).search).toBe("?img=pattern");
  expect(problems).toEqual([]);
});

test("a Korean page fetches its table before it starts, and the view speaks Korean", async ({ page }) => {
  const urls = requests(page);
  const problems = await open(page, "./?lang=ko&img=digit");
  expect(urls.filter((u) => u.endsWith("/ko.txt")).length).toBe(1);
  await expect(page.getByTestId("quiz-start")).toHaveText("퀴즈 풀기");
  // The tab's title too (found in review: it stayed English).
  await expect(page).toHaveTitle("ConvScope · 합성곱 층을 한 단계씩");
  await expect(page.locator("#lab-title")).toHaveText("실제 이미지");
  await page.getByTestId("lab").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("lab-caption")).toHaveText(/픽셀\.$/);
  // Neither the page nor the view needed the English sentences.
  expect(urls.filter((u) => u.endsWith("/en.txt"))).toEqual([]);
  await expect(page.locator(".lab .tagline")).toHaveText(/^같은 합성곱을 실제 사진에/);
  await page.getByTestId("lab").screenshot({ path: `${shots}/lab-korean.png` });
  // Switching to English and back re-mounts the view in each language.
  await page.getByTestId("lang").selectOption("en");
  await expect(page.locator(".lab .tagline")).toHaveText(/^The same convolution/);
  await page.getByTestId("lang").selectOption("ko");
  await expect(page.locator(".lab .tagline")).toHaveText(/^같은 합성곱을/);
  expect(problems).toEqual([]);
});

test("a view that cannot be fetched says so and can be tried again", async ({ page }) => {
  await page.route(/convscope-lab-[0-9a-f]+_bg\.wasm$/, (route) => route.abort());
  await open(page, "./");
  await page.getByTestId("to-lab").click();
  const error = page.getByTestId("lab-load-error");
  await expect(error).toContainText("The real-image view could not be loaded (");
  // The rest of the page is untouched.
  await expect(page.getByTestId("output-shape")).toBeVisible();
  await page.unroute(/convscope-lab-[0-9a-f]+_bg\.wasm$/);
  await error.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByTestId("lab-map-0")).toBeVisible();
  await expect(error).toHaveCount(0);
});

test("a Korean table that cannot be fetched leaves the page in English with a notice", async ({ page }) => {
  await page.route(/\/ko\.txt$/, (route) => route.fulfill({ status: 404, body: "" }));
  const problems = await open(page, "./?lang=ko");
  await expect(page.getByTestId("url-notice")).toContainText("The 한국어 sentences could not be loaded (ko.txt: HTTP 404), so the page stays in English.");
  await expect(page.getByTestId("quiz-start")).toHaveText("Quiz me");
  // A 404 is a console error of the browser's own; nothing else went wrong.
  expect(problems.filter((p) => !p.includes("404"))).toEqual([]);
});

test("a page whose sentences cannot be fetched says so in its own language, and shows no key", async ({ page }) => {
  await page.route(/\/(en|ko)\.txt$/, (route) => route.fulfill({ status: 404, body: "" }));
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto("./");
  await expect(page.locator("#fatal")).toBeVisible();
  await expect(page.locator("#fatal-text")).toHaveText(
    "ConvScope could not load its sentences (en.txt: HTTP 404). Check the connection and reload.",
  );
  await expect(page.locator("#fatal h1")).toHaveText("ConvScope stopped");
  await expect(page.locator("#fatal-reload")).toHaveText("Reload");
  expect(await page.locator("body").innerText()).not.toMatch(/\bfatal\.[a-z]+\b/);
  // A Korean page tries English before it gives up, and says so in Korean.
  await page.goto("./?lang=ko");
  await expect(page.locator("#fatal-text")).toHaveText(
    "ConvScope의 문장을 불러오지 못했습니다 (ko.txt: HTTP 404). 연결을 확인하고 다시 불러오세요.",
  );
  await expect(page.locator("#fatal-reload")).toHaveText("다시 불러오기");
  expect(problems.filter((p) => !p.includes("404"))).toEqual([]);
});

test("a Korean page switched to English before the English table can come stays Korean and says why", async ({ page }) => {
  await page.route(/\/en\.txt$/, (route) => route.fulfill({ status: 404, body: "" }));
  const problems = await open(page, "./?lang=ko");
  await expect(page.getByTestId("quiz-start")).toHaveText("퀴즈 풀기");
  await page.getByTestId("lang").selectOption("en");
  await expect(page.getByTestId("url-notice")).toContainText("English 문장을 불러오지 못해 (en.txt: HTTP 404) 페이지를 지금 언어(한국어)로 보여 줍니다.");
  await expect(page.getByTestId("quiz-start")).toHaveText("퀴즈 풀기");
  expect(await page.locator("body").innerText()).not.toMatch(/\b(quiz|app|lang)\.[a-z_]+\b/);
  expect(problems.filter((p) => !p.includes("404"))).toEqual([]);
});

test("a Korean table from another build is refused, not misread: the page stays in English", async ({ page }) => {
  // The served table is compact (values in en.txt's key order, scripts/tables.mjs); one cached
  // from a build with other keys names another key list in its first line.
  await page.route(/\/ko\.txt$/, async (route) => {
    const body = (await (await route.fetch()).text()).replace(/^#!convscope-table [0-9a-f]{8}/, "#!convscope-table 00000000");
    await route.fulfill({ status: 200, contentType: "text/plain; charset=utf-8", body });
  });
  const problems = await open(page, "./?lang=ko");
  await expect(page.getByTestId("url-notice")).toContainText("ko.txt, line 1: made for another build of ConvScope (reload the page)");
  await expect(page.getByTestId("quiz-start")).toHaveText("Quiz me");
  expect(problems).toEqual([]);
});

test("no sentence shows as its key, on the page or in the view, in either language", async ({ page }) => {
  // The view's sentences (img.*) travel only in the view's wasm; a key the page names but
  // does not carry would show as itself.
  const keyLike = /\b(img|labslot)\.[a-z_]+\b/;
  for (const lang of ["en", "ko"]) {
    const problems = await open(page, `./?lang=${lang}&img=pattern`);
    await expect(page.getByTestId("lab-map-0")).toBeVisible();
    expect(await page.locator("body").innerText()).not.toMatch(keyLike);
    // The view's error sentences come from its own table too.
    await page.getByTestId("lab-filter-0").click();
    await page.getByTestId("lab-w-0-0-0").fill("abc");
    await page.getByTestId("lab-w-0-0-0").press("Enter");
    const error = page.getByTestId("lab-weight-error");
    await expect(error).toContainText("abc");
    expect(await error.innerText()).not.toMatch(keyLike);
    if (lang === "ko") expect(await error.innerText()).toMatch(/[\uAC00-\uD7A3]/);
    expect(problems).toEqual([]);
  }
});

test("a language switch keeps the view's picture, edited filters and selection", async ({ page }) => {
  // The page re-keys everything on a switch, which re-mounts the view; its state is kept.
  const problems = await open(page, "./?img=pattern");
  await expect(page.getByTestId("lab-map-0")).toBeVisible();
  await page.getByTestId("lab-filter-1").click();
  await page.getByTestId("lab-w-0-1-1").fill("2");
  await page.getByTestId("lab-w-0-1-1").press("Enter");
  await expect(page.getByTestId("lab-filter-1")).toHaveText("1: box blur (edited)");
  await page.getByTestId("lab-image").selectOption("digit");
  await expect(page.getByTestId("lab-caption")).toContainText("digit");
  const caption = await page.getByTestId("lab-caption").innerText();
  await page.getByTestId("lang").selectOption("ko");
  await expect(page.locator(".lab .tagline")).toHaveText(/^같은 합성곱을/);
  await expect(page.getByTestId("lab-filter-1")).toHaveText("1: 박스 블러 (고침)");
  await expect(page.getByTestId("lab-w-0-1-1")).toHaveValue("2");
  await expect(page.getByTestId("lab-image")).toHaveValue("digit");
  await page.getByTestId("lang").selectOption("en");
  await expect(page.getByTestId("lab-caption")).toHaveText(caption);
  await expect(page.getByTestId("lab-filter-1")).toHaveText("1: box blur (edited)");
  expect(problems).toEqual([]);
});
