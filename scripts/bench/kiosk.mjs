// An idle kiosk and a long-running one, measured in headless Chromium against the real server:
//   idle      frames drawn and the renderer's CPU time (CDP Performance: TaskDuration) over
//             --idle-seconds (60) with nothing changing, scaled to a minute
//   replay    --hours (1) of telemetry for every room of the account replayed fast, one batch
//             per simulated minute; the wasm heap, malloc's bytes and the JS heap (after a
//             garbage collection) after the first 5 simulated minutes and at the end
// Writes --out (JSON) and prints a summary. Uses the browser tests' harness (its environment:
// PORTAL_SERVER_BIN, PORTAL_WEB_DIST), so the server and Chromium start as in the tests.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { apiAs, iso, launchBrowser, openPage, portalState, postTelemetry, startServer, waitForState }
  from '../../tests/browser/harness.mjs';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' }, 'idle-seconds': { type: 'string', default: '60' },
    hours: { type: 'string', default: '1' },
  },
});
const idleSeconds = Number(args['idle-seconds']);
const replayMinutes = Math.round(Number(args.hours) * 60);

const server = await startServer();
const browser = await launchBrowser();
try {
  const admin = await apiAs(server.url, 'anne.martin@northwind.example', 'northwind-admin');
  const account = (await admin('GET', '/api/v1/accounts')).json.accounts[0];
  const agent = (await admin('POST', `/api/v1/accounts/${account.id}/agent-tokens`, { name: 'Kiosk bench' })).json.token;
  const link = (await admin('POST', `/api/v1/accounts/${account.id}/kiosk-links`, { name: 'Bench' })).json;
  const devices = (await admin('GET', `/api/v1/accounts/${account.id}/status`)).json.devices
    .filter((d) => d.roomId).map((d) => d.serial);

  const page = await openPage(browser, { width: 1920, height: 1080 });
  await page.goto(`${server.url}/#/kiosk/${link.token}`);
  await waitForState(page, (s) => s.kiosk && s.kiosk.status === 'live' && s.kiosk.rooms.length > 0,
    { what: 'the kiosk live', timeout: 30000 });
  const rooms = (await portalState(page)).kiosk.rooms;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name).value;
  const memory = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const js = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.portalMemory());
    return { wasmHeapBytes: wasm.heapBytes, mallocBytes: wasm.mallocBytes, jsHeapUsedBytes: js.usedSize };
  };

  // Idle: let the first answers settle, then watch.
  await page.waitForTimeout(2000);
  const frames0 = (await portalState(page)).frame;
  const cpu0 = await metric('TaskDuration');
  await page.waitForTimeout(idleSeconds * 1000);
  const idle = {
    seconds: idleSeconds,
    frames: (await portalState(page)).frame - frames0,
    cpuSeconds: (await metric('TaskDuration')) - cpu0,
  };
  idle.framesPerMinute = idle.frames * 60 / idleSeconds;
  idle.cpuMsPerMinute = idle.cpuSeconds * 1000 * 60 / idleSeconds;

  // Replay: every room changes every simulated minute, a device flaps every 10.
  const start = Date.now() - (replayMinutes + 5) * 60000;
  let atFive = null;
  const began = Date.now();
  for (let minute = 0; minute < replayMinutes; ++minute) {
    const at = iso(start + minute * 60000);
    const events = rooms.map((room, i) => ({ type: 'occupancy', roomId: room.id, at, people: (minute + i) % 7 }));
    if (minute % 10 === 0 && devices.length) {
      events.push({ type: 'device', serial: devices[minute % devices.length], at, status: minute % 20 ? 'offline' : 'online' });
    }
    const sent = await postTelemetry(server.url, agent, `bench-${minute}`, events);
    if (sent.status !== 200) throw new Error(`batch ${minute}: ${sent.status} ${JSON.stringify(sent.json)}`);
    if (minute === 4) {
      await page.waitForTimeout(1000);
      atFive = await memory();
    }
  }
  await page.waitForTimeout(2000);
  const atEnd = await memory();
  const result = {
    idle,
    replay: { minutes: replayMinutes, rooms: rooms.length, seconds: (Date.now() - began) / 1000, after5Minutes: atFive, atEnd },
  };
  console.log(`idle kiosk: ${idle.framesPerMinute.toFixed(1)} frames/min, ${idle.cpuMsPerMinute.toFixed(1)} ms CPU/min ` +
    `(renderer tasks, ${idleSeconds} s watched)`);
  for (const [name, m] of [['after 5 min', atFive], [`after ${replayMinutes} min`, atEnd]]) {
    console.log(`replay ${name}: wasm heap ${m.wasmHeapBytes} B, malloc ${m.mallocBytes} B, JS heap ${m.jsHeapUsedBytes} B`);
  }
  if (args.out) writeFileSync(args.out, JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  await server.stop();
  server.cleanup();
}
