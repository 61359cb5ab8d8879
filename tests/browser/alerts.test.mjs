// Alerts as an admin lives them (issue 13): a rule made through the API (forSeconds 0, no
// channel), a room agent's telemetry takes a device of a licensed room offline, the open Alerts
// page shows the alert live (the status long poll wakes it; the delay is measured), Anne
// acknowledges it with the real mouse, the device comes back online and the alert is resolved,
// in the page's history. Real server, real Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  clickItem, inRow, iso, openPage, postTelemetry, screenshot, signIn, startNorthwindWithAgent,
  stopAll, waitForItem, waitForRow,
} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];
const etoileSerial = '2219RP0C7710'; // the demo's device in Salle Étoile (Select: Alerts)

let server;
let browser;
let admin; // the API as Anne
let account; // Northwind's headquarters
let agentToken;

before(async () => {
  ({ server, browser, admin, account, agentToken } = await startNorthwindWithAgent(anne, 'Alerts test agent'));
});
after(() => stopAll({ server, browser }));

const send = (batchId, events) => postTelemetry(server.url, agentToken, batchId, events);

test('a device going offline shows live on the Alerts page, is acknowledged, then resolves', async () => {
  const rooms = (await admin('GET', `/api/v1/accounts/${account.id}/rooms`)).json.rooms;
  const etoile = rooms.find((r) => r.name === 'Salle Étoile');
  assert.ok(etoile, 'the demo room');

  // The default rule waits 5 minutes; this one fires at once and notifies nobody.
  const rule = await admin('POST', `/api/v1/accounts/${account.id}/alert-rules`, {
    name: 'Browser test: device offline now',
    condition: 'device_offline',
    forSeconds: 0,
    severity: 'critical',
    scope: { sites: [], rooms: [etoile.id] },
    channels: [],
    enabled: true,
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.json));
  const online = await send(`alerts-online-${Date.now()}`, [
    { type: 'device', serial: etoileSerial, at: iso(Date.now() - 60000), status: 'online', firmware: '1.2.3' },
  ]);
  assert.equal(online.status, 200, JSON.stringify(online.json));

  const page = await openPage(browser, { height: 1000 });
  await signIn(page, server.url, ...anne, { hash: '#/alerts' });
  await waitForItem(page, 'Nothing is firing: every room is as it should be.');
  await screenshot(page, 'alerts-page-quiet');

  // The device goes offline: the page shows the alert without being asked (the status long poll
  // wakes it, the page reads its alerts again).
  const offline = await send(`alerts-offline-${Date.now()}`, [
    { type: 'device', serial: etoileSerial, at: iso(Date.now()), status: 'offline' },
  ]);
  const answered = Date.now();
  assert.equal(offline.status, 200, JSON.stringify(offline.json));
  const condition = `Device offline · ${etoileSerial}`;
  let shownAfter = null;
  while (Date.now() - answered < 10000) {
    if (await inRow(page, 'Salle Étoile', condition)) {
      shownAfter = Date.now() - answered;
      break;
    }
    await page.waitForTimeout(20);
  }
  await screenshot(page, 'alerts-page-firing');
  console.log(`Alert shown ${shownAfter} ms after the telemetry POST's answer`);
  assert.ok(shownAfter !== null, 'the alert never showed on the Alerts page');
  assert.ok(shownAfter <= 3000, `the alert showed ${shownAfter} ms after the POST's answer`);
  assert.ok(await inRow(page, 'Salle Étoile', 'Critical'), 'its severity, in words');
  assert.ok(await inRow(page, 'Salle Étoile', 'Firing'), 'its state');
  await waitForItem(page, '1 alert firing');

  // Acknowledge, with the real mouse, in the alert's row.
  const button = await waitForRow(page, 'Salle Étoile', 'Acknowledge');
  assert.ok(button.enabled, 'admins may acknowledge');
  await page.mouse.move(button.x + button.w / 2, button.y + button.h / 2, { steps: 2 });
  await page.mouse.down();
  await page.mouse.up();
  await waitForRow(page, 'Salle Étoile', /^Acknowledged/);
  await screenshot(page, 'alerts-page-acknowledged');
  const acknowledged = await admin('GET', `/api/v1/accounts/${account.id}/alerts?state=acknowledged`);
  assert.equal(acknowledged.status, 200, JSON.stringify(acknowledged.json));
  const mine = acknowledged.json.alerts.find((a) => a.roomId === etoile.id && a.ruleId === rule.json.id);
  assert.ok(mine, `the server holds it acknowledged: ${JSON.stringify(acknowledged.json)}`);
  assert.ok(mine.acknowledgedBy, 'by someone');

  // The device comes back: the alert leaves the firing list and shows resolved in the history.
  const back = await send(`alerts-back-${Date.now()}`, [
    { type: 'device', serial: etoileSerial, at: iso(Date.now()), status: 'online' },
  ]);
  const backAnswered = Date.now();
  assert.equal(back.status, 200, JSON.stringify(back.json));
  await waitForItem(page, 'Nothing is firing: every room is as it should be.');
  console.log(`Resolved shown ${Date.now() - backAnswered} ms after the telemetry POST's answer`);
  await clickItem(page, 'History');
  await waitForRow(page, 'Salle Étoile', /^Resolved/);
  await screenshot(page, 'alerts-page-history');
  const resolved = await admin('GET', `/api/v1/accounts/${account.id}/alerts?state=resolved`);
  assert.ok(resolved.json.alerts.some((a) => a.id === mine.id && a.state === 'resolved'),
    JSON.stringify(resolved.json));

  // The mail's link opens the alert with its deliveries (none: the rule has no channel).
  await page.evaluate(([alertId, accountId]) => {
    window.location.hash = `#/alerts/${alertId}?account=${accountId}`;
  }, [mine.id, account.id]);
  await waitForItem(page, 'Deliveries');
  await waitForItem(page, 'No notification was queued for this alert.');
  await screenshot(page, 'alerts-page-detail');
  assert.deepEqual(page.problems, []);
  await page.close();
});
