// Prints N TCP ports that are free on the loopback interface, one per line (default 2): the
// app and provider ports of one e2e run (scripts/test.sh), so that a run does not collide with
// scripts/demo.sh (3000/3001) or with another run on the same machine.
//
// Picked at random below Linux's ephemeral range (32768-60999), which outgoing connections draw
// their source ports from: the run starts its servers minutes later, and a port of that range
// could be taken by then.
import { createServer } from 'node:net';

const count = Number(process.argv[2] ?? 2);
const LOW = 20_000;
const HIGH = 32_000;

const tryListen = (port) => new Promise((resolve) => {
  const server = createServer();
  server.once('error', () => resolve(null));
  server.listen(port, '127.0.0.1', () => resolve(server));
});

const held = [];
for (let attempt = 0; held.length < count && attempt < 1000; attempt += 1) {
  const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
  if (held.some((s) => s.address().port === port)) continue;
  const server = await tryListen(port);
  if (server) held.push(server);
}
if (held.length < count) {
  console.error(`free-ports: found ${held.length} of ${count} free ports in ${LOW}-${HIGH}`);
  process.exit(1);
}
console.log(held.map((s) => s.address().port).join('\n'));
await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
