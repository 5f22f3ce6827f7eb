//! My inbox on "me": what happened to my applications and appeals, and my stall sessions
//! starting within a day, newest first; seen once shown.

use getima_domain::accounts::notices::{NoticeSubject, session_day};
use getima_domain::api::{Notice, NoticesRead, endpoints};
use getima_ui::lists::CellList;
use getima_ui::prefs::{label, moment, tr};
use getima_ui::session::use_session;
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn Inbox() -> impl IntoView {
    let session = use_session();
    let notices = LocalResource::new(move || async move { session.call(&endpoints::ListMyNotices {}, &()).await });
    // Shown is seen: everything listed is marked read, once, after it is on screen.
    Effect::new(move |_| {
        if let Some(Ok(list)) = notices.get()
            && list.unread > 0
            && let Some(newest) = list.notices.first()
        {
            let body = NoticesRead { up_to: newest.id };
            leptos::task::spawn_local(async move {
                let _ = session.call(&endpoints::MarkNoticesRead {}, &body).await;
            });
        }
    });
    let unread = move || notices.get().and_then(Result::ok).map_or(0, |list| list.unread);
    view! {
        <div class="weui-cells__title">
            {tr("消息", "Messages")}
            {move || {
                (unread() > 0)
                    .then(|| {
                        view! {
                            <span class="badge badge--new" data-testid="unread">
                                {unread()}
                            </span>
                        }
                    })
            }}
        </div>
        <CellList
            testid="notices"
            rows=move || notices.get().map(|loaded| loaded.map(|list| list.notices))
            empty=tr("暂无消息。", "No messages yet.")
            row=|notice| view! { <NoticeRow notice /> }
        />
    }
}

#[component]
fn NoticeRow(notice: Notice) -> impl IntoView {
    let Notice { kind, application_id, stall_booking, appeal, subject, starts, at, read, .. } = notice;
    let href = match (kind.subject(), stall_booking, appeal, application_id) {
        (NoticeSubject::StallBooking, Some(booking), ..) => format!("/me/stalls#booking-{booking}"),
        (NoticeSubject::StallBooking, ..) => "/me/stalls".to_string(),
        (NoticeSubject::Appeal, _, Some(appeal), _) => format!("/me/appeals/{appeal}"),
        (NoticeSubject::Appeal, ..) => "/me/appeals".to_string(),
        (NoticeSubject::Application, .., Some(id)) => format!("/me/applications#application-{id}"),
        (NoticeSubject::Application, ..) => "/me/applications".to_string(),
    };
    view! {
        <a class="weui-cell weui-cell_access" class:notice--unread=!read href=href data-kind=kind.as_str()>
            <div class="weui-cell__bd">
                <p>
                    {(!read).then(|| view! { <span class="visually-hidden">{tr("未读：", "Unread: ")}</span> })}
                    {starts.map(|starts| view! { <SessionStart starts /> " · " })}
                    {subject}
                </p>
                <p class="shop__trade">{label(kind.label())} " · " {moment(&at)}</p>
            </div>
            <div class="weui-cell__ft"></div>
        </a>
    }
}

/// When a reminded session starts: "明天 17:00" / "Tomorrow 17:00", or its date when not
/// today or tomorrow (in China, where the markets are, whatever the phone's time zone).
#[component]
fn SessionStart(starts: String) -> impl IntoView {
    let today = getima_ui::china::today();
    let (date, time) = starts.split_once(' ').unwrap_or((&starts, ""));
    let day = match session_day(&starts, today) {
        Some(named) => Either::Left(label(named)),
        None => Either::Right(date.to_string()),
    };
    view! {
        {day}
        " "
        {time.to_string()}
    }
}
