//! `/c/:code/poster`: the printable shop poster, A6 or A4, with the business code (个体码) and,
//! only when one is bound, the payment code beside it ("个体码 + 收款码" in one print).

use crate::codes::{Invalid, Loading, NetworkTrouble, use_profile};
use crate::poster_image::poster_png;
use getima_domain::api::{CodeProfile, endpoints};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::Bar;
use getima_ui::host::Host;
use getima_ui::prefs::{label, tr};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Paper {
    A6,
    A4,
}

impl Paper {
    fn name(self) -> &'static str {
        match self {
            Self::A6 => "A6",
            Self::A4 => "A4",
        }
    }

    /// The paper's width in CSS pixels (96 per inch).
    fn width_px(self) -> f64 {
        let mm = match self {
            Self::A6 => 105.0,
            Self::A4 => 210.0,
        };
        mm * 96.0 / 25.4
    }

    /// The zoom that shows the whole sheet, in proportion, across the screen: the preview is
    /// the print, only smaller. Printing resets it.
    fn preview_zoom(self) -> String {
        let screen = window().inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(390.0);
        let thousandths = (((screen - 24.0) / self.width_px()).min(1.0) * 1000.0).round() as u32;
        // Whole numbers: float formatting would add kilobytes to the scan's bundle.
        format!("{}.{:03}", thousandths / 1000, thousandths % 1000)
    }
}

#[component]
pub fn PosterPage(code: String) -> impl IntoView {
    let profile = use_profile(code);
    let paper = RwSignal::new(Paper::A6);
    view! {
        <main class="page">
            <Bar />
            // @page cannot be switched by a class, so the rule itself follows the choice.
            <style>{move || format!("@page {{ size: {} portrait; margin: 0; }}", paper.get().name())}</style>
            {move || match profile.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Ok(profile)) if profile.standing.posters() => {
                    view! { <Poster profile=profile paper=paper /> }.into_any()
                }
                Some(Ok(profile)) => view! { <NoPoster profile /> }.into_any(),
                Some(Err(Failure::Api(error))) => view! { <Invalid error=error /> }.into_any(),
                Some(Err(failure)) => view! { <NetworkTrouble failure retry=move || profile.refetch() /> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn Poster(profile: CodeProfile, paper: RwSignal<Paper>) -> impl IntoView {
    let web_view = Host::detect().is_web_view();
    let print = move |_| {
        let _ = window().print();
    };
    let paper_button = move |choice: Paper| {
        view! {
            <button aria-pressed=move || (paper.get() == choice).to_string() on:click=move |_| paper.set(choice)>
                {choice.name()}
            </button>
        }
    };
    let payment = profile.household.payment.clone();
    let two = payment.is_some();
    let make_image = {
        let profile = profile.clone();
        Action::new_local(move |_: &()| {
            let profile = profile.clone();
            async move { poster_png(&profile).await.ok() }
        })
    };
    view! {
        {move || {
            make_image
                .value()
                .get()
                .map(|made| match made {
                    Some(png) => {
                        view! {
                            <figure class="poster-image" data-testid="poster-image">
                                <img src=png alt=tr("店铺海报", "Shop poster") />
                                <figcaption role="status">
                                    {tr("长按图片，保存到手机相册", "Press and hold the image to save it to your photos")}
                                </figcaption>
                            </figure>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <p class="entry__error" role="alert">
                                {tr("海报图片没能生成，请再试一次。", "The poster image could not be made; try again.")}
                            </p>
                        }
                            .into_any()
                    }
                })
        }}
        <div class="poster-tools">
            {paper_button(Paper::A6)}
            {paper_button(Paper::A4)}
            {if web_view {
                // Web-views cannot print: the whole poster as an image to save instead.
                view! {
                    <button
                        on:click=move |_| {
                            make_image.dispatch(());
                        }
                        disabled=move || make_image.pending().get()
                        aria-busy=move || make_image.pending().get().to_string()
                        data-testid="save-poster"
                    >
                        {tr("保存海报图片", "Save the poster as an image")}
                    </button>
                }
                    .into_any()
            } else {
                view! { <button on:click=print data-testid="print">{tr("打印", "Print")}</button> }.into_any()
            }}
        </div>
        <div class="poster-scroll">
            <article
                class="poster"
                class:poster--a6=move || paper.get() == Paper::A6
                class:poster--a4=move || paper.get() == Paper::A4
                style:zoom=move || paper.get().preview_zoom()
                data-testid="poster"
            >
                <div class="poster__brand">"个体码 · GETIMA"</div>
                <h1 class="poster__name" data-testid="poster-name">{profile.household.name.clone()}</h1>
                <div class="poster__qrs" class:poster__qrs--two=two>
                    <figure class="poster__qr">
                        <img src=api::url_of(&endpoints::GetCodeQr { code: profile.code.clone() }) alt="个体码 QR" />
                        <figcaption class="poster__caption">"扫码核验 · Scan to verify"</figcaption>
                    </figure>
                    {payment.map(|p| view! {
                        <figure class="poster__qr">
                            <img src=api::url_of(&endpoints::GetPaymentQr { code: profile.code.clone() }) alt="收款码 QR" />
                            <figcaption class="poster__caption">{label(p.provider.label())}" · 收款码"</figcaption>
                        </figure>
                    })}
                </div>
                <p class="poster__hint">"扫码核验经营信息，付款请认准此码 · Scan to check this shop before you pay"</p>
                <p class="poster__short">
                    "个体码 "
                    <b class="mono" data-testid="poster-short-code">
                        {profile.short_code.clone()}
                    </b>
                </p>
                <p class="poster__caption">"没有相机？在个体码首页输入上面的码 · No camera? Type this code on Getima's home page"</p>
                <p class="poster__caption mono">{profile.household.uscc.clone()}</p>
            </article>
        </div>
    }
}

/// Posters are for businesses that trade; the others get a plain word why.
#[component]
fn NoPoster(profile: CodeProfile) -> impl IntoView {
    view! {
        <div class="weui-msg" data-testid="no-poster">
            <div class="weui-msg__text-area">
                <h2 class="weui-msg__title">{label(profile.standing.title())}</h2>
                <p class="weui-msg__desc">
                    {tr(
                        "该户目前不经营，不提供店铺海报。",
                        "This business is not trading, so it has no shop poster.",
                    )}
                </p>
            </div>
            <div class="actions">
                <a href=format!("/c/{}", profile.code) class="weui-btn weui-btn_default">
                    {tr("回到核验结果", "Back to the check")}
                </a>
            </div>
        </div>
    }
}
