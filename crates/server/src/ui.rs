//! The embedded web UI: three fixed files, served from memory, and the
//! original source of each article as plain text.
//!
//! Only these exact paths are served; nothing is ever read from disk but the
//! store, so there is no path to traverse.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::error::ApiError;
use crate::state::{blocking, AppState};

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");
/// The OpenAPI document of the JSON API.
pub(crate) const OPENAPI: &str = include_str!("../assets/openapi.json");

/// Content Security Policy: only this origin's script and style, no inline
/// script, no plugins, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
                   frame-ancestors 'none'";

/// For the raw source: nothing may load or run, even if a browser sniffed it.
const SOURCE_CSP: &str = "default-src 'none'; sandbox";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/search", get(index))
        .route("/timeline", get(index))
        .route("/articles/{id}", get(index))
        .route("/entities/{id}", get(index))
        .route("/storylines/{id}", get(index))
        .route("/articles/{id}/source", get(source))
        .route("/assets/app.js", get(app_js))
        .route("/assets/app.css", get(app_css))
}

async fn index() -> Response {
    asset("text/html; charset=utf-8", INDEX_HTML)
}

async fn app_js() -> Response {
    asset("text/javascript; charset=utf-8", APP_JS)
}

async fn app_css() -> Response {
    asset("text/css; charset=utf-8", APP_CSS)
}

/// The article's input exactly as read, decoded to UTF-8, as plain text
/// (never rendered as HTML: `nosniff` and a sandboxing CSP come with it).
async fn source(State(st): State<AppState>, id: Result<Path<String>, PathRejection>) -> Response {
    let id = match id {
        Ok(Path(id)) => id,
        Err(e) => return ApiError::bad_request(format!("invalid path: {e}")).into_response(),
    };
    let raw = blocking(move || {
        let store = st.open_store()?;
        store
            .raw(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no stored source for article {id:?}")))
    })
    .await;
    match raw {
        Ok(raw) => (
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
                (header::CONTENT_SECURITY_POLICY, SOURCE_CSP),
            ],
            raw.content,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// Anything else: a JSON 404.
pub(crate) async fn fallback(uri: Uri) -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no such route: {}", uri.path()),
    )
    .into_response()
}

/// Turns the framework's plain-text 405 and 413 answers into JSON errors and
/// adds defensive headers to every response.
pub(crate) async fn security_headers(resp: Response) -> Response {
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let mut resp = match resp.status() {
        StatusCode::PAYLOAD_TOO_LARGE if !is_json => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "request body too large",
        )
        .into_response(),
        StatusCode::METHOD_NOT_ALLOWED if !is_json => {
            let allow = resp.headers().get(header::ALLOW).cloned();
            let mut r = ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "method not allowed on this route",
            )
            .into_response();
            if let Some(a) = allow {
                r.headers_mut().insert(header::ALLOW, a);
            }
            r
        }
        _ => resp,
    };
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    resp
}
