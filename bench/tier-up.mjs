// Which wasm functions V8 compiles with its optimising tier (TurboFan) while a slider is pressed.
// V8 runs a wasm function first as Liftoff's quick code and compiles it again, on a background
// thread, once it has run enough; on a 2-core machine that job takes a core from the page while
// it draws a change. This loads the page in headless Chromium with V8's
// `--trace-wasm-compilation-times`, presses the K slider (8 ↔ 9, 700 ms apart, animation
// running, as `bench/page.mjs` does), and prints every TurboFan compile longer than MIN ms in
// order, between the presses, with the function's name when the wasm keeps them, then the
// compile time that fell within WINDOW ms after a press.
//
// For names, build with `-g` added to the page's `data-wasm-opt-params` (the same code, plus a
// name section):
//   sed 's/--strip-target-features"/--strip-target-features -g"/' index.html > index-names.html
//   trunk build --release --offline --dist /tmp/dist-names index-names.html
//   node scripts/csp-loader.mjs /tmp/dist-names
//
// Usage: [Q=query] [SLIDER=testid] [PRESSES=n] [MIN=ms] [WINDOW=ms] [FLAGS=v8-flags]
//        node bench/tier-up.mjs DIST
//   FLAGS adds V8 flags, e.g. "--no-liftoff --no-wasm-lazy-compilation" (everything compiled
//   with TurboFan as the module loads: then nothing is compiled during the presses).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2];
if (!dist) {
  console.error('usage: [Q=query] [SLIDER=testid] [PRESSES=n] [MIN=ms] [WINDOW=ms] [FLAGS=v8-flags] node bench/tier-up.mjs DIST');
  process.exit(2);
}
const query = process.env.Q ?? 'n=64&d=3&k=8&f=5&s=1&p=2&play=1&speed=8';
const slider = process.env.SLIDER ?? 'slider-k';
const presses = Number(process.env.PRESSES ?? 16);
const min = Number(process.env.MIN ?? 1);
const window = Number(process.env.WINDOW ?? 30);

/** The page wasm's function names by index (its name section), if it has one. */
function functionNames() {
  const file = readdirSync(dist).find((f) => /^convscope-[0-9a-f]+_bg\.wasm$/.test(f));
  const b = file ? readFileSync(join(dist, file)) : Buffer.alloc(0);
  const names = new Map();
  let i = 8;
  const leb = () => {
    let r = 0;
    for (let s = 0; ; s += 7) {
      const x = b[i++];
      r += (x & 0x7f) * 2 ** s;
      if (x < 0x80) return r;
    }
  };
  while (i < b.length) {
    const id = b[i++];
    const end = leb() + i;
    if (id === 0) {
      const len = leb();
      if (b.toString('utf8', i, i + len) === 'name') {
        i += len;
        while (i < end) {
          const sub = b[i++];
          const subEnd = leb() + i;
          if (sub === 1) {
            for (let n = leb(); n > 0; n--) {
              const index = leb();
              const l = leb();
              names.set(index, b.toString('utf8', i, i + l));
              i += l;
            }
          }
          i = subEnd;
        }
      }
    }
    i = end;
  }
  return names;
}

const port = 20000 + Math.floor(Math.random() * 20000);
const server = spawn('node', [join(root, 'tests/browser/serve.mjs'), dist, String(port)], { stdio: 'ignore' });
const profile = mkdtempSync(join(tmpdir(), 'convscope-tier-up-'));
// Chromium started by hand, not by Playwright: V8's trace goes to the renderer's stdout.
const chrome = spawn('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-frame-rate-limit', '--disable-gpu-vsync', `--remote-debugging-port=${port + 1}`,
  `--user-data-dir=${profile}`, `--js-flags=--trace-wasm-compilation-times ${process.env.FLAGS ?? ''}`,
  'about:blank'], { stdio: ['ignore', 'pipe', 'pipe'] });
const t0 = performance.now();
const events = []; // [ms, kind, detail]
const read = (data) => {
  for (const line of data.toString().split('\n')) {
    const m = line.match(/#(\d+) using TurboFan, took (\d+) μs/);
    if (m && Number(m[2]) / 1000 >= min) events.push([performance.now() - t0, 'compile', Number(m[1]), Number(m[2]) / 1000]);
  }
};
chrome.stdout.on('data', read);
chrome.stderr.on('data', read);
let browser;
try {
  for (let tries = 0; !browser; tries++) {
    await new Promise((r) => setTimeout(r, 500));
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port + 1}`).catch((e) => {
      if (tries > 20) throw e;
    });
  }
  const page = await browser.contexts()[0].newPage();
  await page.setViewportSize({ width: 1280, height: 860 });
  events.push([performance.now() - t0, 'load']);
  await page.goto(`http://127.0.0.1:${port}/?${query}`);
  await page.getByTestId('output-shape').waitFor();
  events.push([performance.now() - t0, 'shown']);
  await page.waitForTimeout(500);
  await page.getByTestId(slider).focus();
  for (let i = 0; i < presses; i++) {
    events.push([performance.now() - t0, 'press', i]);
    await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
    await page.waitForTimeout(700);
  }
  await new Promise((r) => setTimeout(r, 300));
} finally {
  await browser?.close();
  chrome.kill();
  server.kill();
  rmSync(profile, { recursive: true, force: true });
}

// A compile line is written when the job ends: it ran during [end − took, end].
const names = functionNames();
const pressAt = events.filter((e) => e[1] === 'press').map((e) => e[0]);
let during = 0;
let jobs = 0;
for (const [ms, kind, a, took] of events.sort((x, y) => x[0] - y[0])) {
  if (kind !== 'compile') {
    console.log(`${ms.toFixed(0).padStart(6)} ms  == ${kind}${kind === 'press' ? ` ${a}` : ''}`);
    continue;
  }
  const start = ms - took;
  const overlap = pressAt.reduce((s, p) => s + Math.max(0, Math.min(ms, p + window) - Math.max(start, p)), 0);
  during += overlap;
  if (overlap > 0) jobs++;
  const name = names.get(a) ?? `wasm-function #${a}`;
  console.log(`${ms.toFixed(0).padStart(6)} ms  TurboFan ${took.toFixed(1).padStart(5)} ms  ${overlap > 0 ? '*' : ' '} ${name.slice(0, 110)}`);
}
console.log(`${query}, ${slider}: ${presses} presses; TurboFan compiles (≥ ${min} ms) overlapping the ${window} ms after a press: ${jobs} jobs, ${during.toFixed(1)} ms (* above)`);
