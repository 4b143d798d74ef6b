//! The core against an independent implementation: conv and max-pool outputs that ONNX Runtime
//! computed (odd shapes, asymmetric padding, dilation, strides above 1, ceil_mode, SAME), kept
//! in `tests/fixtures/onnx_conv_pool.json`. `tests/fixtures/gen/onnx_conv_pool.py` wrote them
//! once; this test needs no Python.

use convscope::cnn::{
    conv2d, max_pool2d, FilterBank, Hw, Padding, Rounding, ShapeError, Volume, WindowSpec,
};
use serde_json::Value;

mod fixture_json;
use fixture_json::{floats, usizes, volume};

const FIXTURES: &str = include_str!("fixtures/onnx_conv_pool.json");

fn spec(c: &Value) -> WindowSpec {
    let (k, s, d, p) = (
        usizes(&c["kernel"]),
        usizes(&c["stride"]),
        usizes(&c["dilation"]),
        usizes(&c["pads"]),
    );
    WindowSpec {
        kernel: Hw::new(k[0], k[1]),
        stride: Hw::new(s[0], s[1]),
        dilation: Hw::new(d[0], d[1]),
        padding: Padding {
            top: p[0],
            left: p[1],
            bottom: p[2],
            right: p[3],
        },
        rounding: match c["rounding"].as_str().unwrap() {
            "floor" => Rounding::Floor,
            "ceil" => Rounding::Ceil,
            "same" => Rounding::Same,
            r => panic!("unknown rounding {r}"),
        },
    }
}

/// Compares an output with the fixture's: bit-exact values for "exact" cases (every sum is
/// exact in f32), a relative tolerance for Gaussian ones (the summation order differs).
fn check(name: &str, kind: &str, got: &Volume, want: &Value) {
    let shape = usizes(&want["shape"]);
    assert_eq!(
        vec![got.depth(), got.height(), got.width()],
        shape,
        "{name}: output shape"
    );
    let want = floats(&want["data"]);
    for (i, (&g, &w)) in got.data().iter().zip(&want).enumerate() {
        let ok = match kind {
            "exact" => g == w,
            _ => (g - w).abs() <= 1e-5 * w.abs().max(1.0),
        };
        assert!(ok, "{name}: value {i} is {g}, ONNX Runtime says {w}");
    }
}

fn cases() -> Vec<Value> {
    let doc: Value = serde_json::from_str(FIXTURES).expect("the fixture file is JSON");
    doc["cases"].as_array().unwrap().clone()
}

#[test]
fn conv2d_agrees_with_onnx_runtime() {
    let mut n = 0;
    for c in cases().iter().filter(|c| c["op"] == "conv") {
        let name = c["name"].as_str().unwrap();
        let kind = c["kind"].as_str().unwrap();
        let x = volume(&c["input"]);
        let ws = usizes(&c["weights"]["shape"]);
        let bank = FilterBank::new(
            ws[0],
            ws[1],
            ws[2],
            ws[3],
            floats(&c["weights"]["data"]),
            floats(&c["bias"]),
        )
        .unwrap();
        let spec = spec(c);
        let out = conv2d(&x, &bank, &spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        check(name, kind, &out, &c["output"]);
        // Where floor divides exactly, the lecture's rule gives the same layer; elsewhere it
        // refuses with DoesNotFit, never another error.
        if spec.rounding == Rounding::Floor {
            match conv2d(&x, &bank, &spec.with_rounding(Rounding::Strict)) {
                Ok(strict) => assert_eq!(strict, out, "{name}"),
                Err(e) => assert!(matches!(e, ShapeError::DoesNotFit(_)), "{name}: {e:?}"),
            }
        }
        n += 1;
    }
    assert_eq!(n, 18, "conv fixture count");
}

#[test]
fn max_pool2d_agrees_with_onnx_runtime() {
    let mut n = 0;
    for c in cases().iter().filter(|c| c["op"] == "maxpool") {
        let name = c["name"].as_str().unwrap();
        let kind = c["kind"].as_str().unwrap();
        let pooled =
            max_pool2d(&volume(&c["input"]), &spec(c)).unwrap_or_else(|e| panic!("{name}: {e}"));
        // A maximum is one of the inputs: every case is compared exactly.
        check(name, "exact", &pooled.output, &c["output"]);
        assert!(kind == "exact" || kind == "real");
        n += 1;
    }
    assert_eq!(n, 14, "max-pool fixture count");
}

#[test]
fn the_fixtures_cover_what_the_issue_asks() {
    let all = cases();
    let any = |f: &dyn Fn(&Value) -> bool| all.iter().any(f);
    let pair = |c: &Value, k: &str| {
        let v = usizes(&c[k]);
        (v[0], v[1])
    };
    assert!(any(&|c| c["rounding"] == "ceil" && c["op"] == "maxpool"));
    assert!(any(&|c| c["rounding"] == "same" && c["op"] == "conv"));
    assert!(any(&|c| c["rounding"] == "same" && c["op"] == "maxpool"));
    for op in ["conv", "maxpool"] {
        assert!(any(&|c| c["op"] == op && pair(c, "dilation") != (1, 1)));
        assert!(any(&|c| c["op"] == op && pair(c, "stride").0 > 1));
        assert!(any(&|c| {
            let p = usizes(&c["pads"]);
            c["op"] == op && (p[0] != p[2] || p[1] != p[3])
        }));
        assert!(any(&|c| {
            let s = usizes(&c["input"]["shape"]);
            c["op"] == op && s[1] != s[2] && s[1] % 2 == 1
        }));
    }
}
