//! An appeal's lifecycle: 待受理 → 办理中 → 已答复 → 已办结, with its owner able to send an
//! answer back (or a closed appeal, within 7 days) and staff able to pass it on or refer it.

use super::AppealStatus;
use crate::api::errors::{ApiError, ErrorKind};
use crate::lifecycle::Lifecycle;

/// A step that moves an appeal, or that its state must allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealAction {
    /// 首问负责: take an appeal nobody has taken.
    Claim,
    /// Pass it to another department, where it waits to be taken again.
    Transfer,
    /// Refer legal advice up a tier, where it waits to be taken again.
    Refer,
    /// The head hands it to a colleague, who then holds it.
    Assign,
    /// The holder answers it.
    Reply,
    /// Staff write in its thread, or ask another department to help.
    StaffMessage,
    /// The owner writes in its thread.
    OwnerMessage,
    /// The owner confirms the answer and rates it.
    Close,
    /// The owner sends the answer back (a closed appeal only within 7 days of closing, which
    /// the statement checks against the date it binds).
    Reopen,
}

impl AppealAction {
    pub const ALL: &'static [AppealAction] = &[
        Self::Claim,
        Self::Transfer,
        Self::Refer,
        Self::Assign,
        Self::Reply,
        Self::StaffMessage,
        Self::OwnerMessage,
        Self::Close,
        Self::Reopen,
    ];
}

/// Who acts on an appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealActor {
    Owner,
    Staff,
}

/// Why an appeal does not take a step now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealRefusal {
    /// The step is for the other side (owner or staff).
    NotTheirs,
    /// Someone took it already.
    Taken,
    /// Answered or closed: nothing to take, pass on or refer.
    NotOpen,
    /// Answered or closed: not to be handed on.
    NotToHandOn,
    /// Not in a state for this staff step (an answer before taking it, a message once closed).
    NotNow,
    /// The owner writes no more in a closed appeal.
    ClosedToMessages,
    /// Nothing answered yet to confirm.
    NotAnswered,
    /// Still being handled (or closed too long ago, which the statement finds).
    NotReopenable,
}

impl Lifecycle for AppealStatus {
    type Action = AppealAction;
    type Actor = AppealActor;
    type Refusal = AppealRefusal;

    const ALL: &'static [Self] = AppealStatus::ALL;

    fn name(self) -> &'static str {
        self.as_str()
    }

    fn actor(action: AppealAction) -> AppealActor {
        match action {
            AppealAction::OwnerMessage | AppealAction::Close | AppealAction::Reopen => AppealActor::Owner,
            _ => AppealActor::Staff,
        }
    }

    fn taken_from(action: AppealAction) -> &'static [Self] {
        use AppealStatus::*;
        match action {
            AppealAction::Claim => &[Submitted],
            AppealAction::Transfer | AppealAction::Refer | AppealAction::Assign => &[Submitted, Claimed],
            AppealAction::Reply => &[Claimed],
            AppealAction::StaffMessage => &[Claimed, Replied],
            AppealAction::OwnerMessage => &[Submitted, Claimed, Replied],
            AppealAction::Close => &[Replied],
            AppealAction::Reopen => &[Replied, Closed],
        }
    }

    fn leads_to(action: AppealAction) -> Option<Self> {
        use AppealStatus::*;
        match action {
            AppealAction::Transfer | AppealAction::Refer => Some(Submitted),
            AppealAction::Claim | AppealAction::Assign | AppealAction::Reopen => Some(Claimed),
            AppealAction::Reply => Some(Replied),
            AppealAction::Close => Some(Closed),
            AppealAction::StaffMessage | AppealAction::OwnerMessage => None,
        }
    }

    fn refusal(self, action: AppealAction) -> AppealRefusal {
        match action {
            AppealAction::Claim if self == AppealStatus::Claimed => AppealRefusal::Taken,
            AppealAction::Claim | AppealAction::Transfer | AppealAction::Refer => AppealRefusal::NotOpen,
            AppealAction::Assign => AppealRefusal::NotToHandOn,
            AppealAction::Reply | AppealAction::StaffMessage => AppealRefusal::NotNow,
            AppealAction::OwnerMessage => AppealRefusal::ClosedToMessages,
            AppealAction::Close => AppealRefusal::NotAnswered,
            AppealAction::Reopen => AppealRefusal::NotReopenable,
        }
    }

    fn not_theirs(_: AppealAction) -> AppealRefusal {
        AppealRefusal::NotTheirs
    }
}

impl From<AppealRefusal> for ApiError {
    fn from(refusal: AppealRefusal) -> Self {
        let (kind, zh, en) = match refusal {
            AppealRefusal::NotTheirs => {
                let (zh, en) = ErrorKind::Forbidden.message();
                (ErrorKind::Forbidden, zh, en)
            }
            AppealRefusal::Taken => {
                let (zh, en) = ErrorKind::AppealTaken.message();
                (ErrorKind::AppealTaken, zh, en)
            }
            AppealRefusal::NotOpen => {
                (ErrorKind::NotNow, "这件诉求已答复或办结。", "This appeal is already answered or closed.")
            }
            AppealRefusal::NotToHandOn => (
                ErrorKind::NotNow,
                "这件诉求已答复或办结，不能改派。",
                "This appeal is answered or closed; it cannot be handed on.",
            ),
            AppealRefusal::NotNow => {
                (ErrorKind::NotNow, "这件诉求现在不能这样办理。", "This appeal cannot take that step now.")
            }
            AppealRefusal::ClosedToMessages => {
                (ErrorKind::NotNow, "这件诉求已办结，不能再留言。", "This appeal is closed: no more messages.")
            }
            AppealRefusal::NotAnswered => (
                ErrorKind::NotNow,
                "这件诉求还没有答复，不能确认办结。",
                "This appeal has not been answered yet, so it cannot be confirmed.",
            ),
            AppealRefusal::NotReopenable => (
                ErrorKind::NotNow,
                "这件诉求正在办理中，或办结已超过 7 天，不能重新办理。",
                "This appeal is still being handled, or was closed more than 7 days ago, so it cannot be reopened.",
            ),
        };
        ApiError::new(kind).with_message(zh, en)
    }
}

#[cfg(test)]
mod tests {
    use super::AppealAction::*;
    use super::AppealRefusal::*;
    use super::AppealStatus::*;
    use super::*;
    use crate::lifecycle::tests::{Expected, check_table};

    #[rustfmt::skip]
    const TABLE: &[(AppealStatus, AppealAction, Expected<AppealStatus>)] = &[
        (Submitted, Claim, Ok(Claimed)),
        (Claimed, Claim, Err(Taken)),
        (Replied, Claim, Err(NotOpen)),
        (Closed, Claim, Err(NotOpen)),
        (Submitted, Transfer, Ok(Submitted)),
        (Claimed, Transfer, Ok(Submitted)),
        (Replied, Transfer, Err(NotOpen)),
        (Closed, Transfer, Err(NotOpen)),
        (Submitted, Refer, Ok(Submitted)),
        (Claimed, Refer, Ok(Submitted)),
        (Replied, Refer, Err(NotOpen)),
        (Closed, Refer, Err(NotOpen)),
        (Submitted, Assign, Ok(Claimed)),
        (Claimed, Assign, Ok(Claimed)),
        (Replied, Assign, Err(NotToHandOn)),
        (Closed, Assign, Err(NotToHandOn)),
        (Submitted, Reply, Err(NotNow)),
        (Claimed, Reply, Ok(Replied)),
        (Replied, Reply, Err(NotNow)),
        (Closed, Reply, Err(NotNow)),
        (Submitted, StaffMessage, Err(NotNow)),
        (Claimed, StaffMessage, Ok(Claimed)),
        (Replied, StaffMessage, Ok(Replied)),
        (Closed, StaffMessage, Err(NotNow)),
        (Submitted, OwnerMessage, Ok(Submitted)),
        (Claimed, OwnerMessage, Ok(Claimed)),
        (Replied, OwnerMessage, Ok(Replied)),
        (Closed, OwnerMessage, Err(ClosedToMessages)),
        (Submitted, Close, Err(NotAnswered)),
        (Claimed, Close, Err(NotAnswered)),
        (Replied, Close, Ok(Closed)),
        (Closed, Close, Err(NotAnswered)),
        (Submitted, Reopen, Err(NotReopenable)),
        (Claimed, Reopen, Err(NotReopenable)),
        (Replied, Reopen, Ok(Claimed)),
        (Closed, Reopen, Ok(Claimed)),
    ];

    #[test]
    fn every_appeal_state_answers_every_step_as_the_table_says_and_only_to_its_own_side() {
        check_table(AppealAction::ALL, &[AppealActor::Owner, AppealActor::Staff], TABLE);
    }

    #[test]
    fn a_refused_appeal_step_answers_with_the_kind_the_api_has_always_given() {
        let kind = |refusal: AppealRefusal| ApiError::from(refusal).error;
        assert_eq!(kind(Taken), ErrorKind::AppealTaken);
        assert_eq!(kind(NotTheirs), ErrorKind::Forbidden);
        for refusal in [NotOpen, NotToHandOn, NotNow, ClosedToMessages, NotAnswered, NotReopenable] {
            assert_eq!(kind(refusal), ErrorKind::NotNow, "{refusal:?}");
        }
    }
}
