//! Proofs of work from busy networks (see `getima_domain::pow`): challenges handed out signed,
//! and each solved one accepted once.

use crate::config::Config;
use crate::http::{Failure, Outcome};
use crate::{clock, d1, limits, random};
use getima_domain::accounts::pow::{CHALLENGE_TTL_SECONDS, Proof, ProofProblem, bits_for};
use getima_domain::accounts::sessions::secret_digest;
use getima_domain::api::{ApiError, ErrorKind};
use getima_domain::limits::PAID_CODES_PER_NETWORK;

/// The refusal that asks for a proof: a fresh challenge for `network`, as hard as the
/// network has been busy this hour.
pub async fn required(config: &Config, network: &str) -> Outcome<Failure> {
    let paid = limits::counted(config, &subject(network), PAID_CODES_PER_NETWORK).await?;
    let challenge = config.challenge_key.issue(network, clock::now_seconds(), bits_for(paid), &random::hex::<8>()?);
    Ok(ApiError { challenge: Some(challenge), retry_after: Some(0), ..ApiError::new(ErrorKind::ChallengeRequired) }
        .into())
}

/// Accepts `proof` from `network` once; a proof that is stale or already used is answered
/// with a new challenge, one that was never ours or is unsolved as a bad field.
pub async fn spend(config: &Config, network: &str, proof: &Proof) -> Outcome<()> {
    let now = clock::now_seconds();
    match config.challenge_key.check(network, proof, now) {
        Ok(()) => {}
        Err(ProofProblem::Expired) => return Err(required(config, network).await?),
        Err(ProofProblem::NotIssued | ProofProblem::Unsolved) => {
            return Err(ApiError::invalid(
                "proof",
                "安全验证未通过，请重新获取验证码",
                "The security check did not pass; ask for the code again",
            )
            .into());
        }
    }
    let spent = config
        .db
        .prepare(
            "INSERT INTO spent_proofs (challenge_digest, expires_at) VALUES (?1, ?2)
             ON CONFLICT (challenge_digest) DO NOTHING RETURNING challenge_digest",
        )
        .bind(&[secret_digest(&proof.challenge).into(), d1::int((now + CHALLENGE_TTL_SECONDS + 60) as i64)])?
        .first::<String>(Some("challenge_digest"))
        .await?;
    if spent.is_none() {
        return Err(required(config, network).await?);
    }
    limits::take_one(config, &subject(network), PAID_CODES_PER_NETWORK).await?;
    Ok(())
}

fn subject(network: &str) -> String {
    format!("client:{network}")
}
