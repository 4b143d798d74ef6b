//! Pictures for the real-image view, as pure Rust: the built-in images (drawn here, so they
//! cost no download), resizing, the RGB or greyscale input volume, and the checks an upload
//! goes through before and after the browser decodes it.
//!
//! The browser does all decoding; the byte checks here only *look* at a file (its signature,
//! and for a GIF how many frames its block structure holds). They are not decoders.

use super::image_text::UploadError;
use crate::cnn::{ShapeError, SplitMix64, Volume};

/// The longest side a picture is kept at; larger uploads are scaled down by the browser.
pub const MAX_SIDE: usize = 512;
/// The most pixels an upload may have before it is decoded (about 200 MB as RGBA). A
/// 20000 × 20000 image (400 million pixels) is refused with a sentence instead.
pub const MAX_PIXELS: u64 = 50_000_000;

/// A picture as the browser hands it over: `width` × `height` RGBA bytes, row-major.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// `rgba[(y·width + x)·4 + channel]`; alpha is kept but not used (the page composites
    /// uploads onto white before reading them).
    pub rgba: Vec<u8>,
}

impl Picture {
    /// A picture from RGBA bytes, or `None` if a size is 0 or the length is not
    /// `width·height·4`.
    pub fn new(width: usize, height: usize, rgba: Vec<u8>) -> Option<Picture> {
        let n = width.checked_mul(height)?.checked_mul(4)?;
        (width > 0 && height > 0 && rgba.len() == n).then_some(Picture {
            width,
            height,
            rgba,
        })
    }

    /// A picture whose pixel (x, y) is `f(x, y)` as RGB (opaque).
    fn from_fn(width: usize, height: usize, mut f: impl FnMut(usize, usize) -> [u8; 3]) -> Self {
        let mut rgba = Vec::with_capacity(width * height * 4);
        for y in 0..height {
            for x in 0..width {
                let [r, g, b] = f(x, y);
                rgba.extend([r, g, b, 255]);
            }
        }
        Picture {
            width,
            height,
            rgba,
        }
    }

    /// Red, green and blue of pixel (x, y); black outside.
    pub fn rgb(&self, x: usize, y: usize) -> [u8; 3] {
        if x >= self.width || y >= self.height {
            return [0, 0, 0];
        }
        let i = (y * self.width + x) * 4;
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]]
    }

    /// The picture scaled down so its longer side is at most `max_side` (each output pixel
    /// the area-weighted mean of the input pixels it covers); a picture that already fits is
    /// returned unchanged. The aspect ratio is kept, each side at least 1.
    pub fn fit(&self, max_side: usize) -> Picture {
        let (w, h) = fitted(self.width, self.height, max_side.max(1));
        if (w, h) == (self.width, self.height) {
            return self.clone();
        }
        let cols = area_weights(self.width, w);
        let rows = area_weights(self.height, h);
        let mut rgba = Vec::with_capacity(w * h * 4);
        for row in &rows {
            for col in &cols {
                let mut acc = [0.0f64; 4];
                for &(sy, wy) in row {
                    for &(sx, wx) in col {
                        let i = (sy * self.width + sx) * 4;
                        for (a, &v) in acc.iter_mut().zip(&self.rgba[i..i + 4]) {
                            *a += v as f64 * wy * wx;
                        }
                    }
                }
                rgba.extend(acc.map(|v| v.round().clamp(0.0, 255.0) as u8));
            }
        }
        Picture {
            width: w,
            height: h,
            rgba,
        }
    }
}

/// The size of a `w` × `h` picture scaled so its longer side is at most `max_side`.
pub fn fitted(w: usize, h: usize, max_side: usize) -> (usize, usize) {
    let long = w.max(h);
    if long <= max_side {
        return (w, h);
    }
    let scale = max_side as f64 / long as f64;
    let side = |v: usize| ((v as f64 * scale).round() as usize).clamp(1, max_side);
    (side(w), side(h))
}

/// For each of `to` output cells along an axis of `from` input cells, the input cells it
/// covers and the share of each (the shares of one output sum to 1).
fn area_weights(from: usize, to: usize) -> Vec<Vec<(usize, f64)>> {
    let step = from as f64 / to as f64;
    (0..to)
        .map(|o| {
            let (a, b) = (o as f64 * step, (o + 1) as f64 * step);
            let mut cells = Vec::new();
            let mut i = a.floor() as usize;
            while (i as f64) < b && i < from {
                let cover = (b.min(i as f64 + 1.0) - a.max(i as f64)).max(0.0);
                if cover > 0.0 {
                    cells.push((i, cover / step));
                }
                i += 1;
            }
            cells
        })
        .collect()
}

/// Whether the input volume has three colour channels or one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Colour {
    /// Red, green and blue: D = 3.
    #[default]
    Rgb,
    /// Luma (0.299 R + 0.587 G + 0.114 B, as JPEG and Rec. 601): D = 1.
    Grey,
}

impl Colour {
    /// The input depth D.
    pub fn depth(self) -> usize {
        match self {
            Colour::Rgb => 3,
            Colour::Grey => 1,
        }
    }
}

/// The picture as a D × H × W input volume with values in [0, 1] (byte / 255).
pub fn to_volume(p: &Picture, colour: Colour) -> Result<Volume, ShapeError> {
    let px = |c: usize, y: usize, x: usize| p.rgba[(y * p.width + x) * 4 + c] as f32 / 255.0;
    match colour {
        Colour::Rgb => Volume::from_fn(3, p.height, p.width, px),
        Colour::Grey => Volume::from_fn(1, p.height, p.width, |_, y, x| {
            0.299 * px(0, y, x) + 0.587 * px(1, y, x) + 0.114 * px(2, y, x)
        }),
    }
}

/// A picture that ships with the page (drawn by code, so it costs no download and has no
/// licence beyond the project's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Builtin {
    /// A photo-like colour landscape: sky, sun, hills, a house, a tree, grass with texture.
    #[default]
    Photo,
    /// A handwritten-style "3", white on black, 28 × 28 like an MNIST digit.
    Digit,
    /// A test pattern: vertical, horizontal and diagonal stripes and a star of wedges (edges
    /// at many angles).
    Pattern,
}

impl Builtin {
    /// Every built-in picture, in menu order.
    pub const ALL: [Builtin; 3] = [Builtin::Photo, Builtin::Digit, Builtin::Pattern];

    /// The name in links (`img=`): `photo`, `digit`, `pattern`.
    pub fn id(self) -> &'static str {
        match self {
            Builtin::Photo => "photo",
            Builtin::Digit => "digit",
            Builtin::Pattern => "pattern",
        }
    }

    /// The built-in picture called `id`.
    pub fn from_id(id: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.id() == id)
    }

    /// Draws the picture.
    pub fn picture(self) -> Picture {
        match self {
            Builtin::Photo => photo(),
            Builtin::Digit => digit(),
            Builtin::Pattern => pattern(),
        }
    }
}

/// The side of the test pattern; the quadrants are `PATTERN_SIDE / 2` wide.
pub const PATTERN_SIDE: usize = 256;
/// The period of the test pattern's stripes (half dark, half light).
pub const STRIPE: usize = 32;

/// Averages `f` over a 4 × 4 grid of points inside pixel (x, y): cheap anti-aliasing.
fn supersample(x: usize, y: usize, f: impl Fn(f64, f64) -> f64) -> f64 {
    let mut s = 0.0;
    for i in 0..4 {
        for j in 0..4 {
            s += f(
                x as f64 + (j as f64 + 0.5) / 4.0,
                y as f64 + (i as f64 + 0.5) / 4.0,
            );
        }
    }
    s / 16.0
}

/// The test pattern: top left vertical stripes (vertical edges only), top right horizontal
/// stripes, bottom left stripes at 45°, bottom right a star of 16 wedges. Dark 40, light 215.
fn pattern() -> Picture {
    let half = (PATTERN_SIDE / 2) as f64;
    let stripe = STRIPE as f64;
    let light = |u: f64| ((u / stripe).floor() as i64).rem_euclid(2) == 1;
    Picture::from_fn(PATTERN_SIDE, PATTERN_SIDE, |x, y| {
        let v = supersample(x, y, |px, py| {
            let on = match (px < half, py < half) {
                (true, true) => light(px),
                (false, true) => light(py),
                (true, false) => light((px + (py - half)) / std::f64::consts::SQRT_2),
                (false, false) => {
                    // 16 wedges: the sign of sin(8φ), the imaginary part of (dx + i·dy)⁸
                    // (three complex squarings, no trigonometry).
                    let (mut re, mut im) = (px - 1.5 * half, py - 1.5 * half);
                    for _ in 0..3 {
                        (re, im) = (re * re - im * im, 2.0 * re * im);
                    }
                    im >= 0.0
                }
            };
            if on {
                1.0
            } else {
                0.0
            }
        });
        let g = (40.0 + 175.0 * v).round() as u8;
        [g, g, g]
    })
}

/// Distance from (px, py) to the segment a–b.
fn segment_distance(px: f64, py: f64, a: (f64, f64), b: (f64, f64)) -> f64 {
    let (vx, vy) = (b.0 - a.0, b.1 - a.1);
    let len2 = vx * vx + vy * vy;
    let t = if len2 > 0.0 {
        (((px - a.0) * vx + (py - a.1) * vy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (dx, dy) = (px - a.0 - t * vx, py - a.1 - t * vy);
    (dx * dx + dy * dy).sqrt()
}

/// A handwritten-style 3 on a 28 × 28 black square: a pen stroke (two bowls as quadratic
/// curves) of varying width, slightly slanted, white with soft edges as MNIST digits.
fn digit() -> Picture {
    // Control points of the stroke, in a 28 × 28 box.
    let curves: [[(f64, f64); 3]; 4] = [
        [(8.5, 7.5), (13.0, 3.0), (18.0, 6.0)],
        [(18.0, 6.0), (21.0, 10.5), (13.0, 13.5)],
        [(13.0, 13.5), (22.5, 14.5), (18.0, 21.0)],
        [(18.0, 21.0), (12.0, 25.5), (7.0, 20.5)],
    ];
    let mut points = Vec::new();
    for (ci, [a, c, b]) in curves.iter().enumerate() {
        for i in 0..=24 {
            let t = i as f64 / 24.0;
            let u = 1.0 - t;
            let x = u * u * a.0 + 2.0 * u * t * c.0 + t * t * b.0;
            let y = u * u * a.1 + 2.0 * u * t * c.1 + t * t * b.1;
            // Slant: the top leans right, as a quick hand writes.
            let x = x + (14.0 - y) * 0.12;
            // The pen presses harder in the middle of each bowl.
            let width = 1.5 + 2.0 * t * (1.0 - t) - 0.1 * ci as f64;
            points.push((x, y, width));
        }
    }
    Picture::from_fn(28, 28, |x, y| {
        let v = supersample(x, y, |px, py| {
            let ink = points.windows(2).fold(0.0f64, |ink, w| {
                let d = segment_distance(px, py, (w[0].0, w[0].1), (w[1].0, w[1].1));
                let r = (w[0].2 + w[1].2) / 2.0;
                ink.max((r + 0.5 - d).clamp(0.0, 1.0))
            });
            ink
        });
        let g = (255.0 * v).round() as u8;
        [g, g, g]
    })
}

/// sin(x) through the core's own cosine (no libm in the wasm for a few hills).
fn sin(x: f64) -> f64 {
    crate::cnn::rng::cos_turns(x / std::f64::consts::TAU - 0.25)
}

/// The photo-like landscape, 256 × 192: sky fading to haze, a sun, two ranges of hills, a
/// meadow with seeded grain, a red house with a window and door, a tree.
fn photo() -> Picture {
    let (w, h) = (256usize, 192usize);
    let mut rng = SplitMix64::new(0x5EED);
    let grain: Vec<f64> = (0..w * h).map(|_| rng.gaussian(0.0, 1.0)).collect();
    let mix = |a: [f64; 3], b: [f64; 3], t: f64| {
        let t = t.clamp(0.0, 1.0);
        [0, 1, 2].map(|i| a[i] + (b[i] - a[i]) * t)
    };
    let scene = |x: f64, y: f64| -> [f64; 3] {
        let mut c = mix([70.0, 130.0, 200.0], [200.0, 220.0, 235.0], y / 110.0);
        let sun = ((x - 196.0).powi(2) + (y - 42.0).powi(2)).sqrt();
        c = mix(
            c,
            [255.0, 236.0, 160.0],
            (1.0 - (sun - 16.0) / 14.0).min(1.0) * 0.6,
        );
        c = mix(c, [255.0, 245.0, 200.0], 17.0 - sun);
        let far = 104.0 - 18.0 * sin(x / 40.0) - 8.0 * sin(x / 13.0 + 1.0);
        c = mix(c, [110.0, 130.0, 160.0], y - far);
        let near = 128.0 - 14.0 * sin(x / 55.0 + 2.0) - 4.0 * sin(x / 9.0 + 1.0);
        c = mix(c, [80.0, 140.0, 60.0], y - near);
        c = mix(c, [120.0, 170.0, 70.0], (y - 150.0) / 40.0);
        // The house: walls, a roof, a window and a door.
        let walls = x > 52.0 && x < 108.0 && y > 118.0 && y < 160.0;
        let roof = y > 92.0 && y <= 118.0 && (x - 80.0).abs() < 34.0 - (118.0 - y) * 1.2;
        if walls {
            c = [176.0, 52.0, 40.0];
            if x > 62.0 && x < 78.0 && y > 126.0 && y < 140.0 {
                c = if (x - 70.0).abs() < 1.0 || (y - 133.0).abs() < 1.0 {
                    [240.0, 240.0, 235.0]
                } else {
                    [90.0, 150.0, 200.0]
                };
            }
            if x > 88.0 && x < 100.0 && y > 136.0 {
                c = [90.0, 60.0, 40.0];
            }
        } else if roof {
            c = [70.0, 60.0, 62.0];
        }
        // The tree: a trunk and a round crown.
        if x > 163.0 && x < 171.0 && y > 120.0 && y < 162.0 {
            c = [100.0, 70.0, 45.0];
        }
        let crown = ((x - 167.0).powi(2) + ((y - 112.0) * 1.2).powi(2)).sqrt();
        c = mix(c, [40.0, 100.0, 45.0], 24.0 - crown);
        c
    };
    Picture::from_fn(w, h, |x, y| {
        let mut acc = [0.0f64; 3];
        for i in 0..2 {
            for j in 0..2 {
                let s = scene(
                    x as f64 + 0.25 + 0.5 * j as f64,
                    y as f64 + 0.25 + 0.5 * i as f64,
                );
                for k in 0..3 {
                    acc[k] += s[k] / 4.0;
                }
            }
        }
        // Film-like grain, stronger in the grass (texture), faint in the sky.
        let n = grain[y * w + x] * if y > 125 { 9.0 } else { 2.5 };
        acc.map(|v| (v + n).round().clamp(0.0, 255.0) as u8)
    })
}

/// The kind of file, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `\x89PNG\r\n\x1a\n`.
    Png,
    /// `FF D8 FF`.
    Jpeg,
    /// `GIF87a` or `GIF89a`.
    Gif,
    /// `RIFF….WEBP`.
    Webp,
    /// `BM`.
    Bmp,
    /// An ISO media file (AVIF, HEIC): `….ftyp`.
    IsoMedia,
    /// An SVG drawing (text with an `<svg` element near the start).
    Svg,
    /// Printable text (an SVG among others).
    Text,
    /// Anything else.
    Unknown,
}

impl Format {
    /// Guesses the format from the file's signature.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Format::Png
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Format::Jpeg
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Format::Gif
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Format::Webp
        } else if bytes.starts_with(b"BM") {
            Format::Bmp
        } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
            Format::IsoMedia
        } else if let Some(head) = std::str::from_utf8(&bytes[..bytes.len().min(512)])
            .ok()
            .filter(|s| !s.is_empty() && s.chars().all(|c| !c.is_control() || c.is_whitespace()))
        {
            if head.contains("<svg") {
                Format::Svg
            } else {
                Format::Text
            }
        } else {
            Format::Unknown
        }
    }

    /// Whether the browser may be able to show it as pixels.
    pub fn is_image(self) -> bool {
        !matches!(self, Format::Text | Format::Unknown | Format::Svg)
    }
}

/// How many images a GIF holds, by walking its block structure (header, colour tables,
/// extensions, image descriptors); decoding nothing. `None` if the bytes are not a GIF or
/// the structure breaks off before the first image.
pub fn gif_frames(bytes: &[u8]) -> Option<usize> {
    if Format::sniff(bytes) != Format::Gif || bytes.len() < 13 {
        return None;
    }
    let table = |flags: u8| {
        if flags & 0x80 != 0 {
            3usize << ((flags & 0x07) + 1)
        } else {
            0
        }
    };
    // Skips data sub-blocks (length byte, then that many bytes, until a 0) from `i`.
    let skip_blocks = |mut i: usize| -> Option<usize> {
        loop {
            let len = *bytes.get(i)? as usize;
            i += 1;
            if len == 0 {
                return Some(i);
            }
            i += len;
        }
    };
    let mut i = 13 + table(bytes[10]);
    let mut frames = 0;
    loop {
        match bytes.get(i) {
            Some(0x2C) => {
                let flags = *bytes.get(i + 9)?;
                i += 10 + table(flags) + 1; // descriptor, local table, LZW code size
                match skip_blocks(i) {
                    Some(next) => {
                        frames += 1;
                        i = next;
                    }
                    // A truncated last image still counts as one that was started.
                    None => return Some(frames + 1),
                }
            }
            Some(0x21) => match skip_blocks(i + 2) {
                Some(next) => i = next,
                None => return (frames > 0).then_some(frames),
            },
            // Trailer, end of data, or a stray byte: stop with what was found.
            _ => return (frames > 0).then_some(frames),
        }
    }
}

/// The checks an upload's bytes pass before the browser is asked to decode them: not
/// empty, something an image could be, not an animated GIF.
pub fn check_bytes(bytes: &[u8]) -> Result<Format, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    let format = Format::sniff(bytes);
    match format {
        Format::Text => return Err(UploadError::NotImage { text: true }),
        Format::Unknown => return Err(UploadError::NotImage { text: false }),
        Format::Svg => return Err(UploadError::Vector),
        Format::Gif => {
            if let Some(n) = gif_frames(bytes).filter(|&n| n > 1) {
                return Err(UploadError::Animated { frames: n });
            }
        }
        _ => {}
    }
    Ok(format)
}

/// The check on the size the browser read from the file's header, before any pixel is
/// decoded: at least 1 × 1, at most [`MAX_PIXELS`].
pub fn check_size(width: u32, height: u32) -> Result<(), UploadError> {
    if width == 0 || height == 0 {
        return Err(UploadError::NoSize);
    }
    let pixels = width as u64 * height as u64;
    if pixels > MAX_PIXELS {
        return Err(UploadError::TooLarge { width, height });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_weights_cover_each_output_once() {
        for (from, to) in [(512, 256), (300, 7), (5, 3), (28, 28)] {
            for cells in area_weights(from, to) {
                let s: f64 = cells.iter().map(|c| c.1).sum();
                assert!((s - 1.0).abs() < 1e-9, "{from}->{to}: {s}");
            }
        }
    }

    #[test]
    fn fitting_halves_by_averaging_pairs() {
        let p = Picture::new(4, 2, [0u8, 100, 20, 40].repeat(8)).unwrap();
        let small = p.fit(2);
        assert_eq!((small.width, small.height), (2, 1));
        assert_eq!(small.rgb(0, 0), [0, 100, 20]);
        assert_eq!(fitted(1000, 10, 512), (512, 5));
        assert_eq!(fitted(10, 20000, 512), (1, 512));
        assert_eq!(fitted(200, 100, 512), (200, 100));
    }

    #[test]
    fn grey_is_rec601_luma() {
        let p = Picture::new(1, 1, vec![255, 0, 0, 255]).unwrap();
        let v = to_volume(&p, Colour::Grey).unwrap();
        assert!((v.data()[0] - 0.299).abs() < 1e-6);
        let v = to_volume(&p, Colour::Rgb).unwrap();
        assert_eq!(v.data(), &[1.0, 0.0, 0.0]);
    }
}
