// The kernel benchmark (issue #6): ConvScope's core (wasm, simd128) against TF.js wasm
// (XNNPACK), TF.js cpu, convnetjs and a naive JS loop, in one Node process.
// Usage: make bench   (or: node bench/bench.mjs [--quick] [--only A,B] after make bench-wasm)
// CORE_BASELINE=file.wasm bench/run.sh bench.mjs also times another build of the core (before/after).
//
// Per workload: each peer's output is first checked against the core's; then every peer is
// warmed up (V8 tiers wasm and JS up over the first calls), then samples are taken
// round-robin (core, tfjs-wasm, tfjs-cpu, convnetjs, naive, core, …) so drift and noise hit
// every peer alike: the peers whose sample takes at most ~40 ms each take one in every one
// of the same ROUNDS rounds; slower ones stop at MIN_SAMPLES once past their time budget.
// A sample times `reps` back-to-back calls (reps chosen so a sample lasts about 20 ms) and
// counts their mean. Reported: min and median GFLOP/s over the samples.
import os from 'node:os';
import {
  WORKLOADS, operands, loadCore, loadTf, convnetPeer, naivePeer, compare,
} from './peers.mjs';

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.split('=')[1] ?? process.argv[process.argv.indexOf(onlyArg) + 1]).split(',') : null;
const SAMPLE_MS = 20;
const MIN_SAMPLES = quick ? 5 : 15;
const BUDGET_MS = quick ? 1500 : 6000; // per peer and workload, after warm-up
const ROUNDS = BUDGET_MS / SAMPLE_MS; // samples of each fast peer (see below): ~BUDGET_MS each

const core = await loadCore();
// CORE_BASELINE=path/to/other.wasm adds that build of the core as one more peer, so a change
// to the kernel is timed against the code before it in the same run (PERFORMANCE.md).
const baseline = process.env.CORE_BASELINE ? await loadCore(process.env.CORE_BASELINE) : null;
const tf = await loadTf();
// The peak is taken again at the end and the larger kept (a busy machine only lowers it).
let peak = core.peak();
console.log(`node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} cores`);
console.log(tf.info);
console.log(`wasm SIMD peak at the start (f32x4 mul+add loop, one thread): ${peak.toFixed(1)} GFLOP/s\n`);

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rows = [];
let failures = 0;
for (const w of WORKLOADS) {
  if (only && !only.includes(w.id)) continue;
  const ops = operands(w);
  const peers = [
    { name: 'ConvScope core', p: core.peer(w, ops) },
    ...(w.op === 'pool' ? [{ name: 'core, with argmax', p: core.peer(w, ops, 'argmax') }] : []),
    ...(w.k === 1 ? [{ name: 'core, conv2d', p: core.peer(w, ops, 'conv2d') }] : []),
    ...(baseline ? [{ name: 'core, baseline', p: baseline.peer(w, ops) }] : []),
    { name: 'tfjs-wasm', p: await tf.peer('wasm', w, ops) },
    { name: 'tfjs-cpu', p: await tf.peer('cpu', w, ops) },
    { name: 'convnetjs', p: convnetPeer(w, ops) },
    { name: 'naive JS', p: naivePeer(w, ops) },
  ];
  const want = peers[0].p.output();
  for (const peer of peers) {
    if (peer.p.activate) await peer.p.activate();
    const r = compare(peer.name, w, want, peer.p.output());
    peer.check = r.ok ? 'ok' : `WRONG (max rel diff ${r.worst.toExponential(1)})`;
    if (!r.ok) failures++;
    // Warm-up: at least 5 calls and 200 ms; then reps for a ~20 ms sample, from the median
    // of three calls after it (the warm-up's mean carries the first, slow calls).
    const t0 = performance.now();
    let calls = 0;
    while (calls < 5 || performance.now() - t0 < 200) { peer.p.run(); calls++; }
    const one = median([0, 1, 2].map(() => { const t = performance.now(); peer.p.run(); return performance.now() - t; }));
    peer.reps = Math.max(1, Math.round(SAMPLE_MS / one));
    // A peer whose sample is a few tens of ms at most takes a sample in each of the same
    // ROUNDS rounds as every other such peer, so their samples stay side by side to the
    // end. (With a time budget each, tfjs-wasm on C, whose sample was one call of 14 ms
    // where the core's was two of 11, took 451 rounds to the core's 296, and its last third
    // ran with no peer beside it, later in the run; in one run the peak loop measured 19.6
    // GFLOP/s at the start and 28.8 at the end.)
    peer.fast = one * peer.reps <= 2 * SAMPLE_MS;
    peer.samples = [];
    peer.spent = 0;
  }
  // Round-robin samples: ROUNDS of them for the fast peers; a slow peer samples until it
  // has MIN_SAMPLES and has spent its budget (it stops at MIN_SAMPLES once over budget).
  for (let round = 0; ; round++) {
    let busy = false;
    for (const peer of peers) {
      if (peer.fast && round >= ROUNDS) continue;
      if (!peer.fast && peer.samples.length >= MIN_SAMPLES && peer.spent >= BUDGET_MS) continue;
      if (peer.samples.length >= MIN_SAMPLES && peer.spent + peer.spent / peer.samples.length > 4 * BUDGET_MS) continue;
      busy = true;
      if (peer.p.activate) await peer.p.activate();
      const t0 = performance.now();
      for (let i = 0; i < peer.reps; i++) peer.p.run();
      const ms = performance.now() - t0;
      peer.spent += ms;
      peer.samples.push(ms / peer.reps);
    }
    if (!busy) break;
  }
  for (const peer of peers) {
    const rates = peer.samples.map((ms) => w.flops / (ms * 1e6));
    rows.push({
      w, name: peer.name, check: peer.check, n: peer.samples.length,
      min: Math.min(...rates), med: median(rates), ms: median(peer.samples),
    });
  }
}

peak = Math.max(peak, core.peak());
console.log(`wasm SIMD peak, best of start and end: ${peak.toFixed(1)} GFLOP/s`);
const unit = (w) => (w.op === 'conv' ? 'GFLOP/s' : 'Gcmp/s');
console.log('| workload | peer | output | samples | median ms | min | median | median / wasm-SIMD peak |');
console.log('|---|---|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const share = r.w.op === 'conv' ? `${((100 * r.med) / peak).toFixed(0)} %` : '—';
  console.log(`| ${r.w.id}: ${r.w.what} | ${r.name} | ${r.check} | ${r.n} | ${r.ms.toFixed(r.ms < 1 ? 4 : 2)} | ${r.min.toFixed(2)} | ${r.med.toFixed(2)} ${unit(r.w)} | ${share} |`);
}
console.log('\nCore against tfjs-wasm (medians, same run):');
for (const w of WORKLOADS) {
  const a = rows.find((r) => r.w === w && r.name === 'ConvScope core');
  const b = rows.find((r) => r.w === w && r.name === 'tfjs-wasm');
  if (!a || !b) continue;
  const ratio = a.med / b.med;
  const base = rows.find((r) => r.w === w && r.name === 'core, baseline');
  const vs = base ? `; baseline ${(base.med / b.med).toFixed(2)}×, core over baseline ${(a.med / base.med).toFixed(2)}×` : '';
  console.log(`  ${w.id}: ${ratio.toFixed(2)}× ${ratio >= 1 ? '(at or above)' : '(BEHIND)'}${vs}`);
}
if (failures) {
  console.log(`\n${failures} peer output(s) disagree with the core`);
  process.exit(1);
}
