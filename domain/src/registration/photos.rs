//! Photos of an application's materials: what is accepted, and how big. The phone shrinks a
//! photo before sending it; the Worker checks the bytes themselves, not what the client
//! says they are, before anything is stored.

use crate::api::errors::{ApiError, ErrorKind};

/// The longest side the phone scales a photo down to: a page of an ID card or a lease stays
/// legible, and a photo is a few hundred kilobytes on a slow link.
pub const LONGEST_SIDE_PX: u32 = 1600;

/// JPEG quality the phone encodes at (0–1).
pub const JPEG_QUALITY: f64 = 0.82;

/// The most one photo may be. Far above what the phone sends after shrinking, so a phone that
/// cannot shrink still gets a sharp photo through, and far below what would fill storage.
pub const MAX_PHOTO_BYTES: usize = 3 * 1024 * 1024;

/// Pages one material may have (an ID card has two sides; a lease a few pages).
pub const MAX_PAGES: u32 = 4;

/// Photos one appeal may carry: enough to show a problem from a few sides.
pub const MAX_APPEAL_PHOTOS: u32 = 5;

/// The image formats accepted, recognised by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

impl ImageKind {
    /// The format the bytes are in, whatever the request claimed.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(Self::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(Self::Png),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(Self::Webp),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }
}

/// A photo's size as declared before its body is read: refused at once when too big.
pub fn check_declared_size(declared: Option<usize>) -> Result<(), ApiError> {
    match declared {
        Some(len) if len > MAX_PHOTO_BYTES => Err(too_large()),
        _ => Ok(()),
    }
}

/// What an upload's bytes are, or why they are refused.
pub fn check_photo(bytes: &[u8]) -> Result<ImageKind, ApiError> {
    if bytes.is_empty() {
        return Err(ApiError::invalid("photo", "请选择一张照片。", "Choose a photo."));
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(too_large());
    }
    ImageKind::sniff(bytes).ok_or_else(|| {
        ApiError::new(ErrorKind::UnsupportedMediaType).with_message(
            "只能上传照片（JPEG、PNG 或 WebP 格式）。",
            "Only photos can be uploaded (JPEG, PNG or WebP).",
        )
    })
}

/// Refusal of a photo over [`MAX_PHOTO_BYTES`].
pub fn too_large() -> ApiError {
    let megabytes = MAX_PHOTO_BYTES / (1024 * 1024);
    ApiError::new(ErrorKind::PayloadTooLarge).with_message(
        format!("照片太大了，每张最多 {megabytes} MB。"),
        format!("This photo is too large; each may be at most {megabytes} MB."),
    )
}

/// Refusal of one page more than a material may have.
pub fn too_many_pages() -> ApiError {
    ApiError::new(ErrorKind::AlreadyExists).with_message(
        format!("这项材料最多 {MAX_PAGES} 张照片，请先删去一张。"),
        format!("This material takes at most {MAX_PAGES} photos; remove one first."),
    )
}

/// Refusal of a photo beyond [`MAX_APPEAL_PHOTOS`] for one appeal.
pub fn too_many_appeal_photos() -> ApiError {
    ApiError::new(ErrorKind::AlreadyExists).with_message(
        format!("一件诉求最多 {MAX_APPEAL_PHOTOS} 张照片，请先删去一张。"),
        format!("An appeal takes at most {MAX_APPEAL_PHOTOS} photos; remove one first."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_HEADER: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    #[test]
    fn jpeg_png_and_webp_are_recognised_by_their_first_bytes() {
        assert_eq!(ImageKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]), Some(ImageKind::Jpeg));
        assert_eq!(ImageKind::sniff(PNG_HEADER), Some(ImageKind::Png));
        assert_eq!(ImageKind::sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(ImageKind::Webp));
    }

    #[test]
    fn a_document_or_script_named_like_a_photo_is_refused_as_unsupported() {
        for bytes in [&b"%PDF-1.7"[..], b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"GIF89a", b"RIFF\0\0\0\0WAVE"] {
            assert_eq!(check_photo(bytes).unwrap_err().error, ErrorKind::UnsupportedMediaType);
        }
    }

    #[test]
    fn an_empty_upload_names_the_photo_field() {
        let error = check_photo(&[]).unwrap_err();
        assert_eq!(error.error, ErrorKind::InvalidBody);
        assert_eq!(error.fields[0].field, "photo");
    }

    #[test]
    fn a_photo_one_byte_over_the_limit_is_refused_and_one_at_it_is_taken() {
        let mut at_limit = PNG_HEADER.to_vec();
        at_limit.resize(MAX_PHOTO_BYTES, 0);
        assert_eq!(check_photo(&at_limit), Ok(ImageKind::Png));
        at_limit.push(0);
        assert_eq!(check_photo(&at_limit).unwrap_err().error, ErrorKind::PayloadTooLarge);
    }

    #[test]
    fn a_declared_size_over_the_limit_is_refused_before_the_body_is_read() {
        assert!(check_declared_size(None).is_ok());
        assert!(check_declared_size(Some(MAX_PHOTO_BYTES)).is_ok());
        assert_eq!(check_declared_size(Some(MAX_PHOTO_BYTES + 1)).unwrap_err().status(), 413);
    }
}
