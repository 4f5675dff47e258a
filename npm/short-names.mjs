// Short names for what the wasm and its JS glue call each other by.
//
// wasm-bindgen names every import `__wbg_<method>_<16 hex digits>` (from the module
// `./logto_wasm_bg.js`) and every closure shim export `..._invoke__h<16 hex digits>`; each name is
// written in the wasm (imports / exports section) and again in the JS glue. The hex digits are
// random to gzip: with ~120 imports they are a few KiB of the package's transfer size. This
// renames the imports, their module and the exports (but `memory`), consistently in the wasm, the
// glue and its declarations, to `w` / `__w0`, `__w1`, ... (what a minifier does for JS; nothing
// here changes what runs). Used by npm/assemble.mjs (the package), bench/lib/build.mjs (what the
// benchmark and the size budget measure) and scripts/demo.sh (the Leptos sample):
//
//   node npm/short-names.mjs <glue.js> <module_bg.wasm>     rewrites both in place

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    if (b === undefined) throw new Error('truncated wasm');
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

function encodeLeb(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encode = (s) => [...new TextEncoder().encode(s)];
function readName(bytes, at) {
  const [len, start] = leb(bytes, at);
  return [utf8.decode(bytes.subarray(start, start + len)), start + len];
}
const writeName = (s) => [...encodeLeb(new TextEncoder().encode(s).length), ...encode(s)];

/** Skips a `limits` (memory or table). */
function skipLimits(bytes, at) {
  const flags = bytes[at++];
  [, at] = leb(bytes, at);
  if (flags & 1) [, at] = leb(bytes, at);
  return at;
}

/**
 * A vector section (a count, then its entries) rebuilt entry by entry: `entry(bytes, at)` returns
 * the entry's new bytes and where the next one starts.
 */
function rebuildVector(bytes, what, entry) {
  const [count, start] = leb(bytes, 0);
  let at = start;
  const out = [...encodeLeb(count)];
  for (let i = 0; i < count; i++) {
    let part;
    [part, at] = entry(bytes, at);
    out.push(...part);
  }
  if (at !== bytes.length) throw new Error(`${what} section not read to its end`);
  return out;
}

/** The import section rebuilt with `rename(module, field)` → `[module, field]`. */
function renameImports(bytes, rename) {
  return rebuildVector(bytes, 'import', (b, at) => {
    let module;
    let field;
    [module, at] = readName(b, at);
    [field, at] = readName(b, at);
    const descStart = at;
    const kind = b[at++];
    if (kind === 0x00) [, at] = leb(b, at); // function: type index
    else if (kind === 0x01) at = skipLimits(b, at + 1); // table: reftype, limits
    else if (kind === 0x02) at = skipLimits(b, at); // memory: limits
    else if (kind === 0x03) at += 2; // global: valtype, mutability
    else if (kind === 0x04) [, at] = leb(b, at + 1); // tag: attribute, type index
    else throw new Error(`unknown import kind ${kind}`);
    const [newModule, newField] = rename(module, field);
    return [[...writeName(newModule), ...writeName(newField), ...b.subarray(descStart, at)], at];
  });
}

/** The export section rebuilt with `rename(name)`. */
function renameExports(bytes, rename) {
  return rebuildVector(bytes, 'export', (b, at) => {
    let name;
    [name, at] = readName(b, at);
    const descStart = at;
    [, at] = leb(b, at + 1); // kind, index
    return [[...writeName(rename(name)), ...b.subarray(descStart, at)], at];
  });
}

/** Imports from the glue (every one, hashed or not) and exports other than `memory`. */
const SHORT_MODULE = 'w';
const RENAMED_IMPORT = /^__wb\w+$/;
const RENAMED_EXPORT = /^(?!memory$)\w+$/;

/**
 * Renames the imports `wasm` (a Uint8Array / Buffer) takes from its glue, their module, and the
 * exports the glue calls, in the wasm, in `js` (the glue) and in `dts` (its declarations,
 * optional). Returns `{ wasm, js, dts, renamed }`.
 * Throws if a name to rename is not found in the glue, or a new name is already used there.
 */
export function shortNames({ wasm, js, dts = '' }) {
  const bytes = new Uint8Array(wasm);
  // The glue's own module: `./<name>_bg.js` (wasm-bindgen --target web).
  const GLUE_MODULE = js.match(/"(\.\/[\w-]+_bg\.js)": import0/)?.[1];
  if (!GLUE_MODULE) throw new Error('not a wasm-bindgen --target web glue (no "./<name>_bg.js": import0)');
  if (utf8.decode(bytes.subarray(0, 4)) !== '\0asm') throw new Error('not a wasm module');
  const map = new Map();
  const next = () => {
    const name = `__w${map.size.toString(36)}`;
    if (new RegExp(`\\b${name}\\b`).test(js)) throw new Error(`${name} is already used in the glue`);
    return name;
  };
  const renamed = (old, pattern) => {
    if (!pattern.test(old)) return old;
    if (!map.has(old)) map.set(old, next());
    return map.get(old);
  };
  // Sections as byte chunks (the code section is too large to spread into an array).
  const chunks = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    const body = bytes.subarray(start, start + size);
    let rebuilt = null;
    if (id === 2) rebuilt = renameImports(body, (module, field) => (module === GLUE_MODULE ? [SHORT_MODULE, renamed(field, RENAMED_IMPORT)] : [module, field]));
    // An export the glue does not call (e.g. one the JS side never needs) keeps its name, and so
    // does one that the glue exports under the same name (a free function such as
    // `completePopupSignIn`): renaming it in the glue would rename the API.
    const isApi = (name) => new RegExp(`export (?:async )?(?:function|class|const|let) ${name}\\b`).test(js);
    if (id === 7) rebuilt = renameExports(body, (name) => (new RegExp(`\\b${name}\\b`).test(js) && !isApi(name) ? renamed(name, RENAMED_EXPORT) : name));
    if (rebuilt) chunks.push(Uint8Array.from([id, ...encodeLeb(rebuilt.length), ...rebuilt]));
    else chunks.push(bytes.subarray(at, start + size));
    at = start + size;
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  const moduleKey = `"${GLUE_MODULE}": import0`;
  if (js.split(moduleKey).length !== 2) throw new Error(`the glue does not name its import module once as ${moduleKey}`);
  let newJs = js.replace(moduleKey, `"${SHORT_MODULE}": import0`);
  let newDts = dts;
  for (const [old, name] of map) {
    const word = new RegExp(`\\b${old}\\b`, 'g');
    if (!word.test(newJs)) throw new Error(`${old} is not in the glue`);
    newJs = newJs.replace(word, name);
    newDts = newDts.replace(word, name);
  }
  return { wasm: out, js: newJs, dts: newDts, renamed: map.size };
}

// As a command: rewrites a glue and its wasm in place.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const [jsPath, wasmPath] = process.argv.slice(2);
  if (!jsPath || !wasmPath) {
    console.error('usage: node npm/short-names.mjs <glue.js> <module_bg.wasm>');
    process.exit(2);
  }
  const short = shortNames({ wasm: readFileSync(wasmPath), js: readFileSync(jsPath, 'utf8') });
  writeFileSync(jsPath, short.js);
  writeFileSync(wasmPath, short.wasm);
  console.log(`${short.renamed} names shortened in ${jsPath} and ${wasmPath}`);
}
