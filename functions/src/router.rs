//! The dispatch table: one line per endpoint, each naming its area's handler. Everything
//! else about an endpoint (method, path, access, status, input and output) is in
//! `getima_domain::api::endpoints`; the compiler makes sure every endpoint has a line.

use crate::context::{Incoming, run};
use crate::http::Failure;
use crate::{
    accounts, admin, appeal_stats, appeals, applications, assignment, calendar, catalogue, changes, codes, demo,
    drafts, inspections, markets, notices, open311, owners, photos, ratings, registration, service, sign_in, sms,
    stalls,
};
use getima_domain::api::{ApiError, Endpoint, ErrorKind, OPEN311_PREFIX, Route};
use getima_domain::pages::prefers_english;
use worker::{Env, Request, Response};

pub async fn serve(req: Request, env: Env) -> Response {
    // Open311 clients expect that specification's error list, in the language they ask for.
    let open311 = req.path().starts_with(OPEN311_PREFIX);
    let english = prefers_english(&req.headers().get("accept-language").ok().flatten().unwrap_or_default());
    let answer =
        |failure: Failure| if open311 { failure.into_open311_response(english) } else { failure.into_response() };
    let (endpoint, params) = match Endpoint::route(req.method().as_ref(), &req.path()) {
        Route::Found(endpoint, params) => (endpoint, params),
        Route::MethodNotAllowed(allowed) => return answer(Failure::method_not_allowed(&allowed)),
        Route::NotFound => return answer(ApiError::new(ErrorKind::NotFound).into()),
    };
    let incoming = Incoming { req, env, endpoint, params };
    let outcome = match endpoint {
        Endpoint::GetHealth => run(incoming, service::health).await,
        Endpoint::GetOpenApi => run(incoming, service::openapi).await,
        Endpoint::ListDepartments => run(incoming, service::departments).await,
        Endpoint::LookupCode => run(incoming, codes::find).await,
        Endpoint::GetCodeProfile => run(incoming, codes::profile).await,
        Endpoint::GetCodeQr => run(incoming, codes::qr).await,
        Endpoint::GetPaymentQr => run(incoming, codes::payment_qr).await,
        Endpoint::ListDemoCodes => run(incoming, demo::codes).await,
        Endpoint::ReissueCode => run(incoming, admin::reissue_code).await,
        Endpoint::RevokeCode => run(incoming, admin::revoke_code).await,
        Endpoint::SetHouseholdStatus => run(incoming, admin::set_household_status).await,
        Endpoint::RequestOtp => run(incoming, sign_in::request_otp).await,
        Endpoint::SignIn => run(incoming, sign_in::with_phone).await,
        Endpoint::WechatSignIn => run(incoming, sign_in::with_wechat).await,
        Endpoint::Refresh => run(incoming, sign_in::refresh).await,
        Endpoint::SignOut => run(incoming, accounts::sign_out).await,
        Endpoint::GetMe => run(incoming, accounts::me).await,
        Endpoint::BecomeVendor => run(incoming, accounts::become_vendor).await,
        Endpoint::ReadDevInbox => run(incoming, sms::inbox).await,
        Endpoint::ListMyHouseholds => run(incoming, owners::mine).await,
        Endpoint::ClaimHousehold => run(incoming, owners::claim).await,
        Endpoint::GetMyHousehold => run(incoming, owners::private).await,
        Endpoint::ListCodeInspections => run(incoming, inspections::history).await,
        Endpoint::RecordInspection => run(incoming, inspections::record).await,
        Endpoint::GetMarket => run(incoming, markets::view).await,
        Endpoint::GetMarketDay => run(incoming, stalls::day).await,
        Endpoint::BookStall => run(incoming, stalls::book).await,
        Endpoint::ListMyStallBookings => run(incoming, stalls::mine).await,
        Endpoint::CancelStallBooking => run(incoming, stalls::cancel).await,
        Endpoint::GetCalendarYear => run(incoming, calendar::year).await,
        Endpoint::SetCalendarDay => run(incoming, calendar::set_day).await,
        Endpoint::SetArrangement => run(incoming, calendar::set_arrangement).await,
        Endpoint::ListMyNotices => run(incoming, notices::mine).await,
        Endpoint::MarkNoticesRead => run(incoming, notices::read).await,
        Endpoint::ListBundles => run(incoming, registration::bundles).await,
        Endpoint::GetBundle => run(incoming, registration::bundle).await,
        Endpoint::GetRegistrationChoices => run(incoming, registration::choices).await,
        Endpoint::CheckName => run(incoming, registration::check).await,
        Endpoint::SearchAddresses => run(incoming, registration::addresses).await,
        Endpoint::GetDraft => run(incoming, drafts::get).await,
        Endpoint::SaveDraft => run(incoming, drafts::save).await,
        Endpoint::ListDraftPhotos => run(incoming, photos::list).await,
        Endpoint::UploadDraftPhoto => run(incoming, photos::upload).await,
        Endpoint::UploadCorrectionPhoto => run(incoming, photos::upload_correction).await,
        Endpoint::RemovePhoto => run(incoming, photos::remove).await,
        Endpoint::GetPhoto => run(incoming, photos::get).await,
        Endpoint::SubmitApplication => run(incoming, applications::submit).await,
        Endpoint::FileHouseholdApplication => run(incoming, changes::file).await,
        Endpoint::ListMyApplications => run(incoming, applications::mine).await,
        Endpoint::RateApplication => run(incoming, ratings::rate).await,
        Endpoint::GetRegistrationStats => run(incoming, ratings::stats).await,
        Endpoint::ListRectifications => run(incoming, ratings::rectifications).await,
        Endpoint::CloseRectification => run(incoming, ratings::close).await,
        Endpoint::ResubmitApplication => run(incoming, applications::resubmit).await,
        Endpoint::WithdrawApplication => run(incoming, applications::withdraw).await,
        Endpoint::ListAppealCategories => run(incoming, appeals::categories).await,
        Endpoint::GetAppealStats => run(incoming, appeal_stats::stats).await,
        Endpoint::GetAppealStatsCsv => run(incoming, appeal_stats::csv).await,
        Endpoint::UploadAppealPhoto => run(incoming, photos::upload_for_appeal).await,
        Endpoint::FileAppeal => run(incoming, appeals::file).await,
        Endpoint::ReferAppeal => run(incoming, appeals::refer).await,
        Endpoint::SetAppealRoute => run(incoming, appeals::set_route).await,
        Endpoint::ListMyAppeals => run(incoming, appeals::mine).await,
        Endpoint::RateAppeal => run(incoming, appeals::rate).await,
        Endpoint::ReopenAppeal => run(incoming, appeals::reopen).await,
        Endpoint::ListDepartmentAppeals => run(incoming, appeals::queue).await,
        Endpoint::ClaimAppeal => run(incoming, appeals::claim).await,
        Endpoint::ReplyToAppeal => run(incoming, appeals::reply).await,
        Endpoint::TransferAppeal => run(incoming, appeals::transfer).await,
        Endpoint::AssignAppeal => run(incoming, appeals::assign).await,
        Endpoint::WriteToMyAppeal => run(incoming, appeals::write_as_owner).await,
        Endpoint::WriteToAppeal => run(incoming, appeals::write_as_staff).await,
        Endpoint::AskForAppealHelp => run(incoming, appeals::ask_for_help).await,
        Endpoint::ListAppealsToHelp => run(incoming, appeals::to_help).await,
        Endpoint::ListRegistrationTasks => run(incoming, applications::queue).await,
        Endpoint::ClaimRegistrationTask => run(incoming, assignment::claim).await,
        Endpoint::ReleaseRegistrationTask => run(incoming, assignment::release).await,
        Endpoint::AssignRegistrationTask => run(incoming, assignment::assign).await,
        Endpoint::ListTaskKinds => run(incoming, catalogue::task_kinds).await,
        Endpoint::SetBundle => run(incoming, catalogue::set_bundle).await,
        Endpoint::SetTaskKind => run(incoming, catalogue::set_task_kind).await,
        Endpoint::ListColleagues => run(incoming, assignment::colleagues).await,
        Endpoint::DecideRegistrationTask => run(incoming, applications::decide).await,
        Endpoint::CreatePerson => run(incoming, admin::create_person).await,
        Endpoint::SetPersonDisabled => run(incoming, admin::set_person_disabled).await,
        Endpoint::ReadAudit => run(incoming, admin::audit_log).await,
        Endpoint::GetOpen311Discovery => run(incoming, open311::discovery).await,
        Endpoint::ListOpen311Services => run(incoming, open311::services).await,
        Endpoint::GetOpen311Service => run(incoming, open311::service).await,
        Endpoint::ListOpen311Requests => run(incoming, open311::requests).await,
        Endpoint::CreateOpen311Request => run(incoming, open311::create).await,
        Endpoint::GetOpen311Request => run(incoming, open311::request).await,
    };
    outcome.unwrap_or_else(answer)
}
