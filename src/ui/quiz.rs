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
}

/// One question at a time.
#[component]
pub fn QuizPanel(props: &QuizPanelProps) -> Html {
    let q = &props.quiz;
    let input = use_node_ref();
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
            if let Some(v) = &q.verdict {
                <p class={classes!("quiz-verdict", if v.correct { "right" } else { "wrong" })} role="status" data-testid="quiz-verdict">
                    <strong>{ if v.correct { tr!("quiz.right") } else { tr!("quiz.wrong") } }</strong>
                    { " " }{ tr!("quiz.answer_is", &v.expected) }{ " " }
                    <span class="quiz-working">{ &v.working }</span>
                </p>
                <button type="button" class="quiz-next" onclick={next} data-testid="quiz-next">{ tr!("quiz.next") }</button>
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
