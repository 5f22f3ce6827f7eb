//! Every endpoint, declared once. A row gives its name, method, path with typed parameters,
//! input (the JSON body, or for GET the query), success status, output format and type,
//! access rule and a one-line summary. From it come routing, the central access check, the
//! success status, the OpenAPI paths and the app's typed calls (`endpoints::GetMe {}`).
//!
//! Every access rule below fits on one screen: review them here.

use super::*;
use crate::calendar::Date;
use crate::stalls::ZoneRules;

macro_rules! endpoints {
    ($(
        $area:ident {
            $(
                $name:ident : $method:ident $path:literal { $($param:ident : $ptype:ty),* }
                $input:ty => $status:literal $format:ident $output:ty, $access:expr, $summary:literal;
            )+
        }
    )+) => {
        /// Every endpoint the Worker serves under `/api` and `/open311`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Endpoint { $($($name,)+)+ }

        impl Endpoint {
            pub const ALL: &'static [Endpoint] = &[$($(Endpoint::$name,)+)+];

            pub fn spec(self) -> &'static Spec {
                match self { $($(Endpoint::$name => &<$name as Api>::SPEC,)+)+ }
            }
        }

        $($(
            #[doc = $summary]
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct $name { $(pub $param: $ptype,)* }

            impl Api for $name {
                type Input = $input;
                type Output = $output;
                const ENDPOINT: Endpoint = Endpoint::$name;
                const SPEC: Spec = Spec {
                    area: stringify!($area),
                    method: Method::$method,
                    path: $path,
                    params: &[$(stringify!($param)),*],
                    access: $access,
                    status: $status,
                    format: Format::$format,
                    summary: $summary,
                };

                #[allow(unused_variables)]
                fn from_params(params: &PathParams) -> Result<Self, ApiError> {
                    Ok(Self { $($param: params.parse(stringify!($param))?,)* })
                }

                fn param_values(&self) -> Vec<(&'static str, String)> {
                    vec![$((stringify!($param), PathParam::to_param(&self.$param)),)*]
                }
            }
        )+)+

        /// Describes every endpoint into an OpenAPI document.
        #[cfg(feature = "openapi")]
        pub(crate) fn describe(doc: &mut super::openapi::Builder) {
            $($( doc.operation::<$name>(&[$((stringify!($param), <$ptype as PathParam>::schema())),*]); )+)+
        }
    };
}

const SIGNED_IN: Access = Access::SignedIn;
const PUBLIC: Access = Access::Public;
const DEV: Access = Access::DevelopmentOnly;
const MANAGER: Access = Access::MarketManager("market");

endpoints! {
    service {
        GetHealth: Get "/api/health" {} () => 200 Json HealthStatus, PUBLIC, "Whether the Worker and its database answer";
        GetOpenApi: Get "/api/openapi.json" {} () => 200 Json serde_json::Value, PUBLIC, "This API, as an OpenAPI 3.1 document";
        ListDepartments: Get "/api/departments" {} () => 200 Json Departments, PUBLIC, "The departments staff work in";
    }
    codes {
        LookupCode: Get "/api/codes/lookup" {}
            LookupQuery => 200 Json CodeRef, PUBLIC, "Find a business code by its short code or a credit code";
        GetCodeProfile: Get "/api/codes/{code}" { code: String }
            () => 200 Json CodeProfile, PUBLIC, "Verify a business code and show its public profile";
        GetCodeQr: Get "/api/codes/{code}/qr.svg" { code: String }
            () => 200 Svg Svg, PUBLIC, "The QR image of a business code";
        GetPaymentQr: Get "/api/codes/{code}/payment-qr.svg" { code: String }
            () => 200 Svg Svg, PUBLIC, "The payment QR a trading business bound to its code";
        ListDemoCodes: Get "/api/demo/codes" {} () => 200 Json DemoCodes, DEV, "One demo code per state (development only)";
        ReissueCode: Post "/api/admin/codes/{id}/reissue" { id: CodeId }
            ReissueRequest => 200 Json CodeState, ADMIN, "Re-issue a code: every older print stops verifying";
        RevokeCode: Post "/api/admin/codes/{id}/revoke" { id: CodeId }
            RevokeRequest => 200 Json CodeState, ADMIN, "Revoke a code";
        SetHouseholdStatus: Put "/api/admin/households/{uscc}/status" { uscc: CreditCode }
            StatusChange => 200 Json HouseholdStatusState, ADMIN, "Change a business's registration status";
    }
    accounts {
        RequestOtp: Post "/api/auth/otp" {} OtpRequest => 202 Json OtpSent, PUBLIC, "Text a one-time sign-in code";
        SignIn: Post "/api/auth/sign-in" {} SignInRequest => 200 Json SessionTokens, PUBLIC, "Sign in with phone and code";
        WechatSignIn: Post "/api/auth/wechat" {}
            WechatSignInRequest => 200 Json SessionTokens, PUBLIC, "Sign in inside the WeChat mini-program";
        Refresh: Post "/api/auth/refresh" {} RefreshRequest => 200 Json SessionTokens, PUBLIC, "Swap a refresh token for new tokens";
        SignOut: Post "/api/auth/sign-out" {} () => 204 Empty (), SIGNED_IN, "End this session";
        GetMe: Get "/api/me" {} () => 200 Json Me, SIGNED_IN, "The signed-in person and their roles";
        BecomeVendor: Post "/api/me/vendor" {} VendorRequest => 200 Json Me, SIGNED_IN, "Register as a stall vendor";
        ReadDevInbox: Get "/api/dev/inbox" {}
            DevInboxQuery => 200 Json DevInbox, DEV, "Texts the server sent, newest first, perhaps to one phone (development only)";
    }
    owners {
        ListMyHouseholds: Get "/api/me/households" {} () => 200 Json MyHouseholds, SIGNED_IN, "The businesses I own";
        ClaimHousehold: Post "/api/me/households/claim" {}
            ClaimRequest => 200 Json OwnedHousehold, SIGNED_IN, "Claim a business as its registered operator";
        GetMyHousehold: Get "/api/me/households/{uscc}" { uscc: CreditCode }
            () => 200 Json PrivateHousehold, Access::HouseholdOwner("uscc"), "My business, unmasked";
    }
    inspections {
        ListCodeInspections: Get "/api/codes/{code}/inspections" { code: String }
            () => 200 Json Inspections, Access::AnyRole(INSPECTORS), "A business's inspection history";
        RecordInspection: Post "/api/departments/{dept}/inspections" { dept: String }
            InspectionRequest => 201 Json Inspection, Access::DepartmentMember("dept"), "Record an on-site inspection";
    }
    markets {
        GetMarket: Get "/api/markets/{market}" { market: i64 }
            () => 200 Json MarketView, Access::MarketManager("market"), "A market, for its managers";
        GetOccupancy: Get "/api/markets/{market}/occupancy/{date}" { market: i64, date: Date }
            () => 200 Json MarketOccupancy, MANAGER, "Every stall of every session of a day, with its booking, for the market's managers";
        GetMarketFeesCsv: Get "/api/markets/{market}/fees.csv" { market: i64 }
            FeesQuery => 200 Csv String, MANAGER, "Occupancy and fees per session and zone over a run of days, as CSV";
        CheckIn: Post "/api/markets/{market}/check-ins" { market: i64 }
            CheckInRequest => 200 Json ManagedBooking, MANAGER, "Check a vendor in by the booking QR or the stall's code they scanned";
        BookWalkIn: Post "/api/markets/{market}/stall-bookings" { market: i64 }
            WalkInRequest => 201 Json ManagedBooking, MANAGER, "Give a free stall to a vendor who walked in, checked in at once";
        MarkNoShow: Post "/api/markets/{market}/stall-bookings/{booking}/no-show" { market: i64, booking: i64 }
            () => 200 Json ManagedBooking, MANAGER, "Mark a booking's vendor absent once the session started, freeing the stall for walk-ins";
        OpenSessions: Post "/api/markets/{market}/sessions" { market: i64 }
            SessionPlan => 201 Json SessionsCreated, MANAGER, "Open sessions on chosen weekdays between two dates";
        SetZoneRules: Put "/api/markets/{market}/zones/{zone}/rules" { market: i64, zone: i64 }
            ZoneRules => 200 Json Zone, MANAGER, "Set a zone's booking rules, fee waivers included";
        AddStalls: Post "/api/markets/{market}/zones/{zone}/stalls" { market: i64, zone: i64 }
            StallBatch => 201 Json StallsAdded, MANAGER, "Add numbered stalls to a zone at once, keeping numbers it has";
        ListMarketDeclarations: Get "/api/markets/{market}/producer-declarations" { market: i64 }
            () => 200 Json MarketDeclarations, MANAGER, "Producer declarations for the market's own-produce zones, those waiting first";
        DecideDeclaration: Post "/api/markets/{market}/producer-declarations/{declaration}/decision" { market: i64, declaration: i64 }
            DeclarationDecision => 200 Json ManagedDeclaration, MANAGER, "Approve a producer declaration, or refuse it saying why";
        OpenLottery: Post "/api/markets/{market}/lotteries" { market: i64 }
            LotteryRequest => 201 Json Lottery, MANAGER, "Open a lottery for a session of a lottery zone, publishing its seed's hash";
        DrawLottery: Post "/api/markets/{market}/lotteries/{lottery}/draw" { market: i64, lottery: i64 }
            () => 200 Json Lottery, MANAGER, "Run a lottery's draw after its cutoff, revealing the seed and booking the winners";
    }
    stalls {
        ListStallMarkets: Get "/api/stall-markets" {} () => 200 Json StallMarkets, PUBLIC, "The markets with stalls to book";
        GetMarketDay: Get "/api/stall-markets/{market}/days/{date}" { market: i64, date: Date }
            () => 200 Json MarketDay, PUBLIC, "A market's zones and sessions on a day, each stall free or taken";
        BookStall: Post "/api/me/stall-bookings" {}
            StallBookingRequest => 201 Json StallBooking, Access::AnyRole(&[Role::Vendor]), "Book a stall for a session, first come first served";
        ListMyStallBookings: Get "/api/me/stall-bookings" {}
            () => 200 Json MyStallBookings, SIGNED_IN, "My stall bookings, soonest session first";
        CancelStallBooking: Delete "/api/me/stall-bookings/{booking}" { booking: i64 }
            () => 200 Json StallBooking, SIGNED_IN, "Cancel my booking, before the zone's cancellation deadline";
        GetBookingPass: Get "/api/me/stall-bookings/{booking}/pass.svg" { booking: i64 }
            () => 200 Svg Svg, SIGNED_IN, "My booking's QR pass, shown at the market to be checked in";
        GetStallQr: Get "/api/stall-markets/{market}/stalls/{stall}/qr.svg" { market: i64, stall: i64 }
            () => 200 Svg Svg, PUBLIC, "A stall's printable QR code: a link to book it";
        GetLottery: Get "/api/stall-lotteries/{lottery}" { lottery: i64 }
            () => 200 Json Lottery, PUBLIC, "A lottery in public: its seed's hash, entries, and once drawn the seed and winners";
        ApplyForLottery: Post "/api/me/lottery-entries" {}
            LotteryApplication => 201 Json MyLotteryEntry, Access::AnyRole(&[Role::Vendor]), "Apply for a stall lottery before its cutoff";
        DeclareProducer: Post "/api/me/producer-declarations" {}
            DeclarationRequest => 201 Json Declaration, Access::AnyRole(&[Role::Vendor]), "Declare I grow or make what I sell, to book a market's own-produce stalls";
        ListMyDeclarations: Get "/api/me/producer-declarations" {}
            () => 200 Json MyDeclarations, SIGNED_IN, "My producer declarations, newest first";
    }
    calendar {
        GetCalendarYear: Get "/api/calendar/{year}" { year: i32 }
            () => 200 Json CalendarYear, PUBLIC, "A year's holidays and make-up working days";
        SetCalendarDay: Put "/api/admin/calendar/days/{date}" { date: Date }
            CalendarDayChange => 200 Json CalendarYear, ADMIN, "Make a day a holiday, a make-up working day, or ordinary";
        SetArrangement: Put "/api/admin/calendar/years/{year}" { year: i32 }
            ArrangementChange => 200 Json CalendarYear, ADMIN, "Mark a year's official arrangement as loaded";
    }
    notices {
        ListMyNotices: Get "/api/me/notices" {} () => 200 Json Notices, SIGNED_IN, "My latest notices, newest first";
        MarkNoticesRead: Post "/api/me/notices/read" {}
            NoticesRead => 204 Empty (), SIGNED_IN, "Mark my notices read, up to one";
    }
    registration {
        ListBundles: Get "/api/registration/bundles" {}
            () => 200 Json RegistrationBundles, PUBLIC, "What one can apply for: the 一类事 bundles";
        GetBundle: Get "/api/registration/bundles/{bundle}" { bundle: String }
            () => 200 Json BundleNotice, PUBLIC, "Everything a bundle needs, said up front (一次性告知)";
        GetRegistrationChoices: Get "/api/registration/choices" {}
            () => 200 Json RegistrationChoices, PUBLIC, "The counties and trades an application may name";
        CheckName: Get "/api/registration/name-check" {}
            NameCheckQuery => 200 Json NameCheck, PUBLIC, "Whether a shop name may be registered in a county and trade";
        SearchAddresses: Get "/api/registration/addresses" {}
            AddressQuery => 200 Json Addresses, PUBLIC, "Search the standard address library of a county";
        GetDraft: Get "/api/me/drafts/{bundle}" { bundle: String }
            () => 200 Json ApplicationDraft, SIGNED_IN, "My application form for a bundle, as far as I filled it in";
        SaveDraft: Put "/api/me/drafts/{bundle}" { bundle: String }
            ApplicationDraft => 204 Empty (), SIGNED_IN, "Keep my application form while I fill it in";
        ListDraftPhotos: Get "/api/me/drafts/{bundle}/photos" { bundle: String }
            () => 200 Json Photos, SIGNED_IN, "The photos of materials I uploaded for a bundle and have not filed yet";
        UploadDraftPhoto: Post "/api/me/drafts/{bundle}/photos/{material}" { bundle: String, material: String }
            PhotoUpload => 201 Json PhotoRef, SIGNED_IN, "Upload one page of a material as a photo, before filing";
        UploadCorrectionPhoto: Post "/api/me/applications/{application}/photos/{material}" { application: i64, material: String }
            PhotoUpload => 201 Json PhotoRef, SIGNED_IN, "Add a page to a material of my application while it is returned for correction";
        RemovePhoto: Delete "/api/me/photos/{photo}" { photo: String }
            () => 204 Empty (), SIGNED_IN, "Remove a photo I uploaded, before filing (an application or appeal) or while returned for correction";
        GetPhoto: Get "/api/photos/{photo}" { photo: String }
            () => 200 Image Photo, SIGNED_IN, "A photo, for its uploader or the staff whose task or appeal it is part of";
        SubmitApplication: Post "/api/registration/applications" {}
            ApplicationRequest => 201 Json Application, SIGNED_IN, "File an application to open a business: a task per department";
        FileHouseholdApplication: Post "/api/me/households/{uscc}/applications" { uscc: CreditCode }
            HouseholdApplicationRequest => 201 Json Application, Access::HouseholdOwner("uscc"),
            "Apply to change, suspend, resume or close a business I own";
        RateApplication: Post "/api/me/applications/{application}/rating" { application: i64 }
            RatingRequest => 201 Json Application, SIGNED_IN, "Rate the service once an application is done (好差评)";
        GetRegistrationStats: Get "/api/registration/stats" {}
            () => 200 Json RegistrationStats, PUBLIC, "Each department's registration work: received, on time, days, satisfaction";
        ListRectifications: Get "/api/departments/{dept}/rectifications" { dept: String }
            () => 200 Json Rectifications, Access::DepartmentHead("dept"), "Low ratings the department's head must answer";
        CloseRectification: Post "/api/departments/{dept}/rectifications/{rectification}/close" { dept: String, rectification: i64 }
            RectificationClose => 200 Json Rectifications, Access::DepartmentHead("dept"), "Say what was put right after a low rating";
        ListMyApplications: Get "/api/me/applications" {}
            () => 200 Json MyApplications, SIGNED_IN, "My applications, newest first";
        ResubmitApplication: Post "/api/me/applications/{application}/resubmission" { application: i64 }
            ResubmissionRequest => 200 Json Application, SIGNED_IN, "Send a returned application again, corrected";
        WithdrawApplication: Post "/api/me/applications/{application}/withdrawal" { application: i64 }
            () => 200 Json Application, SIGNED_IN, "Withdraw an application still being handled (撤回): its open tasks close";
        ListRegistrationTasks: Get "/api/departments/{dept}/registration-tasks" { dept: String }
            TaskQueueQuery => 200 Json TaskQueue, Access::DepartmentMember("dept"), "A department's open registration tasks, soonest deadline first";
        ClaimRegistrationTask: Post "/api/departments/{dept}/registration-tasks/{task}/claim" { dept: String, task: i64 }
            () => 200 Json TaskHolder, Access::DepartmentMember("dept"), "Take an open task (认领): only its holder decides it";
        ReleaseRegistrationTask: Delete "/api/departments/{dept}/registration-tasks/{task}/claim" { dept: String, task: i64 }
            () => 200 Json TaskHolder, Access::DepartmentMember("dept"), "Give back a task I took, for a colleague";
        AssignRegistrationTask: Put "/api/departments/{dept}/registration-tasks/{task}/assignee" { dept: String, task: i64 }
            AssignmentRequest => 200 Json TaskHolder, Access::DepartmentHead("dept"), "Give an open task to a colleague, or back to the pool";
        ListTaskKinds: Get "/api/registration/task-kinds" {}
            () => 200 Json TaskNotices, PUBLIC, "Every kind of task: its department, time limit, the law that sets it, conditions";
        SetBundle: Put "/api/admin/registration/bundles/{bundle}" { bundle: String }
            BundleChange => 200 Json BundleNotice, ADMIN, "Create or change a bundle (一类事): names, summary, tasks";
        SetTaskKind: Put "/api/admin/registration/task-kinds/{kind}" { kind: String }
            TaskKindChange => 200 Json TaskNotice, ADMIN, "Change a task kind's time limit, legal source, conditions and materials";
        ListColleagues: Get "/api/departments/{dept}/staff" { dept: String }
            () => 200 Json Colleagues, Access::DepartmentHead("dept"), "The department's reviewers and the open tasks each holds";
        DecideRegistrationTask: Post "/api/departments/{dept}/registration-tasks/{task}/decision" { dept: String, task: i64 }
            DecisionRequest => 200 Json Application, Access::DepartmentMember("dept"), "Approve, return for correction, or refuse a task";
    }
    appeals {
        ListAppealCategories: Get "/api/appeals/categories" {}
            () => 200 Json AppealCategories, PUBLIC, "What an appeal can be about, which department answers and how fast";
        GetAppealStats: Get "/api/appeals/stats" {}
            () => 200 Json AppealStats, PUBLIC, "Each department's appeals: received, closed, on time, time to first answer, satisfaction";
        GetAppealStatsCsv: Get "/api/appeals/stats.csv" {}
            () => 200 Csv String, PUBLIC, "The same figures as CSV, one row per department";
        UploadAppealPhoto: Post "/api/me/appeal-drafts/{key}/photos" { key: String }
            PhotoUpload => 201 Json PhotoRef, SIGNED_IN, "Add a photo to an appeal I am about to send, under its submission key (up to 5)";
        FileAppeal: Post "/api/me/households/{uscc}/appeals" { uscc: CreditCode }
            AppealRequest => 201 Json Appeal, Access::HouseholdOwner("uscc"), "Raise a problem about a business I own (诉求)";
        ListMyAppeals: Get "/api/me/appeals" {}
            () => 200 Json MyAppeals, SIGNED_IN, "My appeals, newest first";
        RateAppeal: Post "/api/me/appeals/{appeal}/rating" { appeal: i64 }
            AppealRating => 200 Json Appeal, SIGNED_IN, "Confirm an answered appeal and rate it (1–5), closing it";
        ReopenAppeal: Post "/api/me/appeals/{appeal}/reopening" { appeal: i64 }
            AppealReopening => 200 Json Appeal, SIGNED_IN, "Not satisfied: send an answered appeal back, within 7 days of closing";
        ListDepartmentAppeals: Get "/api/departments/{dept}/appeals" { dept: String }
            AppealQueueQuery => 200 Json AppealQueue, Access::DepartmentMember("dept"), "The department's open appeals, soonest deadline first";
        ClaimAppeal: Post "/api/departments/{dept}/appeals/{appeal}/claim" { dept: String, appeal: i64 }
            () => 200 Json Appeal, Access::DepartmentMember("dept"), "Take an appeal (首问负责): the first to take it answers for it";
        ReplyToAppeal: Post "/api/departments/{dept}/appeals/{appeal}/reply" { dept: String, appeal: i64 }
            AppealReply => 200 Json Appeal, Access::DepartmentMember("dept"), "Answer an appeal one has taken";
        WriteToMyAppeal: Post "/api/me/appeals/{appeal}/messages" { appeal: i64 }
            AppealMessage => 201 Json Appeal, SIGNED_IN, "Write in the thread of an appeal of mine still open";
        WriteToAppeal: Post "/api/departments/{dept}/appeals/{appeal}/messages" { dept: String, appeal: i64 }
            AppealMessage => 201 Json Appeal, Access::DepartmentMember("dept"), "Write in an appeal's thread: its holder, or a department asked to help (giving its help)";
        AskForAppealHelp: Post "/api/departments/{dept}/appeals/{appeal}/help" { dept: String, appeal: i64 }
            AppealHelpRequest => 200 Json Appeal, Access::DepartmentMember("dept"), "Ask another department to help (协办), keeping the appeal";
        ListAppealsToHelp: Get "/api/departments/{dept}/appeals-to-help" { dept: String }
            () => 200 Json AppealQueue, Access::DepartmentMember("dept"), "Appeals other departments asked this one to help with, waiting first";
        AssignAppeal: Put "/api/departments/{dept}/appeals/{appeal}/assignee" { dept: String, appeal: i64 }
            AssignmentRequest => 200 Json Appeal, Access::DepartmentHead("dept"), "Hand an open appeal to a serving colleague (its taker left or is away)";
        ReferAppeal: Post "/api/departments/{dept}/appeals/{appeal}/referral" { dept: String, appeal: i64 }
            AppealReferral => 200 Json Appeal, Access::DepartmentMember("dept"), "Refer legal advice up to the next tier (基层所干部 → 公职律师 → 专业律师), with the reason";
        TransferAppeal: Post "/api/departments/{dept}/appeals/{appeal}/transfer" { dept: String, appeal: i64 }
            AppealTransfer => 200 Json Appeal, Access::DepartmentMember("dept"), "Pass an appeal to the department it belongs to, with the reason";
    }
    open311 {
        GetOpen311Discovery: Get "/open311/v2/discovery.json" {}
            () => 200 Json Open311Discovery, PUBLIC, "Open311 service discovery: the GeoReport v2 endpoint";
        ListOpen311Services: Get "/open311/v2/services.json" {}
            Open311Query => 200 Json Vec<Open311Service>, PUBLIC, "Open311 services: the appeal categories";
        GetOpen311Service: Get "/open311/v2/services/{service}" { service: JsonResource }
            Open311Query => 200 Json Open311ServiceDefinition, PUBLIC, "Open311 service definition: the attributes a request takes";
        ListOpen311Requests: Get "/open311/v2/requests.json" {}
            Open311RequestsQuery => 200 Json Vec<Open311ServiceRequest>, PUBLIC, "Open311 service requests (appeals), newest first, without personal data";
        CreateOpen311Request: Post "/open311/v2/requests.json" {}
            Open311NewRequest => 201 Json Vec<Open311Created>, SIGNED_IN, "File an appeal about a business I own, as an Open311 form";
        GetOpen311Request: Get "/open311/v2/requests/{request}" { request: JsonResource }
            Open311Query => 200 Json Vec<Open311ServiceRequest>, PUBLIC, "One Open311 service request by its id (the receipt number)";
    }
    admin {
        SetAppealRoute: Put "/api/admin/appeal-categories/{category}" { category: String }
            AppealRouteChange => 200 Json CategoryNotice, ADMIN, "Route an appeal category to a department, with its deadlines to take and to answer";
        CreatePerson: Post "/api/admin/people" {}
            NewPerson => 201 Json PersonState, ADMIN, "Add staff, heads, managers or admins";
        SetPersonDisabled: Put "/api/admin/people/{id}/disabled" { id: i64 }
            DisabledChange => 200 Json PersonState, ADMIN, "Disable or enable an account";
        ReadAudit: Get "/api/admin/audit" {} PageQuery => 200 Json AuditPage, ADMIN, "The audit log, newest first";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_templates_and_extract_named_parameters() {
        let found = |method, path| match Endpoint::route(method, path) {
            Route::Found(endpoint, params) => Some((endpoint, params)),
            _ => None,
        };
        let (endpoint, params) = found("GET", "/api/codes/abc.def").unwrap();
        assert_eq!((endpoint, params.raw("code")), (Endpoint::GetCodeProfile, Some("abc.def")));
        assert_eq!(found("GET", "/api/codes/abc.def/qr.svg").unwrap().0, Endpoint::GetCodeQr);
        assert_eq!(Endpoint::route("POST", "/api/codes/abc"), Route::MethodNotAllowed(vec![Method::Get]));
        assert_eq!(Endpoint::route("GET", "/api/codes/"), Route::NotFound);
        assert_eq!(Endpoint::route("GET", "/api/codes/a/b"), Route::NotFound);
        assert_eq!(Endpoint::route("GET", "/api/nothing"), Route::NotFound);
        assert_eq!(found("POST", "/api/me/households/claim").unwrap().0, Endpoint::ClaimHousehold);
        let (endpoint, params) = found("GET", "/api/me/households/92330302MA0001181Q").unwrap();
        assert_eq!(endpoint, Endpoint::GetMyHousehold);
        assert_eq!(params.raw("uscc"), Some("92330302MA0001181Q"));
        assert_eq!(found("HEAD", "/api/health").unwrap().0, Endpoint::GetHealth);
    }

    #[test]
    fn typed_parameters_round_trip_through_paths() {
        let call = GetMarket { market: 42 };
        assert_eq!(call.path(), "/api/markets/42");
        let Route::Found(Endpoint::GetMarket, params) = Endpoint::route("GET", &call.path()) else { panic!() };
        assert_eq!(GetMarket::from_params(&params).unwrap(), call);
        let day = SetCalendarDay { date: crate::calendar::date(2026, 10, 10).unwrap() };
        assert_eq!(day.path(), "/api/admin/calendar/days/2026-10-10");
    }

    #[test]
    fn every_template_parameter_is_declared_and_every_declared_one_is_in_the_template() {
        for &endpoint in Endpoint::ALL {
            let spec = endpoint.spec();
            let in_template: Vec<&str> =
                spec.path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).collect();
            assert_eq!(in_template, spec.params, "{endpoint:?}");
        }
    }

    #[test]
    fn scoped_access_names_a_parameter_of_its_path() {
        for &endpoint in Endpoint::ALL {
            if let Some(param) = endpoint.access().scope_param() {
                assert!(endpoint.spec().params.contains(&param), "{endpoint:?} is scoped by {param}");
            }
        }
    }

    #[test]
    fn a_department_market_or_household_in_a_path_is_guarded_by_the_rule_for_it() {
        for &endpoint in Endpoint::ALL {
            let spec = endpoint.spec();
            if spec.access == Access::Public || spec.path.starts_with("/api/admin/") {
                continue;
            }
            let guarded = |param| match spec.access {
                Access::DepartmentMember(p) | Access::DepartmentHead(p) => param == "dept" && p == param,
                Access::MarketManager(p) => param == "market" && p == param,
                Access::HouseholdOwner(p) => param == "uscc" && p == param,
                _ => false,
            };
            for param in ["dept", "market", "uscc"] {
                if spec.params.contains(&param) {
                    assert!(
                        guarded(param),
                        "{endpoint:?} takes {{{param}}} but does not check the caller's hold on it"
                    );
                }
            }
        }
    }

    #[test]
    fn writes_are_never_public_except_signing_in() {
        for &endpoint in Endpoint::ALL {
            if endpoint.method() != Method::Get && endpoint.access() == Access::Public {
                assert!(endpoint.path().starts_with("/api/auth/"), "{endpoint:?} writes without a caller");
            }
        }
    }

    #[test]
    fn each_method_and_path_is_served_once() {
        for (i, a) in Endpoint::ALL.iter().enumerate() {
            for b in &Endpoint::ALL[i + 1..] {
                assert!(a.method() != b.method() || a.path() != b.path(), "{a:?} and {b:?} collide");
            }
        }
    }

    #[test]
    fn success_statuses_fit_their_formats() {
        for &endpoint in Endpoint::ALL {
            let spec = endpoint.spec();
            assert_eq!(spec.status == 204, spec.format == Format::Empty, "{endpoint:?}");
            assert!((200..300).contains(&spec.status), "{endpoint:?}");
        }
    }

    #[test]
    fn admin_endpoints_live_under_admin_paths_and_the_reverse() {
        for &endpoint in Endpoint::ALL {
            assert_eq!(endpoint.path().starts_with("/api/admin/"), endpoint.access() == ADMIN, "{endpoint:?}");
        }
    }

    #[test]
    fn only_get_endpoints_take_a_query_and_bodies_go_with_writes() {
        assert!(!GetMe::takes_input());
        assert!(ReadAudit::takes_input());
        assert!(ClaimHousehold::takes_input());
    }
}
