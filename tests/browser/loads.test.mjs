// The portal loads from the real server and shows data that came from the API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  clickItem, launchBrowser, openPage, portalState, screenshot, signIn, startServer, waitForItem, waitForState,
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

test('the overview shows the fleet, the about line and the catalogue page from the API', async () => {
  const page = await openPage(browser);
  const health = await (await fetch(`${server.url}/api/v1/health`)).json();
  await signIn(page, server.url, ...anne);
  // The fleet's home (issue 16): the account's figures, each a link to its page.
  for (const label of ['Rooms: 5', 'Licensed: 4', 'Without a license: 1', 'Free licenses: 36']) {
    await waitForItem(page, label);
  }
  await waitForItem(page,
    new RegExp(`^Service Portal ${health.version.replace(/\./g, '\\.')} · database ok \\(schema \\d+\\)$`));
  const state = await portalState(page);
  assert.match(state.route, /^#\/overview\?account=\d+$/);
  assert.deepEqual(state.loading, []);
  assert.equal(state.lastError, null);
  assert.ok(state.firstDataFrameMs > 0, 'the first frame with API data is timed');
  assert.equal(await page.locator('#loading').isVisible(), false, 'the loading screen is gone');
  await screenshot(page, 'overview');
  // The catalogue has its own page.
  await clickItem(page, 'Catalogue');
  await waitForItem(page, 'Service programs');
  for (const label of ['Select', 'Sync Plus', 'Extended Warranty', '1, 2, 3, 4, 5 years', 'France']) {
    await waitForItem(page, label);
  }
  assert.deepEqual(page.problems, [], 'no page error and no CSP violation');
  await screenshot(page, 'catalogue');
  await page.close();
});

test('high-DPI screens get a backing store at the device pixel ratio', async () => {
  const page = await openPage(browser, { width: 1000, height: 700, scale: 2 });
  await signIn(page, server.url, ...anne);
  const selectItem = await waitForItem(page, 'Select');
  const canvas = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { width: c.width, height: c.height, cssWidth: c.clientWidth, cssHeight: c.clientHeight };
  });
  assert.equal(canvas.cssWidth, 1000);
  assert.equal(canvas.width, 2000, 'backing store is CSS size x devicePixelRatio');
  assert.equal(canvas.height, 1400);
  assert.ok(selectItem.x < 1000 && selectItem.y < 700, 'items are reported in CSS pixels');
  await screenshot(page, 'overview-dpr2');
  await page.close();
});

test('the canvas follows a resize of the window', async () => {
  const page = await openPage(browser, { width: 1280, height: 800 });
  await page.goto(server.url);
  const before = await waitForItem(page, 'Not signed in');
  await page.setViewportSize({ width: 900, height: 700 });
  await waitForState(page, () => true);
  let after = before;
  for (let i = 0; i < 100 && after.x === before.x; i++) {
    await page.waitForTimeout(50);
    after = await waitForItem(page, 'Not signed in');
  }
  assert.ok(after.x < 900 && after.x < before.x, `top-bar item moved with the edge (${before.x} -> ${after.x})`);
  const width = await page.evaluate(() => document.getElementById('canvas').width);
  assert.equal(width, 900);
  await screenshot(page, 'resized-900x700');
  await page.close();
});

test('an idle portal draws no frames', async () => {
  const page = await openPage(browser);
  await signIn(page, server.url, ...anne);
  await waitForItem(page, 'Rooms: 5');
  await page.mouse.move(700, 500);
  await page.waitForTimeout(1000); // let the post-input frames settle
  const start = (await portalState(page)).frame;
  await page.waitForTimeout(2000);
  const end = (await portalState(page)).frame;
  assert.ok(end - start <= 1, `drew ${end - start} frames in 2 s of idling`);
  await screenshot(page, 'idle');
  await page.close();
});
