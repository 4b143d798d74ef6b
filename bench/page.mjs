// Page budgets (issue #6), measured in headless Chromium against the release build in dist/.
// Usage: make bench-page   (or: node bench/page.mjs [DIST] after make build)
//
// Prints, for PERFORMANCE.md:
//  1. slider change → repainted frame at N = 64, D = 3, K = 8, F = 5 (S = 1, P = 2), with the
//     animation running and paused: wall clock from the key press on the K slider to the task
//     after the next frame's requestAnimationFrame (from the listener, and from the event's
//     time stamp, which adds the press's wait for the main thread), and the main-thread CPU
//     time of every task from the press to the next one and to its frame's commit (p50, p95,
//     max over 20 changes); and a held arrow key on K (a change every 33 ms): the wall clock
//     from each key event to its frame and the main thread's busy time a second; and a sweep
//     of P (0 → 8) and of F (3 → 11), a step at a time, every value new to the page;
//  2. animation with numbers drawn (the lecture's 7 × 7 × 1 example and the CS231n demo,
//     5 × 5 × 3 padded to 7 × 7 × 3 with K = 2, at 8 steps/s): main-thread CPU time per
//     animation step, every task from one tick to the next (the demo also scrolled to its dot
//     product, which the page writes only on screen); and, beside them, the floor: the same
//     two steps written by hand (bench/floor.html);
//  3. bytes the page transfers, gzipped, and first paint / first contentful paint from localhost;
//  4. JS heap (plus the wasm memory) at the largest configuration the controls allow, and at
//     the largest one that is animated;
//  5. the real-image view at 256 × 256 × 3, K = 8, F = 3: a weight slider and the stride slider,
//     input event → repainted frame (wall clock) and main-thread CPU;
//  6. the core's conv2d at that size run in this Chromium (bench/core-wasm), for scale.
//
// CPU figures are thread CPU time (`tdur` of the trace's RunTask events): the machine is
// shared, and wall time would count other processes' work. Chromium runs with the frame-rate
// limit off, so no wait for the next 60 Hz vsync is counted in the wall clock either.
// DPR=2 runs every page at a device pixel ratio of 2 (a lecturer's laptop); THROTTLE=n makes
// the held key's main thread n times slower. V8_FLAGS adds V8 flags: "--no-liftoff
// --no-wasm-lazy-compilation" compiles the wasm with V8's optimising tier as it loads, which
// leaves out the tier-up jobs that otherwise run beside the first slider changes (on two cores
// they take the CPU from the page: see `bench/tier-up.mjs`). WARM=n rehearses n K changes in a
// hidden, mounted ConvScope before the slider's presses (PERFORMANCE.md, session 39); DUMP=1
// prints every press's wall clock.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_WASM } from './peers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] ?? join(root, 'dist');
const port = await new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const server = spawn('node', [join(root, 'tests/browser/serve.mjs'), dist, String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 400));
const base = `http://127.0.0.1:${port}/`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-frame-rate-limit',
    '--disable-gpu-vsync', '--enable-precise-memory-info', `--js-flags=--expose-gc ${process.env.V8_FLAGS ?? ''}`],
});
const VIEW = { width: 1280, height: 860 };
// DPR=2 measures a high-density screen (a lecturer's laptop); the budgets are set at 1.
const DPR = Number(process.env.DPR ?? 1);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x) => `${x.toFixed(1)} ms`;
const summary = (xs) => `p50 ${ms(pct(xs, 50))}, p95 ${ms(pct(xs, 95))}, max ${ms(Math.max(...xs))} (n = ${xs.length})`;

async function openApp(page, query) {
  await page.goto(`${base}?${query}`);
  await page.getByTestId('output-shape').waitFor();
  await page.waitForTimeout(300);
}

/**
 * Runs `act` under a trace and returns, for each trigger task (`isTrigger(task events)`), the
 * main-thread CPU time of every task from that one up to the next trigger: all the work the
 * trigger caused (and anything else that ran meanwhile, which on an idle page is little).
 */
async function framesAfter(page, act, isTrigger) {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'],
  });
  await act();
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best = [];
  for (const m of mains) {
    const mine = events.filter((e) => e.pid === m.pid && e.tid === m.tid);
    if (mine.length > best.length) best = mine;
  }
  const tasks = best.filter((e) => e.name === 'RunTask' && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const inside = best.filter((e) => e.ph === 'X' && e.name !== 'RunTask');
  // Events of each task, by time containment.
  const kids = tasks.map(() => []);
  let t = 0;
  for (const e of inside.sort((a, b) => a.ts - b.ts)) {
    while (t < tasks.length && tasks[t].ts + tasks[t].dur < e.ts) t++;
    if (t < tasks.length && e.ts >= tasks[t].ts) kids[t].push(e);
  }
  const cpu = (e) => (e.tdur ?? e.dur) / 1000;
  const triggers = tasks.map((_, i) => i).filter((i) => isTrigger(kids[i]));
  const out = [];
  // Also, per trigger, the CPU up to and including the task that commits its frame (the
  // frame's rendering ends with a Commit): what the page spent before the change showed,
  // whatever other processes took from the machine's cores meanwhile.
  out.toFrame = [];
  // And the wall clock from the trigger task's start to the end of that commit: the frame
  // that shows the change handed to the compositor, without the charts below the fold that
  // the page paints up to 150 ms later (see "The legends as markup, and what the wall clock waits for" in PERFORMANCE.md).
  out.toCommitWall = [];
  // The last trigger's window has no end; it is left out.
  for (let n = 0; n + 1 < triggers.length; n++) {
    let total = 0;
    let toFrame = null;
    for (let j = triggers[n]; j < triggers[n + 1]; j++) {
      total += cpu(tasks[j]);
      const commit = toFrame === null && kids[j].find((e) => e.name === 'Commit');
      if (commit) {
        toFrame = total;
        out.toCommitWall.push((commit.ts + commit.dur - tasks[triggers[n]].ts) / 1000);
      }
    }
    out.push(total);
    if (toFrame !== null) out.toFrame.push(toFrame);
  }
  return out;
}

const isKey = (ev) => ev.some((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
const isTick = (ev) => ev.some((e) => e.name === 'TimerFire') && !isKey(ev);

const report = [];
const line = (s) => { report.push(s); console.log(s); };

/**
 * Times every key press from here on, to the task after the next frame's rAF (the frame is
 * painted by then; with the frame-rate limit off this includes no vsync wait): in
 * `__latency` from the listener, in `__queued` from the event's time stamp, when the browser
 * received the key, which adds the time the press waited for the main thread (behind an
 * animation step, say).
 */
function timeKeys(page) {
  return page.evaluate(() => {
    window.__latency = [];
    window.__queued = [];
    addEventListener('keydown', (e) => {
      const t0 = performance.now();
      requestAnimationFrame(() => setTimeout(() => {
        const now = performance.now();
        window.__latency.push(now - t0);
        window.__queued.push(now - e.timeStamp);
      }, 0));
    }, true);
  });
}

// 1. Slider change → repainted frame, animation running.
async function sliderLatency(query, label) {
  const page = await browser.newPage({ viewport: VIEW, deviceScaleFactor: DPR });
  await openApp(page, query);
  if (process.env.WARM) {
    const t = await page.evaluate(async (rounds) => {
      const t0 = performance.now();
      const { mount } = await import('./convscope.mjs');
      const div = document.createElement('div');
      div.style.cssText = 'position:fixed;left:-20000px;top:0;width:1280px;visibility:hidden';
      document.body.append(div);
      const q = location.search.slice(1).replace(/(^|&)play=1/, '');
      const cs = await mount(div, q);
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      for (let i = 0; i < rounds; i++) { cs.set({ k: i % 2 ? 8 : 9 }); await frame(); }
      cs.destroy(); div.remove();
      return performance.now() - t0;
    }, Number(process.env.WARM));
    await page.waitForTimeout(3000);
    line(`warm-up: ${process.env.WARM} rounds in ${t.toFixed(0)} ms`);
  }
  await timeKeys(page);
  const slider = page.getByTestId('slider-k');
  await slider.focus();
  const times = await framesAfter(page, async () => {
    for (let i = 0; i < 21; i++) {
      await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
      await page.waitForTimeout(700);
    }
  }, isKey);
  const wall = await page.evaluate(() => window.__latency);
  const fromEvent = await page.evaluate(() => window.__queued);
  if (process.env.DUMP) line(`walls: ${wall.map((x) => x.toFixed(1)).join(' ')}`);
  await page.close();
  // V8 runs a wasm function on its baseline compiler until it is hot, so the first changes
  // after a load are slower (tier-up): the figures over every change (comparable with earlier
  // sessions) and over the changes after the first three, which says what a user feels once
  // the page has warmed up.
  const warm = (xs) => summary(xs.slice(3));
  line(`slider change → repainted frame, ${label}: wall clock ${summary(wall)}; budget p95 ≤ 16 ms; main-thread CPU from the press to the next press ${summary(times)}; after the first three changes: wall clock ${warm(wall)}, CPU ${warm(times)}; from the key event's time stamp (its wait for the main thread included), after the first three: wall clock ${warm(fromEvent)}; main-thread CPU from the press to its frame's commit, after the first three: ${warm(times.toFrame)}; wall clock from the press's task to that commit, after the first three: ${warm(times.toCommitWall)}`);
  return times;
}

// 1c. A slider swept one step at a time in one direction, animation running: every value is
// new to the page, so nothing drawn for it is kept (the panels' bitmaps, the stage's store,
// the bases), where the presses above go back and forth between two values and find them
// kept. A student dragging P or F sees this one. Over `loads` page loads (the first press of
// each included); a Shift press after the last closes its window.
async function sliderSweep(query, testid, steps, loads, label) {
  const wall = [];
  const toFrame = [];
  for (let l = 0; l < loads; l++) {
    const page = await browser.newPage({ viewport: VIEW, deviceScaleFactor: DPR });
    await openApp(page, query);
    await timeKeys(page);
    await page.getByTestId(testid).focus();
    const times = await framesAfter(page, async () => {
      for (let i = 0; i < steps; i++) {
        await page.keyboard.press('ArrowRight');
        await page.waitForTimeout(700);
      }
      await page.keyboard.press('Shift');
      await page.waitForTimeout(200);
    }, isKey);
    wall.push(...(await page.evaluate(() => window.__latency)).slice(0, steps));
    toFrame.push(...times.toFrame.slice(0, steps));
    await page.close();
  }
  line(`slider sweep, ${label}: wall clock ${summary(wall)}; budget p95 ≤ 16 ms; main-thread CPU from the press to its frame's commit ${summary(toFrame)}`);
}

// 1b. A held arrow key on K (a change every 33 ms, a keyboard's repeat; K 8 → 16 → 8 …),
// animation running: per change, the wall clock from the key event's time stamp to the task
// after its frame, and the main thread's busy time per second (Performance.getMetrics). With
// THROTTLE=n, Chromium runs the page's main thread n times slower: a student's laptop.
async function heldKey(query, label) {
  const page = await browser.newPage({ viewport: VIEW, deviceScaleFactor: DPR });
  await openApp(page, query);
  await page.waitForTimeout(1200);
  await timeKeys(page);
  await page.getByTestId('slider-k').focus();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const throttle = Number(process.env.THROTTLE ?? 1);
  if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  const start = Date.now();
  const changes = 96;
  for (let i = 0; i < changes; i++) {
    const t = Date.now();
    await page.keyboard.press(Math.floor(i / 8) % 2 ? 'ArrowLeft' : 'ArrowRight');
    const left = 33 - (Date.now() - t);
    if (left > 0) await page.waitForTimeout(left);
  }
  const secs = (Date.now() - start) / 1000;
  await page.waitForTimeout(300);
  const after = await metrics();
  // The first eight changes are left out (V8 tiering the wasm up).
  const held = (await page.evaluate(() => window.__queued)).slice(8);
  await page.close();
  const perSec = (k) => ((after[k] - before[k]) / secs) * 1000;
  line(`held key, ${label}${throttle !== 1 ? `, main thread ${throttle}× slower` : ''}: wall clock from the key event to its frame ${summary(held)}; main thread busy ${perSec('TaskDuration').toFixed(0)} ms a second, script ${perSec('ScriptDuration').toFixed(0)} ms`);
}

// 2. Animation main-thread time per step. `before(page)`, if given, runs first.
async function animation(query, label, before) {
  const page = await browser.newPage({ viewport: VIEW, deviceScaleFactor: DPR });
  await openApp(page, query);
  if (before) await before(page);
  const times = await framesAfter(page, () => page.waitForTimeout(6000), isTick);
  await page.close();
  line(`animation, ${label}: main-thread CPU per step ${summary(times)}; budget p95 ≤ 4 ms`);
}

/** A visit to the real-image view and back to the top: the view's ~30 canvases stay on the
 *  page (in Chromium's software compositing a 2D canvas near the viewport cost a copy of its
 *  store at every frame, changed or not; see "Canvases shown as bitmaps" in PERFORMANCE.md). */
async function visitRealImage(page) {
  await page.getByTestId('lab').scrollIntoViewIfNeeded();
  await page.getByTestId('lab-map-0').waitFor();
  await page.waitForTimeout(500);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
}

/** The dot product under the picture scrolled into view: the running animation writes it
 *  only on screen (src/ui/readouts.rs), and at 1280 × 860 the CS231n demo's is below the fold. */
async function showDot(page) {
  await page.locator('section.dot').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
}

// 2b. The floor: the same per-step work written by hand (bench/floor.html), in the same
// browser and harness; what is left between it and the app is ConvScope's own cost.
// `config` is the page's `window.floorConfig` (none: the lecture example).
async function animationFloor(config, label) {
  const page = await browser.newPage({ viewport: VIEW, deviceScaleFactor: DPR });
  const html = readFileSync(join(root, 'bench/floor.html'), 'utf8');
  await page.setContent(config
    ? html.replace('<script id="floor-shared">', `<script>window.floorConfig = ${JSON.stringify(config)};</script>$&`)
    : html);
  await page.waitForTimeout(300);
  const times = await framesAfter(page, () => page.waitForTimeout(6000), isTick);
  await page.close();
  line(`animation floor, ${label} written by hand (bench/floor.html: no framework, no wasm): main-thread CPU per step ${summary(times)}`);
}

// 3. Transfer size and first paint (fresh context each time: nothing cached).
/** Records into `sizes` the gzipped size of every response `page` receives, by path. */
function recordSizes(page, sizes) {
  page.on('response', async (r) => {
    try {
      const body = await r.body();
      sizes.set(new URL(r.url()).pathname, gzipSync(body, { level: 9 }).length);
    } catch { /* a redirect has no body */ }
  });
}

const transferLine = (who, sizes) => {
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  return `transferred by ${who}, gzipped: ${(total / 1000).toFixed(1)} kB in ${sizes.size} responses (${[...sizes.entries()].map(([p, b]) => `${p} ${(b / 1000).toFixed(1)}`).join(', ')}); budget ≤ 300 KB`;
};

async function loading() {
  const sizes = new Map();
  const paints = [];
  const ready = [];
  for (let run = 0; run < 7; run++) {
    const context = await browser.newContext({ viewport: VIEW, deviceScaleFactor: DPR });
    const page = await context.newPage();
    recordSizes(page, sizes);
    await page.goto(base);
    await page.getByTestId('output-shape').waitFor();
    const t = await page.evaluate(() => {
      const p = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
      return { fp: p['first-paint'], fcp: p['first-contentful-paint'], now: performance.now() };
    });
    paints.push(t.fcp ?? t.fp);
    ready.push(t.now);
    await context.close();
  }
  line(transferLine('an English page', sizes));
  // A Korean page loads its own string table instead of the English one.
  const korean = new Map();
  {
    const context = await browser.newContext({ viewport: VIEW, deviceScaleFactor: DPR });
    const page = await context.newPage();
    recordSizes(page, korean);
    await page.goto(`${base}?lang=ko`);
    await page.getByTestId('output-shape').waitFor();
    await page.waitForTimeout(300);
    await context.close();
  }
  line(transferLine('a Korean page', korean));
  line(`first contentful paint from localhost: ${summary(paints)}; budget ≤ 500 ms`);
  line(`app drawn (the read-outs visible, measured when Playwright saw them): ${summary(ready)}`);
}

// 4. Memory: JS heap and wasm memory.
async function memory(query, label, act) {
  const page = await browser.newPage({ viewport: VIEW, deviceScaleFactor: DPR });
  // Keep the app's wasm memory in sight (it is an ArrayBuffer outside the JS heap's count).
  await page.addInitScript(() => {
    for (const name of ['instantiateStreaming', 'instantiate']) {
      const orig = WebAssembly[name];
      WebAssembly[name] = async (...args) => {
        const r = await orig.apply(WebAssembly, args);
        const exports = (r.instance ?? r).exports;
        if (exports?.memory instanceof WebAssembly.Memory) (window.__wasmMemories ??= []).push(exports.memory);
        return r;
      };
    }
  });
  await openApp(page, query);
  if (act) await act(page);
  const playing = /(^|&)play=1/.test(query);
  // Playing, the ticks are painted by a worker (src/ui/stage_worker.rs) with a heap and an
  // instance of the page's wasm of its own: wait for its first frame, then count it too.
  if (playing) await page.waitForFunction(() => document.querySelector('canvas.ticks')?.convscopePainted > 0, null, { timeout: 10000 });
  const cdp = await page.context().newCDPSession(page);
  await page.evaluate(() => window.gc?.());
  const heap = await cdp.send('Runtime.getHeapUsage');
  // The wasm instance's memory is an ArrayBuffer outside the JS heap count: find it.
  // The page's module first; the real-image view's, once it has loaded, second.
  const [wasm = null, view = null] = await page.evaluate(() => (window.__wasmMemories ?? []).map((m) => m.buffer.byteLength));
  const worker = playing ? await workerMemory(page) : null;
  await page.close();
  const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
  const inWorker = worker
    ? `; the ticks' worker: JS heap used ${mb(worker.heap.usedSize)} (of ${mb(worker.heap.totalSize)}), wasm linear memory ${mb(worker.wasm)}; page and worker together: JS heap used ${mb(heap.usedSize + worker.heap.usedSize)}`
    : playing ? '; the ticks\' worker: not found' : '';
  const inView = view == null ? '' : `, the real-image view's ${mb(view)}`;
  line(`memory, ${label}: JS heap used ${mb(heap.usedSize)} (of ${mb(heap.totalSize)})${wasm == null ? '' : `, wasm linear memory ${mb(wasm)}`}${inView}${inWorker}; budget JS heap ≤ 50 MB`);
}

/** The JS heap (CDP, through the browser's session: Playwright gives a worker none) and the
 *  wasm memory of the page's worker, or null when it has none. */
async function workerMemory(page) {
  const w = page.workers()[0];
  if (!w) return null;
  // The worker imported the page's glue; importing it again gives the same module, whose
  // init returns the instance it already has.
  const glue = await page.evaluate(() => new URL(document.querySelector('link[rel=modulepreload][href*=convscope-]').getAttribute('href'), location.href).href);
  const wasm = await w.evaluate(async (url) => { self.gc?.(); const m = await import(url); return (await m.default()).memory.buffer.byteLength; }, glue);
  const browserCdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await browserCdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'worker' && t.url === w.url());
    if (!target) return null;
    const { sessionId } = await browserCdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    const heap = await new Promise((resolve) => {
      browserCdp.on('Target.receivedMessageFromTarget', (e) => {
        const m = JSON.parse(e.message);
        if (e.sessionId === sessionId && m.id === 1) resolve(m.result);
      });
      browserCdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
    });
    await browserCdp.send('Target.detachFromTarget', { sessionId });
    return { heap, wasm };
  } finally {
    await browserCdp.detach();
  }
}

/** The real-image view with as many filters as it takes, its filter size and stride swept. */
async function labAtMost(page) {
  await page.getByTestId('lab').scrollIntoViewIfNeeded();
  await page.getByTestId('lab-map-0').waitFor();
  const add = page.getByTestId('lab-add');
  while (!(await add.isDisabled())) await add.click();
  for (const f of ['5', '7', '3', '7']) {
    await page.getByTestId('lab-f').selectOption(f);
    for (const s of [1, 2, 3, 4, 1]) {
      await page.getByTestId('lab-stride').evaluate((el, v) => {
        el.value = String(v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, s);
    }
    await page.waitForTimeout(200);
  }
  const title = await page.getByTestId('lab-maps-title').textContent();
  if (!title.includes('256 × 256 × 16')) throw new Error(`real-image view is not 256 × 256 × 16: ${title}`);
}

// 5. The real-image view at 256 × 256 × 3 (the built-in test pattern), K = 8, F = 3: a weight
// slider (one map recomputed and repainted) and the stride slider (all eight maps), each
// sample from the input event to the task after the next frame's requestAnimationFrame (wall
// clock), and the main-thread CPU of the tasks in that window (trace thread time).
async function realImage() {
  const page = await browser.newPage({ viewport: VIEW, deviceScaleFactor: DPR });
  await page.goto(`${base}?img=pattern`);
  await page.getByTestId('lab').scrollIntoViewIfNeeded();
  await page.getByTestId('lab-map-0').waitFor();
  const title = await page.getByTestId('lab-maps-title').textContent();
  if (!title.includes('256 × 256 × 8')) throw new Error(`real-image view is not 256 × 256 × 8: ${title}`);
  await page.getByTestId('lab-filter-4').click();
  await page.waitForTimeout(300);
  const run = (testid, values, tag) => page.evaluate(async ({ testid, values, tag }) => {
    const el = document.querySelector(`[data-testid="${testid}"]`);
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const out = [];
    for (const [i, v] of values.entries()) {
      await frame();
      await new Promise((r) => setTimeout(r, 50));
      console.timeStamp(`${tag}-${i}-start`);
      const t0 = performance.now();
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      out.push(performance.now() - t0);
      console.timeStamp(`${tag}-${i}-end`);
    }
    return out;
  }, { testid, values, tag });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const weights = Array.from({ length: 60 }, (_, i) => (Math.sin(i / 5) * 1.5).toFixed(2));
  const wall = await run('lab-slider', weights, 'w');
  // 40 changes: a p95 of 20 samples was their second largest, which moved by 5 ms between runs.
  const strides = Array.from({ length: 40 }, (_, i) => 1 + ((i + 1) % 2));
  const swall = await run('lab-stride', strides, 's');
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  await page.close();
  const stamps = new Map(events.filter((e) => e.name === 'TimeStamp' && e.args?.data?.message)
    .map((e) => [e.args.data.message, e]));
  const first = stamps.get('w-0-start');
  const tasks = events.filter((e) => first && e.pid === first.pid && e.tid === first.tid && e.ph === 'X' && e.name === 'RunTask');
  const cpu = (tag, n) => Array.from({ length: n }, (_, i) => {
    const [a, b] = [stamps.get(`${tag}-${i}-start`).ts, stamps.get(`${tag}-${i}-end`).ts];
    return tasks.filter((t) => t.ts + t.dur >= a && t.ts <= b).reduce((s, t) => s + (t.tdur ?? t.dur), 0) / 1000;
  });
  // Wall clock from the input to the end of the first frame's commit after it (as for the
  // explainer's slider): without the task after the frame that the bench's own end waits for.
  const commits = events.filter((e) => first && e.pid === first.pid && e.tid === first.tid && e.ph === 'X' && e.name === 'Commit')
    .sort((a, b) => a.ts - b.ts);
  const toCommit = (tag, n) => Array.from({ length: n }, (_, i) => {
    const a = stamps.get(`${tag}-${i}-start`).ts;
    const c = commits.find((e) => e.ts > a);
    return c ? (c.ts + c.dur - a) / 1000 : NaN;
  }).filter((x) => !Number.isNaN(x));
  line(`real-image view, 256 × 256 × 3 test pattern, K = 8, F = 3, a weight slider (one map recomputed): input event → repainted frame, wall clock ${summary(wall)}; budget p95 ≤ 16 ms; main-thread CPU ${summary(cpu('w', weights.length))}; wall clock to the frame's commit ${summary(toCommit('w', weights.length))}`);
  line(`real-image view, the stride slider (all 8 maps recomputed): wall clock ${summary(swall)}; main-thread CPU ${summary(cpu('s', strides.length))}; wall clock to the frame's commit ${summary(toCommit('s', strides.length))}`);
}

// 6. The core's conv in this browser (what the real-image view's maps cost at most).
async function coreInBrowser() {
  if (!existsSync(CORE_WASM)) {
    line(`core's conv2d in this Chromium: not run (${CORE_WASM} is not built; make bench-page or bench/run.sh page.mjs builds it)`);
    return;
  }
  const page = await browser.newPage();
  await page.goto(base);
  const bytes = readFileSync(CORE_WASM).toString('base64');
  const times = await page.evaluate(async (b64) => {
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const module = await WebAssembly.compile(bin);
    const imports = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      imports[imp.module] ??= {};
      imports[imp.module][imp.name] = () => { throw new Error('unused import'); };
    }
    const { exports: e } = await WebAssembly.instantiate(module, imports);
    const [d, n, k, f] = [3, 256, 8, 3];
    const put = (len, fill) => {
      const p = e.cs_alloc(len);
      const a = new Float32Array(e.memory.buffer, p, len);
      for (let i = 0; i < len; i++) a[i] = fill(i);
      return p;
    };
    const x = put(d * n * n, (i) => ((i * 7919) % 256) / 255);
    const w = put(k * d * f * f, (i) => Math.sin(i) * 0.1);
    const bias = put(k, () => 0);
    if (e.cs_setup_conv(x, d, n, n, w, bias, k, f, 1, 1) !== 0) throw new Error('setup failed');
    for (let i = 0; i < 10; i++) e.cs_run(0);
    const out = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      e.cs_run(0);
      out.push(performance.now() - t0);
    }
    return out;
  }, bytes);
  await page.close();
  const flops = 2 * 8 * 3 * 9 * 256 * 256;
  line(`the core's conv2d at 256 × 256 × 3, K = 8, F = 3, P = 1 in this Chromium: ${summary(times)} (${(flops / pct(times, 50) / 1e6).toFixed(1)} GFLOP/s at p50)`);
}

// PAGE_ONLY=load,slider,sweep,held,anim,memory,lab,core runs only those parts (a quicker look).
const only = process.env.PAGE_ONLY?.split(',');
const want = (part) => !only || only.includes(part);
try {
  line(`ConvScope page budgets, ${new Date().toISOString()}, Chromium ${browser.version()}, device pixel ratio ${DPR}${process.env.V8_FLAGS ? `, V8 flags ${process.env.V8_FLAGS}` : ''}, dist = ${dist}, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  if (want('load')) await loading();
  if (want('slider')) {
    await sliderLatency('n=64&d=3&k=8&f=5&s=1&p=2&play=1&speed=8', 'N = 64, D = 3, K = 8, F = 5, S = 1, P = 2 (output 64 × 64 × 8), animation running (its ticks count in the CPU figure)');
    await sliderLatency('n=64&d=3&k=8&f=5&s=1&p=2', 'the same, paused');
    await sliderLatency('n=64&d=8&k=8&f=5&s=1&p=2', 'N = 64, D = 8 (the deepest animated), paused');
  }
  if (want('sweep')) {
    await sliderSweep('n=64&d=3&k=8&f=5&s=1&p=0&play=1&speed=8', 'slider-p', 8, 3, 'P 0 → 8 one step at a time, N = 64, D = 3, K = 8, F = 5, S = 1, animation running (three loads)');
    await sliderSweep('n=64&d=3&k=8&f=3&s=1&p=2&play=1&speed=8', 'slider-f', 8, 3, 'F 3 → 11 one step at a time, N = 64, D = 3, K = 8, S = 1, P = 2, animation running (three loads)');
  }
  if (want('held')) {
    await heldKey('n=64&d=3&k=8&f=5&s=1&p=2&play=1&speed=8', 'K 8 → 16 → 8 at a change every 33 ms, N = 64, D = 3, F = 5, animation running');
  }
  if (want('anim')) {
    await animation('play=1&speed=8', 'the lecture example 7 × 7 × 1, F 3, S 2 (numbers drawn), 8 steps/s');
    await animation('n=5&d=3&k=2&f=3&s=2&p=1&play=1&speed=8', 'the CS231n demo 5 × 5 × 3, P 1 (7 × 7 × 3 padded), K 2, F 3, S 2 (numbers drawn), 8 steps/s');
    await animation('n=5&d=3&k=2&f=3&s=2&p=1&play=1&speed=8', 'the CS231n demo scrolled to its dot product (below the fold at 1280 × 860, written only on screen)', showDot);
    await animation('n=32&d=3&k=6&f=5&play=1&speed=8', '32 × 32 × 3, K = 6, F = 5 (no numbers), 8 steps/s');
    await animation('op=pool&n=5&d=2&f=3&s=2&p=1&play=1&speed=8', 'max pooling 3 × 3, S 2, P 1 on 5 × 5 × 2 (numbers drawn), 8 steps/s');
    await animation('play=1&speed=8', 'the lecture example again, after a visit to the real-image view', visitRealImage);
    await animationFloor(null, "the lecture example's step");
    // The demo's stage: 1044 × 640 CSS px at 17 px cells (what the app lays out at 1280 × 860).
    await animationFloor({ n: 5, d: 3, k: 2, f: 3, s: 2, p: 1, cell: 17, w: 1044, h: 640 }, "the CS231n demo's step");
  }
  if (want('memory')) {
    await memory('n=64&d=8&k=16&f=5&p=2', 'the largest animated layer (64 × 64 × 8, K = 16, F = 5)');
    await memory('n=64&d=8&k=16&f=5&p=2&play=1&speed=8', 'the largest animated layer, playing');
    // P 15, S 1: the largest that fits (P 16 with S 16 leaves a remainder, which the page refuses).
    await memory('n=512&d=2048&k=2048&f=31&p=15&s=1', 'the largest the controls allow (512 × 512 × 2048, K = 2048, F = 31, P 15: output 512 × 512 × 2048)');
    await memory('img=pattern', 'the real-image view at its largest (the 256 × 256 test pattern, 16 filters, F and S swept up to 7 and 4)', labAtMost);
  }
  if (want('lab')) await realImage();
  if (want('core')) await coreInBrowser();
} finally {
  await browser.close();
  server.kill();
}
