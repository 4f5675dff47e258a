#![cfg(not(target_arch = "wasm32"))]
//! The registry of error codes (`logto_wasm::core::codes::ErrorCode`) against everything that
//! names codes:
//! - the TypeScript union `LogtoErrorCode` is generated from it (exactly the codes the JS API
//!   throws) and `docs/errors.md` is its table, regenerated with
//!   `UPDATE_GENERATED=1 cargo test --test error_codes`;
//! - every code is produced by some test: the tests assert it by name (a quoted code, or
//!   `ErrorCode::Variant`) in the native, browser, Leptos, e2e or npm suites;
//! - every code that a test or a document names is in the registry.

use std::fs;
use std::path::{Path, PathBuf};

use logto_wasm::core::codes::{ErrorCode, TYPESCRIPT_DECLARATION};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() {
            if !matches!(name, "node_modules" | "target" | "dist" | "readme-snippets") {
                files_under(&path, exts, out);
            }
        } else if exts.iter().any(|e| name.ends_with(e)) {
            out.push(path);
        }
    }
}

/// The text of every test: the test suites, and the test modules of the library.
fn test_sources() -> String {
    let mut files = Vec::new();
    files_under(&root().join("tests"), &[".rs", ".mjs", ".ts"], &mut files);
    files_under(&root().join("leptos/tests"), &[".rs"], &mut files);
    let mut text = String::new();
    for f in files.iter().filter(|f| !f.ends_with("tests/error_codes.rs")) {
        text.push_str(&fs::read_to_string(f).unwrap());
    }
    let mut lib = Vec::new();
    files_under(&root().join("src"), &[".rs"], &mut lib);
    for f in lib {
        let source = fs::read_to_string(&f).unwrap();
        let name = f.file_name().unwrap().to_str().unwrap();
        if name == "tests.rs" || name.ends_with("_tests.rs") {
            text.push_str(&source);
        } else if let Some(i) = source.find("#[cfg(test)]") {
            text.push_str(&source[i..]);
        }
    }
    text
}

/// The areas of the registry's codes (`callback`, `id_token`, ...).
fn areas() -> Vec<&'static str> {
    let mut areas: Vec<&str> = ErrorCode::ALL.iter().filter_map(|c| c.as_str().split_once('.').map(|(a, _)| a)).collect();
    areas.sort_unstable();
    areas.dedup();
    areas
}

/// Names that look like codes of a registry area but are not codes.
const NOT_CODES: [&str; 1] = ["crypto.subtle"];

/// Strings in `text` quoted with `"`, `'` or backticks that look like a code of a registry
/// area (`area.name`; a file name such as `storage.rs` is not one).
fn named_codes(text: &str) -> Vec<String> {
    let areas = areas();
    let mut found = Vec::new();
    for quote in ['"', '\'', '`'] {
        for piece in text.split(quote).skip(1).step_by(2) {
            let Some((area, name)) = piece.split_once('.') else { continue };
            let file_name = matches!(name, "rs" | "md" | "js" | "mjs" | "ts" | "json" | "toml" | "html" | "sh");
            if areas.contains(&area)
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && !NOT_CODES.contains(&piece)
                && !file_name
            {
                found.push(piece.to_owned());
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn variant_name(code: ErrorCode) -> String {
    format!("{code:?}")
}

#[test]
fn the_registry_is_well_formed() {
    let mut seen = std::collections::BTreeSet::new();
    for &code in ErrorCode::ALL {
        let text = code.as_str();
        assert!(seen.insert(text), "{text} is listed twice");
        assert_eq!(ErrorCode::from_name(text), Some(code));
        let (area, name) = text.split_once('.').unwrap_or(("", text));
        for part in [area, name].into_iter().filter(|p| !p.is_empty()) {
            assert!(part.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{text}: lowercase and underscores only");
        }
        let description = code.description().trim();
        assert!(description.len() > 20 && !description.contains('\n') && description.ends_with('.'), "{text}: one sentence");
    }
    assert_eq!(ErrorCode::from_name("nope"), None);
}

#[test]
fn the_typescript_union_is_exactly_the_codes_the_js_api_throws() {
    let union: Vec<&str> = TYPESCRIPT_DECLARATION.split('\'').skip(1).step_by(2).collect();
    let js: Vec<&str> = ErrorCode::ALL.iter().filter(|c| c.thrown_by_js()).map(|c| c.as_str()).collect();
    assert_eq!(union, js);
    assert!(TYPESCRIPT_DECLARATION.contains("export type LogtoErrorCode ="));
    for code in ["storage.corrupt_value", "storage.version_mismatch", "storage.other_issuer", "leptos.context_disposed"] {
        assert!(!union.contains(&code), "{code} is never thrown to JS");
    }
}

/// `docs/errors.md`: the table of every code, generated from the registry.
fn errors_doc() -> String {
    let mut out = String::from(
        "# Error codes\n\n\
         Every error of the SDK has a stable `code` (`LogtoError.code` in JavaScript, typed as the union\n\
         `LogtoErrorCode`; `ErrorInfo::code()` in Rust, an `ErrorCode`). This table is generated from the\n\
         registry, `src/core/codes.rs` (`UPDATE_GENERATED=1 cargo test --test error_codes` rewrites it; the\n\
         test fails when it is stale). Codes do not change within a major version; new ones may be added.\n\n\
         \"JS\" says whether the JavaScript API can throw the code; the others come from the Rust API only.\n\
         Codes are `area.name`, but for four without an area: `not_authenticated`, `no_refresh_token` and\n\
         `missing_scope_organizations` are `@logto/browser`'s own codes, kept so that code migrating from it\n\
         matches them unchanged, and `invalid_argument` is the JS API's (a wrong argument type or shape).\n\
         Errors with a provider's OAuth error also carry it (`error`, `errorDescription` in JavaScript,\n\
         `provider_error()` in Rust).\n\n\
         | code | JS | meaning |\n|---|---|---|\n",
    );
    for &code in ErrorCode::ALL {
        let js = if code.thrown_by_js() { "yes" } else { "no" };
        out.push_str(&format!("| `{}` | {js} | {} |\n", code.as_str(), code.description().trim().replace('|', "\\|")));
    }
    out
}

#[test]
fn docs_errors_md_is_generated_from_the_registry() {
    let path = root().join("docs/errors.md");
    let expected = errors_doc();
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        fs::write(&path, &expected).unwrap();
    }
    let actual = fs::read_to_string(&path).unwrap_or_default();
    assert!(actual == expected, "docs/errors.md is stale: run UPDATE_GENERATED=1 cargo test --test error_codes");
}

#[test]
fn every_code_is_produced_by_some_test() {
    let tests = test_sources();
    let untested: Vec<&str> = ErrorCode::ALL
        .iter()
        .filter(|&&c| {
            let text = c.as_str();
            let quoted = ['"', '\''].iter().any(|q| tests.contains(&format!("{q}{text}{q}")));
            !quoted && !tests.contains(&format!("ErrorCode::{}", variant_name(c)))
        })
        .map(|c| c.as_str())
        .collect();
    assert!(untested.is_empty(), "codes that no test asserts: {untested:?}");
}

/// MIGRATION.md without the first column of its tables (the code map's left column holds
/// `@logto/browser`'s codes, some in the same areas as this SDK's).
fn migration_guide() -> String {
    let text = fs::read_to_string(root().join("MIGRATION.md")).unwrap();
    text.lines()
        .map(|line| match line.strip_prefix('|').and_then(|rest| rest.split_once('|')) {
            Some((_, rest)) => rest.to_owned(),
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_code_that_tests_and_docs_name_is_in_the_registry() {
    let mut sources = vec![("the tests".to_owned(), test_sources()), ("MIGRATION.md".to_owned(), migration_guide())];
    let mut docs = vec![root().join("README.md"), root().join("SECURITY.md"), root().join("CONTRIBUTING.md")];
    docs.extend([root().join("npm/README.md"), root().join("leptos/README.md")]);
    files_under(&root().join("docs"), &[".md"], &mut docs);
    for d in docs {
        sources.push((d.strip_prefix(root()).unwrap().display().to_string(), fs::read_to_string(&d).unwrap()));
    }
    let mut unknown = Vec::new();
    for (name, text) in &sources {
        for code in named_codes(text) {
            if ErrorCode::from_name(&code).is_none() {
                unknown.push(format!("{name}: {code}"));
            }
        }
    }
    assert!(unknown.is_empty(), "codes named but not in the registry:\n{}", unknown.join("\n"));
}

/// What JavaScript developers read names only codes the JS API can throw.
#[test]
fn the_javascript_docs_name_only_codes_javascript_sees() {
    let sources = [("MIGRATION.md".to_owned(), migration_guide()), ("npm/README.md".to_owned(), fs::read_to_string(root().join("npm/README.md")).unwrap())];
    let mut rust_only = Vec::new();
    for (name, text) in &sources {
        for code in named_codes(text) {
            if ErrorCode::from_name(&code).is_some_and(|c| !c.thrown_by_js()) {
                rust_only.push(format!("{name}: {code}"));
            }
        }
    }
    assert!(rust_only.is_empty(), "codes the JS API never throws, named for JS users:\n{}", rust_only.join("\n"));
}
