// When the server answers an error, or stops, the portal says so clearly, keeps what it shows,
// and recovers by itself when the server is back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  clickItem, launchBrowser, openPage, portalState, screenshot, signIn, startServer, waitForItem,
  waitForNoItem, waitForState,
} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a server error is shown with its message, then the portal recovers', async () => {
  const server = await startServer();
  try {
    const page = await openPage(browser);
    let failing = true;
    await page.route('**/api/v1/accounts/*/home', (route) => (failing
      ? route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'unavailable', message: 'The figures are being updated.', details: {} } }),
      })
      : route.continue()));
    // Anne's own language is French: this test reads the English labels.
    await page.addInitScript(() => { window.localStorage.setItem('portal.language', 'en'); });
    await page.goto(server.url);
    await clickItem(page, 'Email');
    await page.keyboard.type(anne[0]);
    await clickItem(page, 'Password');
    await page.keyboard.type(anne[1]);
    await clickItem(page, 'Sign in');
    await waitForItem(page, "Could not load the account's figures.");
    await waitForItem(page, /^The figures are being updated\./);
    const state = await portalState(page);
    assert.equal(state.lastError.code, 'unavailable');
    assert.equal(state.lastError.status, 503);
    assert.deepEqual(state.failing, ['home']);
    await screenshot(page, 'server-error');
    failing = false; // the server is fine again: the automatic retry brings the data
    await waitForItem(page, 'Rooms: 5', { timeout: 15000 });
    await waitForNoItem(page, "Could not load the account's figures.");
    await screenshot(page, 'server-error-recovered');
    await page.close();
  } finally {
    await server.stop();
    server.cleanup();
  }
});

test('a stopped server shows the offline banner; the portal recovers when it is back', async () => {
  let server = await startServer();
  const { port, dataDir } = server;
  try {
    const page = await openPage(browser);
    await signIn(page, server.url, ...anne);
    await waitForItem(page, 'Rooms: 5');
    await server.stop();

    await clickItem(page, 'Refresh');
    await waitForItem(page, 'Retry now');
    await waitForItem(page, /^The server cannot be reached\./);
    await waitForItem(page, 'Offline');
    assert.equal((await portalState(page)).online, false);
    await waitForItem(page, 'Rooms: 5'); // what was loaded stays on screen
    await screenshot(page, 'server-stopped');

    server = await startServer({ port, dataDir });
    await waitForState(page, (s) => s.online && s.failing.length === 0,
      { timeout: 20000, what: 'recovery' });
    await waitForNoItem(page, 'Retry now');
    await waitForNoItem(page, 'Offline');
    assert.equal((await portalState(page)).user.email, anne[0], 'still signed in after the restart');
    await screenshot(page, 'server-back');
    await page.close();
  } finally {
    await server.stop();
    server.cleanup();
  }
});
