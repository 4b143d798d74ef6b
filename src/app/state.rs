//! The single page state and its pure transitions (the Yew reducer is a thin adapter over
//! [`Viz::apply`]).

use super::fields::{Field, FieldError};
use super::i18n::Lang;
use super::quiz::{Kind as QuizKind, Quiz};
use super::stack::{Param, Stack, StackLayer, MAX_LAYERS};
use crate::cnn::{
    check_groups, check_pool_geometry, check_pool_padding, conv_cost_grouped, span, Geometry, Hw,
    Padding, Rounding, ShapeError, TransposeGeometry, TransposeSpec, WindowSpec,
};
use crate::tr;

/// Which layer the page explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Op {
    /// A convolution: K filters of F × F × D, stride S, zero-padding P.
    #[default]
    Conv,
    /// Max pooling: an F × F window, stride S, over each depth slice on its own; padding (if
    /// any) never wins the max, as in PyTorch.
    MaxPool,
}

/// Which example numbers fill the layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ValueMode {
    /// Small integers (inputs 0–3, weights −2…2, bias −1…1): every sum can be done by hand.
    #[default]
    Small,
    /// Inputs in [0, 1) like normalised pixels, weights from Gaussian(0, 0.01) and zero biases,
    /// as the lecture's Caffe layer initialises them.
    Real,
}

/// Input values that reproduce a figure of the lecture notes exactly, instead of seeded ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fixture {
    /// The 4 × 4 single-slice input of the notes' max-pooling figure.
    PoolFigure,
}

impl Fixture {
    /// The fixture's (depth, side, values); values row-major.
    pub const fn data(self) -> (usize, usize, &'static [f32]) {
        match self {
            Fixture::PoolFigure => (
                1,
                4,
                &[
                    1.0, 1.0, 2.0, 4.0, //
                    5.0, 6.0, 7.0, 8.0, //
                    3.0, 2.0, 1.0, 0.0, //
                    1.0, 2.0, 3.0, 4.0,
                ],
            ),
        }
    }
}

/// The layer the controls describe: the last *valid* value of every field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Config {
    /// Convolution or max pooling.
    pub op: Op,
    /// Input width and height N (W₁ = H₁).
    pub n: usize,
    /// Input depth D₁.
    pub d: usize,
    /// Number of filters K (= D₂).
    pub k: usize,
    /// Filter width and height F.
    pub f: usize,
    /// Stride S.
    pub s: usize,
    /// Zero-padding P on every side.
    pub p: usize,
    /// Rectangular mode: the width W, filter width Fw and column stride Sw are set on their
    /// own; otherwise they follow N, F and S (the lecture's square case).
    pub rect: bool,
    /// Input width W in rectangular mode (otherwise N is used; see [`Config::w`]).
    pub w_rect: usize,
    /// Filter width Fw in rectangular mode (otherwise F; see [`Config::fw`]).
    pub fw_rect: usize,
    /// Column stride Sw in rectangular mode (otherwise S; see [`Config::sw`]).
    pub sw_rect: usize,
    /// Padding per side (top, left, bottom, right); `None`: P on every side.
    pub pads: Option<Padding>,
    /// Dilation on both axes: 1 is a contiguous filter (the CS231n notes call that 0).
    pub dil: usize,
    /// How a non-integer output size is made whole (the lecture: it is an error).
    pub rounding: Rounding,
    /// Whether each filter has a bias.
    pub bias: bool,
    /// Whether ReLU, max(0, x), follows the convolution (the lecture's CONV-ReLU pairs).
    pub relu: bool,
    /// Small integers or real-valued numbers.
    pub values: ValueMode,
    /// Seed of the example values: the same seed always gives the same numbers.
    pub seed: u64,
    /// Fixed input values from a lecture figure; dropped as soon as N or D changes.
    pub fixture: Option<Fixture>,
    /// Number of groups G of a convolution: each filter sees D₁/G channels (1: all of them;
    /// D₁: depthwise). Pooling ignores it.
    pub groups: usize,
    /// A transposed convolution instead of a convolution (pooling ignores it).
    pub transposed: bool,
    /// The output padding a of a transposed convolution, both axes.
    pub opad: usize,
}

impl Default for Config {
    /// The lecture's 7×7 input with a 3×3 filter at stride 2: a 3×3 output.
    fn default() -> Self {
        Config::square(Op::Conv, 7, 1, 1, 3, 2, 0)
    }
}

/// The largest layer the animated view draws cell by cell and computes live. Larger layers
/// keep exact read-outs, and the page says why the picture is a sketch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnimationLimits {
    /// Largest input side N.
    pub side: usize,
    /// Largest input depth D.
    pub depth: usize,
    /// Largest number of filters K.
    pub filters: usize,
    /// Most multiply-adds computed per change (keeps slider drags smooth).
    pub macs: u64,
}

/// The limits in force: 64×64 cells stay visible on a laptop; 8 slices and 16 maps fit a
/// scrollable column; 20 million multiply-adds take a few milliseconds in wasm.
pub const ANIMATION_LIMITS: AnimationLimits = AnimationLimits {
    side: 64,
    depth: 8,
    filters: 16,
    macs: 20_000_000,
};

impl Config {
    /// A square layer, as the lecture writes them: N × N × D input, K filters of F × F,
    /// stride S, padding P on every side, contiguous filters, the lecture's rounding.
    pub const fn square(
        op: Op,
        n: usize,
        d: usize,
        k: usize,
        f: usize,
        s: usize,
        p: usize,
    ) -> Self {
        Config {
            op,
            n,
            d,
            k,
            f,
            s,
            p,
            rect: false,
            w_rect: n,
            fw_rect: f,
            sw_rect: s,
            pads: None,
            dil: 1,
            rounding: Rounding::Strict,
            bias: true,
            relu: false,
            values: ValueMode::Small,
            seed: 1,
            fixture: None,
            groups: 1,
            transposed: false,
            opad: 0,
        }
    }

    /// Input width: W in rectangular mode, else N.
    pub const fn w(&self) -> usize {
        if self.rect {
            self.w_rect
        } else {
            self.n
        }
    }

    /// Filter width: Fw in rectangular mode, else F.
    pub const fn fw(&self) -> usize {
        if self.rect {
            self.fw_rect
        } else {
            self.f
        }
    }

    /// Stride along the width: Sw in rectangular mode, else S.
    pub const fn sw(&self) -> usize {
        if self.rect {
            self.sw_rect
        } else {
            self.s
        }
    }

    /// The same layer with the rectangular-mode fields set to the values in force, so two
    /// configurations that describe the same layer compare equal.
    pub const fn normalized(mut self) -> Self {
        self.w_rect = self.w();
        self.fw_rect = self.fw();
        self.sw_rect = self.sw();
        self
    }

    /// The value of one field.
    pub const fn get(&self, field: Field) -> usize {
        let pads = self.padding();
        match field {
            Field::N => self.n,
            Field::D => self.d,
            Field::K => self.k,
            Field::F => self.f,
            Field::S => self.s,
            Field::P => self.p,
            Field::W => self.w(),
            Field::Fw => self.fw(),
            Field::Sw => self.sw(),
            Field::Pt => pads.top,
            Field::Pl => pads.left,
            Field::Pb => pads.bottom,
            Field::Pr => pads.right,
            Field::Dil => self.dil,
            Field::G => self.groups,
            Field::Opad => self.opad,
        }
    }

    /// Output depth: K maps for a conv, D slices for pooling (it keeps the depth).
    pub const fn maps(&self) -> usize {
        match self.op {
            Op::Conv => self.k,
            Op::MaxPool => self.d,
        }
    }

    /// The padding in force: per side when set, else P on every side.
    pub const fn padding(&self) -> Padding {
        match self.pads {
            Some(p) => p,
            None => Padding::uniform(self.p),
        }
    }

    /// Whether the layer is the lecture's square, symmetric, contiguous case.
    pub const fn is_square(&self) -> bool {
        self.n == self.w()
            && self.f == self.fw()
            && self.s == self.sw()
            && self.pads.is_none()
            && self.dil == 1
    }

    /// A copy with one field changed. Outside rectangular mode, N, F and S also set W, Fw and
    /// Sw; a per-side padding switches padding to per side. A fixture that no longer matches
    /// the input is dropped.
    pub const fn with(mut self, field: Field, value: usize) -> Self {
        let mut pads = self.padding();
        match field {
            Field::N => self.n = value,
            Field::D => self.d = value,
            Field::K => self.k = value,
            Field::F => self.f = value,
            Field::S => self.s = value,
            Field::P => {
                self.p = value;
                self.pads = None;
            }
            Field::W => self.w_rect = value,
            Field::Fw => self.fw_rect = value,
            Field::Sw => self.sw_rect = value,
            Field::Pt => pads.top = value,
            Field::Pl => pads.left = value,
            Field::Pb => pads.bottom = value,
            Field::Pr => pads.right = value,
            Field::Dil => self.dil = value,
            Field::G => self.groups = value,
            Field::Opad => self.opad = value,
        }
        if matches!(field, Field::Pt | Field::Pl | Field::Pb | Field::Pr) {
            self.pads = Some(pads);
        }
        if let Some(fx) = self.fixture {
            let (d, n, _) = fx.data();
            if d != self.d || n != self.n || n != self.w() {
                self.fixture = None;
            }
        }
        self
    }

    /// Rectangular mode on (W, Fw and Sw start from N, F and S) or off (they follow N, F
    /// and S again).
    pub const fn with_rect(mut self, on: bool) -> Self {
        if on && !self.rect {
            self.w_rect = self.n;
            self.fw_rect = self.f;
            self.sw_rect = self.s;
        }
        self.rect = on;
        self
    }

    /// Padding per side on (starting from P on every side) or off (back to P).
    pub const fn with_per_side(mut self, on: bool) -> Self {
        self.pads = if on {
            Some(Padding::uniform(self.p))
        } else {
            None
        };
        self
    }

    /// The sliding window under the chosen rounding policy.
    pub const fn spec(&self) -> WindowSpec {
        WindowSpec {
            kernel: Hw::new(self.f, self.fw()),
            stride: Hw::new(self.s, self.sw()),
            dilation: Hw::square(self.dil),
            padding: self.padding(),
            rounding: self.rounding,
        }
    }

    /// The filter's extent along (rows, columns): `dilation·(F − 1) + 1`.
    pub fn spans(&self) -> (usize, usize) {
        (
            span(self.f, self.dil).unwrap_or(0),
            span(self.fw(), self.dil).unwrap_or(0),
        )
    }

    /// Whether the layer is a transposed convolution (the op is a conv and the switch is on).
    pub const fn is_transposed(&self) -> bool {
        self.transposed && matches!(self.op, Op::Conv)
    }

    /// The number of groups in force: G for a convolution, 1 for pooling.
    pub const fn groups_in_force(&self) -> usize {
        match self.op {
            Op::Conv => self.groups,
            Op::MaxPool => 1,
        }
    }

    /// The transposed convolution the controls describe (stride, padding, dilation, output
    /// padding a and groups as set).
    pub const fn transpose_spec(&self) -> TransposeSpec {
        TransposeSpec {
            kernel: Hw::new(self.f, self.fw()),
            stride: Hw::new(self.s, self.sw()),
            dilation: Hw::square(self.dil),
            padding: self.padding(),
            output_padding: Hw::square(self.opad),
            groups: self.groups,
        }
    }

    /// The transposed convolution's geometry, or why there is none (groups that do not
    /// divide D₁ and K are reported first).
    pub fn transpose_geometry(&self) -> Result<TransposeGeometry, ShapeError> {
        check_groups(self.d, self.k, self.groups)?;
        self.transpose_spec().geometry(self.n, self.w())
    }

    /// The output geometry under the chosen rounding, or why there is none. For a transposed
    /// convolution: the direct convolution over the zero-stuffed input (stride 1), whose
    /// output is the layer's.
    pub fn geometry(&self) -> Result<Geometry, ShapeError> {
        if self.is_transposed() {
            return self.transpose_geometry().map(|t| t.direct);
        }
        if self.op == Op::Conv {
            check_groups(self.d, self.k, self.groups)?;
        }
        // Pooling padding must stay below the window, or an edge window could see only
        // padding; checked first, so it is reported rather than a remainder whose floor
        // fallback max_pool2d would then refuse.
        if self.op == Op::MaxPool {
            check_pool_padding(&self.spec())?;
        }
        self.plan(self.spec())
    }

    /// Plans `spec` on this input; for pooling, also refuses a window made only of padding
    /// (dilation or a SAME/ceil overhang can leave one), which has no maximum.
    fn plan(&self, spec: WindowSpec) -> Result<Geometry, ShapeError> {
        let g = spec.geometry(self.n, self.w())?;
        if self.op == Op::MaxPool {
            check_pool_geometry(&g)?;
        }
        Ok(g)
    }

    /// The window the picture animates: the chosen one when it fits; when the lecture's rule
    /// finds a remainder, Torch/PyTorch's floor, so the student sees which rows and columns are
    /// never reached. `None` when no window fits at all.
    pub fn shown_spec(&self) -> Option<WindowSpec> {
        if self.is_transposed() {
            return self.transpose_geometry().ok().map(|_| WindowSpec {
                kernel: Hw::new(self.f, self.fw()),
                stride: Hw::square(1),
                dilation: Hw::square(self.dil),
                padding: Padding::zero(),
                rounding: Rounding::Strict,
            });
        }
        match self.geometry() {
            Ok(_) => Some(self.spec()),
            // Floor can still fail on the other axis (a remainder on the rows, a filter
            // wider than the padded columns): then there is nothing to draw.
            Err(ShapeError::DoesNotFit(_)) => {
                let floor = self.spec().with_rounding(Rounding::Floor);
                self.plan(floor).is_ok().then_some(floor)
            }
            Err(_) => None,
        }
    }

    /// The geometry of [`Config::shown_spec`].
    pub fn shown_geometry(&self) -> Option<Geometry> {
        if self.is_transposed() {
            return self.transpose_geometry().ok().map(|t| t.direct);
        }
        self.plan(self.shown_spec()?).ok()
    }

    /// Why this layer is too large to animate, as a sentence; `None` when it is animated.
    pub fn too_big_to_animate(&self) -> Option<String> {
        let l = ANIMATION_LIMITS;
        let (n, w, d, k) = (self.n, self.w(), self.d, self.k);
        if n > l.side || w > l.side {
            return Some(tr!(
                "big.side",
                format!("{w} × {n}"),
                format!("{s} × {s}", s = l.side)
            ));
        }
        if d > l.depth {
            return Some(tr!("big.depth", d, l.depth));
        }
        if self.op == Op::Conv && k > l.filters {
            return Some(tr!("big.filters", k, l.filters));
        }
        if self.is_transposed() {
            // The picture draws the zero-stuffed input, which is larger than the input.
            let t = self.transpose_geometry().ok()?;
            if let Some(why) = super::transpose_text::too_big(&t, l.side) {
                return Some(why);
            }
        }
        let g = self.shown_geometry()?;
        // Pooling compares F·F values per output of each slice: like one depth-1 filter per
        // slice.
        let (depth, maps) = match self.op {
            Op::Conv => (d, k),
            Op::MaxPool => (1, d),
        };
        let macs = conv_cost_grouped(
            depth,
            maps,
            self.groups_in_force(),
            Hw::new(self.f, self.fw()),
            Hw::new(g.out_h(), g.out_w()),
            false,
        )
        .map(|c| c.macs)
        .unwrap_or(u64::MAX);
        (macs > l.macs).then(|| {
            tr!(
                "big.macs",
                super::text::count(macs),
                super::text::count(l.macs)
            )
        })
    }

    /// How many (map, input row, input column) stamps the scatter view of a transposed
    /// convolution shows: 0 when it is not transposed, has no output or is too large.
    pub fn scatter_positions(&self) -> usize {
        if !self.is_transposed() || self.positions() == 0 {
            return 0;
        }
        self.n.saturating_mul(self.w()).saturating_mul(self.k)
    }

    /// How many (map, row, column) positions the window visits in the picture: 0 when no
    /// window fits or the layer is too large to animate.
    pub fn positions(&self) -> usize {
        if self.too_big_to_animate().is_some() {
            return 0;
        }
        self.shown_geometry()
            .map_or(0, |g| g.positions().saturating_mul(self.maps()))
    }
}

/// Animation speeds in steps per second (the UX brief asks for 2–8, slower for a first look).
pub const SPEEDS: [f64; 5] = [0.5, 1.0, 2.0, 4.0, 8.0];

/// The colour scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Follows the system (`prefers-color-scheme`, `prefers-contrast`).
    #[default]
    Auto,
    /// Dark text on white.
    Light,
    /// Light text on near-black, for dim rooms.
    Dark,
    /// High contrast for projectors: black on white, thick lines, saturated colours.
    Contrast,
}

impl Theme {
    /// Every theme, in menu order.
    pub const ALL: [Theme; 4] = [Theme::Auto, Theme::Light, Theme::Dark, Theme::Contrast];

    /// The URL value and the `data-theme` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Contrast => "contrast",
        }
    }

    /// The theme named by a URL value.
    pub fn parse(s: &str) -> Option<Theme> {
        let s = s.trim().to_ascii_lowercase();
        Theme::ALL.into_iter().find(|t| t.code() == s)
    }

    /// The menu entry, in the current language.
    pub fn label(self) -> &'static str {
        match self {
            Theme::Auto => tr!("theme.auto"),
            Theme::Light => tr!("theme.light"),
            Theme::Dark => tr!("theme.dark"),
            Theme::Contrast => tr!("theme.contrast"),
        }
    }

    /// The theme actually drawn: `Auto` resolved with what the system prefers.
    pub fn resolve(self, system_dark: bool, system_more_contrast: bool) -> Theme {
        match self {
            Theme::Auto if system_more_contrast => Theme::Contrast,
            Theme::Auto if system_dark => Theme::Dark,
            Theme::Auto => Theme::Light,
            t => t,
        }
    }
}

/// An end of the animation's positions (see [`Viz::edge`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// Before the first position.
    Start,
    /// After the last.
    End,
}

impl Edge {
    /// Its name in the messages to an embedding page: `"start"` or `"end"`.
    pub fn name(self) -> &'static str {
        match self {
            Edge::Start => "start",
            Edge::End => "end",
        }
    }
}

/// The whole page state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viz {
    /// The last valid value of every control.
    pub config: Config,
    /// What each control's box shows now, valid or not (indexed by [`Field::index`]).
    pub texts: [String; 16],
    /// Why a box's text was refused, shown next to it (indexed by [`Field::index`]).
    pub errors: [Option<FieldError>; 16],
    /// The position being computed: filter-major, then row-major over the shown geometry
    /// (all of filter 0's positions, then filter 1's, as in the CS231n demo).
    pub step: usize,
    /// Whether the window advances on its own.
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// The layer stack below the explainer.
    pub stack: Stack,
    /// Why the last change to the stack as a whole was refused (a layer too many), shown
    /// under its table.
    pub stack_error: Option<String>,
    /// The stack's boxes whose typed text was refused: that text stays in the box, with the
    /// sentence beside it ([`Viz::stack_refusals`]), until an edit of the box is accepted.
    pub stack_refused: Vec<(StackBox, String)>,
    /// Embedded in a slide (`embed=1`): only the picture and a minimal control strip.
    pub embed: bool,
    /// The interface language.
    pub lang: Lang,
    /// The colour scheme.
    pub theme: Theme,
    /// Quiz mode (`quiz=1`): the running quiz, whose question sets the layer.
    pub quiz: Option<Quiz>,
    /// The scatter view of a transposed convolution: each input cell stamps a scaled copy of
    /// the filter into the output (instead of the window sliding over the zero-stuffed input).
    pub scatter: bool,
}

impl Default for Viz {
    fn default() -> Self {
        Viz::new(Config::default())
    }
}

/// One box of the layer stack's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StackBox {
    /// The stack's input side N or depth D.
    Input(Field),
    /// A parameter of layer `i`.
    Layer(usize, Param),
}

/// A stack box's refused text and why it was refused, for the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackRefusal {
    /// Which box.
    pub at: StackBox,
    /// What the user typed (the box keeps showing it).
    pub text: String,
    /// The sentence, in the current language.
    pub why: String,
}

/// Everything the user (or the ticker) can do to the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// The text of a control changed (typing, the slider, a paste).
    Edit(Field, String),
    /// A new rounding policy.
    SetRounding(Rounding),
    /// Bias on or off.
    SetBias(bool),
    /// Convolution or max pooling.
    SetOp(Op),
    /// Rectangular mode (W, Fw, Sw on their own) on or off.
    SetRect(bool),
    /// Padding per side on or off.
    SetPerSide(bool),
    /// ReLU after the convolution on or off.
    SetRelu(bool),
    /// Small integers or real values.
    SetValues(ValueMode),
    /// Transposed convolution on or off.
    SetTransposed(bool),
    /// The scatter view of a transposed convolution on or off.
    SetScatter(bool),
    /// Replace every control at once (a preset); paused at the first position.
    Load(Config),
    /// The ticker fired: advance one position, looping at the end.
    Tick,
    /// Step forward (+) or back (−) by some positions, stopping at the first and the last
    /// (a clicker's press too many must not restart the picture); pauses, as stepping does in
    /// a video player.
    StepBy(isize),
    /// Jump to one position (scrubber, click on an output cell); pauses.
    Seek(usize),
    /// Jump to the first position.
    First,
    /// Jump to the last position.
    Last,
    /// Play if paused, pause if playing.
    TogglePlay,
    /// One speed up.
    Faster,
    /// One speed down.
    Slower,
    /// Set the stack's input side (N) or depth (D) from typed text.
    StackInput(Field, String),
    /// Set a parameter of stack layer `i` from typed text.
    StackEdit(usize, Param, String),
    /// Append a layer to the stack.
    StackAdd(StackLayer),
    /// Remove stack layer `i`.
    StackRemove(usize),
    /// Move stack layer `i` up (−1) or down (+1).
    StackMove(usize, isize),
    /// Replace the whole stack (a network from the menu).
    StackLoad(Stack),
    /// Another interface language.
    SetLang(Lang),
    /// Another colour scheme.
    SetTheme(Theme),
    /// Play (true) or pause (false), whatever the current state (remote control).
    SetPlaying(bool),
    /// Everything the address describes at once (a remote `set`); the stack stays.
    Restore(Box<Viz>),
    /// Start a quiz seeded with this number.
    QuizStart(u64),
    /// Answer the current question with what was typed.
    QuizAnswer(String),
    /// The next question.
    QuizNext,
    /// Leave quiz mode (the last question's layer stays).
    QuizStop,
}

impl Viz {
    /// A page showing `config`, paused at the first position.
    pub fn new(config: Config) -> Self {
        Viz {
            config,
            texts: Field::ALL.map(|f| config.get(f).to_string()),
            errors: Default::default(),
            step: 0,
            playing: false,
            speed: 1,
            stack: Stack::default(),
            stack_error: None,
            stack_refused: Vec::new(),
            embed: false,
            lang: Lang::En,
            theme: Theme::Auto,
            quiz: None,
            scatter: false,
        }
    }

    /// The page showing `quiz`'s current question: its layer, and for a next-cell question
    /// the position just before the one asked (the one asked once it is answered).
    pub fn with_quiz(&self, quiz: Quiz) -> Viz {
        let q = &quiz.question;
        let step = match (q.kind, &quiz.verdict) {
            (QuizKind::NextCell, None) => q.step.saturating_sub(1),
            (QuizKind::NextCell, Some(_)) => q.step,
            _ => 0,
        };
        Viz {
            step,
            playing: false,
            speed: self.speed,
            stack: self.stack.clone(),
            embed: self.embed,
            lang: self.lang,
            theme: self.theme,
            quiz: Some(quiz.clone()),
            ..Viz::new(q.config)
        }
    }

    /// Whether the picture is the scatter view (a transposed convolution with the toggle on).
    pub fn scattering(&self) -> bool {
        self.scatter && self.config.is_transposed()
    }

    /// Positions in the current picture (0 when there is nothing to animate): output cells
    /// of every map, or in the scatter view input cells for every map.
    pub fn positions(&self) -> usize {
        if self.scattering() {
            self.config.scatter_positions()
        } else {
            self.config.positions()
        }
    }

    /// Whether a quiz question is waiting for its answer (the read-outs stay hidden).
    pub fn answer_hidden(&self) -> bool {
        self.quiz.as_ref().is_some_and(|q| q.verdict.is_none())
    }

    /// Steps per second at the current speed.
    pub fn steps_per_second(&self) -> f64 {
        SPEEDS[self.speed.min(SPEEDS.len() - 1)]
    }

    /// Refreshes the text of every box that follows another (W from N outside rectangular
    /// mode, the per-side paddings from P, …), except `editing` and boxes showing an error,
    /// which keep what the user typed.
    fn sync_texts(&mut self, editing: Option<Field>) {
        for f in Field::ALL {
            let i = f.index();
            if Some(f) != editing && self.errors[i].is_none() {
                self.texts[i] = self.config.get(f).to_string();
            }
        }
    }

    /// After a config change: keep the position if it still exists, so tweaking P or S
    /// mid-animation does not throw the student back to the start; stop when nothing is left.
    fn settle(&mut self, before: &Config) {
        if self.config == *before {
            return;
        }
        let now = self.positions();
        if now == 0 {
            self.playing = false;
            self.step = 0;
        } else {
            self.step = self.step.min(now - 1);
        }
    }

    /// Where a tick moves the animation from position `from`: the next position, looping
    /// (`None` when paused or when there is nothing to animate). [`Msg::Tick`] applies it to
    /// [`Viz::step`]; the view's animation path applies it to the position it shows.
    pub fn tick_from(&self, from: usize) -> Option<usize> {
        let positions = self.positions();
        (self.playing && positions > 0).then(|| (from + 1) % positions)
    }

    /// The end a paused picture showing position `shown` is at, when a step by `delta` cannot
    /// move it: past the last position forward, before the first back, or either way when
    /// there is nothing to animate. An embedded frame then hands the clicker back to its
    /// slides (`ui::remote::hand_back`). `None` while playing (the press pauses) or while a
    /// quiz question holds the picture.
    pub fn edge(&self, shown: usize, delta: isize) -> Option<Edge> {
        let positions = self.positions();
        if self.playing || self.answer_hidden() || delta == 0 {
            return None;
        }
        let (stuck, edge) = if delta > 0 {
            (shown + 1 >= positions, Edge::End)
        } else {
            (shown == 0, Edge::Start)
        };
        (stuck || positions == 0).then_some(edge)
    }

    /// The state after `msg` when the view shows position `shown` rather than [`Viz::step`]
    /// (the animation's short path runs ahead of the state): the message applies from the
    /// position on screen, and even one that changes nothing hands that position over. `None`
    /// when nothing changes at all.
    pub fn apply_shown(&self, shown: Option<usize>, msg: Msg) -> Option<Viz> {
        match shown.filter(|&s| s != self.step) {
            Some(step) => {
                let base = Viz {
                    step,
                    ..self.clone()
                };
                Some(base.apply(msg).unwrap_or(base))
            }
            None => self.apply(msg),
        }
    }

    /// Reads `text` typed into the stack's box `at`: the value, or the sentence saying why
    /// it is refused (in the current language).
    fn stack_check(&self, at: StackBox, text: &str) -> Result<usize, String> {
        match at {
            StackBox::Input(field) => field.parse(text).map_err(|e| tr!("stack.err.input", e)),
            StackBox::Layer(i, param) => match self.stack.layers.get(i) {
                Some(layer) => layer
                    .with(param, text)
                    .map(|_| 0)
                    .map_err(|e| tr!("stack.err.layer", i + 1, e)),
                None => Err(String::new()),
            },
        }
    }

    /// After `text` was typed into the stack's box `at` and `refused` or applied: a refused
    /// text stays in the box, an accepted one (the value in force too) clears the box's
    /// sentence; either way the stack's own sentence (a layer too many) is now stale.
    fn stack_typed(&mut self, at: StackBox, text: String, refused: bool) {
        self.stack_error = None;
        self.stack_refused.retain(|(b, _)| *b != at);
        if refused {
            self.stack_refused.push((at, text));
        }
    }

    /// The stack's boxes showing a refused text, each with its sentence. The sentence is
    /// written at each render, so a language switch rewrites it.
    pub fn stack_refusals(&self) -> Vec<StackRefusal> {
        self.stack_refused
            .iter()
            .filter_map(|(at, text)| {
                let why = self.stack_check(*at, text).err()?;
                Some(StackRefusal {
                    at: *at,
                    text: text.clone(),
                    why,
                })
            })
            .collect()
    }

    /// The state after `msg`, or `None` when nothing changes (so the view skips a re-render).
    pub fn apply(&self, msg: Msg) -> Option<Viz> {
        // While a quiz question is open the picture holds still and the layer stays, so the
        // keys cannot reveal the answer.
        if self.answer_hidden()
            && !matches!(
                msg,
                Msg::QuizAnswer(_)
                    | Msg::QuizNext
                    | Msg::QuizStop
                    | Msg::QuizStart(_)
                    | Msg::SetLang(_)
                    | Msg::SetTheme(_)
                    | Msg::Faster
                    | Msg::Slower
            )
        {
            return None;
        }
        let mut next = self.clone();
        let positions = self.positions();
        match msg {
            Msg::Edit(field, text) => {
                let i = field.index();
                match field.parse(&text) {
                    Ok(value) => {
                        next.config = next.config.with(field, value);
                        next.errors[i] = None;
                    }
                    // The last valid value stays in force; the sentence goes next to the box.
                    Err(e) => next.errors[i] = Some(e),
                }
                next.texts[i] = text;
                next.sync_texts(Some(field));
                next.settle(&self.config);
            }
            Msg::SetRect(on) => {
                next.config = next.config.with_rect(on);
                next.sync_texts(None);
                next.settle(&self.config);
            }
            Msg::SetPerSide(on) => {
                next.config = next.config.with_per_side(on);
                next.sync_texts(None);
                next.settle(&self.config);
            }
            Msg::SetRounding(r) => {
                next.config.rounding = r;
                next.settle(&self.config);
            }
            Msg::SetBias(b) => {
                next.config.bias = b;
                next.settle(&self.config);
            }
            Msg::SetOp(op) => {
                next.config.op = op;
                next.settle(&self.config);
            }
            Msg::SetTransposed(on) => {
                next.config.transposed = on;
                next.settle(&self.config);
            }
            Msg::SetScatter(on) => {
                next.scatter = on;
                next.step = 0;
                next.playing = false;
            }
            Msg::SetRelu(on) => next.config.relu = on,
            Msg::SetValues(mode) => next.config.values = mode,
            Msg::Load(config) => {
                next = Viz {
                    speed: self.speed,
                    stack: self.stack.clone(),
                    stack_error: self.stack_error.clone(),
                    stack_refused: self.stack_refused.clone(),
                    embed: self.embed,
                    lang: self.lang,
                    theme: self.theme,
                    scatter: self.scatter,
                    ..Viz::new(config)
                };
            }
            Msg::StackInput(field @ (Field::N | Field::D), text) => {
                let at = StackBox::Input(field);
                let read = field.parse(&text);
                let refused = read.is_err();
                if let Ok(v) = read {
                    if field == Field::N {
                        next.stack.n = v;
                    } else {
                        next.stack.d = v;
                    }
                }
                next.stack_typed(at, text, refused);
            }
            Msg::StackInput(..) => {}
            Msg::StackEdit(i, param, text) if i < self.stack.layers.len() => {
                let at = StackBox::Layer(i, param);
                let read = self.stack.layers[i].with(param, &text);
                let refused = read.is_err();
                if let Ok(l) = read {
                    next.stack.layers[i] = l;
                }
                next.stack_typed(at, text, refused);
            }
            Msg::StackEdit(..) => {}
            Msg::StackAdd(layer) => {
                if self.stack.layers.len() < MAX_LAYERS {
                    next.stack.layers.push(layer);
                    next.stack_error = None;
                } else {
                    next.stack_error = Some(tr!("stack.err.full", MAX_LAYERS));
                }
            }
            Msg::StackRemove(i) if i < self.stack.layers.len() => {
                next.stack.layers.remove(i);
                next.stack_error = None;
                // A removed layer's boxes go with it; the later layers' move up one.
                next.stack_refused.retain_mut(|(at, _)| match at {
                    StackBox::Layer(j, _) if *j == i => false,
                    StackBox::Layer(j, _) if *j > i => {
                        *j -= 1;
                        true
                    }
                    _ => true,
                });
            }
            Msg::StackMove(i, delta) => {
                let j = i as isize + delta;
                if i < self.stack.layers.len() && (0..self.stack.layers.len() as isize).contains(&j)
                {
                    let j = j as usize;
                    next.stack.layers.swap(i, j);
                    // A refused text moves with its layer.
                    for (at, _) in &mut next.stack_refused {
                        if let StackBox::Layer(k, _) = at {
                            *k = if *k == i {
                                j
                            } else if *k == j {
                                i
                            } else {
                                *k
                            };
                        }
                    }
                }
            }
            Msg::StackLoad(stack) => {
                next.stack = stack;
                next.stack_error = None;
                next.stack_refused.clear();
            }
            Msg::SetLang(lang) => {
                next.lang = lang;
                // The stack's message was written in the old language.
                next.stack_error = None;
            }
            Msg::SetTheme(theme) => next.theme = theme,
            Msg::StackRemove(_) => {}
            Msg::Tick => {
                if let Some(step) = self.tick_from(self.step) {
                    next.step = step;
                }
            }
            Msg::StepBy(delta) if positions > 0 => {
                let cur = self.step.min(positions - 1);
                next.step = cur.saturating_add_signed(delta).min(positions - 1);
                next.playing = false;
            }
            Msg::Seek(i) if i < positions => {
                next.step = i;
                next.playing = false;
            }
            Msg::First if positions > 0 => next.step = 0,
            Msg::Last if positions > 0 => next.step = positions - 1,
            Msg::TogglePlay if positions > 0 => next.playing = !self.playing,
            Msg::SetPlaying(on) => next.playing = on && positions > 0,
            Msg::QuizStart(seed) => next = self.with_quiz(Quiz::new(seed)),
            Msg::QuizAnswer(text) => {
                if let Some(q) = &self.quiz {
                    next = self.with_quiz(q.answer(&text));
                }
            }
            Msg::QuizNext => {
                if let Some(q) = &self.quiz {
                    next = self.with_quiz(q.next());
                }
            }
            Msg::QuizStop => next.quiz = None,
            Msg::Restore(viz) => {
                // A remote `set`: everything the address can say, but the stack stays.
                next = Viz {
                    stack: self.stack.clone(),
                    stack_error: self.stack_error.clone(),
                    stack_refused: self.stack_refused.clone(),
                    ..*viz
                };
            }
            Msg::Faster => next.speed = (self.speed + 1).min(SPEEDS.len() - 1),
            Msg::Slower => next.speed = self.speed.saturating_sub(1),
            Msg::StepBy(_) | Msg::Seek(_) | Msg::First | Msg::Last | Msg::TogglePlay => {}
        }
        (next != *self).then_some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(v: &Viz, field: Field, text: &str) -> Viz {
        v.apply(Msg::Edit(field, text.into()))
            .unwrap_or_else(|| v.clone())
    }

    #[test]
    fn default_is_the_lecture_stride_two_example() {
        let v = Viz::default();
        assert_eq!(v.positions(), 9);
        assert_eq!(
            v.texts,
            ["7", "1", "1", "3", "2", "0", "7", "3", "2", "0", "0", "0", "0", "1", "1", "0"]
                .map(String::from)
        );
    }

    #[test]
    fn invalid_text_keeps_the_last_valid_value() {
        let v = edit(&Viz::default(), Field::N, "");
        assert_eq!(v.config.n, 7);
        assert_eq!(v.texts[0], "");
        assert!(v.errors[0].is_some());
        let v = edit(&v, Field::N, "9");
        assert_eq!(v.config.n, 9);
        assert_eq!(v.errors[0], None);
    }

    #[test]
    fn stride_three_does_not_fit_but_still_animates_reachable_positions() {
        let v = edit(&Viz::default(), Field::S, "3");
        assert!(matches!(
            v.config.geometry(),
            Err(ShapeError::DoesNotFit(_))
        ));
        // Floor reaches 2 × 2 positions of the 7×7 input.
        assert_eq!(v.positions(), 4);
        // Under Ceil the same layer has 3 × 3 windows, the last ones reading padding.
        let c = v.apply(Msg::SetRounding(Rounding::Ceil)).unwrap();
        assert_eq!(c.positions(), 9);
    }

    #[test]
    fn positions_run_over_every_filter() {
        let v = edit(&edit(&Viz::default(), Field::K, "2"), Field::D, "3");
        assert_eq!(v.positions(), 18, "3 × 3 positions for each of 2 filters");
    }

    #[test]
    fn pooling_keeps_the_depth_and_walks_every_slice() {
        let v = edit(&Viz::default(), Field::D, "3")
            .apply(Msg::SetOp(Op::MaxPool))
            .unwrap();
        assert_eq!(v.config.maps(), 3);
        assert_eq!(v.positions(), 27, "3 × 3 positions on each of 3 slices");
    }

    #[test]
    fn the_filter_count_does_not_limit_pooling() {
        // K is unused under pooling: a leftover K = 96 must not stop the animation.
        let c = Config {
            op: Op::MaxPool,
            k: 96,
            ..Config::default()
        };
        assert_eq!(c.too_big_to_animate(), None);
        assert_eq!(c.positions(), 9);
    }

    #[test]
    fn rectangular_mode_and_per_side_padding() {
        let v = Viz::default();
        // Outside rectangular mode W follows N (and its box shows it).
        let v = edit(&v, Field::N, "9");
        assert_eq!((v.config.n, v.config.w()), (9, 9));
        assert_eq!(v.texts[Field::W.index()], "9");
        let v = v.apply(Msg::SetRect(true)).unwrap();
        let v = edit(&v, Field::W, "11");
        assert_eq!((v.config.n, v.config.w()), (9, 11));
        let g = v.config.geometry().unwrap();
        assert_eq!((g.out_h(), g.out_w()), (4, 5));
        // Back to square: W = N again.
        let v = v.apply(Msg::SetRect(false)).unwrap();
        assert_eq!(v.config.w(), 9);
        // Per-side padding starts from P and changes one side.
        let v = edit(&v, Field::P, "1");
        let v = v.apply(Msg::SetPerSide(true)).unwrap();
        assert_eq!(v.config.padding(), Padding::uniform(1));
        let v = edit(&v, Field::Pb, "0");
        assert_eq!(
            v.config.padding(),
            Padding {
                top: 1,
                left: 1,
                bottom: 0,
                right: 1
            }
        );
        assert_eq!(v.texts[Field::Pt.index()], "1");
        assert!(!v.config.is_square());
        // Dilation 2: a 3-tap filter spans 5 cells, (9 + 1 − 5)/2 + 1 = 3.5 → does not fit.
        let v = edit(&v, Field::Dil, "2");
        assert_eq!(v.config.spans(), (5, 5));
        assert!(matches!(
            v.config.geometry(),
            Err(ShapeError::DoesNotFit(_))
        ));
    }

    #[test]
    fn a_fixture_is_dropped_when_the_input_changes() {
        let c = Config {
            op: Op::MaxPool,
            n: 4,
            f: 2,
            fixture: Some(Fixture::PoolFigure),
            ..Config::default()
        };
        assert_eq!(c.with(Field::S, 1).fixture, Some(Fixture::PoolFigure));
        assert_eq!(c.with(Field::N, 5).fixture, None);
        assert_eq!(c.with(Field::D, 2).fixture, None);
    }

    #[test]
    fn a_refused_stack_text_stays_in_its_box_until_an_edit_of_that_box_is_accepted() {
        // Found in an accessibility audit: the box went back to the value in force at once,
        // and its sentence stayed after the value in force was typed again.
        let v = Viz::default();
        let typed = |v: &Viz, at: StackBox, t: &str| {
            let msg = match at {
                StackBox::Input(f) => Msg::StackInput(f, t.into()),
                StackBox::Layer(i, p) => Msg::StackEdit(i, p, t.into()),
            };
            v.apply(msg).unwrap_or_else(|| v.clone())
        };
        let f0 = StackBox::Layer(0, Param::F);
        let d = StackBox::Input(Field::D);
        let bad = typed(&typed(&v, f0, "33"), d, "abc");
        assert_eq!(bad.stack, v.stack);
        let refused: Vec<_> = bad
            .stack_refusals()
            .into_iter()
            .map(|r| (r.at, r.text, r.why))
            .collect();
        assert_eq!(
            refused,
            [
                (
                    f0,
                    "33".to_string(),
                    "Layer 1: F = 33 is outside 1–31, the range ConvScope accepts.".to_string()
                ),
                (
                    d,
                    "abc".to_string(),
                    "Stack input: “abc” is not a number: enter a whole number from 1 to 2048."
                        .to_string()
                ),
            ]
        );
        // The value in force typed again is an accepted edit: that box's sentence goes, the
        // other box keeps its own.
        let five = typed(&bad, f0, "5");
        assert_eq!(five.stack, v.stack);
        assert_eq!(five.stack_refused, [(d, "abc".to_string())]);
        assert_eq!(typed(&five, d, "3"), v);
        // Another refused text replaces the box's; an accepted edit of another box keeps it.
        let s0 = typed(&typed(&v, f0, "0"), StackBox::Layer(0, Param::S), "2");
        assert_eq!(s0.stack_refused, [(f0, "0".to_string())]);
        // A refused text moves with its layer, and goes with it.
        let p2 = StackBox::Layer(2, Param::P);
        let b = typed(&v, p2, "-1");
        let moved = b.apply(Msg::StackMove(2, -1)).unwrap();
        assert_eq!(moved.stack_refused[0].0, StackBox::Layer(1, Param::P));
        let removed = b.apply(Msg::StackRemove(0)).unwrap();
        assert_eq!(removed.stack_refused[0].0, StackBox::Layer(1, Param::P));
        assert!(b
            .apply(Msg::StackRemove(2))
            .unwrap()
            .stack_refused
            .is_empty());
        assert!(b
            .apply(Msg::StackLoad(Stack::default()))
            .unwrap()
            .stack_refused
            .is_empty());
        // Showing a layer in the explainer keeps the stack's boxes as they are.
        let shown = b
            .apply(Msg::Load(Config {
                n: 9,
                ..Config::default()
            }))
            .unwrap();
        assert_eq!(shown.stack_refused, b.stack_refused);
        // A refused box leaves the stack's own sentence (a layer too many) stale.
        let mut full = v.clone();
        for _ in 0..30 {
            full = full.apply(Msg::StackAdd(StackLayer::Relu)).unwrap_or(full);
        }
        assert!(full.stack_error.is_some());
        assert_eq!(typed(&full, f0, "99").stack_error, None);
    }

    #[test]
    fn the_stack_is_edited_with_sentences_for_bad_input() {
        let v = Viz::default();
        assert_eq!(v.stack.layers.len(), 4);
        let v2 = v.apply(Msg::StackEdit(0, Param::P, "2".into())).unwrap();
        assert_eq!(
            v2.stack.layers[0],
            StackLayer::Conv {
                k: 6,
                f: 5,
                s: 1,
                p: 2
            }
        );
        let bad = v.apply(Msg::StackEdit(0, Param::S, "0".into())).unwrap();
        assert_eq!(bad.stack, v.stack);
        assert_eq!(
            bad.stack_refusals(),
            [StackRefusal {
                at: StackBox::Layer(0, Param::S),
                text: "0".into(),
                why: "Layer 1: S = 0 is outside 1–16, the range ConvScope accepts.".into()
            }]
        );
        let moved = v.apply(Msg::StackMove(0, 1)).unwrap();
        assert_eq!(moved.stack.layers[0], StackLayer::Relu);
        assert_eq!(
            v.apply(Msg::StackMove(0, -1)),
            None,
            "the first layer cannot move up"
        );
        let removed = v.apply(Msg::StackRemove(3)).unwrap();
        assert_eq!(removed.stack.layers.len(), 3);
        assert_eq!(v.apply(Msg::StackRemove(9)), None);
        let mut full = v.clone();
        for _ in 0..30 {
            full = full.apply(Msg::StackAdd(StackLayer::Relu)).unwrap_or(full);
        }
        assert_eq!(full.stack.layers.len(), MAX_LAYERS);
        assert!(full.stack_error.unwrap().contains("at most 24"));
        let n = v.apply(Msg::StackInput(Field::N, "28".into())).unwrap();
        assert_eq!(n.stack.n, 28);
        // Loading a layer into the explainer keeps the stack.
        let loaded = v2
            .apply(Msg::Load(Config {
                n: 9,
                ..Config::default()
            }))
            .unwrap();
        assert_eq!(loaded.stack, v2.stack);
    }

    #[test]
    fn ticks_loop_and_steps_stop_at_the_ends() {
        let mut v = Viz::default();
        assert_eq!(v.apply(Msg::Tick), None, "paused: a tick changes nothing");
        v = v.apply(Msg::TogglePlay).unwrap();
        for _ in 0..9 {
            v = v.apply(Msg::Tick).unwrap();
        }
        assert_eq!(
            v.step, 0,
            "nine ticks over 3×3 positions loop back to the start"
        );
        assert_eq!(v.edge(0, -1), None, "playing: a press pauses, no edge");
        v = v.apply(Msg::StepBy(-1)).unwrap();
        assert_eq!(v.step, 0, "back from the first position stays there");
        assert!(!v.playing, "stepping pauses");
        assert_eq!(
            v.apply(Msg::StepBy(-1)),
            None,
            "paused at the first: nothing changes"
        );
        assert_eq!(v.edge(0, -1), Some(Edge::Start));
        assert_eq!(v.edge(0, 1), None);
        v = v.apply(Msg::StepBy(1)).unwrap();
        assert_eq!(v.step, 1);
        assert_eq!(v.apply(Msg::StepBy(5)).unwrap().step, 6);
        assert_eq!(
            v.apply(Msg::StepBy(50)).unwrap().step,
            8,
            "a long jump stops at the last"
        );
        assert_eq!(v.apply(Msg::StepBy(-50)).unwrap().step, 0);
        assert_eq!(v.apply(Msg::Seek(9)), None, "no position 9 in a 3×3 output");
        v = v.apply(Msg::Last).unwrap();
        assert_eq!(v.step, 8);
        assert_eq!(
            v.apply(Msg::StepBy(1)),
            None,
            "forward from the last stays there"
        );
        assert_eq!(v.edge(8, 1), Some(Edge::End));
        assert_eq!(
            v.edge(7, 1),
            None,
            "the animation's position, not the state's, counts"
        );
        assert_eq!(v.edge(8, -1), None);
        // Nothing to animate (the filter does not fit): both ways are an edge.
        let none = edit(&v, Field::F, "9");
        assert_eq!(none.positions(), 0);
        assert_eq!(
            (none.edge(0, 1), none.edge(0, -1)),
            (Some(Edge::End), Some(Edge::Start))
        );
    }

    #[test]
    fn a_tick_from_any_position_is_what_the_tick_message_does() {
        let paused = edit(&Viz::default(), Field::K, "2");
        assert_eq!(paused.tick_from(3), None, "paused: no tick");
        let mut v = paused.apply(Msg::TogglePlay).unwrap();
        assert_eq!(v.positions(), 18);
        assert_eq!(v.tick_from(16), Some(17));
        assert_eq!(
            v.tick_from(17),
            Some(0),
            "the last position loops to the first"
        );
        for _ in 0..20 {
            let next = v.tick_from(v.step);
            v = v.apply(Msg::Tick).unwrap();
            assert_eq!(Some(v.step), next);
        }
        let stopped = edit(&v, Field::F, "9");
        assert_eq!(stopped.tick_from(0), None, "nothing to animate");
    }

    #[test]
    fn a_message_applies_from_the_position_on_screen() {
        let v = edit(&Viz::default(), Field::K, "2")
            .apply(Msg::TogglePlay)
            .unwrap();
        assert_eq!((v.step, v.playing), (0, true));
        // The short path has shown positions 1 to 11 without the state: a pause stops there.
        let paused = v.apply_shown(Some(11), Msg::TogglePlay).unwrap();
        assert_eq!((paused.step, paused.playing), (11, false));
        // A step by hand goes on from there, a tick too.
        assert_eq!(v.apply_shown(Some(11), Msg::StepBy(1)).unwrap().step, 12);
        assert_eq!(v.apply_shown(Some(17), Msg::Tick).unwrap().step, 0);
        // A message that changes nothing still hands the position over.
        let same = v.apply_shown(Some(5), Msg::SetTheme(v.theme)).unwrap();
        assert_eq!((same.step, same.playing), (5, true));
        // Nothing shown ahead: exactly `apply`.
        assert_eq!(v.apply_shown(None, Msg::SetTheme(v.theme)), None);
        assert_eq!(v.apply_shown(Some(0), Msg::SetTheme(v.theme)), None);
        assert_eq!(v.apply_shown(None, Msg::Tick), v.apply(Msg::Tick));
    }

    #[test]
    fn a_filter_larger_than_the_input_stops_the_animation() {
        let mut v = Viz::default().apply(Msg::TogglePlay).unwrap();
        v = edit(&v, Field::F, "9");
        assert_eq!(v.positions(), 0);
        assert!(!v.playing);
        assert_eq!(v.apply(Msg::TogglePlay), None);
        assert_eq!(v.apply(Msg::Tick), None);
        // Padding 1 makes the 9×9 filter fit the 7 + 2 = 9 padded input once.
        v = edit(&v, Field::P, "1");
        assert_eq!(v.positions(), 1);
    }

    #[test]
    fn a_layer_too_large_to_animate_says_why_and_does_not_animate() {
        let alexnet = Config {
            n: 227,
            d: 3,
            k: 96,
            f: 11,
            s: 4,
            p: 0,
            ..Config::default()
        };
        let why = alexnet.too_big_to_animate().unwrap();
        assert!(why.contains("227 × 227"), "{why}");
        assert_eq!(alexnet.positions(), 0);
        let v = Viz::default().apply(Msg::Load(alexnet)).unwrap();
        assert_eq!(v.texts[0], "227");
        assert_eq!(v.apply(Msg::TogglePlay), None);
        let many = Config {
            k: 17,
            ..Config::default()
        };
        assert!(many.too_big_to_animate().unwrap().contains("17 filters"));
        let heavy = Config {
            n: 64,
            d: 8,
            k: 16,
            f: 9,
            s: 1,
            p: 4,
            ..Config::default()
        };
        assert!(heavy
            .too_big_to_animate()
            .unwrap()
            .contains("multiply-adds"));
        assert_eq!(Config::default().too_big_to_animate(), None);
    }

    #[test]
    fn step_survives_a_change_when_it_still_exists() {
        let mut v = Viz::default();
        v = v.apply(Msg::Seek(5)).unwrap();
        v = edit(&v, Field::P, "1"); // 7+2-3 = 6, /2 → 4×4: position 5 exists
        assert_eq!(v.step, 5);
        v = edit(&v, Field::S, "3"); // 6/3+1 = 3×3
        assert_eq!(v.step, 5);
        v = edit(&v, Field::N, "3"); // (3+2−3)/3 → does not fit; floor: 1 position
        assert_eq!(v.step, 0);
    }

    #[test]
    fn speed_stays_in_range() {
        let mut v = Viz::default();
        for _ in 0..10 {
            v = v.apply(Msg::Faster).unwrap_or(v);
        }
        assert_eq!(v.steps_per_second(), 8.0);
        for _ in 0..10 {
            v = v.apply(Msg::Slower).unwrap_or(v);
        }
        assert_eq!(v.steps_per_second(), 0.5);
    }

    #[test]
    fn a_preset_keeps_the_language_and_theme() {
        let v = Viz {
            lang: Lang::Ko,
            theme: Theme::Dark,
            ..Viz::default()
        };
        let next = v
            .apply(Msg::Load(crate::app::presets::PRESETS[4].config))
            .unwrap();
        assert_eq!((next.lang, next.theme), (Lang::Ko, Theme::Dark));
    }
}
