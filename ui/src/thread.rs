//! An appeal's timeline and thread, for the owner and for staff: the steps as a list, and one
//! form to write in the thread, the endpoint chosen by who writes. Each message carries a key of
//! its own, so a resend after a lost answer posts once.

use crate::api::Failure;
use crate::forms::{FoldedTextForm, submission_key};
use crate::lists::TimelineStep;
use crate::prefs::tr;
use crate::session::use_session;
use getima_domain::api::{AppealMessage, AppealStep, endpoints};
use getima_domain::appeals::AppealEvent;
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
    on_sent: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let text = RwSignal::new(String::new());
    let key = StoredValue::new(submission_key());
    let send = Action::new_local(move |body: &AppealMessage| {
        let (body, writer) = (body.clone(), writer.clone());
        async move {
            match writer {
                Writer::Owner => session.call(&endpoints::WriteToMyAppeal { appeal }, &body).await?,
                Writer::Staff { dept } => session.call(&endpoints::WriteToAppeal { dept, appeal }, &body).await?,
            };
            // Sent: the next message is another one.
            key.set_value(submission_key());
            text.set(String::new());
            on_sent.run(());
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    let on_send = Callback::new(move |()| {
        send.dispatch(AppealMessage { idempotency_key: key.get_value(), text: text.get_untracked() });
    });
    view! {
        <FoldedTextForm
            testid="message"
            summary=Signal::derive(move || tr(label.0, label.1)().to_string())
            form=format!("message-{appeal}-")
            field=&["text"]
            label=tr("留言内容", "Your message")
            value=text
            send_label=tr("发送", "Send")
            send_testid="send-message"
            pending=send.pending().into()
            failure
            on_send
        />
    }
}

/// Steps of an appeal, oldest first.
#[component]
pub fn AppealSteps(steps: Vec<AppealStep>) -> impl IntoView {
    view! {
        <ol>
            {steps
                .into_iter()
                .map(|s| {
                    view! {
                        <TimelineStep
                            at=s.at
                            by_zh=s.by_zh
                            by_en=s.by_en
                            what=s.event.label()
                            kind=s.event.as_str()
                            note=s.note
                        />
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The thread: the messages among the steps (and help given), shown open; nothing when none.
#[component]
pub fn Thread(steps: Vec<AppealStep>) -> impl IntoView {
    let messages: Vec<AppealStep> =
        steps.into_iter().filter(|s| matches!(s.event, AppealEvent::Message | AppealEvent::Helped)).collect();
    (!messages.is_empty()).then(|| {
        view! {
            <div class="timeline" data-testid="thread">
                <p>
                    <b>{tr("留言", "Messages")}</b>
                </p>
                <AppealSteps steps=messages />
            </div>
        }
    })
}
