//! Every English sentence of the real-image view, in one place so it can move into the
//! per-language string tables with the rest of the page.

use super::text::{count, num};
use crate::tr;
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
            UploadError::Empty => f.write_str(tr!("img.err_empty")),
            UploadError::NotImage { text: true } => f.write_str(tr!("img.err_text")),
            UploadError::NotImage { text: false } => f.write_str(tr!("img.err_not_image")),
            UploadError::Vector => f.write_str(tr!("img.err_svg")),
            UploadError::Animated { frames } => f.write_str(&tr!("img.err_animated", frames)),
            UploadError::NoSize => f.write_str(tr!("img.err_no_size")),
            UploadError::TooLarge { width, height } => f.write_str(&tr!(
                "img.err_too_large",
                count(*width as u64),
                count(*height as u64),
                count((*width as u64 * *height as u64).div_ceil(1_000_000)),
                super::images::MAX_PIXELS / 1_000_000
            )),
            UploadError::Undecodable => f.write_str(tr!("img.err_undecodable")),
            UploadError::Unreadable => f.write_str(tr!("img.err_unreadable")),
            UploadError::Several { files } => f.write_str(&tr!("img.err_several", files)),
            UploadError::NoFile => f.write_str(tr!("img.err_no_file")),
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
        tr!("img.refused", e)
    } else {
        tr!("img.refused_named", short_name(name), e)
    }
}

/// The line under the picture saying what it is.
pub fn picture_caption(source: &str, orig: (usize, usize), used: (usize, usize)) -> String {
    if orig == used {
        tr!("img.caption", source, format!("{} × {}", used.0, used.1))
    } else {
        tr!(
            "img.caption_scaled",
            source,
            format!("{} × {}", orig.0, orig.1),
            format!("{} × {}", used.0, used.1)
        )
    }
}

/// The notice for an `img=` link value that names no built-in picture.
pub fn unknown_image(value: &str) -> String {
    tr!("labslot.unknown", value)
}

/// The names of the built-in pictures in the menu.
pub fn builtin_label(b: super::images::Builtin) -> &'static str {
    match b {
        super::images::Builtin::Photo => tr!("img.photo"),
        super::images::Builtin::Digit => tr!("img.digit"),
        super::images::Builtin::Pattern => tr!("img.pattern"),
    }
}

/// The names of the filters in the menus.
pub fn filter_label(k: crate::cnn::FilterKind) -> &'static str {
    use crate::cnn::FilterKind as K;
    match k {
        K::Identity => tr!("img.k_identity"),
        K::BoxBlur => tr!("img.k_box"),
        K::Gaussian => tr!("img.k_gaussian"),
        K::Sharpen => tr!("img.k_sharpen"),
        K::SobelX => tr!("img.k_sobel_x"),
        K::SobelY => tr!("img.k_sobel_y"),
        K::Laplacian => tr!("img.k_laplacian"),
        K::Emboss => tr!("img.k_emboss"),
        K::Random => tr!("img.k_random"),
    }
}

/// Why a typed weight was refused.
pub fn bad_weight(text: &str) -> String {
    tr!("img.bad_weight", short_name(text))
}

/// A weight outside the range the editor accepts.
pub fn weight_out_of_range(v: f64, limit: f64) -> String {
    tr!("img.weight_range", num(v), num(limit))
}

/// The FC layer's shape and parameter count: "32×32×3 → 3072 → 10: 3072·10 + 10 = 30,730
/// parameters".
pub fn fc_summary(shape: (usize, usize, usize), outputs: usize, params: u64) -> String {
    let (d, h, w) = shape;
    let n = d * h * w;
    tr!(
        "img.fc_summary",
        format!("{w}×{h}×{d}"),
        count(n as u64),
        outputs,
        count(params)
    )
}

/// When the FC layer is not built because its weights would not fit in memory sensibly.
pub fn fc_too_large(inputs: usize, limit: usize) -> String {
    tr!(
        "img.fc_too_large",
        count(inputs as u64),
        count(limit as u64)
    )
}

/// The sentence for the page's section heading note.
pub fn intro() -> &'static str {
    tr!("img.intro")
}

/// Under the filter list when there is room for no more.
pub fn full() -> &'static str {
    tr!("img.full")
}

/// The hint of the drop zone.
pub fn drop_hint() -> &'static str {
    tr!("img.drop_hint")
}

/// What the colour choice means.
pub fn colour_note() -> &'static str {
    tr!("img.colour_note")
}

/// The note under the zoom.
pub fn zoom_note() -> &'static str {
    tr!("img.zoom_note")
}

/// Said while a picture is being read.
pub fn reading() -> &'static str {
    tr!("img.reading")
}

/// The header's link down to the real-image view.
pub fn jump() -> &'static str {
    tr!("labslot.jump")
}

/// The section's heading.
pub fn title() -> &'static str {
    tr!("labslot.title")
}
/// Label of the picture menu.
pub fn picture() -> String {
    format!("{} ", tr!("img.picture"))
}
/// Label of the file picker.
pub fn choose() -> &'static str {
    tr!("img.choose")
}
/// Label of the colour menu.
pub fn colour() -> String {
    format!("{} ", tr!("img.colour"))
}
/// The greyscale option.
pub fn grey() -> &'static str {
    tr!("img.grey")
}
/// Label of the size menu.
pub fn long_side() -> String {
    format!("{} ", tr!("img.long_side"))
}
/// Label of the filter size menu.
pub fn filter_size() -> String {
    format!("{} ", tr!("img.filter_size"))
}
/// Label of the stride slider.
pub fn stride() -> &'static str {
    tr!("img.stride")
}
/// The padding toggle.
pub fn same() -> &'static str {
    tr!("img.same")
}
/// The pooling toggle.
pub fn pool() -> &'static str {
    tr!("img.pool")
}
/// After a filter's name once a weight was changed.
pub fn edited() -> String {
    format!(" {}", tr!("img.edited"))
}
/// Heading of the filter list.
pub fn filters() -> &'static str {
    tr!("img.filters")
}
/// Label of the new filter's kind.
pub fn new_kind() -> &'static str {
    tr!("img.new_kind")
}
/// Label of the selected filter's kind menu.
pub fn kind() -> String {
    format!("{} ", tr!("img.kind"))
}
/// The add button.
pub fn add() -> &'static str {
    tr!("img.add")
}
/// Label of the bias box.
pub fn bias() -> String {
    format!("{} ", tr!("img.bias"))
}
/// The reset button.
pub fn reset() -> &'static str {
    tr!("img.reset")
}
/// The zoom's accessible name.
pub fn zoom_heading() -> &'static str {
    tr!("img.zoom_label")
}
/// Transport buttons.
pub fn previous() -> &'static str {
    tr!("img.previous")
}
/// Transport buttons.
pub fn next() -> &'static str {
    tr!("img.next")
}
/// Transport buttons.
pub fn play() -> &'static str {
    tr!("img.play")
}
/// Transport buttons.
pub fn pause() -> &'static str {
    tr!("img.pause")
}
/// Heading of the FC part.
pub fn fc_title() -> &'static str {
    tr!("img.fc_title")
}
/// Under the FC chart.
pub fn fc_note() -> &'static str {
    tr!("img.fc_note")
}

/// The upload's entry in the picture menu.
pub fn yours(name: &str) -> String {
    tr!("img.yours", name)
}

/// The maps' heading: "Activation maps: 256 × 256 × 8 after ReLU, pooled to 128 × 128".
pub fn maps_title(
    hw: (usize, usize),
    k: usize,
    relu: bool,
    pooled: Option<(usize, usize)>,
) -> String {
    let shape = format!("{} × {} × {k}", hw.1, hw.0);
    let mut out = if relu {
        tr!("img.maps_relu", shape)
    } else {
        tr!("img.maps", shape)
    };
    if let Some((h, w)) = pooled {
        out.push_str(&tr!("img.maps_pooled", format!("{w} × {h}")));
    }
    out
}

/// Where the window is.
pub fn zoom_status(name: &str, at: (usize, usize), of: (usize, usize)) -> String {
    tr!(
        "img.zoom_status",
        name,
        at.0,
        at.1,
        format!("{} × {}", of.1, of.0)
    )
}

/// The dot product's first line.
pub fn dot_target(target: &str, channels: usize, filter: &str) -> String {
    tr!("read.dot_caption", target, channels, filter)
}

/// The remove button's name.
pub fn remove_filter(i: usize) -> String {
    tr!("img.remove", i)
}

/// A weight box's name.
pub fn weight_label(channel: &str, y: usize, x: usize) -> String {
    tr!("img.weight_label", channel, y, x)
}

/// The editor's heading.
pub fn weights_of(name: &str) -> String {
    tr!("img.weights_of", name)
}

/// The input canvas's description.
pub fn input_label(w: usize, h: usize, d: usize) -> String {
    tr!("img.input_label", format!("{w} × {h} × {d}"))
}

/// A map canvas's description.
pub fn map_label(name: &str, h: usize, w: usize, min: &str, max: &str) -> String {
    tr!("img.map_label", name, format!("{w} × {h}"), min, max)
}

/// A pooled map canvas's description.
pub fn pooled_label(name: &str, h: usize, w: usize) -> String {
    tr!("img.pooled_label", name, format!("{w} × {h}"))
}

/// Beside a pooled map, in a narrow column: the size does not break across lines, and the
/// range starts a line of its own (a newline the note's `white-space: pre-line` keeps; both
/// languages put the range last), its minimum kept with its "…": "128 × 128:" above "0 … 2.58"
/// rather than "128 × 128: 0" above "… 2.58".
pub fn pooled_note(h: usize, w: usize, range: &str) -> String {
    let range = format!("\n{}", range.replacen(" … ", "\u{a0}… ", 1));
    tr!("img.pooled_note", format!("{w}\u{a0}×\u{a0}{h}"), range)
}

/// The bar chart's description.
pub fn bars_label(scores: &str) -> String {
    tr!("img.bars", scores)
}

/// A zoom canvas's description: the window's values, row by row.
pub fn zoom_label(channel: &str, values: &str) -> String {
    tr!("img.zoom_channel", channel, values)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pooled_notes_range_starts_a_line_of_its_own() {
        crate::app::i18n::install_view();
        // The template's space before the range stays; `pre-line` drops it at the line's end.
        let note = super::pooled_note(128, 128, "0 … 2.58");
        assert_eq!(note.replace('\u{a0}', "_"), "pooled 128_×_128: \n0_… 2.58");
        assert_eq!(
            super::pooled_note(1, 2, "3").replace('\u{a0}', "_"),
            "pooled 2_×_1: \n3"
        );
    }
}
