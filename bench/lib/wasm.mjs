// Building wasm the way the shipped package is built (release profile, wasm-bindgen, wasm-opt
// with the flags from Cargo.toml), optionally keeping the function names, and reading them back.
// Used by bench/size-report.mjs, bench/size-floor.mjs and scripts/check-fmt.mjs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/** `wasm-opt` flags of the shipped build: [package.metadata.wasm-pack.profile.release] in Cargo.toml. */
export function wasmOptFlags(root) {
  return JSON.parse(readFileSync(path.join(root, 'Cargo.toml'), 'utf8').match(/^wasm-opt = (\[.*\])$/m)[1]);
}

const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28, ...opts }).toString();

/**
 * wasm-bindgen (`--target web`) then `wasm-opt` with the shipped flags, on a cargo-built `.wasm`.
 * `names`: keep the function names (`--keep-debug`, `-g`), as twiggy and the name checks need;
 * the code is the same as without. Returns the path of the optimized `<stem>_bg.wasm` in `outDir`.
 */
export function bindgenAndOpt({ root, input, outDir, names = false }) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  run('wasm-bindgen', ['--target', 'web', ...(names ? ['--keep-debug'] : []), '--out-dir', outDir, input]);
  const bg = path.join(outDir, `${path.basename(input, '.wasm')}_bg.wasm`);
  run(path.join(root, 'node_modules/.bin/wasm-opt'), [...wasmOptFlags(root), ...(names ? ['-g'] : []), bg, '-o', bg]);
  return bg;
}

/** The SDK's release wasm as `wasm-pack build` builds it (cargo only; CARGO_TARGET_DIR respected). */
export function cargoBuildSdk(root) {
  run('cargo', ['build', '--release', '--lib', '--target', 'wasm32-unknown-unknown', '--features', 'js'], { cwd: root });
  const targetDir = path.resolve(root, process.env.CARGO_TARGET_DIR ?? 'target');
  return path.join(targetDir, 'wasm32-unknown-unknown/release/logto_wasm.wasm');
}

/**
 * One variant (cargo feature) of bench/size-floor/, with the SDK's profile and flags, into
 * target/size-floor/FEATURE (or FEATURE-names). Returns the paths of the wasm and its JS glue.
 */
export function buildFloor({ root, feature, names = false }) {
  const out = path.join(root, 'target/size-floor');
  const cargoDir = path.join(out, 'cargo');
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--features', feature], {
    cwd: path.join(root, 'bench/size-floor'),
    env: { ...process.env, CARGO_TARGET_DIR: cargoDir },
  });
  const dir = path.join(out, names ? `${feature}-names` : feature);
  const wasm = bindgenAndOpt({ root, input: path.join(cargoDir, 'wasm32-unknown-unknown/release/size_floor.wasm'), outDir: dir, names });
  return { wasm, js: path.join(dir, 'size_floor.js') };
}

/**
 * Function names from a module's `name` custom section (function names subsection), in index
 * order of the functions that have one. Imports are functions too (they come first).
 */
export function functionNames(buf) {
  let pos = 8; // magic + version
  const u32 = () => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = buf[pos++];
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
    }
  };
  const utf8 = (len) => buf.toString('utf8', pos, (pos += len));
  while (pos < buf.length) {
    const id = buf[pos++];
    const size = u32();
    const end = pos + size;
    if (id === 0 && utf8(u32()) === 'name') {
      while (pos < end) {
        const sub = buf[pos++];
        const subEnd = u32() + pos;
        if (sub === 1) {
          const names = [];
          for (let n = u32(); n > 0; n -= 1) {
            u32(); // function index
            names.push(utf8(u32()));
          }
          return names;
        }
        pos = subEnd;
      }
    }
    pos = end;
  }
  throw new Error('no function names in this module (build it with wasm-bindgen --keep-debug and wasm-opt -g)');
}
