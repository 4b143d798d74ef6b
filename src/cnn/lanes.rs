//! Four `f32` lanes: a wasm `v128` when the build has `simd128`, a plain `[f32; 4]` elsewhere.
//!
//! The fast kernels in [`super::direct`] are written once over this type, so the native tests
//! run exactly the blocking, packing and tail logic that the browser runs. Every operation is
//! lane-wise IEEE arithmetic without fusing (wasm `f32x4.mul` then `f32x4.add`; Rust never
//! contracts `a * b + c`), so both builds give the scalar reference's bits.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::{
        f32x4, f32x4_add, f32x4_eq, f32x4_extract_lane, f32x4_gt, f32x4_mul, f32x4_ne, f32x4_splat,
        i32x4_shuffle, v128, v128_and, v128_bitselect, v128_load, v128_or,
    };

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

        /// Four consecutive values, as one `v128.load`. (Built lane by lane, `f32x4(s[0], …)`,
        /// LLVM emits four loads, which halves the conv kernel's speed.)
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(crate) fn load(s: &[f32; 4]) -> Self {
            // SAFETY: `s` is a reference to 16 readable bytes, and v128.load has no alignment
            // requirement.
            Lane(unsafe { v128_load(s.as_ptr().cast::<v128>()) })
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
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
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

        /// Four consecutive values.
        #[inline(always)]
        pub(crate) fn load(s: &[f32; 4]) -> Self {
            Lane(*s)
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
    }
}

pub(crate) use imp::Lane;
