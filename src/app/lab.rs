//! The real-image view's state and its pure transitions: which picture, RGB or grey, the
//! filters and their (editable) weights, ReLU, pooling and the zoomed window; and
//! [`Pipeline`], which turns that state into activation maps, pooled maps and FC scores,
//! recomputing only the maps whose filter or input changed.

use super::charts::ColorScale;
use super::image_text;
use super::images::{to_volume, Builtin, Colour, Picture};
use crate::cnn::filters::{MAX_SIZE, MIN_SIZE};
use crate::cnn::{
    conv2d, conv_map, conv_trace, dense_params, ConvTrace, FilterBank, FilterKind, Geometry, Hw,
    Padding, Rounding, ShapeError, SplitMix64, Volume, WindowSpec,
};
use std::rc::Rc;

/// At most this many filters (K).
pub const MAX_FILTERS: usize = 16;
/// The long side the picture may be reduced to before the convolution.
pub const SIZES: [usize; 5] = [32, 64, 128, 256, 512];
/// Strides offered.
pub const MAX_STRIDE: usize = 4;
/// A typed weight must lie within ±this.
pub const WEIGHT_LIMIT: f64 = 100.0;
/// Outputs of the FC layer (CIFAR-10's classes).
pub const FC_OUTPUTS: usize = 10;
/// The FC layer is built for flattened volumes up to this many values (10 × this weights,
/// 40 MB).
pub const FC_LIMIT: usize = 1 << 20;

/// Where the picture came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A built-in picture.
    Builtin(Builtin),
    /// A file the user gave, with its size before scaling.
    Upload {
        /// The file name.
        name: String,
        /// Width and height as decoded.
        original: (usize, usize),
    },
}

/// One filter: where its weights came from, the D × F × F weights and a bias.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    /// The classic filter it started as.
    pub kind: FilterKind,
    /// D × F × F weights, CHW.
    pub weights: Vec<f32>,
    /// The bias.
    pub bias: f32,
    /// Whether a weight was edited by hand since the kind was chosen.
    pub edited: bool,
    /// Seed of its random weights (so adding a filter does not redraw the others).
    pub seed: u64,
}

impl Slot {
    fn new(kind: FilterKind, depth: usize, f: usize, seed: u64) -> Slot {
        Slot {
            kind,
            weights: kind
                .weights(depth, f, &mut SplitMix64::new(seed))
                .unwrap_or_else(|_| vec![0.0; depth * f * f]),
            bias: 0.0,
            edited: false,
            seed,
        }
    }

    /// The weights carried to a new depth and size: an unedited filter is drawn afresh; an
    /// edited one keeps its centre (cropped or padded with zeros) and its channel sum (RGB →
    /// grey adds the channels, grey → RGB divides by 3), so what it computes on a grey
    /// picture stays the same.
    fn reshaped(&self, from: (usize, usize), to: (usize, usize)) -> Slot {
        if !self.edited {
            return Slot {
                bias: self.bias,
                ..Slot::new(self.kind, to.0, to.1, self.seed)
            };
        }
        let ((d0, f0), (d1, f1)) = (from, to);
        let plane = |c: usize| &self.weights[c * f0 * f0..(c + 1) * f0 * f0];
        let resize = |p: &[f32]| -> Vec<f32> {
            let mut out = vec![0.0; f1 * f1];
            let (c0, c1) = ((f0 / 2) as isize, (f1 / 2) as isize);
            for y in 0..f1 {
                for x in 0..f1 {
                    let (sy, sx) = (y as isize - c1 + c0, x as isize - c1 + c0);
                    if (0..f0 as isize).contains(&sy) && (0..f0 as isize).contains(&sx) {
                        out[y * f1 + x] = p[sy as usize * f0 + sx as usize];
                    }
                }
            }
            out
        };
        let planes: Vec<Vec<f32>> = if d0 == d1 {
            (0..d0).map(|c| resize(plane(c))).collect()
        } else {
            let sum: Vec<f32> = (0..f0 * f0)
                .map(|i| (0..d0).map(|c| plane(c)[i]).sum())
                .collect();
            let sum = resize(&sum);
            (0..d1)
                .map(|_| sum.iter().map(|v| v / d1 as f32).collect())
                .collect()
        };
        Slot {
            weights: planes.concat(),
            ..self.clone()
        }
    }
}

/// The real-image view's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Lab {
    /// Where the picture came from.
    pub source: Source,
    /// The picture (at most 512 pixels on its long side).
    pub picture: Rc<Picture>,
    /// RGB (D = 3) or grey (D = 1).
    pub colour: Colour,
    /// The long side the picture is reduced to, one of [`SIZES`].
    pub size: usize,
    /// The input volume: the picture at `size`, in `colour`, values in [0, 1].
    pub input: Rc<Volume>,
    /// Filter size F (3, 5 or 7).
    pub f: usize,
    /// Stride S.
    pub stride: usize,
    /// Zero padding (F − 1)/2, so that at stride 1 the maps keep the picture's size.
    pub same: bool,
    /// The K filters.
    pub slots: Vec<Slot>,
    /// ReLU after the convolution.
    pub relu: bool,
    /// 2 × 2 max pooling at stride 2 after it.
    pub pool: bool,
    /// The filter shown in the editor and the zoom.
    pub selected: usize,
    /// The weight the slider moves: index into the selected filter's weights.
    pub cell: usize,
    /// The output position of the zoomed window (row, column).
    pub at: (usize, usize),
    /// Whether the window advances on its own.
    pub playing: bool,
    /// Why the last upload was refused (shown next to the upload).
    pub upload_error: Option<String>,
    /// Why the last typed weight was refused (shown under the editor).
    pub weight_error: Option<String>,
    /// The seed of the next filter's random weights.
    pub next_seed: u64,
}

/// Everything the real-image view's controls can do.
#[derive(Clone, Debug, PartialEq)]
pub enum LabMsg {
    /// Show a built-in picture.
    Builtin(Builtin),
    /// The browser decoded an upload: its name, the picture (already at most 512 px) and its
    /// original size.
    Loaded {
        /// The file name.
        name: String,
        /// The pixels.
        picture: Picture,
        /// The size before scaling.
        original: (usize, usize),
    },
    /// An upload was refused, with the sentence to show.
    Refused(String),
    /// RGB or grey.
    Colour(Colour),
    /// The long side, one of [`SIZES`].
    Size(usize),
    /// The filter size (3, 5, 7).
    FilterSize(usize),
    /// The stride.
    Stride(usize),
    /// Zero padding (F − 1)/2 on or off.
    Same(bool),
    /// Add a filter of this kind.
    Add(FilterKind),
    /// Remove filter i.
    Remove(usize),
    /// Filter i becomes this kind (its weights are replaced).
    Kind(usize, FilterKind),
    /// Show filter i in the editor and the zoom.
    Select(usize),
    /// A weight typed into the editor: filter, index, text.
    TypeWeight(usize, usize, String),
    /// The bias typed: filter, text.
    TypeBias(usize, String),
    /// The slider moved the selected weight to this value.
    SlideWeight(f32),
    /// The slider moves weight i of the selected filter.
    PickCell(usize),
    /// Filter i goes back to its kind's weights.
    Reset(usize),
    /// ReLU on or off.
    Relu(bool),
    /// Pooling on or off.
    Pool(bool),
    /// Move the window to output (row, column).
    Seek(usize, usize),
    /// Move the window so it is centred on input pixel (row, column), as near as the stride
    /// allows.
    SeekInput(isize, isize),
    /// Move the window by this many positions (row-major).
    StepBy(isize),
    /// Play or pause.
    TogglePlay,
    /// One tick of the player.
    Tick,
}

impl Default for Lab {
    fn default() -> Self {
        Lab::new(Builtin::default())
    }
}

/// The eight classic filters a new view starts with.
pub const START_FILTERS: [FilterKind; 8] = [
    FilterKind::Identity,
    FilterKind::BoxBlur,
    FilterKind::Gaussian,
    FilterKind::Sharpen,
    FilterKind::SobelX,
    FilterKind::SobelY,
    FilterKind::Laplacian,
    FilterKind::Emboss,
];

impl Lab {
    /// A view of a built-in picture with the eight classic filters, F = 3, stride 1, same
    /// padding, ReLU and pooling on.
    pub fn new(image: Builtin) -> Lab {
        let picture = Rc::new(image.picture());
        let colour = Colour::Rgb;
        let size = 256;
        let input = Rc::new(prepare(&picture, size, colour));
        let slots = START_FILTERS
            .iter()
            .enumerate()
            .map(|(i, &k)| Slot::new(k, colour.depth(), 3, i as u64 + 1))
            .collect();
        let mut lab = Lab {
            source: Source::Builtin(image),
            picture,
            colour,
            size,
            input,
            f: 3,
            stride: 1,
            same: true,
            slots,
            relu: true,
            pool: true,
            selected: 4,
            cell: 0,
            at: (0, 0),
            playing: false,
            upload_error: None,
            weight_error: None,
            next_seed: START_FILTERS.len() as u64 + 1,
        };
        lab.at = lab.centre();
        lab
    }

    /// The input depth D.
    pub fn depth(&self) -> usize {
        self.colour.depth()
    }

    /// The conv layer's window: F × F, stride S, padding (F − 1)/2 or 0, floor rounding (the
    /// frameworks' rule, so any stride gives maps).
    pub fn spec(&self) -> WindowSpec {
        WindowSpec {
            kernel: Hw::square(self.f),
            stride: Hw::square(self.stride),
            dilation: Hw::square(1),
            padding: Padding::uniform(if self.same { self.f / 2 } else { 0 }),
            rounding: Rounding::Floor,
        }
    }

    /// The conv geometry on the current input.
    pub fn geometry(&self) -> Result<Geometry, ShapeError> {
        self.spec()
            .geometry(self.input.height(), self.input.width())
    }

    /// The size of the map canvases' store (height, width): the map at stride 1, the
    /// largest any stride gives for this picture, F and padding. A store that depends on
    /// the picture but not on the stride is never resized by the stride slider (see
    /// `render::bitmap::put_rgba_kept`), and every stride's map fits in it.
    pub fn map_store(&self) -> Option<(usize, usize)> {
        let spec = WindowSpec {
            stride: Hw::square(1),
            ..self.spec()
        };
        let g = spec
            .geometry(self.input.height(), self.input.width())
            .ok()?;
        Some((g.out_h(), g.out_w()))
    }

    /// The K filters as one bank.
    pub fn bank(&self) -> Result<FilterBank, ShapeError> {
        let weights = self.slots.iter().flat_map(|s| s.weights.clone()).collect();
        let bias = self.slots.iter().map(|s| s.bias).collect();
        FilterBank::new(
            self.slots.len(),
            self.depth(),
            self.f,
            self.f,
            weights,
            bias,
        )
    }

    /// The middle output position.
    fn centre(&self) -> (usize, usize) {
        self.geometry()
            .map(|g| (g.out_h() / 2, g.out_w() / 2))
            .unwrap_or((0, 0))
    }

    /// The zoomed position clamped into the current maps.
    fn clamp_at(&mut self) {
        if let Ok(g) = self.geometry() {
            self.at = (self.at.0.min(g.out_h() - 1), self.at.1.min(g.out_w() - 1));
        }
    }

    /// Rebuilds the input after a picture, size or colour change, and carries the filters
    /// to the new depth.
    fn rebuild(&mut self, depth_before: usize) {
        self.input = Rc::new(prepare(&self.picture, self.size, self.colour));
        if depth_before != self.depth() {
            let (from, to) = ((depth_before, self.f), (self.depth(), self.f));
            self.slots = self.slots.iter().map(|s| s.reshaped(from, to)).collect();
        }
        self.clamp_at();
    }

    /// The state after `msg`, or `None` when nothing changes.
    pub fn apply(&self, msg: LabMsg) -> Option<Lab> {
        let mut s = self.clone();
        let depth = s.depth();
        match msg {
            LabMsg::Builtin(b) => {
                s.picture = Rc::new(b.picture());
                s.source = Source::Builtin(b);
                s.upload_error = None;
                s.rebuild(depth);
                s.at = s.centre();
            }
            LabMsg::Loaded {
                name,
                picture,
                original,
            } => {
                s.picture = Rc::new(picture);
                s.source = Source::Upload { name, original };
                s.upload_error = None;
                s.rebuild(depth);
                s.at = s.centre();
            }
            LabMsg::Refused(why) => s.upload_error = Some(why),
            LabMsg::Colour(c) => {
                s.colour = c;
                s.rebuild(depth);
            }
            LabMsg::Size(n) if SIZES.contains(&n) => {
                s.size = n;
                s.rebuild(depth);
            }
            LabMsg::FilterSize(f) if (MIN_SIZE..=MAX_SIZE).contains(&f) && f % 2 == 1 => {
                let (from, to) = ((depth, s.f), (depth, f));
                s.f = f;
                s.slots = s.slots.iter().map(|x| x.reshaped(from, to)).collect();
                s.cell = s.cell.min(depth * f * f - 1);
                s.clamp_at();
            }
            LabMsg::Stride(n) if (1..=MAX_STRIDE).contains(&n) => {
                s.stride = n;
                s.clamp_at();
            }
            LabMsg::Same(on) => {
                s.same = on;
                s.clamp_at();
            }
            LabMsg::Add(kind) if s.slots.len() < MAX_FILTERS => {
                s.slots.push(Slot::new(kind, depth, s.f, s.next_seed));
                s.next_seed += 1;
                s.selected = s.slots.len() - 1;
            }
            LabMsg::Remove(i) if i < s.slots.len() && s.slots.len() > 1 => {
                s.slots.remove(i);
                s.selected = s.selected.min(s.slots.len() - 1);
            }
            LabMsg::Kind(i, kind) if i < s.slots.len() => {
                let seed = if kind == FilterKind::Random {
                    s.next_seed += 1;
                    s.next_seed
                } else {
                    s.slots[i].seed
                };
                s.slots[i] = Slot::new(kind, depth, s.f, seed);
                s.selected = i;
            }
            LabMsg::Select(i) if i < s.slots.len() => s.selected = i,
            LabMsg::TypeWeight(i, w, text) if i < s.slots.len() && w < s.slots[i].weights.len() => {
                match parse_weight(&text) {
                    Ok(v) => {
                        s.slots[i].weights[w] = v;
                        s.slots[i].edited = true;
                        s.weight_error = None;
                    }
                    Err(e) => s.weight_error = Some(e),
                }
                s.selected = i;
                s.cell = w;
            }
            LabMsg::TypeBias(i, text) if i < s.slots.len() => match parse_weight(&text) {
                Ok(v) => {
                    s.slots[i].bias = v;
                    s.slots[i].edited = true;
                    s.weight_error = None;
                }
                Err(e) => s.weight_error = Some(e),
            },
            LabMsg::SlideWeight(v) if v.is_finite() && (v as f64).abs() <= WEIGHT_LIMIT => {
                let (i, w) = (s.selected, s.cell);
                let slot = s.slots.get_mut(i)?;
                *slot.weights.get_mut(w)? = v;
                slot.edited = true;
                s.weight_error = None;
            }
            LabMsg::PickCell(w) if w < depth * s.f * s.f => s.cell = w,
            LabMsg::Reset(i) if i < s.slots.len() => {
                let old = &s.slots[i];
                s.slots[i] = Slot::new(old.kind, depth, s.f, old.seed);
                s.weight_error = None;
            }
            LabMsg::Relu(on) => s.relu = on,
            LabMsg::Pool(on) => s.pool = on,
            LabMsg::Seek(r, c) => {
                s.at = (r, c);
                s.playing = false;
                s.clamp_at();
            }
            LabMsg::SeekInput(y, x) => {
                let g = s.geometry().ok()?;
                let near = |v: isize, p: &crate::cnn::AxisPlan| {
                    let o =
                        (v + p.pad_lo as isize - (p.span / 2) as isize) as f64 / p.stride as f64;
                    (o.round().max(0.0) as usize).min(p.output - 1)
                };
                s.at = (near(y, &g.rows), near(x, &g.cols));
                s.playing = false;
            }
            LabMsg::StepBy(d) => {
                let g = s.geometry().ok()?;
                let n = g.out_h() * g.out_w();
                let i = (s.at.0 * g.out_w() + s.at.1) as isize + d;
                let i = i.clamp(0, n as isize - 1) as usize;
                s.at = (i / g.out_w(), i % g.out_w());
                s.playing = false;
            }
            LabMsg::TogglePlay => s.playing = !s.playing,
            LabMsg::Tick => {
                let g = s.geometry().ok()?;
                let i = s.at.0 * g.out_w() + s.at.1 + 1;
                if i >= g.out_h() * g.out_w() {
                    s.playing = false;
                } else {
                    s.at = (i / g.out_w(), i % g.out_w());
                }
            }
            _ => return None,
        }
        (!s.same_as(self)).then_some(s)
    }

    /// Equality that compares the picture and the input volume by address (they are only
    /// ever replaced, never edited), so a transition costs no 65,536-value comparison.
    fn same_as(&self, o: &Lab) -> bool {
        Rc::ptr_eq(&self.picture, &o.picture)
            && Rc::ptr_eq(&self.input, &o.input)
            && self.source == o.source
            && (self.colour, self.size, self.f, self.stride, self.same)
                == (o.colour, o.size, o.f, o.stride, o.same)
            && self.slots == o.slots
            && (
                self.relu,
                self.pool,
                self.selected,
                self.cell,
                self.at,
                self.playing,
            ) == (o.relu, o.pool, o.selected, o.cell, o.at, o.playing)
            && self.upload_error == o.upload_error
            && self.weight_error == o.weight_error
            && self.next_seed == o.next_seed
    }

    /// The dot product behind the zoomed output of the selected filter.
    pub fn trace(&self) -> Option<ConvTrace> {
        let g = self.geometry().ok()?;
        let bank = self.bank().ok()?;
        conv_trace(&self.input, &bank, &g, self.selected, self.at.0, self.at.1).ok()
    }

    /// The neighbourhood of the zoomed window: the window plus a ring of one pixel.
    pub fn zoom(&self) -> Option<Zoom> {
        let g = self.geometry().ok()?;
        let top = g.rows.tap(self.at.0, 0);
        let left = g.cols.tap(self.at.1, 0);
        let rows: Vec<isize> = (top - 1..top + self.f as isize + 1).collect();
        let cols: Vec<isize> = (left - 1..left + self.f as isize + 1).collect();
        let channels = (0..self.depth())
            .map(|c| {
                rows.iter()
                    .map(|&y| {
                        cols.iter()
                            .map(|&x| self.input.get_signed(c, y, x))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Some(Zoom {
            rows,
            cols,
            top,
            left,
            f: self.f,
            channels,
        })
    }

    /// The caption under the picture.
    pub fn caption(&self) -> String {
        let used = (self.input.width(), self.input.height());
        match &self.source {
            Source::Builtin(b) => {
                let p = &self.picture;
                image_text::picture_caption(
                    image_text::builtin_label(*b),
                    (p.width, p.height),
                    used,
                )
            }
            Source::Upload { name, original } => image_text::picture_caption(
                &format!("“{}”", image_text::short_name(name)),
                *original,
                used,
            ),
        }
    }
}

/// The picture reduced to `size` on its long side, as a volume (a 1 × 1 grey volume if the
/// picture is somehow empty, which [`Picture::new`] rules out).
fn prepare(p: &Picture, size: usize, colour: Colour) -> Volume {
    to_volume(&p.fit(size), colour)
        .or_else(|_| Volume::zeros(colour.depth(), 1, 1))
        .unwrap_or_else(|_| unreachable_volume())
}

/// A volume that cannot fail to build (1 × 1 × 1 of zero).
fn unreachable_volume() -> Volume {
    Volume::from_vec(1, 1, 1, vec![0.0]).unwrap_or_else(|_| unreachable_volume())
}

/// A weight typed by hand: a finite number within ±[`WEIGHT_LIMIT`] ("−" and "," accepted as
/// a minus sign and a decimal comma), or the sentence to show.
pub fn parse_weight(text: &str) -> Result<f32, String> {
    let t = text.trim().replace('−', "-").replace(',', ".");
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= WEIGHT_LIMIT => Ok(v as f32),
        Ok(v) if v.is_finite() => Err(image_text::weight_out_of_range(v, WEIGHT_LIMIT)),
        _ => Err(image_text::bad_weight(text)),
    }
}

/// The zoomed neighbourhood of the window: input rows and columns (negative or beyond the
/// picture in the padding) and each channel's values (`None` in the padding).
#[derive(Clone, Debug, PartialEq)]
pub struct Zoom {
    /// Input rows shown, top to bottom.
    pub rows: Vec<isize>,
    /// Input columns shown, left to right.
    pub cols: Vec<isize>,
    /// The window's first input row.
    pub top: isize,
    /// The window's first input column.
    pub left: isize,
    /// The window's side F.
    pub f: usize,
    /// `channels[c][row][col]`.
    pub channels: Vec<Vec<Vec<Option<f32>>>>,
}

impl Zoom {
    /// Whether input (y, x) lies under the window.
    pub fn in_window(&self, y: isize, x: isize) -> bool {
        let f = self.f as isize;
        (self.top..self.top + f).contains(&y) && (self.left..self.left + f).contains(&x)
    }
}

/// One activation map and what follows it.
#[derive(Clone, Debug, PartialEq)]
pub struct MapOut {
    /// The conv output (before ReLU), 1 × H₂ × W₂.
    pub conv: Volume,
    /// After ReLU (when on), the map shown.
    pub act: Volume,
    /// Its colour scale (`None` if no value is finite).
    pub scale: Option<ColorScale>,
    /// After 2 × 2 max pooling (when on and the map is at least 2 × 2).
    pub pooled: Option<Volume>,
    /// The pooled map's colour scale.
    pub pooled_scale: Option<ColorScale>,
}

impl MapOut {
    /// The map the FC layer reads: pooled when pooling is on, else the activation map.
    pub fn last(&self) -> &Volume {
        self.pooled.as_ref().unwrap_or(&self.act)
    }
}

/// The FC layer's scores.
#[derive(Clone, Debug, PartialEq)]
pub struct FcOut {
    /// The flattened volume's shape (depth, height, width).
    pub shape: (usize, usize, usize),
    /// One score per output.
    pub scores: Vec<f32>,
    /// `inputs·outputs + outputs`.
    pub params: u64,
}

/// Everything computed from a [`Lab`].
#[derive(Clone, Debug, PartialEq)]
pub struct LabOutput {
    /// One entry per filter.
    pub maps: Vec<Rc<MapOut>>,
    /// The FC scores, or why there are none.
    pub fc: Result<FcOut, String>,
}

/// What a cached map was computed from.
struct MapKey {
    input: Rc<Volume>,
    weights: Vec<f32>,
    bias: f32,
    spec: WindowSpec,
    relu: bool,
    pool: bool,
}

impl MapKey {
    fn same(&self, o: &MapKey) -> bool {
        self.same_but_stride(o) && self.spec.stride == o.spec.stride
    }

    /// Equal in everything but the stride: the maps of the same filter on the same input
    /// at another stride, which the view keeps while the stride slider moves.
    fn same_but_stride(&self, o: &MapKey) -> bool {
        Rc::ptr_eq(&self.input, &o.input)
            && self.weights == o.weights
            && self.bias == o.bias
            && WindowSpec {
                stride: o.spec.stride,
                ..self.spec
            } == o.spec
            && (self.relu, self.pool) == (o.relu, o.pool)
    }
}

/// The map kept in `maps` for `key`'s filter, input and window at stride `stride`.
fn kept_at<'a>(
    maps: &'a [(MapKey, Rc<MapOut>)],
    key: &MapKey,
    stride: usize,
) -> Option<&'a Rc<MapOut>> {
    maps.iter()
        .find(|(k2, _)| k2.spec.stride == Hw::square(stride) && k2.same_but_stride(key))
        .map(|(_, m)| m)
}

/// What each of `lab`'s maps is computed from.
fn map_keys(lab: &Lab) -> Vec<MapKey> {
    let spec = lab.spec();
    lab.slots
        .iter()
        .map(|slot| MapKey {
            input: lab.input.clone(),
            weights: slot.weights.clone(),
            bias: slot.bias,
            spec,
            relu: lab.relu,
            pool: lab.pool,
        })
        .collect()
}

/// The map at stride `s` read off the map at stride 1 of the same filter, input, window and
/// padding (floor rounding, no dilation beyond what both share): output (y, x) at stride `s`
/// is the window at input (y·s − P, x·s − P), which is output (y·s, x·s) at stride 1, summed
/// in the same order, so the values are the same bits (`tests/images.rs` checks it against
/// `conv2d` at every stride). `None` when the stride-`s` map would not lie inside.
fn subsample(one: &Volume, s: usize, h: usize, w: usize) -> Option<Volume> {
    let (ih, iw) = (one.height(), one.width());
    if s == 0 || h == 0 || w == 0 || (h - 1) * s >= ih || (w - 1) * s >= iw {
        return None;
    }
    let d = one.data();
    let mut out = Vec::with_capacity(one.depth() * h * w);
    for c in 0..one.depth() {
        for y in 0..h {
            let row = &d[(c * ih + y * s) * iw..][..iw];
            out.extend(row.iter().step_by(s).take(w));
        }
    }
    Volume::from_vec(one.depth(), h, w, out).ok()
}

/// A sample of (nearly) Gaussian(0, 0.01) from one 64-bit draw: the sum of its four 16-bit
/// quarters as uniforms (Irwin–Hall, n = 4), centred and scaled to standard deviation 0.01.
/// A million of these take milliseconds where Box–Muller's logarithm and cosine take a second
/// in the size-optimised build; the FC weights only need the right spread.
pub fn near_gaussian(bits: u64) -> f32 {
    let sum: u64 = (0..4).map(|i| (bits >> (16 * i)) & 0xFFFF).sum();
    // Each quarter is uniform on 0..65536: mean 32767.5, variance (65536² − 1)/12.
    let centred = sum as f64 - 4.0 * 32_767.5;
    let std = (4.0 * (65_536.0f64 * 65_536.0 - 1.0) / 12.0).sqrt();
    (centred / std * 0.01) as f32
}

/// The FC weights: row o (output o) is a seeded stream of [`near_gaussian`] samples, of
/// which an input of length n uses the first n. The rows grow on demand and are never
/// redrawn, so switching pooling or the stride back and forth costs nothing.
struct FcWeights {
    rows: Vec<(SplitMix64, Vec<f32>)>,
}

impl FcWeights {
    fn new() -> FcWeights {
        FcWeights {
            rows: (0..FC_OUTPUTS)
                .map(|o| (SplitMix64::new(FC_SEED ^ (o as u64 + 1)), Vec::new()))
                .collect(),
        }
    }

    /// Makes every row at least `n` long.
    fn grow(&mut self, n: usize) {
        for (rng, row) in &mut self.rows {
            while row.len() < n {
                row.push(near_gaussian(rng.next_u64()));
            }
        }
    }
}

/// Turns a [`Lab`] into [`LabOutput`], keeping what it computed before: a map is
/// recomputed only when its filter, the input, the window or ReLU/pooling changed, and each
/// map's share of the FC scores only when that map changed. Dragging one weight therefore
/// convolves one filter, not K. The maps of the other strides are kept too (each filter's
/// at most [`MAX_STRIDE`], dropped once anything but the stride changes), so the stride
/// slider going back to a stride hands out the same maps; a stride not seen yet is read off
/// the stride-1 maps when they are kept (`subsample`: the same bits, no convolution).
#[derive(Default)]
pub struct Pipeline {
    maps: Vec<(MapKey, Rc<MapOut>)>,
    fc: Option<FcWeights>,
    /// Per map: the map, its place k and the input length it was computed for, and its
    /// share of each score.
    shares: Vec<(Rc<MapOut>, usize, usize, Vec<f32>)>,
}

/// The seed of the FC weights.
const FC_SEED: u64 = 0xFC10;

impl Pipeline {
    /// A pipeline with nothing cached.
    pub fn new() -> Pipeline {
        Pipeline::default()
    }

    /// The output for `lab`.
    pub fn run(&mut self, lab: &Lab) -> Result<LabOutput, ShapeError> {
        let spec = lab.spec();
        let bank = lab.bank()?;
        let mut cache = std::mem::take(&mut self.maps);
        let g = spec.geometry(lab.input.height(), lab.input.width())?;
        let keys = map_keys(lab);
        // Entries of other filters, inputs, windows, ReLU or pooling are dropped; those of
        // the current ones at another stride stay.
        cache.retain(|(k2, _)| keys.iter().any(|key| key.same_but_stride(k2)));
        let mut found: Vec<Option<Rc<MapOut>>> = keys
            .iter()
            .map(|key| {
                if let Some((_, m)) = cache.iter().find(|(k2, _)| k2.same(key)) {
                    return Ok(Some(m.clone()));
                }
                let Some(one) = kept_at(&cache, key, 1) else {
                    return Ok(None);
                };
                let s = spec.stride.h;
                let ok = spec.stride == Hw::square(s) && spec.rounding == Rounding::Floor;
                match ok
                    .then(|| subsample(&one.conv, s, g.out_h(), g.out_w()))
                    .flatten()
                {
                    Some(conv) => finish_map(conv, lab.relu, lab.pool).map(|m| Some(Rc::new(m))),
                    None => Ok(None),
                }
            })
            .collect::<Result<_, ShapeError>>()?;
        let missing: Vec<usize> = (0..keys.len()).filter(|&k| found[k].is_none()).collect();
        if let [k] = missing[..] {
            // One after a weight edit: the one-filter kernel (`conv_map`), the same bits as
            // conv2d's map in ~0.4 of its time.
            let conv = conv_map(&lab.input, &bank, k, &spec)?;
            found[k] = Some(Rc::new(finish_map(conv, lab.relu, lab.pool)?));
        } else if !missing.is_empty() {
            // The missing maps in one conv2d over their filters: all of them after a new
            // picture, stride or size (full blocks of the kernel's filters, where a call per
            // map would fill a quarter of each).
            let all = conv2d(&lab.input, &bank.select(&missing)?, &spec)?;
            for (j, &k) in missing.iter().enumerate() {
                let plane = all.slice(j).unwrap_or_default().to_vec();
                let conv = Volume::from_vec(1, all.height(), all.width(), plane)?;
                found[k] = Some(Rc::new(finish_map(conv, lab.relu, lab.pool)?));
            }
        }
        let outs: Vec<Rc<MapOut>> = found.into_iter().flatten().collect();
        // The current maps, then what is kept of the other strides (a filter's maps at
        // every stride are at most MAX_STRIDE entries).
        cache.retain(|(k2, _)| k2.spec.stride != spec.stride);
        self.maps = keys.into_iter().zip(outs.iter().cloned()).collect();
        self.maps.extend(cache);
        let fc = self.fc(&outs);
        Ok(LabOutput { maps: outs, fc })
    }

    /// Makes and keeps the maps of a neighbouring stride (S + 1, else S − 1) when they can be
    /// read off kept stride-1 maps and are not kept yet, and returns that stride. Called when
    /// the view is quiet: the stride slider's first move then finds its maps, FC shares and the
    /// code that makes them (compiled by the browser on first use) ready, instead of taking
    /// two or three frames. No convolution runs here, only `subsample`, ReLU and pooling.
    pub fn warm_neighbour(&mut self, lab: &Lab) -> Option<usize> {
        let kept = |keys: &[MapKey], stride: usize| {
            keys.iter()
                .all(|key| kept_at(&self.maps, key, stride).is_some())
        };
        let other = [lab.stride + 1, lab.stride.saturating_sub(1)]
            .into_iter()
            .filter(|s| (2..=MAX_STRIDE).contains(s))
            .map(|stride| Lab {
                stride,
                ..lab.clone()
            })
            .find(|other| {
                let keys = map_keys(other);
                !kept(&keys, other.stride) && kept(&keys, 1)
            })?;
        self.run(&other).ok()?;
        Some(other.stride)
    }

    /// The FC scores: each map's share (cached per map) plus the biases (0).
    fn fc(&mut self, maps: &[Rc<MapOut>]) -> Result<FcOut, String> {
        let first = maps.first().ok_or_else(|| "no filters".to_string())?.last();
        let (h, w) = (first.height(), first.width());
        let per_map = h * w;
        let inputs = per_map * maps.len();
        if inputs > FC_LIMIT {
            self.shares.clear();
            return Err(image_text::fc_too_large(inputs, FC_LIMIT));
        }
        let fcw = self.fc.get_or_insert_with(FcWeights::new);
        fcw.grow(inputs);
        let mut scores = vec![0.0f32; FC_OUTPUTS];
        let mut shares = Vec::with_capacity(maps.len());
        for (k, map) in maps.iter().enumerate() {
            let cached = self
                .shares
                .iter()
                .find(|(m, k2, n, _)| Rc::ptr_eq(m, map) && *k2 == k && *n == inputs)
                .map(|(_, _, _, s)| s.clone());
            let share = cached.unwrap_or_else(|| {
                let x = map.last().data();
                fcw.rows
                    .iter()
                    .map(|(_, row)| dot(&row[k * per_map..][..per_map], x))
                    .collect()
            });
            for (s, v) in scores.iter_mut().zip(&share) {
                *s += v;
            }
            shares.push((map.clone(), k, inputs, share));
        }
        // The shares of the maps kept for other strides stay with them.
        for e in std::mem::take(&mut self.shares) {
            let (m, k, n, _) = &e;
            let current = shares
                .iter()
                .any(|(m2, k2, n2, _)| Rc::ptr_eq(m, m2) && (k, n) == (k2, n2));
            if !current && self.maps.iter().any(|(_, m2)| Rc::ptr_eq(m, m2)) {
                shares.push(e);
            }
        }
        self.shares = shares;
        let params = dense_params(inputs, FC_OUTPUTS).map_err(|e| e.to_string())?;
        Ok(FcOut {
            shape: (maps.len(), h, w),
            scores,
            params,
        })
    }

    /// The FC weights for `inputs` inputs (outputs × inputs, row-major), for tests.
    pub fn fc_weights(&self, inputs: usize) -> Option<Vec<f32>> {
        let f = self.fc.as_ref()?;
        f.rows
            .iter()
            .map(|(_, row)| row.get(..inputs).map(|r| r.to_vec()))
            .collect::<Option<Vec<_>>>()
            .map(|rows| rows.concat())
    }
}

/// `Σ w·x` in eight running sums: independent chains keep the adder busy where one fold
/// waits on each add (a 65,536-input share is recomputed on every weight edit).
fn dot(w: &[f32], x: &[f32]) -> f32 {
    let (ws, xs) = (w.chunks_exact(8), x.chunks_exact(8));
    let tail: f32 = ws
        .remainder()
        .iter()
        .zip(xs.remainder())
        .map(|(a, b)| a * b)
        .sum();
    let mut acc = [0.0f32; 8];
    for (a, b) in ws.zip(xs) {
        for i in 0..8 {
            acc[i] += a[i] * b[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// The colour scale of a map (as [`ColorScale::from_values`], in one plain loop).
fn scale_of(v: &Volume) -> Option<ColorScale> {
    // Plain comparisons: `f32::min` carries NaN handling that wasm's `f32.min` lacks, which
    // made this loop a tenth of a stride change.
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for &x in v.data() {
        if x.is_finite() {
            if x < lo {
                lo = x;
            }
            if x > hi {
                hi = x;
            }
        }
    }
    (lo <= hi).then(|| ColorScale::new(lo, hi))
}

/// 2 × 2 max pooling at stride 2 (floor: an odd last row or column is dropped) of a map, as
/// [`max_pool2d`](crate::cnn::max_pool2d) computes it (a NaN wins), in straight loops.
pub fn pool2(v: &Volume) -> Result<Volume, ShapeError> {
    let (h, w) = (v.height() / 2, v.width() / 2);
    let (d, iw, ih) = (v.data(), v.width(), v.height());
    let max = |a: f32, b: f32| {
        if b > a || (b.is_nan() && !a.is_nan()) {
            b
        } else {
            a
        }
    };
    Volume::from_fn(v.depth(), h, w, |c, y, x| {
        let i = (c * ih + 2 * y) * iw + 2 * x;
        max(max(max(d[i], d[i + 1]), d[i + iw]), d[i + iw + 1])
    })
}

/// A map's activation, colour scales and pooled map from its convolution.
fn finish_map(conv: Volume, relu: bool, pool: bool) -> Result<MapOut, ShapeError> {
    let act = if relu {
        crate::cnn::relu(&conv)
    } else {
        conv.clone()
    };
    let scale = scale_of(&act);
    let pooled = if pool && act.height() >= 2 && act.width() >= 2 {
        Some(pool2(&act)?)
    } else {
        None
    };
    let pooled_scale = pooled.as_ref().and_then(scale_of);
    Ok(MapOut {
        conv,
        act,
        scale,
        pooled,
        pooled_scale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_strides_maps_fit_the_store_the_stride_one_map_sets() {
        for b in [Builtin::Pattern, Builtin::Digit] {
            for (f, same) in [(3, true), (3, false), (7, false), (5, true)] {
                let mut lab = Lab::new(b);
                lab.f = f;
                lab.same = same;
                let store = lab.map_store().unwrap();
                for s in 1..=MAX_STRIDE {
                    lab.stride = s;
                    let g = lab.geometry().unwrap();
                    assert!(
                        g.out_h() <= store.0 && g.out_w() <= store.1,
                        "{b:?} F={f} S={s}"
                    );
                    assert_eq!(lab.map_store(), Some(store), "the store follows no stride");
                    if s == 1 {
                        assert_eq!((g.out_h(), g.out_w()), store);
                    }
                }
            }
        }
        let lab = Lab::new(Builtin::Pattern);
        assert_eq!(lab.map_store(), Some((256, 256)));
    }

    #[test]
    fn a_maps_scale_is_the_charts_scale_of_its_finite_values() {
        let cases: [&[f32]; 5] = [
            &[0.5, -2.0, f32::NAN, 3.0, f32::INFINITY, -0.25],
            &[f32::NAN, f32::NEG_INFINITY],
            &[-1.0],
            &[2.0, 2.0, 1.0],
            &[f32::NAN, -7.5, f32::NAN],
        ];
        for values in cases {
            let v = Volume::from_vec(1, 1, values.len(), values.to_vec()).unwrap();
            assert_eq!(scale_of(&v), ColorScale::from_values(values), "{values:?}");
        }
    }
}
