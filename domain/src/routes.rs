//! The app's pages: one list, read by the Worker to draw each page's title and explanation
//! and serve its bundle, by each bundle to pick its page, and by the sign-in page to decide
//! where `?next=` may lead.

use crate::accounts::{DESK_ROLES, Role};
use crate::bundles::Bundle;
use crate::codes::households::Label;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    Code(String),
    Poster(String),
    SignIn,
    Privacy,
    Terms,
    Me,
    DevInbox,
    /// The registration guides: what one can apply for.
    Register,
    /// One guide: everything a bundle needs, said up front.
    RegisterBundle(String),
    /// The application form of a bundle that opens a business.
    Apply(String),
    /// Each department's registration work, in public.
    RegistrationStats,
    /// My applications, each with its tasks' countdowns and timeline.
    MyApplications,
    /// Applying to change, suspend, resume or close a business I own.
    HouseholdApply(String),
    /// Raising a problem (诉求) about a business I own.
    HouseholdAppeal(String),
    /// My appeals, each with its deadlines, answer, latest message and timeline.
    MyAppeals,
    /// One appeal of mine, with its whole thread (where notices about it lead).
    MyAppeal(String),
    /// The markets with stalls to book.
    StallMarkets,
    /// A market's day grid: book a stall or apply for a lottery.
    MarketStalls(String),
    /// A lottery in public, its draw re-run on the phone.
    StallLottery(String),
    /// My stall bookings, each with its QR pass, and my lottery applications.
    MyStalls,
    Desk,
    DeskAudit,
    DeskCalendar,
    /// A department's registration tasks, soonest deadline first, decided on the phone.
    DeskRegistration,
    /// The registration catalogue an admin edits: bundles, time limits, conditions.
    DeskCatalogue,
    /// A department's open appeals, soonest deadline first, taken and answered on the phone.
    DeskAppeals,
    /// A market for its manager: the day's occupancy, check-in by scan, walk-ins, no-shows,
    /// sessions, rules and lotteries.
    DeskMarket(String),
    Inspect(String),
}

impl Route {
    /// One of each page, for checks that must visit every page (the accessibility run).
    pub fn one_of_each() -> Vec<Route> {
        let id = || "1".to_string();
        vec![
            Self::Home,
            Self::Code(id()),
            Self::Poster(id()),
            Self::SignIn,
            Self::Privacy,
            Self::Terms,
            Self::Me,
            Self::DevInbox,
            Self::Register,
            Self::RegisterBundle(id()),
            Self::Apply(id()),
            Self::RegistrationStats,
            Self::MyApplications,
            Self::HouseholdApply(id()),
            Self::HouseholdAppeal(id()),
            Self::MyAppeals,
            Self::MyAppeal(id()),
            Self::StallMarkets,
            Self::MarketStalls(id()),
            Self::StallLottery(id()),
            Self::MyStalls,
            Self::Desk,
            Self::DeskAudit,
            Self::DeskCalendar,
            Self::DeskRegistration,
            Self::DeskCatalogue,
            Self::DeskAppeals,
            Self::DeskMarket(id()),
            Self::Inspect(id()),
        ]
    }

    /// The page at these path segments (already percent-decoded), if there is one.
    pub fn parse(segments: &[&str]) -> Option<Self> {
        let one = |s: &str| s.to_string();
        Some(match segments {
            [] => Self::Home,
            ["c", code] => Self::Code(one(code)),
            ["c", code, "poster"] => Self::Poster(one(code)),
            ["sign-in"] => Self::SignIn,
            ["privacy"] => Self::Privacy,
            ["terms"] => Self::Terms,
            ["me"] => Self::Me,
            ["dev", "inbox"] => Self::DevInbox,
            ["register"] => Self::Register,
            ["register", "stats"] => Self::RegistrationStats,
            ["register", bundle] => Self::RegisterBundle(one(bundle)),
            ["register", bundle, "apply"] => Self::Apply(one(bundle)),
            ["me", "applications"] => Self::MyApplications,
            ["me", "households", uscc, "apply"] => Self::HouseholdApply(one(uscc)),
            ["me", "households", uscc, "appeal"] => Self::HouseholdAppeal(one(uscc)),
            ["me", "appeals"] => Self::MyAppeals,
            ["me", "appeals", appeal] => Self::MyAppeal(one(appeal)),
            ["me", "stalls"] => Self::MyStalls,
            ["stalls"] => Self::StallMarkets,
            ["stalls", "lotteries", lottery] => Self::StallLottery(one(lottery)),
            ["stalls", market] => Self::MarketStalls(one(market)),
            ["desk"] => Self::Desk,
            ["desk", "audit"] => Self::DeskAudit,
            ["desk", "calendar"] => Self::DeskCalendar,
            ["desk", "registration"] => Self::DeskRegistration,
            ["desk", "catalogue"] => Self::DeskCatalogue,
            ["desk", "appeals"] => Self::DeskAppeals,
            ["desk", "markets", market] => Self::DeskMarket(one(market)),
            ["desk", "inspect", code] => Self::Inspect(one(code)),
            _ => return None,
        })
    }

    pub fn bundle(&self) -> Bundle {
        match self {
            Self::Home | Self::Code(_) | Self::Poster(_) => Bundle::Public,
            Self::SignIn | Self::Privacy | Self::Terms | Self::Me | Self::DevInbox => Bundle::Account,
            Self::Register | Self::RegisterBundle(_) | Self::RegistrationStats => Bundle::Register,
            Self::Apply(_) | Self::MyApplications | Self::HouseholdApply(_) => Bundle::Applications,
            Self::HouseholdAppeal(_) | Self::MyAppeals | Self::MyAppeal(_) => Bundle::Appeals,
            Self::StallMarkets | Self::MarketStalls(_) | Self::StallLottery(_) | Self::MyStalls => Bundle::Stalls,
            Self::Desk | Self::DeskAudit | Self::DeskCalendar | Self::Inspect(_) => Bundle::Desk,
            Self::DeskRegistration | Self::DeskCatalogue => Bundle::DeskRegistration,
            Self::DeskAppeals => Bundle::DeskAppeals,
            Self::DeskMarket(_) => Bundle::DeskMarkets,
        }
    }

    /// The page's title (its bar's) and a sentence saying what it is for (the page's own
    /// introduction where it has one): what the Worker paints before the page's bundle arrives.
    pub fn text(&self) -> PageText {
        let page = |title_zh, title_en, lead_zh, lead_en| PageText {
            title: Label { zh: title_zh, en: title_en },
            lead: Label { zh: lead_zh, en: lead_en },
        };
        match self {
            Self::Home => page(
                "个体码",
                "Getima",
                "温州个体工商户的终身“身份码”。扫店里的个体码，即可核验这家店是否真实登记、证照是否有效，并向它的收款码安心付款。",
                "A lifelong code for each of Wenzhou's individual businesses. Scan the code in a shop to check it is genuinely registered and licensed, and pay its bound payment code with confidence.",
            ),
            Self::Code(_) => page(
                "个体码核验",
                "Business code check",
                "这家店的登记与证照，由登记机关核验。",
                "This shop's registration and licences, as the registration office holds them.",
            ),
            Self::Poster(_) => page(
                "店铺海报",
                "Shop poster",
                "打印后贴在店里，顾客扫码即可核验。",
                "Print it and put it up in the shop: customers scan it to check.",
            ),
            Self::SignIn => page(
                "登录",
                "Sign in",
                "用手机号和短信验证码登录。经营户、摊主、工作人员都从这里进入。",
                "Sign in with your mobile number and a text-message code. Owners, vendors and staff all start here.",
            ),
            Self::Privacy => page(
                "隐私政策",
                "Privacy policy",
                "我们收集哪些信息、为什么收集、如何保护。",
                "What we collect, why, and how we protect it.",
            ),
            Self::Terms => page(
                "用户协议",
                "Terms of use",
                "使用个体码时您和我们各自的责任。",
                "What you and we each undertake when you use Getima.",
            ),
            Self::Me => page(
                "我的",
                "Me",
                "您的个体户、申请、诉求和摊位，都在这里。",
                "Your businesses, applications, appeals and stalls, in one place.",
            ),
            Self::DevInbox => page(
                "开发收件箱",
                "Dev inbox",
                "本地开发时，发往各手机的短信显示在这里。",
                "In local development, the texts sent to each phone show here.",
            ),
            Self::Register => page(
                "办事指南",
                "What you need",
                "选择要办的事，一次看清需要的全部材料、条件和各部门的法定办理时限。",
                "Choose what you need to do to see every material, condition and each department's legal time limit at once.",
            ),
            Self::RegisterBundle(_) => page(
                "一次性告知",
                "Everything you need",
                "这件事涉及的部门、材料和法定时限。",
                "The departments, documents and statutory time limits this involves.",
            ),
            Self::Apply(_) => page(
                "填写开店申请",
                "Apply to open a business",
                "提交后，各部门同时办理，进度和期限可在“我的申请”中查看。",
                "Once sent, every department works on it at the same time; follow each in My applications.",
            ),
            Self::RegistrationStats => page(
                "办理情况公开",
                "How departments are doing",
                "按时办结率按法定时限计算；满意度为申请人办结后的评价（1–5分）。数据每5分钟更新。",
                "On time means within the legal time limit; satisfaction is applicants' rating once done (1–5). Updated every 5 minutes.",
            ),
            Self::MyApplications => page(
                "我的申请",
                "My applications",
                "每项申请在各部门的进度和剩余时限。",
                "Where each of your applications stands at each department, and the time left.",
            ),
            Self::HouseholdApply(_) => page(
                "变更、歇业、注销、个转企",
                "Change, suspend, close, incorporate",
                "为您名下的个体户申请变更、歇业、恢复或注销。",
                "Apply to change, suspend, resume or close a business you own.",
            ),
            Self::HouseholdAppeal(_) => page(
                "提诉求",
                "Raise a problem",
                "说明遇到的问题，我们转给负责的部门并按时答复。",
                "Say what the problem is; we pass it to the department in charge, which answers in time.",
            ),
            Self::MyAppeals => page(
                "我的诉求",
                "My appeals",
                "每件诉求的期限、答复和最新消息。",
                "Each of your appeals with its deadlines, answer and latest message.",
            ),
            Self::MyAppeal(_) => page(
                "诉求详情",
                "Appeal",
                "这件诉求的全部往来和进度。",
                "This appeal's whole thread and where it stands.",
            ),
            Self::StallMarkets => page(
                "摊位预约",
                "Book a stall",
                "选择市场，查看每天的摊位并预约。公益摊位（自产自销、平价、共富）优先照顾有需要的摊主。",
                "Pick a market to see its stalls day by day and book one. Public-interest stalls (own produce, fair price, common prosperity) favour vendors who need them.",
            ),
            Self::MarketStalls(_) => page(
                "选摊位",
                "Pick a stall",
                "选日期和时段，预约空摊位或参加摇号。",
                "Pick a day and a session, then book a free stall or enter its lottery.",
            ),
            Self::StallLottery(_) => page(
                "摇号公示",
                "Stall lottery",
                "摇号的报名名单和结果公开，可在手机上重算核对。",
                "A lottery's entries and result in public; your phone can re-run the draw to check it.",
            ),
            Self::MyStalls => page(
                "我的摊位",
                "My stalls",
                "您预约的摊位和入场码，以及摇号报名。",
                "Your stall bookings with their entry passes, and your lottery entries.",
            ),
            Self::Desk => {
                page("工作台", "Work desk", "您的待办和工作入口。", "Your work waiting and the way to each task.")
            }
            Self::DeskAudit => {
                page("审计日志", "Audit log", "谁在何时做了什么，逐条记录。", "Who did what and when, entry by entry.")
            }
            Self::DeskCalendar => page(
                "工作日历",
                "Working-day calendar",
                "法定时限按工作日计算：在这里调整节假日和调休。",
                "Time limits count working days: set holidays and swapped working days here.",
            ),
            Self::DeskRegistration => page(
                "登记许可待办",
                "Registration tasks",
                "本部门的登记许可任务，最急的在前。",
                "Your department's registration tasks, soonest deadline first.",
            ),
            Self::DeskCatalogue => page(
                "一类事与办理时限",
                "Bundles and time limits",
                "每件事涉及的部门、条件和法定时限。",
                "Each bundle's departments, conditions and statutory time limits.",
            ),
            Self::DeskAppeals => page(
                "诉求待办",
                "Appeals",
                "谁先受理，谁负责到底。按期限排序，最紧的在前；期限按工作日计算。",
                "Whoever takes an appeal answers for it to the end. Soonest deadline first, in working days.",
            ),
            Self::DeskMarket(_) => page(
                "市场管理",
                "Market desk",
                "当天的摊位、扫码入场、临时摊位和缺席。",
                "The day's stalls, check-in by scan, walk-ins and no-shows.",
            ),
            Self::Inspect(_) => page(
                "检查",
                "Inspections",
                "这家店的检查记录，以及在现场记下新的检查。",
                "This shop's inspections, and a new one recorded on the spot.",
            ),
        }
    }
}

/// What a page says before anything else: its title and what it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageText {
    pub title: Label,
    pub lead: Label,
}

/// Where someone lands after signing in when nothing asked for a page: those with work to do
/// at their desk, everyone else on their own page.
pub fn landing(roles: &[Role]) -> &'static str {
    if roles.iter().any(|r| DESK_ROLES.contains(r)) { "/desk" } else { "/me" }
}

/// Where `?next=` may send someone after signing in: only a path of this app, written
/// plainly. A `next` that could reach another origin once a browser has resolved it
/// (`//host`, `/\host`, a tab or newline it would drop, an encoded slash or backslash), or
/// that names no page, is dropped.
pub fn safe_next(next: &str) -> Option<String> {
    let (path, query) = match next.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (next, None),
    };
    let plain_path = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '.' | '_' | '~');
    let plain_query = |c: char| c.is_ascii_graphic() && !matches!(c, '\\' | '#');
    let written_plainly = path.starts_with('/')
        && !path.starts_with("//")
        && path.chars().all(plain_path)
        && query.is_none_or(|q| q.chars().all(plain_query));
    if !written_plainly {
        return None;
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return None;
    }
    match Route::parse(&segments)? {
        Route::SignIn => None,
        _ => Some(next.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_of_each_names_every_page_once() {
        // Exhaustive: a new page does not compile until it has its place here and in the list.
        let place = |route: &Route| match route {
            Route::Home => 0,
            Route::Code(_) => 1,
            Route::Poster(_) => 2,
            Route::SignIn => 3,
            Route::Privacy => 4,
            Route::Terms => 5,
            Route::Me => 6,
            Route::DevInbox => 7,
            Route::Register => 8,
            Route::RegisterBundle(_) => 9,
            Route::Apply(_) => 10,
            Route::RegistrationStats => 11,
            Route::MyApplications => 12,
            Route::HouseholdApply(_) => 13,
            Route::HouseholdAppeal(_) => 14,
            Route::MyAppeals => 15,
            Route::MyAppeal(_) => 16,
            Route::StallMarkets => 17,
            Route::MarketStalls(_) => 18,
            Route::StallLottery(_) => 19,
            Route::MyStalls => 20,
            Route::Desk => 21,
            Route::DeskAudit => 22,
            Route::DeskCalendar => 23,
            Route::DeskRegistration => 24,
            Route::DeskCatalogue => 25,
            Route::DeskAppeals => 26,
            Route::DeskMarket(_) => 27,
            Route::Inspect(_) => 28,
        };
        let places: Vec<usize> = Route::one_of_each().iter().map(place).collect();
        assert_eq!(places, (0..29).collect::<Vec<_>>());
    }

    #[test]
    fn every_page_says_its_title_and_what_it_is_for_in_both_languages() {
        let pages =
            ["/", "/sign-in", "/me", "/register", "/register/stats", "/me/appeals/1", "/stalls/2", "/desk/markets/2"];
        for path in pages {
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            let text = Route::parse(&segments).expect("a page").text();
            for said in [text.title.zh, text.title.en, text.lead.zh, text.lead.en] {
                assert!(!said.trim().is_empty(), "{path}");
            }
            assert!(text.lead.zh.chars().count() > text.title.zh.chars().count(), "{path}: the lead explains more");
        }
    }

    #[test]
    fn staff_managers_and_admins_land_at_their_desk_and_everyone_else_on_their_own_page() {
        for worker in [Role::Staff, Role::DepartmentHead, Role::MarketManager, Role::Admin] {
            assert_eq!(landing(&[Role::Owner, worker]), "/desk", "{worker:?}");
        }
        assert_eq!(landing(&[Role::Owner, Role::Vendor]), "/me");
        assert_eq!(landing(&[]), "/me");
    }

    #[test]
    fn next_leads_only_to_pages_of_this_app() {
        for fine in ["/me", "/desk/audit", "/c/k7x2m9q4p8ra.abcd", "/desk/inspect/k7x2m9q4p8ra?from=scan", "/"] {
            assert_eq!(safe_next(fine).as_deref(), Some(fine), "{fine}");
        }
    }

    #[test]
    fn next_that_a_browser_could_resolve_to_another_origin_is_dropped() {
        for hostile in [
            "//example.com",
            "/\\example.com",
            "/%5Cexample.com",
            "/%2F/example.com",
            "/\t/host/path",
            "/%09/host/path",
            "/\n/example.com",
            "https://example.com/me",
            "javascript:alert(1)",
            "me",
            "/me#//example.com",
            "/me?x=\\y",
            "/../me",
            " /me",
            "",
        ] {
            assert_eq!(safe_next(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn next_naming_no_page_or_the_sign_in_page_is_dropped() {
        assert_eq!(safe_next("/nowhere"), None);
        assert_eq!(safe_next("/api/me"), None);
        assert_eq!(safe_next("/sign-in?next=//example.com"), None);
    }

    #[test]
    fn the_worker_serves_every_page_with_the_bundle_that_draws_it() {
        let pages = [
            "/",
            "/c/abc.def",
            "/c/abc.def/poster",
            "/sign-in",
            "/privacy",
            "/terms",
            "/me",
            "/dev/inbox",
            "/register",
            "/register/stats",
            "/register/open-restaurant",
            "/register/open-restaurant/apply",
            "/me/applications",
            "/me/households/92330302MA00013L0D/apply",
            "/me/households/92330302MA00013L0D/appeal",
            "/me/appeals",
            "/me/appeals/12",
            "/me/stalls",
            "/stalls",
            "/stalls/2",
            "/stalls/lotteries/1",
            "/desk",
            "/desk/audit",
            "/desk/calendar",
            "/desk/registration",
            "/desk/catalogue",
            "/desk/appeals",
            "/desk/markets/2",
            "/desk/inspect/abc.def",
        ];
        for path in pages {
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            let route = Route::parse(&segments).unwrap_or_else(|| panic!("{path} is a page"));
            assert_eq!(route.bundle(), Bundle::for_path(path), "{path}");
        }
    }
}
