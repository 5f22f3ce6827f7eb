//! Appeals (诉求): an owner raises a problem about their business; the category routes it to
//! a department; the first staff member who claims it (首问负责) answers for it until the owner
//! closes it with a rating, or it is formally transferred. Pure rules: what may be written,
//! which step may follow which, and how a status reads to Open311.

pub mod api;
pub(crate) mod kinds;
pub mod lifecycle;
pub mod open311;
pub mod open311_api;

use crate::accounts::notices::NoticeKind;
use crate::accounts::{LEGAL_TIERS, Role};

use crate::calendar::Date;
use crate::codes::households::{Label, vocabulary};
use crate::validation::is_hidden_or_breaking;

vocabulary! {
    /// What an appeal is about; its code is the Open311 `service_code`. Which department
    /// answers each, and how fast, is data an admin edits.
    AppealCategory {
        Licensing = "licensing", "证照办理", "Licences and registration";
        Finance = "finance", "融资贷款", "Loans and finance";
        SocialSecurity = "social_security", "社保就业", "Social security and jobs";
        Tax = "tax", "税费", "Tax and fees";
        Legal = "legal", "法律咨询", "Legal advice";
        Premises = "premises", "经营场所", "Premises";
        Enforcement = "enforcement", "执法检查", "Inspections and enforcement";
        Utilities = "utilities", "用电用水", "Power and water";
        PlatformFees = "platform_fees", "平台收费", "Platform fees";
        Other = "other", "其他", "Other";
    }
}

vocabulary! {
    /// Where an appeal stands: waiting for someone to claim it, being handled by the one who
    /// did, answered (waiting for the owner to confirm), or closed by the owner's rating.
    AppealStatus {
        Submitted = "submitted", "待受理", "Waiting to be taken";
        Claimed = "claimed", "办理中", "Being handled";
        Replied = "replied", "已答复", "Answered";
        Closed = "closed", "已办结", "Closed";
    }
}

vocabulary! {
    /// A step on an appeal's timeline. Messages between owner and staff are steps too, so the
    /// thread and the record are one.
    AppealEvent {
        Submitted = "submitted", "提交诉求", "Submitted";
        Claimed = "claimed", "受理（首问负责）", "Taken (first responder)";
        Replied = "replied", "答复", "Answered";
        Closed = "closed", "确认办结并评价", "Confirmed and rated";
        Reopened = "reopened", "不满意，重新办理", "Reopened: not satisfied";
        Transferred = "transferred", "转交其他部门", "Passed to another department";
        Escalated = "escalated", "超期督办", "Overdue: raised to the head";
        Message = "message", "留言", "Message";
        HelpRequested = "help_requested", "请求协办", "Help asked of another department";
        Helped = "helped", "协办答复", "Help given";
        Reassigned = "reassigned", "负责人改派", "Handed to a colleague by the head";
        Referred = "referred", "提请上一梯队解答", "Referred up to the next tier of legal advice";
    }
}

vocabulary! {
    /// The two deadlines an appeal runs against, in working days from filing (or from a
    /// transfer or referral, which start them again): to be taken up by someone, and to be
    /// answered. Named with the same words wherever one is shown.
    AppealDeadline {
        Take = "take", "受理期限", "Take-up deadline";
        Answer = "answer", "答复期限", "Answer deadline";
    }
}

impl AppealDeadline {
    /// What the category promises when filing: "受理期限：1 个工作日内".
    pub fn promise(self, days: u32) -> (String, String) {
        let Label { zh, en } = self.label();
        match days {
            0 => (format!("{zh}：当天"), format!("{en}: the same working day")),
            1 => (format!("{zh}：1 个工作日内"), format!("{en}: within 1 working day")),
            n => (format!("{zh}：{n} 个工作日内"), format!("{en}: within {n} working days")),
        }
    }

    /// A running deadline as people read it: its name, its day and the working days left
    /// (`days_left`, negative once overdue).
    pub fn running(self, due_on: &str, days_left: i64) -> (String, String) {
        let Label { zh, en } = self.label();
        let days = |n: i64| if n == 1 { "1 working day".to_string() } else { format!("{n} working days") };
        match days_left {
            0 => (format!("{zh}：今天（{due_on}）"), format!("{en}: today ({due_on})")),
            n if n > 0 => (format!("{zh}：{due_on}，还剩 {n} 个工作日"), format!("{en}: {due_on}, {} left", days(n))),
            n => (format!("{zh}：{due_on}，已超期 {} 个工作日", -n), format!("{en}: {due_on}, {} overdue", days(-n))),
        }
    }
}

impl AppealCategory {
    /// The tier of legal advice an appeal of this category starts at, if it climbs them.
    pub fn first_legal_tier(self) -> Option<u8> {
        (self == Self::Legal).then_some(1)
    }
}

impl AppealStatus {
    /// Open311 GeoReport v2 knows two statuses.
    pub fn open311(self) -> &'static str {
        match self {
            Self::Closed => "closed",
            Self::Submitted | Self::Claimed | Self::Replied => "open",
        }
    }
}

/// The shortest and longest an appeal's text may be, in characters.
pub const MIN_APPEAL_CHARS: usize = 5;
pub const MAX_APPEAL_CHARS: usize = 1000;
/// The longest a reply or a reason may be, in characters.
pub const MAX_REPLY_CHARS: usize = 1000;
/// Calendar days after closing within which an unsatisfied owner may reopen an appeal.
pub const REOPEN_DAYS: i64 = 7;

/// Text typed into a box: trimmed, within `min..=max` characters, line breaks allowed but no
/// hidden or direction-changing characters.
fn fits(text: &str, min: usize, max: usize) -> Option<String> {
    let text = text.trim();
    let ok =
        (min..=max).contains(&text.chars().count()) && !text.chars().any(|c| c != '\n' && is_hidden_or_breaking(c));
    ok.then(|| text.to_string())
}

/// What the owner wrote, or why it cannot be filed.
pub fn check_appeal_text(text: &str) -> Result<String, (&'static str, &'static str)> {
    fits(text, MIN_APPEAL_CHARS, MAX_APPEAL_CHARS)
        .ok_or(("请用 5 到 1000 字说明遇到的问题", "Describe the problem in 5 to 1000 characters"))
}

/// A reply, message or reason, or why it cannot be sent.
pub fn check_reply(text: &str) -> Result<String, (&'static str, &'static str)> {
    fits(text, 1, MAX_REPLY_CHARS).ok_or(("请填写内容（不超过1000字）", "Write something (up to 1000 characters)"))
}

/// A point on the map, if both halves are real coordinates.
pub fn check_location(latitude: f64, longitude: f64) -> Result<(f64, f64), (&'static str, &'static str)> {
    let ok = latitude.is_finite() && longitude.is_finite() && latitude.abs() <= 90.0 && longitude.abs() <= 180.0;
    if ok { Ok((latitude, longitude)) } else { Err(("位置无效", "Not a valid location")) }
}

/// The earliest closing day of an appeal its owner may still reopen on `today`.
pub fn reopenable_since(today: Date) -> Date {
    today - time::Duration::days(REOPEN_DAYS)
}

/// The receipt number an owner quotes: the filing day and the appeal's number.
pub fn receipt(submitted_on: Date, id: i64) -> String {
    format!("SQ{}{id:06}", submitted_on.to_string().replace('-', ""))
}

/// A step staff take on an appeal of their own department, decided by [`AppealStanding::allows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffStep {
    /// 首问负责: take an appeal nobody has taken, and answer for it.
    Claim,
    /// Pass it to the department it belongs to, where its deadlines start again.
    Transfer,
    /// Refer legal advice up to the next tier, where its deadlines start again.
    Refer,
}

/// Where an appeal stands when a step is asked of it. The write that follows a decision binds
/// these values, so it happens only if the appeal still stands so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppealStanding {
    pub status: AppealStatus,
    /// Who answers for it (首问负责), once taken.
    pub holder: Option<i64>,
    /// For legal advice, the tier answering it now (1 to 3).
    pub legal_tier: Option<u8>,
}

/// Who asks for a step, as far as the rules care: a member of the appeal's department.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffActor<'a> {
    pub person: i64,
    pub roles: &'a [Role],
    /// Owns the business the appeal is about, or filed it.
    pub owns_business: bool,
}

/// What an allowed step comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    /// Write it.
    Go,
    /// A retry of a claim that went through: the appeal is already theirs.
    AlreadyDone,
}

/// Why a step may not be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRefusal {
    /// Nobody acts as staff on an appeal about a business they own.
    OwnBusiness,
    /// Another staff member took it and answers for it.
    TakenByAnother,
    /// Nobody has taken it: staff take it before passing it on; only the head passes it on as it is.
    TakeItFirst,
    /// Legal advice waiting for a tier the actor does not answer (the tier's role).
    BeyondTier(Role),
    /// Professional lawyers are the last tier.
    LastTier,
    /// Only legal advice climbs tiers.
    NotLegal,
    /// Answered or closed: nothing to take, pass on or refer.
    NotOpen,
}

impl AppealStanding {
    /// Whether `actor` may take `step` now. Nobody acts on an appeal about a business they own;
    /// an appeal someone holds is theirs to pass on or refer (and the head's to pass on); one
    /// nobody holds is taken at its tier by anyone, passed on only by the head, referred by
    /// anyone of its tier.
    pub fn allows(self, step: StaffStep, actor: StaffActor) -> Result<StepOutcome, StepRefusal> {
        use StepRefusal::*;
        let mine = self.holder == Some(actor.person);
        if step == StaffStep::Claim && self.status == AppealStatus::Claimed && mine {
            return Ok(StepOutcome::AlreadyDone);
        }
        if actor.owns_business {
            return Err(OwnBusiness);
        }
        if !matches!(self.status, AppealStatus::Submitted | AppealStatus::Claimed) {
            return Err(NotOpen);
        }
        let head = actor.roles.contains(&Role::DepartmentHead);
        let tier_role = self.legal_tier.and_then(Role::for_legal_tier);
        let beyond_tier = tier_role.filter(|role| !actor.roles.contains(role)).map(BeyondTier);
        let held_by_another = self.holder.is_some() && !mine;
        match step {
            StaffStep::Claim if held_by_another => Err(TakenByAnother),
            StaffStep::Claim => beyond_tier.map_or(Ok(StepOutcome::Go), Err),
            StaffStep::Transfer if mine || head => Ok(StepOutcome::Go),
            StaffStep::Transfer if held_by_another => Err(TakenByAnother),
            StaffStep::Transfer => Err(TakeItFirst),
            StaffStep::Refer => match self.legal_tier {
                None => Err(NotLegal),
                Some(tier) if usize::from(tier) >= LEGAL_TIERS.len() => Err(LastTier),
                Some(_) if held_by_another => Err(TakenByAnother),
                Some(_) => beyond_tier.map_or(Ok(StepOutcome::Go), Err),
            },
        }
    }
}

impl StepRefusal {
    /// What the refused person is told (the status comes with the error's kind).
    pub fn words(self) -> (String, String) {
        let (zh, en) = match self {
            Self::OwnBusiness => (
                "这是您自己经营的店铺的诉求，须由其他工作人员办理。",
                "This appeal is about a business you own: a colleague must handle it.",
            ),
            Self::TakenByAnother => (
                "这件诉求已由其他工作人员受理，由其负责到底。",
                "Another staff member has taken this appeal and answers for it.",
            ),
            Self::TakeItFirst => (
                "请先受理再转交；无人受理的诉求只有部门负责人可以直接转交。",
                "Take it up before passing it on; only the head passes on an appeal nobody has taken.",
            ),
            Self::BeyondTier(role) => {
                let tier = role.label();
                return (
                    format!("这件法律咨询现由{}解答。", tier.zh),
                    format!("This legal advice is now for: {}.", tier.en),
                );
            }
            Self::LastTier => {
                ("专业律师已是最后一个梯队，请直接答复。", "Professional lawyers are the last tier: answer it here.")
            }
            Self::NotLegal => ("只有法律咨询可以提请上一梯队解答。", "Only legal advice is referred up a tier."),
            Self::NotOpen => ("这件诉求已答复或办结。", "This appeal is already answered or closed."),
        };
        (zh.to_string(), en.to_string())
    }
}

impl AppealEvent {
    /// What the owner is told of this step, in the inbox and by text: its taking, answer,
    /// passing on, referral and closing. Other steps (messages among them) are seen in the app.
    pub fn notice(self) -> Option<NoticeKind> {
        Some(match self {
            Self::Claimed => NoticeKind::AppealTaken,
            Self::Replied => NoticeKind::AppealAnswered,
            Self::Transferred => NoticeKind::AppealPassedOn,
            Self::Referred => NoticeKind::AppealReferred,
            Self::Closed => NoticeKind::AppealClosed,
            _ => return None,
        })
    }
}

/// The text sent to an appeal's owner with its notice (texts go to mainland phones in
/// Chinese): the receipt number, what happened and where, and the link to the appeal; nothing
/// the owner wrote, no shop and no staff member, since anyone holding the phone can read it.
/// `to` is the department holding it now, or for a referral the tier it went to. None for a
/// notice that is not about an appeal.
pub fn appeal_text(kind: NoticeKind, receipt: &str, to: &str, link: &str) -> Option<String> {
    let what = match kind {
        NoticeKind::AppealTaken => format!("已由{to}受理"),
        NoticeKind::AppealAnswered => format!("{to}已答复，请查看并评价"),
        NoticeKind::AppealPassedOn => format!("已转交{to}办理"),
        NoticeKind::AppealReferred => format!("已提请{to}解答"),
        NoticeKind::AppealClosed => "已办结，感谢您的评价".to_string(),
        _ => return None,
    };
    Some(format!("【个体码】您的诉求{receipt}{what}：{link}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;

    #[test]
    fn an_appeal_needs_five_to_a_thousand_visible_characters() {
        assert!(check_appeal_text("  电费太高  ").is_err(), "four characters");
        assert_eq!(check_appeal_text(" 电费太高了 ").as_deref(), Ok("电费太高了"));
        assert!(check_appeal_text(&"长".repeat(MAX_APPEAL_CHARS + 1)).is_err());
        assert!(check_appeal_text("电费\n太高了吧").is_ok(), "line breaks are fine");
        assert!(check_appeal_text("电费\u{202E}太高了吧").is_err(), "direction overrides are not");
    }

    #[test]
    fn a_location_is_a_real_point_on_the_map() {
        assert!(check_location(27.99, 120.69).is_ok());
        for (lat, lon) in [(91.0, 0.0), (0.0, -181.0), (f64::NAN, 0.0), (0.0, f64::INFINITY)] {
            assert!(check_location(lat, lon).is_err(), "{lat}, {lon}");
        }
    }

    #[test]
    fn an_appeal_reopens_within_seven_days_of_closing() {
        let today = date(2026, 11, 26).unwrap();
        assert_eq!(reopenable_since(today), date(2026, 11, 19).unwrap());
    }

    #[test]
    fn a_receipt_names_the_day_and_the_number() {
        assert_eq!(receipt(date(2026, 11, 26).unwrap(), 42), "SQ20261126000042");
    }

    #[test]
    fn only_a_closed_appeal_is_closed_to_open311() {
        let open: Vec<_> = AppealStatus::ALL.iter().map(|s| s.open311()).collect();
        assert_eq!(open, ["open", "open", "open", "closed"]);
    }

    #[test]
    fn both_deadlines_read_with_their_names_from_the_form_to_the_list() {
        assert_eq!(AppealDeadline::Take.promise(1).0, "受理期限：1 个工作日内");
        assert_eq!(AppealDeadline::Answer.promise(5).1, "Answer deadline: within 5 working days");
        assert_eq!(AppealDeadline::Take.promise(0).0, "受理期限：当天");
        let (zh, en) = AppealDeadline::Take.running("2026-11-27", 1);
        assert_eq!(
            (zh.as_str(), en.as_str()),
            ("受理期限：2026-11-27，还剩 1 个工作日", "Take-up deadline: 2026-11-27, 1 working day left")
        );
        assert_eq!(AppealDeadline::Answer.running("2026-12-03", 0).0, "答复期限：今天（2026-12-03）");
        let (zh, en) = AppealDeadline::Answer.running("2026-11-20", -2);
        assert_eq!(
            (zh.as_str(), en.as_str()),
            ("答复期限：2026-11-20，已超期 2 个工作日", "Answer deadline: 2026-11-20, 2 working days overdue")
        );
    }

    const STAFF: &[Role] = &[Role::Staff];
    const HEAD: &[Role] = &[Role::Staff, Role::DepartmentHead];

    fn standing(status: AppealStatus, holder: Option<i64>) -> AppealStanding {
        AppealStanding { status, holder, legal_tier: None }
    }

    fn actor(person: i64, roles: &[Role]) -> StaffActor<'_> {
        StaffActor { person, roles, owns_business: false }
    }

    #[test]
    fn only_the_holder_or_the_head_passes_on_a_taken_appeal() {
        let taken = standing(AppealStatus::Claimed, Some(7));
        assert_eq!(taken.allows(StaffStep::Transfer, actor(7, STAFF)), Ok(StepOutcome::Go));
        assert_eq!(taken.allows(StaffStep::Transfer, actor(9, HEAD)), Ok(StepOutcome::Go));
        assert_eq!(taken.allows(StaffStep::Transfer, actor(8, STAFF)), Err(StepRefusal::TakenByAnother));
    }

    #[test]
    fn an_appeal_nobody_has_taken_is_passed_on_only_by_the_head() {
        let waiting = standing(AppealStatus::Submitted, None);
        assert_eq!(waiting.allows(StaffStep::Transfer, actor(8, STAFF)), Err(StepRefusal::TakeItFirst));
        assert_eq!(waiting.allows(StaffStep::Transfer, actor(9, HEAD)), Ok(StepOutcome::Go));
        assert_eq!(
            waiting.allows(StaffStep::Claim, actor(8, STAFF)),
            Ok(StepOutcome::Go),
            "taking it first is open to all"
        );
    }

    #[test]
    fn nobody_takes_passes_on_or_refers_an_appeal_about_a_business_they_own() {
        let own = |person, roles| StaffActor { person, roles, owns_business: true };
        let legal = AppealStanding { status: AppealStatus::Submitted, holder: None, legal_tier: Some(1) };
        let officer: &[Role] = &[Role::Staff, Role::LegalOfficer, Role::DepartmentHead];
        for (step, standing) in [
            (StaffStep::Claim, standing(AppealStatus::Submitted, None)),
            (StaffStep::Transfer, standing(AppealStatus::Submitted, None)),
            (StaffStep::Transfer, standing(AppealStatus::Claimed, Some(3))),
            (StaffStep::Refer, legal),
        ] {
            assert_eq!(standing.allows(step, own(9, officer)), Err(StepRefusal::OwnBusiness), "{step:?} {standing:?}");
        }
    }

    #[test]
    fn a_claim_is_first_come_and_a_retry_by_its_taker_is_no_refusal() {
        let taken = standing(AppealStatus::Claimed, Some(7));
        assert_eq!(taken.allows(StaffStep::Claim, actor(7, STAFF)), Ok(StepOutcome::AlreadyDone));
        assert_eq!(taken.allows(StaffStep::Claim, actor(9, HEAD)), Err(StepRefusal::TakenByAnother));
        for done in [AppealStatus::Replied, AppealStatus::Closed] {
            for step in [StaffStep::Claim, StaffStep::Transfer, StaffStep::Refer] {
                assert_eq!(standing(done, Some(7)).allows(step, actor(7, HEAD)), Err(StepRefusal::NotOpen));
            }
        }
    }

    #[test]
    fn legal_advice_is_taken_and_referred_at_its_tier_up_to_professional_lawyers() {
        let at = |tier, holder| AppealStanding { status: AppealStatus::Submitted, holder, legal_tier: Some(tier) };
        let officer: &[Role] = &[Role::Staff, Role::LegalOfficer];
        let public_lawyer: &[Role] = &[Role::Staff, Role::PublicLawyer];
        let lawyer: &[Role] = &[Role::Staff, Role::Lawyer];
        assert_eq!(at(1, None).allows(StaffStep::Claim, actor(1, officer)), Ok(StepOutcome::Go));
        assert_eq!(
            at(1, None).allows(StaffStep::Claim, actor(2, public_lawyer)),
            Err(StepRefusal::BeyondTier(Role::LegalOfficer))
        );
        assert_eq!(at(1, None).allows(StaffStep::Refer, actor(1, officer)), Ok(StepOutcome::Go));
        let held = AppealStanding { status: AppealStatus::Claimed, holder: Some(1), legal_tier: Some(1) };
        assert_eq!(held.allows(StaffStep::Refer, actor(2, public_lawyer)), Err(StepRefusal::TakenByAnother));
        assert_eq!(at(3, None).allows(StaffStep::Refer, actor(3, lawyer)), Err(StepRefusal::LastTier));
        assert_eq!(
            standing(AppealStatus::Claimed, Some(1)).allows(StaffStep::Refer, actor(1, STAFF)),
            Err(StepRefusal::NotLegal)
        );
    }

    #[test]
    fn the_owner_is_told_of_taking_answering_passing_on_referring_and_closing_only() {
        let told: Vec<AppealEvent> = AppealEvent::ALL.iter().copied().filter(|e| e.notice().is_some()).collect();
        use AppealEvent::*;
        assert_eq!(told, [Claimed, Replied, Closed, Transferred, Referred]);
    }

    #[test]
    fn an_appeal_s_text_names_its_receipt_and_link_and_nothing_the_owner_wrote() {
        let link = "https://getima.example/me/appeals/42";
        for kind in NoticeKind::ALL {
            let Some(text) = appeal_text(*kind, "SQ20261126000042", "市场监管局", link) else {
                assert_ne!(kind.subject(), crate::accounts::notices::NoticeSubject::Appeal, "{kind:?}");
                continue;
            };
            assert!(text.starts_with("【个体码】您的诉求SQ20261126000042") && text.ends_with(link), "{text}");
            assert!(text.chars().count() <= 134, "two text messages at most: {text}");
        }
    }
}
