// Service Orders in the browser, against the real server and its demo data: Anne (admin of
// Northwind's Siège) sees each contract with its free count, opens a contract's detail with the
// rooms holding its licenses, and cancels an order inside its 30-day window (R-ORD-7); Louis
// (read-only) sees Cancel order disabled and the server refuses his forged request.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  clickItem, items, launchBrowser, openPage, portalState, screenshot, signIn, startServer,
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// "2026-03-12" -> "12 Mar 2026", as the portal writes dates in English.
const englishDate = (iso) => {
  const [year, month, day] = iso.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
};

// The REST API with the page's session, as the portal calls it.
const api = (page, path, method = 'GET') => page.evaluate(async ([path, method]) => {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'X-Requested-With': 'portal', 'Content-Type': 'application/json' },
    body: method === 'GET' ? undefined : '{}',
  });
  return { status: response.status, body: await response.json() };
}, [path, method]);

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

// Signs in, switches to English (the demo users read French) and opens Service Orders.
async function openOrders(email, password) {
  const page = await openPage(browser);
  await signIn(page, server.url, email, password);
  await clickItem(page, 'English');
  await clickItem(page, 'Service Orders');
  await waitForState(page, (s) => s.route.startsWith('#/orders') && s.language === 'en',
    { what: 'Service Orders in English' });
  const state = await portalState(page);
  return { page, accountId: state.account.id };
}

test('each contract shows its licenses and free count; a row opens its detail', async () => {
  const { page, accountId } = await openOrders('anne.martin@northwind.example', 'northwind-admin');
  const { body } = await api(page, `/api/v1/accounts/${accountId}/contracts`);
  const select = body.contracts.find((c) => c.poNumber === 'NWT-FR-0117');
  assert.ok(select, 'the demo Select contract');
  assert.ok(select.assigned > 0 && select.free > 0, JSON.stringify(select));
  await waitForItem(page, 'NWT-FR-0117');
  await waitForSameRow(page, 'NWT-FR-0117', 'SELECT-3Y');
  await waitForSameRow(page, 'NWT-FR-0117', `${select.assigned} / ${select.quantity}`);
  await waitForSameRow(page, 'NWT-FR-0117', String(select.free));
  await waitForSameRow(page, 'NWT-FR-0117', englishDate(select.endDate));
  await waitForSameRow(page, 'NWT-FR-0117', 'Active');
  await waitForSameRow(page, 'NWT-FR-0342', 'covers devices'); // R-TERM-4, R-ROOM-6
  await waitForItem(page, /^\d+ rooms under Select · \d+ spares pools?$/);
  await screenshot(page, 'service-orders');

  await clickItem(page, 'NWT-FR-0117');
  await waitForState(page, (s) => s.route === `#/orders/${select.id}?account=${accountId}`,
    { what: 'the contract detail route' });
  await waitForItem(page, 'PO NWT-FR-0117');
  await waitForItem(page, `The 30-day cancellation window closed on ${englishDate(select.cancellableUntil)}.`);
  await waitForItem(page, 'To cancel this order now, contact the reseller you bought it from.');
  assert.ok(!(await items(page)).some((item) => item.label === 'Cancel order'), 'no Cancel order after the window');
  await waitForItem(page, `Rooms holding its licenses (${select.assigned})`);
  const link = await waitForItem(page, 'Salle Étoile');
  assert.equal(link.role, 'item', 'the room is a link');
  await screenshot(page, 'service-order-detail');

  await clickItem(page, 'Salle Étoile');
  await waitForState(page, (s) => /^#\/rooms\/\d+\?account=/.test(s.route), { what: 'the room page' });
  await page.goBack();
  await waitForState(page, (s) => s.route === `#/orders/${select.id}?account=${accountId}`,
    { what: 'back to the detail' });
  await waitForItem(page, 'PO NWT-FR-0117');
  await page.goBack();
  await waitForState(page, (s) => s.route === `#/orders?account=${accountId}`, { what: 'back to the list' });
  await page.reload();
  await waitForItem(page, 'NWT-FR-0117');
  assert.deepEqual(page.problems, []);
  await page.close();
});

// Before the cancellation below, which closes the demo's only open order.
test('a read-only member sees Cancel order disabled, and the server refuses it anyway', async () => {
  const { page, accountId } = await openOrders('louis.bernard@northwind.example', 'northwind-readonly');
  const { body } = await api(page, `/api/v1/accounts/${accountId}/contracts`);
  const today = new Date().toISOString().slice(0, 10);
  const open = body.contracts.find((c) => c.status !== 'cancelled' && c.cancellableUntil >= today);
  assert.ok(open, 'an order still inside its window');
  await clickItem(page, open.poNumber);
  const button = await waitForItem(page, 'Cancel order');
  assert.equal(button.enabled, false);
  const forged = await api(page, `/api/v1/orders/${open.orderId}/cancel`, 'POST');
  assert.equal(forged.status, 403, JSON.stringify(forged.body));
  await page.close();
});

test('Cancel order inside the 30-day window: Escape keeps it, Enter cancels it', async () => {
  const { page, accountId } = await openOrders('anne.martin@northwind.example', 'northwind-admin');
  const { body } = await api(page, `/api/v1/accounts/${accountId}/contracts`);
  const recent = body.contracts.find((c) => c.poNumber === 'NWT-FR-0518');
  assert.ok(recent, 'the demo Sync Plus order bought 20 days ago');
  await clickItem(page, 'NWT-FR-0518');
  await waitForItem(page,
    `This order can be cancelled until ${englishDate(recent.cancellableUntil)}, 30 days after its purchase.`);
  await clickItem(page, 'Cancel order');
  await waitForItem(page, 'Yes, cancel the order');
  await page.keyboard.press('Escape');
  await waitForNoItem(page, 'Yes, cancel the order');
  const unchanged = (await api(page, `/api/v1/accounts/${accountId}/contracts`)).body.contracts;
  assert.equal(unchanged.find((c) => c.id === recent.id).status, recent.status, 'Escape sent nothing');

  await clickItem(page, 'Cancel order');
  await waitForItem(page, 'Yes, cancel the order');
  await page.keyboard.press('Enter');
  await waitForItem(page, 'This order was cancelled.');
  await waitForNoItem(page, 'Cancel order');
  const after = (await api(page, `/api/v1/accounts/${accountId}/contracts`)).body.contracts;
  assert.equal(after.find((c) => c.id === recent.id).status, 'cancelled');
  await page.goBack();
  await waitForSameRow(page, 'NWT-FR-0518', 'Cancelled');
  assert.deepEqual(page.problems, []);
  await page.close();
});
