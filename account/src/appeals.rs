//! Appeals (诉求) on the owner's phone: `/me/households/{uscc}/appeal` raises a problem about a
//! business (what it is about says who answers and how fast), and `/me/appeals` lists mine,
//! each with its countdown, the answer, and a rating that closes it or a reason that reopens it.

use getima_domain::api::{Appeal, AppealRating, AppealReopening, AppealRequest, CreditCode, Location, endpoints};
use getima_domain::appeals::{AppealEvent, AppealStatus, MAX_APPEAL_CHARS, MAX_REPLY_CHARS};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{Bar, ErrorNote, Footer, Loading, SignedIn};
use getima_ui::forms::{FieldNote, FoldedTextForm, Stars, SubmitButton, TextArea, submission_key};
use getima_ui::links::go;
use getima_ui::location::here;
use getima_ui::photos::{AppealPhotos, FiledPhotos, UploadsPending, track_uploads};
use getima_ui::prefs::{countdown, either, label, named, tr, use_prefs};
use getima_ui::session::use_session;
use getima_ui::thread::{AppealSteps, MessageForm, Thread, Writer};
use leptos::prelude::*;

#[component]
pub fn HouseholdAppealPage(uscc: String) -> impl IntoView {
    view! {
        <main class="page">
            <Bar title=tr("提诉求", "Raise a problem") />
            <SignedIn>
                <AppealForm uscc=uscc.clone() />
            </SignedIn>
            <Footer />
        </main>
    }
}

#[component]
fn AppealForm(uscc: String) -> impl IntoView {
    let session = use_session();
    let categories = LocalResource::new(|| api::call(&endpoints::ListAppealCategories {}, &()));
    let (category, text) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let location = RwSignal::new(None::<Location>);
    // One key per appeal: a retry after a lost answer files nothing twice.
    let key = StoredValue::new(submission_key());
    let uploading = track_uploads();
    let send = Action::new_local(move |request: &AppealRequest| {
        let (request, uscc) = (request.clone(), CreditCode(uscc.clone()));
        async move {
            getima_domain::api::ApiError::unless_invalid(request.check().problems).map_err(Failure::Api)?;
            let filed = session.call(&endpoints::FileAppeal { uscc }, &request).await?;
            go(&format!("/me/appeals#appeal-{}", filed.id));
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    view! {
        <form
            class="form"
            data-testid="appeal-form"
            on:submit=move |ev| {
                ev.prevent_default();
                send.dispatch(AppealRequest {
                    idempotency_key: key.get_value(),
                    category: category.get_untracked(),
                    text: text.get_untracked(),
                    location: location.get_untracked(),
                });
            }
        >
            <fieldset class="decision" aria-describedby="appeal-category-error">
                <legend class="form__label">{tr("遇到了什么问题", "What is it about")}</legend>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match categories.await {
                            Ok(list) => {
                                list.categories
                                    .into_iter()
                                    .map(|c| {
                                        let code = c.category.as_str();
                                        let days = c.reply_days;
                                        view! {
                                            <label class="consent" data-testid="appeal-category">
                                                <input
                                                    type="radio"
                                                    name="appeal-category"
                                                    value=code
                                                    prop:checked=move || category.get() == code
                                                    on:change=move |_| category.set(code.to_string())
                                                />
                                                <span class="choice-text">
                                                    <b>{either(c.name_zh, c.name_en)}</b>
                                                    <span class="shop__trade">
                                                        {named(c.department)} " · "
                                                        {either(
                                                            format!("{days} 个工作日内答复"),
                                                            format!("answered within {days} working days"),
                                                        )}
                                                    </span>
                                                </span>
                                            </label>
                                        }
                                    })
                                    .collect_view()
                                    .into_any()
                            }
                            Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                        }
                    })}
                </Suspense>
            </fieldset>
            <FieldNote failure field="category" form="appeal-".to_string() />
            <TextArea
                form="appeal-".to_string()
                field="text"
                label=tr("请说明情况（5 到 1000 字）", "Tell us what happened (5 to 1000 characters)")
                value=text
                failure
                max=MAX_APPEAL_CHARS
            />
            <WhereItIs location />
            <AppealPhotos key=key.get_value() />
            <UploadsPending uploading />
            <SubmitButton
                pending=Signal::derive(move || send.pending().get() || uploading.get())
                label=tr("提交诉求", "Send")
                testid="file-appeal"
            />
            <ErrorNote failure beside=&["category", "text", "idempotency_key"] />
        </form>
    }
}

/// Optionally where the problem is: the phone's position, asked for only when tapped, and
/// removable before sending.
#[component]
fn WhereItIs(location: RwSignal<Option<Location>>) -> impl IntoView {
    let find = Action::new_local(move |&(): &()| async move {
        let found = here().await;
        if let Ok((at, _)) = found {
            location.set(Some(at));
        }
        found.map(|(_, metres)| metres)
    });
    let finding = find.pending();
    move || match (location.get(), find.value().get()) {
        (Some(_), Some(Ok(metres))) => view! {
            <p class="form__ok" role="status" data-testid="location-added">
                {either(
                    format!("已附上当前位置（误差约 {metres:.0} 米）"),
                    format!("Your location is attached (to within about {metres:.0} m)"),
                )}
            </p>
            <button type="button" class="link" data-testid="remove-location" on:click=move |_| location.set(None)>
                {tr("不附位置", "Leave it out")}
            </button>
        }
        .into_any(),
        (_, found) => {
            let refusal = found.and_then(Result::err).map(|no| {
                let (zh, en) = no.words();
                view! {
                    <p class="field__error" role="alert" data-testid="location-error">
                        {tr(zh, en)}
                    </p>
                }
            });
            view! {
                <button
                    type="button"
                    class="weui-btn weui-btn_default"
                    data-testid="add-location"
                    disabled=move || finding.get()
                    aria-busy=move || finding.get().to_string()
                    on:click=move |_| {
                        find.dispatch(());
                    }
                >
                    {move || {
                        if finding.get() {
                            tr("正在定位…", "Finding where you are…")()
                        } else {
                            tr("附上我现在的位置（可选）", "Add where I am now (optional)")()
                        }
                    }}
                </button>
                {refusal}
            }
            .into_any()
        }
    }
}

#[component]
pub fn MyAppealsPage() -> impl IntoView {
    view! {
        <main class="page">
            <Bar title=tr("我的诉求", "My appeals") />
            <SignedIn>
                <Appeals />
            </SignedIn>
            <div class="shop__actions">
                <a class="link" href="/register/stats" data-testid="to-appeal-stats">
                    {tr("各部门诉求办理情况", "How each department handles appeals")}
                </a>
            </div>
            <Footer />
        </main>
    }
}

#[component]
fn Appeals() -> impl IntoView {
    let session = use_session();
    let list = LocalResource::new(move || async move { session.call(&endpoints::ListMyAppeals {}, &()).await });
    let reload = Callback::new(move |()| list.refetch());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.appeals.is_empty() => {
                        view! {
                            <p class="notice" data-testid="no-appeals">
                                {tr(
                                    "还没有提过诉求。在“我的”页面的店铺下可以提诉求。",
                                    "No appeals yet. Raise one under your business on your page.",
                                )}
                            </p>
                        }
                            .into_any()
                    }
                    Ok(list) => {
                        list.appeals
                            .into_iter()
                            .map(|appeal| view! { <AppealCard appeal reload /> })
                            .collect_view()
                            .into_any()
                    }
                    Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AppealCard(appeal: Appeal, reload: Callback<()>) -> impl IntoView {
    let Appeal {
        id,
        receipt,
        category,
        shop_name,
        department,
        status,
        text,
        due_on,
        days_left,
        score,
        can_reopen,
        timeline,
        photos,
        ..
    } = appeal;
    let lang = use_prefs().lang;
    let due = due_on.unwrap_or_default();
    let overdue = days_left.is_some_and(|left| left < 0);
    let countdown = move || days_left.map(|left| countdown(left, &due, lang.get()));
    let answer = timeline.iter().rev().find(|s| s.event == AppealEvent::Replied).map(|s| s.note.clone());
    view! {
        <section
            class="application"
            id=format!("appeal-{id}")
            data-testid="appeal"
            data-status=status.as_str()
        >
            <h2>{label(category.label())}</h2>
            <p class="shop__trade">
                {shop_name} " · " {tr("受理编号 ", "Receipt ")} <span class="mono">{receipt}</span>
            </p>
            <p>
                <span class=format!("badge badge--{}", status.as_str())>{label(status.label())}</span>
                " "
                {named(department)}
            </p>
            <p class="appeal__text">{text}</p>
            <FiledPhotos photos title=("问题照片", "Photos of the problem") />
            <div class="countdown" class:countdown--late=overdue>
                {countdown}
            </div>
            {answer
                .map(|answer| {
                    view! {
                        <div class="corrections" data-testid="answer">
                            <p>
                                <b>{tr("答复", "Answer")}</b>
                            </p>
                            <p class="appeal__text">{answer}</p>
                        </div>
                    }
                })}
            {score
                .map(|score| {
                    view! {
                        <p class="form__ok" data-testid="rated">
                            {tr("您的评价：", "Your rating: ")}
                            {"★".repeat(usize::from(score))}
                        </p>
                    }
                })}
            <Thread steps=timeline.clone() />
            {(status != AppealStatus::Closed)
                .then(|| {
                    view! {
                        <MessageForm
                            appeal=id
                            writer=Writer::Owner
                            label=("给办理部门留言", "Message the department")
                            on_sent=reload
                        />
                    }
                })}
            {(status == AppealStatus::Replied).then(|| view! { <Confirm appeal=id reload /> })}
            {can_reopen.then(|| view! { <Reopen appeal=id reload /> })}
            <details class="timeline">
                <summary>{tr("办理记录", "Timeline")}</summary>
                <AppealSteps steps=timeline />
            </details>
        </section>
    }
}

/// Satisfied: the owner rates the answer (1–5), which closes the appeal.
#[component]
fn Confirm(appeal: i64, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let score = RwSignal::new(0u8);
    let comment = RwSignal::new(String::new());
    let send = Action::new_local(move |body: &AppealRating| {
        let body = body.clone();
        async move {
            session.call(&endpoints::RateAppeal { appeal }, &body).await?;
            reload.run(());
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    let form = format!("appeal-rating-{appeal}-");
    view! {
        <form
            class="decision"
            data-testid="appeal-rating"
            on:submit=move |ev| {
                ev.prevent_default();
                send.dispatch(AppealRating {
                    score: score.get_untracked(),
                    comment: comment.get_untracked(),
                });
            }
        >
            <fieldset class="decision" aria-describedby=format!("{form}score-error")>
                <legend class="form__label">
                    {tr("满意请评价并确认办结", "Rate the answer to close it")}
                </legend>
                <Stars score name=format!("appeal-score-{appeal}") />
            </fieldset>
            <FieldNote failure field="score" form=form.clone() />
            <TextArea
                form=form.clone()
                field="comment"
                label=tr("想说的话（可不填）", "Anything to add (optional)")
                value=comment
                failure
                max=MAX_REPLY_CHARS
            />
            <SubmitButton pending=send.pending().into() label=tr("确认办结", "Close it") testid="confirm-appeal" />
            <ErrorNote failure beside=&["score", "comment"] />
        </form>
    }
}

/// Not satisfied: the owner says why, and the one who answered must answer again.
#[component]
fn Reopen(appeal: i64, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let reason = RwSignal::new(String::new());
    let send = Action::new_local(move |body: &AppealReopening| {
        let body = body.clone();
        async move {
            session.call(&endpoints::ReopenAppeal { appeal }, &body).await?;
            reload.run(());
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    view! {
        <FoldedTextForm
            testid="appeal-reopen"
            summary=Signal::derive(move || tr("不满意，重新办理", "Not satisfied: reopen")().to_string())
            form=format!("appeal-reopen-{appeal}-")
            field=&["reason"]
            label=tr("哪里还没有解决", "What is still not solved")
            value=reason
            send_label=tr("重新办理", "Reopen")
            send_testid="reopen-appeal"
            pending=send.pending().into()
            failure
            on_send=Callback::new(move |()| {
                send.dispatch(AppealReopening {
                    reason: reason.get_untracked(),
                });
            })
        />
    }
}
