// The animation's CPU on both threads: traces DUR ms (6000) of an animation in headless
// Chromium and prints, per build, the CPU (thread time of every task) of the worker that
// paints the ticks (src/ui/stage_worker.rs) and of the page's main thread, per 125 ms (one step
// at 8 steps/s). `bench/step-breakdown.mjs` sees the main thread only; the worker shares the
// machine's two cores with it. Builds alternate within a round: compare within one run only.
//
// Usage: [Q=query] [DUR=ms] [ROUNDS=n] node bench/worker-cpu.mjs DIST [DIST…]
//   Q defaults to the 64 × 64 × 3 layer playing (n=64&d=3&k=8&f=5&s=1&p=2&play=1&speed=8).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv.length < 3) {
  console.error('usage: [Q=query] [DUR=ms] [ROUNDS=n] node bench/worker-cpu.mjs DIST [DIST…]');
  process.exit(2);
}
const q = process.env.Q ?? 'n=64&d=3&k=8&f=5&s=1&p=2&play=1&speed=8';
const dur = Number(process.env.DUR ?? 6000);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-frame-rate-limit', '--disable-gpu-vsync'] });
for (let round = 0; round < Number(process.env.ROUNDS ?? 2); round++) {
  for (const dist of process.argv.slice(2)) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const srv = spawn('node', [join(root, 'tests/browser/serve.mjs'), dist, String(port)], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 400));
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: Number(process.env.DPR ?? 1) });
    await page.goto(`http://127.0.0.1:${port}/?${q}`);
    await page.getByTestId('output-shape').waitFor();
    await page.waitForTimeout(2000);
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] });
    await page.waitForTimeout(dur);
    const ev = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    const names = ev.filter((e) => e.name === 'thread_name');
    const sum = (pred) => {
      const ths = names.filter(pred);
      let best = 0;
      for (const t of ths) {
        const cpu = ev.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X' && e.name === 'RunTask').reduce((a, e) => a + (e.tdur ?? e.dur) / 1000, 0);
        best = Math.max(best, cpu);
      }
      return best;
    };
    const ticks = ev.filter((e) => e.name === 'TimerFire').length;
    const worker = sum((t) => t.args?.name === 'DedicatedWorker thread');
    const main = sum((t) => t.args?.name === 'CrRendererMain');
    console.log(`${dist}: ${ticks} timer fires; worker CPU ${(worker / dur * 125).toFixed(2)} ms per 125 ms, main ${(main / dur * 125).toFixed(2)} ms per 125 ms`);
    await page.close(); srv.kill();
  }
}
await browser.close();
