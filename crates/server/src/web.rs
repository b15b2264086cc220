//! The web page: a single page application compiled into the binary, so the server
//! needs no files and the browser loads nothing from anywhere else.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

/// One file of the page.
struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        path: "/",
        content_type: "text/html; charset=utf-8",
        body: include_bytes!("../web/index.html"),
    },
    Asset {
        path: "/assets/app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../web/app.js"),
    },
    Asset {
        path: "/assets/app.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../web/app.css"),
    },
    Asset {
        path: "/assets/world.json",
        content_type: "application/json",
        body: include_bytes!("../web/world.json"),
    },
];

/// What the page may load: only this server, no inline script or style.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Entity tags of the assets, from their contents (stable for one build).
fn etags() -> &'static Vec<String> {
    static TAGS: OnceLock<Vec<String>> = OnceLock::new();
    TAGS.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                a.body.hash(&mut h);
                format!("\"{:016x}\"", h.finish())
            })
            .collect()
    })
}

/// The paths the page is served under.
pub(crate) fn paths() -> impl Iterator<Item = &'static str> {
    ASSETS.iter().map(|a| a.path).chain(["/index.html"])
}

/// Serves the asset at `path`, or 304 when the browser's copy is current.
pub(crate) fn asset(path: &str, headers: &HeaderMap) -> Response {
    let path = if path == "/index.html" { "/" } else { path };
    let Some(i) = ASSETS.iter().position(|a| a.path == path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (a, tag) = (&ASSETS[i], &etags()[i]);
    let mut out = if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == tag || t.trim() == "*")
        }) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, a.content_type)], a.body).into_response()
    };
    let h = out.headers_mut();
    h.insert(
        header::ETAG,
        HeaderValue::from_str(tag).expect("hex in quotes"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_served_with_its_type_and_revalidates() {
        for path in paths() {
            let r = asset(path, &HeaderMap::new());
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            let tag = r.headers()[header::ETAG].clone();
            assert!(r.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .contains("default-src 'self'"));
            let mut again = HeaderMap::new();
            again.insert(header::IF_NONE_MATCH, tag.clone());
            assert_eq!(asset(path, &again).status(), StatusCode::NOT_MODIFIED);
            // A weak tag (as proxies that compress send back) matches too.
            let weak = format!("W/{}", tag.to_str().unwrap());
            again.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&weak).unwrap());
            assert_eq!(asset(path, &again).status(), StatusCode::NOT_MODIFIED);
        }
        assert_eq!(
            asset("/assets/nothing.js", &HeaderMap::new()).status(),
            StatusCode::NOT_FOUND
        );
    }

    #[test]
    fn the_page_loads_nothing_from_elsewhere() {
        for a in ASSETS {
            let text = String::from_utf8_lossy(a.body);
            for needle in ["http://", "https://", "//cdn", "fonts.googleapis"] {
                // The only absolute URLs allowed are in comments about data sources or
                // the SVG namespace, which the browser never fetches.
                for (i, _) in text.match_indices(needle) {
                    let window = &a.body[i.saturating_sub(40)..(i + 40).min(a.body.len())];
                    let around = String::from_utf8_lossy(window);
                    assert!(
                        around.contains("www.w3.org/2000/svg") || around.contains("https://…"),
                        "{} loads from elsewhere: …{around}…",
                        a.path
                    );
                }
            }
        }
    }
}
