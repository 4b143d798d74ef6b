//! The page's state and everything derived from it, as pure Rust (tested natively).
//!
//! - [`code`]: the layer as PyTorch, Torch7 or Caffe code, and such code back into the controls.
//! - [`fields`]: the hyperparameter controls, their limits and the parsing of what a user types.
//! - [`state`]: [`state::Viz`], the single page state, and [`state::Msg`], its transitions.
//! - [`images`], [`lab`], [`image_text`]: the real-image view: built-in pictures, upload
//!   checks, filters, activation maps, pooling and the FC layer on a real picture.
//! - [`layer`]: the layer the current controls describe: values, geometry, output, traces.
//! - [`presets`]: the lecture's examples, one click each.
//! - [`relations`]: receptive fields, fan-out of inputs, the inputs a weight multiplies.
//! - [`stack`]: a stack of CONV, ReLU, POOL and FC layers with shapes, parameters, receptive fields.
//! - [`text`]: the formula, shape, parameter and dot-product read-outs as strings.
//! - [`transpose_text`]: the sentences of transposed and grouped convolution, in one place.
//! - [`url`]: the page state in the query string, and back.

pub mod charts;
pub mod code;
pub mod fields;
pub mod gif;
pub mod i18n;
pub mod image_text;
pub mod images;
pub mod lab;
pub mod layer;
pub mod presets;
pub mod quiz;
pub mod relations;
pub mod remote;
pub mod stack;
pub mod stack_code;
pub mod state;
pub mod text;
pub mod transpose_text;
pub mod url;
