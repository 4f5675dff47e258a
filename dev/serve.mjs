// Static file server for the demo and the end-to-end test pages.
//
//   node dev/serve.mjs            (PORT=3000 by default, loopback only)
//
//   /pkg/*  -> pkg/               (wasm-pack output; PKG_DIR=<dir> serves another build)
//   /npm/*  -> target/npm/logto-wasm/ (the assembled npm package, bash scripts/build-npm.sh; NPM_DIR=<dir>)
//   /e2e/*  -> tests/e2e/pages/   (unknown extension-less paths fall back to its index.html)
//   /js/*   -> www/js/dist/       (the JavaScript sample's Vite build; JS_DIR=<dir> serves another; same fallback)
//   /bench/* -> bench/page/       (the benchmark page, npm run bench; same fallback)
//   /*      -> www/dist/          (unknown extension-less paths fall back to www/dist/index.html)
//
// CSP=<policy> sends that Content-Security-Policy with every HTML page (the npm e2e tests serve
// the bundlers' builds under `script-src 'self' 'wasm-unsafe-eval'`).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.PORT ?? 3000);
const CSP = process.env.CSP;

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

// Mounts, most specific first: [url prefix, directory, SPA fallback file or null].
const MOUNTS = [
  ['/pkg/', path.resolve(ROOT, process.env.PKG_DIR ?? 'pkg'), null],
  ['/npm/', path.resolve(ROOT, process.env.NPM_DIR ?? 'target/npm/logto-wasm'), null],
  ['/e2e/', path.join(ROOT, 'tests/e2e/pages'), 'index.html'],
  ['/js/', path.resolve(ROOT, process.env.JS_DIR ?? 'www/js/dist'), 'index.html'],
  ['/bench/', path.join(ROOT, 'bench/page'), 'index.html'],
  ['/', path.join(ROOT, 'www/dist'), 'index.html'],
];

async function fileAt(file) {
  try {
    const info = await stat(file);
    return info.isFile() ? info : null;
  } catch {
    return null;
  }
}

async function resolve(pathname) {
  if (pathname === '/e2e') return { redirect: '/e2e/' };
  if (pathname === '/js') return { redirect: '/js/' };
  for (const [prefix, dir, fallback] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    const relative = pathname.slice(prefix.length);
    const target = path.resolve(dir, `.${path.posix.sep}${relative}`);
    if (target !== dir && !target.startsWith(dir + path.sep)) return null; // path traversal
    const candidates = relative === '' || relative.endsWith('/') ? [path.join(target, 'index.html')] : [target];
    // SPA fallback for page routes (/e2e/callback), not for missing assets (/e2e/missing.js).
    if (fallback && path.posix.extname(relative) === '') candidates.push(path.join(dir, fallback));
    for (const file of candidates) {
      const info = await fileAt(file);
      if (info) return { file, info };
    }
    return null;
  }
  return null;
}

const server = http.createServer(async (req, res) => {
  const headers = { 'cache-control': 'no-store' };
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' });
      return res.end();
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400, headers);
      return res.end('bad request');
    }
    const found = await resolve(pathname);
    if (!found) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      return res.end(`not found: ${pathname}\n`);
    }
    if (found.redirect) {
      res.writeHead(301, { ...headers, location: found.redirect });
      return res.end();
    }
    const isHtml = path.extname(found.file).toLowerCase() === '.html';
    res.writeHead(200, {
      ...headers,
      ...(CSP && isHtml ? { 'content-security-policy': CSP } : {}),
      'content-type': MIME[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': found.info.size,
    });
    if (req.method === 'HEAD') return res.end();
    return createReadStream(found.file).pipe(res);
  } catch (err) {
    console.error('[serve]', err);
    if (!res.headersSent) res.writeHead(500, headers);
    return res.end();
  }
});

const listen = (s, host) => new Promise((resolveListen, reject) => {
  s.once('error', reject);
  s.listen(PORT, host, () => { s.off('error', reject); resolveListen(); });
});

const servers = [server];
await listen(server, '127.0.0.1');
try {
  const v6 = http.createServer((req, res) => server.emit('request', req, res));
  await listen(v6, '::1');
  servers.push(v6);
} catch { /* no IPv6 loopback: fine */ }

const shutdown = () => {
  for (const s of servers) { s.close(); s.closeAllConnections?.(); }
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

console.log(`static server ready on http://localhost:${PORT}`);
