// Quiz mode: seeded questions (the same link gives a class the same questions), answers
// checked and explained with the formula, a score, nothing on screen giving the answer away,
// and the same in an embedded frame.
import { test, expect } from "@playwright/test";
import { open, shots, fullShot } from "./helpers.mjs";

async function openQuiz(page, path) {
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(path);
  await expect(page.getByTestId("quiz")).toBeVisible();
  return problems;
}

/** The layer in a question: "a 7 × 7 × 1 input, 2 filters of 3 × 3, stride 2, zero-padding 1". */
function layerOf(text) {
  const m = text.match(/a (\d+) × \d+ × (\d+) input, (\d+) filters? of (\d+) × \d+, stride (\d+), zero-padding (\d+)/);
  const [n, d, k, f, s, p] = m.slice(1).map(Number);
  return { n, d, k, f, s, p };
}

test("a round answered wrong, then right: verdicts, working and the score", async ({ page }) => {
  const problems = await openQuiz(page, "./?quiz=1&seed=7");
  await expect(page.getByTestId("quiz-score")).toHaveText("0 of 0 right");
  const q1 = await page.getByTestId("quiz-question").textContent();
  expect(q1).toContain("what is the width W₂ of the output?");
  // Nothing gives the answer away before it is given.
  await expect(page.getByTestId("output-shape")).toHaveCount(0);
  await expect(page.getByTestId("stage")).toHaveCount(0);
  // Unreadable, then wrong.
  await page.getByTestId("quiz-answer").fill("abc");
  await page.getByTestId("quiz-check").click();
  await expect(page.getByTestId("quiz-error")).toHaveText("“abc” is not a number: type the answer as digits.");
  const { n, f, s, p } = layerOf(q1);
  const size = (n - f + 2 * p) / s + 1;
  await page.getByTestId("quiz-answer").fill(String(size + 1));
  await page.getByTestId("quiz-answer").press("Enter");
  const verdict = page.getByTestId("quiz-verdict");
  await expect(verdict).toContainText("Not quite.");
  await expect(verdict).toContainText(`The answer is ${size}:`);
  await expect(verdict).toContainText(`(${n} − ${f} + 2·${p}) / ${s} + 1 = ${size}`);
  await expect(page.getByTestId("quiz-score")).toHaveText("0 of 1 right");
  // Answered: the read-outs appear and agree.
  await expect(page.getByTestId("output-shape")).toContainText(`${size} × ${size} ×`);
  await fullShot(page, shots + "quiz-answered.png");
  // Question 2 asks for parameters: computed here from the question's own words.
  await page.getByTestId("quiz-next").click();
  const q2 = await page.getByTestId("quiz-question").textContent();
  expect(q2).toContain("how many learnable parameters");
  const l = layerOf(q2);
  const params = (l.f * l.f * l.d) * l.k + l.k;
  await page.getByTestId("quiz-answer").fill(String(params));
  await page.getByTestId("quiz-check").click();
  await expect(page.getByTestId("quiz-verdict")).toContainText("Right.");
  await expect(page.getByTestId("quiz-score")).toHaveText("1 of 2 right");
  await expect(page.getByTestId("param-count")).toContainText(params.toLocaleString("en-US"));
  expect(problems).toEqual([]);
});

test("the same seed gives the same questions; a next-cell question shows the picture but holds it", async ({ page, browser }) => {
  const problems = await openQuiz(page, "./?quiz=1&seed=42");
  const other = await browser.newPage();
  await other.goto(page.url());
  await expect(other.getByTestId("quiz-question")).toHaveText(await page.getByTestId("quiz-question").textContent());
  await other.close();
  for (let i = 0; i < 2; i++) {
    await page.getByTestId("quiz-answer").fill("0");
    await page.getByTestId("quiz-check").click();
    await page.getByTestId("quiz-next").click();
  }
  await expect(page.getByTestId("quiz-question")).toContainText("What value goes into the next output cell?");
  await expect(page.getByTestId("stage")).toBeVisible();
  await expect(page.getByTestId("dot-product")).toHaveCount(0);
  const before = await page.getByTestId("stage").evaluate((c) => c.toDataURL());
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Space");
  await page.waitForTimeout(300);
  expect(await page.getByTestId("stage").evaluate((c) => c.toDataURL())).toEqual(before);
  await fullShot(page, shots + "quiz-next-cell.png");
  await page.getByTestId("quiz-answer").fill("0");
  await page.getByTestId("quiz-check").click();
  // Answered: the dot product of the asked cell is written out, and agrees with the verdict.
  const total = await page.getByTestId("dot-total").textContent();
  await expect(page.getByTestId("quiz-verdict")).toContainText(`The answer is ${total}:`);
  expect(new URL(page.url()).search).toBe("?quiz=1&seed=42");
  expect(problems).toEqual([]);
});

test("quiz mode works in an embedded frame and can be started and ended from the page", async ({ page }) => {
  const problems = await openQuiz(page, "./?quiz=1&seed=3&embed=1");
  await expect(page.getByTestId("quiz-question")).toBeVisible();
  await page.goto("./?n=7");
  await page.getByTestId("quiz-start").click();
  await expect(page.getByTestId("quiz")).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get("quiz")).toBe("1");
  await page.getByTestId("quiz-stop").click();
  await expect(page.getByTestId("quiz")).toHaveCount(0);
  await expect(page.getByTestId("field-n")).toBeVisible();
  expect(problems).toEqual([]);
});

// Found in an accessibility audit: every step of the quiz dropped the keyboard focus on
// <body>, so a keyboard or screen-reader user had to Tab again from the top after each
// question. Focus now goes where the quiz continues, and back to "Quiz me" when it ends.
test("the keyboard stays in the quiz: answer box, then the next step, then back to Quiz me", async ({ page }) => {
  const problems = await open(page, "./?n=7&seed=7");
  const focused = () => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.tagName);
  // Tab to "Quiz me" as a keyboard user does, and open it with Enter.
  for (let i = 0; i < 30 && (await focused()) !== "quiz-start"; i++) await page.keyboard.press("Tab");
  expect(await focused()).toBe("quiz-start");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("quiz-answer")).toBeFocused();
  // An unreadable answer keeps the box, and the focus in it.
  await page.keyboard.type("abc");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("quiz-error")).toContainText("not a number");
  await expect(page.getByTestId("quiz-answer")).toBeFocused();
  // The verdict goes into a live region that was already on the page (one inserted with its
  // text is often not read), and is the description of the button that continues.
  await page.getByTestId("quiz-verdict").evaluate((el) => { el.dataset.before = "1"; });
  await page.getByTestId("quiz-answer").fill("0");
  await page.keyboard.press("Enter");
  const verdict = page.getByTestId("quiz-verdict");
  await expect(verdict).toContainText("Not quite.");
  await expect(verdict).toHaveAttribute("data-before", "1");
  await expect(verdict).toHaveAttribute("role", "status");
  await expect(page.getByTestId("quiz-next")).toBeFocused();
  await expect(page.getByTestId("quiz-next")).toHaveAccessibleDescription(/^Not quite\. The answer is \d+:/);
  // "Next question" with Enter: the new question's box.
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("quiz-question")).toContainText("how many learnable parameters");
  await expect(page.getByTestId("quiz-answer")).toBeFocused();
  await expect(verdict).toHaveText("");
  // Ending the quiz gives the focus back to the button that started it.
  await page.keyboard.press("Shift+Tab");
  expect(await focused()).toBe("quiz-stop");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("quiz")).toHaveCount(0);
  await expect(page.getByTestId("quiz-start")).toBeFocused();
  expect(problems).toEqual([]);
});

test("a quiz link does not take the focus when the page opens (a slide's frame keeps its deck's)", async ({ page }) => {
  await openQuiz(page, "./?quiz=1&seed=3&embed=1");
  await expect(page.getByTestId("quiz-answer")).toBeVisible();
  await page.waitForTimeout(200);
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("BODY");
});
