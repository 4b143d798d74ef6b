//! Shared by the core's tests: a deliberately naive reference for conv2d and max_pool2d that
//! loops over every output and computes every coordinate straight from the formulas (it
//! shares no code with the core), and the test case it runs on.
#![allow(dead_code)] // each test crate uses part of it

use convscope::cnn::{FilterBank, Hw, Padding, Rounding, SplitMix64, Volume, WindowSpec};

pub const ROUNDINGS: [Rounding; 4] = [
    Rounding::Strict,
    Rounding::Floor,
    Rounding::Ceil,
    Rounding::Same,
];

/// The reference plan of one axis: (outputs, pad_lo, pad_hi), or None if no output exists.
pub fn ref_axis(
    n: usize,
    f: usize,
    s: usize,
    d: usize,
    lo: usize,
    hi: usize,
    r: Rounding,
) -> Option<(usize, usize, usize)> {
    let span = d * (f - 1) + 1;
    if r == Rounding::Same {
        let o = n.div_ceil(s);
        let need = (o - 1) * s + span;
        let total = need.saturating_sub(n);
        return Some((o, total / 2, total - total / 2));
    }
    let padded = n + lo + hi;
    if padded < span {
        return None;
    }
    let num = padded - span;
    let o = match r {
        Rounding::Strict if !num.is_multiple_of(s) => return None,
        Rounding::Ceil => {
            let mut o = num.div_ceil(s) + 1;
            if (o - 1) * s >= n + lo {
                o -= 1;
            }
            o
        }
        _ => num / s + 1,
    };
    Some((o, lo, hi))
}

#[derive(Clone, Debug)]
pub struct Case {
    pub depth: usize,
    pub k: usize,
    pub h: usize,
    pub w: usize,
    pub fh: usize,
    pub fw: usize,
    pub sh: usize,
    pub sw: usize,
    pub dh: usize,
    pub dw: usize,
    pub pad: Padding,
    pub rounding: Rounding,
    pub seed: u64,
}

impl Case {
    pub fn spec(&self) -> WindowSpec {
        WindowSpec {
            kernel: Hw::new(self.fh, self.fw),
            stride: Hw::new(self.sh, self.sw),
            dilation: Hw::new(self.dh, self.dw),
            padding: self.pad,
            rounding: self.rounding,
        }
    }

    /// Values in quarters, with ties and negatives (and sometimes −0.0).
    pub fn input(&self) -> Volume {
        let mut rng = SplitMix64::new(self.seed);
        Volume::from_fn(self.depth, self.h, self.w, |_, _, _| {
            let v = rng.int_in(-8, 8);
            if v == 0 && rng.int_in(0, 1) == 1 {
                -0.0
            } else {
                v as f32 / 4.0
            }
        })
        .unwrap()
    }

    pub fn filters(&self) -> FilterBank {
        let mut rng = SplitMix64::new(self.seed ^ 0xF00D);
        let mut rng2 = rng.clone();
        FilterBank::from_fn(
            self.k,
            self.depth,
            self.fh,
            self.fw,
            |_, _, _, _| rng.gaussian(0.0, 1.0) as f32,
            |_| rng2.int_in(-3, 3) as f32 / 2.0,
        )
        .unwrap()
    }

    pub fn rows(&self) -> Option<(usize, usize, usize)> {
        ref_axis(
            self.h,
            self.fh,
            self.sh,
            self.dh,
            self.pad.top,
            self.pad.bottom,
            self.rounding,
        )
    }

    pub fn cols(&self) -> Option<(usize, usize, usize)> {
        ref_axis(
            self.w,
            self.fw,
            self.sw,
            self.dw,
            self.pad.left,
            self.pad.right,
            self.rounding,
        )
    }
}

/// The input value at signed coordinates, or None in the padding.
pub fn at(x: &Volume, c: usize, y: i64, xx: i64) -> Option<f32> {
    if y < 0 || xx < 0 || y >= x.height() as i64 || xx >= x.width() as i64 {
        return None;
    }
    Some(x.data()[(c * x.height() + y as usize) * x.width() + xx as usize])
}

/// Naive conv: same summation order as documented (per channel from 0.0, then + bias).
pub fn ref_conv(x: &Volume, f: &FilterBank, c: &Case) -> Option<Vec<f32>> {
    let (oh, top, _) = c.rows()?;
    let (ow, left, _) = c.cols()?;
    let mut out = Vec::new();
    for k in 0..c.k {
        for oy in 0..oh {
            for ox in 0..ow {
                let mut total = 0.0f32;
                for ch in 0..c.depth {
                    let mut sum = 0.0f32;
                    for fy in 0..c.fh {
                        for fx in 0..c.fw {
                            let y = (oy * c.sh) as i64 - top as i64 + (fy * c.dh) as i64;
                            let xx = (ox * c.sw) as i64 - left as i64 + (fx * c.dw) as i64;
                            let w = f.weights()[((k * c.depth + ch) * c.fh + fy) * c.fw + fx];
                            sum += at(x, ch, y, xx).unwrap_or(0.0) * w;
                        }
                    }
                    total += sum;
                }
                out.push(total + f.biases()[k]);
            }
        }
    }
    Some(out)
}

/// Naive max pool: None when the layer is impossible (shape, pad ≥ span, all-padding window).
#[allow(clippy::type_complexity)]
pub fn ref_pool(x: &Volume, c: &Case) -> Option<(Vec<f32>, Vec<(usize, usize)>)> {
    let (oh, top, bottom) = c.rows()?;
    let (ow, left, right) = c.cols()?;
    let (span_h, span_w) = (c.dh * (c.fh - 1) + 1, c.dw * (c.fw - 1) + 1);
    if top >= span_h || bottom >= span_h || left >= span_w || right >= span_w {
        return None;
    }
    let (mut out, mut arg) = (Vec::new(), Vec::new());
    for ch in 0..c.depth {
        for oy in 0..oh {
            for ox in 0..ow {
                let mut best: Option<(f32, (usize, usize))> = None;
                for fy in 0..c.fh {
                    for fx in 0..c.fw {
                        let y = (oy * c.sh) as i64 - top as i64 + (fy * c.dh) as i64;
                        let xx = (ox * c.sw) as i64 - left as i64 + (fx * c.dw) as i64;
                        if let Some(v) = at(x, ch, y, xx) {
                            if best.is_none_or(|(b, _)| v > b) {
                                best = Some((v, (y as usize, xx as usize)));
                            }
                        }
                    }
                }
                let (v, a) = best?;
                out.push(v);
                arg.push(a);
            }
        }
    }
    Some((out, arg))
}

pub fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}
