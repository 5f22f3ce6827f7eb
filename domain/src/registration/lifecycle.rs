//! A department task's lifecycle (the part of an application one department decides): in
//! review until decided; returned for correction until the applicant resubmits; closed
//! undecided when another task is refused, the applicant withdraws, or a correction lapses.

use super::{Decision, TaskStatus};
use crate::api::errors::{ApiError, ErrorKind};
use crate::lifecycle::Lifecycle;

/// A step that moves a task, or that its state must allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskAction {
    /// A reviewer of its department decides it.
    Decide(Decision),
    /// A reviewer takes it, hands it back, or the head hands it to a colleague: who holds an
    /// open task changes, its state does not.
    Hold,
    /// The applicant sends the corrections asked for.
    Resubmit,
    /// The applicant withdraws the application: its open tasks close.
    Withdraw,
    /// Another task of the application was refused: the open ones close.
    CloseAfterRefusal,
    /// Corrections not sent in time: the application's open tasks close.
    Lapse,
    /// Past its deadline undecided: the department's head is told.
    Escalate,
}

impl TaskAction {
    pub const ALL: &'static [TaskAction] = &[
        Self::Decide(Decision::Approve),
        Self::Decide(Decision::Return),
        Self::Decide(Decision::Reject),
        Self::Hold,
        Self::Resubmit,
        Self::Withdraw,
        Self::CloseAfterRefusal,
        Self::Lapse,
        Self::Escalate,
    ];
}

/// Who acts on a task: department staff, the applicant, or the Worker's own schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskActor {
    Reviewer,
    Applicant,
    Schedule,
}

/// Why a task does not take a step now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskRefusal {
    /// The step is not this actor's to take.
    NotTheirs,
    /// Decided, closed, or (for a decision) waiting for the applicant's corrections.
    NotOpen,
    /// No correction asked for.
    NothingToCorrect,
    /// Decided or closed already.
    NothingToWithdraw,
    /// Nothing open to close or chase (the schedule skips it).
    NothingToDo,
}

impl Lifecycle for TaskStatus {
    type Action = TaskAction;
    type Actor = TaskActor;
    type Refusal = TaskRefusal;

    const ALL: &'static [Self] = TaskStatus::ALL;

    fn name(self) -> &'static str {
        self.as_str()
    }

    fn actor(action: TaskAction) -> TaskActor {
        match action {
            TaskAction::Decide(_) | TaskAction::Hold => TaskActor::Reviewer,
            TaskAction::Resubmit | TaskAction::Withdraw => TaskActor::Applicant,
            TaskAction::CloseAfterRefusal | TaskAction::Lapse | TaskAction::Escalate => TaskActor::Schedule,
        }
    }

    fn taken_from(action: TaskAction) -> &'static [Self] {
        match action {
            TaskAction::Decide(_) | TaskAction::Escalate => &[TaskStatus::InReview],
            TaskAction::Resubmit => &[TaskStatus::Returned],
            TaskAction::Hold | TaskAction::Withdraw | TaskAction::CloseAfterRefusal | TaskAction::Lapse => &Self::OPEN,
        }
    }

    fn leads_to(action: TaskAction) -> Option<Self> {
        match action {
            TaskAction::Decide(decision) => Some(decision.status()),
            TaskAction::Resubmit => Some(TaskStatus::InReview),
            TaskAction::Withdraw | TaskAction::CloseAfterRefusal | TaskAction::Lapse => Some(TaskStatus::Closed),
            TaskAction::Hold | TaskAction::Escalate => None,
        }
    }

    fn refusal(self, action: TaskAction) -> TaskRefusal {
        match action {
            TaskAction::Decide(_) | TaskAction::Hold => TaskRefusal::NotOpen,
            TaskAction::Resubmit => TaskRefusal::NothingToCorrect,
            TaskAction::Withdraw => TaskRefusal::NothingToWithdraw,
            TaskAction::CloseAfterRefusal | TaskAction::Lapse | TaskAction::Escalate => TaskRefusal::NothingToDo,
        }
    }

    fn not_theirs(_: TaskAction) -> TaskRefusal {
        TaskRefusal::NotTheirs
    }
}

impl TaskStatus {
    /// A task still open: in review, or returned for correction. An application with one and
    /// none refused is still being handled (and holds its name).
    pub const OPEN: [TaskStatus; 2] = [TaskStatus::InReview, TaskStatus::Returned];
    /// A task of an application with one in this state is refused as a whole: nothing else of
    /// it goes on.
    pub const REFUSING: TaskStatus = TaskStatus::Rejected;
    /// The state every task of a granted application is in.
    pub const GRANTED: TaskStatus = TaskStatus::Approved;
}

impl From<TaskRefusal> for ApiError {
    fn from(refusal: TaskRefusal) -> Self {
        match refusal {
            TaskRefusal::NotTheirs => ApiError::new(ErrorKind::Forbidden),
            TaskRefusal::NotOpen | TaskRefusal::NothingToDo => ApiError::new(ErrorKind::NotFound)
                .with_message("没有这项待办，或已经办理。", "No such open task here, or it was already decided."),
            TaskRefusal::NothingToCorrect => ApiError::new(ErrorKind::NothingToCorrect),
            TaskRefusal::NothingToWithdraw => ApiError::new(ErrorKind::NothingToWithdraw),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TaskAction::*;
    use super::TaskRefusal::*;
    use super::TaskStatus::*;
    use super::*;
    use crate::lifecycle::tests::{Expected, check_table};

    const APPROVE: TaskAction = Decide(Decision::Approve);
    const RETURN: TaskAction = Decide(Decision::Return);
    const REJECT: TaskAction = Decide(Decision::Reject);

    #[rustfmt::skip]
    const TABLE: &[(TaskStatus, TaskAction, Expected<TaskStatus>)] = &[
        (InReview, APPROVE, Ok(Approved)),
        (Returned, APPROVE, Err(NotOpen)),
        (Approved, APPROVE, Err(NotOpen)),
        (Rejected, APPROVE, Err(NotOpen)),
        (Closed, APPROVE, Err(NotOpen)),
        (InReview, RETURN, Ok(Returned)),
        (Returned, RETURN, Err(NotOpen)),
        (Approved, RETURN, Err(NotOpen)),
        (Rejected, RETURN, Err(NotOpen)),
        (Closed, RETURN, Err(NotOpen)),
        (InReview, REJECT, Ok(Rejected)),
        (Returned, REJECT, Err(NotOpen)),
        (Approved, REJECT, Err(NotOpen)),
        (Rejected, REJECT, Err(NotOpen)),
        (Closed, REJECT, Err(NotOpen)),
        (InReview, Hold, Ok(InReview)),
        (Returned, Hold, Ok(Returned)),
        (Approved, Hold, Err(NotOpen)),
        (Rejected, Hold, Err(NotOpen)),
        (Closed, Hold, Err(NotOpen)),
        (InReview, Resubmit, Err(NothingToCorrect)),
        (Returned, Resubmit, Ok(InReview)),
        (Approved, Resubmit, Err(NothingToCorrect)),
        (Rejected, Resubmit, Err(NothingToCorrect)),
        (Closed, Resubmit, Err(NothingToCorrect)),
        (InReview, Withdraw, Ok(Closed)),
        (Returned, Withdraw, Ok(Closed)),
        (Approved, Withdraw, Err(NothingToWithdraw)),
        (Rejected, Withdraw, Err(NothingToWithdraw)),
        (Closed, Withdraw, Err(NothingToWithdraw)),
        (InReview, CloseAfterRefusal, Ok(Closed)),
        (Returned, CloseAfterRefusal, Ok(Closed)),
        (Approved, CloseAfterRefusal, Err(NothingToDo)),
        (Rejected, CloseAfterRefusal, Err(NothingToDo)),
        (Closed, CloseAfterRefusal, Err(NothingToDo)),
        (InReview, Lapse, Ok(Closed)),
        (Returned, Lapse, Ok(Closed)),
        (Approved, Lapse, Err(NothingToDo)),
        (Rejected, Lapse, Err(NothingToDo)),
        (Closed, Lapse, Err(NothingToDo)),
        (InReview, Escalate, Ok(InReview)),
        (Returned, Escalate, Err(NothingToDo)),
        (Approved, Escalate, Err(NothingToDo)),
        (Rejected, Escalate, Err(NothingToDo)),
        (Closed, Escalate, Err(NothingToDo)),
    ];

    #[test]
    fn every_task_state_answers_every_step_as_the_table_says_and_only_to_its_actor() {
        check_table(TaskAction::ALL, &[TaskActor::Reviewer, TaskActor::Applicant, TaskActor::Schedule], TABLE);
    }

    #[test]
    fn a_refused_task_step_answers_with_the_kind_the_api_has_always_given() {
        let kind = |refusal: TaskRefusal| ApiError::from(refusal).error;
        assert_eq!(kind(NotOpen), ErrorKind::NotFound);
        assert_eq!(kind(NothingToCorrect), ErrorKind::NothingToCorrect);
        assert_eq!(kind(NothingToWithdraw), ErrorKind::NothingToWithdraw);
        assert_eq!(kind(NotTheirs), ErrorKind::Forbidden);
    }

    #[test]
    fn a_task_decided_or_closed_takes_no_step_at_all() {
        for state in [Approved, Rejected, Closed] {
            for &action in TaskAction::ALL {
                assert!(state.after(action, TaskStatus::actor(action)).is_err(), "{state:?} × {action:?}");
            }
        }
    }
}
