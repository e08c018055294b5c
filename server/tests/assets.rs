//! The built app's files: brotli and gzip by Accept-Encoding, long caching for Trunk's hashed
//! names and revalidation (ETag, 304) for the rest (#6), and serving under a base path (#7).

mod common;

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use common::TestServer;
use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, LOCATION,
    VARY,
};
use reqwest::{Response, StatusCode};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const WASM: &str = "audit-dashboard-9411bdd698b846ab_bg.wasm";
const JS: &str = "audit-dashboard-9411bdd698b846ab.js";
const CSS: &str = "main-0a1b2c3d4e5f6789.css";

fn page() -> String {
    format!(
        "<!doctype html><html><head><title>dashboard</title>\
         <link rel=\"stylesheet\" href=\"./{CSS}\">\
         <script type=\"module\" src=\"./boot.js\" data-base=\"./\" data-wasm=\"./{WASM}\">\
         </script></head><body>{}</body></html>",
        "<p>The dashboard needs JavaScript and WebAssembly.</p>".repeat(20)
    )
}

/// A dist like Trunk's, with contents that compress.
fn files() -> Vec<(&'static str, Vec<u8>)> {
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain((0..40_000u32).map(|i| (i % 251) as u8 ^ (i / 1000) as u8))
        .collect();
    vec![
        ("index.html", page().into_bytes()),
        (WASM, wasm),
        (
            JS,
            "export function run() { return 42; }\n"
                .repeat(300)
                .into_bytes(),
        ),
        (
            CSS,
            "body { color: CanvasText; }\n".repeat(200).into_bytes(),
        ),
        (
            "boot.js",
            "const tag = document.querySelector('script');\n"
                .repeat(20)
                .into_bytes(),
        ),
        (
            "config.json",
            format!("{{\"items\": [{}0]}}", "1, ".repeat(300)).into_bytes(),
        ),
        // Already compressed: sent as it is.
        ("logo-0123456789abcdef.png", b"\x89PNG\r\n\x1a\n".repeat(50)),
        ("examples/security/index.html", host_page().into_bytes()),
    ]
}

/// A host dashboard's page that embeds the app and routes the paths below it to itself.
fn host_page() -> String {
    format!(
        "<!doctype html><title>Security</title>{}",
        "<div data-banata-audit data-base-path=\"/examples/security\"></div>".repeat(20)
    )
}

fn write_dist(dir: &Path) -> std::path::PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir(&dist).unwrap();
    for (name, bytes) in files() {
        let path = dist.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dist
}

/// A server on a fresh dist under `base_path` (`/` when `extra` has no `--base-path`).
async fn start(dir: &Path, extra: &[&str], base_path: &str) -> TestServer {
    let dist = write_dist(dir);
    let mut args = vec!["--seed", "3", "--dist", dist.to_str().unwrap()];
    args.extend(extra);
    let server = TestServer::start(&dir.join("db"), &args).await;
    // Compression runs in the background after start-up; the wasm is the largest file, and
    // files are compressed smallest first.
    for _ in 0..300 {
        let response = get(&server, &format!("{base_path}{WASM}"), "br").await;
        if response.headers().contains_key(CONTENT_ENCODING) {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the assets were not compressed within 30 s");
}

async fn get(server: &TestServer, path: &str, accept_encoding: &str) -> Response {
    let mut request = server.http.get(server.url(path));
    if !accept_encoding.is_empty() {
        request = request.header(ACCEPT_ENCODING, accept_encoding);
    }
    request.send().await.unwrap()
}

fn header(response: &Response, name: impl reqwest::header::AsHeaderName) -> &str {
    response
        .headers()
        .get(name)
        .map_or("", |v| v.to_str().unwrap())
}

/// The body, decoded by its Content-Encoding.
async fn decoded(response: Response) -> Vec<u8> {
    let encoding = header(&response, CONTENT_ENCODING).to_owned();
    let body = response.bytes().await.unwrap();
    let mut out = Vec::new();
    match encoding.as_str() {
        "br" => brotli::Decompressor::new(&body[..], 4096)
            .read_to_end(&mut out)
            .map(drop)
            .unwrap(),
        "gzip" => flate2::read::GzDecoder::new(&body[..])
            .read_to_end(&mut out)
            .map(drop)
            .unwrap(),
        "" => out = body.to_vec(),
        other => panic!("unexpected Content-Encoding {other}"),
    }
    out
}

#[tokio::test]
async fn compressible_files_come_in_brotli_or_gzip_and_decode_to_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &[], "/").await;
    for (name, original) in files() {
        let path = format!("/{name}");
        let compressible = !name.ends_with(".png");
        // The page's relative URLs are made absolute, at the root too.
        let original = match name {
            "index.html" => page_at("/").into_bytes(),
            _ => original,
        };
        for (accept, expected) in [
            ("gzip, deflate, br, zstd", "br"),
            ("br;q=1.0, gzip;q=0.8", "br"),
            ("gzip", "gzip"),
            ("br;q=0, gzip", "gzip"),
            ("*", "br"),
            ("identity", ""),
            ("", ""),
        ] {
            let response = get(&server, &path, accept).await;
            assert_eq!(response.status(), StatusCode::OK, "{name}");
            let expected = if compressible { expected } else { "" };
            assert_eq!(
                header(&response, CONTENT_ENCODING),
                expected,
                "{name} for {accept:?}"
            );
            let vary = if compressible { "Accept-Encoding" } else { "" };
            assert_eq!(header(&response, VARY), vary, "{name}");
            let length: usize = header(&response, "content-length").parse().unwrap();
            if !expected.is_empty() {
                assert!(length < original.len(), "{name} {expected} is smaller");
            }
            assert_eq!(decoded(response).await, original, "{name} for {accept:?}");
        }
    }
}

#[tokio::test]
async fn content_types_survive_compression() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &[], "/").await;
    for (name, content_type) in [
        (WASM, "application/wasm"),
        (JS, "text/javascript; charset=utf-8"),
        (CSS, "text/css; charset=utf-8"),
        ("config.json", "application/json"),
        ("index.html", "text/html; charset=utf-8"),
        ("logo-0123456789abcdef.png", "image/png"),
    ] {
        for accept in ["br", "gzip", ""] {
            let response = get(&server, &format!("/{name}"), accept).await;
            assert_eq!(header(&response, CONTENT_TYPE), content_type, "{name}");
        }
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_rest_revalidates() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &[], "/").await;
    for path in [
        format!("/{WASM}"),
        format!("/{JS}"),
        format!("/{CSS}"),
        "/logo-0123456789abcdef.png".to_owned(),
    ] {
        let response = get(&server, &path, "br").await;
        assert_eq!(header(&response, CACHE_CONTROL), IMMUTABLE, "{path}");
    }
    for path in [
        "/",
        "/index.html",
        "/notifications",
        "/audit-logs?range=7d",
        "/boot.js",
        "/config.json",
    ] {
        let response = get(&server, path, "br").await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&response, CACHE_CONTROL), "no-cache", "{path}");
    }
}

#[tokio::test]
async fn a_folder_with_a_page_gets_the_routes_below_it_and_the_app_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &[], "/").await;
    for path in [
        "/examples/security/",
        "/examples/security",
        "/examples/security/notifications",
        "/examples/security/audit-logs?event=evt_1",
        "/examples/security/audit-logs/deeper/",
    ] {
        let response = get(&server, path, "br").await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(decoded(response).await, host_page().into_bytes(), "{path}");
    }
    for path in [
        "/examples/",
        "/examples/securityx/notifications",
        "/notifications",
    ] {
        let response = get(&server, path, "br").await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(decoded(response).await, page_at("/").into_bytes(), "{path}");
    }
}

#[tokio::test]
async fn a_matching_etag_gets_304_per_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &[], "/").await;
    for path in ["/", "/audit-logs", "/boot.js", "/config.json"] {
        let mut etags = Vec::new();
        for accept in ["br", "gzip", ""] {
            let first = get(&server, path, accept).await;
            let etag = header(&first, ETAG).to_owned();
            assert!(
                etag.starts_with('"') && etag.ends_with('"'),
                "{path}: {etag}"
            );
            let revalidate = |if_none_match: String| {
                server
                    .http
                    .get(server.url(path))
                    .header(ACCEPT_ENCODING, accept)
                    .header(IF_NONE_MATCH, if_none_match)
                    .send()
            };
            let again = revalidate(etag.clone()).await.unwrap();
            assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path} {accept}");
            assert_eq!(header(&again, ETAG), etag);
            assert_eq!(header(&again, CACHE_CONTROL), "no-cache");
            assert!(again.bytes().await.unwrap().is_empty());
            let weak_in_a_list = revalidate(format!("\"other\", W/{etag}")).await.unwrap();
            assert_eq!(weak_in_a_list.status(), StatusCode::NOT_MODIFIED);
            let stale = revalidate("\"0000000000000000\"".to_owned()).await.unwrap();
            assert_eq!(stale.status(), StatusCode::OK);
            etags.push(etag);
        }
        etags.dedup();
        assert_eq!(etags.len(), 3, "{path}: each encoding has its own ETag");
    }
}

#[tokio::test]
async fn only_get_and_head_reach_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &[], "/").await;
    let head = server
        .http
        .head(server.url("/boot.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(header(&head, CACHE_CONTROL), "no-cache");
    assert!(head.bytes().await.unwrap().is_empty());
    let post = server
        .http
        .post(server.url("/boot.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn under_a_base_path_the_app_and_its_files_live_below_it() {
    let dir = tempfile::tempdir().unwrap();
    // Given without its trailing slash: the server adds it.
    let server = start(
        dir.path(),
        &["--base-path", "/admin/audit"],
        "/admin/audit/",
    )
    .await;
    for path in [
        "/admin/audit/",
        "/admin/audit/notifications",
        "/admin/audit/audit-logs?range=7d",
        "/admin/audit/audit-logs/deeper/",
        "/admin/audit/index.html",
    ] {
        let response = get(&server, path, "br").await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&response, CACHE_CONTROL), "no-cache", "{path}");
        let page = String::from_utf8(decoded(response).await).unwrap();
        assert_eq!(page, page_at("/admin/audit/"), "{path}");
    }
    for (name, original) in files().into_iter().filter(|(n, _)| *n != "index.html") {
        let response = get(&server, &format!("/admin/audit/{name}"), "gzip").await;
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        assert_eq!(decoded(response).await, original, "{name}");
    }

    // The prefix without its slash redirects into the app, keeping the query.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let bare = no_redirects
        .get(server.url("/admin/audit?x=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(header(&bare, LOCATION), "/admin/audit/?x=1");

    // Outside the prefix there is no app, but the API stays at the origin's root.
    for path in [
        "/",
        "/notifications",
        "/boot.js",
        "/admin/",
        "/admin/auditx/",
    ] {
        let response = get(&server, path, "").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(response.text().await.unwrap().contains("/admin/audit/"));
    }
    let listed = server.ok("list", serde_json::json!({})).await;
    assert_eq!(common::ids(&listed).len(), 3);
}

/// The page as served under `base_path`: its relative URLs made absolute.
fn page_at(base_path: &str) -> String {
    let page = page().replace("=\"./", &format!("=\"{base_path}"));
    assert!(page.contains(&format!(
        "src=\"{base_path}boot.js\" data-base=\"{base_path}\""
    )));
    page
}

#[tokio::test]
async fn a_minified_page_with_unquoted_urls_gets_the_base_path_too() {
    let dir = tempfile::tempdir().unwrap();
    let dist = write_dist(dir.path());
    let minified = format!(
        "<!doctype html><link href=./{CSS} rel=stylesheet>\
         <script data-base=./ data-wasm=./{WASM} src=./boot.js type=module></script>"
    );
    std::fs::write(dist.join("index.html"), &minified).unwrap();
    let args = ["--seed", "0", "--dist", dist.to_str().unwrap()];
    let args = [&args[..], &["--base-path", "/admin/audit/"]].concat();
    let server = TestServer::start(&dir.path().join("db"), &args).await;
    let page = get(&server, "/admin/audit/audit-logs", "")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        page,
        format!(
            "<!doctype html><link href=/admin/audit/{CSS} rel=stylesheet>\
             <script data-base=/admin/audit/ data-wasm=/admin/audit/{WASM} \
             src=/admin/audit/boot.js type=module></script>"
        )
    );
}

#[tokio::test]
async fn a_base_path_needs_a_page_built_with_relative_urls() {
    let dir = tempfile::tempdir().unwrap();
    let dist = write_dist(dir.path());
    let old_build = "<!doctype html><script type=\"module\" src=\"/boot.js\"></script>";
    std::fs::write(dist.join("index.html"), old_build).unwrap();
    let args = [
        "--seed",
        "0",
        "--dist",
        dist.to_str().unwrap(),
        "--base-path",
        "/admin/audit/",
    ];
    let config = common::config(&dir.path().join("db"), &args);
    let error = audit_server::Server::bind(config).await.err().unwrap();
    assert!(error.to_string().contains("public_url"), "{error}");

    // At the root the page works as it is.
    let args = ["--seed", "0", "--dist", dist.to_str().unwrap()];
    let server = TestServer::start(&dir.path().join("db"), &args).await;
    let page = get(&server, "/audit-logs", "").await.text().await.unwrap();
    assert_eq!(page, old_build);
}
