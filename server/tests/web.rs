mod common;

use common::TestServer;
use reqwest::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use reqwest::{Response, StatusCode};

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'";
const INDEX: &str = "<!doctype html><title>dashboard</title>";

fn assert_security_headers(response: &Response) {
    assert_eq!(
        response.headers()[X_CONTENT_TYPE_OPTIONS],
        "nosniff",
        "{}",
        response.url()
    );
    assert_eq!(
        response.headers()[CONTENT_SECURITY_POLICY],
        CSP,
        "{}",
        response.url()
    );
    // The app may be framed by a host dashboard on another origin.
    assert!(
        !response.headers().contains_key(X_FRAME_OPTIONS),
        "{}",
        response.url()
    );
}

async fn get(server: &TestServer, path: &str) -> Response {
    let response = server.http.get(server.url(path)).send().await.unwrap();
    assert_security_headers(&response);
    response
}

#[tokio::test]
async fn serves_the_app_with_spa_fallback_and_headers() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX).unwrap();
    std::fs::write(dist.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join("app.js"), "export {};").unwrap();
    let args = ["--seed", "0", "--dist", dist.to_str().unwrap()];
    let server = TestServer::start(&dir.path().join("db"), &args).await;

    for path in [
        "/",
        "/notifications",
        "/audit-logs?action=user.created",
        "/deep/link/",
        "/missing.js",
    ] {
        let response = get(&server, path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert_eq!(response.text().await.unwrap(), INDEX, "{path}");
    }

    let wasm = get(&server, "/app_bg.wasm").await;
    assert_eq!(wasm.headers()[CONTENT_TYPE], "application/wasm");
    assert_eq!(wasm.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");
    let js = get(&server, "/app.js").await;
    assert!(js.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("javascript"));

    // The API is never shadowed by the fallback, `/api/` included, and carries the headers
    // too; its failures are JSON with a message.
    for path in ["/api/nope", "/api", "/api/"] {
        let unknown = get(&server, path).await;
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            unknown.headers()[CONTENT_TYPE],
            "application/json",
            "{path}"
        );
        assert!(unknown.text().await.unwrap().contains("message"), "{path}");
    }
    let posted = server.http.post(server.url("/api/")).send().await.unwrap();
    assert_eq!(posted.status(), StatusCode::NOT_FOUND);
    let list_by_get = get(&server, "/api/auth/banata/audit-logs/list").await;
    assert_eq!(list_by_get.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(list_by_get.text().await.unwrap().contains("Use POST"));
    let (status, _) = server.post("list", serde_json::json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let post = server
        .http
        .post(server.url("/api/auth/banata/audit-logs/list"))
        .send()
        .await
        .unwrap();
    assert_security_headers(&post);
}

#[tokio::test]
async fn without_a_built_app_pages_say_to_build_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-dist");
    let args = ["--seed", "0", "--dist", missing.to_str().unwrap()];
    let server = TestServer::start(&dir.path().join("db"), &args).await;

    let page = get(&server, "/notifications").await;
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.text().await.unwrap().contains("Build the app first"));
    let (status, _) = server.post("list", serde_json::json!({})).await;
    assert_eq!(status, StatusCode::OK, "the API still works");
}
