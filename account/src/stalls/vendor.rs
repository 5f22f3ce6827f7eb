//! Registering as a stall vendor, on "me": the form for those who are not one yet and, once
//! registered, a note where the form was saying so and where to go next. The stall pages link
//! to it as `/me#vendor`.

use getima_domain::api::{VendorRequest, endpoints};
use getima_ui::api::Failure;
use getima_ui::chrome::ErrorNote;
use getima_ui::forms::{BusyButton, Form, TextInput};
use getima_ui::prefs::tr;
use getima_ui::session::use_session;
use leptos::prelude::*;

#[component]
pub fn VendorForm(vendor: Signal<bool>) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let register = Action::new_local(move |body: &VendorRequest| {
        let body = body.clone();
        async move {
            let me = session.call(&endpoints::BecomeVendor {}, &body).await?;
            session.refresh_me(me);
            super::bring_into_view("vendor-registered");
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || register.value().get().and_then(Result::err));
    let registered = Signal::derive(move || register.value().get().is_some_and(|r| r.is_ok()));
    if window().location().hash().is_ok_and(|hash| hash == "#vendor") {
        super::bring_into_view("vendor-name");
    }
    view! {
        <Show when=move || registered.get()>
            <div
                class="notice notice--ok vendor-done"
                id="vendor-registered"
                tabindex="-1"
                role="status"
                data-testid="vendor-registered"
            >
                <p>
                    {tr(
                        "已登记为摊主，现在可以预约市场摊位了。",
                        "You are registered as a vendor: you can book market stalls now.",
                    )}
                </p>
                <a href="/stalls" class="weui-btn weui-btn_primary" data-testid="registered-to-stalls">
                    {tr("去预约摊位", "Book a stall")}
                </a>
                <a href="/me/stalls" class="weui-btn weui-btn_default">
                    {tr("我的摊位", "My stalls")}
                </a>
            </div>
        </Show>
        <Show when=move || !vendor.get() && !registered.get()>
            <div class="weui-cells__title" id="vendor">
                {tr("登记为摊主（自产自销等）", "Register as a stall vendor")}
            </div>
            <Form
                testid="vendor-form"
                on_submit=Callback::new(move |()| {
                    register
                        .dispatch(VendorRequest {
                            name: name.get_untracked(),
                            id_number: id_number.get_untracked(),
                        });
                })
            >
                <p class="form__hint">
                    {tr(
                        "登记后即可在市场预约摊位。姓名和身份证号只给市场管理员核对，不会公开。",
                        "Once registered you can book market stalls. Your name and ID number are for the market's manager to check and are never shown publicly.",
                    )}
                </p>
                <TextInput form="vendor-" field="name" label=tr("姓名", "Name") value=name failure max=30 />
                <TextInput
                    form="vendor-"
                    field="id_number"
                    id="vendor-id"
                    label=tr("身份证号", "ID number")
                    value=id_number
                    failure
                    max=18
                    class="mono"
                    autocomplete="off"
                />
                <BusyButton
                    pending=register.pending()
                    label=tr("登记", "Register")
                    testid="vendor-submit"
                    busy_label=("正在登记…", "Registering…")
                />
            </Form>
            <ErrorNote failure=failure beside=&["name", "id_number"] />
        </Show>
    }
}
