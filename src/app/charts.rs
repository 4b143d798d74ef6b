//! Chart data (pure): output size against S or P, heatmap colour scales.
