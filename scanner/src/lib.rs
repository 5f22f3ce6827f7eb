//! The phone's camera as a QR reader. It is a wasm module of its own, fetched the first time
//! someone taps scan (ui/src/scan.rs), so the page a scan opens stays small: the app shows
//! the video and the words, this module runs the camera and reads its frames.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream, MediaStreamConstraints,
    MediaStreamTrack, MediaTrackConstraints,
};

/// Frames are read at most this many pixels on their long side; a poster's code is large in
/// the frame, and more pixels only cost time on a slow phone.
const FRAME_SIDE: f64 = 640.0;

/// The back camera playing into a `<video>`, read one frame at a time.
#[wasm_bindgen]
pub struct Camera {
    video: HtmlVideoElement,
    stream: MediaStream,
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

#[wasm_bindgen]
impl Camera {
    /// Starts the back camera into `video`. A refusal rejects with the browser's reason
    /// (`NotAllowedError` when the person or a policy said no).
    pub async fn open(video: HtmlVideoElement) -> Result<Camera, JsValue> {
        let window = web_sys::window().ok_or("no window")?;
        // Everything that can fail is made before the camera starts, so a failure never
        // leaves it running with nothing to stop it.
        let canvas: HtmlCanvasElement =
            window.document().ok_or("no document")?.create_element("canvas")?.unchecked_into();
        let options = Object::new();
        Reflect::set(&options, &"willReadFrequently".into(), &true.into())?;
        let context = canvas.get_context_with_context_options("2d", &options)?.ok_or("no 2d canvas")?.unchecked_into();
        let constraints = MediaStreamConstraints::new();
        let track = MediaTrackConstraints::new();
        track.set_facing_mode_str("environment");
        constraints.set_video(&track);
        constraints.set_audio_bool(false);
        let request = window.navigator().media_devices()?.get_user_media_with_constraints(&constraints)?;
        let stream: MediaStream = JsFuture::from(request).await?.unchecked_into();
        video.set_src_object(Some(&stream));
        let camera = Camera { video, stream, canvas, context };
        let playing = camera.video.play().map(JsFuture::from);
        let played = match playing {
            Ok(playing) => playing.await.is_ok(),
            Err(_) => false,
        };
        if !played {
            camera.close();
            // Not the browser's NotAllowedError: the person did allow the camera.
            return Err("PlayFailed".into());
        }
        Ok(camera)
    }

    /// The text of a QR code in the current frame, if it shows one.
    pub fn read(&self) -> Option<String> {
        const HAVE_CURRENT_DATA: u16 = 2;
        let (width, height) = (f64::from(self.video.video_width()), f64::from(self.video.video_height()));
        if self.video.ready_state() < HAVE_CURRENT_DATA || width == 0.0 || height == 0.0 {
            return None;
        }
        let scale = (FRAME_SIDE / width.max(height)).min(1.0);
        let (width, height) = ((width * scale).round(), (height * scale).round());
        self.canvas.set_width(width as u32);
        self.canvas.set_height(height as u32);
        self.context.draw_image_with_html_video_element_and_dw_and_dh(&self.video, 0.0, 0.0, width, height).ok()?;
        let frame = self.context.get_image_data(0.0, 0.0, width, height).ok()?;
        read_qr(width as usize, height as usize, &frame.data())
    }

    /// Turns the camera off (its light with it) and lets go of the video.
    pub fn close(&self) {
        for track in self.stream.get_tracks() {
            track.unchecked_into::<MediaStreamTrack>().stop();
        }
        self.video.set_src_object(None);
    }
}

/// The text of the first readable QR code in an RGBA frame (as a canvas's `getImageData`
/// gives it), or nothing when the frame holds none or the pixels do not fit the size.
pub fn read_qr(width: usize, height: usize, rgba: &[u8]) -> Option<String> {
    if width.checked_mul(height)?.checked_mul(4)? != rgba.len() {
        return None;
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let i = (y * width + x) * 4;
        luma(rgba[i], rgba[i + 1], rgba[i + 2])
    });
    image.detect_grids().into_iter().find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// Rec. 601 brightness, the weighting cameras themselves use for the picture's grey.
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::{Color, QrCode};

    /// A frame as a camera might see a poster: the code `scale` pixels per module, in `ink` on
    /// white, somewhere inside a larger grey frame.
    fn frame(text: &str, scale: usize, ink: [u8; 3]) -> (usize, usize, Vec<u8>) {
        let code = QrCode::new(text).expect("encodable");
        let modules = code.width();
        let colors = code.to_colors();
        let (width, height) = (480, 360);
        let (left, top) = (60, 40);
        let quiet = 4 * scale;
        let mut rgba = vec![150; width * height * 4];
        for y in 0..height {
            for x in 0..width {
                let (cx, cy) = (x as isize - left as isize, y as isize - top as isize);
                let side = (modules * scale + 2 * quiet) as isize;
                if cx < 0 || cy < 0 || cx >= side || cy >= side {
                    continue;
                }
                let (mx, my) = ((cx as usize).checked_sub(quiet), (cy as usize).checked_sub(quiet));
                let dark = matches!((mx, my), (Some(mx), Some(my))
                    if mx / scale < modules && my / scale < modules
                        && colors[(my / scale) * modules + mx / scale] == Color::Dark);
                let i = (y * width + x) * 4;
                let [r, g, b] = if dark { ink } else { [255, 255, 255] };
                rgba[i..i + 4].copy_from_slice(&[r, g, b, 255]);
            }
        }
        (width, height, rgba)
    }

    #[test]
    fn a_business_code_url_in_a_frame_is_read_back_whole() {
        let url = "https://getima.example.org/c/3303020000000001X7Q";
        let (w, h, rgba) = frame(url, 4, [0, 0, 0]);
        assert_eq!(read_qr(w, h, &rgba).as_deref(), Some(url));
    }

    #[test]
    fn a_code_printed_in_the_brand_green_is_read_too() {
        let url = "https://getima.example.org/c/ABC";
        let (w, h, rgba) = frame(url, 4, [0x06, 0x75, 0x3a]);
        assert_eq!(read_qr(w, h, &rgba).as_deref(), Some(url));
    }

    #[test]
    fn a_frame_without_a_code_reads_as_nothing() {
        let (w, h, mut rgba) = frame("https://getima.example.org/c/ABC", 4, [0, 0, 0]);
        // The same scene with the code painted over.
        rgba.iter_mut().for_each(|byte| *byte = 200);
        assert_eq!(read_qr(w, h, &rgba), None);
    }

    #[test]
    fn pixels_that_do_not_fit_the_size_read_as_nothing() {
        assert_eq!(read_qr(480, 360, &[0; 16]), None);
        assert_eq!(read_qr(usize::MAX, 2, &[]), None);
    }
}
