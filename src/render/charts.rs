//! Charts and heatmaps on a canvas through plotters (wasm32 only).
