// The accessible mirror's JavaScript (shell/mirror.js) on its own: hand-written batches of the
// wire (spec: src/app/a11y.h) applied in a blank page, with the exported C functions replaced
// by recorders. Checks the elements and their ARIA, that a batch touches only what changed
// (idle: 0 DOM writes), the order, dialogs making the rest inert, events going back, Tab and
// Shift-Tab, and the live regions. The whole portal is tested in keyboard.test.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser, openPage } from './harness.mjs';

const shellDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../shell');
const mirrorJs = readFileSync(path.join(shellDir, 'mirror.js'), 'utf8');
const shellCss = readFileSync(path.join(shellDir, 'shell.css'), 'utf8');
const body = readFileSync(path.join(shellDir, 'index.html'), 'utf8')
  .match(/<body>([\s\S]*)<\/body>/)[1].replace(/<div id="loading"[\s\S]*$/, '');

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// A page with index.html's body, mirror.js attached to shell 7, and the calls it makes recorded
// in window.calls.
async function mirrorPage() {
  const page = await openPage(browser);
  await page.setContent(`<!doctype html><html lang="en"><head><title>t</title><style>${shellCss}</style></head>` +
    `<body>${body}</body></html>`);
  await page.evaluate(() => {
    window.calls = [];
    window.Module = {
      _portal_a11y_activate: (shell, key) => window.calls.push(['activate', shell, key >>> 0]),
      _portal_a11y_focus: (shell, key) => window.calls.push(['focus', shell, key >>> 0]),
    };
  });
  await page.addScriptTag({ content: mirrorJs });
  await page.evaluate(() => window.portalMirror.attach(7));
  return page;
}

const apply = (page, batch) => page.evaluate((b) => window.portalMirror.apply(JSON.stringify(b)), batch);
const stats = (page) => page.evaluate(() => window.portalMirror.stats());
const calls = (page) => page.evaluate(() => window.calls.splice(0));
const focusedKey = (page) => page.evaluate(() => {
  for (const key of [1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 30, 31, 32]) {
    if (window.portalMirror.elementFor(key) === document.activeElement) return key;
  }
  return document.activeElement ? document.activeElement.id || document.activeElement.tagName : null;
});

// A sign-in form in <main>, a navigation, a table with a clipped row.
const page1 = {
  u: [
    { k: 1, r: 'banner', n: '' },
    { k: 2, p: 1, r: 'link', n: 'Rooms', s: 128, x: 10, y: 5, w: 60, h: 24, href: '#/rooms' },
    { k: 3, r: 'main' },
    { k: 10, p: 3, r: 'heading', n: 'Sign in', l: 1, x: 20, y: 40, w: 200, h: 30 },
    { k: 11, p: 3, r: 'textbox', n: 'Email', v: 'a@b.c', s: 64, x: 20, y: 80, w: 300, h: 27 },
    { k: 12, p: 3, r: 'textbox', n: 'Password', s: 256 | 32, d: 'Enter your password.', x: 20, y: 120, w: 300, h: 27 },
    { k: 13, p: 3, r: 'checkbox', n: 'Remember me', s: 2, x: 20, y: 160, w: 24, h: 24 },
    { k: 14, p: 3, r: 'button', n: 'Sign in', x: 20, y: 200, w: 80, h: 27 },
    { k: 20, p: 3, r: 'table', n: 'Rooms', rc: 10001, cc: 2 },
    { k: 21, p: 20, r: 'row', ri: 5001 },
    { k: 22, p: 21, r: 'cell', ci: 1 },
    { k: 30, p: 22, r: 'button', n: 'Opéra', x: 20, y: 300, w: 100, h: 20 },
    { k: 31, p: 3, r: 'combobox', n: 'Country', v: 'France', s: 1, x: 20, y: 340, w: 100, h: 27 },
  ],
  o: [1, 2, 3, 10, 11, 12, 13, 14, 20, 21, 22, 30, 31],
};

test('a batch builds real elements with their roles, names, states and places', async () => {
  const page = await mirrorPage();
  await apply(page, page1);
  const q = (role, name) => page.getByRole(role, { name, exact: true });
  assert.equal(await q('link', 'Rooms').getAttribute('aria-current'), 'page');
  assert.equal(await q('link', 'Rooms').getAttribute('href'), '#/rooms');
  assert.equal(await page.getByRole('heading', { level: 1, name: 'Sign in' }).count(), 1);
  const email = q('textbox', 'Email');
  assert.equal(await email.inputValue(), 'a@b.c');
  assert.equal(await email.getAttribute('aria-required'), 'true');
  const password = page.locator('input[type=password]');
  assert.equal(await password.getAttribute('aria-label'), 'Password');
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => {
    const el = document.querySelector('input[type=password]');
    return document.getElementById(el.getAttribute('aria-describedby')).textContent;
  }), 'Enter your password.');
  assert.equal(await q('checkbox', 'Remember me').isChecked(), true);
  assert.equal(await q('combobox', 'Country').getAttribute('aria-disabled'), 'true');
  assert.equal(await q('combobox', 'Country').getAttribute('aria-expanded'), 'false');
  assert.equal(await q('combobox', 'Country').textContent(), 'France');
  const table = page.getByRole('table', { name: 'Rooms' });
  assert.equal(await table.getAttribute('aria-rowcount'), '10001');
  assert.equal(await page.getByRole('row').getAttribute('aria-rowindex'), '5001');
  assert.equal(await page.getByRole('cell').getAttribute('aria-colindex'), '1');
  assert.equal(await page.getByRole('cell').getByRole('button', { name: 'Opéra' }).count(), 1);
  assert.equal(await page.getByRole('banner').count(), 1);
  assert.equal(await page.getByRole('main').count(), 1);
  // Leaves sit exactly on the items, invisible; the canvas is not in the tree.
  const box = await q('button', 'Sign in').boundingBox();
  assert.deepEqual(box, { x: 20, y: 200, width: 80, height: 27 });
  assert.equal(await q('button', 'Sign in').evaluate((el) => getComputedStyle(el).opacity), '0');
  assert.equal(await page.locator('#canvas').getAttribute('aria-hidden'), 'true');
  assert.equal((await stats(page)).nodes, 13);
  await page.close();
});

test('an unchanged batch writes nothing; a change writes only itself', async () => {
  const page = await mirrorPage();
  await apply(page, page1);
  const first = await stats(page);
  await apply(page, page1);
  const again = await stats(page);
  assert.equal(again.domWrites, first.domWrites, 'the same batch again: 0 DOM writes');
  await apply(page, { u: [{ ...page1.u[7], y: 210 }] });
  assert.equal((await stats(page)).domWrites, first.domWrites + 1, 'a moved button: 1 write');
  assert.equal((await page.getByRole('button', { name: 'Sign in' }).boundingBox()).y, 210);
  await apply(page, { u: [{ ...page1.u[6], s: 0 }] });
  assert.equal(await page.getByRole('checkbox', { name: 'Remember me' }).isChecked(), false);
  await page.close();
});

test('order follows `o`, removed keys disappear, a role change keeps the place', async () => {
  const page = await mirrorPage();
  await apply(page, page1);
  await apply(page, { x: [13], o: [1, 2, 3, 10, 14, 11, 12, 20, 21, 22, 30, 31] });
  const names = await page.evaluate(() => Array.from(document.querySelector('main').children,
    (el) => el.getAttribute('aria-label') || el.textContent || el.getAttribute('role')));
  assert.deepEqual(names, ['Sign in', 'Sign in', 'Email', 'Password', 'Rooms', 'Country']);
  assert.equal(await page.getByRole('checkbox').count(), 0);
  await apply(page, { u: [{ ...page1.u[4], s: 512 }] }); // Email becomes multi-line
  assert.equal(await page.evaluate(() => document.querySelector('main').children[2].tagName), 'TEXTAREA');
  await page.close();
});

test('a dialog makes the rest inert; closed, the rest comes back', async () => {
  const page = await mirrorPage();
  await apply(page, page1);
  await apply(page, {
    u: [{ k: 40, r: 'dialog', n: 'Assign license' },
      { k: 41, p: 40, r: 'button', n: 'Assign', x: 400, y: 300, w: 80, h: 27 }],
    o: [...page1.o, 40, 41], f: 41,
  });
  assert.equal(await page.getByRole('dialog', { name: 'Assign license' }).getAttribute('aria-modal'), 'true');
  assert.deepEqual(await page.evaluate(() => ['header', 'main', '[role=dialog]']
    .map((s) => document.querySelector(s).inert)), [true, true, false]);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Assign');
  assert.deepEqual(await calls(page), [], 'a focus the app asked for is not reported back');
  await apply(page, { x: [40, 41], o: page1.o, f: 14 });
  assert.deepEqual(await page.evaluate(() => ['header', 'main'].map((s) => document.querySelector(s).inert)),
    [false, false]);
  assert.equal(await focusedKey(page), 14, 'back on the button that opened it');
  await page.close();
});

test('clicks and focus go back to the app; a checkbox keeps the state the app gives', async () => {
  const page = await mirrorPage();
  await apply(page, page1);
  await page.getByRole('button', { name: 'Sign in' }).evaluate((el) => el.click());
  await page.getByRole('checkbox', { name: 'Remember me' }).evaluate((el) => el.click());
  await page.getByRole('link', { name: 'Rooms' }).evaluate((el) => el.click());
  await page.getByRole('combobox', { name: 'Country' }).evaluate((el) => el.click()); // disabled
  assert.deepEqual(await calls(page), [['activate', 7, 14], ['activate', 7, 13], ['activate', 7, 2]]);
  assert.equal(await page.getByRole('checkbox', { name: 'Remember me' }).isChecked(), true);
  assert.equal(new URL(page.url()).hash, '', 'the link was not followed by the browser');
  await page.getByRole('button', { name: 'Opéra' }).focus();
  assert.deepEqual(await calls(page), [['focus', 7, 30]]);
  await page.keyboard.press('Enter');
  assert.deepEqual(await calls(page), [['activate', 7, 30]], 'Enter clicks the button');
  await page.close();
});

test('Tab and Shift-Tab walk the controls in document order and leave at the ends', async () => {
  const page = await mirrorPage();
  await apply(page, page1);
  const keys = [];
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press('Tab');
    keys.push(await focusedKey(page));
  }
  assert.deepEqual(keys, [2, 11, 12, 13, 14, 30, 31]);
  await page.keyboard.press('Tab');
  assert.ok(!(await page.evaluate(() => document.getElementById('a11y-root').contains(document.activeElement))),
    'past the last control the focus leaves the mirror');
  await page.getByRole('button', { name: 'Sign in' }).focus();
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focusedKey(page), 13);
  assert.deepEqual((await calls(page)).map((c) => c[2]), [2, 11, 12, 13, 14, 30, 31, 14, 13]);
  // While a field is edited the textarea has the keys: Tab goes on from the field's element.
  await apply(page, { t: 11 });
  assert.equal(await page.locator('#text-input').getAttribute('aria-label'), 'Email');
  await page.locator('#text-input').focus();
  await page.keyboard.press('Tab');
  assert.equal(await focusedKey(page), 12);
  await apply(page, { t: 0 });
  assert.equal(await page.locator('#text-input').getAttribute('aria-label'), 'Text entry');
  await page.close();
});

test('announcements land in the live regions; the language sets <html lang>', async () => {
  const page = await mirrorPage();
  await page.evaluate(() => window.portalMirror.announce('License assigned to Opéra', false));
  await page.evaluate(() => window.portalMirror.announce('Refused (R-ROOM-1)', true));
  assert.equal(await page.getByRole('status').first().textContent(), 'License assigned to Opéra');
  assert.equal(await page.getByRole('alert').textContent(), 'Refused (R-ROOM-1)');
  await page.evaluate(() => window.portalMirror.announce('Refused (R-ROOM-1)', true));
  assert.notEqual(await page.getByRole('alert').textContent(), 'Refused (R-ROOM-1)',
    'the same sentence again is still a change');
  await page.evaluate(() => window.portalMirror.setLanguage('fr'));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  await page.close();
});
