//! The web component's script and the shared stylesheet: committed files, built into the binary
//! and served as they are, with ETag and caching.

use actix_web::{get, HttpRequest, HttpResponse};

use crate::http::respond::cached;

/// Source of `<openpledges-pledge>`: plain JavaScript, no build step.
pub const WIDGET_JS: &str = include_str!("assets/widget.js");
/// The one stylesheet of the widget and the pages.
pub const CSS: &str = include_str!("assets/embed.css");

#[get("/widget.js")]
pub async fn widget_js(req: HttpRequest) -> HttpResponse {
    cached(
        &req,
        "text/javascript; charset=utf-8",
        WIDGET_JS.as_bytes().to_vec(),
    )
}

#[get("/assets/embed.css")]
pub async fn css(req: HttpRequest) -> HttpResponse {
    cached(&req, "text/css; charset=utf-8", CSS.as_bytes().to_vec())
}
