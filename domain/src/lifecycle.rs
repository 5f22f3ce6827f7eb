//! What every lifecycle shares: a pure transition `state × action × actor → next state`, or a
//! refusal that says why. The Worker writes a transition as one compare-and-set statement that
//! binds [`Lifecycle::from`] (the states the action is taken from) and the next state, so no
//! state is spelled in SQL; the CHECK constraints of the migrations list [`Lifecycle::ALL`].

use crate::api::errors::ApiError;

/// A stored status column and the steps that move it.
pub trait Lifecycle: Copy + PartialEq + std::fmt::Debug + 'static {
    type Action: Copy + std::fmt::Debug;
    type Actor: Copy + PartialEq + std::fmt::Debug;
    type Refusal: Copy + PartialEq + std::fmt::Debug + Into<ApiError>;

    /// Every state, as the CHECK constraint of its column lists them.
    const ALL: &'static [Self];

    /// The state as stored (its vocabulary's `as_str`).
    fn name(self) -> &'static str;

    /// Who takes `action`.
    fn actor(action: Self::Action) -> Self::Actor;

    /// The states `action` is taken from.
    fn taken_from(action: Self::Action) -> &'static [Self];

    /// The state `action` leads to; `None` when it leaves the state as it was (a message, a claim).
    fn leads_to(action: Self::Action) -> Option<Self>;

    /// Why `action` is refused in this state (one of the states it is not taken from).
    fn refusal(self, action: Self::Action) -> Self::Refusal;

    /// Why `action` is refused to an actor who does not take it.
    fn not_theirs(action: Self::Action) -> Self::Refusal;

    /// The transition: the next state, or why not.
    fn after(self, action: Self::Action, actor: Self::Actor) -> Result<Self, Self::Refusal> {
        if actor != Self::actor(action) {
            return Err(Self::not_theirs(action));
        }
        if !Self::taken_from(action).contains(&self) {
            return Err(self.refusal(action));
        }
        Ok(Self::leads_to(action).unwrap_or(self))
    }
}

/// The stored names of `states` as a JSON array, bound to `IN (SELECT value FROM json_each(?N))`
/// (names are lower-case words and underscores: nothing to escape).
pub fn json_names<S: Lifecycle>(states: &[S]) -> String {
    let names: Vec<String> = states.iter().map(|s| format!("\"{}\"", s.name())).collect();
    format!("[{}]", names.join(","))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::Lifecycle;

    /// What a row of a lifecycle's table expects: the next state, or the refusal.
    pub type Expected<S> = Result<S, <S as Lifecycle>::Refusal>;

    /// Checks a lifecycle against its table, which must list every (state, action) pair once:
    /// each pair taken by its actor gives what the table says, and every other actor is refused.
    pub fn check_table<S: Lifecycle>(actions: &[S::Action], actors: &[S::Actor], table: &[(S, S::Action, Expected<S>)])
    where
        S::Action: PartialEq,
    {
        for &state in S::ALL {
            for &action in actions {
                let rows: Vec<_> = table.iter().filter(|(s, a, _)| *s == state && *a == action).collect();
                assert_eq!(rows.len(), 1, "the table lists {state:?} × {action:?} once");
                let (_, _, expected) = rows[0];
                assert_eq!(state.after(action, S::actor(action)), *expected, "{state:?} × {action:?}");
                for &actor in actors.iter().filter(|&&actor| actor != S::actor(action)) {
                    assert_eq!(
                        state.after(action, actor),
                        Err(S::not_theirs(action)),
                        "{state:?} × {action:?} by {actor:?}"
                    );
                }
            }
        }
        assert_eq!(table.len(), S::ALL.len() * actions.len(), "the table has no row twice or beyond the vocabulary");
    }
}
