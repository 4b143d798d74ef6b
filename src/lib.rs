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
