// The kiosk as a wall display lives with it: an admin makes a kiosk link through the API, and a
// browser with no session opens /#/kiosk/<token>. It shows the account's rooms as tiles, a room
// agent's telemetry changes them within 2 s, a room without Insights shows its status only
// (R-GATE-1), a revoked link stops within seconds, and over hours of telemetry replayed fast the
// frames drawn and the wasm heap stay flat. Real server, real Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  iso, openPage, portalState, postTelemetry, screenshot, startNorthwindWithAgent, startServer, stopAll,
  waitForState,
} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];
const etoileSerial = '2219RP0C7710'; // the demo's device in Salle Étoile

let server;
let browser;
let admin; // the API as Anne
let account; // Northwind's headquarters
let agentToken;

before(async () => {
  ({ server, browser, admin, account, agentToken } = await startNorthwindWithAgent(anne, 'Kiosk test agent'));
});
after(() => stopAll({ server, browser }));

async function makeLink(body = {}) {
  const link = await admin('POST', `/api/v1/accounts/${account.id}/kiosk-links`, { name: 'Lobby', ...body });
  assert.equal(link.status, 201, JSON.stringify(link.json));
  assert.match(link.json.token, /^ksk_/);
  assert.ok(link.json.url.endsWith(`/#/kiosk/${link.json.token}`), link.json.url);
  return link.json;
}

// A browser of its own (no cookie of Anne's), opened on the link as a wall display is.
async function openKiosk(link, { width = 1280, height = 720, scale = 1, hash = '' } = {}) {
  const page = await openPage(browser, { width, height, scale });
  await page.goto(`${server.url}/#/kiosk/${link.token}${hash}`);
  await waitForState(page, (s) => s.kiosk && s.kiosk.status === 'live' && s.kiosk.rooms.length > 0,
    { what: 'the kiosk showing rooms' });
  return page;
}

const kioskRoom = async (page, name) => (await portalState(page)).kiosk.rooms.find((r) => r.name === name);

const send = (batchId, events) => postTelemetry(server.url, agentToken, batchId, events);

test('a kiosk link shows the rooms live, status only without Insights, and stops when revoked', async () => {
  const link = await makeLink();
  const page = await openKiosk(link);
  const state = await portalState(page);
  assert.equal(state.user, null, 'the kiosk signs no one in');
  const names = state.kiosk.rooms.map((r) => r.name);
  for (const name of ['Salle Étoile', 'Opéra', 'Thames']) assert.ok(names.includes(name), names.join(', '));

  // Live: people in Salle Étoile, then its only device offline.
  const now = Date.now();
  const sent = await send(`kiosk-live-${now}`, [
    { type: 'device', serial: etoileSerial, at: iso(now - 60000), status: 'online' },
    { type: 'occupancy', roomId: (await kioskRoom(page, 'Salle Étoile')).id, at: iso(now - 1000), people: 5 },
  ]);
  assert.equal(sent.status, 200, JSON.stringify(sent.json));
  const answered = Date.now();
  await waitForState(page, (s) => s.kiosk.rooms.some((r) => r.name === 'Salle Étoile' && r.people === 5 &&
    r.state === 'occupied'), { timeout: 2000, what: 'Salle Étoile occupied by 5 within 2 s' });
  const shownAfter = Date.now() - answered;
  assert.ok(shownAfter <= 2000, `shown ${shownAfter} ms after the telemetry was taken`);
  console.log(`kiosk: the new count showed ${shownAfter} ms after the POST's answer`);

  const offline = await send(`kiosk-offline-${Date.now()}`, [
    { type: 'device', serial: etoileSerial, at: iso(Date.now() - 500), status: 'offline' },
  ]);
  assert.equal(offline.status, 200);
  await waitForState(page, (s) => s.kiosk.rooms.some((r) => r.name === 'Salle Étoile' && r.state === 'offline'),
    { timeout: 2000, what: 'Salle Étoile offline within 2 s' });
  await page.waitForTimeout(300); // the page's loading screen fades out in 150 ms
  await screenshot(page, 'kiosk-dark-1280x720');

  // R-GATE-1: what the status route says of each room's Insights, the kiosk follows.
  const status = (await admin('GET', `/api/v1/accounts/${account.id}/status`)).json;
  const shown = (await portalState(page)).kiosk.rooms;
  for (const room of status.rooms) {
    const tile = shown.find((r) => r.id === room.roomId);
    if (!tile || room.insights) continue;
    assert.equal(tile.people, null, `${tile.name} has no Insights: no people count`);
    assert.ok(['online', 'offline', 'attention', 'unknown'].includes(tile.state), `${tile.name}: ${tile.state}`);
  }
  assert.ok(status.rooms.some((r) => !r.insights), 'the demo has a room without Insights');

  // Revoked: the kiosk learns within seconds, while its long poll is waiting.
  const revoked = await admin('DELETE', `/api/v1/kiosk-links/${link.id}`);
  assert.equal(revoked.status, 204);
  await waitForState(page, (s) => s.kiosk.status === 'invalid', { timeout: 5000, what: 'the revoked link refused' });
  await screenshot(page, 'kiosk-revoked');
  const direct = await fetch(`${server.url}/api/v1/kiosk/dashboard`, { headers: { Authorization: `Bearer ${link.token}` } });
  assert.equal(direct.status, 401);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('through a server outage the kiosk keeps its data, says it is stale, and comes back by itself', async () => {
  const link = await makeLink();
  const page = await openKiosk(link);
  const before = await kioskRoom(page, 'Salle Étoile');
  const { port, dataDir } = server;
  await server.stop();
  const stale = await waitForState(page, (s) => s.kiosk.status === 'stale', { what: 'the kiosk stale' });
  assert.ok(stale.kiosk.rooms.some((r) => r.name === 'Salle Étoile' && r.people === before.people),
    'the last data stays on the wall');
  await page.waitForTimeout(300);
  await screenshot(page, 'kiosk-stale');
  server = await startServer({ port, dataDir });
  await waitForState(page, (s) => s.kiosk.status === 'live', { timeout: 40000, what: 'the kiosk live again' });
  const sent = await send(`kiosk-after-restart-${Date.now()}`, [
    { type: 'occupancy', roomId: before.id, at: iso(Date.now()), people: 2 },
  ]);
  assert.equal(sent.status, 200, JSON.stringify(sent.json));
  await waitForState(page, (s) => s.kiosk.rooms.some((r) => r.name === 'Salle Étoile' && r.people === 2),
    { timeout: 2000, what: 'a change after the restart within 2 s' });
  await page.close();
});

test('a kiosk limited to one site, in the light theme, on a 4K screen', async () => {
  const link = await makeLink({ sites: ['London'], theme: 'light' });
  const page = await openKiosk(link, { width: 1920, height: 1080, scale: 2 });
  const state = await portalState(page);
  assert.deepEqual([...new Set(state.kiosk.rooms.map((r) => r.site))], ['London']);
  assert.equal(state.kiosk.theme, 'light');
  await page.waitForTimeout(300);
  await screenshot(page, 'kiosk-light-3840x2160');
  await page.close();
});

test('over hours of telemetry replayed fast, frames and memory stay flat', async () => {
  const link = await makeLink();
  const page = await openKiosk(link);
  const rooms = (await portalState(page)).kiosk.rooms;
  const etoile = rooms.find((r) => r.name === 'Salle Étoile');

  // Idle: nothing changes, so (almost) nothing is drawn: at most a clock minute.
  const idleStart = (await portalState(page)).frame;
  await page.waitForTimeout(5000);
  const idleFrames = (await portalState(page)).frame - idleStart;
  assert.ok(idleFrames <= 3, `${idleFrames} frames drawn in 5 idle seconds`);

  // Ten hours of a busy room at a change a minute, sent as fast as the server takes them. The
  // status keeps each room's newest event, so the replay's clock runs on from now, 400 ms a
  // change (600 changes stay within the 5 minutes ahead the server accepts).
  const minutes = 600;
  const start = Date.now();
  let memoryAfterWarmUp = null;
  let framesAtWarmUp = 0;
  for (let minute = 0; minute < minutes; ++minute) {
    const at = start + minute * 400;
    const events = [{ type: 'occupancy', roomId: etoile.id, at: iso(at), people: (minute * 7) % 9 }];
    if (minute % 30 === 0) events.push({ type: 'device', serial: etoileSerial, at: iso(at), status: minute % 60 ? 'offline' : 'online' });
    if (minute % 45 === 0) events.push({ type: 'meeting', roomId: etoile.id, start: iso(at), end: iso(at + 30 * 60000) });
    const batch = await send(`replay-${link.id}-${minute}`, events);
    assert.equal(batch.status, 200, JSON.stringify(batch.json));
    if (minute === 5) {
      await waitForState(page, (s) => s.kiosk.rooms.some((r) => r.name === 'Salle Étoile' && r.people === (5 * 7) % 9));
      memoryAfterWarmUp = await page.evaluate(() => window.portalMemory());
      framesAtWarmUp = (await portalState(page)).frame;
    }
  }
  const last = ((minutes - 1) * 7) % 9;
  const final = await waitForState(page, (s) => s.kiosk.rooms.some((r) => r.name === 'Salle Étoile' && r.people === last),
    { what: 'the last replayed count shown' });
  const memory = await page.evaluate(() => window.portalMemory());
  const frames = final.frame - framesAtWarmUp;
  console.log(`kiosk replay: ${minutes} batches; frames ${frames}; heap ${memoryAfterWarmUp.heapBytes} -> ` +
    `${memory.heapBytes} bytes; malloc ${memoryAfterWarmUp.mallocBytes} -> ${memory.mallocBytes} bytes`);
  // At most one frame per batch (and a few for the clock): never a frame per poll or per tick.
  assert.ok(frames <= minutes + 10, `${frames} frames for ${minutes} changes`);
  assert.equal(memory.heapBytes, memoryAfterWarmUp.heapBytes, 'the wasm heap did not grow');
  assert.ok(memory.mallocBytes - memoryAfterWarmUp.mallocBytes < 512 * 1024,
    `malloc grew by ${memory.mallocBytes - memoryAfterWarmUp.mallocBytes} bytes`);
  assert.deepEqual(page.problems, []);
  await page.close();
});
