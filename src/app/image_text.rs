//! Every English sentence of the real-image view, in one place so it can move into the
//! per-language string tables with the rest of the page.

use super::text::{count, num};
use std::fmt;

/// Why an upload was not used. The page shows it next to the upload and keeps the previous
/// image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UploadError {
    /// A zero-byte file.
    Empty,
    /// Not an image format (`text`: it reads as text).
    NotImage {
        /// The file reads as text.
        text: bool,
    },
    /// An SVG drawing: vector, with no pixel size of its own.
    Vector,
    /// A GIF with more than one frame.
    Animated {
        /// Frames found.
        frames: usize,
    },
    /// The header gives no size (an SVG without width and height, say).
    NoSize,
    /// More than [`super::images::MAX_PIXELS`] pixels.
    TooLarge {
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
    },
    /// The browser could not decode it (damaged or unsupported).
    Undecodable,
    /// The file could not be read at all.
    Unreadable,
    /// More than one file was dropped or pasted.
    Several {
        /// Files offered.
        files: usize,
    },
    /// A paste or drop without any file in it.
    NoFile,
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UploadError::Empty => f.write_str("The file is empty (0 bytes)."),
            UploadError::NotImage { text: true } => f.write_str(
                "This is a text file, not an image. Choose a PNG, JPEG, GIF, WebP or BMP picture.",
            ),
            UploadError::NotImage { text: false } => f.write_str(
                "This is not an image file the page recognises. Choose a PNG, JPEG, GIF, WebP or BMP picture.",
            ),
            UploadError::Vector => f.write_str(
                "This is an SVG drawing, which has no pixels of its own. Export it as PNG and choose that.",
            ),
            UploadError::Animated { frames } => write!(
                f,
                "This GIF is animated ({frames} frames); the layer works on one still picture. Save a single frame as PNG and choose that."
            ),
            UploadError::NoSize => f.write_str("The picture has no width or height the browser can read."),
            UploadError::TooLarge { width, height } => write!(
                f,
                "The picture is {} × {} pixels ({} megapixels); pictures up to {} megapixels are read, so it was not decoded.",
                count(*width as u64),
                count(*height as u64),
                count((*width as u64 * *height as u64).div_ceil(1_000_000)),
                super::images::MAX_PIXELS / 1_000_000
            ),
            UploadError::Undecodable => f.write_str(
                "The browser could not decode this picture: the file is damaged or in a format it does not read.",
            ),
            UploadError::Unreadable => f.write_str("The file could not be read."),
            UploadError::Several { files } => write!(
                f,
                "{files} files were given; choose one picture at a time."
            ),
            UploadError::NoFile => f.write_str("There was no picture in what was pasted or dropped."),
        }
    }
}

/// A file name cut to 40 characters for a sentence.
pub fn short_name(name: &str) -> String {
    let n: Vec<char> = name.chars().collect();
    if n.len() <= 40 {
        name.to_string()
    } else {
        format!("{}…", n[..39].iter().collect::<String>())
    }
}

/// The sentence next to the upload when a file was refused: "“x.gif”: …".
pub fn upload_refused(name: &str, e: &UploadError) -> String {
    if name.is_empty() {
        format!("{e} The previous picture is kept.")
    } else {
        format!("“{}”: {e} The previous picture is kept.", short_name(name))
    }
}

/// The line under the picture saying what it is.
pub fn picture_caption(source: &str, orig: (usize, usize), used: (usize, usize)) -> String {
    if orig == used {
        format!("{source}, {} × {} pixels.", used.0, used.1)
    } else {
        format!(
            "{source}, {} × {} pixels, scaled to {} × {}.",
            orig.0, orig.1, used.0, used.1
        )
    }
}

/// The notice for an `img=` link value that names no built-in picture.
pub fn unknown_image(value: &str) -> String {
    format!(
        "img={value}: there is no built-in picture by that name (photo, digit, pattern); an uploaded picture cannot travel in a link. The photo is shown."
    )
}

/// The names of the built-in pictures in the menu.
pub fn builtin_label(b: super::images::Builtin) -> &'static str {
    match b {
        super::images::Builtin::Photo => "Photo-like landscape (colour)",
        super::images::Builtin::Digit => "Handwritten digit (28 × 28)",
        super::images::Builtin::Pattern => "Test pattern (edges at many angles)",
    }
}

/// The names of the filters in the menus.
pub fn filter_label(k: crate::cnn::FilterKind) -> &'static str {
    use crate::cnn::FilterKind as K;
    match k {
        K::Identity => "identity",
        K::BoxBlur => "box blur",
        K::Gaussian => "Gaussian blur",
        K::Sharpen => "sharpen",
        K::SobelX => "Sobel x (vertical edges)",
        K::SobelY => "Sobel y (horizontal edges)",
        K::Laplacian => "Laplacian",
        K::Emboss => "emboss",
        K::Random => "random Gaussian(0, 0.01)",
    }
}

/// Why a typed weight was refused.
pub fn bad_weight(text: &str) -> String {
    format!(
        "“{}” is not a number; the weight keeps its value.",
        short_name(text)
    )
}

/// A weight outside the range the editor accepts.
pub fn weight_out_of_range(v: f64, limit: f64) -> String {
    format!(
        "{} is outside −{}…{}; the weight keeps its value.",
        num(v),
        num(limit),
        num(limit)
    )
}

/// The FC layer's shape and parameter count: "32×32×3 → 3072 → 10: 3072·10 + 10 = 30,730
/// parameters".
pub fn fc_summary(shape: (usize, usize, usize), outputs: usize, params: u64) -> String {
    let (d, h, w) = shape;
    let n = d * h * w;
    format!(
        "{w}×{h}×{d} → {} → {outputs}: {}·{outputs} + {outputs} = {} parameters",
        count(n as u64),
        count(n as u64),
        count(params)
    )
}

/// When the FC layer is not built because its weights would not fit in memory sensibly.
pub fn fc_too_large(inputs: usize, limit: usize) -> String {
    format!(
        "The flattened volume has {} values; the FC layer is drawn for up to {} (turn pooling on, use fewer filters or a smaller picture).",
        count(inputs as u64),
        count(limit as u64)
    )
}

/// The sentence for the page's section heading note.
pub const INTRO: &str = "The same convolution on a real picture: choose filters, edit their weights, and watch the activation maps change. Nothing leaves your computer.";

/// Under the filter list when there is room for no more.
pub const FULL: &str = "K is at its limit of 16 filters.";

/// The hint of the drop zone.
pub const DROP_HINT: &str = "Drop a picture here, paste one (Ctrl+V), or choose a file.";

/// What the colour choice means.
pub const COLOUR_NOTE: &str =
    "On RGB a classic filter's kernel is split over R, G and B (each gets kernel ÷ 3), so it sees their average.";

/// The note under the zoom.
pub const ZOOM_NOTE: &str =
    "Click the picture or a map to move the window; with the focus here, the arrows step it and Space plays.";

/// Said while a picture is being read.
pub const READING: &str = "Reading the picture…";

/// The header's link down to the real-image view.
pub const JUMP: &str = "Real image ↓";

/// The section's heading.
pub const TITLE: &str = "Real image";
/// Label of the picture menu.
pub const PICTURE: &str = "Picture ";
/// Label of the file picker.
pub const CHOOSE: &str = "Choose a picture";
/// Label of the colour menu.
pub const COLOUR: &str = "Colour ";
/// The greyscale option.
pub const GREY: &str = "greyscale (D = 1)";
/// Label of the size menu.
pub const LONG_SIDE: &str = "Long side ";
/// Label of the filter size menu.
pub const FILTER_SIZE: &str = "Filter size F ";
/// Label of the stride slider.
pub const STRIDE: &str = "Stride S";
/// The padding toggle.
pub const SAME: &str = "zero-padding (F − 1)/2";
/// The pooling toggle.
pub const POOL: &str = "2 × 2 max pool, stride 2";
/// After a filter's name once a weight was changed.
pub const EDITED: &str = " (edited)";
/// Heading of the filter list.
pub const FILTERS: &str = "Filters:";
/// Label of the new filter's kind.
pub const NEW_KIND: &str = "Kind of the new filter";
/// Label of the selected filter's kind menu.
pub const KIND: &str = "Kind ";
/// The add button.
pub const ADD: &str = "Add filter";
/// Label of the bias box.
pub const BIAS: &str = "bias ";
/// The reset button.
pub const RESET: &str = "Reset to the kernel";
/// The zoom's accessible name.
pub const ZOOM_LABEL: &str = "The window and its dot product";
/// Transport buttons.
pub const PREVIOUS: &str = "Previous position";
/// Transport buttons.
pub const NEXT: &str = "Next position";
/// Transport buttons.
pub const PLAY: &str = "Play";
/// Transport buttons.
pub const PAUSE: &str = "Pause";
/// Heading of the FC part.
pub const FC_TITLE: &str = "Fully connected: the final volume into 10 scores";
/// Under the FC chart.
pub const FC_NOTE: &str =
    "Weights ≈ Gaussian(0, 0.01) (sums of uniforms), seeded and untrained: the scores show the arithmetic, not a prediction.";

/// The upload's entry in the picture menu.
pub fn yours(name: &str) -> String {
    format!("“{name}” (yours)")
}

/// The maps' heading: "Activation maps: 256 × 256 × 8 after ReLU, pooled to 128 × 128".
pub fn maps_title(
    hw: (usize, usize),
    k: usize,
    relu: bool,
    pooled: Option<(usize, usize)>,
) -> String {
    format!(
        "Activation maps: {} × {} × {k}{}{}",
        hw.1,
        hw.0,
        if relu { " after ReLU" } else { "" },
        pooled
            .map(|(h, w)| format!(", pooled to {w} × {h}"))
            .unwrap_or_default()
    )
}

/// Where the window is.
pub fn zoom_status(name: &str, at: (usize, usize), of: (usize, usize)) -> String {
    format!(
        "Filter {name} at output row {}, column {} of a {} × {} map.",
        at.0, at.1, of.1, of.0
    )
}

/// The dot product's first line.
pub fn dot_target(target: &str, channels: usize, filter: &str) -> String {
    format!("{target} = Σ over the {channels} channel(s) of {filter}·x, + bias")
}

/// The remove button's name.
pub fn remove_filter(i: usize) -> String {
    format!("Remove filter {i}")
}

/// A weight box's name.
pub fn weight_label(channel: &str, y: usize, x: usize) -> String {
    format!("weight {channel} row {y} column {x}")
}

/// The editor's heading.
pub fn weights_of(name: &str) -> String {
    format!("Weights of filter {name}")
}

/// The input canvas's description.
pub fn input_label(w: usize, h: usize, d: usize) -> String {
    format!("The input picture, {w} × {h} × {d}")
}

/// A map canvas's description.
pub fn map_label(name: &str, h: usize, w: usize, min: &str, max: &str) -> String {
    format!("Activation map {name}: {w} × {h}, from {min} (blue below 0) through 0 (white) to {max} (orange)")
}

/// A pooled map canvas's description.
pub fn pooled_label(name: &str, h: usize, w: usize) -> String {
    format!("Max-pooled map {name}: {w} × {h}")
}

/// Beside a pooled map.
pub fn pooled_note(h: usize, w: usize, range: &str) -> String {
    format!("pooled {w} × {h}: {range}")
}

/// The bar chart's description.
pub fn bars_label(scores: &str) -> String {
    format!("FC scores {scores}")
}

/// A zoom canvas's description: the window's values, row by row.
pub fn zoom_label(channel: &str, values: &str) -> String {
    format!("Channel {channel} around the window; the window holds {values}")
}
