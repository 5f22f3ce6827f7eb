//! The producer declaration (自产自销声明) on a market's page, where its own-produce zone is:
//! what a vendor's declaration there says and where it stands, and the form to file one.

use getima_domain::accounts::Role;
use getima_domain::api::{Declaration, DeclarationRequest, endpoints};
use getima_domain::stalls::{DeclarationStatus, MAX_DECLARATION_CHARS};
use getima_ui::api::Failure;
use getima_ui::chrome::ErrorNote;
use getima_ui::forms::{Form, SubmitButton, TextInput, submission_key};
use getima_ui::prefs::{either, label, tr};
use getima_ui::session::use_session;
use leptos::prelude::*;

/// Where the signed-in vendor's producer declaration at a market stands: read once for the
/// page, by the declaration card and by the grid (which marks own-produce stalls as needing
/// one until it is approved).
#[derive(Clone, Copy)]
pub struct Standing {
    vendor: Memo<Option<bool>>,
    latest: LocalResource<Result<Option<Declaration>, Failure>>,
}

impl Standing {
    pub fn new(market: i64) -> Self {
        let session = use_session();
        let vendor = Memo::new(move |_| session.me().map(|me| me.has_any(&[Role::Vendor])));
        let latest = LocalResource::new(move || {
            // Read before the await, so the list is fetched again once the account is known.
            let vendor = vendor.get();
            async move {
                if vendor != Some(true) {
                    return Ok(None);
                }
                let list = session.call(&endpoints::ListMyDeclarations {}, &()).await?;
                // The newest one for this market says where the vendor stands.
                Ok::<_, Failure>(list.declarations.into_iter().find(|d| d.market == market))
            }
        });
        Self { vendor, latest }
    }

    /// Whether the viewer may book own-produce stalls here today: an approved declaration,
    /// still valid. `None` while it is not known yet.
    pub fn approved(self) -> Option<bool> {
        match self.vendor.get() {
            Some(true) => {
                let latest = self.latest.get()?.ok()?;
                let today = getima_ui::china::today().to_string();
                Some(latest.is_some_and(|d| d.in_force(&today)))
            }
            _ => Some(false),
        }
    }
}

/// The declaration card, where the own-produce zone is: where the vendor's declaration stands,
/// and the form to file one.
#[component]
pub fn ProducerDeclaration(market: i64, standing: Standing) -> impl IntoView {
    let Standing { vendor, latest: mine } = standing;
    let filed = Callback::new(move |()| mine.refetch());
    view! {
        <section
            class="stall-confirm declaration-card"
            id="declaration"
            tabindex="-1"
            data-testid="declaration"
            aria-labelledby="declaration-title"
        >
            <h3 id="declaration-title" class="market-zone">
                {tr("自产自销声明", "Own-produce declaration")}
            </h3>
            {move || match (vendor.get(), mine.get()) {
                (Some(true), Some(Ok(latest))) => view! { <DeclarationState latest market filed /> }.into_any(),
                (Some(true), Some(Err(failure))) => {
                    view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any()
                }
                (Some(true), None) => ().into_any(),
                _ => {
                    view! {
                        <p class="form__hint">
                            {tr(
                                "自产自销区只给自己种、自己做的摊主。登录并登记为摊主后，在这里提交声明，市场审核通过即可预约。",
                                "The own-produce zone is for those who grow or make what they sell. Sign in as a vendor to declare it here; book once the market approves.",
                            )}
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Where the vendor's latest declaration here stands; the form when there is none or it was
/// refused.
#[component]
fn DeclarationState(latest: Option<Declaration>, market: i64, filed: Callback<()>) -> impl IntoView {
    let Some(latest) = latest else {
        return view! { <DeclarationForm market filed /> }.into_any();
    };
    let what = format!("{} · {}", latest.produce, latest.origin);
    match latest.status {
        DeclarationStatus::Approved => {
            let until = latest.valid_until.unwrap_or_default();
            view! {
                <p class="form__ok" data-testid="declaration-approved">
                    {either(format!("已通过，有效期至 {until}："), format!("Approved, valid until {until}: "))}
                    {what}
                </p>
            }
            .into_any()
        }
        DeclarationStatus::Pending => view! {
            <p class="notice" role="status" data-testid="declaration-pending">
                {tr("已提交，等待市场审核：", "Sent; waiting for the market to review it: ")}
                {what}
            </p>
        }
        .into_any(),
        DeclarationStatus::Rejected => view! {
            <p class="notice" data-testid="declaration-rejected">
                {label(latest.status.label())}
                {tr("：", ": ")}
                {latest.reason.unwrap_or_default()}
            </p>
            <DeclarationForm market filed />
        }
        .into_any(),
    }
}

#[component]
fn DeclarationForm(market: i64, filed: Callback<()>) -> impl IntoView {
    let session = use_session();
    let (produce, origin) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    // One key per form: sending again after a lost answer files it once.
    let key = StoredValue::new(submission_key());
    let declare = Action::new_local(move |request: &DeclarationRequest| {
        let request = request.clone();
        async move {
            let declaration = session.call(&endpoints::DeclareProducer {}, &request).await?;
            filed.run(());
            Ok::<Declaration, Failure>(declaration)
        }
    });
    let failure = Signal::derive(move || declare.value().get().and_then(Result::err));
    view! {
        <Form
            testid="declaration-form"
            on_submit=Callback::new(move |()| {
                declare
                    .dispatch(DeclarationRequest {
                        idempotency_key: key.get_value(),
                        market,
                        produce: produce.get_untracked(),
                        origin: origin.get_untracked(),
                    });
            })
        >
            <p class="form__hint">
                {tr(
                    "写明您自己种或自己做的产品和产地，市场管理员核实后通过，有效一年。",
                    "Say what you grow or make and where; the market's manager checks and approves it, for a year.",
                )}
            </p>
            <TextInput
                form="declare-"
                field="produce"
                label=tr("产品（如：杨梅、瓯柑）", "What (e.g. bayberries, oranges)")
                value=produce
                failure
                max=MAX_DECLARATION_CHARS
            />
            <TextInput
                form="declare-"
                field="origin"
                label=tr("产地（村、农场或作坊）", "Where (village, farm or workshop)")
                value=origin
                failure
                max=MAX_DECLARATION_CHARS
            />
            <SubmitButton
                pending=declare.pending()
                label=tr("提交声明", "Send the declaration")
                testid="declaration-submit"
            />
            <ErrorNote failure beside=&["produce", "origin"] />
        </Form>
    }
}
