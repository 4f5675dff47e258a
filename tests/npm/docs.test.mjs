// Documentation checks: `cargo doc --no-deps` (native and wasm32, where the `browser` and `js`
// modules exist) gives no warning, and every public item of the JS facade (src/js/) and of the
// crate root is documented (`-W missing_docs`). Items of src/core and src/browser without docs are
// reported as a diagnostic, not a failure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { run } from './lib.mjs';

const warnings = (output) => output.split('\n').filter((l) => /^(warning|error)(\[|:)/.test(l));

/** `warning: missing documentation ...` followed by its ` --> file:line` location. */
function missingDocs(output) {
  const lines = output.split('\n');
  const found = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('warning: missing documentation')) return;
    const at = lines.slice(i + 1, i + 4).find((l) => l.includes('-->'));
    found.push({ what: line.replace('warning: missing documentation for ', ''), at: at?.replace(/.*--> /, '') ?? '?' });
  });
  return found;
}

describe('cargo doc', { timeout: 600_000 }, () => {
  for (const target of [[], ['--target', 'wasm32-unknown-unknown']]) {
    test(`${['cargo doc --no-deps', ...target].join(' ')} gives no warning`, async () => {
      const { code, stderr } = await run('cargo', ['doc', '--no-deps', ...target]);
      assert.equal(code, 0, stderr);
      assert.deepEqual(warnings(stderr), [], stderr);
    });
  }

  test('every public item of src/js/ and src/lib.rs is documented (missing_docs)', async (t) => {
    const { code, stderr } = await run('cargo', ['doc', '--no-deps', '-p', 'logto-wasm', '--target', 'wasm32-unknown-unknown'], {
      env: { RUSTDOCFLAGS: '-W missing_docs' },
    });
    assert.equal(code, 0, stderr);
    const missing = missingDocs(stderr);
    const mine = missing.filter((m) => m.at.startsWith('src/js/') || m.at.startsWith('src/lib.rs'));
    assert.deepEqual(mine, []);
    const byFile = {};
    for (const m of missing) {
      const file = m.at.replace(/:\d+:\d+$/, '');
      byFile[file] = (byFile[file] ?? 0) + 1;
    }
    t.diagnostic(`undocumented public items elsewhere: ${missing.length} ${JSON.stringify(byFile)}`);
  });
});
