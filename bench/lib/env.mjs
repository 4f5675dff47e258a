// What a result depends on: machine, load, versions.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const git = (root, ...args) => {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};
const pkgVersion = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    return null;
  }
};

export const loadAverage = () => os.loadavg().map((x) => Number(x.toFixed(2)));

export function environment({ root, pkgDir }) {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
    },
    versions: {
      node: process.version,
      '@logto/browser': pkgVersion(path.join(root, 'node_modules/@logto/browser/package.json')),
      '@logto/client': pkgVersion(path.join(root, 'node_modules/@logto/client/package.json')),
      '@logto/js': pkgVersion(path.join(root, 'node_modules/@logto/js/package.json')),
      'logto-wasm': pkgVersion(path.join(pkgDir, 'package.json')),
      'logto-wasm commit': git(root, 'describe', '--always', '--dirty', '--exclude', '*'),
      'pkg built': (() => {
        try { return statSync(path.join(pkgDir, 'logto_wasm_bg.wasm')).mtime.toISOString(); } catch { return null; }
      })(),
    },
  };
}
