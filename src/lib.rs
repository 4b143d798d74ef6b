//! ConvScope: an interactive explainer of convolutional layers.
//!
//! - [`cnn`]: the CNN core (std only): output-size arithmetic, conv, ReLU, max pooling, FC,
//!   parameter counts and per-position traces for the animation.
//! - [`app`]: the page state and its pure transitions.
//! - [`render`]: scene geometry (pure) and, on wasm32 only, the canvas painter.
//! - `ui` (wasm32 only): the Yew function components, a thin layer over the above.
// deny, not forbid: one wasm v128 load in src/cnn/lanes.rs is allowed (see there).
#![deny(unsafe_code)]

pub mod app;
pub mod cnn;
pub mod render;

#[cfg(target_arch = "wasm32")]
pub mod ui;

// The wasm modules' allocator (the page's, the real-image view's, the ticks' worker's and the
// kernel benchmark's): Talc is a few kB smaller than std's dlmalloc on wasm32 and as fast
// for what the page does (PERFORMANCE.md, "Size"). Native builds keep the system allocator.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
