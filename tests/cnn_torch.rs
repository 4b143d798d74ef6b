//! The core's transposed and grouped convolutions against PyTorch's own
//! (`F.conv_transpose2d`, `F.conv2d` with groups), kept in `tests/fixtures/torch_conv.json`
//! by `tests/fixtures/gen/torch_conv.py`; no Python at test time. The weights are read in
//! PyTorch's layout through the mapping `src/cnn/transpose.rs` documents, so the test also
//! checks that claim. Small-integer values: every sum is exact, so the match is bit for bit.

use convscope::cnn::{
    conv2d_grouped, conv_transpose2d, FilterBank, Hw, Padding, Rounding, TransposeSpec, WindowSpec,
};
use serde_json::Value;

mod fixture_json;
use fixture_json::{floats, usizes, volume};

const FIXTURES: &str = include_str!("fixtures/torch_conv.json");

fn hw(v: &Value) -> Hw {
    let p = usizes(v);
    Hw::new(p[0], p[1])
}

/// The bank the core takes (K filters of D/G × Fh × Fw) from PyTorch's weight tensor:
/// `[K][D/G][Fh][Fw]` for a convolution as is; `[D][K/G][Fh][Fw]` for a transposed one,
/// weight (k, c, fy, fx) = `W[g·D/G + c][k − g·K/G][fy][fx]` with g = k / (K/G).
fn bank(case: &Value, k: usize, d: usize, groups: usize) -> FilterBank {
    let s = usizes(&case["weight"]["shape"]);
    let (fh, fw) = (s[2], s[3]);
    let w = floats(&case["weight"]["data"]);
    let b = floats(&case["bias"]);
    if case["op"] == "conv2d_grouped" {
        return FilterBank::new(k, d / groups, fh, fw, w, b).unwrap();
    }
    let (dg, kg) = (d / groups, k / groups);
    let at = |i: usize, j: usize, y: usize, x: usize| w[((i * kg + j) * fh + y) * fw + x];
    FilterBank::from_fn(
        k,
        dg,
        fh,
        fw,
        |k, c, fy, fx| {
            let g = k / kg;
            at(g * dg + c, k - g * kg, fy, fx)
        },
        |k| b[k],
    )
    .unwrap()
}

#[test]
fn transposed_and_grouped_convolutions_equal_pytorchs() {
    let doc: Value = serde_json::from_str(FIXTURES).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let mut seen = [0usize; 2];
    for (i, case) in cases.iter().enumerate() {
        let x = volume(&case["input"]);
        let want = volume(&case["output"]);
        let groups = case["groups"].as_u64().unwrap() as usize;
        let (stride, dilation) = (hw(&case["stride"]), hw(&case["dilation"]));
        let p = usizes(&case["padding"]);
        let padding = Padding {
            top: p[0],
            bottom: p[0],
            left: p[1],
            right: p[1],
        };
        let k = want.depth();
        let filters = bank(case, k, x.depth(), groups);
        let kernel = Hw::new(filters.height(), filters.width());
        let got = if case["op"] == "conv_transpose2d" {
            seen[0] += 1;
            let spec = TransposeSpec {
                kernel,
                stride,
                dilation,
                padding,
                output_padding: hw(&case["output_padding"]),
                groups,
            };
            conv_transpose2d(&x, &filters, &spec)
        } else {
            seen[1] += 1;
            let spec = WindowSpec {
                kernel,
                stride,
                dilation,
                padding,
                rounding: Rounding::Floor,
            };
            conv2d_grouped(&x, &filters, &spec, groups)
        }
        .unwrap_or_else(|e| panic!("case {i} ({}): {e}", case["op"]));
        assert_eq!(
            (got.depth(), got.height(), got.width()),
            (want.depth(), want.height(), want.width()),
            "case {i}: shape"
        );
        assert_eq!(got.data(), want.data(), "case {i} ({})", case["op"]);
    }
    assert_eq!(seen, [40, 24], "the fixture's cases");
}
