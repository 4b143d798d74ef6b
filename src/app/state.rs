//! The single page state and its pure transitions (the Yew reducer is a thin adapter over
//! [`Viz::apply`]).

use super::fields::{Field, FieldError};
use crate::cnn::{Geometry, Rounding, ShapeError, WindowSpec};

/// The layer the controls describe: the last *valid* value of every field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Config {
    /// Input width and height N.
    pub n: usize,
    /// Filter width and height F.
    pub f: usize,
    /// Stride S.
    pub s: usize,
    /// Zero-padding P on every side.
    pub p: usize,
    /// Seed of the example values: the same seed always gives the same numbers.
    pub seed: u64,
}

impl Default for Config {
    /// The lecture's 7×7 input with a 3×3 filter at stride 2: a 3×3 output.
    fn default() -> Self {
        Config {
            n: 7,
            f: 3,
            s: 2,
            p: 0,
            seed: 1,
        }
    }
}

impl Config {
    /// The value of one field.
    pub const fn get(&self, field: Field) -> usize {
        match field {
            Field::N => self.n,
            Field::F => self.f,
            Field::S => self.s,
            Field::P => self.p,
        }
    }

    /// A copy with one field changed.
    pub const fn with(mut self, field: Field, value: usize) -> Self {
        match field {
            Field::N => self.n = value,
            Field::F => self.f = value,
            Field::S => self.s = value,
            Field::P => self.p = value,
        }
        self
    }

    /// The sliding window under the lecture's rule (a non-integer output size is an error).
    pub const fn spec(&self) -> WindowSpec {
        WindowSpec::square(self.f, self.s, self.p)
    }

    /// The output geometry under the lecture's rule, or why there is none.
    pub fn geometry(&self) -> Result<Geometry, ShapeError> {
        self.spec().geometry(self.n, self.n)
    }

    /// The window the picture animates: the lecture's when it fits; when the stride does not
    /// divide evenly, Torch/PyTorch's floor, so the student sees which rows and columns are
    /// never reached. `None` when no window fits at all.
    pub fn shown_spec(&self) -> Option<WindowSpec> {
        match self.geometry() {
            Ok(_) => Some(self.spec()),
            Err(ShapeError::DoesNotFit(_)) => Some(self.spec().with_rounding(Rounding::Floor)),
            Err(_) => None,
        }
    }

    /// The geometry of [`Config::shown_spec`].
    pub fn shown_geometry(&self) -> Option<Geometry> {
        self.shown_spec()?.geometry(self.n, self.n).ok()
    }

    /// How many output positions the window visits in the picture.
    pub fn positions(&self) -> usize {
        self.shown_geometry().map_or(0, |g| g.positions())
    }
}

/// Animation speeds in steps per second (the UX brief asks for 2–8, slower for a first look).
pub const SPEEDS: [f64; 5] = [0.5, 1.0, 2.0, 4.0, 8.0];

/// The whole page state.
#[derive(Clone, Debug, PartialEq)]
pub struct Viz {
    /// The last valid value of every control.
    pub config: Config,
    /// What each control's box shows now, valid or not (indexed by [`Field::index`]).
    pub texts: [String; 4],
    /// Why a box's text was refused, shown next to it (indexed by [`Field::index`]).
    pub errors: [Option<FieldError>; 4],
    /// The output position being computed, row-major over the shown geometry.
    pub step: usize,
    /// Whether the window advances on its own.
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
}

impl Default for Viz {
    fn default() -> Self {
        Viz::new(Config::default())
    }
}

/// Everything the user (or the ticker) can do to the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// The text of a control changed (typing, the slider, a paste).
    Edit(Field, String),
    /// The ticker fired: advance one position, looping at the end.
    Tick,
    /// Step forward (+) or back (−) by some positions, wrapping around; pauses, as stepping
    /// does in a video player.
    StepBy(isize),
    /// Jump to one output position (scrubber, click on an output cell); pauses.
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
}

impl Viz {
    /// A page showing `config`, paused at the first position.
    pub fn new(config: Config) -> Self {
        Viz {
            config,
            texts: Field::ALL.map(|f| config.get(f).to_string()),
            errors: [None, None, None, None],
            step: 0,
            playing: false,
            speed: 1,
        }
    }

    /// Output positions in the current picture (0 when no window fits).
    pub fn positions(&self) -> usize {
        self.config.positions()
    }

    /// Steps per second at the current speed.
    pub fn steps_per_second(&self) -> f64 {
        SPEEDS[self.speed.min(SPEEDS.len() - 1)]
    }

    /// The state after `msg`, or `None` when nothing changes (so the view skips a re-render).
    pub fn apply(&self, msg: Msg) -> Option<Viz> {
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
                let now = next.positions();
                if now == 0 {
                    next.playing = false;
                    next.step = 0;
                } else if next.config != self.config {
                    // Keep the position if it still exists, so tweaking P or S mid-animation
                    // does not throw the student back to the start.
                    next.step = self.step.min(now - 1);
                }
            }
            Msg::Tick if positions > 0 && self.playing => {
                next.step = (self.step + 1) % positions;
            }
            Msg::Tick => {}
            Msg::StepBy(delta) if positions > 0 => {
                let p = positions as isize;
                let cur = self.step.min(positions - 1) as isize;
                next.step = (cur + delta % p + p) as usize % positions;
                next.playing = false;
            }
            Msg::Seek(i) if i < positions => {
                next.step = i;
                next.playing = false;
            }
            Msg::First if positions > 0 => next.step = 0,
            Msg::Last if positions > 0 => next.step = positions - 1,
            Msg::TogglePlay if positions > 0 => next.playing = !self.playing,
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
        assert_eq!(v.texts, ["7", "3", "2", "0"].map(String::from));
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
    }

    #[test]
    fn ticks_loop_and_steps_wrap() {
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
        v = v.apply(Msg::StepBy(-1)).unwrap();
        assert_eq!(v.step, 8);
        assert!(!v.playing, "stepping pauses");
        v = v.apply(Msg::StepBy(1)).unwrap();
        assert_eq!(v.step, 0);
        assert_eq!(v.apply(Msg::Seek(9)), None, "no position 9 in a 3×3 output");
        assert_eq!(v.apply(Msg::Last).unwrap().step, 8);
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
}
