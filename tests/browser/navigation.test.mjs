// Every page has a URL: clicking the navigation, back, forward and reload all agree.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  clickItem, launchBrowser, openPage, screenshot, signIn, startServer, waitForItem, waitForState,
} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];

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
  ['Service Orders', 'orders'], ['Rooms', 'rooms'], ['Devices', 'devices'],
  ['Insights', 'insights'], ['Alerts', 'alerts'], ['Support', 'support'],
  ['People & access', 'people'], ['Catalogue', 'catalogue'],
];
// Pages and a sentence each draws once it is there (Support no longer says "coming").
const shows = new Map([
  ['support', 'Every member of the account sees its tickets and may follow them.'],
]);

test('each navigation entry opens its page and URL', async () => {
  const page = await openPage(browser);
  const { account } = await signIn(page, server.url, ...anne);
  await waitForItem(page, /^Rooms: \d+$/);
  for (const [label, slug] of pages) {
    await clickItem(page, label);
    const hash = `#/${slug}?account=${account.id}`;
    await waitForState(page, (s) => s.route === hash, { what: `route ${hash}` });
    assert.equal(new URL(page.url()).hash, hash);
    const entry = await waitForItem(page, label);
    assert.equal(entry.enabled, true);
    if (shows.has(slug)) await waitForItem(page, shows.get(slug));
    await screenshot(page, `page-${slug}`);
  }
  await page.close();
});

test('back, forward and reload keep the route', async () => {
  const page = await openPage(browser);
  const { account } = await signIn(page, server.url, ...anne);
  const at = (slug) => `#/${slug}?account=${account.id}`;
  await waitForItem(page, /^Rooms: \d+$/);
  await clickItem(page, 'Rooms');
  await waitForState(page, (s) => s.route === at('rooms'));
  await clickItem(page, 'Devices');
  await waitForState(page, (s) => s.route === at('devices'));
  await page.goBack();
  await waitForState(page, (s) => s.route === at('rooms'), { what: 'back to rooms' });
  await page.goBack();
  await waitForState(page, (s) => s.page === 'overview', { what: 'back to overview' });
  await waitForItem(page, /^Rooms: \d+$/);
  await page.goForward();
  await waitForState(page, (s) => s.route === at('rooms'), { what: 'forward to rooms' });
  await page.reload();
  await waitForState(page, (s) => s.route === at('rooms') && s.user, { what: 'rooms after reload' });
  await waitForItem(page, 'Export CSV');
  await screenshot(page, 'rooms-after-reload');
  await page.close();
});

test('a shared link asks to sign in, then opens its page; an unknown one says so', async () => {
  const page = await openPage(browser);
  await signIn(page, server.url, ...anne, { hash: '#/people' });
  await waitForState(page, (s) => s.page === 'people', { what: 'the shared page after sign-in' });
  await waitForItem(page, 'People & access');
  await page.goto(`${server.url}/#/billing`);
  await waitForItem(page, 'There is no page at "#/billing".');
  await screenshot(page, 'not-found');
  await clickItem(page, 'Go to Overview');
  await waitForState(page, (s) => s.page === 'overview');
  await page.close();
});
