//! Numbered stalls added to a zone at once (e.g. D01 to D20, 4 m², ¥25 a session, with power),
//! checked on the phone as the server checks them, every bad field named beside it.

use super::choices::Choices;
use getima_domain::api::{ApiError, FieldError, StallBatch, StallsAdded, Zone, endpoints};
use getima_domain::stalls::{Amenity, STALL_SIZE_M2};
use getima_ui::api::Failure;
use getima_ui::chrome::ErrorNote;
use getima_ui::forms::{SelectField, SubmitButton, TextInput};
use getima_ui::prefs::tr;
use getima_ui::session::use_session;
use leptos::prelude::*;

const FIELDS: [&str; 6] = ["zone", "prefix", "first", "count", "size_m2", "fee_fen"];

/// What was typed, as text, before it is read.
#[derive(Clone)]
struct Typed {
    zone: String,
    prefix: String,
    first: String,
    count: String,
    size_m2: String,
    fee_yuan: String,
    amenities: Vec<Amenity>,
}

/// The zone and batch typed, or every field that is not a number or breaks a rule.
fn read(typed: &Typed) -> Result<(i64, StallBatch), Failure> {
    let mut problems = Vec::new();
    let mut whole = |field: &str, text: &str| {
        text.trim()
            .parse::<u32>()
            .map_err(|_| problems.push(FieldError::new(field, "请填写整数", "Type a whole number")))
    };
    let (first, count) = (whole("first", &typed.first), whole("count", &typed.count));
    let size_m2 = typed.size_m2.trim().parse::<f64>().map_err(|_| {
        let (smallest, largest) = STALL_SIZE_M2;
        problems.push(FieldError::new(
            "size_m2",
            format!("请填写面积，{smallest} 到 {largest} 平方米"),
            format!("Type the size, {smallest} to {largest} m²"),
        ))
    });
    let fee_fen = getima_domain::stalls::fen_of(&typed.fee_yuan).ok_or_else(|| {
        problems.push(FieldError::new("fee_fen", "请填写金额，如 25 或 25.50", "Type an amount, e.g. 25 or 25.50"))
    });
    let zone =
        typed.zone.parse::<i64>().map_err(|_| problems.push(FieldError::new("zone", "请选择区域", "Choose the zone")));
    // What could not be read is named once, for that; the rest are checked as the server does.
    let unread: Vec<String> = problems.iter().map(|p| p.field.clone()).collect();
    let batch = StallBatch {
        prefix: typed.prefix.trim().to_uppercase(),
        first: first.unwrap_or(1),
        count: count.unwrap_or(1),
        size_m2: size_m2.unwrap_or(STALL_SIZE_M2.0),
        fee_fen: fee_fen.unwrap_or(0),
        amenities: typed.amenities.clone(),
    };
    if let Err(broken) = batch.numbers() {
        problems.extend(broken.into_iter().filter(|p| !unread.contains(&p.field)));
    }
    match zone {
        Ok(zone) if problems.is_empty() => Ok((zone, batch)),
        _ => Err(Failure::Api(ApiError::invalid_fields(problems))),
    }
}

#[component]
pub fn AddStalls(market: i64, zones: Memo<Vec<Zone>>, refresh: Callback<()>) -> impl IntoView {
    let session = use_session();
    let zone = RwSignal::new(String::new());
    let (prefix, first, count) =
        (RwSignal::new(String::new()), RwSignal::new("1".to_string()), RwSignal::new(String::new()));
    let (size_m2, fee_yuan) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let amenities = RwSignal::new(Vec::<Amenity>::new());
    let add = Action::new_local(move |typed: &Typed| {
        let read = read(typed);
        async move {
            let (zone, batch) = read?;
            let added = session.call(&endpoints::AddStalls { market, zone }, &batch).await?;
            refresh.run(());
            Ok::<StallsAdded, Failure>(added)
        }
    });
    let failure = Signal::derive(move || add.value().get().and_then(Result::err));
    let done = Signal::derive(move || add.value().get().and_then(Result::ok));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add.dispatch(Typed {
            zone: zone.get_untracked(),
            prefix: prefix.get_untracked(),
            first: first.get_untracked(),
            count: count.get_untracked(),
            size_m2: size_m2.get_untracked(),
            fee_yuan: fee_yuan.get_untracked(),
            amenities: amenities.get_untracked(),
        });
    };
    let form = || "stalls-".to_string();
    view! {
        // Checked here, field by field: the browser's own bubbles would name one at a time.
        <form class="form" data-testid="add-stalls-form" novalidate on:submit=submit>
            <SelectField form="stalls-" field="zone" label=tr("区域", "Zone") value=zone failure testid="stalls-zone">
                <option value="">{tr("请选择", "Choose")}</option>
                {move || {
                    zones
                        .get()
                        .into_iter()
                        .map(|z| view! { <option value=z.id.to_string()>{z.name}</option> })
                        .collect_view()
                }}
            </SelectField>
            <TextInput
                form=form()
                field="prefix"
                label=tr("编号前缀（1 到 3 个字母，如 D）", "Number prefix (1 to 3 letters, e.g. D)")
                value=prefix
                failure
                max=3
            />
            <TextInput
                form=form()
                field="first"
                label=tr("起始编号", "First number")
                value=first
                failure
                max=3
                kind="number"
            />
            <TextInput
                form=form()
                field="count"
                label=tr("添加几个", "How many")
                value=count
                failure
                max=3
                kind="number"
            />
            <TextInput
                form=form()
                field="size_m2"
                label=tr("面积（平方米）", "Size (m²)")
                value=size_m2
                failure
                max=5
                inputmode="decimal"
            />
            <TextInput
                form=form()
                field="fee_fen"
                label=tr("每场摊位费（元，0 为免费）", "Fee a session (yuan, 0: free)")
                value=fee_yuan
                failure
                max=7
                inputmode="decimal"
            />
            <Choices form="stalls-amenity-".to_string() legend=tr("设施", "Amenities") picked=amenities />
            <SubmitButton pending=add.pending() label=tr("添加摊位", "Add the stalls") testid="stalls-submit" />
            <ErrorNote failure beside=&FIELDS />
            {move || {
                done.get()
                    .map(|done| {
                        let (added, existing) = (done.added.join("、"), done.existing.join("、"));
                        view! {
                            <div class="form__ok" role="status" data-testid="stalls-added">
                                <p>
                                    {tr("已添加：", "Added: ")}
                                    {if added.is_empty() { "—".into() } else { added }}
                                </p>
                                <p>
                                    {tr("已有（未改动）：", "Already there (left as they were): ")}
                                    {if existing.is_empty() { "—".into() } else { existing }}
                                </p>
                            </div>
                        }
                    })
            }}
        </form>
    }
}
