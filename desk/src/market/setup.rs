//! The market's slower work, folded under the grid: adding stalls, opening sessions over a run
//! of days, each zone's rules, the day's lotteries (open, draw), producer declarations where
//! the market has an own-produce zone, and the fees CSV.

use super::batch::AddStalls;
use super::choices::Choices;
use super::declarations::Declarations;
use getima_domain::api::{
    ApiError, FeesQuery, FieldError, Lottery, LotteryRequest, MarketOccupancy, SessionPlan, SessionsCreated, Zone,
    endpoints,
};
use getima_domain::stalls::{AllocationMode, FeePayment, TargetGroup, ZoneKind, ZoneRules};
use getima_ui::api::Failure;
use getima_ui::chrome::ErrorNote;
use getima_ui::forms::{BusyButton, FieldNote, Form, SelectField, SubmitButton, TextInput, invalid};
use getima_ui::prefs::{Lang, label, tr, use_prefs};
use getima_ui::session::use_session;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsValue;
use leptos::web_sys::js_sys::Array;
use leptos::web_sys::{Blob, BlobPropertyBag, Url};

#[component]
pub fn Setup(
    market: i64,
    day: RwSignal<String>,
    data: Memo<Option<MarketOccupancy>>,
    zones: Memo<Vec<Zone>>,
    refresh: Callback<()>,
) -> impl IntoView {
    let own_produce = move || zones.get().iter().any(|z| z.kind == ZoneKind::SelfProduced);
    view! {
        <details class="catalogue" data-testid="add-stalls">
            <summary>{tr("添加摊位", "Add stalls")}</summary>
            <AddStalls market zones refresh />
        </details>
        <details class="catalogue" data-testid="open-sessions">
            <summary>{tr("开设场次", "Open sessions")}</summary>
            <SessionsForm market day refresh />
        </details>
        <details class="catalogue" data-testid="zone-rules">
            <summary>{tr("各区规则", "Zone rules")}</summary>
            // Keyed by zone: a saved rule refreshes the day without resetting the forms.
            <For each=move || zones.get() key=|zone| zone.id let:zone>
                <RulesForm market zone refresh />
            </For>
        </details>
        <details class="catalogue" data-testid="lotteries">
            <summary>{tr("当天的摇号", "Lotteries of the day")}</summary>
            <Lotteries market data zones refresh />
        </details>
        <Show when=own_produce>
            <details class="catalogue" data-testid="declarations">
                <summary>{tr("自产自销声明审核", "Producer declarations")}</summary>
                <Declarations market />
            </details>
        </Show>
        <details class="catalogue" data-testid="fees">
            <summary>{tr("摊位费用表（CSV）", "Fees (CSV)")}</summary>
            <FeesDownload market day />
        </details>
    }
}

const WEEKDAYS: [(u8, &str, &str); 7] = [
    (1, "一", "Mon"),
    (2, "二", "Tue"),
    (3, "三", "Wed"),
    (4, "四", "Thu"),
    (5, "五", "Fri"),
    (6, "六", "Sat"),
    (7, "日", "Sun"),
];

#[component]
fn SessionsForm(market: i64, day: RwSignal<String>, refresh: Callback<()>) -> impl IntoView {
    let session = use_session();
    let (from, to) = (RwSignal::new(day.get_untracked()), RwSignal::new(day.get_untracked()));
    let (starts, ends) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let weekdays = RwSignal::new(Vec::<u8>::new());
    let open = Action::new_local(move |plan: &SessionPlan| {
        let plan = plan.clone();
        async move {
            let created = session.call(&endpoints::OpenSessions { market }, &plan).await?;
            refresh.run(());
            Ok::<SessionsCreated, Failure>(created)
        }
    });
    let failure = Signal::derive(move || open.value().get().and_then(Result::err));
    let done = Signal::derive(move || open.value().get().and_then(Result::ok));
    let lang = use_prefs().lang;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut days = weekdays.get_untracked();
        days.sort_unstable();
        open.dispatch(SessionPlan {
            from: from.get_untracked(),
            to: to.get_untracked(),
            weekdays: days,
            starts: starts.get_untracked(),
            ends: ends.get_untracked(),
        });
    };
    let field = move |field: &'static str, (zh, en): (&'static str, &'static str), kind: &'static str, value| {
        view! { <TextInput form="plan-" field label=tr(zh, en) value failure max=10 kind /> }
    };
    view! {
        <form class="form" on:submit=submit data-testid="sessions-form">
            {field("from", ("从", "From"), "date", from)}
            {field("to", ("到", "To"), "date", to)}
            <fieldset class="weekdays" aria-describedby="plan-weekdays-error">
                <legend class="form__label">{tr("每周哪几天", "Weekdays")}</legend>
                {WEEKDAYS
                    .iter()
                    .map(|&(n, zh, en)| {
                        view! {
                            <label class="weekday">
                                <input
                                    type="checkbox"
                                    data-testid=format!("plan-weekday-{n}")
                                    prop:checked=move || weekdays.get().contains(&n)
                                    on:change=move |_| {
                                        weekdays
                                            .update(|w| if w.contains(&n) { w.retain(|d| *d != n) } else { w.push(n) })
                                    }
                                />
                                {move || if lang.get() == Lang::En { en } else { zh }}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <FieldNote failure field="weekdays" form="plan-" />
            {field("starts", ("开市时间", "Opens at"), "time", starts)}
            {field("ends", ("收市时间", "Closes at"), "time", ends)}
            <SubmitButton pending=open.pending() label=tr("开设场次", "Open sessions") testid="plan-submit" />
            <ErrorNote failure beside=&["from", "to", "weekdays", "starts", "ends"] />
            {move || {
                done.get()
                    .map(|done| {
                        let (created, existing) = (done.created.join("、"), done.existing.join("、"));
                        view! {
                            <div class="form__ok" role="status" data-testid="sessions-created">
                                <p>
                                    {tr("新开设：", "Opened: ")}
                                    {if created.is_empty() { "—".into() } else { created }}
                                </p>
                                <p>
                                    {tr("已有场次（未改动）：", "Already there (left as they were): ")}
                                    {if existing.is_empty() { "—".into() } else { existing }}
                                </p>
                            </div>
                        }
                    })
            }}
        </form>
    }
}

/// The rules' fields, each with what it means.
const RULES: [(&str, &str, &str); 9] = [
    ("window_days", "提前几天开放预约（0 为当天）", "Days ahead a session opens (0: on the day)"),
    ("book_until_hours", "开市前几小时停止预约（0 为开市时）", "Hours before opening booking closes (0: at opening)"),
    ("per_session", "每人每场限约摊位数", "Stalls one person may hold in a session"),
    ("per_week", "每人每周限约场次", "Sessions one person may hold in a week"),
    ("cancel_hours", "开市前几小时起不能取消", "Hours before opening after which no cancelling"),
    ("check_in_grace_minutes", "收市后几分钟内仍可签到", "Minutes after closing a vendor may still check in"),
    ("no_show_limit", "未到场几次暂停预约", "No-shows that suspend a vendor"),
    ("no_show_days", "未到场统计天数", "Days over which no-shows count"),
    ("suspension_days", "暂停预约天数", "Days a vendor is suspended"),
];

fn rule_values(rules: &ZoneRules) -> [u32; 9] {
    [
        rules.window_days,
        rules.book_until_hours,
        rules.per_session,
        rules.per_week,
        rules.cancel_hours,
        rules.check_in_grace_minutes,
        rules.no_show_limit,
        rules.no_show_days,
        rules.suspension_days,
    ]
}

/// The typed rules, or every field that is not a whole number or out of its range.
fn read_rules(
    typed: &[String],
    fee_waived_for: Vec<TargetGroup>,
    fee_payment: FeePayment,
) -> Result<ZoneRules, Failure> {
    let mut numbers = [0u32; 9];
    let mut problems: Vec<FieldError> = Vec::new();
    for (i, ((field, _, _), text)) in RULES.iter().zip(typed).enumerate() {
        match text.trim().parse() {
            Ok(n) => numbers[i] = n,
            Err(_) => problems.push(FieldError::new(*field, "请填写整数", "Type a whole number")),
        }
    }
    let [
        window_days,
        book_until_hours,
        per_session,
        per_week,
        cancel_hours,
        check_in_grace_minutes,
        no_show_limit,
        no_show_days,
        suspension_days,
    ] = numbers;
    let rules = ZoneRules {
        window_days,
        per_session,
        per_week,
        cancel_hours,
        no_show_limit,
        no_show_days,
        suspension_days,
        fee_waived_for,
        book_until_hours,
        check_in_grace_minutes,
        fee_payment,
    };
    // A field that is not a number is named once, for that.
    let unread: Vec<String> = problems.iter().map(|p| p.field.clone()).collect();
    problems.extend(rules.problems().into_iter().filter(|p| !unread.contains(&p.field)));
    if problems.is_empty() { Ok(rules) } else { Err(Failure::Api(ApiError::invalid_fields(problems))) }
}

#[component]
fn RulesForm(market: i64, zone: Zone, refresh: Callback<()>) -> impl IntoView {
    let session = use_session();
    let values = rule_values(&zone.rules).map(|n| RwSignal::new(n.to_string()));
    let waived = RwSignal::new(zone.rules.fee_waived_for.clone());
    let payment = RwSignal::new(zone.rules.fee_payment);
    let zone_id = zone.id;
    let save = Action::new_local(move |(typed, waived, payment): &(Vec<String>, Vec<TargetGroup>, FeePayment)| {
        let rules = read_rules(typed, waived.clone(), *payment);
        async move {
            session.call(&endpoints::SetZoneRules { market, zone: zone_id }, &rules?).await?;
            // The walk-in form offers the groups the zone now waives.
            refresh.run(());
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = Signal::derive(move || save.value().get().is_some_and(|r| r.is_ok()));
    let form = format!("zone-{zone_id}-");
    let name = zone.name.clone();
    let fields = RULES
        .iter()
        .zip(values)
        .map(|(&(field, zh, en), value)| {
            view! { <TextInput form=form.clone() field label=tr(zh, en) value failure max=3 kind="number" /> }
        })
        .collect_view();
    view! {
        <form
            class="form"
            data-testid="rules-form"
            data-zone=name
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch((
                    values.iter().map(|v| v.get_untracked()).collect(),
                    waived.get_untracked(),
                    payment.get_untracked(),
                ));
            }
        >
            <h3 class="market-zone">{zone.name}</h3>
            {fields}
            <label class="form__label" for=format!("zone-{zone_id}-fee_payment")>
                {tr(
                    "摊位费怎么收（签到时向管理员缴纳）",
                    "How fees are paid (to the manager at check-in)",
                )}
            </label>
            <select
                id=format!("zone-{zone_id}-fee_payment")
                class="stall-select"
                data-testid=format!("zone-{zone_id}-fee_payment")
                on:change=move |ev| {
                    if let Some(picked) = FeePayment::parse(&event_target_value(&ev)) {
                        payment.set(picked);
                    }
                }
            >
                {FeePayment::ALL
                    .iter()
                    .map(|&way| {
                        view! {
                            <option value=way.as_str() selected=move || payment.get() == way>
                                {label(way.label())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <Choices
                form=format!("zone-{zone_id}-waived-")
                legend=tr(
                    "免摊位费的群体（签到时核验证明）",
                    "Groups whose fee is waived (proof checked at the market)",
                )
                picked=waived
            />
            <SubmitButton pending=save.pending() label=tr("保存规则", "Save the rules") testid="rules-submit" />
            <ErrorNote failure beside=&RULES_FIELDS />
            <Show when=move || saved.get()>
                <p class="form__ok" role="status" data-testid="rules-saved">
                    {tr("已保存。", "Saved.")}
                </p>
            </Show>
        </form>
    }
}

const RULES_FIELDS: [&str; 9] =
    [RULES[0].0, RULES[1].0, RULES[2].0, RULES[3].0, RULES[4].0, RULES[5].0, RULES[6].0, RULES[7].0, RULES[8].0];

#[component]
fn Lotteries(
    market: i64,
    data: Memo<Option<MarketOccupancy>>,
    zones: Memo<Vec<Zone>>,
    refresh: Callback<()>,
) -> impl IntoView {
    let zone_name = move |id: i64| zones.get().into_iter().find(|z| z.id == id).map(|z| z.name).unwrap_or_default();
    view! {
        <div class="weui-cells" data-testid="lottery-list">
            {move || {
                let day = data.get()?;
                let starts = |session: i64| {
                    day.sessions.iter().find(|s| s.id == session).map(|s| s.starts.clone()).unwrap_or_default()
                };
                if day.lotteries.is_empty() {
                    return Some(
                        view! {
                            <div class="weui-cell">
                                <div class="weui-cell__bd">{tr("这一天没有摇号", "No lotteries this day")}</div>
                            </div>
                        }
                            .into_any(),
                    );
                }
                Some(
                    day
                        .lotteries
                        .iter()
                        .map(|lottery| {
                            view! {
                                <LotteryRow
                                    market
                                    lottery=lottery.id
                                    title=format!("{} · {}", zone_name(lottery.zone), starts(lottery.session))
                                    cutoff=lottery.cutoff.clone()
                                    drawn=lottery.drawn
                                    refresh
                                />
                            }
                        })
                        .collect_view()
                        .into_any(),
                )
            }}
        </div>
        <OpenLottery market data zones refresh />
    }
}

#[component]
fn LotteryRow(
    market: i64,
    lottery: i64,
    title: String,
    cutoff: String,
    drawn: bool,
    refresh: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let draw = Action::new_local(move |(): &()| async move {
        let drawn = session.call(&endpoints::DrawLottery { market, lottery }, &()).await?;
        refresh.run(());
        Ok::<Lottery, Failure>(drawn)
    });
    let failure = Signal::derive(move || draw.value().get().and_then(Result::err));
    let closed = getima_ui::china::this_minute() >= cutoff;
    view! {
        <div class="weui-cell lottery-row" data-testid="lottery" data-lottery=lottery>
            <div class="weui-cell__bd">
                <div>{title}</div>
                <div class="form__hint">{tr("截止 ", "Closes ")}{cutoff}</div>
                <a class="link" href=format!("/stalls/lotteries/{lottery}")>
                    {tr("公开页面（可核验）", "Public page (anyone can check it)")}
                </a>
                {if drawn {
                    view! {
                        <p class="form__ok" data-testid="lottery-drawn">
                            {tr("已开奖", "Drawn")}
                        </p>
                    }
                        .into_any()
                } else if closed {
                    view! {
                        <BusyButton
                            pending=draw.pending()
                            label=tr("开奖", "Draw")
                            busy_label=("正在开奖…", "Drawing…")
                            kind="button"
                            testid="lottery-draw"
                            on_press=Callback::new(move |()| {
                                draw.dispatch(());
                            })
                        />
                    }
                        .into_any()
                } else {
                    view! {
                        <p class="form__hint">{tr("截止后才能开奖", "It can be drawn after the cutoff")}</p>
                    }
                        .into_any()
                }}
                <ErrorNote failure />
            </div>
        </div>
    }
}

#[component]
fn OpenLottery(
    market: i64,
    data: Memo<Option<MarketOccupancy>>,
    zones: Memo<Vec<Zone>>,
    refresh: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let (zone, session_id) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (cutoff, weight) = (RwSignal::new(String::new()), RwSignal::new("2".to_string()));
    let open = Action::new_local(move |(): &()| {
        let (zone, session_id, cutoff, weight) =
            (zone.get_untracked(), session_id.get_untracked(), cutoff.get_untracked(), weight.get_untracked());
        async move {
            let mut problems = Vec::new();
            let zone =
                zone.parse().map_err(|_| problems.push(FieldError::new("zone", "请选择摇号区", "Choose the zone")));
            let picked = session_id
                .parse()
                .map_err(|_| problems.push(FieldError::new("session", "请选择场次", "Choose the session")));
            if cutoff.is_empty() {
                problems.push(FieldError::new("cutoff", "请填写报名截止时间", "Choose when applications close"));
            }
            let (Ok(zone), Ok(picked), true) = (zone, picked, problems.is_empty()) else {
                return Err(Failure::Api(ApiError::invalid_fields(problems)));
            };
            // The picker gives `YYYY-MM-DDTHH:MM`; cutoffs are written with a space.
            let body = LotteryRequest {
                zone,
                session: picked,
                cutoff: cutoff.replacen('T', " ", 1),
                priority_weight: weight.parse().unwrap_or(1),
            };
            let opened = session.call(&endpoints::OpenLottery { market }, &body).await?;
            // The day's list of lotteries shows the new one.
            refresh.run(());
            Ok::<Lottery, Failure>(opened)
        }
    });
    let failure = Signal::derive(move || open.value().get().and_then(Result::err));
    let opened = Signal::derive(move || open.value().get().and_then(Result::ok));
    let lottery_zones =
        move || zones.get().into_iter().filter(|z| z.mode == AllocationMode::Lottery).collect::<Vec<_>>();
    view! {
        <Form
            testid="open-lottery"
            on_submit=Callback::new(move |()| {
                open.dispatch(());
            })
        >
            <h3 class="market-zone">{tr("开设摇号", "Open a lottery")}</h3>
            <SelectField form="lottery-" field="zone" label=tr("摇号区", "Zone") value=zone failure>
                <option value="">{tr("请选择", "Choose")}</option>
                {move || {
                    lottery_zones()
                        .into_iter()
                        .map(|z| view! { <option value=z.id.to_string()>{z.name}</option> })
                        .collect_view()
                }}
            </SelectField>
            <SelectField form="lottery-" field="session" label=tr("场次", "Session") value=session_id failure>
                <option value="">{tr("请选择", "Choose")}</option>
                {move || {
                    data.get()
                        .map(|d| {
                            d.sessions
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <option value=s
                                            .id
                                            .to_string()>{format!("{} {}–{}", d.date, s.starts, s.ends)}</option>
                                    }
                                })
                                .collect_view()
                        })
                }}
            </SelectField>
            <TextInput
                form="lottery-"
                field="cutoff"
                label=tr("报名截止", "Applications close")
                value=cutoff
                failure
                max=16
                kind="datetime-local"
            />
            <label class="form__label" for="lottery-weight">
                {tr(
                    "重点群体的签数（1 为不优先，最多 5）",
                    "Tickets of a priority-group applicant (1: no priority, at most 5)",
                )}
            </label>
            <select
                id="lottery-weight"
                aria-invalid=invalid(failure, "priority_weight")
                aria-describedby="lottery-priority_weight-error"
                on:change=move |ev| weight.set(event_target_value(&ev))
            >
                {(1..=5)
                    .map(|n| {
                        view! {
                            <option value=n.to_string() selected=move || weight.get() == n.to_string()>
                                {n}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldNote failure field="priority_weight" form="lottery-" />
            <SubmitButton pending=open.pending() label=tr("开设摇号", "Open the lottery") testid="lottery-submit" />
            <ErrorNote failure beside=&["zone", "session", "cutoff", "priority_weight"] />
            {move || {
                opened
                    .get()
                    .map(|lottery| {
                        view! {
                            <div class="form__ok" role="status" data-testid="lottery-opened">
                                <p>
                                    {tr(
                                        "已开设并公布种子的哈希：",
                                        "Opened; the seed's hash is published: ",
                                    )}
                                </p>
                                <p class="lottery-hash">{lottery.commitment}</p>
                                <a class="link" href=format!("/stalls/lotteries/{}", lottery.id)>
                                    {tr("查看公开页面", "See its public page")}
                                </a>
                            </div>
                        }
                    })
            }}
        </Form>
    }
}

/// The fees CSV: fetched with the manager's token (a plain link cannot send it), then offered
/// as a file saved from the phone.
#[component]
fn FeesDownload(market: i64, day: RwSignal<String>) -> impl IntoView {
    let session = use_session();
    let (from, to) = (RwSignal::new(day.get_untracked()), RwSignal::new(day.get_untracked()));
    let file = StoredValue::new_local(None::<String>);
    let revoke = move || {
        if let Some(Some(url)) = file.try_get_value() {
            let _ = Url::revoke_object_url(&url);
        }
    };
    on_cleanup(revoke);
    let fetch = Action::new_local(move |query: &FeesQuery| {
        let query = query.clone();
        async move {
            let csv = session.call(&endpoints::GetMarketFeesCsv { market }, &query).await?;
            let bag = BlobPropertyBag::new();
            bag.set_type("text/csv;charset=utf-8");
            let parts = Array::of1(&JsValue::from_str(&csv));
            let blob = Blob::new_with_str_sequence_and_options(&parts, &bag).map_err(|_| Failure::Decode)?;
            let url = Url::create_object_url_with_blob(&blob).map_err(|_| Failure::Decode)?;
            revoke();
            file.set_value(Some(url.clone()));
            Ok::<(String, String), Failure>((url, format!("fees-{market}-{}-{}.csv", query.from, query.to)))
        }
    });
    let failure = Signal::derive(move || fetch.value().get().and_then(Result::err));
    let ready = Signal::derive(move || fetch.value().get().and_then(Result::ok));
    view! {
        <Form
            testid="fees-form"
            on_submit=Callback::new(move |()| {
                fetch
                    .dispatch(FeesQuery {
                        from: from.get_untracked(),
                        to: to.get_untracked(),
                    });
            })
        >
            <TextInput form="fees-" field="from" label=tr("从", "From") value=from failure max=10 kind="date" />
            <TextInput form="fees-" field="to" label=tr("到", "To") value=to failure max=10 kind="date" />
            <SubmitButton
                pending=fetch.pending()
                label=tr("生成费用表", "Make the fees file")
                testid="fees-submit"
            />
            <ErrorNote failure beside=&["from", "to"] />
            {move || {
                ready
                    .get()
                    .map(|(url, name)| {
                        view! {
                            <a class="weui-btn weui-btn_default" href=url download=name data-testid="fees-download">
                                {tr("下载费用表（CSV）", "Download the fees (CSV)")}
                            </a>
                        }
                    })
            }}
        </Form>
    }
}
