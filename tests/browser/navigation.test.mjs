// Every page has a URL: clicking the navigation, back, forward and reload all agree.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  clickItem, launchBrowser, openPage, screenshot, startServer, waitForItem, waitForState,
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

const pages = [
  ['Service Orders', '#/orders'], ['Rooms', '#/rooms'], ['Devices', '#/devices'],
  ['Insights', '#/insights'], ['Alerts', '#/alerts'], ['Support', '#/support'],
  ['People & access', '#/people'],
];

test('each navigation entry opens its page and URL', async () => {
  const page = await openPage(browser);
  await page.goto(server.url);
  await waitForItem(page, 'Service programs');
  for (const [label, hash] of pages) {
    await clickItem(page, label);
    await waitForState(page, (s) => s.route === hash, { what: `route ${hash}` });
    assert.equal(new URL(page.url()).hash, hash);
    const entry = await waitForItem(page, label);
    assert.equal(entry.enabled, true);
    await waitForItem(page, 'Coming soon: this page arrives with a later release of the portal.');
    await screenshot(page, `page-${hash.slice(2)}`);
  }
  await page.close();
});

test('back, forward and reload keep the route', async () => {
  const page = await openPage(browser);
  await page.goto(server.url);
  await waitForItem(page, 'Service programs');
  await clickItem(page, 'Rooms');
  await waitForState(page, (s) => s.route === '#/rooms');
  await clickItem(page, 'Devices');
  await waitForState(page, (s) => s.route === '#/devices');
  await page.goBack();
  await waitForState(page, (s) => s.route === '#/rooms', { what: 'back to rooms' });
  await page.goBack();
  await waitForState(page, (s) => s.route === '#/overview', { what: 'back to overview' });
  await waitForItem(page, 'Service programs');
  await page.goForward();
  await waitForState(page, (s) => s.route === '#/rooms', { what: 'forward to rooms' });
  await page.reload();
  await waitForState(page, (s) => s.route === '#/rooms', { what: 'rooms after reload' });
  await waitForItem(page, 'Your meeting rooms, with license assignment, moves, import and export.');
  await screenshot(page, 'rooms-after-reload');
  await page.close();
});

test('a shared link opens its page, and an unknown one says so', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.url}/#/people`);
  await waitForState(page, (s) => s.route === '#/people');
  await waitForItem(page, 'People & access');
  await page.goto(`${server.url}/#/billing`);
  await waitForItem(page, 'There is no page at "#/billing".');
  await screenshot(page, 'not-found');
  await clickItem(page, 'Go to Overview');
  await waitForState(page, (s) => s.route === '#/overview');
  await page.close();
});
