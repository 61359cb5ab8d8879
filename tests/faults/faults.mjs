// scripts/faults' runner: the kill -9 harness (harness.mjs) for many cycles on one or both
// backends, waiting out every claim at the end; prints the figures, writes them as JSON beside
// the logs, and exits 1 on any loss, duplicate or violation.
//   node tests/faults/faults.mjs --cycles N --backend sqlite|postgresql|both --server BIN
//     --logs DIR [--pg-url URL] [--pg-dir DIR] [--pg-restart-every N]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runKill9, stopRunning } from './harness.mjs';

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '200' },
    backend: { type: 'string', default: 'both' },
    server: { type: 'string' },
    logs: { type: 'string' },
    'pg-url': { type: 'string' },
    'pg-dir': { type: 'string' },
    'pg-restart-every': { type: 'string', default: '10' },
  },
});
// Interrupted: the server, the SMTP sink and the database go too.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await stopRunning()?.catch(() => {});
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}
const backends = values.backend === 'both' ? ['sqlite', 'postgresql'] : [values.backend];
let failed = false;
for (const backend of backends) {
  const started = new Date();
  console.log(`==> kill -9 on ${backend}: ${values.cycles} cycles, from ${started.toISOString()}`);
  const harness = await runKill9({
    backend, cycles: Number(values.cycles), serverBin: values.server, logs: values.logs,
    adminUrl: values['pg-url'], pgDir: values['pg-dir'], pgRestartEvery: Number(values['pg-restart-every']),
    drain: 'full', progress: 10,
  });
  const f = harness.figures;
  console.log(harness.summary());
  console.log(`  wall time ${(f.wallMs / 1000).toFixed(0)} s, ${started.toISOString()} to ${new Date().toISOString()}`);
  writeFileSync(path.join(values.logs, `${backend}-figures.json`), `${JSON.stringify(f, null, 2)}\n`);
  failed ||= harness.failed();
}
process.exit(failed ? 1 : 0);
