// What a slider change costs the main thread, traced: K-slider presses (K 8 ↔ 9) at 64 × 64 × 3,
// F 5, S 1, P 2 with the animation running, 700 ms apart, in headless Chromium. Per press (the
// first three left out: V8 is still tiering the wasm up) it takes, from the key's task to the end
// of its frame's Commit, the main thread's CPU (thread time of every task) and the wall clock;
// and the main thread's CPU in the 150 ms after that commit (the charts painted after the frame,
// and the animation's next tick). It prints each build's figures per round and their means
// over the rounds, with the mean self time per press of each trace event kind up to the commit.
// Builds alternate within a round, and the one going first turns round each round: the machine
// is noisy, so compare builds within one run only.
//
// Usage: [Q=query] [ROUNDS=n] [PRESSES=n] [DPR=2] node bench/slider-trace.mjs DIST [DIST…]
//   Q defaults to n=64&d=3&k=8&f=5&s=1&p=2&play=1&speed=8 (`bench/page.mjs`'s running slider);
//   ROUNDS defaults to 3, PRESSES to 21.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builds = process.argv.slice(2);
if (builds.length === 0) {
  console.error('usage: [Q=query] [ROUNDS=n] [PRESSES=n] node bench/slider-trace.mjs DIST [DIST…]');
  process.exit(2);
}
const query = process.env.Q ?? 'n=64&d=3&k=8&f=5&s=1&p=2&play=1&speed=8';
const rounds = Number(process.env.ROUNDS ?? 3);
const presses = Number(process.env.PRESSES ?? 21);
const AFTER_MS = 150;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-frame-rate-limit', '--disable-gpu-vsync'],
});

const sorted = (a) => [...a].sort((x, y) => x - y);
const pct = (a, q) => sorted(a)[Math.min(a.length - 1, Math.ceil(q * a.length) - 1)];
const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;

/** One load of `dist`: per press, CPU and wall clock to the commit, CPU after it, self times. */
async function trace(dist) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn('node', [join(root, 'tests/browser/serve.mjs'), dist, String(port)], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 400));
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: Number(process.env.DPR ?? 1) });
    await page.goto(`http://127.0.0.1:${port}/?${query}`);
    await page.getByTestId('output-shape').waitFor();
    await page.waitForTimeout(1500);
    await page.getByTestId('slider-k').focus();
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] });
    for (let i = 0; i < presses; i++) {
      await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
      await page.waitForTimeout(700);
    }
    const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    await page.close();
    return analyse(events);
  } finally {
    server.kill();
  }
}

function analyse(events) {
  // The renderer's main thread with the most events is the page's.
  let main = [];
  for (const m of events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')) {
    const mine = events.filter((e) => e.pid === m.pid && e.tid === m.tid);
    if (mine.length > main.length) main = mine;
  }
  const xs = main.filter((e) => e.ph === 'X').sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tasks = xs.filter((e) => e.name === 'RunTask');
  const cpu = (e) => (e.tdur ?? e.dur) / 1000;
  const keys = tasks.filter((t) => xs.some((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown'
    && e.ts >= t.ts && e.ts <= t.ts + t.dur));
  const out = { toCommit: [], wall: [], after: [], self: new Map() };
  for (const key of keys.slice(3)) {
    const commit = xs.find((e) => e.name === 'Commit' && e.ts > key.ts);
    if (!commit) continue;
    const end = commit.ts + commit.dur;
    let total = 0;
    // Self time by event kind: an event's time less its children's.
    const stack = [];
    for (const e of xs.filter((e) => e.ts >= key.ts && e.ts < end)) {
      if (e.name === 'RunTask') {
        total += cpu(e);
        stack.length = 0;
      } else {
        while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) out.self.set(parent.name, (out.self.get(parent.name) ?? 0) - cpu(e));
      }
      const name = e.name === 'RunTask' ? '(task)' : e.name;
      out.self.set(name, (out.self.get(name) ?? 0) + cpu(e));
      stack.push({ name, end: e.ts + e.dur });
    }
    out.toCommit.push(total);
    out.wall.push((end - key.ts) / 1000);
    out.after.push(tasks.filter((t) => t.ts >= end && t.ts < end + AFTER_MS * 1000).reduce((a, t) => a + cpu(t), 0));
  }
  return out;
}

const all = builds.map(() => ({ toCommit: [], wall: [], after: [], self: new Map(), n: 0 }));
const line = (r) => `CPU to the commit p50 ${pct(r.toCommit, 0.5).toFixed(1)} p95 ${pct(r.toCommit, 0.95).toFixed(1)} ms; `
  + `wall clock to the commit p50 ${pct(r.wall, 0.5).toFixed(1)} p95 ${pct(r.wall, 0.95).toFixed(1)}; `
  + `CPU in the ${AFTER_MS} ms after the commit mean ${mean(r.after).toFixed(1)} p95 ${pct(r.after, 0.95).toFixed(1)} (n = ${r.toCommit.length})`;
console.log(`ConvScope slider trace, ${new Date().toISOString()}, ?${query}, ${rounds} rounds of ${presses} presses`);
try {
  for (let round = 0; round < rounds; round++) {
    const order = builds.map((_, i) => (i + round) % builds.length);
    for (const i of order) {
      const r = await trace(builds[i]);
      console.log(`round ${round + 1}, ${builds[i]}: ${line(r)}`);
      const a = all[i];
      for (const k of ['toCommit', 'wall', 'after']) a[k].push(...r[k]);
      for (const [k, v] of r.self) a.self.set(k, (a.self.get(k) ?? 0) + v);
      a.n += r.toCommit.length;
    }
  }
  for (const [i, a] of all.entries()) {
    console.log(`== ${builds[i]}, all rounds: ${line(a)}`);
    for (const [k, v] of [...a.self].sort((x, y) => y[1] - x[1]).slice(0, 8)) {
      console.log(`   ${(v / a.n).toFixed(2)} ms  ${k}`);
    }
  }
} finally {
  await browser.close();
}
