//! Proof of work: how a busy network is slowed without anyone on it being refused.
//!
//! Thousands of phones share one carrier address, so a network may not be refused sign-in
//! codes once some count is reached (the next honest person behind it would be locked out,
//! and anyone there could use the allowance up in a second). Past a free allowance, each
//! code from that network costs a little work instead: the server hands out a signed
//! challenge, the phone finds a nonce whose SHA-256 with it starts with `bits` zero bits
//! (a fraction of a second to a few seconds on a phone), and the server checks it in
//! microseconds and accepts each solved challenge once. The busier the network, the more
//! bits — up to what a slow phone still does in a few seconds.

use crate::hex;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Fewest zero bits asked for: about 16 thousand hashes.
pub const MIN_BITS: u8 = 14;
/// Most zero bits asked for: about a million hashes, a few seconds on a slow phone.
pub const MAX_BITS: u8 = 20;
/// How long a challenge may be solved and used.
pub const CHALLENGE_TTL_SECONDS: u64 = 300;

/// A challenge as handed out: its text (`<issued>.<bits>.<salt>.<mac>`) and how many
/// leading zero bits a solution's hash needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Challenge {
    pub text: String,
    pub bits: u8,
}

/// A solved challenge, sent back with the request it pays for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Proof {
    pub challenge: String,
    pub nonce: u64,
}

/// Why a proof is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofProblem {
    /// Not a challenge of ours, or issued to another network.
    NotIssued,
    /// Too old to use: a new one is needed.
    Expired,
    /// The nonce does not solve it.
    Unsolved,
}

/// The bits to ask of a network that has already been sent `paid` codes beyond its free
/// allowance this window: [`MIN_BITS`] for the first 32, then one more for each doubling, up
/// to [`MAX_BITS`] (past a thousand an hour).
pub fn bits_for(paid: u64) -> u8 {
    let doublings = u64::BITS - (paid / 32).leading_zeros();
    (MIN_BITS as u32 + doublings).min(MAX_BITS as u32) as u8
}

/// Signs and checks challenges, keyed by a server secret.
#[derive(Clone)]
pub struct ChallengeKey(Vec<u8>);

impl ChallengeKey {
    pub fn new(secret: &[u8]) -> Option<Self> {
        (secret.len() >= 16).then(|| Self(secret.to_vec()))
    }

    fn mac(&self, subject: &str, body: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"getima-pow/1:");
        mac.update(subject.as_bytes());
        mac.update(b"|");
        mac.update(body.as_bytes());
        mac
    }

    /// A challenge for `subject` (the network it is for), issued at `now` (Unix seconds);
    /// `salt` makes each one different.
    pub fn issue(&self, subject: &str, now: u64, bits: u8, salt: &str) -> Challenge {
        let body = format!("{now}.{bits}.{salt}");
        let mac = hex::encode(&self.mac(subject, &body).finalize().into_bytes()[..16]);
        Challenge { text: format!("{body}.{mac}"), bits }
    }

    /// Checks that `proof` solves a live challenge issued to `subject`.
    pub fn check(&self, subject: &str, proof: &Proof, now: u64) -> Result<(), ProofProblem> {
        let (body, mac) = proof.challenge.rsplit_once('.').ok_or(ProofProblem::NotIssued)?;
        let mac = hex::decode(mac).filter(|m| m.len() == 16).ok_or(ProofProblem::NotIssued)?;
        self.mac(subject, body).verify_truncated_left(&mac).map_err(|_| ProofProblem::NotIssued)?;
        let mut parts = body.split('.');
        let issued: u64 = parts.next().and_then(|p| p.parse().ok()).ok_or(ProofProblem::NotIssued)?;
        let bits: u8 = parts.next().and_then(|p| p.parse().ok()).ok_or(ProofProblem::NotIssued)?;
        if now > issued + CHALLENGE_TTL_SECONDS || issued > now + 60 {
            return Err(ProofProblem::Expired);
        }
        if !solves(&proof.challenge, proof.nonce, bits) {
            return Err(ProofProblem::Unsolved);
        }
        Ok(())
    }
}

/// Whether SHA-256 of `<challenge>:<nonce>` starts with `bits` zero bits.
pub fn solves(challenge: &str, nonce: u64, bits: u8) -> bool {
    solved_after(&prefix(challenge), nonce, bits)
}

/// The hash's state after `<challenge>:`, which every nonce shares.
fn prefix(challenge: &str) -> Sha256 {
    Sha256::new().chain_update(challenge.as_bytes()).chain_update(b":")
}

fn solved_after(prefix: &Sha256, nonce: u64, bits: u8) -> bool {
    // The nonce in decimal, written without allocating: this runs a million times.
    let (mut digits, mut at, mut n) = ([0u8; 20], 20, nonce);
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let hash = prefix.clone().chain_update(&digits[at..]).finalize();
    leading_zero_bits(&hash) >= u32::from(bits)
}

fn leading_zero_bits(bytes: &[u8]) -> u32 {
    let mut zeros = 0;
    for byte in bytes {
        zeros += byte.leading_zeros();
        if *byte != 0 {
            break;
        }
    }
    zeros
}

/// Tries the nonces `from..from + count` and returns the first that solves `challenge`:
/// the app works in slices like this so the page keeps answering taps meanwhile.
pub fn search(challenge: &Challenge, from: u64, count: u64) -> Option<u64> {
    let prefix = prefix(&challenge.text);
    (from..from.saturating_add(count)).find(|&nonce| solved_after(&prefix, nonce, challenge.bits))
}

/// Solves `challenge` in one go (for clients without a page to keep alive).
pub fn solve(challenge: &Challenge) -> Proof {
    let nonce = search(challenge, 0, u64::MAX).expect("a nonce exists");
    Proof { challenge: challenge.text.clone(), nonce }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ChallengeKey {
        ChallengeKey::new(b"a key of sixteen bytes or more").expect("long enough")
    }

    #[test]
    fn a_solved_challenge_is_accepted_for_its_network_while_it_lives() {
        let challenge = key().issue("203.0.113.7", 1_000, MIN_BITS, "s1");
        let proof = solve(&challenge);
        assert_eq!(key().check("203.0.113.7", &proof, 1_000), Ok(()));
        assert_eq!(key().check("203.0.113.7", &proof, 1_000 + CHALLENGE_TTL_SECONDS), Ok(()));
        assert_eq!(key().check("203.0.113.7", &proof, 1_001 + CHALLENGE_TTL_SECONDS), Err(ProofProblem::Expired));
        assert_eq!(key().check("203.0.113.8", &proof, 1_000), Err(ProofProblem::NotIssued));
    }

    #[test]
    fn a_wrong_nonce_a_forged_challenge_or_raised_bits_are_refused() {
        let challenge = key().issue("net", 1_000, MIN_BITS, "s2");
        let proof = solve(&challenge);
        let wrong = (0..).find(|&n| !solves(&challenge.text, n, MIN_BITS)).expect("most nonces fail");
        assert_eq!(key().check("net", &Proof { nonce: wrong, ..proof.clone() }, 1_000), Err(ProofProblem::Unsolved));
        let lowered = proof.challenge.replacen(&format!(".{MIN_BITS}."), ".1.", 1);
        assert_eq!(
            key().check("net", &Proof { challenge: lowered, ..proof.clone() }, 1_000),
            Err(ProofProblem::NotIssued)
        );
        let other_key = ChallengeKey::new(b"another key, also long enough").expect("long enough");
        assert_eq!(other_key.check("net", &proof, 1_000), Err(ProofProblem::NotIssued));
        for junk in ["", "1000", "1000.14.s.", "1000.14.s.zz", "x.14.s.00000000000000000000000000000000"] {
            let junk = Proof { challenge: junk.into(), nonce: 0 };
            assert_eq!(key().check("net", &junk, 1_000), Err(ProofProblem::NotIssued), "{junk:?}");
        }
    }

    #[test]
    fn a_busier_network_is_asked_for_more_work_up_to_what_a_phone_can_do() {
        assert_eq!(bits_for(0), MIN_BITS);
        assert_eq!(bits_for(31), MIN_BITS);
        assert_eq!(bits_for(32), MIN_BITS + 1);
        assert_eq!(bits_for(64), MIN_BITS + 2);
        assert_eq!(bits_for(1_023), MAX_BITS - 1);
        assert_eq!(bits_for(1_024), MAX_BITS);
        assert_eq!(bits_for(1_000_000), MAX_BITS);
        assert!((0..10_000).map(bits_for).is_sorted());
    }

    #[test]
    fn a_search_in_slices_finds_what_solving_at_once_finds() {
        let challenge = key().issue("net", 5, MIN_BITS, "s3");
        let whole = solve(&challenge).nonce;
        let sliced = (0..).step_by(1000).find_map(|from| search(&challenge, from, 1000)).expect("found");
        assert_eq!(sliced, whole);
    }
}
