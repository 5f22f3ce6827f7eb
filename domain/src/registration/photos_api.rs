//! Photos of an application's materials, uploaded one page at a time to the draft of a
//! bundle, attached to the application when it is filed, shown to the applicant and to the
//! staff whose task needs that material; and photos sent with an appeal, uploaded under its
//! submission key, attached when it is filed, shown to its owner and the staff on it.

use crate::api::contract::Api;
use serde::{Deserialize, Serialize};
use std::any::TypeId;

/// One uploaded page of a material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PhotoRef {
    /// Unguessable; the photo itself is at `/api/photos/{id}`.
    pub id: String,
    /// The material it is a page of, with both names; `appeal` for a photo sent with an appeal.
    pub material: crate::api::contract::Named,
    pub media_type: String,
    pub bytes: u32,
    pub uploaded_at: String,
}

/// `GET /api/me/drafts/{bundle}/photos`: the pages uploaded so far, by material, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Photos {
    pub photos: Vec<PhotoRef>,
}

/// The body of an upload: the image itself (`image/jpeg`, `image/png` or `image/webp`), not
/// JSON. The Worker reads it as bytes; the type marks the endpoint in the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct PhotoUpload(pub Vec<u8>);

/// A stored photo as sent back: its media type and bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Photo {
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// Whether an endpoint's body is an image rather than JSON.
pub fn takes_photo<E: Api>() -> bool {
    TypeId::of::<E::Input>() == TypeId::of::<PhotoUpload>()
}
