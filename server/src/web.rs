//! The whole HTTP surface: the API under /api, the built app everywhere else.

use std::path::Path;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, SET_COOKIE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, Response, StatusCode};
use axum::routing::any;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::api::{self, AppState};
use crate::assets::Assets;
use crate::auth::SESSION_COOKIE;

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'";

/// `assets` is the built app, or `None` when `dist` holds none.
pub fn router(
    state: AppState,
    assets: Option<Assets>,
    dist: &Path,
    dev_session: Option<&str>,
) -> Router {
    let router = Router::new()
        .nest("/api", api::routes(state))
        .route("/api/", any(api::no_such_endpoint));
    let router = if let Some(assets) = assets {
        // Unknown paths under the base get index.html with 200 so client-side routes
        // (/notifications, /audit-logs?x=1) load the app.
        let assets = Arc::new(assets);
        std::thread::spawn({
            let assets = assets.clone();
            move || assets.compress()
        });
        router.fallback(move |request: Request| async move { assets.respond(&request) })
    } else {
        let message = format!(
            "The dashboard is not built: {} does not exist. Build the app first (trunk build), \
             or pass --dist DIR. The API under /api works.\n",
            dist.join("index.html").display()
        );
        router.fallback(|| async { (StatusCode::SERVICE_UNAVAILABLE, message) })
    };
    // Signs a browser in as admin by setting the dev session on HTML pages, and on a 304
    // (which names no type): a browser that kept the page but lost the cookie (a restart
    // ends it) would otherwise revalidate into 401s until a hard reload.
    let cookie = dev_session.map(|token| {
        HeaderValue::try_from(format!(
            "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
        ))
        .expect("a hex token is a valid header value")
    });
    router
        .layer(SetResponseHeaderLayer::appending(
            SET_COOKIE,
            move |res: &Response<_>| {
                let revalidated = res.status() == StatusCode::NOT_MODIFIED;
                cookie.clone().filter(|_| is_html(res) || revalidated)
            },
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
}

fn is_html<B>(res: &Response<B>) -> bool {
    res.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}
