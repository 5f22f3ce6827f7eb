//! Signed, short-lived access tokens: `<payload>.<signature>`, both base64url-free hex, the
//! payload `<session id>.<person id>.<expiry, unix seconds>`, the signature HMAC-SHA256.
//! Revocation is not in the token: the Worker also checks the session still exists.

use crate::hex;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Access tokens live 15 minutes; refresh tokens (opaque, kept in KV) 30 days.
pub const ACCESS_TTL_SECONDS: u64 = 15 * 60;
pub const REFRESH_TTL_SECONDS: u64 = 30 * 24 * 3600;

/// Where the app keeps a device's session in `localStorage` (tests put one there too), and
/// where it notes that the server ended the session rather than the person signing out.
pub const SESSION_STORAGE_KEY: &str = "getima.session";
pub const SESSION_ENDED_STORAGE_KEY: &str = "getima.session-ended";

/// The cookie that mirrors the device's access token (and lives no longer), so that the
/// Worker can draw the person's own records into a page they open. Script can read it, as it
/// can `localStorage`; the API never reads it, so it cannot make a request count as theirs.
pub const ACCESS_COOKIE: &str = "getima_access";

/// What is stored for a one-use secret (a refresh token, a one-time code): its SHA-256, so
/// reading the store does not hand out working secrets.
pub fn secret_digest(token: &str) -> String {
    use sha2::Digest;
    hex::encode(&Sha256::digest(token.as_bytes()))
}

/// A refresh token is 32 random bytes as lower-case hex; nothing in it names its session.
pub fn is_refresh_token(token: &str) -> bool {
    token.len() == 64 && hex::decode(token).is_some()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    pub session_id: String,
    pub person_id: i64,
    pub expires_at: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Malformed,
    BadSignature,
    Expired,
}

#[derive(Clone)]
pub struct SessionKey(Vec<u8>);

impl SessionKey {
    pub fn new(secret: &[u8]) -> Option<Self> {
        (secret.len() >= 16).then(|| Self(secret.to_vec()))
    }

    fn signature(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"getima-access/1:");
        mac.update(payload.as_bytes());
        mac
    }

    pub fn sign(&self, claims: &Claims) -> String {
        let payload = format!("{}.{}.{}", claims.session_id, claims.person_id, claims.expires_at);
        let signature = hex::encode(&self.signature(&payload).finalize().into_bytes());
        format!("{payload}.{signature}")
    }

    /// Verifies the signature first, so nothing about an unsigned token is trusted.
    pub fn verify(&self, token: &str, now: u64) -> Result<Claims, TokenError> {
        let (payload, signature) = token.rsplit_once('.').ok_or(TokenError::Malformed)?;
        let signature = hex::decode(signature).ok_or(TokenError::Malformed)?;
        self.signature(payload).verify_slice(&signature).map_err(|_| TokenError::BadSignature)?;
        let mut parts = payload.split('.');
        let (Some(session_id), Some(person_id), Some(expires_at), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let claims = Claims {
            session_id: session_id.to_string(),
            person_id: person_id.parse().map_err(|_| TokenError::Malformed)?,
            expires_at: expires_at.parse().map_err(|_| TokenError::Malformed)?,
        };
        if claims.expires_at <= now {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SessionKey {
        SessionKey::new(b"a session key of enough length").unwrap()
    }

    fn claims() -> Claims {
        Claims { session_id: "abc123".into(), person_id: 42, expires_at: 1_000 }
    }

    #[test]
    fn signed_tokens_verify_until_they_expire() {
        let token = key().sign(&claims());
        assert_eq!(key().verify(&token, 999), Ok(claims()));
        assert_eq!(key().verify(&token, 1_000), Err(TokenError::Expired));
    }

    #[test]
    fn tampered_or_foreign_tokens_are_rejected() {
        let token = key().sign(&claims());
        let raised = token.replacen(".42.", ".43.", 1);
        assert_eq!(key().verify(&raised, 0), Err(TokenError::BadSignature));
        let longer = token.replacen(".1000.", ".9999999999.", 1);
        assert_eq!(key().verify(&longer, 0), Err(TokenError::BadSignature));
        let other = SessionKey::new(b"some other key, also long").unwrap();
        assert_eq!(other.verify(&token, 0), Err(TokenError::BadSignature));
    }

    #[test]
    fn an_upper_case_signature_is_not_the_token_that_was_issued() {
        let token = key().sign(&claims());
        let (payload, signature) = token.rsplit_once('.').unwrap();
        let shouted = format!("{payload}.{}", signature.to_ascii_uppercase());
        assert_eq!(key().verify(&shouted, 0), Err(TokenError::Malformed));
    }

    #[test]
    fn refresh_tokens_are_64_lower_case_hex_digits() {
        assert!(is_refresh_token(&"ab".repeat(32)));
        assert!(!is_refresh_token(&"AB".repeat(32)));
        assert!(!is_refresh_token(&"ab".repeat(31)));
        assert!(!is_refresh_token("1.abc123.ffff"));
    }

    #[test]
    fn garbage_is_malformed() {
        for garbage in ["", "abc", "a.b.c.zz", "a.b.c.d.e"] {
            assert!(
                matches!(key().verify(garbage, 0), Err(TokenError::Malformed | TokenError::BadSignature)),
                "{garbage}"
            );
        }
    }
}
