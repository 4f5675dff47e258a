// No core::fmt on the way to JS (issue #12): fails when the SDK's wasm has formatting functions
// that wasm-bindgen's own floor does not have.
//
//   node scripts/check-fmt.mjs            # builds, compares, prints the extra functions
//   node scripts/check-fmt.mjs --list     # also prints every fmt function of both modules
//
// Builds the SDK's release wasm (cargo, as `wasm-pack build` does; a no-op right after it) and
// the `bindgen-only` variant of bench/size-floor/ (nothing but wasm-bindgen, same profile:
// panic=abort still keeps std's panic-message formatting), both through wasm-bindgen and
// wasm-opt with the shipped flags but keeping the function names (as bench/size-report.mjs
// does), and reads the names from each module's `name` section. A formatting function is one
// whose name is in core::fmt / alloc::fmt (Display and Debug impls, float and integer
// formatting, Formatter, write/format) or a ToString going through Display.
//
// Names are compared without their hashes (`::h0123…`, `core[0123…]`), counting copies: the check fails if the SDK
// has a formatting function more times than the floor does, unless it is in ALLOW below.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { bindgenAndOpt, buildFloor, cargoBuildSdk, functionNames } from '../bench/lib/wasm.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const list = process.argv.includes('--list');

const FMT = /\b(?:core|alloc|std)::fmt\b|\bas alloc::string::ToString>|\bpanic_fmt\b/;
/**
 * Formatting functions allowed beyond the floor: [RegExp, why]. Keep it short and reasoned.
 *
 * What is allowed is std's panic path, which a stable toolchain links even with panic=abort: a
 * panic in std or a dependency (a bounds check, an `unwrap` on an error with `Debug`, a RefCell
 * borrowed twice, a thread-local after teardown) formats its message and location before
 * aborting. None of it is on the way from an error to JS (a panic never returns), and only
 * nightly's `panic=immediate-abort` removes it (docs/size.md). What stays forbidden is what the
 * SDK itself would add: `format!` (alloc::fmt::format), `Display` / `Debug` / `ToString` of the
 * SDK's own types, float formatting, `{:?}` of strings beyond the floor's.
 */
const ALLOW = [
  [/^<core::cell::Borrow(Mut)?Error as core::fmt::Display>::fmt$/, "RefCell's already-borrowed panic (ours and wasm-bindgen-futures')"],
  [/^<core::fmt::Formatter>::(pad|pad_integral|pad_integral::write_prefix|write_str|debug_struct_field2_finish)$/, 'what panic messages are written with'],
  [/^<core::fmt::builders::(PadAdapter as core::fmt::Write>::write_(str|char|fmt)|DebugStruct>::field)$/, 'Debug of a panic payload ({:#?} padding)'],
  [/^<alloc::string::String as core::fmt::Write>::write_(str|char|fmt)$/, 'the panic handler collects the message into a String'],
  [/^core::fmt::write$/, 'the panic handler formats the message'],
  [/^<core::fmt::Arguments as core::fmt::Display>::fmt$/, 'the panic message itself'],
  [/^<std::panicking::panic_handler::(FormatString|StaticStr)Payload as core::fmt::Display>::fmt$/, 'std panic payloads'],
  [/^<(&)?(usize|u32) as core::fmt::(Debug|Display)>::fmt$/, 'panic locations (line:column) and bounds-check indices'],
  [/^<core::ops::range::Range<usize> as core::fmt::Debug>::fmt$/, 'slice-index panics in dependencies (base64, sha2, dlmalloc)'],
  [/^<(alloc::string::FromUtf8Error|std::thread::local::AccessError) as core::fmt::Debug>::fmt$/, 'unwrap/expect in std and wasm-bindgen (UTF-8 from JS, thread-local teardown)'],
  [/^<alloc::vec::Vec<T,A> as core::fmt::Debug>::fmt$/, "FromUtf8Error's bytes, in that panic's message"],
  [/^<&(T|str|dyn core::fmt::Debug) as core::fmt::(Debug|Display)>::fmt$/, 'references to the payloads above'],
  [/^<&str as core::fmt::Display>::fmt$/, 'panic messages given as &str'],
];

/** Normalized name → number of functions with it, for the formatting functions of a module. */
function fmtFunctions(wasmPath) {
  const counts = new Map();
  for (const raw of functionNames(readFileSync(wasmPath))) {
    // Without std's crate disambiguators (`core[c5930c85a12de822]::`) and the legacy hash.
    const name = raw.replace(/\[[0-9a-f]+\]/g, '').replace(/::h[0-9a-f]{16}$/, '');
    if (FMT.test(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}
const total = (counts) => [...counts.values()].reduce((a, b) => a + b, 0);

const sdk = fmtFunctions(bindgenAndOpt({
  root: ROOT, input: cargoBuildSdk(ROOT), outDir: path.join(ROOT, 'target/check-fmt'), names: true,
}));
const floor = fmtFunctions(buildFloor({ root: ROOT, feature: 'bindgen-only', names: true }).wasm);

const beyond = [...sdk].map(([name, n]) => [name, n - (floor.get(name) ?? 0)]).filter(([, n]) => n > 0);
const allowed = (name) => ALLOW.some(([re]) => re.test(name));
const extra = beyond.filter(([name]) => !allowed(name)).sort((a, b) => a[0].localeCompare(b[0]));
const count = (rows) => rows.reduce((a, [, n]) => a + n, 0);

if (list) {
  for (const [label, counts] of [['SDK', sdk], ['floor (bench/size-floor, bindgen-only)', floor]]) {
    console.log(`\n${label}: ${total(counts)} formatting functions`);
    for (const [name, n] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`  ${n > 1 ? `${n}× ` : ''}${name}`);
  }
  console.log();
}
console.log(`formatting functions (core::fmt, alloc::fmt, Display/Debug impls): SDK ${total(sdk)}, `
  + `wasm-bindgen floor ${total(floor)}, allowed beyond it ${count(beyond) - count(extra)}; not allowed: ${count(extra)}`);
if (extra.length) {
  for (const [name, n] of extra) console.log(`  ${n > 1 ? `${n}× ` : ''}${name}`);
  console.log('the SDK formats on its way to JS: return &\'static str messages and hand fields to JS separately (docs/size.md)');
  process.exit(1);
}
