// Devices in the browser, against the real server and its demo data: Anne sees the account's
// devices; Add device with a serial already registered is refused by the engine in the page,
// before any request (R-ROOM-3); a new serial with a catalogue product is added and appears;
// Move device puts it in a room (R-ROOM-4). Each step is checked against the server's own
// answer, not only against the screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  clickEntry, clickItem, items, launchBrowser, openPage, portalState, screenshot, signIn, startServer,
  waitForItem, waitForNoItem, waitForState,
} from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  server?.cleanup();
});

const api = (page, path) => page.evaluate(async (path) => {
  const response = await fetch(path, { credentials: 'same-origin', headers: { 'X-Requested-With': 'portal' } });
  return response.json();
}, path);

// Polls until an item labelled `label` is drawn within the row of the item labelled `first`
// (the row's selectable spans its height).
async function waitForSameRow(page, first, label, { timeout = 10000 } = {}) {
  const deadline = Date.now() + timeout;
  let last = [];
  while (Date.now() < deadline) {
    last = await items(page);
    const row = last.find((item) => item.label === first);
    const inRow = (item) => item.y + item.h / 2 > row.y && item.y + item.h / 2 < row.y + row.h;
    if (row && last.some((item) => item.label === label && inRow(item))) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`no "${label}" on the row of "${first}"; on screen: ${last.map((i) => i.label).join(' | ')}`);
}

test('add a device by serial and product, then move it into a room', async () => {
  const page = await openPage(browser);
  const changes = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET' && request.url().includes('/devices')) changes.push(request.url());
  });
  await signIn(page, server.url, 'anne.martin@northwind.example', 'northwind-admin');
  await clickItem(page, 'English');
  await clickItem(page, 'Devices');
  await waitForState(page, (s) => s.route.startsWith('#/devices') && s.language === 'en');
  const accountId = (await portalState(page)).account.id;
  await waitForItem(page, '2219RP0C7710');
  await waitForSameRow(page, '2219RP0C7710', 'Rally Plus');
  await waitForSameRow(page, '2219RP0C7710', 'Salle Étoile');
  await screenshot(page, 'devices');

  // A serial the account already has, typed in lower case: the engine refuses it at once.
  await clickItem(page, 'Add device');
  await waitForItem(page, 'Purchase date');
  await clickItem(page, 'Serial number');
  await page.keyboard.type('2219rp0c7710');
  await clickItem(page, 'Product');
  await clickEntry(page, 'Rally Bar');
  await waitForItem(page, 'The serial number 2219RP0C7710 is already registered. (R-ROOM-3)');
  assert.equal((await waitForItem(page, 'Add')).enabled, false);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assert.deepEqual(changes, [], 'nothing was sent');
  await page.keyboard.press('Escape');
  await waitForNoItem(page, 'Purchase date');

  // A new serial with a catalogue product: sent, and it appears.
  await clickItem(page, 'Add device');
  await waitForItem(page, 'Purchase date');
  await clickItem(page, 'Serial number');
  await page.keyboard.type('2299TEST0001');
  await clickItem(page, 'Product');
  await clickEntry(page, 'Rally Bar');
  await waitForItem(page, 'The rules allow it.');
  await clickItem(page, 'Add');
  await waitForState(page, (s) => s.route === `#/devices/2299TEST0001?account=${accountId}`,
    { what: 'the new device selected' });
  await waitForNoItem(page, 'Purchase date');
  await waitForSameRow(page, '2299TEST0001', 'Rally Bar');
  await waitForSameRow(page, '2299TEST0001', 'Not in a room');
  assert.equal(changes.length, 1);
  let devices = (await api(page, `/api/v1/accounts/${accountId}/devices`)).devices;
  const added = devices.find((d) => d.serial === '2299TEST0001');
  assert.ok(added, 'the server has the device');
  assert.equal(added.product, 'rally-bar');
  assert.equal(added.roomId, null);

  // Move it into Opéra.
  await clickItem(page, 'Move device');
  await waitForItem(page, 'Device 2299TEST0001 (Rally Bar), now in no room.');
  await clickItem(page, 'Destination');
  await clickEntry(page, 'Opéra');
  await waitForItem(page, 'The rules allow it.');
  await clickItem(page, 'Move');
  await waitForNoItem(page, 'Destination');
  await waitForSameRow(page, '2299TEST0001', 'Opéra');
  const rooms = (await api(page, `/api/v1/accounts/${accountId}/rooms`)).rooms;
  const opera = rooms.find((r) => r.name === 'Opéra');
  devices = (await api(page, `/api/v1/accounts/${accountId}/devices`)).devices;
  assert.equal(devices.find((d) => d.serial === '2299TEST0001').roomId, opera.id);
  await screenshot(page, 'devices-after-move');

  // The search finds it by the room's name typed without capitals.
  await clickItem(page, 'Search devices');
  await page.keyboard.type('opéra');
  await waitForItem(page, /^\d+ of \d+ devices$/);
  await waitForItem(page, '2299TEST0001');
  assert.ok(!(await items(page)).some((item) => item.label === '2219RP0C7710'), 'Étoile\'s device is filtered out');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a read-only member sees Add device and Move device disabled', async () => {
  const page = await openPage(browser);
  await signIn(page, server.url, 'louis.bernard@northwind.example', 'northwind-readonly');
  await clickItem(page, 'English');
  await clickItem(page, 'Devices');
  await clickItem(page, '2219RP0C7710');
  await waitForState(page, (s) => s.route.startsWith('#/devices/2219RP0C7710'));
  assert.equal((await waitForItem(page, 'Add device')).enabled, false);
  assert.equal((await waitForItem(page, 'Move device')).enabled, false);
  await page.close();
});
