// Correctness of the kernel benchmark, without timing anything (scripts/test.sh runs it):
// on the small workloads (A, B, and C, D, E, F and G cut down to test size), every peer's output must
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
  const line = `${w.id.padEnd(3)} ${name.padEnd(16)} max rel diff ${r.worst.toExponential(2)}`;
  if (r.ok) { passed++; console.log(`ok   ${line}`); } else { failed++; console.log(`FAIL ${line} at ${r.at}`); }
};

for (const full of WORKLOADS) {
  const w = small(full);
  const ops = operands(w);
  const want = core.peer(w, ops).output();
  // The scalar reference must give the fast path's exact bits (NaN-free inputs here).
  const ref = core.peer(w, ops, 'reference').output();
  const same = ref.length === want.length && ref.every((v, i) => Object.is(v, want[i]));
  report('core reference', w, { ok: same, worst: same ? 0 : Infinity, at: -1 });
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
console.log(`bench-check: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
