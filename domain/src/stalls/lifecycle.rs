//! The lifecycles of a market: a stall booking (booked, then checked in, cancelled by its
//! vendor, or marked absent), a producer declaration (waiting, then approved or refused) and a
//! lottery (open for entries until drawn).

use super::{BookingStatus, DeclarationStatus};
use crate::api::errors::{ApiError, ErrorKind};
use crate::lifecycle::Lifecycle;

/// A step that moves a booking. A booking starts [`BookingStatus::Booked`] (or checked in, for
/// a walk-in the desk books on the spot, or a lottery's winner).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingAction {
    /// The vendor cancels before the zone's deadline (which the statement binds).
    Cancel,
    /// The desk checks the vendor in.
    CheckIn,
    /// The desk marks the vendor absent once the session has started.
    MarkAbsent,
}

impl BookingAction {
    pub const ALL: &'static [BookingAction] = &[Self::Cancel, Self::CheckIn, Self::MarkAbsent];
}

/// Who acts on a booking: its vendor, or the market's desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingActor {
    Vendor,
    Desk,
}

/// Why a booking does not take a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingRefusal {
    /// The step is not this actor's to take.
    NotTheirs,
    /// It already stands where the step leads: a retry, answered with the booking as it is.
    AlreadyDone,
    /// Checked in or over: too late to cancel.
    NotCancellable,
    /// Cancelled or absent: nothing to check in.
    NotToCheckIn(BookingStatus),
    /// Checked in or cancelled: nobody to mark absent.
    NotToMarkAbsent(BookingStatus),
}

impl BookingStatus {
    /// The bookings that hold their stall for their session (one at a time, by a unique index).
    pub const HOLDING: [BookingStatus; 2] = [BookingStatus::Booked, BookingStatus::CheckedIn];
    /// The state of a booking its vendor gave up: it holds nothing and counts towards no limit.
    pub const GIVEN_UP: BookingStatus = BookingStatus::Cancelled;
}

impl Lifecycle for BookingStatus {
    type Action = BookingAction;
    type Actor = BookingActor;
    type Refusal = BookingRefusal;

    const ALL: &'static [Self] = BookingStatus::ALL;

    fn name(self) -> &'static str {
        self.as_str()
    }

    fn actor(action: BookingAction) -> BookingActor {
        match action {
            BookingAction::Cancel => BookingActor::Vendor,
            BookingAction::CheckIn | BookingAction::MarkAbsent => BookingActor::Desk,
        }
    }

    fn taken_from(_: BookingAction) -> &'static [Self] {
        &[BookingStatus::Booked]
    }

    fn leads_to(action: BookingAction) -> Option<Self> {
        Some(match action {
            BookingAction::Cancel => BookingStatus::Cancelled,
            BookingAction::CheckIn => BookingStatus::CheckedIn,
            BookingAction::MarkAbsent => BookingStatus::NoShow,
        })
    }

    fn refusal(self, action: BookingAction) -> BookingRefusal {
        if Self::leads_to(action) == Some(self) {
            return BookingRefusal::AlreadyDone;
        }
        match action {
            BookingAction::Cancel => BookingRefusal::NotCancellable,
            BookingAction::CheckIn => BookingRefusal::NotToCheckIn(self),
            BookingAction::MarkAbsent => BookingRefusal::NotToMarkAbsent(self),
        }
    }

    fn not_theirs(_: BookingAction) -> BookingRefusal {
        BookingRefusal::NotTheirs
    }
}

impl From<BookingRefusal> for ApiError {
    fn from(refusal: BookingRefusal) -> Self {
        let not_now = ApiError::new(ErrorKind::NotNow);
        match refusal {
            BookingRefusal::NotTheirs => ApiError::new(ErrorKind::Forbidden),
            BookingRefusal::AlreadyDone => not_now
                .with_message("情况刚刚有变化，请刷新后重试。", "Something changed just now; reload and try again."),
            BookingRefusal::NotCancellable => not_now.with_message(
                "这一场已经签到或结束，不能取消。",
                "This session is checked in or over: it cannot be cancelled.",
            ),
            BookingRefusal::NotToCheckIn(status) => {
                let label = status.label();
                not_now.with_message(
                    format!("这个预约{}，不能签到。", label.zh),
                    format!("This booking is {}: it cannot be checked in.", label.en),
                )
            }
            BookingRefusal::NotToMarkAbsent(status) => {
                let label = status.label();
                not_now.with_message(
                    format!("这个预约{}，不能标记未到场。", label.zh),
                    format!("This booking is {}: it cannot be marked absent.", label.en),
                )
            }
        }
    }
}

/// A step that moves a producer declaration; one starts [`DeclarationStatus::Pending`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclarationAction {
    /// The market's desk approves it (for a year) or refuses it.
    Decide { approve: bool },
}

impl DeclarationAction {
    pub const ALL: &'static [DeclarationAction] = &[Self::Decide { approve: true }, Self::Decide { approve: false }];
}

/// Who acts on a declaration: the market's desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclarationActor {
    Vendor,
    Desk,
}

/// Why a declaration does not take a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclarationRefusal {
    NotTheirs,
    /// The same decision again: answered with the declaration as it is.
    AlreadyDone,
    /// Decided the other way already.
    Decided(DeclarationStatus),
}

impl Lifecycle for DeclarationStatus {
    type Action = DeclarationAction;
    type Actor = DeclarationActor;
    type Refusal = DeclarationRefusal;

    const ALL: &'static [Self] = DeclarationStatus::ALL;

    fn name(self) -> &'static str {
        self.as_str()
    }

    fn actor(_: DeclarationAction) -> DeclarationActor {
        DeclarationActor::Desk
    }

    fn taken_from(_: DeclarationAction) -> &'static [Self] {
        &[DeclarationStatus::Pending]
    }

    fn leads_to(DeclarationAction::Decide { approve }: DeclarationAction) -> Option<Self> {
        Some(if approve { DeclarationStatus::Approved } else { DeclarationStatus::Rejected })
    }

    fn refusal(self, action: DeclarationAction) -> DeclarationRefusal {
        if Self::leads_to(action) == Some(self) {
            DeclarationRefusal::AlreadyDone
        } else {
            DeclarationRefusal::Decided(self)
        }
    }

    fn not_theirs(_: DeclarationAction) -> DeclarationRefusal {
        DeclarationRefusal::NotTheirs
    }
}

impl From<DeclarationRefusal> for ApiError {
    fn from(refusal: DeclarationRefusal) -> Self {
        match refusal {
            DeclarationRefusal::NotTheirs => ApiError::new(ErrorKind::Forbidden),
            DeclarationRefusal::AlreadyDone | DeclarationRefusal::Decided(_) => {
                let label = match refusal {
                    DeclarationRefusal::Decided(status) => status.label(),
                    _ => DeclarationStatus::Pending.label(),
                };
                ApiError::new(ErrorKind::AlreadyExists).with_message(
                    format!("这份声明已经审核过（{}）。", label.zh),
                    format!("This declaration was already decided ({}).", label.en),
                )
            }
        }
    }
}

/// Where a lottery stands: taking entries until its draw (its `drawn_at`, not a status column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotteryState {
    Open,
    Drawn,
}

impl LotteryState {
    pub const ALL: &'static [LotteryState] = &[Self::Open, Self::Drawn];

    /// A lottery is drawn once its draw time is written.
    pub fn of(drawn: bool) -> Self {
        if drawn { Self::Drawn } else { Self::Open }
    }
}

/// A step of a lottery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotteryAction {
    /// A vendor enters (or changes their entry) before the cutoff.
    Enter,
    /// The market's desk draws it after the cutoff, once.
    Draw,
}

impl LotteryAction {
    pub const ALL: &'static [LotteryAction] = &[Self::Enter, Self::Draw];
}

/// Who acts on a lottery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotteryActor {
    Vendor,
    Desk,
}

/// Why a lottery does not take a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotteryRefusal {
    NotTheirs,
    /// Drawn already: no more entries, and no second draw (a retry of the draw is answered
    /// with its result).
    Drawn,
}

impl Lifecycle for LotteryState {
    type Action = LotteryAction;
    type Actor = LotteryActor;
    type Refusal = LotteryRefusal;

    const ALL: &'static [Self] = LotteryState::ALL;

    fn name(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Drawn => "drawn",
        }
    }

    fn actor(action: LotteryAction) -> LotteryActor {
        match action {
            LotteryAction::Enter => LotteryActor::Vendor,
            LotteryAction::Draw => LotteryActor::Desk,
        }
    }

    fn taken_from(_: LotteryAction) -> &'static [Self] {
        &[LotteryState::Open]
    }

    fn leads_to(action: LotteryAction) -> Option<Self> {
        match action {
            LotteryAction::Enter => None,
            LotteryAction::Draw => Some(LotteryState::Drawn),
        }
    }

    fn refusal(self, _: LotteryAction) -> LotteryRefusal {
        LotteryRefusal::Drawn
    }

    fn not_theirs(_: LotteryAction) -> LotteryRefusal {
        LotteryRefusal::NotTheirs
    }
}

impl From<LotteryRefusal> for ApiError {
    fn from(refusal: LotteryRefusal) -> Self {
        match refusal {
            LotteryRefusal::NotTheirs => ApiError::new(ErrorKind::Forbidden),
            LotteryRefusal::Drawn => {
                ApiError::new(ErrorKind::NotNow).with_message("这次摇号已经开奖。", "This lottery has been drawn.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::tests::{Expected, check_table};

    #[test]
    fn every_booking_state_answers_every_step_as_the_table_says_and_only_to_its_actor() {
        use BookingAction::*;
        use BookingRefusal::*;
        use BookingStatus::*;
        #[rustfmt::skip]
        let table: &[(BookingStatus, BookingAction, Expected<BookingStatus>)] = &[
            (Booked, Cancel, Ok(Cancelled)),
            (CheckedIn, Cancel, Err(NotCancellable)),
            (Cancelled, Cancel, Err(AlreadyDone)),
            (NoShow, Cancel, Err(NotCancellable)),
            (Booked, CheckIn, Ok(CheckedIn)),
            (CheckedIn, CheckIn, Err(AlreadyDone)),
            (Cancelled, CheckIn, Err(NotToCheckIn(Cancelled))),
            (NoShow, CheckIn, Err(NotToCheckIn(NoShow))),
            (Booked, MarkAbsent, Ok(NoShow)),
            (CheckedIn, MarkAbsent, Err(NotToMarkAbsent(CheckedIn))),
            (Cancelled, MarkAbsent, Err(NotToMarkAbsent(Cancelled))),
            (NoShow, MarkAbsent, Err(AlreadyDone)),
        ];
        check_table(BookingAction::ALL, &[BookingActor::Vendor, BookingActor::Desk], table);
    }

    #[test]
    fn a_booking_holds_its_stall_until_it_is_cancelled_or_its_vendor_stays_away() {
        assert_eq!(BookingStatus::HOLDING, [BookingStatus::Booked, BookingStatus::CheckedIn]);
        assert!(!BookingStatus::HOLDING.contains(&BookingStatus::GIVEN_UP));
    }

    #[test]
    fn a_refused_booking_step_says_what_the_booking_is() {
        let error = ApiError::from(BookingRefusal::NotToCheckIn(BookingStatus::Cancelled));
        assert_eq!(error.error, ErrorKind::NotNow);
        assert_eq!(error.message_en, "This booking is Cancelled: it cannot be checked in.");
    }

    #[test]
    fn every_declaration_state_answers_every_decision_as_the_table_says() {
        use DeclarationRefusal::*;
        use DeclarationStatus::*;
        let (approve, refuse) =
            (DeclarationAction::Decide { approve: true }, DeclarationAction::Decide { approve: false });
        #[rustfmt::skip]
        let table: &[(DeclarationStatus, DeclarationAction, Expected<DeclarationStatus>)] = &[
            (Pending, approve, Ok(Approved)),
            (Approved, approve, Err(AlreadyDone)),
            (Rejected, approve, Err(Decided(Rejected))),
            (Pending, refuse, Ok(Rejected)),
            (Approved, refuse, Err(Decided(Approved))),
            (Rejected, refuse, Err(AlreadyDone)),
        ];
        check_table(DeclarationAction::ALL, &[DeclarationActor::Vendor, DeclarationActor::Desk], table);
    }

    #[test]
    fn a_lottery_takes_entries_and_one_draw_until_it_is_drawn() {
        use LotteryAction::*;
        use LotteryState::*;
        #[rustfmt::skip]
        let table: &[(LotteryState, LotteryAction, Expected<LotteryState>)] = &[
            (Open, Enter, Ok(Open)),
            (Drawn, Enter, Err(LotteryRefusal::Drawn)),
            (Open, Draw, Ok(Drawn)),
            (Drawn, Draw, Err(LotteryRefusal::Drawn)),
        ];
        check_table(LotteryAction::ALL, &[LotteryActor::Vendor, LotteryActor::Desk], table);
        assert_eq!(LotteryState::of(true), Drawn);
    }
}
