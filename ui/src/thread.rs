//! An appeal's timeline, thread and deadlines, for the owner and for staff: the steps as a
//! list; the thread folded to its latest message and how many there are; each running deadline
//! by its name; and one form to write in the thread, the endpoint chosen by who writes. Each
//! message carries a key of its own, so a resend after a lost answer posts once.

use crate::api::Failure;
use crate::forms::{FoldedTextForm, submission_key};
use crate::lists::Steps;
use crate::prefs::{Lang, either, tr, use_prefs};
use crate::session::use_session;
use getima_domain::api::{Appeal, AppealMessage, AppealStep, RunningDeadline, endpoints};
use getima_domain::appeals::{AppealDeadline, AppealEvent};
use leptos::prelude::*;

/// Who writes: the appeal's owner, or staff of a department (its holder, or one asked to help).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Writer {
    Owner,
    Staff { dept: String },
}

#[component]
pub fn MessageForm(
    appeal: i64,
    writer: Writer,
    label: (&'static str, &'static str),
    /// Told the appeal as it stands with the message.
    on_sent: Callback<Appeal>,
) -> impl IntoView {
    let session = use_session();
    let key = StoredValue::new(submission_key());
    let send = move |text: String| {
        let (body, writer) = (AppealMessage { idempotency_key: key.get_value(), text }, writer.clone());
        async move {
            let now = match writer {
                Writer::Owner => session.call(&endpoints::WriteToMyAppeal { appeal }, &body).await?,
                Writer::Staff { dept } => session.call(&endpoints::WriteToAppeal { dept, appeal }, &body).await?,
            };
            // Sent: the next message is another one.
            key.set_value(submission_key());
            on_sent.run(now);
            Ok::<(), Failure>(())
        }
    };
    view! {
        <FoldedTextForm
            testid="message"
            summary=Signal::derive(move || tr(label.0, label.1)().to_string())
            form=format!("message-{appeal}-")
            field=&["text"]
            label=tr("留言内容", "Your message")
            send_label=tr("发送", "Send")
            send_testid="send-message"
            send
        />
    }
}

/// What an appeal says: its text, its photos and its running deadlines.
#[component]
pub fn AppealText(
    text: String,
    photos: Vec<getima_domain::api::PhotoRef>,
    deadlines: Vec<RunningDeadline>,
) -> impl IntoView {
    view! {
        <p class="appeal__text">{text}</p>
        <crate::photos::FiledPhotos photos title=("问题照片", "Photos of the problem") />
        <Deadlines deadlines />
    }
}

/// Steps of an appeal, oldest first.
#[component]
pub fn AppealSteps(steps: Vec<AppealStep>) -> impl IntoView {
    view! { <Steps steps /> }
}

/// The thread: the messages among the steps (and help given). Folded, it shows how many there
/// are and the latest, and opens on tap (a long thread would make a list endless); `open` on an
/// appeal's own page. Nothing when there are none.
#[component]
pub fn Thread(steps: Vec<AppealStep>, #[prop(optional)] open: bool) -> impl IntoView {
    let messages: Vec<AppealStep> =
        steps.into_iter().filter(|s| matches!(s.event, AppealEvent::Message | AppealEvent::Helped)).collect();
    folded_thread(messages, open)
}

fn folded_thread(messages: Vec<AppealStep>, open: bool) -> Option<impl IntoView> {
    let latest = messages.last().cloned()?;
    let count = messages.len();
    let plural = if count == 1 { "" } else { "s" };
    Some(view! {
        <details class="timeline thread" data-testid="thread" open=open>
            <summary data-testid="thread-summary">
                <span class="thread__count" data-testid="thread-count">
                    {either(format!("留言 · 共 {count} 条"), format!("{count} message{plural}"))}
                </span>
                <span class="thread__latest" data-testid="thread-latest">
                    {either(latest.by_zh, latest.by_en)}
                    {tr("：", ": ")}
                    {latest.note}
                </span>
            </summary>
            <AppealSteps steps=messages />
        </details>
    })
}

/// The deadlines an appeal runs against now, each by its name ([`AppealDeadline`]), its day and
/// the working days left; the late one marked.
#[component]
pub fn Deadlines(deadlines: Vec<RunningDeadline>) -> impl IntoView {
    let lang = use_prefs().lang;
    (!deadlines.is_empty()).then(|| {
        view! {
            <ul class="deadlines" data-testid="deadlines">
                {deadlines
                    .into_iter()
                    .map(|running| {
                        let late = running.days_left < 0;
                        let (zh, en) = running.words();
                        view! {
                            <li
                                class="countdown"
                                class:countdown--late=late
                                data-deadline=running.deadline.as_str()
                            >
                                {move || if lang.get() == Lang::En { en.clone() } else { zh.clone() }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// What a category promises before filing, in the same words: its deadline to be taken up and
/// to be answered, in working days.
#[component]
pub fn Promise(claim_days: u32, reply_days: u32) -> impl IntoView {
    let lang = use_prefs().lang;
    let words = [AppealDeadline::Take.promise(claim_days), AppealDeadline::Answer.promise(reply_days)];
    move || {
        let en = lang.get() == Lang::En;
        words.iter().map(|(zh, english)| if en { english.clone() } else { zh.clone() }).collect::<Vec<_>>().join(" · ")
    }
}
