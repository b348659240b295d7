//! One cursor format for REST (`cursor`) and GraphQL (`after`): the list's order and the last row's
//! sort key and id, signed with HMAC-SHA-256 so that only cursors this service issued reach a query.

use std::sync::OnceLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

const VERSION: &str = "c2.";
/// Longer than any cursor we issue for ids and keys of sane length; checked before any decoding.
pub const MAX_LEN: usize = 1024;
/// Bytes of the MAC kept in the cursor: 128 bits are plenty against forgery and keep links short.
const MAC_LEN: usize = 16;

static KEY: OnceLock<[u8; 32]> = OnceLock::new();

/// Sets the signing key from a secret (`OPENPLEDGES_CURSOR_SECRET`), so that cursors survive
/// restarts and work across instances. Without one, a random key is made on first use.
pub fn set_secret(secret: &str) {
    let key: [u8; 32] = <Sha256 as sha2::Digest>::digest(secret.as_bytes()).into();
    let _ = KEY.set(key);
}

fn key() -> &'static [u8; 32] {
    KEY.get_or_init(|| {
        let mut key = [0u8; 32];
        key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        key
    })
}

fn mac(body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key()).expect("HMAC takes keys of any length");
    mac.update(body);
    mac
}

/// Where a list stopped: its order (sort name), and the last row's sort key and public id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    #[serde(rename = "o")]
    pub order: String,
    #[serde(rename = "k")]
    pub key: String,
    #[serde(rename = "i")]
    pub id: String,
}

/// Why a cursor was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CursorError {
    /// Not issued by this service (or by one with another secret), or altered.
    Forged,
    /// Issued for a list in another order.
    OtherOrder(String),
}

pub fn encode(order: &str, key: &str, id: &str) -> String {
    let body = serde_json::to_vec(&Position {
        order: order.to_owned(),
        key: key.to_owned(),
        id: id.to_owned(),
    })
    .unwrap_or_default();
    let tag = mac(&body).finalize().into_bytes();
    format!(
        "{VERSION}{}.{}",
        URL_SAFE_NO_PAD.encode(&body),
        URL_SAFE_NO_PAD.encode(&tag[..MAC_LEN])
    )
}

/// The position a cursor stands for, checked against the order of the list it is used on.
pub fn decode(cursor: &str, order: &str) -> Result<Position, CursorError> {
    if cursor.len() > MAX_LEN {
        return Err(CursorError::Forged);
    }
    let rest = cursor.strip_prefix(VERSION).ok_or(CursorError::Forged)?;
    let (body, tag) = rest.rsplit_once('.').ok_or(CursorError::Forged)?;
    let body = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| CursorError::Forged)?;
    let tag = URL_SAFE_NO_PAD
        .decode(tag)
        .map_err(|_| CursorError::Forged)?;
    if tag.len() != MAC_LEN {
        return Err(CursorError::Forged);
    }
    mac(&body)
        .verify_truncated_left(&tag)
        .map_err(|_| CursorError::Forged)?;
    let position: Position = serde_json::from_slice(&body).map_err(|_| CursorError::Forged)?;
    if position.order != order {
        return Err(CursorError::OtherOrder(position.order));
    }
    Ok(position)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let c = encode("-title", "Trygghet", "solvesborg-2022-2023/a3");
        let p = decode(&c, "-title").unwrap();
        assert_eq!(
            (p.key.as_str(), p.id.as_str()),
            ("Trygghet", "solvesborg-2022-2023/a3")
        );
        assert_eq!(
            decode(&c, "id"),
            Err(CursorError::OtherOrder("-title".into()))
        );
    }

    #[test]
    fn forgeries_are_refused() {
        let c = encode("id", "k", "x");
        let (body, tag) = c.rsplit_once('.').unwrap();
        // The same body with a NUL in its key, signed with a guess.
        let forged_body = URL_SAFE_NO_PAD.encode(br#"{"o":"id","k":"\u0000","i":"x"}"#);
        for bad in [
            String::new(),
            "bogus".into(),
            format!("{VERSION}e30"),
            format!("{VERSION}{forged_body}.{tag}"),
            format!("{body}.AAAAAAAAAAAAAAAAAAAAAA"),
            format!("{c}A"),
            format!("{VERSION}{}", "A".repeat(6000)),
        ] {
            assert_eq!(decode(&bad, "id"), Err(CursorError::Forged), "{bad}");
        }
    }
}
