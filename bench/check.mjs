// Correctness of the kernel benchmark, without timing anything (scripts/test.sh runs it):
// on the small workloads (A, B, and C to H cut down to test size), every peer's output must
// equal the core's within tolerance, and the core's fast path must equal its scalar
// reference bit for bit. Usage: node bench/check.mjs [--all] (--all: every full workload).
import {
  WORKLOADS, operands, loadCore, loadTf, convnetPeer, naivePeer, compare,
} from './peers.mjs';

const all = process.argv.includes('--all');
const small = (w) => {
  if (all || w.id === 'A' || w.id === 'B') return w;
  // The same layer on a smaller input, so the check stays quick.
  // F on 71 × 71: four whole 16-column tiles of the one-filter kernel and a part one; G on
  // 23 × 23: rows of 11 windows, two blocks of four and one that overlaps the second.
  const n = w.id === 'E' ? 30 : w.id === 'C' || w.id === 'G' ? 23 : w.id === 'F' ? 71 : 14;
  const o = Math.floor((n + 2 * w.p - w.f) / w.s) + 1;
  return { ...w, id: `${w.id}′`, what: `${w.what}, on ${n}×${n}`, n, o };
};

const core = await loadCore();
const tf = await loadTf();
let passed = 0;
let failed = 0;
const report = (name, w, r) => {
  const line = `${w.id.padEnd(3)} ${name.padEnd(22)} max rel diff ${r.worst.toExponential(2)}`;
  if (r.ok) { passed++; console.log(`ok   ${line}`); } else { failed++; console.log(`FAIL ${line} at ${r.at}`); }
};

// Signed zeros, NaNs and infinities, in wasm SIMD as the page runs it, against the scalar
// reference: ties, and the fast path's search for NaN (a sum, which +∞ − ∞ also makes NaN)
// in rows with one and rows without. Any NaN stands for any other.
function specials(w, ops) {
  const x = ops.x.slice();
  for (let i = 0; i < x.length; i++) {
    if (i % 7 === 3) x[i] = i % 2 ? 0 : -0;
    else if (i % 97 === 5) x[i] = NaN;
    else if (i % 53 === 1) x[i] = Infinity;
    else if (i % 59 === 2) x[i] = -Infinity;
  }
  const special = { ...ops, x };
  const r = core.peer(w, special, 'reference').output();
  for (const mode of ['fast', 'argmax']) {
    const got = core.peer(w, special, mode).output();
    const ok = got.length === r.length
      && got.every((v, i) => Object.is(v, r[i]) || (Number.isNaN(v) && Number.isNaN(r[i])));
    report(`core ${mode}, ±0 NaN ∞`, w, { ok, worst: ok ? 0 : Infinity, at: -1 });
  }
}

for (const full of WORKLOADS) {
  const w = small(full);
  const ops = operands(w);
  const want = core.peer(w, ops).output();
  // The scalar reference must give the fast path's exact bits (NaN-free inputs here).
  const ref = core.peer(w, ops, 'reference').output();
  const same = ref.length === want.length && ref.every((v, i) => Object.is(v, want[i]));
  report('core reference', w, { ok: same, worst: same ? 0 : Infinity, at: -1 });
  if (w.op === 'pool') specials(w, ops);
  const peers = [
    ...(w.op === 'pool' ? [['core + argmax', core.peer(w, ops, 'argmax')]] : []),
    ...(w.k === 1 ? [['core conv2d', core.peer(w, ops, 'conv2d')]] : []),
    ['tfjs-wasm', await tf.peer('wasm', w, ops)],
    ['tfjs-cpu', await tf.peer('cpu', w, ops)],
    ['convnetjs', convnetPeer(w, ops)],
    ['naive JS', naivePeer(w, ops)],
  ];
  for (const [name, peer] of peers) {
    if (peer.activate) await peer.activate();
    report(name, w, compare(name, w, want, peer.output()));
  }
}
// And a window with stride 1 (the pool's general path, not a workload of its own).
{
  // Only the core runs it, which works the output's size out itself.
  const w = { id: 'P′', what: 'max pool 3×3/S1 on 23×23×3', op: 'pool', c: 3, n: 23, k: 0, f: 3, s: 1, p: 0 };
  specials(w, operands(w));
}
console.log(`bench-check: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
