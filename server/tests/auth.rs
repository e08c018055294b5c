mod common;

use common::{TestServer, ADMIN_KEY, MEMBER_KEY};
use reqwest::header::{AUTHORIZATION, COOKIE, ETAG, IF_NONE_MATCH, SET_COOKIE};
use reqwest::{RequestBuilder, StatusCode};
use serde_json::{json, Value};

async fn status_and_message(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.json(&json!({})).send().await.unwrap();
    (
        response.status(),
        response.json::<Value>().await.unwrap()["message"].clone(),
    )
}

#[tokio::test]
async fn keys_and_sessions_are_checked_on_every_endpoint() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--seed",
        "5",
        "--admin-session",
        "adm-sess",
        "--member-session",
        "mem-sess",
    ];
    let server = TestServer::start(&dir.path().join("db"), &args).await;

    for endpoint in ["list", "export", "create"] {
        let url = server.url(&format!("/api/auth/banata/audit-logs/{endpoint}"));
        let post = || server.http.post(&url);
        let permission = if endpoint == "create" {
            "audit.write"
        } else {
            "audit.read"
        };
        let forbidden = (
            StatusCode::FORBIDDEN,
            json!(format!("Missing permission {permission}")),
        );
        let anonymous = (StatusCode::UNAUTHORIZED, json!("Not signed in"));

        assert_eq!(status_and_message(post()).await, anonymous);
        assert_eq!(
            status_and_message(post().bearer_auth("wrong")).await,
            anonymous
        );
        assert_eq!(
            status_and_message(post().header(COOKIE, "banata_session=wrong")).await,
            anonymous
        );
        assert_eq!(
            status_and_message(post().bearer_auth(MEMBER_KEY)).await,
            forbidden
        );
        assert_eq!(
            status_and_message(post().header(COOKIE, "banata_session=mem-sess")).await,
            forbidden
        );

        // Admins pass auth; create then fails validation on the empty body.
        let allowed = if endpoint == "create" {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        };
        assert_eq!(
            status_and_message(post().bearer_auth(ADMIN_KEY)).await.0,
            allowed
        );
        let cookie = post().header(COOKIE, "theme=dark; banata_session=adm-sess");
        assert_eq!(status_and_message(cookie).await.0, allowed);
    }
}

#[tokio::test]
async fn blank_and_padded_secrets_in_a_list_are_read_as_a_presented_one_is() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--admin-key",
        "k1, k2",
        "--admin-session",
        "s1,",
        "--seed",
        "0",
    ];
    let server = TestServer::start(&dir.path().join("db"), &args).await;
    let list = || {
        server
            .http
            .post(server.url("/api/auth/banata/audit-logs/list"))
    };
    let empty_cookie = status_and_message(list().header(COOKIE, "banata_session=")).await;
    assert_eq!(empty_cookie.0, StatusCode::UNAUTHORIZED);
    for key in ["k1", "k2"] {
        assert_eq!(
            status_and_message(list().bearer_auth(key)).await.0,
            StatusCode::OK
        );
    }
    let lower_case = list().header(AUTHORIZATION, "bearer k2");
    assert_eq!(status_and_message(lower_case).await.0, StatusCode::OK);
    let other_scheme = list().header(AUTHORIZATION, "Basic k2");
    assert_eq!(
        status_and_message(other_scheme).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_blank_admin_key_is_none_and_one_is_generated() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(&dir.path().join("db"), &["--seed", "0"]);
    config.admin_keys = vec![String::new()];
    let server = TestServer::start_with(config).await;
    let key = server.generated_admin_key.clone().expect("a generated key");
    let list = || {
        server
            .http
            .post(server.url("/api/auth/banata/audit-logs/list"))
    };
    assert_eq!(
        status_and_message(list().bearer_auth(key)).await.0,
        StatusCode::OK
    );
    let blank = list().header(AUTHORIZATION, "Bearer ");
    assert_eq!(status_and_message(blank).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn auth_is_checked_before_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "0"]).await;
    let url = server.url("/api/auth/banata/audit-logs/list");
    let response = server.http.post(&url).body("{bad").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn dev_session_signs_in_browsers_opening_a_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("dist")).unwrap();
    std::fs::write(
        dir.path().join("dist/index.html"),
        "<!doctype html><title>app</title>",
    )
    .unwrap();
    std::fs::write(dir.path().join("dist/app.wasm"), b"\0asm").unwrap();
    let dist = dir.path().join("dist");
    let args = [
        "--seed",
        "3",
        "--dev-session",
        "--dist",
        dist.to_str().unwrap(),
    ];
    let server = TestServer::start(&dir.path().join("db"), &args).await;
    let token = server.dev_session.clone().expect("a dev session");

    let mut etag = None;
    for page in ["/", "/index.html", "/notifications"] {
        let response = server.http.get(server.url(page)).send().await.unwrap();
        let cookie = response.headers()[SET_COOKIE].to_str().unwrap();
        assert_eq!(
            cookie,
            format!("banata_session={token}; Path=/; HttpOnly; SameSite=Strict")
        );
        etag = response.headers().get(ETAG).cloned();
    }
    // A browser that kept the page but lost the cookie gets it back on revalidation.
    let etag = etag.expect("pages carry an ETag");
    let revalidated = server
        .http
        .get(server.url("/notifications"))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
    assert!(revalidated.headers().contains_key(SET_COOKIE));
    let wasm = server
        .http
        .get(server.url("/app.wasm"))
        .send()
        .await
        .unwrap();
    assert!(
        wasm.headers().get(SET_COOKIE).is_none(),
        "only pages set the cookie"
    );

    let list = server
        .http
        .post(server.url("/api/auth/banata/audit-logs/list"));
    let signed_in = list.header(COOKIE, format!("banata_session={token}"));
    assert_eq!(status_and_message(signed_in).await.0, StatusCode::OK);
}

#[tokio::test]
async fn an_admin_key_is_generated_when_none_is_configured() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(&dir.path().join("db"), &["--seed", "0"]);
    config.admin_keys.clear();
    let server = TestServer::start_with(config).await;
    let key = server.generated_admin_key.clone().expect("a generated key");
    let list = server
        .http
        .post(server.url("/api/auth/banata/audit-logs/list"));
    assert_eq!(
        status_and_message(list.bearer_auth(key)).await.0,
        StatusCode::OK
    );
}
