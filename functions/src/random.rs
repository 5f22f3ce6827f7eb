//! Randomness from the runtime's CSPRNG (Web Crypto under workerd).

use crate::http::{Failure, Outcome};

pub fn bytes<const N: usize>() -> Outcome<[u8; N]> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| Failure::internal(format!("no randomness: {e}")))?;
    Ok(buf)
}

pub fn hex<const N: usize>() -> Outcome<String> {
    Ok(getima_domain::hex::encode(&bytes::<N>()?))
}

pub fn u32() -> Outcome<u32> {
    Ok(u32::from_le_bytes(bytes::<4>()?))
}
