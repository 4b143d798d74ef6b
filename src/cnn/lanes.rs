//! Four `f32` lanes: a wasm `v128` when the build has `simd128`, a plain `[f32; 4]` elsewhere.
//!
//! The fast kernels in [`super::direct`] are written once over this type, so the native tests
//! run exactly the blocking, packing and tail logic that the browser runs. Every operation is
//! lane-wise IEEE arithmetic without fusing (wasm `f32x4.mul` then `f32x4.add`; Rust never
//! contracts `a * b + c`), so both builds give the scalar reference's bits.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::{
        f32x4, f32x4_add, f32x4_eq, f32x4_extract_lane, f32x4_gt, f32x4_mul, f32x4_ne, f32x4_pmax,
        f32x4_splat, i32x4_extract_lane, i32x4_shuffle, i32x4_splat, v128, v128_and, v128_any_true,
        v128_bitselect, v128_load, v128_load32_splat, v128_or, v128_store,
    };
    use std::mem::MaybeUninit;

    /// Four `f32` lanes in one wasm SIMD register.
    #[derive(Clone, Copy)]
    pub(crate) struct Lane(v128);

    /// A lane-wise condition (all bits set where true).
    #[derive(Clone, Copy)]
    pub(crate) struct Mask(v128);

    impl Lane {
        /// Four zeros.
        #[inline(always)]
        pub(crate) fn zero() -> Self {
            Lane(f32x4_splat(0.0))
        }

        /// `v` in every lane.
        #[inline(always)]
        pub(crate) fn splat(v: f32) -> Self {
            Lane(f32x4_splat(v))
        }

        /// `*l`, read from memory even where LLVM knows what was stored there (a volatile
        /// read), so that a value stored a while ago need not occupy a register meanwhile.
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(crate) fn reload(l: &Lane) -> Self {
            // SAFETY: `l` is a valid, aligned reference.
            unsafe { core::ptr::read_volatile(l) }
        }

        /// Four consecutive values, as one `v128.load`. (Built lane by lane, `f32x4(s[0], …)`,
        /// LLVM emits four loads, which halves the conv kernel's speed.)
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(crate) fn load(s: &[f32; 4]) -> Self {
            // SAFETY: `s` is a reference to 16 readable bytes, and v128.load has no alignment
            // requirement.
            Lane(unsafe { v128_load(s.as_ptr().cast::<v128>()) })
        }

        /// The eight values `s[i..i + 8]` as two vectors, without a bounds check. (The
        /// second load's +16 bytes becomes the load's offset, which V8 folds into the
        /// address; an index `i + 4` costs an add.)
        ///
        /// # Safety
        /// `i + 8 <= s.len()`.
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(crate) unsafe fn load_pair_unchecked(s: &[f32], i: usize) -> (Self, Self) {
            debug_assert!(i + 8 <= s.len());
            // SAFETY: the caller guarantees that the 32 bytes from s[i] lie inside `s`.
            unsafe {
                let p = s.as_ptr().add(i);
                (
                    Lane(v128_load(p.cast::<v128>())),
                    Lane(v128_load(p.add(4).cast::<v128>())),
                )
            }
        }

        /// Every second value of eight: lanes `s[0], s[2], s[4], s[6]`.
        #[inline(always)]
        pub(crate) fn load_even(s: &[f32; 8]) -> Self {
            let (lo, hi) = s.split_at(4);
            match (lo.first_chunk::<4>(), hi.first_chunk::<4>()) {
                (Some(lo), Some(hi)) => Lane(i32x4_shuffle::<0, 2, 4, 6>(
                    Self::load(lo).0,
                    Self::load(hi).0,
                )),
                // split_at(4) of eight values always gives two chunks of four.
                _ => Lane(f32x4(s[0], s[2], s[4], s[6])),
            }
        }

        /// Lanes from four separate values.
        #[inline(always)]
        pub(crate) fn from_array(a: [f32; 4]) -> Self {
            Lane(f32x4(a[0], a[1], a[2], a[3]))
        }

        /// `s[I]` in every lane, as one `v128.load32_splat` (with `I` as its offset, which V8
        /// folds into the address: a broadcast from memory takes no shuffle port).
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(crate) fn splat_at<const I: usize>(s: &[f32; 4]) -> Self {
            // SAFETY: I < 4 (checked at compile time below), so the 4 bytes lie inside `s`.
            const { assert!(I < 4) };
            Lane(unsafe { v128_load32_splat(s.as_ptr().add(I).cast::<u32>()) })
        }

        /// The lanes as an array.
        #[inline(always)]
        pub(crate) fn to_array(self) -> [f32; 4] {
            [
                f32x4_extract_lane::<0>(self.0),
                f32x4_extract_lane::<1>(self.0),
                f32x4_extract_lane::<2>(self.0),
                f32x4_extract_lane::<3>(self.0),
            ]
        }

        /// `self + a · b`, as a multiply then an add (not fused).
        #[inline(always)]
        pub(crate) fn mul_add(self, a: Lane, b: Lane) -> Self {
            Lane(f32x4_add(self.0, f32x4_mul(a.0, b.0)))
        }

        /// `self · other`.
        #[inline(always)]
        pub(crate) fn mul(self, other: Lane) -> Self {
            Lane(f32x4_mul(self.0, other.0))
        }

        /// Writes the lanes to `s` (which may be uninitialised), as one `v128.store`.
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(crate) fn store_uninit(self, s: &mut [MaybeUninit<f32>; 4]) {
            // SAFETY: `s` is a reference to 16 writable bytes (MaybeUninit<f32> has f32's
            // layout), and v128.store has no alignment requirement.
            unsafe { v128_store(s.as_mut_ptr().cast::<v128>(), self.0) }
        }

        /// Writes the lanes to `s`, as one `v128.store`.
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(crate) fn store(self, s: &mut [f32; 4]) {
            // SAFETY: `s` is a reference to 16 writable bytes; no alignment is required.
            unsafe { v128_store(s.as_mut_ptr().cast::<v128>(), self.0) }
        }

        /// `self + other`.
        #[inline(always)]
        pub(crate) fn add(self, other: Lane) -> Self {
            Lane(f32x4_add(self.0, other.0))
        }

        /// Where the pooling rule lets `self` replace `best`: `self > best`, or `self` is NaN
        /// and `best` is not.
        #[inline(always)]
        pub(crate) fn beats(self, best: Lane) -> Mask {
            let greater = f32x4_gt(self.0, best.0);
            let nan_over_number = v128_and(f32x4_ne(self.0, self.0), f32x4_eq(best.0, best.0));
            Mask(v128_or(greater, nan_over_number))
        }

        /// `if mask { self } else { other }`, per lane.
        #[inline(always)]
        pub(crate) fn select(self, other: Lane, mask: Mask) -> Self {
            Lane(v128_bitselect(self.0, other.0, mask.0))
        }

        /// Lanes 0, 2, 4, 6 and lanes 1, 3, 5, 7 of `lo` then `hi` (two shuffles).
        #[inline(always)]
        pub(crate) fn evens_odds(lo: Lane, hi: Lane) -> (Lane, Lane) {
            (
                Lane(i32x4_shuffle::<0, 2, 4, 6>(lo.0, hi.0)),
                Lane(i32x4_shuffle::<1, 3, 5, 7>(lo.0, hi.0)),
            )
        }

        /// `v` where `v > self`, else `self` (one `f32x4.pmax`): the pooling rule for
        /// numbers, ties to `self`. A NaN `v` never replaces `self`, and a NaN `self` stays.
        #[inline(always)]
        pub(crate) fn first_max(self, v: Lane) -> Self {
            Lane(f32x4_pmax(self.0, v.0))
        }

        /// Where the lane is NaN.
        #[inline(always)]
        pub(crate) fn is_nan(self) -> Mask {
            Mask(f32x4_ne(self.0, self.0))
        }

        /// A NaN (all bits set) where `mask`, else the lane.
        #[inline(always)]
        pub(crate) fn nan_where(self, mask: Mask) -> Self {
            Lane(v128_or(self.0, mask.0))
        }
    }

    impl Mask {
        /// Lane-wise or.
        #[inline(always)]
        pub(crate) fn or(self, other: Mask) -> Mask {
            Mask(v128_or(self.0, other.0))
        }

        /// Whether the condition holds in any lane.
        #[inline(always)]
        pub(crate) fn any(self) -> bool {
            v128_any_true(self.0)
        }
    }

    /// Four `i32` lanes (window indices for the argmax).
    #[derive(Clone, Copy)]
    pub(crate) struct Index(v128);

    impl Index {
        /// `v` in every lane.
        #[inline(always)]
        pub(crate) fn splat(v: i32) -> Self {
            Index(i32x4_splat(v))
        }

        /// `if mask { self } else { other }`, per lane.
        #[inline(always)]
        pub(crate) fn select(self, other: Index, mask: Mask) -> Self {
            Index(v128_bitselect(self.0, other.0, mask.0))
        }

        /// The lanes as an array.
        #[inline(always)]
        pub(crate) fn to_array(self) -> [i32; 4] {
            [
                i32x4_extract_lane::<0>(self.0),
                i32x4_extract_lane::<1>(self.0),
                i32x4_extract_lane::<2>(self.0),
                i32x4_extract_lane::<3>(self.0),
            ]
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    use std::mem::MaybeUninit;

    /// Four `f32` lanes (the portable stand-in for a SIMD register).
    #[derive(Clone, Copy)]
    pub(crate) struct Lane([f32; 4]);

    /// A lane-wise condition.
    #[derive(Clone, Copy)]
    pub(crate) struct Mask([bool; 4]);

    impl Lane {
        /// Four zeros.
        #[inline(always)]
        pub(crate) fn zero() -> Self {
            Lane([0.0; 4])
        }

        /// `v` in every lane.
        #[inline(always)]
        pub(crate) fn splat(v: f32) -> Self {
            Lane([v; 4])
        }

        /// `*l`, read from memory (a volatile read, as the wasm build).
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(crate) fn reload(l: &Lane) -> Self {
            // SAFETY: `l` is a valid, aligned reference.
            unsafe { core::ptr::read_volatile(l) }
        }

        /// Four consecutive values.
        #[inline(always)]
        pub(crate) fn load(s: &[f32; 4]) -> Self {
            Lane(*s)
        }

        /// The eight values `s[i..i + 8]` as two vectors.
        ///
        /// # Safety
        /// `i + 8 <= s.len()` (checked here all the same).
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(crate) unsafe fn load_pair_unchecked(s: &[f32], i: usize) -> (Self, Self) {
            (
                Lane([s[i], s[i + 1], s[i + 2], s[i + 3]]),
                Lane([s[i + 4], s[i + 5], s[i + 6], s[i + 7]]),
            )
        }

        /// Every second value of eight: lanes `s[0], s[2], s[4], s[6]`.
        #[inline(always)]
        pub(crate) fn load_even(s: &[f32; 8]) -> Self {
            Lane([s[0], s[2], s[4], s[6]])
        }

        /// Lanes from four separate values.
        #[inline(always)]
        pub(crate) fn from_array(a: [f32; 4]) -> Self {
            Lane(a)
        }

        /// `s[I]` in every lane.
        #[inline(always)]
        pub(crate) fn splat_at<const I: usize>(s: &[f32; 4]) -> Self {
            Lane([s[I]; 4])
        }

        /// The lanes as an array.
        #[inline(always)]
        pub(crate) fn to_array(self) -> [f32; 4] {
            self.0
        }

        /// `self + a · b`, as a multiply then an add (not fused).
        #[inline(always)]
        pub(crate) fn mul_add(self, a: Lane, b: Lane) -> Self {
            let (s, a, b) = (self.0, a.0, b.0);
            Lane([
                s[0] + a[0] * b[0],
                s[1] + a[1] * b[1],
                s[2] + a[2] * b[2],
                s[3] + a[3] * b[3],
            ])
        }

        /// `self · other`.
        #[inline(always)]
        pub(crate) fn mul(self, other: Lane) -> Self {
            let (s, o) = (self.0, other.0);
            Lane([s[0] * o[0], s[1] * o[1], s[2] * o[2], s[3] * o[3]])
        }

        /// Writes the lanes to `s` (which may be uninitialised).
        #[inline(always)]
        pub(crate) fn store_uninit(self, s: &mut [MaybeUninit<f32>; 4]) {
            for (d, v) in s.iter_mut().zip(self.0) {
                d.write(v);
            }
        }

        /// Writes the lanes to `s`.
        #[inline(always)]
        pub(crate) fn store(self, s: &mut [f32; 4]) {
            *s = self.0;
        }

        /// `self + other`.
        #[inline(always)]
        pub(crate) fn add(self, other: Lane) -> Self {
            let (s, o) = (self.0, other.0);
            Lane([s[0] + o[0], s[1] + o[1], s[2] + o[2], s[3] + o[3]])
        }

        /// Where the pooling rule lets `self` replace `best`: `self > best`, or `self` is NaN
        /// and `best` is not.
        #[inline(always)]
        pub(crate) fn beats(self, best: Lane) -> Mask {
            Mask(std::array::from_fn(|i| {
                let (v, b) = (self.0[i], best.0[i]);
                v > b || (v.is_nan() && !b.is_nan())
            }))
        }

        /// `if mask { self } else { other }`, per lane.
        #[inline(always)]
        pub(crate) fn select(self, other: Lane, mask: Mask) -> Self {
            Lane(std::array::from_fn(|i| {
                if mask.0[i] {
                    self.0[i]
                } else {
                    other.0[i]
                }
            }))
        }

        /// Lanes 0, 2, 4, 6 and lanes 1, 3, 5, 7 of `lo` then `hi`.
        #[inline(always)]
        pub(crate) fn evens_odds(lo: Lane, hi: Lane) -> (Lane, Lane) {
            let (l, h) = (lo.0, hi.0);
            (
                Lane([l[0], l[2], h[0], h[2]]),
                Lane([l[1], l[3], h[1], h[3]]),
            )
        }

        /// `v` where `v > self`, else `self` (wasm's `f32x4.pmax`: `self < v ? v : self`).
        #[inline(always)]
        pub(crate) fn first_max(self, v: Lane) -> Self {
            Lane(std::array::from_fn(|i| {
                if self.0[i] < v.0[i] {
                    v.0[i]
                } else {
                    self.0[i]
                }
            }))
        }

        /// Where the lane is NaN.
        #[inline(always)]
        pub(crate) fn is_nan(self) -> Mask {
            Mask(self.0.map(f32::is_nan))
        }

        /// A NaN (all bits set, as the wasm `v128.or` gives) where `mask`, else the lane.
        #[inline(always)]
        pub(crate) fn nan_where(self, mask: Mask) -> Self {
            Lane(std::array::from_fn(|i| {
                if mask.0[i] {
                    f32::from_bits(u32::MAX)
                } else {
                    self.0[i]
                }
            }))
        }
    }

    impl Mask {
        /// Lane-wise or.
        #[inline(always)]
        pub(crate) fn or(self, other: Mask) -> Mask {
            Mask(std::array::from_fn(|i| self.0[i] || other.0[i]))
        }

        /// Whether the condition holds in any lane.
        #[inline(always)]
        pub(crate) fn any(self) -> bool {
            self.0.contains(&true)
        }
    }

    /// Four `i32` lanes (window indices for the argmax).
    #[derive(Clone, Copy)]
    pub(crate) struct Index([i32; 4]);

    impl Index {
        /// `v` in every lane.
        #[inline(always)]
        pub(crate) fn splat(v: i32) -> Self {
            Index([v; 4])
        }

        /// `if mask { self } else { other }`, per lane.
        #[inline(always)]
        pub(crate) fn select(self, other: Index, mask: Mask) -> Self {
            Index(std::array::from_fn(|i| {
                if mask.0[i] {
                    self.0[i]
                } else {
                    other.0[i]
                }
            }))
        }

        /// The lanes as an array.
        #[inline(always)]
        pub(crate) fn to_array(self) -> [i32; 4] {
            self.0
        }
    }
}

pub(crate) use imp::{Index, Lane, Mask};
