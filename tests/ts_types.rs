#![cfg(not(target_arch = "wasm32"))]
//! Every error code returned by a `code()` in the crate appears in the TypeScript union
//! `LogtoErrorCode`, so TS users can match on all of them.

use std::fs;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Codes inside `fn code(&self) -> &'static str { ... }` bodies.
fn codes_in(source: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find("fn code(&self) -> &'static str {") {
        rest = &rest[i..];
        let end = rest.find("\n    }\n").unwrap_or(rest.len());
        for piece in rest[..end].split('"').skip(1).step_by(2) {
            let looks_like_code = !piece.is_empty() && piece.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.' || c.is_ascii_digit());
            if looks_like_code {
                codes.push(piece.to_owned());
            }
        }
        rest = &rest[end.min(rest.len())..];
        if end == rest.len() {
            break;
        }
    }
    codes
}

#[test]
fn every_error_code_is_in_the_typescript_union() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let ts = fs::read_to_string(root.join("src/js/types.rs")).unwrap();
    let union = &ts[ts.find("export type LogtoErrorCode").unwrap()..];
    let mut all = Vec::new();
    for f in files {
        all.extend(codes_in(&fs::read_to_string(&f).unwrap()));
    }
    assert!(all.len() > 50, "found only {} codes", all.len());
    let missing: Vec<_> = all.iter().filter(|c| !union.contains(&format!("'{c}'"))).collect();
    assert!(missing.is_empty(), "codes missing from LogtoErrorCode: {missing:?}");
}
