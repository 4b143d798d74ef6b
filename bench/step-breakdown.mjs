// Where an animation step's main-thread time goes: traces 6 s of the animation in headless
// Chromium and prints, per build, the CPU per step (every task from one tick to the next, as
// `bench/page.mjs` counts it) and the mean self time per step of each trace event kind
// (FunctionCall = script, Layout, Paint, …; "(task overhead)" is task time no event covers,
// mostly the canvas's frame being produced). With PHASE=n (9 for the CS231n demo: 3 × 3
// positions per map), it also prints what the costliest step of every n (the one that changes
// filter) spends beyond the others. Compare builds within one run only: the machine is noisy.
//
// Usage: [Q=query] [PHASE=n] [CSS=rules] [ROUNDS=n] [SLOW=ms] [DUR=ms] [PAIR=1] node bench/step-breakdown.mjs DIST [DIST…] [floor] [floor-worker]
//   Q defaults to the CS231n demo (n=5&d=3&k=2&f=3&s=2&p=1&play=1&speed=8); "floor" measures
//   bench/floor.html set up as that demo (the same work written by hand). DUR is how long each
//   load is traced (6000 ms: 47 steps of the demo); a longer trace narrows a build's spread.
//   "floor-worker" is the floor with its canvas painted in a worker (floor.html with
//   floorConfig.worker: what the main thread would keep with the stage painted off it).
//   PAIR=1 opens every build's page at once and traces them together (a renderer each), so a
//   change in the machine's speed between loads, ±0.3 ms here, falls on all of them alike; two
//   copies of one build then differ by ~0.1 ms over six rounds. With PAIR=1 the order the
//   pages open in turns round each round (make ROUNDS a multiple of the number of builds): on
//   the slower Intel host the page opened second was measured ~0.2 ms slower. Without PAIR the
//   builds load one after another in the order given.
// To find what a part of the page costs, build a variant without it (say, the stage's paint
// effect made a no-op) and run both: the difference is that part's whole cost, script and
// rendering, which a sampling profile of wasm does not show.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builds = process.argv.slice(2);
if (builds.length === 0) {
  console.error('usage: [Q=query] [PHASE=n] node bench/step-breakdown.mjs DIST [DIST…] [floor]');
  process.exit(2);
}
const query = process.env.Q ?? 'n=5&d=3&k=2&f=3&s=2&p=1&play=1&speed=8';
const phase = Number(process.env.PHASE ?? 0);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-frame-rate-limit', '--disable-gpu-vsync'],
});

const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'];

/** Per step of one page: its CPU (ms) and a Map of event name → self CPU (ms). */
async function steps(open) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: Number(process.env.DPR ?? 1) });
  await open(page);
  await browser.startTracing(page, { categories });
  await page.waitForTimeout(Number(process.env.DUR ?? 6000));
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  await page.close();
  return analyse(events, null);
}

/** The same for several pages running at once in one trace (PAIR=1), in `opens`' order. */
async function pairedSteps(opens) {
  const pages = [];
  for (const open of opens) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: Number(process.env.DPR ?? 1) });
    await open(page);
    pages.push(page);
  }
  await browser.startTracing(pages[0], { categories });
  // Each page marks the trace from its own renderer, which names that renderer's process.
  for (const [i, page] of pages.entries()) await page.evaluate((i) => console.timeStamp(`step-breakdown page ${i}`), i);
  await pages[0].waitForTimeout(Number(process.env.DUR ?? 6000));
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const out = pages.map((_, i) => {
    const mark = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === `step-breakdown page ${i}`);
    if (!mark) throw new Error(`page ${i} left no mark in the trace`);
    return analyse(events, mark.pid);
  });
  if (new Set(out.map((o) => o.pid)).size < out.length) throw new Error('two pages shared a renderer process');
  for (const page of pages) await page.close();
  return out.map((o) => o.steps);
}

/** Splits a trace's renderer main thread (process `pid`, or else the busiest) into steps. */
function analyse(events, pid) {
  // The renderer's main thread: the CrRendererMain with the most events.
  let main = [];
  for (const m of events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && (pid === null || e.pid === pid))) {
    const mine = events.filter((e) => e.pid === m.pid && e.tid === m.tid);
    if (mine.length > main.length) main = mine;
  }
  const xs = main.filter((e) => e.ph === 'X').sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tasks = xs.filter((e) => e.name === 'RunTask');
  const cpu = (e) => (e.tdur ?? e.dur) / 1000;
  const self = tasks.map(() => new Map());
  const tick = tasks.map(() => false);
  let t = 0;
  let stack = [];
  let at = -1;
  for (const e of xs) {
    if (e.name === 'RunTask') continue;
    while (t < tasks.length && tasks[t].ts + tasks[t].dur < e.ts) t++;
    if (t >= tasks.length || e.ts < tasks[t].ts) continue;
    if (t !== at) [at, stack] = [t, []];
    if (e.name === 'TimerFire') tick[t] = true;
    while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
    const m = self[t];
    // Self time: an event's CPU less its children's.
    if (stack.length) {
      const parent = stack[stack.length - 1].name;
      m.set(parent, (m.get(parent) ?? 0) - cpu(e));
    }
    m.set(e.name, (m.get(e.name) ?? 0) + cpu(e));
    stack.push({ name: e.name, end: e.ts + e.dur });
  }
  const ticks = tasks.map((_, i) => i).filter((i) => tick[i]);
  const out = [];
  for (let n = 0; n + 1 < ticks.length; n++) {
    const m = new Map();
    let total = 0;
    for (let j = ticks[n]; j < ticks[n + 1]; j++) {
      let covered = 0;
      for (const [k, v] of self[j]) {
        m.set(k, (m.get(k) ?? 0) + v);
        covered += v;
      }
      total += cpu(tasks[j]);
      m.set('(task overhead)', (m.get('(task overhead)') ?? 0) + cpu(tasks[j]) - covered);
    }
    out.push({ total, m });
  }
  return pid === null ? out : { pid, steps: out };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const mean = (ss, f) => ss.reduce((a, s) => a + f(s), 0) / ss.length;
// How to open each build: one server per build, whatever the number of rounds.
const servers = [];
const openers = new Map();
for (const b of new Set(builds)) {
  let open;
  if (b === 'floor' || b === 'floor-worker') {
    const html = readFileSync(join(root, 'bench/floor.html'), 'utf8');
    // FLOOR=lecture: the floor's own default, the lecture example (Q='play=1&speed=8' beside it).
    const demo = process.env.FLOOR === 'lecture' ? {} : { n: 5, d: 3, k: 2, f: 3, s: 2, p: 1, cell: 17, w: 1044, h: 640 };
    const config = b === 'floor-worker' ? { ...demo, worker: true } : demo;
    open = async (page) => {
      await page.setContent(html.replace('<script id="floor-shared">', `<script>window.floorConfig = ${JSON.stringify(config)};</script>$&`));
      await page.waitForTimeout(300);
    };
  } else {
    const port = 20000 + Math.floor(Math.random() * 20000);
    servers.push(spawn('node', [join(root, 'tests/browser/serve.mjs'), b, String(port)], { stdio: 'ignore' }));
    await new Promise((r) => setTimeout(r, 400));
    open = async (page) => {
      await page.goto(`http://127.0.0.1:${port}/?${query}`);
      await page.getByTestId('output-shape').waitFor();
      // CSS=… adds a style sheet to the page (to try a rule without a build).
      if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
      await page.waitForTimeout(Number(process.env.WARM ?? 1000));
    };
  }
  openers.set(b, open);
}
// ROUNDS=n measures the builds in turn n times and ends with each build's mean over the rounds.
const rounds = Number(process.env.ROUNDS ?? 1);
const seen = new Map();
// PAIR=1 runs the builds' pages at the same time, in one trace (one renderer each): the
// machine's drift between loads then falls on every build alike.
const pair = process.env.PAIR === '1';
for (let round = 0; round < rounds; round++) {
  // The pages are opened in turn and the later ones measured a little slower (a build paired
  // with a copy of itself: mean +0.2 ms, p95 +0.9 ms), so each round rotates the order.
  const shift = round % builds.length;
  const order = builds.map((_, i) => (i + shift) % builds.length);
  const inOrder = pair ? await pairedSteps(order.map((i) => openers.get(builds[i]))) : null;
  const paired = inOrder ? builds.map((_, i) => inOrder[order.indexOf(i)]) : null;
  for (const [i, b] of builds.entries()) {
  const ss = paired ? paired[i] : await steps(openers.get(b));
  const totals = ss.map((s) => s.total);
  // By place, not name: the same build given twice (a check of the noise) stays two.
  if (!seen.has(i)) seen.set(i, []);
  seen.get(i).push([pct(totals, 50), pct(totals, 95), mean(ss, (s) => s.total), mean(ss, (s) => s.m.get('FunctionCall') ?? 0)]);
  console.log(`== ${b}: CPU per step p50 ${pct(totals, 50).toFixed(2)} ms, p95 ${pct(totals, 95).toFixed(2)} ms, mean ${mean(ss, (s) => s.total).toFixed(2)} ms (n = ${ss.length})`);
  // SLOW=ms lists the steps above that many ms, by their place in the trace.
  if (process.env.SLOW) console.log(`   steps over ${process.env.SLOW} ms: ${totals.map((x, i) => [i, x]).filter(([, x]) => x > Number(process.env.SLOW)).map(([i, x]) => `#${i} ${x.toFixed(1)}`).join(', ')}`);
  const names = new Set(ss.flatMap((s) => [...s.m.keys()]));
  const per = [...names].map((k) => [k, mean(ss, (s) => s.m.get(k) ?? 0)]).sort((a, b) => b[1] - a[1]);
  for (const [k, v] of per.slice(0, 12)) console.log(`   ${v.toFixed(3)} ms  ${k}`);
  if (phase > 1) {
    // The first two steps are left out (the trace starts mid-step).
    const groups = [...Array(phase)].map((_, j) => ss.filter((_, i) => i > 1 && i % phase === j));
    const hi = groups.map((g) => mean(g, (s) => s.total)).reduce((b2, v, j, a) => (v > a[b2] ? j : b2), 0);
    const rest = ss.filter((_, i) => i > 1 && i % phase !== hi);
    const byPhase = groups.map((_, j) => mean(groups[(hi + j) % phase], (s) => s.total).toFixed(2)).join(', ');
    console.log(`   each step of ${phase} in turn, from the costliest: ${byPhase} ms`);
    console.log(`   costliest step of every ${phase}: ${mean(groups[hi], (s) => s.total).toFixed(2)} ms against ${mean(rest, (s) => s.total).toFixed(2)} ms; beyond the others:`);
    for (const k of names) {
      const d = mean(groups[hi], (s) => s.m.get(k) ?? 0) - mean(rest, (s) => s.m.get(k) ?? 0);
      if (Math.abs(d) >= 0.02) console.log(`     ${d >= 0 ? '+' : ''}${d.toFixed(3)} ms  ${k}`);
    }
  }
  }
}
if (rounds > 1) {
  for (const [i, rs] of seen) {
    const b = builds[i];
    const avg = (j) => (rs.reduce((a, r) => a + r[j], 0) / rs.length).toFixed(2);
    console.log(`mean of ${rs.length} rounds, ${b}: p50 ${avg(0)} ms, p95 ${avg(1)} ms, mean ${avg(2)} ms, script ${avg(3)} ms`);
  }
}
await browser.close();
for (const s of servers) s.kill();
