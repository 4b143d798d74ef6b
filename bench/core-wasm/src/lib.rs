//! ConvScope's CNN core exported as a bare wasm module for `bench/bench.mjs`.
//!
//! JavaScript allocates buffers in this module's memory with [`cs_alloc`], writes the input and
//! weights there, calls [`cs_conv2d`] or [`cs_max_pool2d`] (the app's own `conv2d` /
//! `max_pool2d`, fast path and all) and reads the result from [`cs_result_ptr`]. The
//! `_reference` variants run the scalar reference; [`cs_peak`] is the machine's f32x4
//! multiply-add loop that gives the benchmark its peak.

use convscope::cnn::{
    conv2d, conv2d_reference, conv_map, max_pool2d, max_pool2d_reference, max_pool2d_values,
    FilterBank, Hw, Padding, Rounding, Volume, WindowSpec,
};
use std::cell::RefCell;

thread_local! {
    static RESULT: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// A zeroed buffer of `n` floats that JavaScript fills; freed with [`cs_free`].
#[no_mangle]
pub extern "C" fn cs_alloc(n: usize) -> *mut f32 {
    let mut v = vec![0.0f32; n].into_boxed_slice();
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// Frees a buffer from [`cs_alloc`] of the same length.
///
/// # Safety
/// `p` and `n` must come from one call of [`cs_alloc`].
#[no_mangle]
pub unsafe extern "C" fn cs_free(p: *mut f32, n: usize) {
    drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(p, n)));
}

/// Address of the last result's values.
#[no_mangle]
pub extern "C" fn cs_result_ptr() -> *const f32 {
    RESULT.with(|r| r.borrow().as_ptr())
}

/// Number of values in the last result.
#[no_mangle]
pub extern "C" fn cs_result_len() -> usize {
    RESULT.with(|r| r.borrow().len())
}

fn spec(f: usize, s: usize, p: usize) -> WindowSpec {
    WindowSpec {
        kernel: Hw::square(f),
        stride: Hw::square(s),
        dilation: Hw::square(1),
        padding: Padding::uniform(p),
        rounding: Rounding::Floor,
    }
}

/// Copies JavaScript's buffer into a Vec (what a caller of the core would hold anyway; the
/// copy is outside the timed call when the caller reuses it).
///
/// # Safety
/// `p` must point to `n` floats.
unsafe fn vec_from(p: *const f32, n: usize) -> Vec<f32> {
    std::slice::from_raw_parts(p, n).to_vec()
}

/// Prepared operands, kept between timed calls so only the layer is timed.
struct Operands {
    input: Volume,
    filters: Option<FilterBank>,
    spec: WindowSpec,
}

thread_local! {
    static OPS: RefCell<Option<Operands>> = const { RefCell::new(None) };
}

/// Sets up a conv layer: input D×H×W at `x`, K filters of D×F×F at `w`, biases at `b`.
/// Returns 0, or 1 if the shapes are impossible.
///
/// # Safety
/// The pointers must hold D·H·W, K·D·F·F and K floats.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn cs_setup_conv(
    x: *const f32,
    d: usize,
    h: usize,
    wd: usize,
    w: *const f32,
    b: *const f32,
    k: usize,
    f: usize,
    s: usize,
    p: usize,
) -> u32 {
    let Ok(input) = Volume::from_vec(d, h, wd, vec_from(x, d * h * wd)) else {
        return 1;
    };
    let Ok(filters) = FilterBank::new(k, d, f, f, vec_from(w, k * d * f * f), vec_from(b, k))
    else {
        return 1;
    };
    OPS.with(|o| {
        *o.borrow_mut() = Some(Operands {
            input,
            filters: Some(filters),
            spec: spec(f, s, p),
        })
    });
    0
}

/// Sets up a max pool: input D×H×W at `x`, window F×F, stride S, padding P (which a window
/// reads as absent).
///
/// # Safety
/// `x` must hold D·H·W floats.
#[no_mangle]
pub unsafe extern "C" fn cs_setup_pool(
    x: *const f32,
    d: usize,
    h: usize,
    wd: usize,
    f: usize,
    s: usize,
    p: usize,
) -> u32 {
    let Ok(input) = Volume::from_vec(d, h, wd, vec_from(x, d * h * wd)) else {
        return 1;
    };
    OPS.with(|o| {
        *o.borrow_mut() = Some(Operands {
            input,
            filters: None,
            spec: spec(f, s, p),
        })
    });
    0
}

/// Runs the set-up layer once: `which` 0 = conv2d, 1 = conv2d_reference, 2 = max_pool2d,
/// 3 = max_pool2d_reference, 4 = max_pool2d_values, 5 = conv_map of filter 0 (the one-filter
/// kernel, for a bank of one). Returns 0 and keeps the output, or 1 on an error.
#[no_mangle]
pub extern "C" fn cs_run(which: u32) -> u32 {
    let out = OPS.with(|o| {
        let o = o.borrow();
        let o = o.as_ref()?;
        let v = match (which, &o.filters) {
            (0, Some(f)) => conv2d(&o.input, f, &o.spec).ok()?,
            (1, Some(f)) => conv2d_reference(&o.input, f, &o.spec).ok()?,
            (5, Some(f)) => conv_map(&o.input, f, 0, &o.spec).ok()?,
            (2, None) => max_pool2d(&o.input, &o.spec).ok()?.output,
            (3, None) => max_pool2d_reference(&o.input, &o.spec).ok()?.output,
            (4, None) => max_pool2d_values(&o.input, &o.spec).ok()?,
            _ => return None,
        };
        Some(v.into_data())
    });
    match out {
        Some(v) => {
            RESULT.with(|r| *r.borrow_mut() = v);
            0
        }
        None => 1,
    }
}

/// The wasm-SIMD peak loop: `iters` rounds of 12 independent `acc = acc + x·y` on f32x4,
/// with the 12 `x` loaded from `buf` (48 floats) each round, so the products cannot be
/// hoisted and the only dependency is the add, as in a register-blocked kernel. A multiply
/// and an add per lane: flops = 96·iters. Returns a value that depends on every accumulator.
///
/// # Safety
/// `buf` must point to 48 floats.
#[no_mangle]
pub unsafe extern "C" fn cs_peak(buf: *const f32, iters: u32) -> f32 {
    #[cfg(target_arch = "wasm32")]
    {
        use core::arch::wasm32::*;
        let y = f32x4_splat(0.5);
        let z = f32x4_splat(0.0);
        let (mut a0, mut a1, mut a2, mut a3, mut a4, mut a5) = (z, z, z, z, z, z);
        let (mut a6, mut a7, mut a8, mut a9, mut a10, mut a11) = (z, z, z, z, z, z);
        let v = buf.cast::<v128>();
        for _ in 0..iters {
            // black_box: the loads are redone every round (as a kernel's inputs are).
            let v = std::hint::black_box(v);
            // Written out, since opt-level "z" does not unroll and an array would live in
            // memory.
            a0 = f32x4_add(a0, f32x4_mul(v128_load(v), y));
            a1 = f32x4_add(a1, f32x4_mul(v128_load(v.add(1)), y));
            a2 = f32x4_add(a2, f32x4_mul(v128_load(v.add(2)), y));
            a3 = f32x4_add(a3, f32x4_mul(v128_load(v.add(3)), y));
            a4 = f32x4_add(a4, f32x4_mul(v128_load(v.add(4)), y));
            a5 = f32x4_add(a5, f32x4_mul(v128_load(v.add(5)), y));
            a6 = f32x4_add(a6, f32x4_mul(v128_load(v.add(6)), y));
            a7 = f32x4_add(a7, f32x4_mul(v128_load(v.add(7)), y));
            a8 = f32x4_add(a8, f32x4_mul(v128_load(v.add(8)), y));
            a9 = f32x4_add(a9, f32x4_mul(v128_load(v.add(9)), y));
            a10 = f32x4_add(a10, f32x4_mul(v128_load(v.add(10)), y));
            a11 = f32x4_add(a11, f32x4_mul(v128_load(v.add(11)), y));
        }
        let mut s = f32x4_splat(0.0);
        for v in [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11] {
            s = f32x4_add(s, v);
        }
        f32x4_extract_lane::<0>(s)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (buf, iters);
        0.0
    }
}
