// The portal with the keyboard alone, through its accessible mirror (issue 17): sign in, assign a
// license and open a support ticket with Tab, Shift-Tab, Enter, Space and typing only, elements
// found as a screen reader finds them (Playwright's role queries on #a11y-root), and the server
// holds the change; Tab reaches every control of a page, Shift-Tab walks back, the focus leaves
// the page past the last control, Escape closes a dialog and gives the focus back to the button
// that opened it; every control has a role and a name, and its element lies on the drawn item
// (device pixel ratio 1 and 2); an error and a success are announced in the frame that shows
// them. Real server, real Chromium; no mouse.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  iso, openPage, pageApi, postTelemetry, screenshot,
  startNorthwindWithAgent, stopAll, waitForItem, waitForState,
} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];
const kInteractive = 'button, link, checkbox, radio, textbox, combobox, option, menuitem, tab, slider';

let server;
let browser;
let admin; // the API as Anne
let account; // Northwind's headquarters
let agentToken;

before(async () => {
  ({ server, browser, admin, account, agentToken } = await startNorthwindWithAgent(anne, 'Keyboard test agent'));
});
after(() => stopAll({ server, browser }));

// A page in English (some demo users' own language is French).
async function englishPage(options) {
  const page = await openPage(browser, options);
  await page.addInitScript(() => {
    if (!window.localStorage.getItem('portal.language')) window.localStorage.setItem('portal.language', 'en');
  });
  return page;
}

// The mirror element that has the keyboard (the field's element while its text is typed into
// the hidden textarea), as "role name".
const focusedControl = (page) => page.evaluate(() => {
  const el = window.portalMirror.focusedElement();
  if (!el) return null;
  const role = el.getAttribute('role') || (el.tagName === 'INPUT' ? el.type : el.tagName.toLowerCase());
  return `${role} ${el.getAttribute('aria-label') || el.textContent}`;
});
const isFocused = (locator) => locator.evaluate((el) => window.portalMirror.focusedElement() === el);
const focusInMirror = (page) => page.evaluate(() => {
  const active = document.activeElement;
  return document.getElementById('a11y-root').contains(active) || active.id === 'text-input';
});

// Presses Tab (Shift+Tab when `back`) until the element of `locator` has the keyboard; returns
// how many presses it took.
async function tabTo(page, locator, { back = false, max = 200 } = {}) {
  await locator.waitFor({ state: 'attached' });
  for (let presses = 0; presses <= max; presses++) {
    if (await isFocused(locator)) return presses;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${locator} not reached in ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}; ` +
    `the keyboard is on ${await focusedControl(page)}`);
}

// No batch applied for a few frames: the page is drawn and its mirror caught up.
async function settle(page) {
  await waitForState(page, (s) => s.loading.length === 0, { what: 'the data loaded' });
  let last = -1;
  let quiet = 0;
  for (let i = 0; i < 60 && quiet < 4; i++) {
    await page.waitForTimeout(100);
    const { applies } = await page.evaluate(() => window.portalMirror.stats());
    quiet = applies === last ? quiet + 1 : 0;
    last = applies;
  }
}

// Signs in with the keyboard alone: the Email field found by its role and name, typing, Tab to
// the password, Tab to Sign in, Enter.
async function signInWithKeyboard(page, [email, password], { hash = '' } = {}) {
  await page.goto(`${server.url}/${hash}`);
  const emailField = page.getByRole('textbox', { name: 'Email', exact: true });
  await emailField.focus();
  // The field is being edited at once: the hidden textarea has the keys, named after it.
  await page.waitForFunction(() => document.activeElement.id === 'text-input' &&
    document.activeElement.getAttribute('aria-label') === 'Email');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  assert.equal(await page.locator('#text-input').getAttribute('aria-label'), 'Password');
  assert.equal(await focusedControl(page), 'password Password');
  await page.keyboard.type(password);
  await tabTo(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  await page.keyboard.press('Enter');
  return waitForState(page, (s) => s.user && s.user.email === email && s.loading.length === 0 &&
    s.accountVersion > 0, { what: `signed in as ${email}` });
}

// Records what the app sends the mirror, in order: batches and announcements.
async function recordMirrorCalls(page) {
  await page.evaluate(() => {
    const mirror = window.portalMirror;
    const log = (window.mirrorLog = []);
    const apply = mirror.apply;
    mirror.apply = (batch) => {
      const json = typeof batch === 'string' ? batch : JSON.stringify(batch);
      log.push({ apply: json, frame: window.portalState().frame });
      return apply(batch);
    };
    const announce = mirror.announce;
    mirror.announce = (text, assertive) => {
      log.push({ announce: String(text), assertive: !!assertive, frame: window.portalState().frame });
      return announce(text, assertive);
    };
    window.liveLog = [];
    const observer = new MutationObserver(() => {
      for (const id of ['a11y-polite', 'a11y-assertive']) {
        const text = document.getElementById(id).textContent;
        const last = window.liveLog.filter((e) => e.id === id).pop();
        if (text && (!last || last.text !== text)) window.liveLog.push({ id, text, frame: window.portalState().frame });
      }
    });
    for (const id of ['a11y-polite', 'a11y-assertive']) {
      observer.observe(document.getElementById(id), { childList: true, characterData: true, subtree: true });
    }
  });
}

// The announcement matching `pattern` came right after the batch that first showed what it says
// (`shown(batch, text)`), in the same frame, and reached its live region in that frame.
async function assertAnnouncedWith(page, pattern, { assertive, shown }) {
  const deadline = Date.now() + 10000;
  let log = [];
  let index = -1;
  while (Date.now() < deadline) {
    log = await page.evaluate(() => window.mirrorLog);
    index = log.findIndex((e) => e.announce !== undefined && pattern.test(e.announce));
    if (index >= 0) break;
    await page.waitForTimeout(50);
  }
  assert.ok(index >= 0, `an announcement ${pattern}; got ${JSON.stringify(log.filter((e) => e.announce))}`);
  const said = log[index];
  assert.equal(said.assertive, assertive, `${said.announce}: assertive ${assertive}`);
  let batch = index - 1;
  while (batch >= 0 && log[batch].apply === undefined) batch--;
  assert.ok(batch >= 0, 'a batch came before the announcement');
  const showed = (e) => e.apply !== undefined && shown(JSON.parse(e.apply), said.announce);
  assert.ok(showed(log[batch]), `the batch just before "${said.announce}" shows it: ${log[batch].apply.slice(0, 400)}`);
  assert.ok(!log.slice(0, batch).some(showed), 'no earlier batch showed it: the same frame');
  assert.equal(said.frame, log[batch].frame, 'announced in the frame of that batch');
  const live = await page.evaluate(() => window.liveLog);
  const region = assertive ? 'a11y-assertive' : 'a11y-polite';
  const heard = live.find((e) => e.id === region && e.text.trim() === said.announce.trim());
  assert.ok(heard, `#${region} said "${said.announce}": ${JSON.stringify(live)}`);
  assert.equal(heard.frame, said.frame, 'the live region changed in the same frame');
  return said.announce;
}
// A batch that adds a text the announcement repeats (a field's error).
const showsPartOf = (batch, text) => (batch.u || []).some((n) => n.n && n.n.length > 3 && text.includes(n.n));
// A batch that removes this node (a dialog closing).
const removes = (key) => (batch) => (batch.x || []).includes(key);
const keyOf = (locator) => locator.evaluate((el) => window.portalMirror.keyOf(el));

// The contract's free count and the room's licenses, as the server holds them (the page's session).
async function freeOf(page, po) {
  const answer = await pageApi(page, 'GET', `/api/v1/accounts/${account.id}/contracts`);
  return answer.json.contracts.find((c) => c.poNumber === po).free;
}

test('sign in with the keyboard alone: Email by its role, Tab to Password and to Sign in, Enter', async () => {
  const page = await englishPage();
  const state = await signInWithKeyboard(page, anne);
  assert.equal(state.page, 'overview');
  await waitForItem(page, 'Overview');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('assign a license with the keyboard alone; the server holds it', async () => {
  const page = await englishPage({ height: 1000 });
  await signInWithKeyboard(page, anne, { hash: '#/rooms' });
  await settle(page);
  const po = 'NWT-FR-0117';
  const free = await freeOf(page, po);
  await tabTo(page, page.getByRole('button', { name: 'Confluence', exact: true }));
  await page.keyboard.press('Enter');
  const { route } = await waitForState(page, (s) => /^#\/rooms\/\d+\?account=\d+$/.test(s.route), { what: 'room route' });
  const roomId = Number(route.match(/^#\/rooms\/(\d+)/)[1]);
  const before = (await pageApi(page, 'GET', `/api/v1/rooms/${roomId}`)).json;
  await settle(page);
  const opener = page.getByRole('button', { name: 'Assign license', exact: true });
  await tabTo(page, opener);
  await page.keyboard.press('Enter');
  // A dialog is an unpositioned wrapper (no box of its own): attached, not "visible".
  const dialog = page.getByRole('dialog', { name: 'Assign license' });
  await dialog.waitFor({ state: 'attached' });
  // The focus went into the dialog, and the rest of the page is out of reach.
  assert.ok(await dialog.evaluate((el) => el.contains(window.portalMirror.focusedElement())),
    `the keyboard is in the dialog, on ${await focusedControl(page)}`);
  assert.deepEqual(await dialog.evaluate((el) => Array.from(document.getElementById('a11y-root').children)
    .filter((top) => !top.contains(el) && !top.inert).map((top) => top.tagName)), [], 'the rest is inert');
  const dialogKey = await keyOf(dialog);
  await tabTo(page, dialog.getByRole('radio', { name: `${po} · Select · ${free} free` }));
  await page.keyboard.press('Space');
  await waitForItem(page, `Will assign a Select license of ${po} to Confluence.`);
  assert.equal(await dialog.getByRole('radio', { name: `${po} · Select · ${free} free` }).isChecked(), true);
  await screenshot(page, 'keyboard-assign-dialog');
  await recordMirrorCalls(page);
  await tabTo(page, dialog.getByRole('button', { name: 'Assign', exact: true }));
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  // R-ROOM-1's success is said: in the frame that closed the dialog.
  await assertAnnouncedWith(page, /^License assigned to Confluence$/, { assertive: false, shown: removes(dialogKey) });
  const deadline = Date.now() + 10000;
  while ((await freeOf(page, po)) !== free - 1 && Date.now() < deadline) await page.waitForTimeout(100);
  assert.equal(await freeOf(page, po), free - 1, 'one license fewer free');
  const room = (await pageApi(page, 'GET', `/api/v1/rooms/${roomId}`)).json;
  const held = (r) => ((r.room || r).history || []).filter((h) => h.poNumber === po).length;
  assert.equal(held(room), held(before) + 1, 'the room holds a license of the contract');
  await page.close();
});

test('open a support ticket from an offline room with the keyboard alone; the server holds it', async () => {
  const roomName = 'Salle Étoile';
  const rooms = (await admin('GET', `/api/v1/accounts/${account.id}/rooms`)).json.rooms;
  const etoile = rooms.find((r) => r.name === roomName);
  for (const [batch, events] of [
    ['online', [{ type: 'device', serial: '2219RP0C7710', at: iso(Date.now() - 120000), status: 'online', firmware: '1.2.3' },
      { type: 'device', serial: '2231TP0B3C11', at: iso(Date.now() - 120000), status: 'online', firmware: '1.4.0' }]],
    ['offline', [{ type: 'device', serial: '2219RP0C7710', at: iso(Date.now() - 60000), status: 'offline' }]],
  ]) {
    const sent = await postTelemetry(server.url, agentToken, `keyboard-${batch}-${Date.now()}`, events);
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
  }
  const page = await englishPage({ height: 1000 });
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'en-US,en;q=0.9' });
  await signInWithKeyboard(page, anne, { hash: '#/rooms' });
  await settle(page);
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: roomName, exact: true }) });
  await tabTo(page, row.getByRole('button', { name: 'Open ticket', exact: true }));
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.page === 'support', { what: 'the Support page' });
  await waitForItem(page, 'Service level: Select');
  await settle(page);
  await tabTo(page, page.getByRole('button', { name: 'Send', exact: true }));
  await page.keyboard.press('Enter');
  const route = new RegExp(`^#/support/(\\d+)\\?account=${account.id}$`);
  const state = await waitForState(page, (s) => route.test(s.route), { what: 'the ticket route' });
  const ticket = (await pageApi(page, 'GET', `/api/v1/tickets/${Number(state.route.match(route)[1])}`)).json;
  assert.equal(ticket.roomId, etoile.id);
  assert.equal(ticket.requester.email, anne[0]);
  assert.equal(ticket.snapshot.room.status, 'offline');
  assert.match(ticket.subject, /^Salle Étoile is offline/);
  await page.close();
});

test('Tab reaches every control of a page, Shift-Tab walks back, past the last the focus leaves; Escape closes a dialog and the focus returns to its button', async () => {
  const page = await englishPage();
  await signInWithKeyboard(page, anne, { hash: '#/rooms' });
  await settle(page);
  // From the page (not a control) Tab starts at the first control.
  await page.evaluate(() => document.activeElement.blur());
  const forward = [];
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press('Tab');
    if (!(await focusInMirror(page))) break;
    forward.push(await page.evaluate(() => {
      const el = window.portalMirror.focusedElement();
      el.dataset.visited = (el.dataset.visited || '') + 'f';
      return `${el.getAttribute('aria-label') || el.textContent}`;
    }));
  }
  assert.ok(forward.length > 10, `${forward.length} controls: ${forward.join(' | ')}`);
  assert.ok(!(await focusInMirror(page)), 'past the last control the focus left the mirror');
  // Every interactive item drawn in the window was reached.
  const missed = await page.evaluate(() => window.portalItems()
    .filter((i) => i.role === 'item' && i.id && i.y + i.h > 0 && i.y < window.innerHeight)
    .filter((i) => { const el = window.portalMirror.elementFor(i.id); return el && !el.dataset.visited; })
    .map((i) => i.label));
  assert.deepEqual(missed, [], 'controls Tab never reached');
  // Shift-Tab from outside comes back on the last control and walks the same way back.
  const backward = [];
  for (let i = 0; i < forward.length; i++) {
    await page.keyboard.press('Shift+Tab');
    backward.push(await page.evaluate(() => {
      const el = window.portalMirror.focusedElement();
      return el ? `${el.getAttribute('aria-label') || el.textContent}` : null;
    }));
  }
  assert.deepEqual(backward, [...forward].reverse());

  // Escape closes a dialog; the focus is back on the button that opened it.
  const opener = page.getByRole('button', { name: 'Add room', exact: true });
  await tabTo(page, opener);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add room' });
  await dialog.waitFor({ state: 'attached' });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => window.portalMirror.focusedElement()?.textContent === 'Add room',
    null, { timeout: 5000 }).catch(() => {});
  assert.ok(await isFocused(opener), `the focus is back on Add room, not on ${await focusedControl(page)}`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

// The interactive nodes of the mirror without a name, from Playwright's ARIA snapshot.
async function unnamedControls(page) {
  const snapshot = await page.locator('#a11y-root').ariaSnapshot();
  const roles = kInteractive.split(', ').join('|');
  const unnamed = snapshot.split('\n').filter((line) => new RegExp(`^\\s*- (${roles})(\\s*$|\\s*\\[|:)`).test(line));
  if (!unnamed.length) return [];
  // Where they are, to mend them.
  const where = await page.evaluate((selector) => Array.from(document.querySelectorAll(selector))
    .filter((el) => !(el.getAttribute('aria-label') || el.textContent).trim())
    .map((el) => `${el.outerHTML.slice(0, 160)} in ${el.parentElement.outerHTML.slice(0, 80)}`), '#a11y-root :is(button, a, input, textarea)');
  return unnamed.map((line, i) => `${line.trim()} ${where[i] || ''}`);
}

// Each interactive item's element lies on it, within 1 CSS px.
async function misplaced(page) {
  return page.evaluate(() => {
    const out = [];
    for (const item of window.portalItems()) {
      if (item.role !== 'item' || !item.id || item.w <= 0 || item.h <= 0) continue;
      const el = window.portalMirror.elementFor(item.id);
      if (!el || !el.isConnected) { out.push(`"${item.label}": no element`); continue; }
      const r = el.getBoundingClientRect();
      const off = Math.max(Math.abs(r.x - item.x), Math.abs(r.y - item.y), Math.abs(r.width - item.w), Math.abs(r.height - item.h));
      if (off > 1) out.push(`"${item.label}": drawn ${[item.x, item.y, item.w, item.h]}, element ${[r.x, r.y, r.width, r.height]}`);
    }
    return out;
  });
}

for (const scale of [1, 2]) {
  test(`every control of the main pages has a role and a name, and lies on its item (device pixel ratio ${scale})`, async () => {
    const page = await englishPage({ scale });
    await signInWithKeyboard(page, anne);
    const problems = [];
    for (const hash of ['#/', '#/rooms', '#/devices', '#/orders', '#/alerts', '#/support', '#/people', '#/insights', '#/catalogue']) {
      await page.evaluate((h) => { window.location.hash = h; }, hash);
      await settle(page);
      const controls = await page.evaluate(() => window.portalMirror.stats().nodes);
      assert.ok(controls > 5, `${hash}: ${controls} nodes in the mirror`);
      for (const line of await unnamedControls(page)) problems.push(`${hash}: no name: ${line.trim()}`);
      for (const line of await misplaced(page)) problems.push(`${hash}: ${line}`);
    }
    if (problems.length) await screenshot(page, `keyboard-names-rects-${scale}`);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('an error and a success are announced in the live regions in the frame that shows them', async () => {
  const page = await englishPage();
  await signInWithKeyboard(page, anne, { hash: '#/rooms' });
  await settle(page);
  await tabTo(page, page.getByRole('button', { name: 'Add room', exact: true }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add room' });
  await dialog.waitFor({ state: 'attached' });
  const dialogKey = await keyOf(dialog);
  await recordMirrorCalls(page);
  // A name only: the server refuses the room (no country), the field says why, and so does the
  // assertive region, in the same frame.
  const name = `Salle Clavier ${Date.now() % 100000}`;
  await tabTo(page, dialog.getByRole('textbox', { name: 'Name', exact: true }));
  await page.keyboard.type(name);
  await tabTo(page, dialog.getByRole('button', { name: 'Add', exact: true }));
  await page.keyboard.press('Enter');
  const error = await assertAnnouncedWith(page, /./, { assertive: true, shown: showsPartOf });
  console.log(`announced error: ${error}`);
  // Corrected: the room is added, said politely in the frame that closes the dialog.
  await tabTo(page, dialog.getByRole('textbox', { name: /^Country/ }));
  await page.keyboard.type('FR');
  await tabTo(page, dialog.getByRole('button', { name: 'Add', exact: true }));
  await page.keyboard.press('Enter');
  await assertAnnouncedWith(page, new RegExp(`^Room ${name} added$`), { assertive: false, shown: removes(dialogKey) });
  const rooms = (await admin('GET', `/api/v1/accounts/${account.id}/rooms`)).json.rooms;
  assert.ok(rooms.some((r) => r.name === name), 'the server holds the room');
  await page.close();
});
