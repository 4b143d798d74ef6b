//! The fast paths behind [`conv2d`](super::conv2d) and [`max_pool2d`](super::max_pool2d):
//! a direct convolution vectorised along the output row with a register-blocked micro-kernel
//! over packed inputs and weights, and a vectorised max pool.
//!
//! Both give the scalar reference's bits (same products, same summation order), so
//! the animation's traces still add up to the output exactly:
//!
//! - Each lane is one output column; a tile is [`KB`] filters × [`XB`]·4 columns of one output
//!   row, held in `KB·XB` accumulators. Per channel the accumulators start at 0.0, take the
//!   taps row-major as `acc + x·w` (multiply, then add), and are added to the running total,
//!   as `conv_at` does; the bias comes last.
//! - The input is copied once into a zero-padded, stride-split layout, padded row by padded
//!   row and within a row channel by channel (so one tile's reads over all channels are a few
//!   contiguous runs): for column stride S each channel's row is stored as S phases, phase
//!   `p` holding padded columns `p, p+S, p+2S, …`.
//!   Output columns `ox … ox+3` at tap `fx` then read 4 consecutive values of phase
//!   `(fx·d) mod S` from `ox + (fx·d) div S`, for any stride, dilation and padding. Padding
//!   taps read a stored 0.0 and still compute `0.0·w`, as the reference does.
//! - Weights are packed per block of [`KB`] filters as `[channel][tap][filter]`, so one tap's
//!   `KB` weights are adjacent; filters past K are zero and their lanes are dropped, as are
//!   columns past the output width.
//!
//! - The loops run output row, then tile of columns, then block of filters (one tile's input
//!   stays in L1 while the weights stream through), then channel, then tap.
//!
//! Pooling vectorises the windows that lie wholly inside the input and leaves the edges to the
//! scalar routine; ties, NaN and the argmax follow the same rule lane by lane.
//!
//! Measured against TF.js's XNNPACK and others by `make bench` (PERFORMANCE.md).

use super::geometry::{AxisPlan, Geometry};
use super::lanes::Lane;
use super::pool::{pool_at, Best};
use super::volume::{try_vec, FilterBank, Volume};

/// Filters per micro-kernel tile.
pub(crate) const KB: usize = 4;
/// Vectors of 4 output columns per micro-kernel tile.
pub(crate) const XB: usize = 2;
/// Output columns per tile.
const TILE_W: usize = 4 * XB;

/// `n` zeros, or `None` if they cannot be allocated (the caller then takes the scalar path).
fn zeros(n: usize) -> Option<Vec<f32>> {
    let mut v = try_vec(n, "volume size").ok()?;
    v.resize(n, 0.0);
    Some(v)
}

/// The stride-split, zero-padded copy of the input described in the module docs.
struct PackedInput {
    data: Vec<f32>,
    /// Values per phase row.
    phase_len: usize,
    /// Column stride S = number of phases.
    phases: usize,
    /// Channels.
    depth: usize,
}

impl PackedInput {
    /// Packs `input` for geometry `g`, covering every tap of every output and the extra
    /// columns of the last tile. `None` on overflow or failed allocation.
    fn new(input: &Volume, g: &Geometry) -> Option<Self> {
        let (r, c) = (&g.rows, &g.cols);
        let rows = last_tap(r)?;
        let tiles_w = g.out_w().div_ceil(TILE_W).checked_mul(TILE_W)?;
        let q_max = (c.kernel - 1).checked_mul(c.dilation)? / c.stride;
        let phase_len = tiles_w.checked_add(q_max)?;
        let phases = c.stride;
        let row_len = phases.checked_mul(phase_len)?;
        let n = input.depth().checked_mul(rows)?.checked_mul(row_len)?;
        let mut data = zeros(n)?;
        let (h, w) = (input.height(), input.width());
        for ch in 0..input.depth() {
            let plane = input.slice(ch)?;
            for iy in 0..h {
                // Input row iy sits at padded row iy + pad_lo; rows past `rows` are never read.
                let yp = iy + r.pad_lo;
                if yp >= rows {
                    break;
                }
                let src = plane.get(iy * w..(iy + 1) * w)?;
                let dst_row = (yp * input.depth() + ch) * row_len;
                for (ix, &v) in src.iter().enumerate() {
                    let xp = ix + c.pad_lo;
                    let (p, j) = (xp % phases, xp / phases);
                    if j < phase_len {
                        *data.get_mut(dst_row + p * phase_len + j)? = v;
                    }
                }
            }
        }
        Some(PackedInput {
            data,
            phase_len,
            phases,
            depth: input.depth(),
        })
    }

    /// Offset of tap (fy, fx) from the start of output row 0, column 0, channel 0.
    fn tap_offset(&self, g: &Geometry, fy: usize, fx: usize) -> usize {
        let (off_y, off_x) = (fy * g.rows.dilation, fx * g.cols.dilation);
        let (p, q) = (off_x % self.phases, off_x / self.phases);
        (off_y * self.depth * self.phases + p) * self.phase_len + q
    }
}

/// Number of padded rows (or columns) the windows read: `(O − 1)·S + span`.
fn last_tap(p: &AxisPlan) -> Option<usize> {
    (p.output - 1).checked_mul(p.stride)?.checked_add(p.span)
}

/// Weights of block `kb`, `[channel][tap][filter]`, zero for filters past K.
fn pack_weights(filters: &FilterBank) -> Option<Vec<f32>> {
    let (k, d) = (filters.count(), filters.depth());
    let taps = filters.height().checked_mul(filters.width())?;
    let blocks = k.div_ceil(KB);
    let n = blocks.checked_mul(d)?.checked_mul(taps)?.checked_mul(KB)?;
    let mut packed = zeros(n)?;
    let w = filters.weights();
    for f in 0..k {
        let (kb, kk) = (f / KB, f % KB);
        for ch in 0..d {
            for t in 0..taps {
                let src = (f * d + ch) * taps + t;
                let dst = ((kb * d + ch) * taps + t) * KB + kk;
                *packed.get_mut(dst)? = *w.get(src)?;
            }
        }
    }
    Some(packed)
}

/// K × out_h × out_w outputs of the convolution, bit-for-bit those of the scalar reference;
/// `None` if the packed copies cannot be made (the caller then runs the reference).
/// The caller has checked depth and kernel against `g`.
pub(crate) fn conv2d(input: &Volume, filters: &FilterBank, g: &Geometry) -> Option<Vec<f32>> {
    let packed = PackedInput::new(input, g)?;
    let weights = pack_weights(filters)?;
    let (k, d) = (filters.count(), input.depth());
    let (oh, ow) = (g.out_h(), g.out_w());
    let (fh, fw) = (g.rows.kernel, g.cols.kernel);
    let taps = fh * fw;
    let offsets: Vec<usize> = (0..fh)
        .flat_map(|fy| (0..fw).map(move |fx| (fy, fx)))
        .map(|(fy, fx)| packed.tap_offset(g, fy, fx))
        .collect();
    let row_len = packed.phases * packed.phase_len;
    // Channels of one padded row are adjacent (row-major, then channel), so a tile's reads
    // over all channels stay within a few contiguous runs that the prefetcher follows.
    let channel_len = row_len;
    let mut out = zeros(k.checked_mul(oh)?.checked_mul(ow)?)?;
    let biases = filters.biases();
    // The tile's totals, on the heap so that LLVM keeps them in memory (see `accumulate`).
    let mut scratch = zeros(4 * KB * XB)?;
    for oy in 0..oh {
        let row0 = oy * g.rows.stride * d * row_len;
        // Filter blocks innermost: one tile's input (all channels, a few cache lines each)
        // stays in L1 while the packed weights stream through in order.
        for ox0 in (0..ow).step_by(TILE_W) {
            for kb in 0..k.div_ceil(KB) {
                let wblock = weights.get(kb * d * taps * KB..(kb + 1) * d * taps * KB)?;
                let tile = Tile {
                    data: &packed.data,
                    base: row0 + ox0,
                    channel_len,
                    offsets: &offsets,
                    weights: wblock,
                };
                let totals: &mut [f32; 4 * KB * XB] = scratch.first_chunk_mut()?;
                tile.accumulate(totals)?;
                let n = TILE_W.min(ow - ox0);
                for (kk, sums) in totals.chunks_exact(TILE_W).enumerate() {
                    let f = kb * KB + kk;
                    if f >= k {
                        break;
                    }
                    let bias = *biases.get(f)?;
                    let dst = (f * oh + oy) * ow + ox0;
                    let row = out.get_mut(dst..dst + n)?;
                    match (row.first_chunk_mut::<8>(), sums.first_chunk::<8>()) {
                        (Some(row), Some(sums)) => {
                            let (lo, hi) = halves(sums);
                            let b = Lane::splat(bias);
                            row[..4].copy_from_slice(&lo.add(b).to_array());
                            row[4..].copy_from_slice(&hi.add(b).to_array());
                        }
                        _ => {
                            for (o, &t) in row.iter_mut().zip(sums) {
                                *o = t + bias;
                            }
                        }
                    }
                }
            }
        }
    }
    Some(out)
}

/// One micro-kernel tile: `KB` filters × `XB` vectors of 4 output columns.
struct Tile<'a> {
    /// The packed input.
    data: &'a [f32],
    /// Offset of the tile's first column, output row's first tap, channel 0.
    base: usize,
    /// Values per channel in the packed input.
    channel_len: usize,
    /// Offset of each tap (row-major) from `base`.
    offsets: &'a [usize],
    /// The block's weights, `[channel][tap][filter]`.
    weights: &'a [f32],
}

impl Tile<'_> {
    /// Adds every channel's partial sums to `totals` (8 vectors, filter-major:
    /// `[f0 x0, f0 x1, f1 x0, …]`, 0.0 on entry; the bias is added later).
    ///
    /// Per channel the 8 accumulators start at 0.0 and take every tap as `acc + x·w`, then
    /// join the totals, exactly as the scalar reference sums. The accumulators are named
    /// locals, written out rather than looped over arrays: at the app's `opt-level = "z"`
    /// LLVM neither unrolls such loops nor inlines copies of the arrays (a 128-byte copy
    /// became a `memory.copy` call per channel and cost two thirds of the time). The totals
    /// stay in memory, touched once per channel, so that the 8 accumulators, 2 inputs and a
    /// weight fit in x86's 16 SIMD registers, where V8 would otherwise spill inside the loop.
    #[inline(always)]
    fn accumulate(&self, totals: &mut [f32; 4 * KB * XB]) -> Option<()> {
        let taps = self.offsets.len();
        for (ch, wch) in self.weights.chunks_exact(taps * KB).enumerate() {
            let base = ch * self.channel_len + self.base;
            let mut acc = Acc::new();
            for (&off, wt) in self.offsets.iter().zip(wch.chunks_exact(KB)) {
                let x = self.data.get(base + off..)?.first_chunk()?;
                acc.tap(x, wt.first_chunk()?);
            }
            let (t0, rest) = totals.split_at_mut(8);
            let (t1, rest) = rest.split_at_mut(8);
            let (t2, t3) = rest.split_at_mut(8);
            // Channel 0 starts the totals (0.0 + sum, as the reference) without reading
            // memory: loading vectors over a fresh fill of scalars stalls store forwarding.
            let first = ch == 0;
            add_into(t0, acc.a00, acc.a01, first);
            add_into(t1, acc.a10, acc.a11, first);
            add_into(t2, acc.a20, acc.a21, first);
            add_into(t3, acc.a30, acc.a31, first);
        }
        Some(())
    }
}

/// One channel's accumulators: filter `i` of the block, column vector `j` is `aij`.
struct Acc {
    a00: Lane,
    a01: Lane,
    a10: Lane,
    a11: Lane,
    a20: Lane,
    a21: Lane,
    a30: Lane,
    a31: Lane,
}

impl Acc {
    /// All zeros.
    #[inline(always)]
    fn new() -> Self {
        let z = Lane::zero();
        Acc {
            a00: z,
            a01: z,
            a10: z,
            a11: z,
            a20: z,
            a21: z,
            a30: z,
            a31: z,
        }
    }

    /// One tap: 8 input columns `x` times the block's 4 weights `w`.
    #[inline(always)]
    fn tap(&mut self, x: &[f32; 8], w: &[f32; KB]) {
        let (x0, x1) = halves(x);
        let (w0, w1, w2, w3) = (
            Lane::splat(w[0]),
            Lane::splat(w[1]),
            Lane::splat(w[2]),
            Lane::splat(w[3]),
        );
        self.a00 = self.a00.mul_add(x0, w0);
        self.a01 = self.a01.mul_add(x1, w0);
        self.a10 = self.a10.mul_add(x0, w1);
        self.a11 = self.a11.mul_add(x1, w1);
        self.a20 = self.a20.mul_add(x0, w2);
        self.a21 = self.a21.mul_add(x1, w2);
        self.a30 = self.a30.mul_add(x0, w3);
        self.a31 = self.a31.mul_add(x1, w3);
    }
}

/// `t[0..4] += a`, `t[4..8] += b`; when `first`, `t` is taken as 0.0 without being read.
#[inline(always)]
fn add_into(t: &mut [f32], a: Lane, b: Lane, first: bool) {
    if let Some(t) = t.first_chunk_mut::<8>() {
        let (lo, hi) = if first {
            (Lane::zero(), Lane::zero())
        } else {
            halves(t)
        };
        let (lo, hi) = (lo.add(a).to_array(), hi.add(b).to_array());
        t[..4].copy_from_slice(&lo);
        t[4..].copy_from_slice(&hi);
    }
}

/// The two vectors of 8 values.
#[inline(always)]
fn halves(x: &[f32; 8]) -> (Lane, Lane) {
    let (lo, hi) = x.split_at(4);
    match (lo.first_chunk::<4>(), hi.first_chunk::<4>()) {
        (Some(lo), Some(hi)) => (Lane::load(lo), Lane::load(hi)),
        // split_at(4) of 8 values always gives two chunks of 4.
        _ => (Lane::zero(), Lane::zero()),
    }
}

/// Outputs `o` along one axis whose every tap lies inside the input: a contiguous range.
fn interior(p: &AxisPlan) -> std::ops::Range<usize> {
    let inside = |o: usize| p.tap(o, 0) >= 0 && p.tap(o, p.kernel - 1) < p.input as isize;
    let lo = (0..p.output).find(|&o| inside(o)).unwrap_or(p.output);
    let hi = (lo..p.output).find(|&o| !inside(o)).unwrap_or(p.output);
    lo..hi
}

/// One window tap for the vector pool: its offset from the window's first input cell in
/// the channel plane, and its (row, column) offset for the argmax.
#[derive(Clone, Copy)]
struct PoolTap {
    offset: usize,
    dy: usize,
    dx: usize,
}

/// The values at `at`, `at + sw`, `at + 2·sw`, `at + 3·sw` of a channel plane (one tap of
/// four windows side by side).
#[inline(always)]
fn window_lane(plane: &[f32], at: usize, sw: usize) -> Option<Lane> {
    let s = plane.get(at..)?;
    Some(match sw {
        1 => Lane::load(s.first_chunk()?),
        2 if s.len() >= 8 => Lane::load_even(s.first_chunk()?),
        _ => Lane::from_array([*s.first()?, *s.get(sw)?, *s.get(2 * sw)?, *s.get(3 * sw)?]),
    })
}

/// Max pooling of every channel: values and argmax exactly as `pool_at` gives them (the
/// caller has checked that no window is all padding). Windows wholly inside the input go
/// four at a time (lane j = output column ox + j) with plain index arithmetic; the rest use
/// the scalar routine. `None` if the output cannot be allocated.
/// With `ARGMAX` false the argmax is neither tracked nor returned (an empty vector).
#[allow(clippy::type_complexity)]
pub(crate) fn max_pool2d<const ARGMAX: bool>(
    input: &Volume,
    g: &Geometry,
) -> Option<(Vec<f32>, Vec<(usize, usize)>)> {
    let (d, oh, ow) = (input.depth(), g.out_h(), g.out_w());
    let n = d.checked_mul(oh)?.checked_mul(ow)?;
    let mut out = zeros(n)?;
    let mut argmax: Vec<(usize, usize)> = Vec::new();
    if ARGMAX {
        argmax = try_vec(n, "volume size").ok()?;
        argmax.resize(n, (0, 0));
    }
    let (rows_in, cols_in) = (interior(&g.rows), interior(&g.cols));
    let (r, c) = (&g.rows, &g.cols);
    let (sw, w) = (c.stride, input.width());
    let taps: Vec<PoolTap> = (0..r.kernel)
        .flat_map(|fy| (0..c.kernel).map(move |fx| (fy * r.dilation, fx * c.dilation)))
        .map(|(dy, dx)| PoolTap {
            offset: dy * w + dx,
            dy,
            dx,
        })
        .collect();
    let (first, rest) = taps.split_first()?;
    for ch in 0..d {
        let plane = input.slice(ch)?;
        for oy in 0..oh {
            let row_out = (ch * oh + oy) * ow;
            let mut ox = 0;
            while ox < ow {
                // Four windows, all inside the input (so the subtractions cannot wrap).
                if rows_in.contains(&oy) && cols_in.contains(&ox) && ox + 4 <= cols_in.end {
                    let (y0, x0) = (oy * r.stride - r.pad_lo, ox * sw - c.pad_lo);
                    let origin = y0 * w + x0;
                    let mut best = window_lane(plane, origin + first.offset, sw)?;
                    let mut index = Lane::zero();
                    for (t, tap) in rest.iter().enumerate() {
                        let v = window_lane(plane, origin + tap.offset, sw)?;
                        let wins = v.beats(best);
                        best = v.select(best, wins);
                        if ARGMAX {
                            // Window indices are below 31·31, exact in f32.
                            index = Lane::splat((t + 1) as f32).select(index, wins);
                        }
                    }
                    let dst = out.get_mut(row_out + ox..row_out + ox + 4)?;
                    dst.copy_from_slice(&best.to_array());
                    if ARGMAX {
                        let dst = argmax.get_mut(row_out + ox..row_out + ox + 4)?;
                        for (j, (a, t)) in dst.iter_mut().zip(index.to_array()).enumerate() {
                            let tap = taps.get(t as usize)?;
                            *a = (y0 + tap.dy, x0 + j * sw + tap.dx);
                        }
                    }
                    ox += 4;
                } else {
                    let best = pool_at(input, g, ch, oy, ox, &mut ()).unwrap_or(Best {
                        value: f32::NEG_INFINITY,
                        index: 0,
                        at: (0, 0),
                    });
                    *out.get_mut(row_out + ox)? = best.value;
                    if ARGMAX {
                        *argmax.get_mut(row_out + ox)? = best.at;
                    }
                    ox += 1;
                }
            }
        }
    }
    Some((out, argmax))
}
