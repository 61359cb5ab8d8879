// The browser's display preferences reach the canvas (issue 17, WCAG 2.2): forced colours
// (forced-colors: active) switch to a theme of the system's own colours, more contrast
// (prefers-contrast: more) to the high-contrast theme, reduced motion (prefers-reduced-motion:
// reduce) stops the spinner (2.3.3); on the portal and on the kiosk, at load and when the
// preference changes while the page is open. Screenshots go to the artifacts directory.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  apiAs, launchBrowser, openPage, portalState, screenshot, startServer, stopAll, waitForState,
} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(() => stopAll({ server, browser }));

// The colour of one CSS pixel of a screenshot (PNG bytes), as [r, g, b], decoded by the page.
async function pixelOf(page, png, x, y) {
  return page.evaluate(async ({ data, x, y }) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const image = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    return Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3));
  }, { data: png.toString('base64'), x, y });
}

// The system colour a CSS keyword (Canvas, CanvasText, ...) resolves to in this page now.
async function systemColour(page, keyword) {
  return page.evaluate((keyword) => {
    const probe = document.createElement('span');
    probe.style.cssText = 'forced-color-adjust:none';
    probe.style.color = keyword;
    document.body.appendChild(probe);
    const match = getComputedStyle(probe).color.match(/\d+/g).map(Number);
    probe.remove();
    return match.slice(0, 3);
  }, keyword);
}

const near = (a, b, tolerance = 3) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

// Waits until the app has drawn with `theme` (portalState().theme), then a little more for the
// frame to reach the screen.
async function settleOn(page, theme) {
  await waitForState(page, (s) => s.theme === theme && s.frame > 2, { what: `the ${theme} theme drawn` });
  await page.waitForTimeout(400);  // the loading screen fades out; frames settle
}

// The Sign in page: the top bar at (8, 8), the page under it at (640, 700).
const topBar = [8, 8];
const pageGround = [640, 700];

test('forced colours and more contrast change the portal\'s theme, at load and live', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.url}/`);
  await settleOn(page, 'light');
  const light = await page.screenshot();
  await screenshot(page, 'display-preferences-portal-light');
  const lightBar = await pixelOf(page, light, ...topBar);
  assert.ok(near(lightBar, [28, 41, 61]), `the light top bar is navy: ${lightBar}`);

  // Forced colours, switched on while the page is open: the change listener applies them.
  await page.emulateMedia({ forcedColors: 'active' });
  await settleOn(page, 'forced-colors');
  const forced = await page.screenshot();
  await screenshot(page, 'display-preferences-portal-forced-colors');
  const canvas = await systemColour(page, 'Canvas');
  const forcedBar = await pixelOf(page, forced, ...topBar);
  const forcedGround = await pixelOf(page, forced, ...pageGround);
  assert.ok(!near(forcedBar, lightBar), `the top bar changed: ${forcedBar}`);
  assert.ok(near(forcedBar, canvas), `the top bar is the system's Canvas ${canvas}: ${forcedBar}`);
  assert.ok(near(forcedGround, canvas), `the page is the system's Canvas ${canvas}: ${forcedGround}`);

  // More contrast (forced colours off): the high-contrast theme's black top bar.
  await page.emulateMedia({ forcedColors: 'none', contrast: 'more' });
  await settleOn(page, 'high-contrast');
  const more = await page.screenshot();
  await screenshot(page, 'display-preferences-portal-more-contrast');
  const moreBar = await pixelOf(page, more, ...topBar);
  assert.ok(near(moreBar, [0, 0, 0]), `the high-contrast top bar is black: ${moreBar}`);

  // And back.
  await page.emulateMedia({ contrast: 'no-preference' });
  await settleOn(page, 'light');
  assert.ok(near(await pixelOf(page, await page.screenshot(), ...topBar), lightBar));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('forced colours apply from the first frame when the page opens with them', async () => {
  const page = await openPage(browser);
  await page.emulateMedia({ forcedColors: 'active' });
  await page.goto(`${server.url}/`);
  await settleOn(page, 'forced-colors');
  const shot = await page.screenshot();
  const canvas = await systemColour(page, 'Canvas');
  assert.ok(near(await pixelOf(page, shot, ...topBar), canvas));
  await page.close();
});

// Two screenshots of the session's spinner ("Loading your session…", /api/v1/me held back)
// 300 ms apart: they differ while the spinner turns, and are identical with reduced motion.
async function spinnerShots(reducedMotion) {
  const page = await openPage(browser);
  await page.emulateMedia({ reducedMotion });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/api/v1/me', async (route) => { await held; await route.continue(); });
  await page.goto(`${server.url}/`);
  await waitForState(page, (s) => s.loading.includes('me') && s.frame > 2, { what: 'the session loading' });
  await page.waitForTimeout(400);
  const state = await portalState(page);
  const first = await page.screenshot();
  await page.waitForTimeout(300);
  const second = await page.screenshot();
  await screenshot(page, `display-preferences-spinner-${reducedMotion}`);
  release();
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.close();
  return { state, same: first.equals(second) };
}

test('reduced motion stops the spinner', async () => {
  const moving = await spinnerShots('no-preference');
  assert.equal(moving.state.reducedMotion, false);
  assert.equal(moving.same, false, 'the spinner turns without the preference');
  const still = await spinnerShots('reduce');
  assert.equal(still.state.reducedMotion, true);
  assert.equal(still.same, true, 'with reduced motion two screenshots 300 ms apart are identical');
});

test('the kiosk follows forced colours and more contrast', async () => {
  const admin = await apiAs(server.url, ...anne);
  const accounts = (await admin('GET', '/api/v1/accounts')).json.accounts;
  const account = accounts.find((a) => a.name === 'Northwind Traders — Siège');
  assert.ok(account, 'the demo account');
  const link = await admin('POST', `/api/v1/accounts/${account.id}/kiosk-links`, { name: 'Lobby' });
  assert.equal(link.status, 201, JSON.stringify(link.json));

  const ground = [4, 700];  // the wall's background, left of the tiles, under the header
  const open = async (media) => {
    const page = await openPage(browser, { width: 1280, height: 720 });
    await page.emulateMedia(media);
    await page.goto(`${server.url}/#/kiosk/${link.json.token}?theme=light`);
    await waitForState(page, (s) => s.kiosk && s.kiosk.status === 'live' && s.kiosk.rooms.length > 0,
      { what: 'the kiosk showing rooms' });
    await page.waitForTimeout(400);
    return page;
  };

  const plain = await open({});
  assert.equal((await portalState(plain)).theme, 'light');
  const plainGround = await pixelOf(plain, await plain.screenshot(), ...ground);
  assert.ok(near(plainGround, [236, 240, 245]), `the light kiosk's background: ${plainGround}`);
  await screenshot(plain, 'display-preferences-kiosk-light');
  await plain.close();

  const forced = await open({ forcedColors: 'active' });
  assert.equal((await portalState(forced)).theme, 'forced-colors');
  const canvas = await systemColour(forced, 'Canvas');
  const forcedGround = await pixelOf(forced, await forced.screenshot(), ...ground);
  assert.ok(near(forcedGround, canvas), `the kiosk's background is Canvas ${canvas}: ${forcedGround}`);
  await screenshot(forced, 'display-preferences-kiosk-forced-colors');
  await forced.close();

  const more = await open({ contrast: 'more' });
  assert.equal((await portalState(more)).theme, 'high-contrast');
  const moreGround = await pixelOf(more, await more.screenshot(), ...ground);
  assert.ok(!near(moreGround, plainGround, 2), `the high-contrast kiosk differs: ${moreGround}`);
  await screenshot(more, 'display-preferences-kiosk-more-contrast');
  await more.close();
});
