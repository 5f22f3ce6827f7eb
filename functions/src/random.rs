//! Randomness from the runtime's CSPRNG (Web Crypto under workerd).

use crate::http::Outcome;

pub fn bytes<const N: usize>() -> Outcome<[u8; N]> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| worker::Error::RustError(format!("no randomness: {e}")))?;
    Ok(buf)
}

pub fn hex<const N: usize>() -> Outcome<String> {
    Ok(getima_domain::hex::encode(&bytes::<N>()?))
}

pub fn u32() -> Outcome<u32> {
    Ok(u32::from_le_bytes(bytes::<4>()?))
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    worker::Date::now().as_millis() / 1000
}
