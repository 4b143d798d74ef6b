//! Reading the fixtures' JSON (`tests/fixtures/*.json`), shared by the tests that compare the
//! core and the page with ONNX Runtime and PyTorch.
#![allow(dead_code)] // each test crate uses part of it

use convscope::cnn::Volume;
use serde_json::Value;

/// An array of whole numbers.
pub fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_u64().expect("a whole number") as usize)
        .collect()
}

/// An array of numbers as f32 (JSON holds the float32 values exactly, as their shortest
/// float64 form; small integers as integers).
pub fn floats(v: &Value) -> Vec<f32> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number") as f32)
        .collect()
}

/// `{"shape": [d, h, w], "data": [...]}` as a volume.
pub fn volume(v: &Value) -> Volume {
    let s = usizes(&v["shape"]);
    Volume::from_vec(s[0], s[1], s[2], floats(&v["data"])).unwrap()
}
