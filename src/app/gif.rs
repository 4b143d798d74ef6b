//! The animation as a GIF, for decks that cannot hold a live frame (PowerPoint, Keynote,
//! Google Slides): one GIF frame per position, each only the rectangle that changed since the
//! one before (the window moves, a cell fills), laid over it. The page paints the positions
//! (`ui::stage`); the encoding runs in the real-image view's wasm, which the page fetches when
//! a GIF is first made (`src/bin/convscope-lab.rs`), so the page's own wasm carries none of it.

use color_quant::NeuQuant;
use gif::{DisposalMethod, Encoder, Frame, Repeat};
use std::borrow::Cow;
use std::collections::HashMap;

/// The most positions a GIF is made of: at one a second that is five minutes; more would be a
/// file no slide wants (the page says so rather than make it).
pub const MAX_FRAMES: usize = 300;

/// Pixels of background around the picture on every side: a GIF placed on a slide of
/// another colour would otherwise show its grids touching the image's edges.
pub const MARGIN: u32 = 12;

/// `picture` (RGBA, `w` × `h`) inside a transparent border of `margin` pixels (laid over the
/// background like the picture's own transparent pixels): (w + 2·margin) × (h + 2·margin).
pub fn with_margin(picture: &[u8], w: u32, h: u32, margin: u32) -> Vec<u8> {
    let (w, h, m) = (w as usize, h as usize, margin as usize);
    let wide = w + 2 * m;
    let mut out = vec![0u8; wide * (h + 2 * m) * 4];
    for (y, row) in picture.chunks_exact(w * 4).take(h).enumerate() {
        let at = ((y + m) * wide + m) * 4;
        out[at..at + w * 4].copy_from_slice(row);
    }
    out
}

/// The palette index that shows the frame before: a pixel that did not change.
const KEEP: u8 = 255;

/// A GIF being written, one picture at a time, over one palette: the picture's colours do not
/// shift from frame to frame, and a pixel that did not change is written as "keep", so a
/// frame's runs compress to little.
pub struct Animation {
    encoder: Encoder<Vec<u8>>,
    width: usize,
    height: usize,
    background: [u8; 3],
    palette: NeuQuant,
    /// Each colour met, its palette index (NeuQuant's search is slow).
    index: HashMap<[u8; 3], u8>,
    /// The last picture added, flattened: what the GIF shows before the next frame.
    shown: Vec<u8>,
    frames: usize,
}

impl Animation {
    /// A looping GIF of `width` × `height` pixels whose palette is learnt from `samples`
    /// (pictures of that size, RGBA, e.g. the first and the last: between them every colour
    /// the animation draws); transparent pixels are laid over `background` (a GIF frame laid
    /// over the one before cannot clear a pixel).
    pub fn new(
        width: u32,
        height: u32,
        background: [u8; 3],
        samples: &[&[u8]],
    ) -> Result<Animation, String> {
        let (w, h) = match (u16::try_from(width), u16::try_from(height)) {
            (Ok(w), Ok(h)) if w > 0 && h > 0 => (w, h),
            _ => return Err(format!("a GIF of {width} × {height} pixels cannot be made")),
        };
        let mut pixels = Vec::new();
        for sample in samples {
            pixels.extend(flatten(sample, background));
        }
        if pixels.is_empty() {
            pixels.extend([background[0], background[1], background[2], 255]);
        }
        // 255 colours learnt, the 256th is "keep"; NeuQuant samples one pixel in ten.
        let palette = NeuQuant::new(10, 255, &pixels);
        let mut table = palette.color_map_rgb();
        table.resize(256 * 3, 0);
        let mut encoder = Encoder::new(Vec::new(), w, h, &table).map_err(|e| e.to_string())?;
        encoder
            .set_repeat(Repeat::Infinite)
            .map_err(|e| e.to_string())?;
        Ok(Animation {
            encoder,
            width: width as usize,
            height: height as usize,
            background,
            palette,
            index: HashMap::new(),
            shown: Vec::new(),
            frames: 0,
        })
    }

    /// Adds a picture (`rgba`, row by row, four bytes a pixel, as a canvas's image data) shown
    /// for `delay_cs` hundredths of a second.
    pub fn add(&mut self, rgba: &[u8], delay_cs: u16) -> Result<(), String> {
        if rgba.len() != self.width * self.height * 4 {
            return Err(format!(
                "a picture of {} bytes for a GIF of {} × {} pixels",
                rgba.len(),
                self.width,
                self.height
            ));
        }
        let flat = flatten(rgba, self.background);
        let (x, y, w, h) = changed(&self.shown, &flat, self.width).unwrap_or((0, 0, 1, 1));
        let mut part = Vec::with_capacity(w * h);
        for row in y..y + h {
            for col in x..x + w {
                let i = (row * self.width + col) * 4;
                let px = [flat[i], flat[i + 1], flat[i + 2]];
                let same = self.shown.get(i..i + 3) == Some(&px[..]);
                part.push(if same {
                    KEEP
                } else {
                    let palette = &self.palette;
                    *self
                        .index
                        .entry(px)
                        .or_insert_with(|| palette.index_of(&[px[0], px[1], px[2], 255]) as u8)
                });
            }
        }
        let frame = Frame {
            left: x as u16,
            top: y as u16,
            width: w as u16,
            height: h as u16,
            delay: delay_cs,
            dispose: DisposalMethod::Keep,
            transparent: Some(KEEP),
            buffer: Cow::Owned(part),
            ..Frame::default()
        };
        self.encoder
            .write_frame(&frame)
            .map_err(|e| e.to_string())?;
        self.shown = flat;
        self.frames += 1;
        Ok(())
    }

    /// Pictures added so far.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// The GIF's bytes.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        self.encoder.into_inner().map_err(|e| e.to_string())
    }
}

/// `rgba` laid over `background`: every pixel opaque.
fn flatten(rgba: &[u8], background: [u8; 3]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rgba.len());
    for px in rgba.chunks_exact(4) {
        let a = u32::from(px[3]);
        for (c, bg) in px[..3].iter().zip(background) {
            out.push(((u32::from(*c) * a + u32::from(bg) * (255 - a) + 127) / 255) as u8);
        }
        out.push(255);
    }
    out
}

/// The smallest rectangle `(x, y, w, h)` holding every pixel where `now` differs from
/// `before` (all of it when there is no `before`); `None` when nothing changed.
fn changed(before: &[u8], now: &[u8], width: usize) -> Option<(usize, usize, usize, usize)> {
    let height = now.len() / 4 / width;
    if before.len() != now.len() {
        return Some((0, 0, width, height));
    }
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for y in 0..height {
        let row = y * width * 4..(y + 1) * width * 4;
        let (a, b) = (&before[row.clone()], &now[row]);
        if a == b {
            continue;
        }
        let first = (0..width).find(|&x| a[x * 4..x * 4 + 4] != b[x * 4..x * 4 + 4])?;
        let last = (0..width)
            .rev()
            .find(|&x| a[x * 4..x * 4 + 4] != b[x * 4..x * 4 + 4])?;
        (x0, x1) = (x0.min(first), x1.max(last));
        (y0, y1) = (y0.min(y), y);
    }
    (x0 != usize::MAX).then(|| (x0, y0, x1 - x0 + 1, y1 - y0 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_margin_is_a_transparent_border_round_the_picture() {
        // A 2 × 1 picture of two opaque pixels, in a border of 1.
        let p = [1, 2, 3, 255, 4, 5, 6, 255];
        let out = with_margin(&p, 2, 1, 1);
        assert_eq!(out.len(), 4 * 3 * 4);
        let px = |x: usize, y: usize| &out[(y * 4 + x) * 4..(y * 4 + x) * 4 + 4];
        assert_eq!(
            (px(1, 1), px(2, 1)),
            (&[1, 2, 3, 255][..], &[4, 5, 6, 255][..])
        );
        for (x, y) in [(0, 0), (3, 0), (0, 1), (3, 1), (1, 2), (2, 2)] {
            assert_eq!(px(x, y)[3], 0, "({x}, {y}) is border");
        }
    }

    /// A `w` × `h` picture of `bg` with a `colour` square of side `side` at (`x`, `y`).
    fn picture(w: usize, h: usize, square: (usize, usize, usize), colour: [u8; 4]) -> Vec<u8> {
        let mut p = [255u8, 255, 255, 255].repeat(w * h);
        let (x, y, side) = square;
        for r in y..y + side {
            for c in x..x + side {
                p[(r * w + c) * 4..(r * w + c) * 4 + 4].copy_from_slice(&colour);
            }
        }
        p
    }

    /// Every frame of `bytes` composited as a viewer shows it: (delay, pixels).
    fn play(bytes: &[u8]) -> Vec<(u16, Vec<u8>)> {
        let mut options = gif::DecodeOptions::new();
        options.set_color_output(gif::ColorOutput::RGBA);
        let mut d = options.read_info(bytes).unwrap();
        let (w, h) = (d.width() as usize, d.height() as usize);
        let mut screen = vec![0u8; w * h * 4];
        let mut out = Vec::new();
        while let Some(f) = d.read_next_frame().unwrap() {
            let (fw, fl, ft) = (f.width as usize, f.left as usize, f.top as usize);
            for (i, px) in f.buffer.chunks_exact(4).enumerate() {
                let (r, c) = (ft + i / fw, fl + i % fw);
                if px[3] > 0 {
                    screen[(r * w + c) * 4..(r * w + c) * 4 + 4].copy_from_slice(px);
                }
            }
            out.push((f.delay, screen.clone()));
        }
        out
    }

    fn close(a: &[u8], b: &[u8]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.abs_diff(*y) <= 6)
    }

    #[test]
    fn each_picture_is_a_frame_showing_it_with_its_delay() {
        let (w, h) = (40, 30);
        let blue = [0, 114, 178, 255];
        let pictures: Vec<Vec<u8>> = (0..4).map(|i| picture(w, h, (i * 8, 4, 6), blue)).collect();
        let samples: Vec<&[u8]> = pictures.iter().map(|p| &p[..]).collect();
        let mut a = Animation::new(w as u32, h as u32, [255, 255, 255], &samples).unwrap();
        for p in &pictures {
            a.add(p, 50).unwrap();
        }
        a.add(&pictures[3], 50).unwrap();
        assert_eq!(a.frames(), 5);
        let bytes = a.finish().unwrap();
        assert_eq!(&bytes[..6], b"GIF89a");
        let shown = play(&bytes);
        assert_eq!(shown.len(), 5);
        for (i, (delay, px)) in shown.iter().enumerate() {
            assert_eq!(*delay, 50);
            assert!(
                close(px, &pictures[i.min(3)]),
                "frame {i} shows its picture"
            );
        }
    }

    #[test]
    fn a_frame_holds_only_what_changed_and_transparency_meets_the_background() {
        let (w, h) = (64, 64);
        let red = picture(64, 64, (10, 20, 5), [255, 0, 0, 255]);
        let clear = vec![0u8; 64 * 64 * 4];
        let mut a = Animation::new(w, h, [20, 30, 40], &[&clear, &red]).unwrap();
        a.add(&clear, 10).unwrap();
        a.add(&picture(64, 64, (10, 20, 5), [255, 0, 0, 255]), 10)
            .unwrap();
        let bytes = a.finish().unwrap();
        let mut d = gif::DecodeOptions::new().read_info(&bytes[..]).unwrap();
        let first = d.read_next_frame().unwrap().unwrap().clone();
        assert_eq!((first.width, first.height), (64, 64));
        // The second picture differs from the first everywhere (white against the background),
        // so it is whole too; the transparent first picture became the background colour.
        let shown = play(&bytes);
        assert!(close(&shown[0].1[..4], &[20, 30, 40, 255]));
        let mut b = Animation::new(w, h, [255, 255, 255], &[&red]).unwrap();
        b.add(&picture(64, 64, (10, 20, 5), [255, 0, 0, 255]), 10)
            .unwrap();
        b.add(&picture(64, 64, (12, 21, 5), [255, 0, 0, 255]), 10)
            .unwrap();
        let bytes = b.finish().unwrap();
        let mut d = gif::DecodeOptions::new().read_info(&bytes[..]).unwrap();
        d.read_next_frame().unwrap();
        let second = d.read_next_frame().unwrap().unwrap();
        assert_eq!(
            (second.left, second.top, second.width, second.height),
            (10, 20, 7, 6),
            "the union of the square's two places"
        );
    }

    #[test]
    fn bad_sizes_are_refused_with_a_sentence() {
        assert!(Animation::new(0, 10, [0; 3], &[]).is_err());
        assert!(Animation::new(70_000, 10, [0; 3], &[]).is_err());
        let mut a = Animation::new(4, 4, [0; 3], &[]).unwrap();
        assert_eq!(
            a.add(&[0; 12], 1).unwrap_err(),
            "a picture of 12 bytes for a GIF of 4 × 4 pixels"
        );
    }
}
