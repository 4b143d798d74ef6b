//! The fast paths behind [`conv2d`](super::conv2d) and [`max_pool2d`](super::max_pool2d):
//! a direct convolution vectorised along the output row with a register-blocked micro-kernel
//! over packed inputs and weights, and a vectorised max pool.
//!
//! Both give the scalar reference's bits (same products, same summation order), so
//! the animation's traces still add up to the output exactly:
//!
//! - Each lane is one output column; a tile is [`KB`] filters × [`XB`]·4 columns of one output
//!   row, held in `KB·XB` accumulators. Per channel the accumulators start from the first
//!   product (0.0 + x·w but for the sign of a zero, which no total shows; see `tile`), take the
//!   other taps row-major as `acc + x·w` (multiply, then add), and are added to the running
//!   total, as `conv_at` does; the bias comes last.
//! - The input is copied once into a zero-padded, stride-split layout, padded row by padded
//!   row and within a row channel by channel (so one tile's reads over all channels are a few
//!   contiguous runs): for column stride S each channel's row is stored as S phases, phase
//!   `p` holding padded columns `p, p+S, p+2S, …`.
//!   Output columns `ox … ox+3` at tap `fx` then read 4 consecutive values of phase
//!   `(fx·d) mod S` from `ox + (fx·d) div S`, for any stride, dilation and padding. Padding
//!   taps read a stored 0.0 and still compute `0.0·w`, as the reference does.
//! - Weights are packed per block of [`KB`] filters as `[channel][tap][filter]`, so one tap's
//!   `KB` weights are adjacent (each is broadcast straight from memory, `v128.load32_splat`,
//!   which needs no shuffle port); filters past K are zero and their lanes are dropped, as are
//!   columns past the output width.
//! - The loops run block of filters (its weights stay in L1), then output row (one call of
//!   `row`), then tile of columns, then channel, then tap; each tap's entry in the weight
//!   table carries its offset with the channel's folded in, so a tile is one tap loop after
//!   another over one input slice; the slices of a row's tiles and its output rows are
//!   bounds-checked once per row. The last channel's sums go straight to the output with the
//!   bias: the output is written once, without being zeroed first.
//!
//! The shape of the code is set by what V8's compiler makes of the wasm that ships (after
//! `wasm-opt -Oz`, which inlines a function with one caller, as it does `row`; read with
//! `node --print-wasm-code`): one tap per turn of the innermost loop (with several, LLVM's
//! wasm stackifier nests each accumulator's chain across them, every tap's input vectors stay
//! live and V8 spills; V8 unrolls the one-tap loop four times itself, without spilling), a
//! tap loop that ends on a flag in the table rather than a count (with a count LLVM rewrites
//! its pointer as a base plus an index), no `chunks_exact` or `zip` in the hot loops (at
//! opt-level "z" they stay calls). The wasm build turns off LLVM's loop strength reduction
//! (`.cargo/config.toml`), which rewrote the table's loads as "previous entry + constant"
//! adds that V8 computes with a `lea` each, instead of as load offsets it folds into the
//! address.
//!
//! Pooling vectorises the windows that lie wholly inside the input and leaves the edges to the
//! scalar routine; ties, NaN and the argmax follow the same rule lane by lane. The common
//! 2×2 window with stride 2 has a path of its own (`max_2x2_run`); other windows, without
//! the argmax, take each input row's maxima once for every output row that reads the row
//! (`RowMaxima`), the window's last row in the pass that writes the output row, and with
//! padding read the input through rows with −∞ around them (`Bordered`), so that they have
//! no edges.
//!
//! Measured against TF.js's XNNPACK and others by `make bench` (PERFORMANCE.md).

use super::geometry::{AxisPlan, Geometry};
use super::lanes::{Index, Lane, Mask};
use super::pool::{pool_at, takes_over, Best};
use super::volume::{try_vec, FilterBank, Volume};
use std::mem::MaybeUninit;

/// Filters per micro-kernel tile. With [`XB`] = 2 that is 8 accumulators; with the two input
/// vectors, a broadcast weight and a product, 12 of the 15 SIMD registers V8 allocates on
/// x86-64. (5 × 2, 3 × 3 and 4 × 3 measured slower: more live vectors than registers, and V8
/// spills.)
pub(crate) const KB: usize = 4;
/// Vectors of 4 output columns per micro-kernel tile.
pub(crate) const XB: usize = 2;
/// Output columns per tile.
const TILE_W: usize = 4 * XB;
/// Vectors of 4 output columns per tile of the one-filter kernel ([`row1`]): a layer of one
/// filter (the real-image view recomputes one map when a weight moves) would leave three of
/// the four-filter kernel's four products per input vector unused. (8 measured ~15 % slower:
/// a wider tile wastes more of a row's last one, and keeps more vectors live.)
const XB1: usize = 4;
/// Output columns per tile of the one-filter kernel.
const TILE1_W: usize = 4 * XB1;

/// `n` zeros, or `None` if they cannot be allocated (the caller then takes the scalar path).
fn zeros(n: usize) -> Option<Vec<f32>> {
    let mut v = try_vec(n, "volume size").ok()?;
    // In blocks: at opt-level "z" `resize` is a loop of scalar stores, where a block is one
    // `memory.copy`.
    const BLOCK: [f32; 256] = [0.0; 256];
    while n - v.len() >= BLOCK.len() {
        v.extend_from_slice(&BLOCK);
    }
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
    /// columns of the last tile of `tile_w` columns. `None` on overflow or failed allocation.
    fn new(input: &Volume, g: &Geometry, tile_w: usize) -> Option<Self> {
        let (r, c) = (&g.rows, &g.cols);
        let rows = last_tap(r)?;
        let tiles_w = g.out_w().div_ceil(tile_w).checked_mul(tile_w)?;
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
                let dst_row = data.get_mut((yp * input.depth() + ch) * row_len..)?;
                if phases == 1 {
                    // Stride 1: the row as it is, after the left padding (one memory.copy).
                    let n = w.min(phase_len.saturating_sub(c.pad_lo));
                    if n > 0 {
                        dst_row
                            .get_mut(c.pad_lo..c.pad_lo + n)?
                            .copy_from_slice(src.get(..n)?);
                    }
                    continue;
                }
                // Padded column xp goes to phase xp mod S, index xp div S; both are stepped
                // rather than divided for (a division per value cost a fifth of the time).
                let (mut p, mut j) = (c.pad_lo % phases, c.pad_lo / phases);
                for &v in src {
                    if j >= phase_len {
                        break;
                    }
                    *dst_row.get_mut(p * phase_len + j)? = v;
                    p += 1;
                    if p == phases {
                        p = 0;
                        j += 1;
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

/// One tap of one channel for a block of filters: the tap's offset from the tile's first
/// input value (its channel's `c · channel_len` included) and the block's `KB` weights (zero
/// for filters past K). One table for both, so the tap loop walks one pointer; the channel's
/// offset folded in, so a tile is one tap loop after another over one input slice, with no
/// per-channel pointer arithmetic. (`repr(C)`: the layout that was measured, offset first.)
#[derive(Clone, Copy)]
#[repr(C)]
struct TapWeights {
    offset: usize,
    w: [f32; KB],
    /// The channel's last tap: the tap loop ends on this flag. (With a count instead,
    /// LLVM rewrites the loop's pointer as a base plus an index.)
    last: bool,
}

/// The weights packed `[block][channel][tap]`, with the taps' offsets (row-major taps).
/// Invariant, which the kernel's unchecked loads rely on: every `offset + tile_w ≤ span`, for
/// the tile width it was made for (`TILE_W`, or `TILE1_W` for one filter).
struct PackedWeights {
    entries: Vec<TapWeights>,
    /// Taps per channel.
    taps: usize,
    /// Channels.
    depth: usize,
    /// How far a tile reads past its first value, over all channels.
    span: usize,
}

impl PackedWeights {
    /// `offsets` are the taps' offsets within a channel, `channel_len` the distance from one
    /// channel of a padded row to the next, `tile_w` the kernel's tile width. `None` on
    /// overflow or failed allocation, or without taps.
    fn new(
        filters: &FilterBank,
        offsets: &[usize],
        channel_len: usize,
        tile_w: usize,
    ) -> Option<Self> {
        let (k, d) = (filters.count(), filters.depth());
        let taps = filters.height().checked_mul(filters.width())?;
        if offsets.len() != taps {
            return None;
        }
        let last_channel = d.checked_sub(1)?.checked_mul(channel_len)?;
        let span = offsets
            .iter()
            .max()?
            .checked_add(last_channel)?
            .checked_add(tile_w)?;
        let per_block = d.checked_mul(taps)?;
        let n = k.div_ceil(KB).checked_mul(per_block)?;
        let mut entries: Vec<TapWeights> = try_vec(n, "volume size").ok()?;
        for i in 0..n {
            let (ch, t) = ((i % per_block) / taps, i % taps);
            // ch · channel_len ≤ last_channel, checked above.
            entries.push(TapWeights {
                offset: ch * channel_len + *offsets.get(t)?,
                w: [0.0; KB],
                last: t + 1 == taps,
            });
        }
        let w = filters.weights();
        for f in 0..k {
            let (kb, kk) = (f / KB, f % KB);
            for ch in 0..d {
                for t in 0..taps {
                    let src = (f * d + ch) * taps + t;
                    let dst = (kb * d + ch) * taps + t;
                    *entries.get_mut(dst)?.w.get_mut(kk)? = *w.get(src)?;
                }
            }
        }
        Some(PackedWeights {
            entries,
            taps,
            depth: d,
            span,
        })
    }

    /// Block `kb`'s entries, `[channel][tap]`: `depth · taps` of them.
    fn block(&self, kb: usize) -> Option<&[TapWeights]> {
        let len = self.depth * self.taps;
        self.entries.get(kb * len..(kb + 1) * len)
    }
}

/// Where one block's output row goes: filter `f` of the block (`f < filters`) writes its
/// `width` values from `at + f · plane` of `out`.
struct RowOut<'a> {
    out: &'a mut [MaybeUninit<f32>],
    at: usize,
    plane: usize,
    width: usize,
    filters: usize,
}

/// The packed input and weights for a kernel of `tile_w` columns, and the distance in the
/// packed input from one output row's first tap to the next's.
fn pack(
    input: &Volume,
    filters: &FilterBank,
    g: &Geometry,
    tile_w: usize,
) -> Option<(PackedInput, PackedWeights, usize)> {
    let packed = PackedInput::new(input, g, tile_w)?;
    let (fh, fw) = (g.rows.kernel, g.cols.kernel);
    let offsets: Vec<usize> = (0..fh)
        .flat_map(|fy| (0..fw).map(move |fx| (fy, fx)))
        .map(|(fy, fx)| packed.tap_offset(g, fy, fx))
        .collect();
    // Channels of one padded row are adjacent (row-major, then channel), so a tile's reads
    // over all channels stay within a few contiguous runs that the prefetcher follows.
    let channel_len = packed.phases * packed.phase_len;
    let weights = PackedWeights::new(filters, &offsets, channel_len, tile_w)?;
    let row_step = g.rows.stride * input.depth() * channel_len;
    Some((packed, weights, row_step))
}

/// K × out_h × out_w outputs of the convolution, bit-for-bit those of the scalar reference;
/// `None` if the packed copies cannot be made (the caller then runs the reference).
/// The caller has checked depth and kernel against `g`.
pub(crate) fn conv2d(input: &Volume, filters: &FilterBank, g: &Geometry) -> Option<Vec<f32>> {
    let k = filters.count();
    let (packed, weights, row_step) = pack(input, filters, g, TILE_W)?;
    let (oh, ow) = (g.out_h(), g.out_w());
    let plane = oh.checked_mul(ow)?;
    let n_out = k.checked_mul(plane)?;
    // Not zeroed first: every output is written exactly once below (a tenth of the time of
    // workload C went to zeroing its 12.8 MB output).
    let mut out: Vec<f32> = try_vec(n_out, "volume size").ok()?;
    let spare = out.spare_capacity_mut().get_mut(..n_out)?;
    #[cfg(debug_assertions)]
    let mut written = 0usize;
    let biases = filters.biases();
    // The tile's totals (kept in memory, see `tile`).
    let mut totals: Acc = [[Lane::zero(); XB]; KB];
    // Blocks of filters outermost: a block writes its KB output planes front to back, four
    // long streams the prefetcher follows (block-inner, the 64 planes of workload C took
    // turns at 32 bytes each), while its weights stay in L1; the packed input is reread
    // once per block, from L2.
    for kb in 0..k.div_ceil(KB) {
        let first = kb * KB;
        let nf = KB.min(k - first);
        let mut bias = [0.0f32; KB];
        for (b, &v) in bias.iter_mut().zip(biases.get(first..first + nf)?) {
            *b = v;
        }
        for oy in 0..oh {
            let dst = RowOut {
                out: &mut *spare,
                at: first * plane + oy * ow,
                plane,
                width: ow,
                filters: nf,
            };
            row(
                packed.data.get(oy * row_step..)?,
                &weights,
                kb,
                &bias,
                &mut totals,
                dst,
            )?;
            #[cfg(debug_assertions)]
            {
                written += nf * ow;
            }
        }
    }
    #[cfg(debug_assertions)]
    debug_assert_eq!(written, n_out);
    // SAFETY: the loops above wrote every one of the n_out values: for each block of
    // filters and output row `oy`, `row` writes each filter `f < k` of the block from
    // `(f·oh + oy)·ow` over the tiles `ox0 = 0, 8, …` covering `0..ow` (the debug build
    // counts them).
    #[allow(unsafe_code)]
    unsafe {
        out.set_len(n_out)
    };
    Some(out)
}

/// [`conv2d`] for a bank of one filter, with the one-filter kernel ([`row1`]): the same bits,
/// ~2.5× as fast (`make bench`, workload F). Only [`conv_map`](super::conv_map) calls it, so
/// only the real-image view's wasm, whose weight slider recomputes one map, carries its code
/// (0.76 kB gzipped in the page's, where a layer of one filter is small).
pub(crate) fn conv2d_one(input: &Volume, filters: &FilterBank, g: &Geometry) -> Option<Vec<f32>> {
    if filters.count() != 1 {
        return None;
    }
    let (packed, weights, row_step) = pack(input, filters, g, TILE1_W)?;
    let (oh, ow) = (g.out_h(), g.out_w());
    let n_out = oh.checked_mul(ow)?;
    let mut out: Vec<f32> = try_vec(n_out, "volume size").ok()?;
    let spare = out.spare_capacity_mut().get_mut(..n_out)?;
    let bias = *filters.biases().first()?;
    let mut totals: Acc1 = [Lane::zero(); XB1];
    for oy in 0..oh {
        row1(
            packed.data.get(oy * row_step..)?,
            &weights,
            bias,
            &mut totals,
            spare.get_mut(oy * ow..(oy + 1) * ow)?,
        )?;
    }
    // SAFETY: `row1` wrote every value of each output row `oy`, `oy·ow .. (oy + 1)·ow`, for
    // every `oy < oh`: all n_out = oh·ow of them.
    #[allow(unsafe_code)]
    unsafe {
        out.set_len(n_out)
    };
    Some(out)
}

/// One output row of block `kb` of the filters: tile after tile of `TILE_W` columns, each
/// summed over all channels (`tile`) and written with the block's `bias` to `dst`.
/// `input` starts at the row's first tap in channel 0 of the packed input.
///
/// Every check is made once per row, not per tile: the input every tile reads, the block's
/// shape, and (for a full block of filters) the output rows of the full tiles, which are then
/// written through a pointer. (Checked per tile, the checks and the values they need kept V8
/// busy with ~60 instructions and stack reloads between two tiles.)
///
/// Kept out of line by LLVM, as measured (wasm-opt then inlines it into its one caller;
/// keeping it apart there measured the same).
#[inline(never)]
#[allow(unsafe_code)]
fn row(
    input: &[f32],
    weights: &PackedWeights,
    kb: usize,
    bias: &[f32; KB],
    totals: &mut Acc,
    mut dst: RowOut<'_>,
) -> Option<()> {
    // The block is taken here, not passed in: its offsets must be `weights`' (its span).
    let block = weights.block(kb)?;
    let (taps, depth, span) = (weights.taps, weights.depth, weights.span);
    if taps == 0 || depth == 0 || block.len() != depth * taps {
        return None;
    }
    let tiles = dst.width.div_ceil(TILE_W);
    if tiles == 0 {
        return Some(());
    }
    // Tile t reads input[t·TILE_W .. t·TILE_W + span]: all of them lie in `input`.
    let input = input.get(..(tiles - 1) * TILE_W + span)?;
    // Full tiles of a full block: columns 0 … full·TILE_W of the block's KB output rows.
    let full = if dst.filters == KB {
        dst.width / TILE_W
    } else {
        0
    };
    // Where the full tiles' outputs go (the block's KB rows, up to full·TILE_W): checked here,
    // written through a pointer below. (Empty when there are none.)
    let last = dst.at + (KB - 1) * dst.plane + full * TILE_W;
    let (out, plane) = match full {
        0 => (std::ptr::null_mut(), 0),
        _ => (dst.out.get_mut(dst.at..last)?.as_mut_ptr(), dst.plane),
    };
    for t in 0..tiles {
        let ox0 = t * TILE_W;
        // SAFETY: t < tiles, so ox0 + span ≤ input.len() (checked above); the block has
        // `depth` ≥ 1 channels of `taps` entries, the last of each flagged, with offsets +
        // TILE_W ≤ span (the `PackedWeights` invariant).
        let sums = unsafe { tile(input.get_unchecked(ox0..ox0 + span), block, totals) };
        if t < full {
            // SAFETY: `out` is the checked rows: filter f's TILE_W values go to
            // [f·plane + ox0 ..][..TILE_W], and (KB − 1)·plane + ox0 + TILE_W ≤
            // (KB − 1)·plane + full·TILE_W, their length.
            unsafe {
                let [s0, s1, s2, s3] = &sums;
                let o = out.add(ox0);
                store_row(o, s0, Lane::splat_at::<0>(bias));
                store_row(o.add(plane), s1, Lane::splat_at::<1>(bias));
                store_row(o.add(2 * plane), s2, Lane::splat_at::<2>(bias));
                store_row(o.add(3 * plane), s3, Lane::splat_at::<3>(bias));
            }
        } else {
            store_tile(&mut dst, ox0, &sums, bias)?;
        }
    }
    Some(())
}

/// `dst`'s columns `ox0…` of every filter of the block: `sums + bias` (the tiles `row` does
/// not write through its pointer: the last, partial one, and those of a partial block).
#[inline(always)]
fn store_tile(dst: &mut RowOut<'_>, ox0: usize, sums: &Acc, bias: &[f32; KB]) -> Option<()> {
    let n = TILE_W.min(dst.width - ox0);
    let at = dst.at + ox0;
    for (kk, (s, &b)) in sums.iter().zip(bias).take(dst.filters).enumerate() {
        let from = at + kk * dst.plane;
        let row = dst.out.get_mut(from..from + n)?;
        let s = [s[0].to_array(), s[1].to_array()];
        for (o, &t) in row.iter_mut().zip(s.iter().flatten()) {
            o.write(t + b);
        }
    }
    Some(())
}

/// `*row = sums + bias` for the `TILE_W` values from `row`, one tile's worth of one filter.
///
/// # Safety
/// `row` points to `TILE_W` writable values.
#[inline(always)]
#[allow(unsafe_code)]
unsafe fn store_row(row: *mut MaybeUninit<f32>, sums: &[Lane; XB], bias: Lane) {
    // SAFETY: the caller's contract; the second vector's 4 values follow the first's.
    unsafe {
        sums[0]
            .add(bias)
            .store_uninit(&mut *row.cast::<[MaybeUninit<f32>; 4]>());
        sums[1]
            .add(bias)
            .store_uninit(&mut *row.add(4).cast::<[MaybeUninit<f32>; 4]>());
    }
}

/// The taps of the channel whose first entry `*p` points to, in order, into `acc` with
/// `$tap::<true>` for the first (which sets the accumulators) and `$tap::<false>` for each
/// later one; `*p` is left at the next channel's first entry. For [`channel_sums`] and
/// [`channel_sums1`]: a macro rather than a function generic over the tap, so that each
/// kernel's tap loop compiles as it is written (see the module docs); the caller's safety
/// contract is theirs.
macro_rules! walk_taps {
    ($chan:expr, $p:expr, $acc:expr, $tap:ident) => {{
        let mut q = *$p;
        // SAFETY: the caller's contract: `q` is the channel's first entry.
        let first = unsafe { &*q };
        $tap::<true>(&mut $acc, $chan, first.offset, &first.w);
        if !first.last {
            // SAFETY: the first entry was not the channel's last, so the next is the channel's.
            q = unsafe { q.add(1) };
            loop {
                // SAFETY: `q` is one of the channel's entries (see above and below).
                let t = unsafe { &*q };
                $tap::<false>(&mut $acc, $chan, t.offset, &t.w);
                if t.last {
                    break;
                }
                // SAFETY: `t` was not the channel's last entry, so the next is the channel's.
                q = unsafe { q.add(1) };
            }
        }
        // SAFETY: one past the channel's last entry (at most one past the block's end).
        *$p = unsafe { q.add(1) };
    }};
}

/// The body of [`tile`] and [`tile1`]: each channel's sums (`$sums`) joined in order into
/// the totals (`$each`, `$join`), returned from the enclosing function. A macro for the
/// reason [`walk_taps`] is one; the safety contract is the caller's.
macro_rules! sum_channels {
    ($chan:expr, $block:expr, $totals:expr, $sums:ident, $each:ident, $join:ident) => {{
        let mut p = $block.as_ptr();
        // SAFETY: one past the block's last entry.
        let end = unsafe { p.add($block.len()) };
        // SAFETY (every `$sums` below): `p` is a channel's first entry, `p` < `end` (the
        // block is whole channels and not empty), and `chan` holds the block's span.
        let acc = unsafe { $sums($chan, &mut p) };
        // The first channel starts the totals at 0.0 + its sums, without reading them (and
        // without zeroing them first); the last one's totals are returned, not stored.
        if p == end {
            let mut sums = acc;
            $each(&mut sums, &acc, |_, a| Lane::zero().add(a));
            return sums;
        }
        $each($totals, &acc, |_, a| Lane::zero().add(a));
        loop {
            let acc = unsafe { $sums($chan, &mut p) };
            // `reload`: a load LLVM may not replace by the value it stored a channel ago, so
            // the totals stay in memory rather than in SIMD registers that the accumulators
            // need.
            if p == end {
                return $join($totals, &acc);
            }
            $each($totals, &acc, |t, a| Lane::reload(t).add(a));
        }
    }};
}

/// One output row of a single filter (block 0 of `weights`, which the one-filter tile width
/// made): tile after tile of `TILE1_W` columns, each summed over all channels (`tile1`) and
/// written with `bias` to `out`, the row's `out.len()` values. As [`row`], every check is
/// made once per row.
#[inline(never)]
#[allow(unsafe_code)]
fn row1(
    input: &[f32],
    weights: &PackedWeights,
    bias: f32,
    totals: &mut Acc1,
    out: &mut [MaybeUninit<f32>],
) -> Option<()> {
    let block = weights.block(0)?;
    let (taps, depth, span) = (weights.taps, weights.depth, weights.span);
    if taps == 0 || depth == 0 || block.len() != depth * taps {
        return None;
    }
    let tiles = out.len().div_ceil(TILE1_W);
    if tiles == 0 {
        return Some(());
    }
    // Tile t reads input[t·TILE1_W .. t·TILE1_W + span]: all of them lie in `input`.
    let input = input.get(..(tiles - 1) * TILE1_W + span)?;
    let b = Lane::splat(bias);
    for t in 0..tiles {
        let ox0 = t * TILE1_W;
        // SAFETY: t < tiles, so ox0 + span ≤ input.len() (checked above); the block has
        // `depth` ≥ 1 channels of `taps` entries, the last of each flagged, with offsets +
        // TILE1_W ≤ span (the `PackedWeights` invariant for this tile width).
        let sums = unsafe { tile1(input.get_unchecked(ox0..ox0 + span), block, totals) };
        let dst = out.get_mut(ox0..)?;
        if let Some(dst) = dst.first_chunk_mut::<TILE1_W>() {
            let [s0, s1, s2, s3] = sums;
            let (v, _) = dst.as_chunks_mut::<4>();
            s0.add(b).store_uninit(&mut v[0]);
            s1.add(b).store_uninit(&mut v[1]);
            s2.add(b).store_uninit(&mut v[2]);
            s3.add(b).store_uninit(&mut v[3]);
        } else {
            // The last, partial tile.
            for (o, s) in dst.iter_mut().zip(sums.iter().flat_map(|s| s.to_array())) {
                o.write(s + bias);
            }
        }
    }
    Some(())
}

/// One channel's accumulators of the one-filter kernel: `[column vector]`.
type Acc1 = [Lane; XB1];

/// [`tile`] for one filter: `TILE1_W` output columns, every channel's partial sum added in
/// order to a total that starts at +0.0, without the bias. The same sums, in the same order,
/// as the four-filter kernel makes for its first filter.
///
/// # Safety
/// As [`tile`]'s, for a [`PackedWeights`] made for `TILE1_W`.
#[inline(always)]
#[allow(unsafe_code)]
unsafe fn tile1(chan: &[f32], block: &[TapWeights], totals: &mut Acc1) -> Acc1 {
    sum_channels!(chan, block, totals, channel_sums1, each_acc1, join1)
}

/// [`join`] for the one-filter kernel.
#[inline(always)]
fn join1(t: &Acc1, acc: &Acc1) -> Acc1 {
    [
        Lane::reload(&t[0]).add(acc[0]),
        Lane::reload(&t[1]).add(acc[1]),
        Lane::reload(&t[2]).add(acc[2]),
        Lane::reload(&t[3]).add(acc[3]),
    ]
}

/// [`each_acc`] for the one-filter kernel, written out as it is.
#[inline(always)]
fn each_acc1(totals: &mut Acc1, acc: &Acc1, f: impl Fn(&Lane, Lane) -> Lane) {
    let [t0, t1, t2, t3] = totals;
    let [a0, a1, a2, a3] = acc;
    *t0 = f(t0, *a0);
    *t1 = f(t1, *a1);
    *t2 = f(t2, *a2);
    *t3 = f(t3, *a3);
}

/// [`channel_sums`] for one filter.
///
/// # Safety
/// As [`channel_sums`]'s, for a [`PackedWeights`] made for `TILE1_W`.
#[inline(always)]
#[allow(unsafe_code)]
unsafe fn channel_sums1(chan: &[f32], p: &mut *const TapWeights) -> Acc1 {
    let mut acc = [Lane::zero(); XB1];
    walk_taps!(chan, p, acc, tap1);
    acc
}

/// One tap of the one-filter kernel: the `TILE1_W` input columns at `chan[offset..]` times
/// the filter's weight `w[0]`. Written out, as [`tap`].
#[inline(always)]
#[allow(unsafe_code)]
fn tap1<const FIRST: bool>(acc: &mut Acc1, chan: &[f32], offset: usize, w: &[f32; KB]) {
    debug_assert!(offset + TILE1_W <= chan.len());
    let w = Lane::splat_at::<0>(w);
    // SAFETY: offset + TILE1_W ≤ span (the `PackedWeights` invariant) ≤ chan.len()
    // (`tile1`'s contract), and TILE1_W = 16: the two pairs lie inside.
    let ((x0, x1), (x2, x3)) = unsafe {
        (
            Lane::load_pair_unchecked(chan, offset),
            Lane::load_pair_unchecked(chan, offset + 8),
        )
    };
    mul_add::<FIRST>(&mut acc[0], x0, w);
    mul_add::<FIRST>(&mut acc[1], x1, w);
    mul_add::<FIRST>(&mut acc[2], x2, w);
    mul_add::<FIRST>(&mut acc[3], x3, w);
}

/// One channel's accumulators: `[filter][column vector]`.
type Acc = [[Lane; XB]; KB];

/// One micro-kernel tile, `KB` filters × `TILE_W` output columns: every channel's partial
/// sum added in order to a total that starts at +0.0, without the bias
/// (`[f0 x0…x7, f1 x0…x7, …]`).
///
/// `chan` holds the `span` input values the tile reads, from its first column of the output
/// row's first tap in channel 0; `block` is one block of a [`PackedWeights`] with that span.
///
/// Per channel the accumulators take the taps in order as `acc + x·w` from the first
/// product (which is 0.0 + x·w but for the sign of a zero; a channel sum of −0.0 instead
/// of +0.0 changes no total, since the totals start at +0.0 and a sum that starts at +0.0
/// is never −0.0) and then join the totals, as the scalar reference sums. The totals stay in
/// memory (`totals`), touched once per channel, so that the accumulators and totals do not
/// both compete for V8's SIMD registers; the last channel's sums are returned instead.
///
/// # Safety
/// `block` holds whole channels of entries (each channel's last flagged `last`), at least
/// one, and `chan` holds their span.
#[inline(always)]
#[allow(unsafe_code)]
unsafe fn tile(chan: &[f32], block: &[TapWeights], totals: &mut Acc) -> Acc {
    sum_channels!(chan, block, totals, channel_sums, each_acc, join)
}

/// `totals + acc`, the totals read from memory (`Lane::reload`).
#[inline(always)]
fn join(t: &Acc, acc: &Acc) -> Acc {
    [
        [
            Lane::reload(&t[0][0]).add(acc[0][0]),
            Lane::reload(&t[0][1]).add(acc[0][1]),
        ],
        [
            Lane::reload(&t[1][0]).add(acc[1][0]),
            Lane::reload(&t[1][1]).add(acc[1][1]),
        ],
        [
            Lane::reload(&t[2][0]).add(acc[2][0]),
            Lane::reload(&t[2][1]).add(acc[2][1]),
        ],
        [
            Lane::reload(&t[3][0]).add(acc[3][0]),
            Lane::reload(&t[3][1]).add(acc[3][1]),
        ],
    ]
}

/// One channel's sums: the taps in order from the first product. `*p` points to the
/// channel's first entry and is left at the next channel's.
///
/// # Safety
/// `*p` points to a channel's entries of a [`PackedWeights`] (the last one flagged `last`)
/// whose span is at most `chan.len()`.
#[inline(always)]
#[allow(unsafe_code)]
unsafe fn channel_sums(chan: &[f32], p: &mut *const TapWeights) -> Acc {
    let mut acc = [[Lane::zero(); XB]; KB];
    walk_taps!(chan, p, acc, tap);
    acc
}

/// One tap: the `TILE_W` input columns at `chan[offset..]` times the block's `KB` weights
/// `w`; the first tap of a channel (`FIRST`) sets the accumulators to the products.
/// `offset` is one of a [`PackedWeights`]' offsets and `chan` holds its `span` values.
///
/// Written out: at opt-level "z" LLVM does not unroll a loop over the accumulators, which
/// then live in memory.
#[inline(always)]
#[allow(unsafe_code)]
fn tap<const FIRST: bool>(acc: &mut Acc, chan: &[f32], offset: usize, w: &[f32; KB]) {
    debug_assert!(offset + TILE_W <= chan.len());
    // SAFETY: offset + TILE_W ≤ span (the `PackedWeights` invariant) ≤ chan.len()
    // (`tile`'s contract), and TILE_W = 8.
    let (x, x1) = unsafe { Lane::load_pair_unchecked(chan, offset) };
    mul_add::<FIRST>(&mut acc[0][0], x, Lane::splat_at::<0>(w));
    mul_add::<FIRST>(&mut acc[1][0], x, Lane::splat_at::<1>(w));
    mul_add::<FIRST>(&mut acc[2][0], x, Lane::splat_at::<2>(w));
    mul_add::<FIRST>(&mut acc[3][0], x, Lane::splat_at::<3>(w));
    let x = x1;
    mul_add::<FIRST>(&mut acc[0][1], x, Lane::splat_at::<0>(w));
    mul_add::<FIRST>(&mut acc[1][1], x, Lane::splat_at::<1>(w));
    mul_add::<FIRST>(&mut acc[2][1], x, Lane::splat_at::<2>(w));
    mul_add::<FIRST>(&mut acc[3][1], x, Lane::splat_at::<3>(w));
}

/// `a + x·w` (`x·w` when `FIRST`).
#[inline(always)]
fn mul_add<const FIRST: bool>(a: &mut Lane, x: Lane, w: Lane) {
    *a = if FIRST { x.mul(w) } else { a.mul_add(x, w) };
}

/// `totals[i][j] = f(&totals[i][j], acc[i][j])` for every accumulator, written out (a loop
/// over them at opt-level "z" would keep `acc` in memory).
#[inline(always)]
fn each_acc(totals: &mut Acc, acc: &Acc, f: impl Fn(&Lane, Lane) -> Lane) {
    let [t0, t1, t2, t3] = totals;
    let [a0, a1, a2, a3] = acc;
    t0[0] = f(&t0[0], a0[0]);
    t0[1] = f(&t0[1], a0[1]);
    t1[0] = f(&t1[0], a1[0]);
    t1[1] = f(&t1[1], a1[1]);
    t2[0] = f(&t2[0], a2[0]);
    t2[1] = f(&t2[1], a2[1]);
    t3[0] = f(&t3[0], a3[0]);
    t3[1] = f(&t3[1], a3[1]);
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
/// four windows side by side); `None` if one falls outside it.
#[inline(always)]
fn window_lane(plane: &[f32], at: usize, sw: usize) -> Option<Lane> {
    let s = plane.get(at..)?;
    Some(match sw {
        1 => Lane::load(s.first_chunk()?),
        2 if s.len() >= 8 => Lane::load_even(s.first_chunk()?),
        _ => Lane::from_array([*s.first()?, *s.get(sw)?, *s.get(2 * sw)?, *s.get(3 * sw)?]),
    })
}

/// The maxima of four horizontal pairs (8 consecutive values of one row), a NaN (all bits
/// set) where a pair holds one: the first half of four 2×2 windows with stride 2.
/// Row-major first-maximum, as `pool_at`: `f32x4.pmax` keeps the earlier value on a tie (so
/// a −0.0 and a +0.0 come out as `pool_at` gives them). pmax would drop a NaN; the contract
/// fixes that a NaN wins, not which NaN.
#[inline(always)]
fn max_pairs(x: &[f32; 8]) -> Lane {
    let (even, odd) = rows_of_pairs(x);
    even.first_max(odd)
        .nan_where(even.is_nan().or(odd.is_nan()))
}

/// Four 2×2 windows with stride 2 over a run: `dst` gets the maxima of its
/// `dst.len() / 4 · 4` windows, whose rows are `top` and `bottom` (8 values per 4 windows).
/// `None` if the rows are too short.
///
/// The top row's pairs first, into `dst`, then the bottom row's, each folded into what `dst`
/// holds: the same order of comparisons as one window at a time (top pair, bottom pair, then
/// the two), so the same bits, and the input is read front to back. Reading the two rows in
/// step, 4 windows at a time, was three times slower on 224 × 224 × 64 (12.8 MB, workload E
/// of `make bench`) on a 2-core AMD EPYC: two streams a row apart, each broken at every row's
/// end, left the hardware prefetcher behind; read in order the run was as fast as in cache.
///
/// Pointers stepped by hand, without a bounds check per block: with slices indexed per
/// block, LLVM kept nine induction variables and V8 spilled them, so that the loop ran about
/// 50 instructions for 16 of arithmetic.
#[inline(always)]
#[allow(unsafe_code)]
fn max_2x2_run(top: &[f32], bottom: &[f32], dst: &mut [MaybeUninit<f32>]) -> Option<()> {
    let blocks = dst.len() / 4;
    if top.len() < 8 * blocks || bottom.len() < 8 * blocks {
        return None;
    }
    let (mut t, mut d) = (top.as_ptr(), dst.as_mut_ptr());
    for _ in 0..blocks {
        // SAFETY: block i reads top[8i..8i + 8] and writes dst[4i..4i + 4], inside the
        // slices for i < blocks (checked above); the pointers step by 8 and 4 per block and
        // are dereferenced only for i < blocks.
        unsafe {
            max_pairs(&*t.cast::<[f32; 8]>()).store_uninit(&mut *d.cast::<[MaybeUninit<f32>; 4]>());
            t = t.add(8);
            d = d.add(4);
        }
    }
    let (mut b, mut d) = (bottom.as_ptr(), dst.as_mut_ptr());
    for _ in 0..blocks {
        // SAFETY: as above for bottom and dst; dst[4i..4i + 4] was written by the first loop,
        // so it is read as initialised f32s.
        unsafe {
            let up = Lane::load(&*d.cast::<[f32; 4]>());
            let (even, odd) = rows_of_pairs(&*b.cast::<[f32; 8]>());
            // A NaN from the top pair stays (pmax keeps a NaN `self`); one from the bottom
            // pair gives all bits set, as the top's did.
            up.first_max(even.first_max(odd))
                .nan_where(even.is_nan().or(odd.is_nan()))
                .store_uninit(&mut *d.cast::<[MaybeUninit<f32>; 4]>());
            b = b.add(8);
            d = d.add(4);
        }
    }
    Some(())
}

/// The maximum of one window wholly inside the input, whose first cell is `plane[origin]`
/// at input (row, column) `at`: `pool_at`'s rule (strict `>`, the first NaN wins over
/// numbers) over `taps` in their row-major order. `None` if a tap falls outside `plane`.
fn pool_inside(plane: &[f32], origin: usize, at: (usize, usize), taps: &[PoolTap]) -> Option<Best> {
    let mut best: Option<Best> = None;
    for (index, tap) in taps.iter().enumerate() {
        let v = *plane.get(origin + tap.offset)?;
        if takes_over(v, &best) {
            best = Some(Best {
                value: v,
                index,
                at: (at.0 + tap.dy, at.1 + tap.dx),
            });
        }
    }
    best
}

/// Tap `at` of four windows side by side, `sw` apart, of one input row: [`window_lane`] with
/// the stride known at compile time when it is 1 or 2 (`S`; 0 for any other), so that the
/// load is chosen once, not per tap.
#[inline(always)]
fn row_lane<const S: usize>(row: &[f32], at: usize, sw: usize) -> Option<Lane> {
    window_lane(row, at, if S == 0 { sw } else { S })
}

/// The values-only pool over windows wholly inside the input, for any window other than
/// 2 × 2 with stride 2: each input row's horizontal maxima (over each window's columns) once,
/// then each output row as the maximum of its window rows' maxima. Along the row, then across
/// rows, gives `pool_at`'s first maximum in row-major order (`f32x4.pmax` keeps the earlier
/// on a tie, so −0.0 and +0.0 come out as there), and a NaN anywhere in a window gives all
/// bits set. The input rows are read in order, as [`max_2x2_run`] reads them. A 3 × 3 window
/// with stride 2 shares every other input row between two output rows, so each is read once,
/// not twice (PERFORMANCE.md, "The overlapping pool"). The rows' maxima are kept in a ring of
/// as many rows as a window spans: the rows an output row needs lie within that many
/// consecutive rows, so none of them evicts another.
struct RowMaxima {
    /// `span` rows of `run` maxima.
    ring: Vec<f32>,
    /// The input row each ring row holds (`usize::MAX`: none yet), and whether a NaN made
    /// some of its maxima (all bits set there).
    held: Vec<(usize, bool)>,
    /// Windows per output row (the interior run), at least 4: blocks of four from the start,
    /// and one more ending at `run` when it is not a multiple of 4 (that block overlaps the
    /// one before, and writes the same values again).
    run: usize,
    /// The current output row's window rows: where each is in `ring`, and its NaN flag.
    rows_at: Vec<(usize, bool)>,
    /// The window's row and column offsets (row-major, as `pool_at` takes them) and the
    /// windows' column stride.
    rows: Vec<usize>,
    cols: Vec<usize>,
    sw: usize,
    /// How many values from a run's first window a row must hold for every block's loads
    /// to be taken unchecked (`None`: more than memory holds).
    reach: Option<usize>,
    /// A 3-column window with column stride 2 and no dilation (`block_maxima`'s own way,
    /// `T`).
    three_s2: bool,
    /// The 3 × 3 window with column stride 2, no dilation (`three_by_three_s2`).
    three_by_three: bool,
}

impl RowMaxima {
    /// For windows of rows `rows` and columns `cols` (offsets, row-major), `sw` apart, `run`
    /// (at least 4) of them per output row. Whatever does not change from row to row is
    /// worked out here (on a 56 × 56 plane a row is seven blocks of four windows).
    fn new(rows: Vec<usize>, cols: Vec<usize>, sw: usize, run: usize) -> Option<Self> {
        let span = rows.last()?.checked_add(1)?;
        if run < 4 || cols.is_empty() {
            return None;
        }
        // The last block's loads: 4 values (stride 1), 8 (stride 2), else lane by lane.
        let load = match sw {
            1 => 4,
            2 => 8,
            _ => sw.checked_mul(3)?.checked_add(1)?,
        };
        let reach = (run - 4)
            .checked_mul(sw)
            .and_then(|x| x.checked_add(*cols.iter().max()?))
            .and_then(|x| x.checked_add(load));
        let mut ring: Vec<f32> = try_vec(span.checked_mul(run)?, "volume size").ok()?;
        ring.resize(span * run, 0.0);
        let three_s2 = sw == 2 && cols == [0, 1, 2];
        Some(RowMaxima {
            ring,
            held: vec![(usize::MAX, false); span],
            run,
            rows_at: Vec::new(),
            three_s2,
            three_by_three: three_s2 && rows == [0, 1, 2],
            rows,
            cols,
            sw,
            reach,
        })
    }

    /// Forgets the rows held (a new plane).
    fn clear(&mut self) {
        self.held.fill((usize::MAX, false));
    }

    /// `dst` (`run` values) gets the maxima of the output row whose windows' first row is
    /// `src`'s row `y0` (read from the run's first window on). `None` if a read falls outside
    /// the plane.
    ///
    /// The window's last row is always one no output row has read yet (rows are taken top
    /// down), so its maxima are taken in the same pass as the output row's, which reads the
    /// other rows' from the ring: one pass over the run where a pass for the row and another
    /// for the output row took twice the loop and stored and read back the row's maxima (on
    /// a 56 × 56 plane, seven blocks a row, that was much of the time). Not when a row held
    /// has a NaN, the last row does not fit the unchecked loads, or the pass finds a NaN in
    /// it: then the row is taken first (tap by tap with masks where it has a NaN) and the
    /// output row folded from the ring after.
    fn pool_row(
        &mut self,
        src: &mut Source<'_>,
        y0: usize,
        dst: &mut [MaybeUninit<f32>],
    ) -> Option<()> {
        let run = self.run;
        let dst = dst.get_mut(..run)?;
        if self.three_by_three && self.three_by_three_s2(src, y0, dst)? {
            return Some(());
        }
        self.rows_at.clear();
        let (&last_dy, upper) = self.rows.split_last()?;
        // Row y0 + dy's ring slot, (y0 + dy) mod span, from one division an output row, not
        // one a row.
        let span = self.held.len();
        let base = y0 % span;
        let slot_of = |dy: usize| {
            let s = base + dy;
            if s >= span {
                s - span
            } else {
                s
            }
        };
        for i in 0..upper.len() {
            let dy = *self.rows.get(i)?;
            self.take_row(src, y0 + dy, slot_of(dy))?;
        }
        let y = y0 + last_dy;
        let slot = slot_of(last_dy);
        let new = self.held.get(slot)?.0 != y;
        if new && !self.rows_at.iter().any(|r| r.1) {
            let row = src.row(y)?;
            if self.reach.is_some_and(|r| r <= row.len()) {
                // SAFETY: `row` holds `reach` values, `row_maxima`'s bound for these `cols`,
                // `sw` and `run`, worked out in `new`, as is `three_s2`.
                #[allow(unsafe_code)]
                let nan = unsafe {
                    match (self.sw, self.three_s2) {
                        (1, _) => self.fold_new_row::<1, false>(row, slot, dst),
                        (2, true) => self.fold_new_row::<2, true>(row, slot, dst),
                        (2, false) => self.fold_new_row::<2, false>(row, slot, dst),
                        _ => self.fold_new_row::<0, false>(row, slot, dst),
                    }
                }?;
                if !nan {
                    *self.held.get_mut(slot)? = (y, false);
                    return Some(());
                }
                // The slot's maxima are partly written: it holds no row until taken again.
                *self.held.get_mut(slot)? = (usize::MAX, false);
            }
        }
        self.take_row(src, y, slot)?;
        self.fold(dst)
    }

    /// Makes the ring's `slot` (`y` mod the span) hold input row `y`'s maxima over the run
    /// (taken now from `src` if it does not), and appends where they are, and their NaN flag,
    /// to `rows_at`.
    fn take_row(&mut self, src: &mut Source<'_>, y: usize, slot: usize) -> Option<()> {
        let run = self.run;
        let (sw, cols, reach, three) = (self.sw, &self.cols, self.reach, self.three_s2);
        let h = self.ring.get_mut(slot * run..(slot + 1) * run)?;
        let held = self.held.get_mut(slot)?;
        if held.0 != y {
            let row = src.row(y)?;
            let fits = reach.is_some_and(|r| r <= row.len());
            // SAFETY: `reach` is `row_maxima`'s bound for these `cols`, `sw` and `run`
            // (`h.len()`), worked out in `new`, as is `three`.
            #[allow(unsafe_code)]
            let nan = unsafe {
                match (sw, three) {
                    (1, _) => row_maxima::<1, false>(h, row, sw, cols, fits)?,
                    (2, true) => row_maxima::<2, true>(h, row, sw, cols, fits)?,
                    (2, false) => row_maxima::<2, false>(h, row, sw, cols, fits)?,
                    _ => row_maxima::<0, false>(h, row, sw, cols, fits)?,
                }
            };
            *held = (y, nan);
        }
        self.rows_at.push((slot * run, held.1));
        Some(())
    }

    /// `dst` gets the maxima over the ring's rows in `rows_at` (row-major, the first maximum).
    fn fold(&self, dst: &mut [MaybeUninit<f32>]) -> Option<()> {
        let run = self.run;
        let ((first, _), rest) = self.rows_at.split_first()?;
        let nan = self.rows_at.iter().any(|r| r.1);
        let dst = dst.get_mut(..run)?;
        let ring = self.ring.as_ptr();
        let one = |st: usize| {
            // SAFETY: each offset in `rows_at` is a ring row's, `slot · run` with slot <
            // span, and st ≤ run − 4 (`each_block`), so `o + st .. o + st + 4` lies in the
            // ring's span · run values.
            #[allow(unsafe_code)]
            let at = |o: usize| unsafe { Lane::load(&*ring.add(o + st).cast::<[f32; 4]>()) };
            let mut best = at(*first);
            if nan {
                // A NaN (all bits set) in a row's maxima: pmax would drop it.
                let mut m = best.is_nan();
                for &(o, _) in rest {
                    let v = at(o);
                    best = best.first_max(v);
                    m = m.or(v.is_nan());
                }
                best.nan_where(m)
            } else {
                for &(o, _) in rest {
                    best = best.first_max(at(o));
                }
                best
            }
        };
        each_block(run, |st| {
            // SAFETY: st ≤ run − 4 and `dst` holds `run` values.
            #[allow(unsafe_code)]
            let d = unsafe { &mut *dst.as_mut_ptr().add(st).cast::<[MaybeUninit<f32>; 4]>() };
            one(st).store_uninit(d);
        });
        Some(())
    }

    /// [`RowMaxima::pool_row`] for the 3 × 3 window with stride 2 (the lecture notes'
    /// overlapping pool) when the ring holds the output row's first window row (the last of
    /// the output row before): the middle row's maxima in one pass, then the last row's with
    /// the output row's in another, in a function of its own with nothing else (through
    /// `pool_row`'s general way, ~20 % slower on 56 × 56 planes: its bookkeeping is per
    /// output row, and a row there is seven blocks). `false` where it does not apply (a
    /// plane's first output row, a row that does not fit the unchecked loads) or found a NaN
    /// (the general way, with masks, then does the row). Taking the two rows in one pass
    /// measured ~2× slower on 224 × 224 × 64: two rows read side by side.
    fn three_by_three_s2(
        &mut self,
        src: &mut Source<'_>,
        y0: usize,
        dst: &mut [MaybeUninit<f32>],
    ) -> Option<bool> {
        let run = self.run;
        let (top, mid, low) = (y0 % 3, (y0 + 1) % 3, (y0 + 2) % 3);
        let reach = self.reach;
        let fits = |r: &[f32]| reach.is_some_and(|n| n <= r.len());
        if self.held.len() != 3
            || self.held.get(top)? != &(y0, false)
            || self.held.get(mid)?.0 == y0 + 1
            || self.ring.len() < 3 * run
            || dst.len() < run
            || run < 4
        {
            return Some(false);
        }
        let middle = src.row(y0 + 1)?;
        if !fits(middle) {
            return Some(false);
        }
        let ring = self.ring.as_mut_ptr();
        let (out, m) = (dst.as_mut_ptr(), middle.as_ptr());
        // SAFETY (both passes): st ≤ run − 4 (`each_block`); the ring holds 3 rows of `run`
        // maxima, and `top`, `mid` and `low` differ (three consecutive rows mod 3); `dst`
        // holds `run` values; each row holds `reach` = 2·(run − 4) + 10 values (`fits`), and
        // a block reads up to 2·st + 10.
        let mut sum = Lane::zero();
        each_block(run, |st| {
            #[allow(unsafe_code)]
            unsafe {
                let (best, part) = block_maxima::<2, true>(m.add(2 * st), 2, 0, &[]);
                sum = sum.add(part);
                best.store(&mut *ring.add(mid * run + st).cast::<[f32; 4]>());
            }
        });
        if row_has_nan::<true>(sum, middle, run)? {
            *self.held.get_mut(mid)? = (usize::MAX, false);
            return Some(false);
        }
        *self.held.get_mut(mid)? = (y0 + 1, false);
        let bottom = src.row(y0 + 2)?;
        if !fits(bottom) {
            return Some(false);
        }
        let b = bottom.as_ptr();
        let mut sum = Lane::zero();
        each_block(run, |st| {
            #[allow(unsafe_code)]
            unsafe {
                let (best, part) = block_maxima::<2, true>(b.add(2 * st), 2, 0, &[]);
                sum = sum.add(part);
                best.store(&mut *ring.add(low * run + st).cast::<[f32; 4]>());
                let first = Lane::load(&*ring.add(top * run + st).cast::<[f32; 4]>());
                let second = Lane::load(&*ring.add(mid * run + st).cast::<[f32; 4]>());
                let v = first.first_max(second).first_max(best);
                v.store_uninit(&mut *out.add(st).cast::<[MaybeUninit<f32>; 4]>());
            }
        });
        let found = row_has_nan::<true>(sum, bottom, run)?;
        *self.held.get_mut(low)? = if found {
            (usize::MAX, false)
        } else {
            (y0 + 2, false)
        };
        Some(!found)
    }

    /// The window's last row (`row`, from the run's first window) taken into ring slot
    /// `slot` in the same pass as `dst` (`run` values) gets the maxima over the rows in
    /// `rows_at` (none with a NaN) and then it. Returns whether the row has a NaN (or an
    /// infinity less one: its sum is NaN), in which case `dst` and the slot are to be done
    /// again.
    ///
    /// # Safety
    /// `row` holds `reach` values (see `row_maxima`); `slot` is not one of `rows_at`'s.
    #[inline(never)]
    #[allow(unsafe_code)]
    unsafe fn fold_new_row<const S: usize, const T: bool>(
        &mut self,
        row: &[f32],
        slot: usize,
        dst: &mut [MaybeUninit<f32>],
    ) -> Option<bool> {
        let (run, sw) = (self.run, self.sw);
        if run < 4 || dst.len() < run || self.ring.len() < (slot + 1) * run {
            return None;
        }
        let (&first, rest) = self.cols.split_first()?;
        let ring = self.ring.as_mut_ptr();
        let (r, out, held) = (row.as_ptr(), dst.as_mut_ptr(), &self.rows_at);
        let mut sum = Lane::zero();
        // SAFETY (every block): st ≤ run − 4 (`each_block`); the row's reads end within
        // `reach` (the caller's contract); each ring row, `rows_at`'s and `slot`'s, holds
        // `run` maxima; `dst` holds `run` values.
        if let [(o1, _), (o2, _)] = **held {
            // Three window rows, written out (a loop of two turns costs as much as the two
            // maxima it takes).
            each_block(run, |st| {
                #[allow(unsafe_code)]
                unsafe {
                    let (low, part) = block_maxima::<S, T>(r.add(st * sw), sw, first, rest);
                    sum = sum.add(part);
                    low.store(&mut *ring.add(slot * run + st).cast::<[f32; 4]>());
                    let top = Lane::load(&*ring.add(o1 + st).cast::<[f32; 4]>());
                    let mid = Lane::load(&*ring.add(o2 + st).cast::<[f32; 4]>());
                    let best = top.first_max(mid).first_max(low);
                    best.store_uninit(&mut *out.add(st).cast::<[MaybeUninit<f32>; 4]>());
                }
            });
        } else {
            each_block(run, |st| {
                #[allow(unsafe_code)]
                unsafe {
                    let (low, part) = block_maxima::<S, T>(r.add(st * sw), sw, first, rest);
                    sum = sum.add(part);
                    low.store(&mut *ring.add(slot * run + st).cast::<[f32; 4]>());
                    let mut best = low;
                    if let Some(((o, _), others)) = held.split_first() {
                        best = Lane::load(&*ring.add(o + st).cast::<[f32; 4]>());
                        for &(o, _) in others {
                            best =
                                best.first_max(Lane::load(&*ring.add(o + st).cast::<[f32; 4]>()));
                        }
                        best = best.first_max(low);
                    }
                    best.store_uninit(&mut *out.add(st).cast::<[MaybeUninit<f32>; 4]>());
                }
            });
        }
        row_has_nan::<T>(sum, row, run)
    }
}

/// Whether a row of `run` windows (`row`, from the first) has a NaN, from the sum of its
/// blocks' values (`block_maxima`): a NaN, or an infinity less one, makes the sum NaN. With
/// `T` (3 columns, stride 2) the blocks' first eight values cover columns 0 … 2·run − 1, and
/// the last window also reads column 2·run, which is looked at here. `None` if the row does
/// not hold it.
#[inline(always)]
fn row_has_nan<const T: bool>(sum: Lane, row: &[f32], run: usize) -> Option<bool> {
    Some(sum.is_nan().any() || (T && row.get(2 * run)?.is_nan()))
}

/// One block of four windows' maxima along one input row, from `r` (the block's first
/// window's first column; windows `sw` apart, columns `first` then `rest`), and a sum of the
/// values they read, which a NaN (or an infinity less one) makes NaN: an add a tap where a
/// compare and an or would look for one. The 3-column window with stride 2 (`T`, the
/// lecture notes' overlapping pool) takes columns 2i, 2i + 1 and 2i + 2 as the evens and
/// odds of eight values and the evens of the eight from 2i + 2: four loads and three
/// shuffles, not six and three; its sum covers the eight values (the caller checks the last
/// window's third column).
///
/// # Safety
/// `r` points to the values the taps read: up to `3·sw + max(cols)` past it and the load's
/// width (4 for `S` = 1, 8 for `S` = 2, else 1); with `T` (`first` and `rest` then unread),
/// 10 values.
#[inline(always)]
#[allow(unsafe_code)]
unsafe fn block_maxima<const S: usize, const T: bool>(
    r: *const f32,
    sw: usize,
    first: usize,
    rest: &[usize],
) -> (Lane, Lane) {
    if T {
        // SAFETY: the caller's contract: r[0 .. 8] and r[2 .. 10].
        let (lo, hi, next) = unsafe {
            (
                Lane::load(&*r.cast::<[f32; 4]>()),
                Lane::load(&*r.add(4).cast::<[f32; 4]>()),
                Lane::load_even(&*r.add(2).cast::<[f32; 8]>()),
            )
        };
        let (even, odd) = Lane::evens_odds(lo, hi);
        return (even.first_max(odd).first_max(next), lo.add(hi));
    }
    // SAFETY: the caller's contract.
    let tap = |c: usize| unsafe { lane_at::<S>(r.add(c), sw) };
    let mut best = tap(first);
    // The block's own sum first: one add a block on the chain across blocks.
    let mut part = best;
    for &c in rest {
        let v = tap(c);
        best = best.first_max(v);
        part = part.add(v);
    }
    (best, part)
}

/// `f(st)` for the first window `st` of each block of four of a run of `run` (at least 4)
/// windows: 0, 4, 8, …, then `run − 4` when `run` is not a multiple of 4.
#[inline(always)]
fn each_block(run: usize, mut f: impl FnMut(usize)) {
    // One call of `f`, so that it is inlined (called twice, at opt-level "z" it was not).
    let Some(last) = run.checked_sub(4) else {
        return;
    };
    let mut st = 0;
    loop {
        f(st);
        if st == last {
            break;
        }
        st = (st + 4).min(last);
    }
}

/// `h` (`run` values) gets one input row's maxima over each window's columns `cols` (from
/// `row`, which starts at the run's first window), windows `sw` apart. Returns whether a NaN
/// made some of them (all bits set there). With `fits` the loads go unchecked; without (the
/// row a plane ends on, whose last block may read past it: an 8-value load for 4 values
/// with stride 2), lane by lane where they must. `T`: `cols` is [0, 1, 2] and `sw` 2.
///
/// # Safety
/// `fits` only if `row` holds `last·sw + max(cols) + load` values, where `last` = `run` − 4
/// and `load` is 4 for `S` = 1, 8 for `S` = 2, else `3·sw + 1` (`RowMaxima::new`'s `reach`);
/// `T` only if `cols` is [0, 1, 2] and `sw` is 2.
#[inline(always)]
#[allow(unsafe_code)]
unsafe fn row_maxima<const S: usize, const T: bool>(
    h: &mut [f32],
    row: &[f32],
    sw: usize,
    cols: &[usize],
    fits: bool,
) -> Option<bool> {
    let (&first, rest) = cols.split_first()?;
    let run = h.len();
    if run < 4 {
        return None;
    }
    let out = h.as_mut_ptr();
    // SAFETY (the stores below): st ≤ run − 4 (`each_block`), and `h` holds `run` values.
    #[allow(unsafe_code)]
    let store = |st: usize, v: Lane| unsafe { v.store(&mut *out.add(st).cast::<[f32; 4]>()) };
    if fits {
        // Block by block (`block_maxima`); a row where the sum finds a NaN is done again tap
        // by tap below.
        let r = row.as_ptr();
        let mut sum = Lane::zero();
        each_block(run, |st| {
            // SAFETY: every tap's read ends at most at last·sw + max(cols) + load ≤
            // row.len() (`fits`, the caller's contract; 2·last + 10 with `T`).
            #[allow(unsafe_code)]
            let (best, part) = unsafe { block_maxima::<S, T>(r.add(st * sw), sw, first, rest) };
            sum = sum.add(part);
            store(st, best);
        });
        if !row_has_nan::<T>(sum, row, run)? {
            return Some(false);
        }
    }
    // A row with a NaN (or one that did not fit the loads above): tap by tap, with masks.
    let mut nan = Lane::zero().is_nan();
    let mut ok = Some(());
    let mut put = |st: usize, got: Option<(Lane, Mask)>| match got {
        Some((best, m)) => {
            nan = nan.or(m);
            store(st, best.nan_where(m));
        }
        None => ok = None,
    };
    if fits {
        let r = row.as_ptr();
        // SAFETY: every tap's read ends at most at last·sw + max(cols) + load ≤ row.len()
        // (`fits`, the caller's contract).
        #[allow(unsafe_code)]
        let tap = |at: usize| Some(unsafe { lane_at::<S>(r.add(at), sw) });
        each_block(run, |st| put(st, window_row(st * sw, first, rest, tap)));
    } else {
        let tap = |at: usize| row_lane::<S>(row, at, sw);
        each_block(run, |st| put(st, window_row(st * sw, first, rest, tap)));
    }
    ok?;
    Some(nan.any())
}

/// Four windows' maxima over one row's taps (`x + first`, then `x + c` for `rest`, read by
/// `tap`), and where one was NaN.
#[inline(always)]
fn window_row(
    x: usize,
    first: usize,
    rest: &[usize],
    tap: impl Fn(usize) -> Option<Lane>,
) -> Option<(Lane, Mask)> {
    let mut best = tap(x + first)?;
    let mut m = best.is_nan();
    for &c in rest {
        let v = tap(x + c)?;
        best = best.first_max(v);
        m = m.or(v.is_nan());
    }
    Some((best, m))
}

/// [`row_lane`] without its checks.
///
/// # Safety
/// `p` points to the values the load reads: 4 (`S` = 1), 8 (`S` = 2), else `3·sw + 1`.
#[inline(always)]
#[allow(unsafe_code)]
unsafe fn lane_at<const S: usize>(p: *const f32, sw: usize) -> Lane {
    // SAFETY: the caller's contract.
    unsafe {
        match S {
            1 => Lane::load(&*p.cast::<[f32; 4]>()),
            2 => Lane::load_even(&*p.cast::<[f32; 8]>()),
            _ => Lane::from_array([*p, *p.add(sw), *p.add(2 * sw), *p.add(3 * sw)]),
        }
    }
}

/// The maxima of four 2×2 windows with stride 2 side by side (rows `t` and `b` hold their
/// 8 columns) and the window index (0…3, row-major) of each maximum, by the
/// full pooling rule (`beats`, which also lets the first NaN win) in integer lanes.
#[inline(always)]
fn max_2x2_argmax(t: &[f32; 8], b: &[f32; 8]) -> (Lane, Index) {
    let (te, to) = rows_of_pairs(t);
    let (be, bo) = rows_of_pairs(b);
    let top_odd = to.beats(te);
    let top = to.select(te, top_odd);
    let top_i = Index::splat(1).select(Index::splat(0), top_odd);
    let bottom_odd = bo.beats(be);
    let bottom = bo.select(be, bottom_odd);
    let bottom_i = Index::splat(3).select(Index::splat(2), bottom_odd);
    let lower = bottom.beats(top);
    (bottom.select(top, lower), bottom_i.select(top_i, lower))
}

/// The left and the right column of four horizontal pairs (8 consecutive values).
#[inline(always)]
fn rows_of_pairs(x: &[f32; 8]) -> (Lane, Lane) {
    let (lo, hi) = x.split_at(4);
    match (lo.first_chunk::<4>(), hi.first_chunk::<4>()) {
        (Some(lo), Some(hi)) => Lane::evens_odds(Lane::load(lo), Lane::load(hi)),
        // split_at(4) of 8 values always gives two chunks of 4.
        _ => (Lane::zero(), Lane::zero()),
    }
}

/// Where [`RowMaxima`] reads its input rows from.
enum Source<'a> {
    /// A channel plane, `w` wide, whose runs of windows start at column `x0`.
    Plane {
        plane: &'a [f32],
        w: usize,
        x0: usize,
    },
    /// A channel plane, `w` wide, read through [`Bordered`]: −∞ around it.
    Bordered {
        plane: &'a [f32],
        w: usize,
        border: &'a mut Bordered,
    },
}

impl Source<'_> {
    /// Input row `y` (with `Bordered`, of the bordered plane) from the run's first window on,
    /// as far as the memory it is in goes (past the row's end on all rows of a plane but the
    /// last; [`Bordered::SLACK`] past it with `Bordered`). Valid until the next call.
    fn row(&mut self, y: usize) -> Option<&[f32]> {
        match self {
            Source::Plane { plane, w, x0 } => plane.get(y * *w..)?.get(*x0..),
            Source::Bordered { plane, w, border } => border.row(plane, *w, y),
        }
    }
}

/// Rows of a channel plane with −∞ around them, as far as the windows reach. A window's
/// maximum over its cells inside the input and any number of −∞ is its maximum over the
/// cells inside (no window lies wholly outside: the caller's check), with the same bits (−∞
/// ties only with −∞, and a NaN still makes the window's), so padding read as −∞ is padding
/// left out, as `pool_at` leaves it, and every window is an interior one. A row is copied
/// in when it is read, into one row kept for it (each input row is read once: a plane
/// copied whole cost a 112 × 112 × 64 pool as much again, in memory traffic).
struct Bordered {
    /// The row read last: −∞ but where an input row is copied in, `width` values and then
    /// [`Bordered::SLACK`] more.
    row: Vec<f32>,
    /// A row of padding, as long.
    blank: Vec<f32>,
    /// Where the input's first cell goes, and how many of its rows and columns any window
    /// reaches (Floor leaves the rest out).
    at: (usize, usize),
    copied: (usize, usize),
}

impl Bordered {
    /// Values past a row's last window cell: a block's loads read up to 8 values from its
    /// last window's first cell (`RowMaxima::new`'s `reach`).
    const SLACK: usize = 16;

    /// For geometry `g` over planes of `h` × `w`; `None` if it cannot be allocated (the
    /// windows at the edges then take the scalar routine).
    fn new(g: &Geometry, h: usize, w: usize) -> Option<Self> {
        // The windows cover (output − 1)·stride + span cells of the padded axis, in which the
        // input starts at pad_lo.
        let extent = |p: &AxisPlan| (p.output - 1).checked_mul(p.stride)?.checked_add(p.span);
        let (height, width) = (extent(&g.rows)?, extent(&g.cols)?);
        let at = (g.rows.pad_lo, g.cols.pad_lo);
        let copied = (
            h.min(height.checked_sub(at.0)?),
            w.min(width.checked_sub(at.1)?),
        );
        let n = width.checked_add(Self::SLACK)?;
        let mut row: Vec<f32> = try_vec(n, "volume size").ok()?;
        row.resize(n, f32::NEG_INFINITY);
        Some(Bordered {
            blank: row.clone(),
            row,
            at,
            copied,
        })
    }

    /// Row `y` of the bordered plane over `input` (`w` wide): the padding row, or the input
    /// row copied in between −∞ (the cells around it are never written).
    fn row(&mut self, input: &[f32], w: usize, y: usize) -> Option<&[f32]> {
        let ((top, left), (rows, cols)) = (self.at, self.copied);
        let Some(iy) = y.checked_sub(top).filter(|&iy| iy < rows) else {
            return Some(&self.blank);
        };
        let from = input.get(iy * w..iy * w + cols)?;
        let to = self.row.get_mut(left..left + cols)?;
        // Four at a time, then the rest (`copy_from_slice` is a `memory.copy`, which V8 calls
        // out for).
        let quads = cols / 4;
        let (src, dst) = (from.as_ptr(), to.as_mut_ptr());
        for i in 0..quads {
            // SAFETY: 4·i + 4 ≤ cols, the length of both slices.
            #[allow(unsafe_code)]
            unsafe {
                Lane::load(&*src.add(4 * i).cast::<[f32; 4]>())
                    .store(&mut *dst.add(4 * i).cast::<[f32; 4]>());
            }
        }
        for i in 4 * quads..cols {
            *to.get_mut(i)? = *from.get(i)?;
        }
        Some(&self.row)
    }
}

/// Max pooling of every channel: values and argmax exactly as `pool_at` gives them (the
/// caller has checked that no window is all padding). Windows wholly inside the input go
/// four at a time (lane j = output column ox + j) with plain index arithmetic; the rest use
/// the scalar routine, but for windows other than 2×2/S2 without the argmax, which read
/// padding as −∞ (`Bordered`). `None` if the output cannot be allocated.
/// With `ARGMAX` false the argmax is neither tracked nor returned (an empty vector).
#[allow(clippy::type_complexity)]
pub(crate) fn max_pool2d<const ARGMAX: bool>(
    input: &Volume,
    g: &Geometry,
) -> Option<(Vec<f32>, Vec<(usize, usize)>)> {
    let (d, oh, ow) = (input.depth(), g.out_h(), g.out_w());
    let n = d.checked_mul(oh)?.checked_mul(ow)?;
    // Not zeroed first: every output is written exactly once below.
    let mut values: Vec<f32> = try_vec(n, "volume size").ok()?;
    let out = values.spare_capacity_mut().get_mut(..n)?;
    #[cfg(debug_assertions)]
    let mut written = 0usize;
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
    // The common 2×2 window with stride 2 has its own path (`max_2x2_run`).
    let two_by_two =
        (r.kernel, c.kernel, r.stride, sw, r.dilation, c.dilation) == (2, 2, 2, 2, 1, 1);
    // Other windows, without the argmax: rows' maxima shared across output rows. Where some
    // windows reach past the input (padding, or Ceil's overhang), each plane is copied with
    // −∞ around it (`Bordered`), so that every window lies inside and an output row is one
    // run: the windows at the edges would otherwise take the scalar routine one by one.
    let bordered = !ARGMAX && !two_by_two && ow >= 4 && (rows_in != (0..oh) || cols_in != (0..ow));
    let mut border = if bordered {
        Bordered::new(g, input.height(), w)
    } else {
        None
    };
    let mut maxima = if ARGMAX || two_by_two || (rows_in.is_empty() && border.is_none()) {
        None
    } else {
        // The window's row and column offsets.
        let rows = (0..r.kernel).map(|fy| fy * r.dilation).collect();
        let cols = (0..c.kernel).map(|fx| fx * c.dilation).collect();
        let run = if border.is_some() { ow } else { cols_in.len() };
        RowMaxima::new(rows, cols, sw, run)
    };
    for ch in 0..d {
        let plane = input.slice(ch)?;
        if let Some(m) = maxima.as_mut() {
            m.clear();
        }
        // (`!ARGMAX` first: without it the argmax pool, the page's, kept this code, which
        // LLVM did not see was dead there: +3.6 kB gz to the page.)
        if let (false, Some(border), Some(m)) = (ARGMAX, border.as_mut(), maxima.as_mut()) {
            let mut src = Source::Bordered { plane, w, border };
            for oy in 0..oh {
                let row_out = (ch * oh + oy) * ow;
                let dst = out.get_mut(row_out..row_out + ow)?;
                m.pool_row(&mut src, oy * r.stride, dst)?;
                #[cfg(debug_assertions)]
                {
                    written += ow;
                }
            }
            continue;
        }
        for oy in 0..oh {
            let row_out = (ch * oh + oy) * ow;
            let mut ox = 0;
            while ox < ow {
                // Four windows, all inside the input (so the subtractions cannot wrap).
                if two_by_two
                    && rows_in.contains(&oy)
                    && cols_in.contains(&ox)
                    && ox + 4 <= cols_in.end
                {
                    // Every run of four interior windows of the row in one loop.
                    let y0 = 2 * oy - r.pad_lo;
                    let top = plane.get(y0 * w..(y0 + 1) * w)?;
                    let bottom = plane.get((y0 + 1) * w..(y0 + 2) * w)?;
                    // The run's rows and outputs cut once, so the loop's own checks are
                    // ones LLVM can see through.
                    let blocks = (cols_in.end - ox) / 4;
                    let x_start = 2 * ox - c.pad_lo;
                    let top = top.get(x_start..x_start + 8 * blocks)?;
                    let bottom = bottom.get(x_start..x_start + 8 * blocks)?;
                    let dst_run = out.get_mut(row_out + ox..row_out + ox + 4 * blocks)?;
                    if !ARGMAX {
                        max_2x2_run(top, bottom, dst_run)?;
                    }
                    for i in (0..blocks).filter(|_| ARGMAX) {
                        let t: &[f32; 8] = top.get(8 * i..)?.first_chunk()?;
                        let b: &[f32; 8] = bottom.get(8 * i..)?.first_chunk()?;
                        let dst = dst_run.get_mut(4 * i..)?.first_chunk_mut::<4>()?;
                        let (best, index) = max_2x2_argmax(t, b);
                        best.store_uninit(dst);
                        let x0 = x_start + 8 * i;
                        let at = row_out + ox + 4 * i;
                        let dst = argmax.get_mut(at..at + 4)?;
                        for (j, (a, i)) in dst.iter_mut().zip(index.to_array()).enumerate() {
                            let i = i as usize;
                            *a = (y0 + (i >> 1), x0 + 2 * j + (i & 1));
                        }
                    }
                    #[cfg(debug_assertions)]
                    {
                        written += 4 * blocks;
                    }
                    ox += 4 * blocks;
                } else if !ARGMAX
                    && rows_in.contains(&oy)
                    && ox == cols_in.start
                    && cols_in.len() >= 4
                {
                    // The row's interior windows, from the input rows' maxima (`None`, and
                    // so the scalar pool, only if their ring could not be allocated).
                    let run = cols_in.len();
                    let (y0, x0) = (oy * r.stride - r.pad_lo, ox * sw - c.pad_lo);
                    let dst_run = out.get_mut(row_out + ox..row_out + ox + run)?;
                    let mut src = Source::Plane { plane, w, x0 };
                    maxima.as_mut()?.pool_row(&mut src, y0, dst_run)?;
                    #[cfg(debug_assertions)]
                    {
                        written += run;
                    }
                    ox += run;
                } else if rows_in.contains(&oy) && cols_in.contains(&ox) && ox + 4 <= cols_in.end {
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
                    let dst = out.get_mut(row_out + ox..)?.first_chunk_mut::<4>()?;
                    best.store_uninit(dst);
                    #[cfg(debug_assertions)]
                    {
                        written += 4;
                    }
                    if ARGMAX {
                        let dst = argmax.get_mut(row_out + ox..row_out + ox + 4)?;
                        for (j, (a, t)) in dst.iter_mut().zip(index.to_array()).enumerate() {
                            let tap = taps.get(t as usize)?;
                            *a = (y0 + tap.dy, x0 + j * sw + tap.dx);
                        }
                    }
                    ox += 4;
                } else {
                    let best = if rows_in.contains(&oy) && cols_in.contains(&ox) {
                        // A window inside the input that no run took (the argmax path's
                        // last one to three of a row, or a row of fewer than four): plain
                        // offsets, without `pool_at`'s per-tap 128-bit arithmetic.
                        let (y0, x0) = (oy * r.stride - r.pad_lo, ox * sw - c.pad_lo);
                        pool_inside(plane, y0 * w + x0, (y0, x0), &taps)?
                    } else {
                        pool_at(input, g, ch, oy, ox, &mut ()).unwrap_or(Best {
                            value: f32::NEG_INFINITY,
                            index: 0,
                            at: (0, 0),
                        })
                    };
                    out.get_mut(row_out + ox)?.write(best.value);
                    #[cfg(debug_assertions)]
                    {
                        written += 1;
                    }
                    if ARGMAX {
                        *argmax.get_mut(row_out + ox)? = best.at;
                    }
                    ox += 1;
                }
            }
        }
    }
    #[cfg(debug_assertions)]
    debug_assert_eq!(written, n);
    // SAFETY: for every channel and output row, the loop over `ox` runs from 0 to `ow`, and
    // each branch writes the outputs from `ox` up to where it leaves `ox` (4 or 1 of them), so
    // all n values were written (the debug build counts them).
    #[allow(unsafe_code)]
    unsafe {
        values.set_len(n)
    };
    Some((values, argmax))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cnn::{conv2d_reference, Hw, Padding, Rounding, WindowSpec};

    /// The bits `conv2d` must match (tests/cnn_fast.rs checks them on random shapes); here
    /// the fast path must also be *taken*: a `None` sends `conv::conv2d` to the reference,
    /// so a check in `row` one value too strict passes the bit tests, only slower (tried:
    /// tests/cnn_fast.rs passed, this failed).
    #[test]
    fn every_block_and_tile_tail_runs_the_fast_path_to_the_reference_bits() {
        for k in 1..=9 {
            for w in [1, 7, 8, 9, 16, 17, 31, 32, 33, 41] {
                for s in 1..=3 {
                    let spec = WindowSpec {
                        kernel: Hw::new(3, 2),
                        stride: Hw::new(1, s),
                        dilation: Hw::new(1, 1 + s % 2),
                        padding: Padding::uniform(1),
                        rounding: Rounding::Floor,
                    };
                    let x = Volume::from_fn(2, 4, w, |c, y, x| (c + 2 * y + 3 * x) as f32 - 7.5)
                        .unwrap();
                    let f = FilterBank::from_fn(
                        k,
                        2,
                        3,
                        2,
                        |kk, c, fy, fx| (kk + c + fy * 2 + fx) as f32 * 0.25 - 1.0,
                        |kk| kk as f32,
                    )
                    .unwrap();
                    let g = spec.geometry(4, w).unwrap();
                    let at = format!("K {k}, W {w}, S {s}");
                    let fast = conv2d(&x, &f, &g).unwrap_or_else(|| panic!("{at}"));
                    let want = conv2d_reference(&x, &f, &spec).unwrap();
                    assert_eq!(fast, want.data(), "{at}");
                    // And each map alone through the one-filter kernel, which `conv_map`
                    // would otherwise replace by its tap loops, with the same values.
                    for kk in 0..k {
                        let one = f.select(&[kk]).unwrap();
                        let map = conv2d_one(&x, &one, &g)
                            .unwrap_or_else(|| panic!("{at}, the one-filter kernel on map {kk}"));
                        assert_eq!(map, want.slice(kk).unwrap(), "{at}, map {kk} alone");
                    }
                }
            }
        }
    }
}
