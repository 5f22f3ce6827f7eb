//! Public-interest stalls (摊位预约): the kinds of zone a market has, the rules its manager sets
//! for each, when a session may be booked or cancelled, and the lottery draw. Pure rules: the
//! database enforces them in one conditional statement each, so they hold under load; here
//! they are stated once, for the Worker, the app and anyone re-running a draw.

pub mod api;
pub(crate) mod kinds;
pub mod lifecycle;
pub mod markets_api;

use crate::api::errors::FieldError;
use crate::calendar::Date;
use crate::codes::households::vocabulary;
use sha2::{Digest, Sha256};

vocabulary! {
    /// A market's zones: three public-interest kinds (公益区) and the ordinary one.
    ZoneKind {
        SelfProduced = "self_produced", "自产自销区", "Own-produce zone";
        FairPrice = "fair_price", "平价摊位区", "Fair-price zone";
        CommonProsperity = "common_prosperity", "共富摊位区", "Common-prosperity zone";
        Ordinary = "ordinary", "普通区", "Ordinary zone";
    }
}

impl ZoneKind {
    /// Public-interest zones share the per-week limit of the market they are in.
    pub fn is_public_interest(self) -> bool {
        self != Self::Ordinary
    }
}

vocabulary! {
    /// How a zone's stalls are given out.
    AllocationMode {
        Instant = "instant", "先到先得", "First come, first served";
        Lottery = "lottery", "摇号", "Lottery";
    }
}

vocabulary! {
    /// Where a booking stands.
    BookingStatus {
        Booked = "booked", "已预约", "Booked";
        CheckedIn = "checked_in", "已签到", "Checked in";
        Cancelled = "cancelled", "已取消", "Cancelled";
        NoShow = "no_show", "未到场", "Did not come";
    }
}

/// The rules a manager sets for a zone. Limits count bookings not cancelled.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ZoneRules {
    /// Days ahead a session opens for booking (0: on the day only).
    pub window_days: u32,
    /// Stalls one person may hold in one session.
    pub per_session: u32,
    /// Sessions one person may hold in a week (Monday to Sunday), across the market's
    /// public-interest zones, or within an ordinary zone.
    pub per_week: u32,
    /// Hours before a session starts after which a booking can no longer be cancelled.
    pub cancel_hours: u32,
    /// No-shows within `no_show_days` that suspend a person for `suspension_days`.
    pub no_show_limit: u32,
    pub no_show_days: u32,
    pub suspension_days: u32,
    /// Target groups who book this zone's stalls free of fee (摊位费减免); the manager checks
    /// the proof at check-in.
    #[serde(default)]
    pub fee_waived_for: Vec<TargetGroup>,
    /// Hours before a session starts that booking closes (0: when it starts).
    #[serde(default)]
    pub book_until_hours: u32,
    /// Minutes after a session ends that the manager may still check a vendor in.
    #[serde(default = "default_grace")]
    pub check_in_grace_minutes: u32,
    /// How a stall's fee is paid: always to the manager at check-in, in cash or by scan.
    #[serde(default = "default_payment")]
    pub fee_payment: FeePayment,
}

fn default_grace() -> u32 {
    ZoneRules::PLAN.check_in_grace_minutes
}

fn default_payment() -> FeePayment {
    ZoneRules::PLAN.fee_payment
}

/// The furthest ahead a session may open, and the most of each limit: a manager's typing
/// mistake cannot open a year of sessions or let one person hold a whole market.
pub const MAX_WINDOW_DAYS: u32 = 60;
pub const MAX_PER_SESSION: u32 = 5;
pub const MAX_PER_WEEK: u32 = 21;
pub const MAX_CANCEL_HOURS: u32 = 168;
pub const MAX_PENALTY_DAYS: u32 = 365;
pub const MAX_BOOK_UNTIL_HOURS: u32 = 72;
pub const MAX_GRACE_MINUTES: u32 = 240;
/// Vendors set up before a session opens: the manager may check them in this long before.
pub const CHECK_IN_EARLY_MINUTES: u32 = 30;

vocabulary! {
    /// How a zone's stall fees are paid. Always on the day, to the manager at check-in: the
    /// manager sees the fee on the booking and takes it there.
    FeePayment {
        CashOrScan = "cash_or_scan", "现金或扫码", "cash or by scanning a payment code";
        Cash = "cash", "只收现金", "cash only";
        Scan = "scan", "只收扫码（微信、支付宝）", "by scanning a payment code only";
    }
}

/// What a vendor reads about paying a stall's fee of `fee_fen` in a zone paid by `payment`.
pub fn how_to_pay(fee_fen: u32, payment: FeePayment) -> (String, String) {
    if fee_fen == 0 {
        return ("免摊位费".into(), "No stall fee".into());
    }
    let fee = yuan(fee_fen);
    let (zh, en) = (payment.label().zh, payment.label().en);
    (format!("到场签到时向管理员缴纳 {fee}，{zh}"), format!("Pay {fee} to the manager when you check in: {en}"))
}

impl ZoneRules {
    /// The plan's example: open 7 days ahead, one stall a session, three sessions a week,
    /// cancel up to 2 hours before, 3 no-shows in 30 days suspend for 14 days; booking closes
    /// when the session starts, check-in until half an hour after it ends, fees in cash or by
    /// scan.
    pub const PLAN: Self = Self {
        window_days: 7,
        per_session: 1,
        per_week: 3,
        cancel_hours: 2,
        no_show_limit: 3,
        no_show_days: 30,
        suspension_days: 14,
        fee_waived_for: Vec::new(),
        book_until_hours: 0,
        check_in_grace_minutes: 30,
        fee_payment: FeePayment::CashOrScan,
    };

    /// Every problem with the rules at once, each named by its field.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        let mut within = |field: &str, value: u32, (low, high): (u32, u32), (zh, en): (&str, &str)| {
            if !(low..=high).contains(&value) {
                problems.push(FieldError::new(
                    field,
                    format!("{zh}须为 {low} 到 {high}"),
                    format!("{en} must be from {low} to {high}"),
                ));
            }
        };
        within("window_days", self.window_days, (0, MAX_WINDOW_DAYS), ("提前预约天数", "Days ahead"));
        within("per_session", self.per_session, (1, MAX_PER_SESSION), ("每场限约摊位数", "Stalls per session"));
        within("per_week", self.per_week, (1, MAX_PER_WEEK), ("每周限约场次", "Sessions per week"));
        within("cancel_hours", self.cancel_hours, (0, MAX_CANCEL_HOURS), ("开市前可取消的小时数", "Hours to cancel"));
        within("no_show_limit", self.no_show_limit, (1, 10), ("未到场次数上限", "No-shows allowed"));
        within("no_show_days", self.no_show_days, (1, MAX_PENALTY_DAYS), ("未到场统计天数", "Days no-shows count"));
        within("suspension_days", self.suspension_days, (0, MAX_PENALTY_DAYS), ("暂停预约天数", "Days suspended"));
        within(
            "book_until_hours",
            self.book_until_hours,
            (0, MAX_BOOK_UNTIL_HOURS),
            ("开市前停止预约的小时数", "Hours before opening booking closes"),
        );
        within(
            "check_in_grace_minutes",
            self.check_in_grace_minutes,
            (0, MAX_GRACE_MINUTES),
            ("收市后可签到的分钟数", "Minutes after closing to check in"),
        );
        problems
    }

    /// What a booking by someone of `group` (if they said one) pays for a stall of `fee_fen`,
    /// and the group it was waived for.
    pub fn fee_for(&self, fee_fen: u32, group: Option<TargetGroup>) -> (u32, Option<TargetGroup>) {
        match group.filter(|g| self.fee_waived_for.contains(g)) {
            Some(waived) => (0, Some(waived)),
            None => (fee_fen, None),
        }
    }

    /// The first day a session on `day` may be booked.
    pub fn opens_on(&self, day: Date) -> Date {
        day - time::Duration::days(i64::from(self.window_days))
    }

    /// When booking a stall of this zone in `session` closes: at its start, or the hours
    /// before it the manager set.
    pub fn booking_closes(&self, session: &SessionTimes) -> Moment {
        session.starts_at() - time::Duration::hours(i64::from(self.book_until_hours))
    }

    /// The last moment a booking of this zone in `session` may be cancelled.
    pub fn cancel_until(&self, session: &SessionTimes) -> Moment {
        session.starts_at() - time::Duration::hours(i64::from(self.cancel_hours))
    }

    /// From when until when the manager may check a vendor in at `session` (a walk-in too):
    /// from a little before it opens until the grace after it closes.
    pub fn check_in_window(&self, session: &SessionTimes) -> (Moment, Moment) {
        (
            session.starts_at() - time::Duration::minutes(i64::from(CHECK_IN_EARLY_MINUTES)),
            session.ends_at() + time::Duration::minutes(i64::from(self.check_in_grace_minutes)),
        )
    }

    /// Whether `session` may be booked at `now`: its window has opened and booking has not
    /// closed.
    pub fn bookable(&self, session: &SessionTimes, now: Moment) -> Result<(), Refusal> {
        let closes = self.booking_closes(session);
        if now >= closes {
            Err(Refusal::BookingClosed(closes))
        } else if now.date() < self.opens_on(session.day) {
            Err(Refusal::NotOpenYet(self.opens_on(session.day)))
        } else {
            Ok(())
        }
    }

    /// Whether a booking at `session` may still be cancelled at `now`.
    pub fn cancellable(&self, session: &SessionTimes, now: Moment) -> Result<(), Refusal> {
        let until = self.cancel_until(session);
        if now < until { Ok(()) } else { Err(Refusal::CancelClosed(until)) }
    }

    /// Whether a vendor may be checked in at `session` at `now`.
    pub fn can_check_in(&self, session: &SessionTimes, now: Moment) -> Result<(), Refusal> {
        let (from, until) = self.check_in_window(session);
        if now < from {
            Err(Refusal::CheckInNotYet(from))
        } else if now > until {
            Err(Refusal::CheckInOver(until))
        } else {
            Ok(())
        }
    }
}

/// A moment in China time, to the second; the database compares and shows them to the minute.
pub type Moment = time::PrimitiveDateTime;

/// `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS` (as the Worker's clock writes now) as a moment.
pub fn moment(text: &str) -> Option<Moment> {
    text.is_ascii().then_some(())?;
    let (minute, seconds) = match text.len() {
        16 => (text, 0),
        19 if text.as_bytes()[16] == b':' => (&text[..16], text[17..].parse::<u8>().ok().filter(|s| *s < 60)?),
        _ => return None,
    };
    let (day, clock) = parse_minute(minute)?;
    let clock = clock_time(clock)?.replace_second(seconds).ok()?;
    Some(Moment::new(day, clock))
}

/// A moment as people read it and the database stores it: `YYYY-MM-DD HH:MM`.
pub fn minute_text(at: Moment) -> String {
    format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute())
}

/// `HH:MM` as a time of day.
fn clock_time(text: &str) -> Option<time::Time> {
    is_clock_time(text).then_some(())?;
    time::Time::from_hms(text[..2].parse().ok()?, text[3..].parse().ok()?, 0).ok()
}

/// A session's day and its opening and closing times, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionTimes {
    pub day: Date,
    pub starts: time::Time,
    pub ends: time::Time,
}

impl SessionTimes {
    /// From the stored `YYYY-MM-DD`, `HH:MM` and `HH:MM`.
    pub fn parse(day: &str, starts: &str, ends: &str) -> Option<Self> {
        Some(Self { day: crate::calendar::parse_date(day)?, starts: clock_time(starts)?, ends: clock_time(ends)? })
    }

    pub fn starts_at(&self) -> Moment {
        Moment::new(self.day, self.starts)
    }

    pub fn ends_at(&self) -> Moment {
        Moment::new(self.day, self.ends)
    }
}

/// Why something cannot be done with a session now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotOpenYet(Date),
    BookingClosed(Moment),
    CancelClosed(Moment),
    CheckInNotYet(Moment),
    CheckInOver(Moment),
}

impl Refusal {
    pub fn words(self) -> (String, String) {
        match self {
            Self::NotOpenYet(day) => {
                (format!("这一场 {day} 才开放预约。"), format!("This session opens for booking on {day}."))
            }
            Self::BookingClosed(at) => {
                let at = minute_text(at);
                (format!("这一场已于 {at} 截止预约。"), format!("Booking for this session closed at {at}."))
            }
            Self::CancelClosed(at) => {
                let at = minute_text(at);
                (format!("已过取消时限（{at}），不能再取消。"), format!("The time to cancel ended at {at}."))
            }
            Self::CheckInNotYet(at) => {
                let at = minute_text(at);
                (format!("还没到签到时间：{at} 起可以签到。"), format!("Check-in opens at {at}."))
            }
            Self::CheckInOver(at) => {
                let at = minute_text(at);
                (format!("这一场已结束，签到截至 {at}。"), format!("This session is over: check-in closed at {at}."))
            }
        }
    }
}

/// `n` of a thing in English, singular or plural as it should be: "1 stall", "3 stalls".
pub fn count_of(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The Monday of the week `day` is in: per-week limits count from it.
pub fn week_of(day: Date) -> Date {
    day - time::Duration::days(i64::from(day.weekday().number_days_from_monday()))
}

vocabulary! {
    /// Groups a lottery may favour with more tickets (重点群体). The applicant says which; the
    /// manager sees it on the booking and checks the proof at check-in.
    TargetGroup {
        LowIncome = "low_income", "低保或低收入家庭", "Low-income household";
        Disabled = "disabled", "残疾人", "Person with a disability";
        Veteran = "veteran", "退役军人", "Veteran";
        HardToEmploy = "hard_to_employ", "就业困难人员", "Person finding it hard to get work";
    }
}

vocabulary! {
    /// Where a producer declaration (自产自销声明) stands: own-produce zones are for those who
    /// grow or make what they sell, and a market's manager approves each declaration.
    DeclarationStatus {
        Pending = "pending", "待审核", "Waiting for review";
        Approved = "approved", "已通过", "Approved";
        Rejected = "rejected", "未通过", "Not approved";
    }
}

/// An approved declaration lets its vendor book own-produce stalls for a year: what a farm
/// grows changes with the seasons, so it is looked at again yearly.
pub const DECLARATION_VALID_DAYS: u32 = 365;
pub const MAX_DECLARATION_CHARS: usize = 60;
pub const MAX_REASON_CHARS: usize = 200;

vocabulary! {
    /// What a stall has.
    Amenity {
        Power = "power", "有电", "Power";
        Water = "water", "有水", "Water";
        Canopy = "canopy", "有顶棚", "Canopy";
    }
}

/// The most stalls one batch adds, and the largest number a stall may carry.
pub const MAX_STALLS_PER_BATCH: u32 = 100;
pub const MAX_STALL_NUMBER: u32 = 999;
/// A stall's size in m², and its fee per session in fen (at most ¥1,000).
pub const STALL_SIZE_M2: (f64, f64) = (0.5, 50.0);
pub const MAX_STALL_FEE_FEN: u32 = 100_000;

/// A stall's number: the zone's letters, then the number, two digits at least (A01, G10, N130).
pub fn stall_number(prefix: &str, number: u32) -> String {
    format!("{prefix}{number:02}")
}

/// Where a stall's printed QR code leads: its market's day grid, with the stall picked.
pub fn stall_link(market: i64, stall: i64) -> String {
    format!("/stalls/{market}?stall={stall}")
}

/// Where a booking's QR code leads (the vendor's own bookings); the manager's scan reads the
/// pass from it.
pub fn pass_link(pass: &str) -> String {
    format!("/me/stalls?pass={pass}")
}

/// A booking's pass: 20 lower-case hex characters, made at random when it is booked.
pub fn is_pass(text: &str) -> bool {
    text.len() == 20 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The short code a vendor reads out or shows when the pass cannot be scanned: the stall's
/// number and four digits drawn from the pass (`C12-4821`). One booking holds a stall in a
/// session, so within the session the number finds it and the digits confirm it.
pub fn typed_code(stall_number: &str, pass: &str) -> String {
    let drawn = pass.get(..5).and_then(|hex| u32::from_str_radix(hex, 16).ok()).unwrap_or(0);
    format!("{stall_number}-{:04}", drawn % 10_000)
}

/// What a manager's scan at the market read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scanned {
    /// A vendor's booking QR.
    Pass(String),
    /// A stall's printed QR.
    Stall(i64),
    /// A booking's [`typed_code`], as typed (tidied): the stall's number and the code whole.
    Typed { stall: String, code: String },
}

/// Reads a scan as a camera or a paste gives it: a whole link (any origin) or a bare pass; or a
/// pass's typed code however spaced, dashed or cased (`c12 4821`).
pub fn read_scan(text: &str) -> Option<Scanned> {
    let text = text.trim();
    let query = |name: &str| {
        let (_, query) = text.split_once('?')?;
        query.split(['&', '#']).find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    };
    if let Some(pass) = query("pass") {
        return is_pass(pass).then(|| Scanned::Pass(pass.to_string()));
    }
    if text.contains("/stalls/") {
        return query("stall")?.parse().ok().filter(|id: &i64| *id > 0).map(Scanned::Stall);
    }
    if is_pass(text) {
        return Some(Scanned::Pass(text.to_string()));
    }
    read_typed(text)
}

/// A typed code: one to three letters, the stall's two or three digits, then four digits.
fn read_typed(text: &str) -> Option<Scanned> {
    let tidy: String =
        text.chars().filter(|c| !matches!(c, ' ' | '-' | '·' | '—' | '_')).map(|c| c.to_ascii_uppercase()).collect();
    let letters = tidy.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits = &tidy[letters..];
    let fits =
        (1..=3).contains(&letters) && (6..=7).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    fits.then(|| {
        let stall = tidy[..tidy.len() - 4].to_string();
        Scanned::Typed { code: format!("{stall}-{}", &tidy[tidy.len() - 4..]), stall }
    })
}

/// The text sent the day before a booked session (texts go to mainland phones in Chinese):
/// where and when, and until when it can still be cancelled, nothing personal.
pub fn stall_reminder(market: &str, stall: &str, day: &str, starts: &str, cancel_until: &str) -> String {
    format!(
        "【个体码】摊位提醒：您预约的{market} {stall} 号摊位 {day} {starts} 开市，请带上预约码按时签到。\
         不能来请在 {cancel_until} 前在“我的摊位”取消，未到场会影响以后预约。"
    )
}

/// A fee in fen as people write it in either language: `¥12`, or `¥12.50` when there are jiao
/// or fen.
pub fn yuan(fen: u32) -> String {
    if fen.is_multiple_of(100) { format!("¥{}", fen / 100) } else { format!("¥{}.{:02}", fen / 100, fen % 100) }
}

/// Yuan as people type them (`25`, `25.5`, `25.50`) in fen, without a float's rounding; None
/// for anything else (a sign, a third decimal, letters, too much).
pub fn fen_of(yuan: &str) -> Option<u32> {
    let (whole, fraction) = yuan.trim().split_once('.').unwrap_or((yuan.trim(), ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || (fraction.len() <= 2 && digits(fraction))) {
        return None;
    }
    let fen: u32 = format!("{fraction:0<2}").parse().ok()?;
    whole.parse::<u32>().ok()?.checked_mul(100)?.checked_add(fen)
}

/// `HH:MM` on a 24-hour clock.
pub fn is_clock_time(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && text[..2].parse::<u8>().is_ok_and(|h| h < 24 && b[0].is_ascii_digit() && b[1].is_ascii_digit())
        && text[3..].parse::<u8>().is_ok_and(|m| m < 60 && b[3].is_ascii_digit() && b[4].is_ascii_digit())
}

/// A moment as people type it and the database compares it: `YYYY-MM-DD HH:MM`.
pub fn parse_minute(text: &str) -> Option<(Date, &str)> {
    let (day, clock) = text.split_once(' ')?;
    (is_clock_time(clock)).then_some(())?;
    Some((crate::calendar::parse_date(day)?, clock))
}

/// The longest run of days one plan may open sessions over.
pub const MAX_PLAN_DAYS: i64 = 62;

/// The days a [`SessionPlan`] opens sessions on, or every problem with it, each named by its
/// field. Sessions open from today on, up to [`MAX_PLAN_DAYS`] at a time.
pub fn plan_days(plan: &crate::stalls::api::SessionPlan, today: Date) -> Result<Vec<Date>, Vec<FieldError>> {
    let mut problems = Vec::new();
    let from = crate::calendar::parse_date(&plan.from);
    let to = crate::calendar::parse_date(&plan.to);
    match from {
        None => problems.push(FieldError::new("from", "开始日期须为 YYYY-MM-DD", "Start date must be YYYY-MM-DD")),
        Some(from) if from < today => {
            problems.push(FieldError::new("from", "开始日期不能早于今天", "Start date cannot be before today"))
        }
        Some(_) => {}
    }
    match (from, to) {
        (_, None) => problems.push(FieldError::new("to", "结束日期须为 YYYY-MM-DD", "End date must be YYYY-MM-DD")),
        (Some(from), Some(to)) if to < from => {
            problems.push(FieldError::new("to", "结束日期不能早于开始日期", "End date cannot be before the start date"))
        }
        (Some(from), Some(to)) if crate::calendar::days_between(from, to) >= MAX_PLAN_DAYS => {
            problems.push(FieldError::new(
                "to",
                format!("一次最多安排 {MAX_PLAN_DAYS} 天"),
                format!("One plan covers at most {MAX_PLAN_DAYS} days"),
            ))
        }
        _ => {}
    }
    if plan.weekdays.is_empty() || plan.weekdays.iter().any(|d| !(1..=7).contains(d)) {
        problems.push(FieldError::new("weekdays", "请选择星期几（1 到 7）", "Choose the weekdays (1 to 7)"));
    }
    let starts_ok = is_clock_time(&plan.starts);
    if !starts_ok {
        problems.push(FieldError::new("starts", "开始时间须为 HH:MM", "Start time must be HH:MM"));
    }
    if !is_clock_time(&plan.ends) {
        problems.push(FieldError::new("ends", "结束时间须为 HH:MM", "End time must be HH:MM"));
    } else if starts_ok && plan.ends <= plan.starts {
        problems.push(FieldError::new("ends", "结束时间须晚于开始时间", "End time must be after the start time"));
    }
    match (from, to) {
        (Some(from), Some(to)) if problems.is_empty() => Ok(std::iter::successors(Some(from), |d| d.next_day())
            .take_while(|d| *d <= to)
            .filter(|d| plan.weekdays.contains(&d.weekday().number_from_monday()))
            .collect()),
        _ => Err(problems),
    }
}

/// A lottery's entry as published: the application's number (its order in the draw's input)
/// and its weight (1 for everyone; more for a target group the manager favours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct LotteryEntry {
    pub entry: i64,
    pub weight: u32,
}

/// The heaviest weight an entry may have.
pub const MAX_WEIGHT: u32 = 5;

/// The commitment published before the cutoff: the SHA-256 of the seed's bytes, as hex.
pub fn commitment(seed: &[u8]) -> String {
    crate::hex::encode(&Sha256::digest(seed))
}

/// Whether a revealed seed (hex) is the one committed to; a different one is refused.
pub fn reveals(commitment_hex: &str, seed_hex: &str) -> Option<Vec<u8>> {
    let seed = crate::hex::decode(seed_hex)?;
    (seed.len() == 32 && self::commitment(&seed) == commitment_hex).then_some(seed)
}

/// An entry's ticket `n`: the first 8 bytes of SHA-256(seed ‖ ":" ‖ entry ‖ ":" ‖ n), big-endian.
fn ticket(seed: &[u8], entry: i64, n: u32) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(seed);
    hasher.update(format!(":{entry}:{n}").as_bytes());
    let digest = hasher.finalize();
    u64::from_be_bytes(digest[..8].try_into().unwrap_or_default())
}

/// Every entry in the draw's order: each holds `weight` tickets and ranks by its lowest (ties,
/// vanishingly rare, go to the lower entry number). Integers only, so anyone re-running it from
/// the published seed and entries gets the same order.
pub fn rank(seed: &[u8], entries: &[LotteryEntry]) -> Vec<i64> {
    let mut ranked: Vec<(u64, i64)> = entries
        .iter()
        .map(|e| {
            ((0..e.weight.clamp(1, MAX_WEIGHT)).map(|n| ticket(seed, e.entry, n)).min().unwrap_or(u64::MAX), e.entry)
        })
        .collect();
    ranked.sort_unstable();
    ranked.into_iter().map(|(_, entry)| entry).collect()
}

/// The winners, in rank order: the first `places` of the ranked entries that the draw did not
/// skip (a vendor suspended at the draw, or whom a stall would take over a limit, gives their
/// place to the next).
pub fn winners(ranked: &[i64], skipped: impl Fn(i64) -> bool, places: usize) -> Vec<i64> {
    ranked.iter().copied().filter(|entry| !skipped(*entry)).take(places).collect()
}

/// The draw with nobody skipped: the `places` best entries, in rank order.
pub fn draw(seed: &[u8], entries: &[LotteryEntry], places: usize) -> Vec<i64> {
    winners(&rank(seed, entries), |_| false, places)
}

vocabulary! {
    /// Why the draw passed over an entry, giving its place to the next: what booking checks,
    /// checked again when the stall is given.
    SkipReason {
        Suspended = "suspended", "因多次未到场暂停预约", "Suspended after no-shows";
        OverLimit = "over_limit", "超过每场或每周预约上限", "Over a per-session or weekly limit";
        NoDeclaration = "no_declaration", "没有有效的自产自销声明", "No valid producer declaration";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_plan_s_rules_are_within_every_limit_and_nonsense_is_named_field_by_field() {
        assert!(ZoneRules::PLAN.problems().is_empty());
        let nonsense = ZoneRules { window_days: 400, per_session: 0, per_week: 99, ..ZoneRules::PLAN };
        let fields: Vec<String> = nonsense.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["window_days", "per_session", "per_week"]);
    }

    fn at(text: &str) -> Moment {
        moment(text).unwrap()
    }

    fn morning(day: &str) -> SessionTimes {
        SessionTimes::parse(day, "06:00", "12:00").unwrap()
    }

    #[test]
    fn a_session_opens_its_window_days_ahead_and_booking_closes_when_it_starts() {
        let rules = ZoneRules::PLAN;
        let friday = morning("2026-12-04");
        assert_eq!(rules.bookable(&friday, at("2026-11-27 00:00")), Ok(()));
        assert_eq!(rules.bookable(&friday, at("2026-12-04 05:59:59")), Ok(()));
        assert_eq!(rules.bookable(&friday, at("2026-11-26 23:59")), Err(Refusal::NotOpenYet(date!(2026 - 11 - 27))));
        assert_eq!(
            rules.bookable(&friday, at("2026-12-04 06:00")),
            Err(Refusal::BookingClosed(at("2026-12-04 06:00")))
        );
        // The issue's case: a 06:00–12:00 session seen at 13:00.
        assert_eq!(
            rules.bookable(&friday, at("2026-12-04 13:00")),
            Err(Refusal::BookingClosed(at("2026-12-04 06:00")))
        );
        assert_eq!(
            rules.bookable(&friday, at("2026-12-05 08:00")),
            Err(Refusal::BookingClosed(at("2026-12-04 06:00")))
        );
    }

    #[test]
    fn a_manager_may_close_booking_hours_before_the_start_even_the_evening_before() {
        let rules = ZoneRules { book_until_hours: 10, ..ZoneRules::PLAN };
        let friday = morning("2026-12-04");
        assert_eq!(rules.booking_closes(&friday), at("2026-12-03 20:00"));
        assert_eq!(rules.bookable(&friday, at("2026-12-03 19:59")), Ok(()));
        let refused = rules.bookable(&friday, at("2026-12-03 20:00")).unwrap_err();
        assert_eq!(refused.words().0, "这一场已于 2026-12-03 20:00 截止预约。");
    }

    #[test]
    fn a_booking_may_be_cancelled_only_until_its_deadline_even_across_midnight() {
        let rules = ZoneRules::PLAN;
        let midnight = SessionTimes::parse("2026-12-04", "00:00", "23:59").unwrap();
        assert_eq!(rules.cancel_until(&midnight), at("2026-12-03 22:00"));
        assert_eq!(rules.cancellable(&midnight, at("2026-12-03 21:59:59")), Ok(()));
        assert_eq!(
            rules.cancellable(&midnight, at("2026-12-03 22:00")),
            Err(Refusal::CancelClosed(at("2026-12-03 22:00")))
        );
        let friday = morning("2026-12-04");
        assert!(rules.cancellable(&friday, at("2026-12-04 13:00")).is_err(), "nor once it is over");
        assert_eq!(
            Refusal::CancelClosed(rules.cancel_until(&friday)).words().1,
            "The time to cancel ended at 2026-12-04 04:00."
        );
    }

    #[test]
    fn check_in_runs_from_just_before_the_opening_to_the_grace_after_the_closing() {
        let rules = ZoneRules { check_in_grace_minutes: 30, ..ZoneRules::PLAN };
        let friday = morning("2026-12-04");
        assert_eq!(rules.check_in_window(&friday), (at("2026-12-04 05:30"), at("2026-12-04 12:30")));
        assert_eq!(
            rules.can_check_in(&friday, at("2026-12-04 05:29")),
            Err(Refusal::CheckInNotYet(at("2026-12-04 05:30")))
        );
        for fine in ["2026-12-04 05:30", "2026-12-04 09:00", "2026-12-04 12:30"] {
            assert_eq!(rules.can_check_in(&friday, at(fine)), Ok(()), "{fine}");
        }
        // The issue's case: an hour after closing.
        assert_eq!(
            rules.can_check_in(&friday, at("2026-12-04 13:00")),
            Err(Refusal::CheckInOver(at("2026-12-04 12:30")))
        );
        let strict = ZoneRules { check_in_grace_minutes: 0, ..ZoneRules::PLAN };
        assert!(strict.can_check_in(&friday, at("2026-12-04 12:00:59")).is_err());
        let late = SessionTimes::parse("2026-12-04", "17:00", "23:59").unwrap();
        assert_eq!(rules.check_in_window(&late).1, at("2026-12-05 00:29"), "a grace runs past midnight");
    }

    #[test]
    fn moments_are_read_to_the_second_and_shown_to_the_minute() {
        assert_eq!(minute_text(at("2026-12-04 06:05:59")), "2026-12-04 06:05");
        for bad in ["2026-12-04", "2026-12-04 6:05", "2026-12-04 06:05:60", "2026-12-04T06:05", "2026-12-04 06:05:5x"] {
            assert_eq!(moment(bad), None, "{bad}");
        }
        assert_eq!(SessionTimes::parse("2026-12-04", "06:00", "24:00"), None);
    }

    #[test]
    fn the_rules_name_a_booking_cutoff_or_grace_out_of_range_and_default_when_not_sent() {
        let wild = ZoneRules { book_until_hours: 73, check_in_grace_minutes: 241, ..ZoneRules::PLAN };
        let fields: Vec<String> = wild.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["book_until_hours", "check_in_grace_minutes"]);
    }

    #[test]
    fn a_fee_says_how_and_when_it_is_paid_and_no_fee_says_so() {
        assert_eq!(how_to_pay(3000, FeePayment::CashOrScan).0, "到场签到时向管理员缴纳 ¥30，现金或扫码");
        assert_eq!(how_to_pay(3000, FeePayment::Cash).1, "Pay ¥30 to the manager when you check in: cash only");
        assert_eq!(how_to_pay(0, FeePayment::Scan), ("免摊位费".into(), "No stall fee".into()));
    }

    #[test]
    fn english_counts_say_one_stall_and_two_stalls() {
        assert_eq!(
            (count_of(1, "stall", "stalls"), count_of(2, "stall", "stalls")),
            ("1 stall".into(), "2 stalls".into())
        );
        assert_eq!(count_of(0, "session", "sessions"), "0 sessions");
    }

    #[test]
    fn a_week_runs_monday_to_sunday() {
        assert_eq!(week_of(date!(2026 - 11 - 30)), date!(2026 - 11 - 30));
        assert_eq!(week_of(date!(2026 - 12 - 06)), date!(2026 - 11 - 30));
        assert_eq!(week_of(date!(2026 - 12 - 07)), date!(2026 - 12 - 07));
    }

    #[test]
    fn only_the_committed_seed_is_accepted_when_revealed() {
        let seed = [7u8; 32];
        let committed = commitment(&seed);
        assert_eq!(reveals(&committed, &crate::hex::encode(&seed)), Some(seed.to_vec()));
        assert_eq!(reveals(&committed, &crate::hex::encode(&[8u8; 32])), None, "another seed");
        assert_eq!(reveals(&committed, "not hex"), None);
        assert_eq!(reveals(&commitment(&[7u8; 4]), &crate::hex::encode(&[7u8; 4])), None, "a seed is 32 bytes");
    }

    #[test]
    fn a_draw_re_run_from_its_seed_and_entries_gives_the_same_winners_in_any_input_order() {
        let entries: Vec<LotteryEntry> = (1..=50).map(|entry| LotteryEntry { entry, weight: 1 }).collect();
        let winners = draw(&[1u8; 32], &entries, 10);
        assert_eq!(winners.len(), 10);
        let mut reversed = entries.clone();
        reversed.reverse();
        assert_eq!(draw(&[1u8; 32], &reversed, 10), winners);
        assert_ne!(draw(&[2u8; 32], &entries, 10), winners, "another seed, another draw");
        assert_eq!(draw(&[1u8; 32], &entries[..3], 10).len(), 3, "fewer entries than places: all win");
    }

    #[test]
    fn a_skipped_entry_gives_its_place_to_the_next_in_rank_order() {
        let entries: Vec<LotteryEntry> = (1..=6).map(|entry| LotteryEntry { entry, weight: 1 }).collect();
        let ranked = rank(&[3u8; 32], &entries);
        assert_eq!(ranked.len(), 6);
        assert_eq!(draw(&[3u8; 32], &entries, 3), ranked[..3]);
        let second = ranked[1];
        assert_eq!(winners(&ranked, |e| e == second, 3), [ranked[0], ranked[2], ranked[3]]);
        assert_eq!(winners(&ranked, |e| e != second, 3), [second], "fewer places filled than stalls");
    }

    #[test]
    fn a_heavier_weight_wins_more_often_over_many_draws() {
        let entries = [LotteryEntry { entry: 1, weight: 1 }, LotteryEntry { entry: 2, weight: 3 }];
        let heavy_wins = (0u8..=255).filter(|s| draw(&[*s; 32], &entries, 1) == [2]).count();
        // Three tickets against one: about three in four draws.
        assert!((150..=230).contains(&heavy_wins), "{heavy_wins} of 256");
    }

    #[test]
    fn a_scan_reads_a_booking_pass_or_a_stall_code_from_any_origin_and_nothing_else() {
        let pass = "0123456789abcdef0123";
        assert_eq!(read_scan(&format!("https://x.example{}", pass_link(pass))), Some(Scanned::Pass(pass.into())));
        assert_eq!(read_scan(pass), Some(Scanned::Pass(pass.into())));
        assert_eq!(read_scan(&format!("https://x.example{}", stall_link(2, 41))), Some(Scanned::Stall(41)));
        for junk in ["", "https://x.example/me/stalls?pass=short", "/stalls/2?stall=-1", "/stalls/2", "/c/abc.def"] {
            assert_eq!(read_scan(junk), None, "{junk}");
        }
    }

    #[test]
    fn a_pass_s_typed_code_is_its_stall_and_four_digits_and_reads_back_however_typed() {
        let code = typed_code("C12", "0123456789abcdef0123");
        assert_eq!(code, "C12-4660", "0x01234 is 4660");
        assert_eq!(typed_code("N130", "fffff56789abcdef0123"), "N130-8575", "1048575 mod 10000");
        let typed = Scanned::Typed { stall: "C12".into(), code: code.clone() };
        for as_typed in ["C12-4660", "c12 4660", " c124660 ", "C12·4660"] {
            assert_eq!(read_scan(as_typed), Some(typed.clone()), "{as_typed}");
        }
        assert_eq!(read_scan("N130-8575"), Some(Scanned::Typed { stall: "N130".into(), code: "N130-8575".into() }));
        for junk in ["C12-466", "12-4660", "ABCD12-4660", "C12-46601234", "C1x-4660"] {
            assert_eq!(read_scan(junk), None, "{junk}");
        }
    }

    #[test]
    fn a_plan_of_fridays_to_sundays_opens_those_days_only_and_bad_plans_name_each_field() {
        let plan = crate::stalls::api::SessionPlan {
            from: "2026-11-30".into(),
            to: "2026-12-13".into(),
            weekdays: vec![5, 6, 7],
            starts: "17:00".into(),
            ends: "23:00".into(),
        };
        let days = plan_days(&plan, date!(2026 - 11 - 26)).unwrap();
        let days: Vec<String> = days.into_iter().map(|d| d.to_string()).collect();
        assert_eq!(days, ["2026-12-04", "2026-12-05", "2026-12-06", "2026-12-11", "2026-12-12", "2026-12-13"]);
        let bad = crate::stalls::api::SessionPlan {
            from: "2026-11-01".into(),
            to: "2027-03-01".into(),
            weekdays: vec![0],
            starts: "25:00".into(),
            ends: "17:00".into(),
        };
        let fields: Vec<String> =
            plan_days(&bad, date!(2026 - 11 - 26)).unwrap_err().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["from", "to", "weekdays", "starts"]);
        let backwards = crate::stalls::api::SessionPlan { starts: "18:00".into(), ends: "17:59".into(), ..plan };
        let fields: Vec<String> =
            plan_days(&backwards, date!(2026 - 11 - 26)).unwrap_err().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["ends"]);
    }

    #[test]
    fn clock_times_and_minutes_are_read_strictly() {
        assert!(is_clock_time("00:00") && is_clock_time("23:59"));
        for bad in ["24:00", "7:00", "07:60", "0a:00", "07-00", " 07:00"] {
            assert!(!is_clock_time(bad), "{bad}");
        }
        assert_eq!(parse_minute("2026-12-04 16:00"), Some((date!(2026 - 12 - 04), "16:00")));
        assert_eq!(parse_minute("2026-12-04T16:00"), None);
    }

    #[test]
    fn fees_read_as_yuan_with_jiao_and_fen_only_when_there_are_some() {
        assert_eq!(
            (yuan(0), yuan(5000), yuan(1050), yuan(7)),
            ("¥0".into(), "¥50".into(), "¥10.50".into(), "¥0.07".into())
        );
    }

    #[test]
    fn typed_yuan_become_exact_fen_and_anything_else_nothing() {
        let read: Vec<Option<u32>> =
            ["25", "25.", "25.5", "25.50", " 0.07 ", "0"].iter().map(|typed| fen_of(typed)).collect();
        assert_eq!(read, [Some(2500), Some(2500), Some(2550), Some(2550), Some(7), Some(0)]);
        for junk in ["", ".5", "12.345", "-1", "1e3", "２５", "25元", "99999999999"] {
            assert_eq!(fen_of(junk), None, "{junk}");
        }
        assert_eq!(yuan(fen_of("10.5").unwrap()), "¥10.50", "and back as people read it");
    }

    #[test]
    fn a_fee_is_waived_only_for_a_group_the_zone_waives() {
        let rules = ZoneRules { fee_waived_for: vec![TargetGroup::LowIncome], ..ZoneRules::PLAN };
        assert_eq!(rules.fee_for(1000, Some(TargetGroup::LowIncome)), (0, Some(TargetGroup::LowIncome)));
        assert_eq!(rules.fee_for(1000, Some(TargetGroup::Veteran)), (1000, None));
        assert_eq!(rules.fee_for(1000, None), (1000, None));
        assert_eq!(ZoneRules::PLAN.fee_for(1000, Some(TargetGroup::LowIncome)), (1000, None));
    }

    #[test]
    fn rules_sent_without_fee_waivers_waive_nothing() {
        let json = r#"{"window_days":7,"per_session":1,"per_week":3,"cancel_hours":2,"no_show_limit":3,"no_show_days":30,"suspension_days":14}"#;
        let rules: ZoneRules = serde_json::from_str(json).unwrap();
        assert_eq!(rules, ZoneRules::PLAN);
    }
}
