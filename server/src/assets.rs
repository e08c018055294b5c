//! The built app (`--dist`), read once at start-up and held in memory with its brotli and
//! gzip encodings, served under the base path with cache headers that suit Trunk's output.
//!
//! Compressing in memory rather than serving `.br`/`.gz` files next to the originals keeps
//! the build unchanged (Trunk writes neither) and can never serve a stale sibling of a
//! rebuilt file; the dist is small, so holding it three times costs a few MB. Compression
//! runs on a background thread after start-up, because brotli at quality 11 takes seconds
//! for the wasm: until a file's encodings are ready it is served as it is.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::header::{
    ACCEPT_ENCODING, ALLOW, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH,
    LOCATION, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use bytes::Bytes;

/// Trunk puts a content hash in every asset name it writes, so these never change.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else (index.html, boot.js, a config.json) must be revalidated on each load.
const REVALIDATE: &str = "no-cache";
/// How the build's index.html starts its asset URLs (Trunk's `public_url = "./"`), and the
/// router's `data-base`, quoted or (minified) not: rewritten to the base path when the page
/// is served. (Not a `<base href>`: it would also move `href="#main"` links off the page.)
const RELATIVE_URLS: [&str; 2] = ["=\"./", "=./"];

#[derive(Debug, thiserror::Error)]
pub enum AssetsError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "{0} has no relative asset URLs (=\"./… or =./…) to point at the base path; rebuild the app \
         with public_url = \"./\" (trunk build)"
    )]
    NoRelativeUrls(PathBuf),
}

/// Quality 11 is the best and slowest; unoptimised (debug) builds, which only tests run,
/// would spend over a minute of CPU on the wasm at 11, so they use 5.
const BROTLI_QUALITY: u32 = if cfg!(debug_assertions) { 5 } else { 11 };

struct Asset {
    content_type: HeaderValue,
    cache_control: &'static str,
    /// Of the original bytes; each encoding adds a suffix, as ETags name one representation.
    etag: String,
    identity: Bytes,
    compressible: bool,
    /// Set once by the background compression.
    encoded: OnceLock<Encoded>,
}

/// The encodings that came out smaller than the original.
#[derive(Default)]
struct Encoded {
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Asset {
    /// `etag_salt` distinguishes responses whose headers differ beyond the bytes.
    fn new(path: &str, identity: Vec<u8>, cache_control: &'static str, etag_salt: &str) -> Self {
        let content_type = mime_guess::from_path(path).first_or_octet_stream();
        let content_type = match content_type.type_() {
            mime_guess::mime::TEXT => format!("{content_type}; charset=utf-8"),
            _ => content_type.to_string(),
        };
        let mut hasher = DefaultHasher::new();
        (&identity, etag_salt).hash(&mut hasher);
        Self {
            compressible: is_compressible(&content_type),
            content_type: HeaderValue::try_from(content_type).expect("a MIME type is a header"),
            cache_control,
            etag: format!("{:016x}", hasher.finish()),
            identity: identity.into(),
            encoded: OnceLock::new(),
        }
    }

    fn compress(&self) {
        if !self.compressible {
            return;
        }
        // Only kept when smaller: tiny files can grow.
        let smaller =
            |encoded: Vec<u8>| (encoded.len() < self.identity.len()).then(|| Bytes::from(encoded));
        let encoded = Encoded {
            brotli: smaller(brotli(&self.identity)),
            gzip: smaller(gzip(&self.identity)),
        };
        let _ = self.encoded.set(encoded);
    }

    fn respond(&self, request_headers: &HeaderMap) -> Response<Body> {
        let accepted = AcceptEncoding::parse(request_headers);
        let none = Encoded::default();
        let encoded = self.encoded.get().unwrap_or(&none);
        let (encoding, body) = match (&encoded.brotli, &encoded.gzip) {
            (Some(br), _) if accepted.allows("br") => (Encoding::Brotli, br),
            (_, Some(gz)) if accepted.allows("gzip") => (Encoding::Gzip, gz),
            _ => (Encoding::Identity, &self.identity),
        };
        let etag = match encoding {
            Encoding::Brotli => format!("\"{}-br\"", self.etag),
            Encoding::Gzip => format!("\"{}-gz\"", self.etag),
            Encoding::Identity => format!("\"{}\"", self.etag),
        };
        let not_modified = request_headers
            .get(IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| matches_etag(tags, &etag));
        let mut response = Response::builder()
            .header(CACHE_CONTROL, self.cache_control)
            .header(ETAG, etag);
        if self.compressible {
            response = response.header(VARY, "Accept-Encoding");
        }
        if not_modified {
            return response
                .status(StatusCode::NOT_MODIFIED)
                .body(Body::empty())
                .expect("valid headers");
        }
        response = response.header(CONTENT_TYPE, self.content_type.clone());
        match encoding {
            Encoding::Brotli => response = response.header(CONTENT_ENCODING, "br"),
            Encoding::Gzip => response = response.header(CONTENT_ENCODING, "gzip"),
            Encoding::Identity => {}
        }
        response
            .body(Body::from(body.clone()))
            .expect("valid headers")
    }
}

fn is_compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || ["javascript", "json", "wasm", "svg", "xml"]
            .iter()
            .any(|kind| content_type.contains(kind))
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    // A 4 MB window: the whole wasm.
    let mut writer = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, BROTLI_QUALITY, 22);
    writer.write_all(bytes).expect("writing to memory");
    writer.into_inner()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// The Accept-Encoding header: which codings the client takes (`q=0` refuses one).
struct AcceptEncoding(Vec<(String, f32)>);

impl AcceptEncoding {
    fn parse(headers: &HeaderMap) -> Self {
        let codings = headers
            .get_all(ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|item| {
                let mut parts = item.split(';');
                let name = parts.next()?.trim().to_ascii_lowercase();
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse().ok())
                    .unwrap_or(1.0);
                (!name.is_empty()).then_some((name, q))
            })
            .collect();
        Self(codings)
    }

    fn allows(&self, coding: &str) -> bool {
        let q = |name: &str| self.0.iter().find(|(n, _)| n == name).map(|(_, q)| *q);
        q(coding).or_else(|| q("*")).is_some_and(|q| q > 0.0)
    }
}

/// If-None-Match holds `*` or a list of (possibly weak) tags, compared weakly.
fn matches_etag(header: &str, etag: &str) -> bool {
    header
        .split(',')
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// Whether Trunk hashed the name: `name-<hash>.ext` or `name-<hash>_bg.wasm`, where the
/// hash is a 64-bit number in hex without leading zeros (so 16 digits, rarely fewer; below
/// 12 the name is treated as unhashed, which only costs a revalidation).
fn is_hashed(file_name: &str) -> bool {
    file_name.match_indices('-').any(|(at, _)| {
        let rest = &file_name[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        (12..=16).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b'.' | b'_'))
    })
}

/// The app under one base path: its files by path relative to the base, and the page.
pub struct Assets {
    base_path: String,
    files: HashMap<String, Asset>,
    index: Asset,
}

impl Assets {
    /// Reads `dist` (which must hold index.html); `compress` adds the encodings.
    /// `base_path` starts and ends with `/`; `page_salt` goes into index.html's ETag, so a
    /// browser revalidating the page after a restart gets it (and its headers) afresh.
    pub fn load(dist: &Path, base_path: &str, page_salt: &str) -> Result<Self, AssetsError> {
        let mut paths = Vec::new();
        collect_files(dist, dist, &mut paths)?;
        let index_path = dist.join("index.html");
        let page = std::fs::read_to_string(&index_path).map_err(|source| AssetsError::Read {
            path: index_path.clone(),
            source,
        })?;
        // Absolute URLs also keep assets loading on deep links like /audit-logs/x/.
        if base_path != "/" && !RELATIVE_URLS.iter().any(|url| page.contains(url)) {
            return Err(AssetsError::NoRelativeUrls(index_path));
        }
        // A base path has only URL-safe characters, so it needs no quotes either.
        let page = RELATIVE_URLS.iter().fold(page, |page, url| {
            page.replace(url, &url.replace("./", base_path))
        });
        let read = |relative: &String| {
            let path = dist.join(relative);
            std::fs::read(&path).map_err(|source| AssetsError::Read { path, source })
        };
        let mut files = HashMap::new();
        for relative in paths {
            let bytes = read(&relative)?;
            let file_name = relative.rsplit('/').next().unwrap_or_default();
            let cache = if is_hashed(file_name) {
                IMMUTABLE
            } else {
                REVALIDATE
            };
            let asset = Asset::new(&relative, bytes, cache, "");
            files.insert(relative, asset);
        }
        let index = Asset::new("index.html", page.into_bytes(), REVALIDATE, page_salt);
        Ok(Self {
            base_path: base_path.to_owned(),
            files,
            index,
        })
    }

    /// Compresses every file that compresses, smallest first so the page and its
    /// scripts are ready long before the wasm. Slow: run it off the request path.
    pub fn compress(&self) {
        let mut assets: Vec<&Asset> = self.files.values().chain([&self.index]).collect();
        assets.sort_by_key(|asset| asset.identity.len());
        for asset in assets {
            asset.compress();
        }
    }

    /// Answers any non-API request.
    pub fn respond<B>(&self, request: &Request<B>) -> Response<Body> {
        if request.method() != Method::GET && request.method() != Method::HEAD {
            return Response::builder()
                .status(StatusCode::METHOD_NOT_ALLOWED)
                .header(ALLOW, "GET, HEAD")
                .body(Body::empty())
                .expect("valid headers");
        }
        let path = request.uri().path();
        let Some(relative) = path.strip_prefix(&self.base_path) else {
            return self.outside_base(request);
        };
        let asset = match self.files.get(relative) {
            Some(asset) if relative != "index.html" => asset,
            _ => self.page_for(relative),
        };
        asset.respond(request.headers())
    }

    /// A client-side route gets the nearest folder's `index.html` above it, as a host
    /// dashboard routes its page's sub-paths to that page (`examples/security/`); else, and
    /// for index.html itself, the app's page with its base set.
    fn page_for(&self, relative: &str) -> &Asset {
        let mut folder = relative.trim_end_matches('/');
        while !folder.is_empty() {
            if let Some(page) = self.files.get(&format!("{folder}/index.html")) {
                return page;
            }
            folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
        &self.index
    }

    /// The base without its slash redirects into the app; other paths are not ours.
    fn outside_base<B>(&self, request: &Request<B>) -> Response<Body> {
        let uri = request.uri();
        if format!("{}/", uri.path()) == self.base_path {
            let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
            return Response::builder()
                .status(StatusCode::PERMANENT_REDIRECT)
                .header(LOCATION, format!("{}{query}", self.base_path))
                .body(Body::empty())
                .expect("valid headers");
        }
        Response::builder()
            .status(StatusCode::NOT_FOUND)
            .header(CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(Body::from(format!(
                "Not found. The dashboard is at {}\n",
                self.base_path
            )))
            .expect("valid headers")
    }
}

/// Every file under `dir`, as `/`-separated paths relative to `root`.
fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), AssetsError> {
    let read_error = |source| AssetsError::Read {
        path: dir.to_owned(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        if path.is_dir() {
            collect_files(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed("audit-dashboard-9411bdd698b846ab_bg.wasm"));
        assert!(is_hashed("audit-dashboard-9411bdd698b846ab.js"));
        assert!(is_hashed("main-326cf52d33d9c326.css"));
        assert!(!is_hashed("boot.js"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("config.json"));
        assert!(is_hashed("audit-dashboard-a0dfbff7fd36420.js"), "15 digits");
        assert!(!is_hashed("main-326cf52d33d9c3267.css"), "17 digits");
        assert!(!is_hashed("jquery-3.7.1.js"));
        assert!(!is_hashed("icon-cafe.svg"));
        assert!(!is_hashed("main-326cf52d33d9c32g.css"), "not hex");
        assert!(!is_hashed("main-326cf52d33d9c326"), "no extension");
    }

    #[test]
    fn accept_encoding_honours_q_values_and_the_wildcard() {
        let parse = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT_ENCODING, HeaderValue::from_static(value));
            AcceptEncoding::parse(&headers)
        };
        assert!(parse("gzip, deflate, br, zstd").allows("br"));
        assert!(!parse("gzip;q=1.0, br;q=0").allows("br"));
        assert!(parse("gzip;q=1.0, br;q=0").allows("gzip"));
        assert!(parse("*").allows("br"));
        assert!(!parse("*;q=0, gzip").allows("br"));
        assert!(!parse("identity").allows("gzip"));
        assert!(!AcceptEncoding::parse(&HeaderMap::new()).allows("gzip"));
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists() {
        assert!(matches_etag("\"abc\"", "\"abc\""));
        assert!(matches_etag("W/\"abc\"", "\"abc\""));
        assert!(matches_etag("\"x\", \"abc\"", "\"abc\""));
        assert!(matches_etag("*", "\"abc\""));
        assert!(!matches_etag("\"abc-br\"", "\"abc\""));
    }
}
