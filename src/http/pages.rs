//! The pages people use: the privacy centre (`/privacy`, customers) and the DPO console
//! (`/console`). Both are static files embedded in the binary (`web/`) that talk to the JSON
//! API with the caller's own token; the server renders nothing personal into them.
//!
//! Every page answer carries a strict Content-Security-Policy: scripts, styles and API calls
//! from this server only, no inline script or style, no frames, nothing from anyone else.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpResponse};
use rust_embed::RustEmbed;

/// `web/` at build time: HTML, scripts, styles and one translation file per language
/// (`web/i18n/<language>.json`; adding a language is adding a file).
#[derive(RustEmbed)]
#[folder = "web/"]
struct Assets;

/// What a page may load and where it may connect: this server, nothing else.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; \
     frame-ancestors 'none'";

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn embedded(path: &str) -> HttpResponse {
    match Assets::get(path) {
        Some(file) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, content_type(path)))
            .insert_header((
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(PAGE_CSP),
            ))
            .body(file.data.into_owned()),
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("not found"),
    }
}

/// `GET /privacy`: the customer's privacy centre.
pub async fn privacy() -> HttpResponse {
    embedded("privacy.html")
}

/// `GET /console`: the data-protection officer's console.
pub async fn console() -> HttpResponse {
    embedded("console.html")
}

/// `GET /assets/{file}`: a script, style or translation of the pages.
pub async fn asset(path: web::Path<String>) -> HttpResponse {
    embedded(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_and_the_english_translation_are_embedded() {
        for path in ["privacy.html", "console.html", "i18n/en.json", "style.css"] {
            assert!(Assets::get(path).is_some(), "{path} is not embedded");
        }
    }

    #[test]
    fn every_translation_has_every_key_of_the_english_one() {
        let keys = |path: &str| -> std::collections::BTreeSet<String> {
            let file = Assets::get(path).expect("embedded");
            let value: serde_json::Value = serde_json::from_slice(&file.data).expect("JSON");
            value
                .as_object()
                .expect("an object")
                .keys()
                .cloned()
                .collect()
        };
        let english = keys("i18n/en.json");
        for path in Assets::iter().filter(|p| p.starts_with("i18n/")) {
            let missing: Vec<_> = english.difference(&keys(&path)).cloned().collect();
            assert!(missing.is_empty(), "{path} lacks {missing:?}");
        }
    }

    #[test]
    fn pages_carry_no_inline_script_or_style() {
        for path in Assets::iter().filter(|p| p.ends_with(".html")) {
            let file = Assets::get(&path).expect("embedded");
            let html = String::from_utf8_lossy(&file.data);
            for tag in ["<script>", "style=", "onclick=", "<style"] {
                assert!(!html.contains(tag), "{path} contains {tag}");
            }
        }
    }
}
