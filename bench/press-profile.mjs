// Where a slider press's time goes up to its frame, by function: V8's CPU samples (the trace's
// `v8.cpu_profiler` category, 50 µs apart here) taken from each press's task to the end of the
// Commit of its frame, summed per function (self time) and, with INCL, per function on the
// stack (inclusive time), per press. The trace's rendering events in the same windows (Layout,
// Paint, Commit, …) are summed too. `(program)` is the browser's own work outside script:
// style, layout, paint, the canvases' raster.
//
// The page's wasm ships with its function names stripped; for Rust names, profile a build
// whose wasm-opt is off (names kept), e.g.
//   sed 's/data-wasm-opt="z"/data-wasm-opt="0"/' index.html > index-prof.html
//   trunk build --release --offline --dist /tmp/dist-prof index-prof.html
//   node scripts/csp-loader.mjs /tmp/dist-prof
// (unoptimised wasm: the shares move a little; use it to find where the time goes, and an
// optimised build to measure a change, with `bench/alternate.sh` or `bench/slider-trace.mjs`).
//
// Usage: [Q=query] [SLIDER=testid] [PRESSES=n] [LOADS=n] [ALT=1] [DIR=down] [TOP=n] [INCL=n]
//        node bench/press-profile.mjs DIST
//   Q defaults to the P sweep of `bench/page.mjs` (n=64&d=3&k=8&f=5&s=1&p=0&play=1&speed=8),
//   SLIDER to slider-p, PRESSES to 8 a load over LOADS = 3 loads; ALT=1 presses right and left
//   in turn (the K slider's 8 ↔ 9 of `make bench-page`), else every press goes one way.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2];
if (!dist) {
  console.error('usage: [Q=query] [SLIDER=testid] [PRESSES=n] [LOADS=n] [ALT=1] [TOP=n] [INCL=n] node bench/press-profile.mjs DIST');
  process.exit(2);
}
const query = process.env.Q ?? 'n=64&d=3&k=8&f=5&s=1&p=0&play=1&speed=8';
const slider = process.env.SLIDER ?? 'slider-p';
const presses = Number(process.env.PRESSES ?? 8);
const loads = Number(process.env.LOADS ?? 3);
const top = Number(process.env.TOP ?? 30);
const incl = Number(process.env.INCL ?? 0);
const key = (i) => (process.env.ALT ? (i % 2 ? 'ArrowLeft' : 'ArrowRight')
  : process.env.DIR === 'down' ? 'ArrowLeft' : 'ArrowRight');
const RENDERING = ['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit'];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-frame-rate-limit', '--disable-gpu-vsync'],
});
const selfMs = new Map();
const inclMs = new Map();
const events = new Map();
let windows = 0;
let wall = 0;
const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);

/** "kind name": wasm, js (the glue) or native (the browser's own, and Web APIs). */
function label(frame) {
  const kind = frame.url?.includes('wasm') ? 'wasm' : frame.url ? 'js' : 'native';
  return `${kind} ${(frame.functionName || '(anonymous)').slice(0, 110)}`;
}

for (let l = 0; l < loads; l++) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn('node', [join(root, 'tests/browser/serve.mjs'), dist, String(port)], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 400));
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`http://127.0.0.1:${port}/?${query}`);
    await page.getByTestId('output-shape').waitFor();
    await page.waitForTimeout(500);
    await page.getByTestId(slider).focus();
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel',
        'disabled-by-default-v8.cpu_profiler'],
    });
    for (let i = 0; i < presses; i++) {
      await page.keyboard.press(key(i));
      await page.waitForTimeout(500);
    }
    const trace = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    await page.close();
    // The main thread: the renderer thread with the most events.
    let main = [];
    for (const t of trace.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')) {
      const mine = trace.filter((e) => e.pid === t.pid && e.tid === t.tid);
      if (mine.length > main.length) main = mine;
    }
    const { pid, tid } = main[0];
    const tasks = main.filter((e) => e.name === 'RunTask' && e.ph === 'X');
    const commits = main.filter((e) => e.name === 'Commit' && e.ph === 'X').sort((a, b) => a.ts - b.ts);
    // Each press: from its task's start to the end of the first Commit after it.
    const spans = [];
    for (const k of main.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown')) {
      const task = tasks.find((t) => t.ts <= k.ts && k.ts <= t.ts + t.dur);
      const commit = commits.find((c) => c.ts > k.ts);
      if (task && commit) spans.push([task.ts, commit.ts + commit.dur]);
    }
    const inside = (ts) => spans.some(([a, b]) => ts >= a && ts < b);
    windows += spans.length;
    wall += spans.reduce((s, [a, b]) => s + (b - a) / 1000, 0);
    for (const e of main) {
      if (e.ph === 'X' && RENDERING.includes(e.name) && inside(e.ts)) add(events, e.name, (e.tdur ?? e.dur) / 1000);
    }
    // The main thread's profile: its nodes arrive in chunks, its samples as time deltas.
    const ids = new Set(trace.filter((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid).map((e) => e.id));
    const nodes = new Map();
    const samples = [];
    const clock = new Map();
    for (const e of trace.filter((x) => ids.has(x.id)).sort((a, b) => a.ts - b.ts)) {
      const d = e.args.data;
      if (e.name === 'Profile') {
        clock.set(e.id, d.startTime);
        continue;
      }
      for (const n of d.cpuProfile?.nodes ?? []) nodes.set(`${e.id}:${n.id}`, n);
      let ts = clock.get(e.id);
      (d.timeDeltas ?? []).forEach((dt, i) => {
        ts += dt;
        samples.push([ts, e.id, d.cpuProfile.samples[i]]);
      });
      clock.set(e.id, ts);
    }
    samples.sort((a, b) => a[0] - b[0]);
    for (let i = 0; i + 1 < samples.length; i++) {
      const [ts, id, node] = samples[i];
      let n = nodes.get(`${id}:${node}`);
      if (!n || !inside(ts) || n.callFrame.functionName === '(idle)') continue;
      const ms = (samples[i + 1][0] - ts) / 1000;
      add(selfMs, label(n.callFrame), ms);
      const seen = new Set();
      for (; n; n = n.parent === undefined ? null : nodes.get(`${id}:${n.parent}`)) {
        const k = label(n.callFrame);
        if (!seen.has(k)) add(inclMs, k, ms);
        seen.add(k);
      }
    }
  } finally {
    server.kill();
  }
}
await browser.close();

const per = (ms) => (ms / windows).toFixed(3).padStart(8);
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
console.log(`${query}, ${slider}: ${windows} presses, from the press's task to its frame's commit: wall clock ${(wall / windows).toFixed(1)} ms, sampled ${(total / windows).toFixed(1)} ms a press`);
console.log(`rendering events: ${[...events].map(([k, v]) => `${k} ${(v / windows).toFixed(2)}`).join(', ')}`);
console.log('self time a press (ms):');
for (const [k, v] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(per(v), k);
if (incl) {
  console.log('inclusive time a press (ms):');
  for (const [k, v] of [...inclMs].sort((a, b) => b[1] - a[1]).slice(0, incl)) console.log(per(v), k);
}
