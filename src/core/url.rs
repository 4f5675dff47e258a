//! The little URL handling the core needs, without a full URL parser (whose IDNA tables would
//! cost the wasm build dearly): validating provider and redirect URLs, splitting queries, and
//! appending query parameters.

#[allow(unused_imports)]
use crate::prelude::*;

/// Why a URL was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlError {
    /// Not an absolute `http(s)://host...` URL.
    Malformed,
    /// `http:` to a host other than a loopback one, without the explicit opt-out.
    Insecure,
}

/// The parts of an absolute URL the SDK cares about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `http` or `https`, as written (any case).
    pub scheme: &'a str,
    /// `host[:port]`, as written.
    pub authority: &'a str,
    /// The path (may be empty).
    pub path: &'a str,
    /// Without the `?`.
    pub query: Option<&'a str>,
    /// Without the `#`.
    pub fragment: Option<&'a str>,
}

/// Splits an absolute `http:` / `https:` URL. Userinfo (`user@host`), whitespace and control
/// characters are refused: none has a place in a provider or redirect URL.
pub fn split_url(url: &str) -> Result<UrlParts<'_>, UrlError> {
    if url.len() > 8192 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UrlError::Malformed);
    }
    // A scheme has no ':' of its own, so the first one ends it (a `char` pattern, which keeps
    // the substring searcher out of the wasm).
    let (scheme, rest) = url.split_once(':').ok_or(UrlError::Malformed)?;
    let rest = rest.strip_prefix("//").ok_or(UrlError::Malformed)?;
    if !(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) {
        return Err(UrlError::Malformed);
    }
    let (before_fragment, fragment) = match rest.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (rest, None),
    };
    let (before_query, query) = match before_fragment.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (before_fragment, None),
    };
    let (authority, path) = match before_query.find('/') {
        // `find` returns a char boundary; the checked split keeps the panic path out anyway.
        Some(i) => before_query.split_at_checked(i).ok_or(UrlError::Malformed)?,
        None => (before_query, ""),
    };
    if authority.is_empty() || authority.contains('@') || authority.contains('\\') {
        return Err(UrlError::Malformed);
    }
    Ok(UrlParts { scheme, authority, path, query, fragment })
}

/// The host of an authority, without port and brackets.
fn host_of(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    authority.split(':').next().unwrap_or(authority)
}

/// Whether the host is a loopback host (`localhost`, `*.localhost`, `127.x.x.x`, `::1`).
pub fn is_loopback_host(authority: &str) -> bool {
    let host = host_of(authority).to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || (host.starts_with("127.") && host.split('.').count() == 4 && host.split('.').all(|p| p.parse::<u8>().is_ok()))
}

/// Checks that a URL the SDK will send tokens or codes to is `https:`, or `http:` on a
/// loopback host, unless `allow_insecure_http` is set.
pub fn check_secure_url(url: &str, allow_insecure_http: bool) -> Result<UrlParts<'_>, UrlError> {
    let parts = split_url(url)?;
    if parts.scheme.eq_ignore_ascii_case("http") && !allow_insecure_http && !is_loopback_host(parts.authority) {
        return Err(UrlError::Insecure);
    }
    Ok(parts)
}

/// Appends `params` to `base` as `application/x-www-form-urlencoded` query parameters, keeping
/// any query `base` already has and dropping its fragment.
pub fn append_query<'a>(base: &str, params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    append_encoded_query(base, &form_encode(params))
}

/// [`append_query`] with the query already form-encoded.
pub fn append_encoded_query(base: &str, query: &str) -> String {
    let base = base.split('#').next().unwrap_or(base);
    if query.is_empty() {
        return base.to_owned();
    }
    let sep = if base.contains('?') {
        if base.ends_with('?') || base.ends_with('&') {
            ""
        } else {
            "&"
        }
    } else {
        "?"
    };
    crate::core::error::concat(&[base, sep, query])
}

/// Encodes `(name, value)` pairs as `application/x-www-form-urlencoded` (the WHATWG URL
/// standard's serializer: `*-._` and ASCII alphanumerics as they are, a space as `+`, every
/// other byte of the UTF-8 as `%XX`), joined with `&`.
pub fn form_encode<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    fn hex_digit(n: u8) -> u8 {
        if n < 10 {
            b'0' + n
        } else {
            b'A' + n - 10
        }
    }
    let mut out = Vec::new();
    for (k, v) in params {
        if !out.is_empty() {
            out.push(b'&');
        }
        for (i, part) in [k, v].into_iter().enumerate() {
            if i == 1 {
                out.push(b'=');
            }
            for &b in part.as_bytes() {
                match b {
                    b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(b),
                    b' ' => out.push(b'+'),
                    _ => out.extend_from_slice(&[b'%', hex_digit(b >> 4), hex_digit(b & 15)]),
                }
            }
        }
    }
    // Only ASCII was pushed.
    String::from_utf8(out).unwrap_or_default()
}

/// Decodes one name or value of a form-encoded query: `+` is a space, `%XX` a byte (a `%`
/// not followed by two hex digits stays as it is), and bytes that are not UTF-8 become
/// U+FFFD (the WHATWG URL standard's parser).
fn form_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        match b {
            b'+' => out.push(b' '),
            b'%' => match (bytes.get(i).copied().and_then(hex), bytes.get(i + 1).copied().and_then(hex)) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            _ => out.push(b),
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Parses a query string into ordered `(name, value)` pairs (empty pieces between `&`s are
/// skipped; a piece without `=` is a name with an empty value).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).map(|(k, v)| (form_decode(k), form_decode(v))).collect()
}

/// `url` without its query and fragment.
pub fn without_query(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    url.get(..end).unwrap_or(url)
}

/// Removes the named query parameters from `url` (for cleaning the address bar after a
/// callback). The fragment is kept. Returns `None` if nothing was removed.
#[cfg_attr(not(any(target_arch = "wasm32", feature = "testing")), allow(dead_code))] // the browser layer's
pub fn remove_query_params(url: &str, names: &[&str]) -> Option<String> {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (url, None),
    };
    let (base, query) = before_fragment.split_once('?')?;
    let pairs = query_pairs(query);
    let kept: Vec<_> = pairs.iter().filter(|(k, _)| !names.contains(&k.as_str())).collect();
    if kept.len() == pairs.len() {
        return None;
    }
    let mut out = append_query(base, kept.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    #[test]
    fn splits_urls() {
        let p = split_url("https://logto.dev:443/oidc/auth?a=1#f").unwrap();
        assert_eq!((p.scheme, p.authority, p.path, p.query, p.fragment), ("https", "logto.dev:443", "/oidc/auth", Some("a=1"), Some("f")));
        assert_eq!(split_url("https://h").unwrap().path, "");
        for bad in ["logto.dev", "ftp://x", "https://", "https://u@evil.com/", "https://a b/", "javascript://x", "https://x\\@y"] {
            assert_eq!(split_url(bad), Err(UrlError::Malformed), "{bad}");
        }
    }

    #[test]
    fn http_only_on_loopback_unless_opted_out() {
        assert!(check_secure_url("http://localhost:3001/oidc", false).is_ok());
        assert!(check_secure_url("http://127.0.0.1:3001", false).is_ok());
        assert!(check_secure_url("http://[::1]:3001", false).is_ok());
        assert!(check_secure_url("http://app.localhost", false).is_ok());
        assert_eq!(check_secure_url("http://example.com", false), Err(UrlError::Insecure));
        assert_eq!(check_secure_url("http://127.0.0.1.evil.com", false), Err(UrlError::Insecure));
        assert_eq!(check_secure_url("http://localhost.evil.com", false), Err(UrlError::Insecure));
        assert!(check_secure_url("http://example.com", true).is_ok());
    }

    #[test]
    fn appends_and_removes_query_params() {
        assert_eq!(append_query("https://a/b", [("x", "1 2"), ("y", "a:b")]), "https://a/b?x=1+2&y=a%3Ab");
        assert_eq!(append_query("https://a/b?k=v", [("x", "1")]), "https://a/b?k=v&x=1");
        assert_eq!(append_query("https://a/b#f", [("x", "1")]), "https://a/b?x=1");
        assert_eq!(remove_query_params("http://l/cb?code=c&state=s&keep=1#h", &["code", "state"]).as_deref(), Some("http://l/cb?keep=1#h"));
        assert_eq!(remove_query_params("http://l/cb?code=c", &["code"]).as_deref(), Some("http://l/cb"));
        assert_eq!(remove_query_params("http://l/cb?a=1", &["code"]), None);
        assert_eq!(without_query("http://l/cb?x#y"), "http://l/cb");
    }

    /// The `form_urlencoded` crate (which the SDK used before) as the reference, on random
    /// strings over an alphabet of the characters that matter.
    #[test]
    fn form_encoding_agrees_with_form_urlencoded() {
        const ALPHABET: [&str; 16] = ["a", "Z", "0", " ", "+", "%", "&", "=", "*", "~", "é", "😀", "%4", "%C3", "%A9", "\u{7f}"];
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1d);
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(seed % 12) {
                seed = next();
                s.push_str(ALPHABET[(seed % 16) as usize]);
            }
            let reference: Vec<(String, String)> = form_urlencoded::parse(s.as_bytes()).into_owned().collect();
            assert_eq!(query_pairs(&s), reference, "{s:?}");
            let pairs = [("k", s.as_str()), (s.as_str(), "v")];
            assert_eq!(form_encode(pairs), form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish(), "{s:?}");
        }
    }

    #[test]
    fn form_encoding_edge_cases() {
        assert_eq!(form_encode([("a b", "é&=+%"), ("", "")]), "a+b=%C3%A9%26%3D%2B%25&=");
        assert_eq!(
            query_pairs("&a=1&&b&c=%zz%4&d=%C3%A9+x&e=%FF&=v&f=a=b"),
            [("a", "1"), ("b", ""), ("c", "%zz%4"), ("d", "é x"), ("e", "\u{fffd}"), ("", "v"), ("f", "a=b")].map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
    }
}
