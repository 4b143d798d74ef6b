// The kernel benchmark's workloads and peers, shared by bench.mjs (timing) and check.mjs
// (correctness only, run by `make test`). Every peer gets the same inputs; the core's output
// is the reference that every other peer is checked against.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Where `make bench` / scripts/test.sh put the core's wasm (bench/core-wasm, release, then
 * wasm-opt -Oz as Trunk does for the page).
 */
export const CORE_WASM = join(
  here, '..', 'target', 'wasm32-unknown-unknown', 'release', 'convscope_bench_core.opt.wasm');

/**
 * The workloads of issue #6. `flops` counts 2·K·C·F·F·Ho·Wo for a conv and C·F·F·Ho·Wo
 * comparisons for a pool (one max per window cell).
 */
export const WORKLOADS = [
  { id: 'A', what: '5×5×3, K=2, F=3, S=2, P=1 (CS231n demo)', op: 'conv', c: 3, n: 5, k: 2, f: 3, s: 2, p: 1 },
  { id: 'B', what: '32×32×3, K=10, F=5, S=1, P=2', op: 'conv', c: 3, n: 32, k: 10, f: 5, s: 1, p: 2 },
  { id: 'C', what: '224×224×3, K=64, F=3, S=1, P=1', op: 'conv', c: 3, n: 224, k: 64, f: 3, s: 1, p: 1 },
  { id: 'D', what: '56×56×64, K=64, F=3, S=1, P=1', op: 'conv', c: 64, n: 56, k: 64, f: 3, s: 1, p: 1 },
  { id: 'E', what: 'max pool 2×2/S2 on 224×224×64', op: 'pool', c: 64, n: 224, k: 0, f: 2, s: 2, p: 0 },
  // Not one of the issue's: the real-image view's weight slider recomputes one map (K = 1)
  // with the one-filter kernel.
  { id: 'F', what: '256×256×3, K=1, F=3, S=1, P=0 (the real-image view, one weight)', op: 'conv', c: 3, n: 256, k: 1, f: 3, s: 1, p: 0 },
  // Not one of the either: the overlapping pool the lecture notes name beside 2×2/S2
  // (3×3 windows, stride 2), which takes the pool's general path.
  { id: 'G', what: 'max pool 3×3/S2 on 224×224×64 (overlapping)', op: 'pool', c: 64, n: 224, k: 0, f: 3, s: 2, p: 0 },
  // Nor this: the same pool where a network has it, ResNet-18's after its first conv (112 ×
  // 112 × 64, P = 1): smaller planes, where a row's own bookkeeping weighs more, and edges.
  { id: 'H', what: 'max pool 3×3/S2, P=1 on 112×112×64 (ResNet-18)', op: 'pool', c: 64, n: 112, k: 0, f: 3, s: 2, p: 1 },
].map((w) => {
  const o = Math.floor((w.n + 2 * w.p - w.f) / w.s) + 1;
  const flops = w.op === 'conv' ? 2 * w.k * w.c * w.f * w.f * o * o : w.c * w.f * w.f * o * o;
  return { ...w, o, flops };
});

/** Deterministic values (a small LCG), so every run and every peer sees the same numbers. */
function values(n, seed, scale) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/** Input (CHW), weights (K·C·F·F) and biases for a workload. */
export function operands(w) {
  const x = values(w.c * w.n * w.n, 1, 1);
  const wt = w.op === 'conv' ? values(w.k * w.c * w.f * w.f, 2, 1 / Math.sqrt(w.c * w.f * w.f)) : null;
  const b = w.op === 'conv' ? values(w.k, 3, 0.5) : null;
  return { x, wt, b };
}

/** CHW → HWC. */
function toHwc(x, c, h, w) {
  const out = new Float32Array(x.length);
  for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) {
    out[(y * w + i) * c + ch] = x[(ch * h + y) * w + i];
  }
  return out;
}

/** HWC (any typed array) → CHW Float32Array. */
function toChw(x, c, h, w) {
  const out = new Float32Array(c * h * w);
  for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) {
    out[(ch * h + y) * w + i] = x[(y * w + i) * c + ch];
  }
  return out;
}

/** K·C·F·F → F·F·C·K (TensorFlow's HWIO). */
function toHwio(wt, k, c, f) {
  const out = new Float32Array(wt.length);
  for (let o = 0; o < k; o++) for (let ch = 0; ch < c; ch++) for (let y = 0; y < f; y++) for (let i = 0; i < f; i++) {
    out[((y * f + i) * c + ch) * k + o] = wt[((o * c + ch) * f + y) * f + i];
  }
  return out;
}

/** ConvScope's core compiled to wasm (bench/core-wasm), called through its C-ABI exports. */
export async function loadCore(path = CORE_WASM) {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: build it with \`make bench-wasm\` (see bench/README.md)`);
  }
  const module = await WebAssembly.compile(readFileSync(path));
  // The app's crate links wasm-bindgen's imports; the exported core never calls them.
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    imports[imp.module] ??= {};
    imports[imp.module][imp.name] = () => { throw new Error(`core called ${imp.module}.${imp.name}`); };
  }
  const { exports: e } = await WebAssembly.instantiate(module, imports);
  const put = (arr) => {
    const p = e.cs_alloc(arr.length);
    new Float32Array(e.memory.buffer, p, arr.length).set(arr);
    return [p, arr.length];
  };
  return {
    exports: e,
    /** Peak f32x4 multiply-add rate of this machine, in GFLOP/s (best of a few runs). */
    peak() {
      const iters = 20_000_000;
      const scratch = e.cs_alloc(48);
      e.cs_peak(scratch, 1000);
      let best = Infinity;
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        e.cs_peak(scratch, iters);
        best = Math.min(best, performance.now() - t0);
      }
      e.cs_free(scratch, 48);
      return (96 * iters) / (best * 1e6);
    },
    /**
     * A peer that runs the core: conv2d (for a layer of one filter conv_map, the one-filter
     * kernel the real-image view runs; 'conv2d' runs conv2d there too), or max_pool2d_values
     * (the maxima, as the other peers compute). `mode` 'reference' runs the scalar reference
     * instead; for a pool, 'argmax' runs max_pool2d, which also returns where each maximum
     * came from.
     */
    peer(w, ops, mode = 'fast') {
      const [xp, xn] = put(ops.x);
      let rc;
      if (w.op === 'conv') {
        const [wp, wn] = put(ops.wt);
        const [bp, bn] = put(ops.b);
        rc = e.cs_setup_conv(xp, w.c, w.n, w.n, wp, bp, w.k, w.f, w.s, w.p);
        e.cs_free(wp, wn);
        e.cs_free(bp, bn);
      } else {
        rc = e.cs_setup_pool(xp, w.c, w.n, w.n, w.f, w.s, w.p);
      }
      e.cs_free(xp, xn);
      if (rc !== 0) throw new Error(`core refused workload ${w.id}`);
      let which = w.op === 'conv'
        ? { fast: w.k === 1 ? 5 : 0, reference: 1, conv2d: 0 }[mode]
        : { fast: 4, reference: 3, argmax: 2 }[mode];
      if (which === undefined) throw new Error(`no ${mode} core for a ${w.op}`);
      // A core built before conv_map was exported (CORE_BASELINE) runs conv2d there.
      if (which === 5 && e.cs_run(5) !== 0) which = 0;
      return {
        run() {
          if (e.cs_run(which) !== 0) throw new Error(`core failed on workload ${w.id}`);
        },
        output() {
          this.run();
          return new Float32Array(e.memory.buffer, e.cs_result_ptr(), e.cs_result_len()).slice();
        },
      };
    },
  };
}

/** TensorFlow.js with the wasm (XNNPACK, SIMD, one thread in Node) and cpu backends. */
export async function loadTf() {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  await import('@tensorflow/tfjs-backend-wasm');
  // Both backends initialised up front; peers switch with setBackend (cheap once ready).
  for (const b of ['wasm', 'cpu']) {
    if (!(await tf.setBackend(b))) throw new Error(`tfjs backend ${b} failed to start`);
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return {
    tf,
    info: `tfjs-core ${tf.version_core}, wasm backend SIMD=${simd} threads=${threads}`,
    /** A peer on one backend: tensors are made on it and only used while it is active. */
    async peer(backend, w, ops) {
      await tf.setBackend(backend);
      const x = tf.tensor4d(toHwc(ops.x, w.c, w.n, w.n), [1, w.n, w.n, w.c]);
      let call;
      if (w.op === 'conv') {
        const filter = tf.tensor4d(toHwio(ops.wt, w.k, w.c, w.f), [w.f, w.f, w.c, w.k]);
        const bias = tf.tensor1d(ops.b);
        // Fused conv + bias: XNNPACK's own convolution operator, bias included, as the core.
        call = () => tf.fused.conv2d({ x, filter, bias, strides: w.s, pad: w.p });
      } else {
        // A number pads with cells the pool leaves out (as the core's padding), Floor rounding.
        call = () => tf.maxPool(x, w.f, w.s, w.p);
      }
      return {
        async activate() { await tf.setBackend(backend); },
        run() { call().dispose(); },
        output() {
          const y = call();
          const out = toChw(y.dataSync(), y.shape[3], y.shape[1], y.shape[2]);
          y.dispose();
          return out;
        },
      };
    },
  };
}

/** convnetjs 0.3 (Karpathy's; HWC Float64 volumes, the CS231n demo's library). */
export function convnetPeer(w, ops) {
  const convnetjs = require('convnetjs');
  const V = new convnetjs.Vol(w.n, w.n, w.c, 0.0);
  V.w.set(toHwc(ops.x, w.c, w.n, w.n));
  let layer;
  if (w.op === 'conv') {
    layer = new convnetjs.ConvLayer({
      in_sx: w.n, in_sy: w.n, in_depth: w.c, sx: w.f, filters: w.k, stride: w.s, pad: w.p,
    });
    for (let k = 0; k < w.k; k++) {
      const one = ops.wt.subarray(k * w.c * w.f * w.f, (k + 1) * w.c * w.f * w.f);
      layer.filters[k].w.set(toHwc(one, w.c, w.f, w.f));
      layer.biases.w[k] = ops.b[k];
    }
  } else {
    layer = new convnetjs.PoolLayer({ in_sx: w.n, in_sy: w.n, in_depth: w.c, sx: w.f, stride: w.s, pad: w.p });
  }
  return {
    run() { layer.forward(V, false); },
    output() {
      const A = layer.forward(V, false);
      return toChw(A.w, A.depth, A.sy, A.sx);
    },
  };
}

/** The obvious JavaScript loops over CHW Float32Arrays: what a page would write by hand. */
export function naivePeer(w, ops) {
  const { c, n, k, f, s, p, o } = w;
  const x = ops.x;
  const out = new Float32Array((w.op === 'conv' ? k : c) * o * o);
  const conv = () => {
    const wt = ops.wt;
    for (let ko = 0; ko < k; ko++) for (let oy = 0; oy < o; oy++) for (let ox = 0; ox < o; ox++) {
      let acc = ops.b[ko];
      for (let ch = 0; ch < c; ch++) for (let fy = 0; fy < f; fy++) {
        const iy = oy * s - p + fy;
        if (iy < 0 || iy >= n) continue;
        for (let fx = 0; fx < f; fx++) {
          const ix = ox * s - p + fx;
          if (ix < 0 || ix >= n) continue;
          acc += x[(ch * n + iy) * n + ix] * wt[((ko * c + ch) * f + fy) * f + fx];
        }
      }
      out[(ko * o + oy) * o + ox] = acc;
    }
  };
  const pool = () => {
    for (let ch = 0; ch < c; ch++) for (let oy = 0; oy < o; oy++) for (let ox = 0; ox < o; ox++) {
      let m = -Infinity;
      for (let fy = 0; fy < f; fy++) {
        const iy = oy * s - p + fy;
        if (iy < 0 || iy >= n) continue;
        for (let fx = 0; fx < f; fx++) {
          const ix = ox * s - p + fx;
          if (ix < 0 || ix >= n) continue;
          const v = x[(ch * n + iy) * n + ix];
          if (v > m) m = v;
        }
      }
      out[(ch * o + oy) * o + ox] = m;
    }
  };
  const run = w.op === 'conv' ? conv : pool;
  return { run, output() { run(); return out.slice(); } };
}

/**
 * Largest difference between `got` and the core's `want`, relative to 1 + |want|; throws if
 * the lengths differ. Peers sum in other orders (and convnetjs in float64), so the check
 * allows `tol` (1e-4 by default: far below any real mistake, far above rounding).
 */
export function compare(name, w, want, got, tol = 1e-4) {
  if (got.length !== want.length) {
    throw new Error(`${name} on ${w.id}: ${got.length} values, the core gave ${want.length}`);
  }
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i]));
    if (!(d <= worst)) { worst = d; at = i; }
  }
  return { ok: worst <= tol, worst, at };
}
