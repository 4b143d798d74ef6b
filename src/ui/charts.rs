//! Chart components: output size against S or P, activation-map heatmaps.
