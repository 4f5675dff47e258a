// Helpers of the npm package tests (tests/npm/*.test.mjs, tests/e2e/npm-*.test.mjs): the built
// package, `npm pack`, throw-away apps in temp directories, child processes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The assembled package (scripts/build-npm.sh); NPM_PACKAGE_DIR overrides it. */
export const PACKAGE_DIR = path.resolve(ROOT, process.env.NPM_PACKAGE_DIR ?? 'target/npm/logto-wasm');
export const BIN = path.join(ROOT, 'node_modules/.bin');

/** Fails with a clear message when the package has not been built. */
export function requirePackage() {
  for (const file of ['package.json', 'index.js', 'logto_wasm_bg.wasm']) {
    if (!existsSync(path.join(PACKAGE_DIR, file))) {
      throw new Error(`${path.join(PACKAGE_DIR, file)} is missing: build the npm package first (bash scripts/build-npm.sh)`);
    }
  }
}

/**
 * Runs a command; resolves to { code, stdout, stderr } whatever the exit code (`check: true`
 * rejects on a non-zero one, with the output). npm's "Unknown user config" warnings are dropped.
 */
export function run(command, args, { cwd = ROOT, env = {}, check = false, timeout = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      stderr = stderr.split('\n').filter((l) => !/Unknown user config/.test(l)).join('\n');
      const result = { code: code ?? signal, stdout, stderr };
      if (check && code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code ?? signal}:\n${stdout}\n${stderr}`));
      } else {
        resolve(result);
      }
    });
  });
}

/** A fresh temp directory; remove it with cleanup() (kept when KEEP_TMP is set). */
export async function tempDir(prefix) {
  const dir = await mkdtemp(path.join(tmpdir(), `logto-wasm-${prefix}-`));
  return {
    dir,
    async cleanup() {
      if (!process.env.KEEP_TMP) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `npm pack` of the package into `dest`; returns the tarball's path and npm's file list. */
export async function packPackage(dest) {
  requirePackage();
  const { stdout } = await run('npm', ['pack', PACKAGE_DIR, '--pack-destination', dest, '--json'], { cwd: dest, check: true });
  const [info] = JSON.parse(stdout);
  return { tarball: path.join(dest, info.filename), info };
}

/**
 * Writes an app (package.json + files) into `dir` and runs `npm install` there. `files` maps
 * relative paths to contents. Registry packages come from the npm registry (or npm's cache).
 */
export async function createApp(dir, { packageJson, files = {} }) {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, check: true });
  return dir;
}

/** Long-running commands (dev servers): the e2e helper. */
export { startProcess } from '../e2e/lib.mjs';
