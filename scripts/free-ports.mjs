// Free TCP ports on the loopback interface: `node scripts/free-ports.mjs [N]` prints N of them, one
// per line (default 2): the app and provider ports of one e2e run (scripts/test.sh), so that a run
// does not collide with scripts/demo.sh (3000/3001) or with another run on the same machine.
// tests/e2e/lib.mjs imports `freePorts` for the providers a suite starts itself.
//
// Picked at random below Linux's ephemeral range (32768-60999), which outgoing connections draw
// their source ports from: a run starts its servers minutes later, and a port of that range
// could be taken by then.
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const LOW = 20_000;
const HIGH = 32_000;

const tryListen = (port) => new Promise((resolve) => {
  const server = createServer();
  server.once('error', () => resolve(null));
  server.listen(port, '127.0.0.1', () => resolve(server));
});

/** `count` different ports, free now (each held until all are found, then released). */
export async function freePorts(count) {
  const held = [];
  for (let attempt = 0; held.length < count && attempt < 1000; attempt += 1) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (held.some((s) => s.address().port === port)) continue;
    const server = await tryListen(port);
    if (server) held.push(server);
  }
  const ports = held.map((s) => s.address().port);
  await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
  if (ports.length < count) throw new Error(`free-ports: found ${ports.length} of ${count} free ports in ${LOW}-${HIGH}`);
  return ports;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log((await freePorts(Number(process.argv[2] ?? 2))).join('\n'));
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
