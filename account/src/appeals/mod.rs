//! Appeals (诉求) on the owner's phone: `/me/households/{uscc}/appeal` raises a problem about a
//! business (what it is about says who answers and how fast), `/me/appeals` lists mine, each
//! with its deadlines by name, the answer, the latest message, and a rating that closes it or a
//! reason that reopens it, and `/me/appeals/{id}` shows one with its whole thread.

use getima_domain::api::{
    ApiError, Appeal, AppealRating, AppealReopening, AppealRequest, CreditCode, Location, MyAppeals, endpoints,
};
use getima_domain::appeals::{AppealEvent, AppealStatus, MAX_APPEAL_CHARS, MAX_REPLY_CHARS};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{ErrorNote, Loading, NotFound, Page, SignedIn, SignedInPage};
use getima_ui::forms::{BusyButton, FieldNote, FoldedTextForm, Form, SubmitButton, TextArea, submission_key};
use getima_ui::kit::rating::{RatingForm, RatingWords};
use getima_ui::links::go;
use getima_ui::lists::StatusBadge;
use getima_ui::location::here;
use getima_ui::photos::{AppealPhotos, UploadsPending, track_uploads};
use getima_ui::prefs::{either, label, named, tr};
use getima_ui::session::use_session;
use getima_ui::thread::{AppealSteps, AppealText, MessageForm, Promise, Thread, Writer};
use leptos::prelude::*;

#[component]
pub fn HouseholdAppealPage(uscc: String) -> impl IntoView {
    view! {
        <SignedInPage>
            <AppealForm uscc=uscc.clone() />
        </SignedInPage>
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
            ApiError::unless_invalid(request.check().problems).map_err(Failure::Api)?;
            let filed = session.call(&endpoints::FileAppeal { uscc }, &request).await?;
            go(&format!("/me/appeals#appeal-{}", filed.id));
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    view! {
        <Form
            testid="appeal-form"
            on_submit=Callback::new(move |()| {
                send.dispatch(AppealRequest {
                    idempotency_key: key.get_value(),
                    category: category.get_untracked(),
                    text: text.get_untracked(),
                    location: location.get_untracked(),
                });
            })
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
                                        let (claim_days, reply_days) = (c.claim_days, c.reply_days);
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
                                                    <span class="shop__trade">{named(c.department)}</span>
                                                    <span class="shop__trade" data-testid="appeal-promise">
                                                        <Promise claim_days reply_days />
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
        </Form>
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
                <BusyButton
                    pending=finding
                    label=tr("附上我现在的位置（可选）", "Add where I am now (optional)")
                    busy_label=("正在定位…", "Finding where you are…")
                    class="weui-btn weui-btn_default"
                    kind="button"
                    testid="add-location"
                    on_press=Callback::new(move |()| {
                        find.dispatch(());
                    })
                />
                {refusal}
            }
            .into_any()
        }
    }
}

#[component]
pub fn MyAppealsPage() -> impl IntoView {
    view! {
        <Page>
            <SignedIn>
                <Appeals />
            </SignedIn>
            <div class="shop__actions appeal__links">
                <a class="link" href="/register/stats" data-testid="to-appeal-stats">
                    {tr("各部门诉求办理情况", "How each department handles appeals")}
                </a>
            </div>
        </Page>
    }
}

#[component]
fn Appeals() -> impl IntoView {
    let session = use_session();
    let list = LocalResource::new(move || async move { session.call(&endpoints::ListMyAppeals {}, &()).await });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => my_appeals(list),
                    Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// My appeals as cards, or the note that there are none.
pub fn my_appeals(list: MyAppeals) -> AnyView {
    if list.appeals.is_empty() {
        return view! {
            <p class="notice" data-testid="no-appeals">
                {tr(
                    "还没有提过诉求。在“我的”页面的店铺下可以提诉求。",
                    "No appeals yet. Raise one under your business on your page.",
                )}
            </p>
        }
        .into_any();
    }
    list.appeals.into_iter().map(|appeal| view! { <AppealCard appeal /> }).collect_view().into_any()
}

/// `/me/appeals/{id}`: one appeal with its whole thread, where the inbox and texts lead.
#[component]
pub fn MyAppealPage(appeal: String) -> impl IntoView {
    view! {
        <Page>
            <SignedIn>
                <OneAppeal appeal=appeal.clone() />
            </SignedIn>
            <div class="shop__actions appeal__links">
                <a class="link" href="/me/appeals" data-testid="to-my-appeals">
                    {tr("我的全部诉求", "All my appeals")}
                </a>
            </div>
        </Page>
    }
}

#[component]
fn OneAppeal(appeal: String) -> impl IntoView {
    let session = use_session();
    let id = appeal.parse::<i64>().ok();
    let loaded = LocalResource::new(move || async move {
        match id {
            Some(appeal) => Some(session.call(&endpoints::GetMyAppeal { appeal }, &()).await),
            None => None,
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded.await {
                    Some(Ok(appeal)) => view! { <AppealCard appeal whole=true /> }.into_any(),
                    Some(Err(failure)) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                    None => view! { <NotFound /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One appeal of mine: where it is, its deadlines by name, the answer, my rating and comment
/// once closed, and the steps open to me now. Each step changes this card in place, where the
/// owner is, from what the server answers. In a list its thread is folded; `whole` on its own
/// page.
#[component]
pub fn AppealCard(appeal: Appeal, #[prop(optional)] whole: bool) -> impl IntoView {
    let id = appeal.id;
    let state = RwSignal::new(appeal);
    let changed = Callback::new(move |now: Appeal| state.set(now));
    let status = Memo::new(move |_| state.with(|a| a.status));
    view! {
        <section
            class="application"
            id=format!("appeal-{id}")
            data-testid="appeal"
            data-status=move || status.get().as_str()
        >
            {move || {
                let Appeal {
                    receipt,
                    category,
                    shop_name,
                    department,
                    status,
                    text,
                    deadlines,
                    score,
                    can_reopen,
                    timeline,
                    photos,
                    ..
                } = state.get();
                let answer = timeline.iter().rev().find(|s| s.event == AppealEvent::Replied).map(|s| s.note.clone());
                let comment = (status == AppealStatus::Closed)
                    .then(|| timeline.iter().rev().find(|s| s.event == AppealEvent::Closed).map(|s| s.note.clone()))
                    .flatten()
                    .filter(|note| !note.is_empty());
                let title = label(category.label());
                // What the owner wrote when closing it stays with the rating.
                view! {
                    <h2>
                        {if whole {
                            title().into_any()
                        } else {
                            view! {
                                <a class="appeal__open" href=format!("/me/appeals/{id}") data-testid="open-appeal">
                                    {title}
                                </a>
                            }
                                .into_any()
                        }}
                    </h2>
                    <p class="shop__trade">
                        {shop_name} " · " {tr("受理编号 ", "Receipt ")} <span class="mono">{receipt}</span>
                    </p>
                    <p>
                        <StatusBadge kind=status.as_str() label=status.label() />
                        " "
                        {named(department)}
                    </p>
                    <AppealText text photos deadlines />
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
                                <div class="rated">
                                    <p class="form__ok" data-testid="rated">
                                        {tr("您的评价：", "Your rating: ")}
                                        <span role="img" aria-label=move || format!("{score}{}", tr(" 分", " of 5")())>
                                            {"★".repeat(usize::from(score))}
                                        </span>
                                    </p>
                                    {comment
                                        .map(|comment| {
                                            view! {
                                                <p class="appeal__text">
                                                    {tr("您的留言：", "You added: ")}
                                                    <span data-testid="rating-comment">{comment}</span>
                                                </p>
                                            }
                                        })}
                                </div>
                            }
                        })}
                    <Thread steps=timeline.clone() open=whole />
                    {(status != AppealStatus::Closed)
                        .then(|| {
                            view! {
                                <MessageForm
                                    appeal=id
                                    writer=Writer::Owner
                                    label=("给办理部门留言", "Message the department")
                                    on_sent=changed
                                />
                            }
                        })}
                    {(status == AppealStatus::Replied).then(|| view! { <Confirm appeal=id changed /> })}
                    {can_reopen.then(|| view! { <Reopen appeal=id changed /> })}
                    <details class="timeline">
                        <summary>{tr("办理记录", "Timeline")}</summary>
                        <AppealSteps steps=timeline />
                    </details>
                }
            }}
        </section>
    }
}

/// `failure` without what it says about `field` once `fixed` holds (the person has since put
/// that field right); a refusal about nothing else goes with it.
fn until_fixed(
    failure: Signal<Option<Failure>>,
    field: &'static str,
    fixed: impl Fn() -> bool + Send + Sync + 'static,
) -> Signal<Option<Failure>> {
    Signal::derive(move || match failure.get()? {
        Failure::Api(mut error) if fixed() && error.fields.iter().any(|f| f.field == field) => {
            error.fields.retain(|f| f.field != field);
            (!error.fields.is_empty()).then_some(Failure::Api(error))
        }
        other => Some(other),
    })
}

/// Satisfied: the owner rates the answer (1–5), which closes the appeal. A rating with no star
/// is caught on the phone; its message goes once a star is chosen.
#[component]
fn Confirm(appeal: i64, changed: Callback<Appeal>) -> impl IntoView {
    let session = use_session();
    let score = RwSignal::new(0u8);
    let comment = RwSignal::new(String::new());
    let send = Action::new_local(move |body: &AppealRating| {
        let body = body.clone();
        async move {
            body.checked().map_err(|problems| Failure::Api(ApiError::invalid_fields(problems)))?;
            let closed = session.call(&endpoints::RateAppeal { appeal }, &body).await?;
            changed.run(closed);
            Ok::<(), Failure>(())
        }
    });
    let failure =
        until_fixed(Signal::derive(move || send.value().get().and_then(Result::err)), "score", move || score.get() > 0);
    let on_submit = Callback::new(move |()| {
        send.dispatch(AppealRating { score: score.get_untracked(), comment: comment.get_untracked() });
    });
    let words = RatingWords {
        testid: "appeal-rating",
        legend: ("满意请评价并确认办结", "Rate the answer to close it"),
        comment_max: MAX_REPLY_CHARS,
        send: ("确认办结", "Close it"),
        send_testid: "confirm-appeal",
        beside: &["score", "comment"],
    };
    view! {
        <RatingForm
            words
            form=format!("appeal-rating-{appeal}-")
            stars=format!("appeal-score-{appeal}")
            score
            comment
            failure
            pending=send.pending()
            on_submit
            described=true
        />
    }
}

/// Not satisfied: the owner says why, and the one who answered must answer again.
#[component]
fn Reopen(appeal: i64, changed: Callback<Appeal>) -> impl IntoView {
    let session = use_session();
    let send = move |reason: String| async move {
        let reopened = session.call(&endpoints::ReopenAppeal { appeal }, &AppealReopening { reason }).await?;
        changed.run(reopened);
        Ok::<(), Failure>(())
    };
    view! {
        <FoldedTextForm
            testid="appeal-reopen"
            summary=Signal::derive(move || tr("不满意，重新办理", "Not satisfied: reopen")().to_string())
            form=format!("appeal-reopen-{appeal}-")
            field=&["reason"]
            label=tr("哪里还没有解决", "What is still not solved")
            send_label=tr("重新办理", "Reopen")
            send_testid="reopen-appeal"
            send
        />
    }
}
