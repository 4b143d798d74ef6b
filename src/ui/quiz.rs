//! The quiz panel: the question, a box for the answer, the verdict with the working, the
//! score, and the next question.

use crate::app::quiz::Quiz;
use crate::app::state::Msg;
use crate::tr;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`QuizPanel`].
#[derive(Properties, PartialEq)]
pub struct QuizPanelProps {
    /// The running quiz.
    pub quiz: Quiz,
    /// Where answers go.
    pub on_msg: Callback<Msg>,
    /// Whether the panel takes the focus when it appears (opened from the page, not by the
    /// link the page opened with).
    pub take_focus: bool,
}

/// One question at a time.
#[component]
pub fn QuizPanel(props: &QuizPanelProps) -> Html {
    let q = &props.quiz;
    let input = use_node_ref();
    let next_button = use_node_ref();
    // The focus follows the quiz: the answer box while a question is open, the button that
    // continues once it is answered (the box is gone; the verdict is its description).
    let answered = q.verdict.is_some();
    super::hooks::use_focus(
        q.round * 2 + u32::from(answered),
        if answered {
            next_button.clone()
        } else {
            input.clone()
        },
        props.take_focus,
    );
    let submit = {
        let input = input.clone();
        let on_msg = props.on_msg.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = input
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            on_msg.emit(Msg::QuizAnswer(text));
        })
    };
    let next = props.on_msg.reform(|_: MouseEvent| Msg::QuizNext);
    let stop = props.on_msg.reform(|_: MouseEvent| Msg::QuizStop);
    html! {
        <section class="quiz" aria-labelledby="quiz-title" data-testid="quiz">
            <div class="quiz-head">
                <h2 id="quiz-title">{ tr!("quiz.title", q.round) }</h2>
                <span class="quiz-score" data-testid="quiz-score">{ q.score() }</span>
                <button type="button" class="quiz-stop" onclick={stop} data-testid="quiz-stop">{ tr!("quiz.stop") }</button>
            </div>
            <p class="quiz-question" data-testid="quiz-question">{ q.question.text() }</p>
            // Always on the page, so that a screen reader reads the verdict when it is written
            // (a live region inserted with its text is often not read).
            <p id="quiz-verdict" class={classes!("quiz-verdict", q.verdict.as_ref().map(|v| if v.correct { "right" } else { "wrong" }))} role="status" data-testid="quiz-verdict">
                if let Some(v) = &q.verdict {
                    <strong>{ if v.correct { tr!("quiz.right") } else { tr!("quiz.wrong") } }</strong>
                    { " " }{ tr!("quiz.answer_is", &v.expected) }{ " " }
                    <span class="quiz-working">{ &v.working }</span>
                }
            </p>
            if q.verdict.is_some() {
                <button type="button" class="quiz-next" onclick={next} ref={next_button}
                    aria-describedby="quiz-verdict" data-testid="quiz-next">{ tr!("quiz.next") }</button>
            } else {
                <form class="quiz-form" onsubmit={submit}>
                    <label>
                        <span>{ tr!("quiz.your_answer") }</span>
                        <input ref={input} type="text" inputmode="decimal" autocomplete="off"
                            data-testid="quiz-answer" aria-describedby="quiz-error" />
                    </label>
                    <button type="submit" data-testid="quiz-check">{ tr!("quiz.check") }</button>
                    <p id="quiz-error" class="error" aria-live="polite" data-testid="quiz-error">
                        { q.unreadable.clone().unwrap_or_default() }
                    </p>
                </form>
            }
        </section>
    }
}
