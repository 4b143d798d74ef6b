//! Drawing: [`scene`] turns the layer and the current step into positioned shapes (pure,
//! tested natively); `canvas` (wasm32 only) paints a scene on an HTML canvas at the screen's
//! device pixel ratio.

pub mod scene;

#[cfg(target_arch = "wasm32")]
pub mod bitmap;
#[cfg(target_arch = "wasm32")]
pub mod canvas;
#[cfg(target_arch = "wasm32")]
pub mod charts;
#[cfg(target_arch = "wasm32")]
pub mod shown;
