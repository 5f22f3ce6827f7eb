//! `/stalls/lotteries/{id}`: a lottery in public, and its draw re-run on the phone from what is
//! published.

use getima_domain::api::{DrawCheck, Lottery, endpoints};
use getima_domain::stalls::count_of;
use getima_ui::api;
use getima_ui::chrome::{ErrorNote, Loading, Page};
use getima_ui::prefs::{either, label, tr};
use leptos::prelude::*;

#[component]
pub fn StallLotteryPage(lottery: String) -> impl IntoView {
    let Ok(lottery) = lottery.parse::<i64>() else {
        return view! { <getima_ui::chrome::NotFound /> }.into_any();
    };
    let found = LocalResource::new(move || async move { api::call(&endpoints::GetLottery { lottery }, &()).await });
    view! {
        <Page>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(lottery) => view! { <LotteryDetails lottery /> }.into_any(),
                        Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
    .into_any()
}

/// A lottery's entries, its draw and its winners.
#[component]
pub fn LotteryDetails(lottery: Lottery) -> impl IntoView {
    let checked = RwSignal::new(None::<DrawCheck>);
    let winner_stall = |entry: i64| lottery.winners.iter().find(|w| w.entry == entry).map(|w| w.stall_number.clone());
    let entries = lottery
        .entries
        .iter()
        .map(|e| {
            let group = e.target_group.map(|g| label(g.label()));
            let won = winner_stall(e.entry);
            let skipped = e.skipped.map(|reason| {
                view! {
                    <span class="shop__trade" data-testid="entry-skipped">
                        {tr("未给摊位：", "Passed over: ")}
                        {label(reason.label())}
                    </span>
                }
            });
            view! {
                <li class="task" data-testid="lottery-entry-row">
                    <div>
                        <span>"#" {e.entry} " " {e.applicant.clone()}</span>
                        <span>{either(format!("权重 {}", e.weight), format!("weight {}", e.weight))}</span>
                    </div>
                    {group.map(|g| view! { <span class="shop__trade">{g}</span> })}
                    {skipped}
                    {won
                        .map(|stall| {
                            view! {
                                <b class="form__ok">
                                    {either(format!("中签 {stall} 号摊位"), format!("Won stall {stall}"))}
                                </b>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    let drawn = lottery.seed.clone();
    let for_check = lottery.clone();
    view! {
        <section class="application" data-testid="lottery-details">
            <h2>{lottery.market_name.clone()} " · " {lottery.zone_name.clone()}</h2>
            <p class="shop__trade">{lottery.day.clone()} " " {lottery.starts.clone()} "–" {lottery.ends.clone()}</p>
            <p class="lottery__terms">
                {either(
                    format!(
                        "报名截止 {}，共 {} 个摊位，重点群体权重 {}。开奖时因暂停预约、超过预约上限或没有有效声明而不能得到摊位的报名，依次让给下一位。",
                        lottery.cutoff,
                        lottery.places,
                        lottery.priority_weight,
                    ),
                    format!(
                        "Applications close {}; {}; priority groups weigh {}. An entry that may not hold a stall at the draw (suspended, over a limit, or not declared) gives its place to the next.",
                        lottery.cutoff,
                        count_of(lottery.places, "stall", "stalls"),
                        lottery.priority_weight,
                    ),
                )}
            </p>
            <p class="form__label">
                {tr("开奖前公布的种子哈希（SHA-256）", "Seed hash published before the draw (SHA-256)")}
            </p>
            <p class="mono lottery__hex" data-testid="commitment">
                {lottery.commitment.clone()}
            </p>
            {match drawn {
                None => {
                    view! {
                        <p class="notice" data-testid="not-drawn">
                            {tr(
                                "尚未开奖。开奖时公布种子，任何人都能用它重算结果。",
                                "Not drawn yet. The draw reveals the seed, so anyone can re-run it.",
                            )}
                        </p>
                    }
                        .into_any()
                }
                Some(seed) => {
                    view! {
                        <p class="form__label">{tr("开奖种子", "Seed revealed by the draw")}</p>
                        <p class="mono lottery__hex" data-testid="seed">
                            {seed}
                        </p>
                        <button
                            type="button"
                            class="weui-btn weui-btn_primary"
                            data-testid="rerun-draw"
                            on:click=move |_| checked.set(Some(for_check.check()))
                        >
                            {tr("在本机重新摇号验证", "Re-run the draw on this phone")}
                        </button>
                        {move || checked.get().map(|found| view! { <RerunResult found /> })}
                    }
                        .into_any()
                }
            }}
        </section>
        <div class="weui-cells__title">
            {either(
                format!("报名名单（{} 人）", lottery.entries.len()),
                format!("Entries ({})", lottery.entries.len()),
            )}
        </div>
        <section class="application">
            {if lottery.entries.is_empty() {
                view! {
                    <p class="notice" data-testid="no-applicants">
                        {tr("还没有人报名。", "Nobody has applied yet.")}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="tasks" data-testid="lottery-entries">
                        {entries}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn RerunResult(found: DrawCheck) -> impl IntoView {
    let DrawCheck { seed_matches, winners_match } = found;
    let all_good = seed_matches && winners_match;
    view! {
        <div class="notice" class:notice--ok=all_good role="status" data-testid="rerun-result" data-confirmed=all_good.to_string()>
            <p data-testid="seed-check">
                {if seed_matches {
                    tr("✓ 种子与开奖前公布的哈希一致。", "✓ The seed matches the hash published before the draw.")
                } else {
                    tr("✕ 种子与公布的哈希不一致！", "✕ The seed does NOT match the published hash!")
                }}
            </p>
            <p data-testid="winners-check">
                {if winners_match {
                    tr("✓ 在本机重算的中签名单与公布的一致。", "✓ Re-run here, the draw gives the same winners.")
                } else {
                    tr("✕ 在本机重算的中签名单与公布的不一致！", "✕ Re-run here, the draw gives different winners!")
                }}
            </p>
        </div>
    }
}
