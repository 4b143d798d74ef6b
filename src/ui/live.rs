//! The running animation's short path. A tick changes only the position, yet going through
//! the reducer renders the whole page in Yew: ~0.4 ms of an animation step's ~4 ms
//! (PERFORMANCE.md, session 11). While the animation plays, a tick instead moves a position
//! kept here and calls the writers the three views register: the stage paints, the dot product
//! and the transport's counter and scrubber write their text. Each writer writes exactly what
//! its view renders for that position, so the DOM stays what Yew would have made of it: when
//! any message comes, [`Shown::reduce`] first folds the position in, the page renders at that
//! position, and Yew's diff (old position against new) finds the DOM already right.

use crate::app::state::{Msg, Viz};
use std::cell::{Cell, RefCell};
use std::ops::Deref;
use std::rc::Rc;
use yew::prelude::*;

/// A view's writer: shows position `step` without a render.
pub type Writer = Rc<dyn Fn(usize)>;

/// Which writer a view registers (the announcement last: see [`Live::tick`]).
#[derive(Clone, Copy, Debug)]
pub enum Part {
    /// The picture.
    Stage,
    /// The dot product's terms and sums.
    Dot,
    /// The transport's counter and scrubber.
    Transport,
    /// The page's `convscope:step` announcement (embed API).
    Announce,
}

/// One app's short path: the position it is ahead of the state, and the writers.
#[derive(Default)]
pub struct Live {
    /// The position shown when it is ahead of [`Viz::step`].
    ahead: Cell<Option<usize>>,
    /// The state as last rendered, when the short path may take its ticks.
    state: RefCell<Option<Rc<Viz>>>,
    writers: [RefCell<Option<Writer>>; 4],
    /// The open Share panel, whose links follow every step but which writes none: while it
    /// is open, ticks go through the reducer.
    held: Cell<bool>,
}

impl PartialEq for Live {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Live {
    /// Registers (or with `None` removes) a view's writer. A view registers a new one with
    /// each of its renders, while the app hands it the short path; a writer left by a view
    /// that is gone is never called, since the short path runs only while the app renders
    /// all three views with it.
    pub fn set(&self, part: Part, writer: Option<Writer>) {
        *self.writers[part as usize].borrow_mut() = writer;
    }

    /// The Share panel is open (`true`) or closed.
    pub fn hold(&self, open: bool) {
        self.held.set(open);
    }

    /// The position shown: ahead of the state's while the short path runs.
    pub fn step_or(&self, state_step: usize) -> usize {
        self.ahead.get().unwrap_or(state_step)
    }

    /// Called on every render of the app: the state the ticks start from, or `None` when this
    /// state's ticks must go through the reducer (a quiz, …).
    pub fn rendered(&self, state: Option<Rc<Viz>>) {
        *self.state.borrow_mut() = state;
    }

    /// A tick on the short path: `false` (nothing done) when it cannot take it, and the caller
    /// dispatches [`Msg::Tick`] instead.
    pub fn tick(&self) -> bool {
        let Some(next) = self
            .state
            .borrow()
            .as_ref()
            .and_then(|v| v.tick_from(self.step_or(v.step)))
        else {
            return false;
        };
        // The three views' writers, not the announcement, which has nothing to show.
        let views = &self.writers[..Part::Announce as usize];
        let ready = !self.held.get() && views.iter().all(|w| w.borrow().is_some());
        if !ready {
            return false;
        }
        self.ahead.set(Some(next));
        // Each writer is called with no borrow held: the announcement reaches a host page's
        // listener, which may call back into the app.
        for w in &self.writers {
            let w = w.borrow().clone();
            if let Some(w) = w {
                w(next);
            }
        }
        true
    }

    /// The position taken on the short path since the last render, if any, now handed to the
    /// state.
    fn take(&self) -> Option<usize> {
        self.ahead.take()
    }
}

/// The app's state for Yew: the [`Viz`] and its short path.
#[derive(Clone)]
pub struct Shown {
    /// The state.
    pub viz: Rc<Viz>,
    /// Its short path.
    pub live: Rc<Live>,
}

impl Deref for Shown {
    type Target = Viz;

    fn deref(&self) -> &Viz {
        &self.viz
    }
}

impl Reducible for Shown {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        // A position the short path took becomes the state's as the message applies, so a
        // pause, a step by hand or an edit starts from what is on screen.
        match self.viz.apply_shown(self.live.take(), msg) {
            Some(next) => Rc::new(Shown {
                viz: Rc::new(next),
                live: self.live.clone(),
            }),
            // Returning the same Rc when nothing changed lets Yew skip the re-render.
            None => self,
        }
    }
}
