//! `/desk/calendar`: the working-day calendar admins keep, a year at a time: its holidays
//! and make-up working days, whether the official arrangement is loaded, and editing both.

use getima_domain::accounts::Role;
use getima_domain::api::{ArrangementChange, CalendarDayChange, CalendarYear, endpoints};
use getima_domain::calendar::parse_date;
use getima_domain::calendar::workdays::DayKind;
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{ErrorNote, Loading, Page, RoleGate};
use getima_ui::forms::{BusyButton, FieldNote, Form, TextInput, invalid, problem};
use getima_ui::prefs::tr;
use getima_ui::session::use_session;
use leptos::prelude::*;

/// The years the calendar keeps.
const FIRST_YEAR: i32 = 2000;
const LAST_YEAR: i32 = 2100;

/// The current year in China.
fn this_year() -> i32 {
    getima_ui::china::today().year()
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    view! {
        <Page>
            <RoleGate roles=&[Role::Admin] needs=("平台管理员", "an admin")>
                <Calendar />
            </RoleGate>
        </Page>
    }
}

#[component]
fn Calendar() -> impl IntoView {
    let session = use_session();
    let year = RwSignal::new(this_year());
    let shown = RwSignal::new(None::<CalendarYear>);
    let load = LocalResource::new(move || {
        let year = year.get();
        async move { api::call(&endpoints::GetCalendarYear { year }, &()).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(calendar)) = load.get() {
            shown.set(Some(calendar));
        }
    });
    let date = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(Some(DayKind::Holiday));
    let source = RwSignal::new(String::new());
    let set_day = Action::new_local(move |(date, change): &(String, CalendarDayChange)| {
        let (date, change) = (date.clone(), change.clone());
        async move {
            let Some(date) = parse_date(&date) else {
                return Err(problem("date", "请选择日期", "Choose a date"));
            };
            let calendar = session.call(&endpoints::SetCalendarDay { date }, &change).await?;
            // Show the year of the day just saved.
            year.set(calendar.year);
            shown.set(Some(calendar));
            Ok(())
        }
    });
    let set_arranged = Action::new_local(move |change: &ArrangementChange| {
        let change = change.clone();
        let year = year.get_untracked();
        async move {
            let calendar = session.call(&endpoints::SetArrangement { year }, &change).await?;
            shown.set(Some(calendar));
            Ok::<(), Failure>(())
        }
    });
    let day_failure = Signal::derive(move || set_day.value().get().and_then(Result::err));
    let arrangement_failure = Signal::derive(move || set_arranged.value().get().and_then(Result::err));
    let load_failure = Signal::derive(move || load.get().and_then(Result::err));
    let kind_label = |kind: DayKind| match kind {
        DayKind::Holiday => tr("放假", "Day off"),
        DayKind::Workday => tr("调休上班", "Make-up working day"),
    };
    view! {
        <div class="poster-tools">
            <button
                on:click=move |_| year.update(|y| *y = (*y - 1).max(FIRST_YEAR))
                disabled=move || year.get() <= FIRST_YEAR
                aria-label=tr("上一年", "Previous year")
            >
                "‹"
            </button>
            <b data-testid="calendar-year">{move || year.get()}</b>
            <button on:click=move |_| year.update(|y| *y = (*y + 1).min(LAST_YEAR)) disabled=move || year.get()>
                = LAST_YEAR
                aria-label=tr("下一年", "Next year")
                >
                "›"
            </button>
        </div>
        <ErrorNote failure=load_failure />
        <Show when=move || load.get().is_none()>
            <Loading />
        </Show>
        {move || {
            shown
                .get()
                .filter(|c| c.year == year.get())
                .map(|calendar| {
                    let arranged = calendar.arranged;
                    view! {
                        {if arranged {
                            view! {
                                <p class="notice notice--ok" data-testid="arranged">
                                    {tr(
                                        "已载入当年节假日安排：",
                                        "This year's official arrangement is loaded: ",
                                    )}
                                    {calendar.source.clone().unwrap_or_default()}
                                </p>
                                <div class="actions">
                                    <button
                                        class="weui-btn weui-btn_default"
                                        disabled=move || set_arranged.pending().get()
                                        on:click=move |_| {
                                            set_arranged
                                                .dispatch(ArrangementChange {
                                                    arranged: false,
                                                    source: String::new(),
                                                });
                                        }
                                    >
                                        {tr("取消“已载入”标记", "Unmark the arrangement as loaded")}
                                    </button>
                                </div>
                            }
                                .into_any()
                        } else {
                            view! {
                                <p class="notice" data-testid="not-arranged">
                                    {tr(
                                        "尚未载入当年的节假日安排：目前只按周末计算休息日，法定时限可能算早。",
                                        "No official arrangement is loaded for this year: only weekends count as days off, so deadlines may come out early.",
                                    )}
                                </p>
                            }
                                .into_any()
                        }}
                        <p class="form__hint cal-summary">
                            {tr("全年工作日：", "Working days this year: ")} {calendar.working_days}
                        </p>
                        <div class="weui-cells" data-testid="calendar-days">
                            {calendar
                                .days
                                .into_iter()
                                .map(|day| {
                                    view! {
                                        <div class="weui-cell">
                                            <div class="weui-cell__bd">
                                                <span class="mono">{day.date}</span>
                                                " "
                                                {day.name}
                                            </div>
                                            <div class="weui-cell__ft">{kind_label(day.kind)}</div>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                })
        }}
        <Form
            testid="calendar-day-form"
            on_submit=Callback::new(move |()| {
                set_day
                    .dispatch((
                        date.get_untracked(),
                        CalendarDayChange {
                            kind: kind.get_untracked(),
                            name: name.get_untracked(),
                        },
                    ));
            })
        >
            <TextInput form="day-" field="date" label=tr("日期", "Date") value=date failure=day_failure kind="date" />
            <label class="form__label" for="day-kind">
                {tr("类型", "Kind")}
            </label>
            <select
                id="day-kind"
                aria-invalid=invalid(day_failure, "kind")
                aria-describedby="day-kind-error"
                on:change=move |ev| kind.set(DayKind::parse(&event_target_value(&ev)))
            >
                <option value="holiday">{tr("放假", "Day off")}</option>
                <option value="workday">{tr("调休上班", "Make-up working day")}</option>
                <option value="ordinary">{tr("恢复为普通日", "Ordinary day again")}</option>
            </select>
            <FieldNote failure=day_failure field="kind" form="day-" />
            <TextInput form="day-" field="name" label=tr("名称", "Name") value=name failure=day_failure max=40 />
            <BusyButton
                pending=set_day.pending()
                label=tr("保存这一天", "Save this day")
                busy_label=("保存这一天", "Save this day")
            />
            <ErrorNote failure=day_failure beside=&["date", "kind", "name"] />
        </Form>
        <Form on_submit=Callback::new(move |()| {
            set_arranged
                .dispatch(ArrangementChange {
                    arranged: true,
                    source: source.get_untracked(),
                });
        })>
            <TextInput
                form="arrangement-"
                field="source"
                label=tr("当年安排的出处", "Where this year's arrangement comes from")
                value=source
                failure=arrangement_failure
                max=200
            />
            <BusyButton
                pending=set_arranged.pending()
                label=tr("标记为已载入当年安排", "Mark the year's arrangement as loaded")
                busy_label=("标记为已载入当年安排", "Mark the year's arrangement as loaded")
                class="weui-btn weui-btn_default"
            />
            <ErrorNote failure=arrangement_failure beside=&["source"] />
        </Form>
    }
}
