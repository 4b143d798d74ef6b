//! Play / pause, step, first / last, a scrubber over every output position, and speed.

use super::live::{Live, Part, Writer};
use crate::app::state::Msg;
use crate::tr;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`Transport`].
#[derive(Properties, PartialEq)]
pub struct TransportProps {
    /// Current position.
    pub step: usize,
    /// Number of positions (0: nothing to animate).
    pub positions: usize,
    /// Whether the animation runs.
    pub playing: bool,
    /// Steps per second.
    pub speed: f64,
    /// Where the buttons send their messages.
    pub on_msg: Callback<Msg>,
    /// The animation's short path, when it takes this state's ticks: the counter and the
    /// scrubber then follow it without a render.
    #[prop_or_default]
    pub live: Option<Rc<Live>>,
}

/// "5 / 18", or a dash when there is nothing to animate.
fn counter_text(step: usize, positions: usize) -> String {
    if positions == 0 {
        "–".to_string()
    } else {
        format!("{} / {}", step + 1, positions)
    }
}

/// A 16×16 icon: system fonts often lack the media-control glyphs (⏮ ⏭), so draw them.
fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d={path} fill="currentColor" />
        </svg>
    }
}

/// "1 step/s", "0.5 steps/s".
fn speed_label(speed: f64) -> String {
    let n = crate::app::text::num(speed);
    if n == "1" {
        tr!("tr.one_step").into()
    } else {
        tr!("tr.steps", n)
    }
}

/// The animation controls.
#[component]
pub fn Transport(props: &TransportProps) -> Html {
    let send = |m: Msg| props.on_msg.reform(move |_: MouseEvent| m.clone());
    let none = props.positions == 0;
    // Paused at an end, the buttons towards it say they can go no further (marked, not
    // disabled: a disabled button would drop the keyboard's focus). While playing a render
    // comes only with a change, so the marks never lag the ticks' position.
    let paused = !props.playing && !none;
    let at_start = paused && props.step == 0;
    let at_end = paused && props.step + 1 >= props.positions;
    let mark = |on: bool| on.then_some("true");
    let onscrub = props.on_msg.reform(|e: InputEvent| {
        let v = e
            .target_unchecked_into::<HtmlInputElement>()
            .value_as_number();
        Msg::Seek(if v.is_finite() && v >= 0.0 {
            v as usize
        } else {
            0
        })
    });
    let (scrubber, counter) = (use_node_ref(), use_node_ref());
    // The short path's writer, made anew with each render: the same text and value as the
    // render below.
    if let Some(live) = &props.live {
        let (scrubber, counter, positions) = (scrubber.clone(), counter.clone(), props.positions);
        let writer: Writer = Rc::new(move |step| {
            if let Some(text) = counter.get().and_then(|c| c.first_child()) {
                text.set_node_value(Some(&counter_text(step, positions)));
            }
            if let Some(input) = scrubber.cast::<HtmlInputElement>() {
                input.set_value(&step.to_string());
            }
        });
        live.set(Part::Transport, Some(writer));
    }
    html! {
        <section class="transport" aria-label={tr!("tr.section")}>
            <button type="button" onclick={send(Msg::First)} disabled={none} aria-disabled={mark(at_start)} aria-label={tr!("tr.first")} title={tr!("tr.first_key")}>{ icon("M4 3h2v10H4zM13 3v10L7 8z") }</button>
            <button type="button" onclick={send(Msg::StepBy(-1))} disabled={none} aria-disabled={mark(at_start)} aria-label={tr!("tr.back")} title={tr!("tr.back_key")} data-testid="step-back">{ icon("M12 3v10L5 8z") }</button>
            <button type="button" class="play" onclick={send(Msg::TogglePlay)} disabled={none} data-testid="play" aria-pressed={props.playing.to_string()}>
                { if props.playing { tr!("tr.pause") } else { tr!("tr.play") } }
            </button>
            <button type="button" onclick={send(Msg::StepBy(1))} disabled={none} aria-disabled={mark(at_end)} aria-label={tr!("tr.forward")} title={tr!("tr.forward_key")} data-testid="step">{ icon("M4 3v10l7-5z") }</button>
            <button type="button" onclick={send(Msg::Last)} disabled={none} aria-disabled={mark(at_end)} aria-label={tr!("tr.last")} title={tr!("tr.last_key")}>{ icon("M10 3h2v10h-2zM3 3v10l6-5z") }</button>
            <input
                class="scrubber"
                type="range"
                autocomplete="off"
                min="0"
                max={props.positions.saturating_sub(1).to_string()}
                value={props.step.to_string()}
                disabled={none}
                aria-label={tr!("tr.position")}
                data-testid="scrubber"
                oninput={onscrub}
                ref={scrubber}
            />
            // The counter's box is as wide as its widest text (the hidden one beside it), so a
            // step from 9 to 10 does not narrow the scrubber: that resized and repainted it, and
            // doubled the frame's layerizing, at every tenth step of the animation.
            <span class="count">
                <span class="counter" data-testid="position" ref={counter}>
                    { counter_text(props.step, props.positions) }
                </span>
                <span class="widest" aria-hidden="true">
                    { counter_text(props.positions.saturating_sub(1), props.positions) }
                </span>
            </span>
            <span class="speed">
                <button type="button" onclick={send(Msg::Slower)} aria-label={tr!("tr.slower")} title={tr!("tr.slower_key")}>{ "−" }</button>
                <span data-testid="speed">{ speed_label(props.speed) }</span>
                <button type="button" onclick={send(Msg::Faster)} aria-label={tr!("tr.faster")} title={tr!("tr.faster_key")}>{ "+" }</button>
            </span>
        </section>
    }
}
