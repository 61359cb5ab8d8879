// The operators' order intake in the browser, against the real server and its demo data: an
// order with a field missing shows that field's message (and sends nothing); the server's own
// refusals come back by the field (a PO number registered already) or as the rule's sentence
// (R-ORD-2: a PO that would mix programs); a complete order is processed and the page says which
// account it went to.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';

import {clickItem, items, launchBrowser, openPage, screenshot, signIn, startServer, waitForItem, apiAs as apiAsOn} from './harness.mjs';

const olivia = ['olivia.ops@portal.example', 'portal-operator'];
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

const apiAs = (email, password) => apiAsOn(server.url, email, password);

// Clicks the field and types, key by key.
async function typeInto(page, label, text) {
    await clickItem(page, label);
    await page.keyboard.type(text);
}

// Clicks the field and enters the text at once, as an input method or autofill does: the long
// addresses would take a minute key by key with a software-rendered canvas.
async function fillInto(page, label, text) {
    await clickItem(page, label);
    await page.keyboard.insertText(text);
}

// Empties a field as a user does: to its end, then Backspace.
async function clearField(page, label, length) {
    await clickItem(page, label);
    await page.keyboard.press('End');
    for (let i = 0; i < length; ++i) await page.keyboard.press('Backspace');
}

// The item published right after `label`: where a field's message is drawn.
async function itemAfter(page, label) {
    const list = await items(page);
    const at = list.findIndex((item) => item.label === label);
    return at >= 0 ? list[at + 1] : undefined;
}

// Waits until the item right after the field `label` is the text `message`; returns it.
// The mouse moves a pixel meanwhile, as a hand does: the web shell stops drawing right after the
// frame that takes the last queued input, so a message the click itself produced (the engine's
// check, drawn above the button) waits for the next frame (reported to the platform's owner).
async function waitForMessageAfter(page, label, message, {timeout = 10000} = {}) {
    const deadline = Date.now() + timeout;
    let next;
    for (let step = 0; Date.now() < deadline; ++step) {
        next = await itemAfter(page, label);
        if (next && next.label === message) return next;
        await page.mouse.move(5 + (step % 2), 790);
        await page.waitForTimeout(50);
    }
    throw new Error(`no "${message}" after "${label}"; there: ${next && next.label}`);
}

async function fillParty(page, who, party) {
    for (const [field, value] of Object.entries(party)) {
        if (value !== '') await fillInto(page, `${who} ${field}`, value);
    }
}

test('an order with a missing field, the server\'s refusals, then a complete order', async () => {
    const page = await openPage(browser, {height: 900});
    await page.addInitScript(() => window.localStorage.setItem('portal.language', 'en'));
    await signIn(page, server.url, ...olivia, {hash: '#/intake'});
    await waitForItem(page, 'Send order');
    const posts = [];
    page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/api/v1/orders'))
            posts.push(request);
    });

    // A PO of the demo's Northwind HQ (NWT-FR-0117 holds Select), now with Sync Plus; the end
    // customer's email left out.
    await typeInto(page, 'PO number', 'NWT-FR-0117');
    await typeInto(page, 'SKU, line 1', 'SYNCPLUS-1Y');
    await typeInto(page, 'Quantity, line 1', '5');
    await fillParty(page, 'End customer', {
        name: 'Élise Marchand',
        email: '',
        company: 'Northwind Traders',
        address: '1 parvis de la Défense',
        city: 'Paris La Défense',
        'postal code': '92044',
        country: 'FR',
    });
    await fillParty(page, 'Reseller', {
        name: 'Lumière AV Intégration',
        email: 'commandes@lumiere-av.example',
        address: '14 rue de la Pépinière',
        city: 'Paris',
        'postal code': '75008',
        country: 'FR',
    });
    await fillParty(page, 'Distributor', {
        name: 'EuroDistri Pro AV',
        email: 'orders@eurodistri-proav.example',
        address: '3 allée Lavoisier',
        city: 'Saint-Priest',
        'postal code': '69800',
        country: 'FR',
    });
    await clickItem(page, 'Send order');
    await waitForItem(page, '1 field needs attention: see the message next to it.');
    const message = await waitForMessageAfter(page, 'End customer email', 'is required');
    assert.equal(message.role, 'text');
    assert.equal(posts.length, 0, 'nothing was sent: the engine knew');
    await screenshot(page, 'order-intake');

    // Complete, but the PO already holds another program: R-ORD-2's sentence, from the server.
    await typeInto(page, 'End customer email', 'elise.marchand@northwind-traders.example');
    await clickItem(page, 'Send order');
    await waitForItem(
        page, /^One PO may hold one service type only; this one mixes .+ \(R-ORD-2\)$/);
    assert.equal(posts.length, 1);

    // The same program: the PO is registered already, said under the PO number.
    await clearField(page, 'SKU, line 1', 'SYNCPLUS-1Y'.length);
    await page.keyboard.type('SELECT-1Y');
    await clickItem(page, 'Send order');
    await waitForMessageAfter(
        page, 'PO number', 'An order with PO number NWT-FR-0117 is already registered');

    // A new PO number: processed, into Northwind's headquarters account (R-ORD-3).
    await clearField(page, 'PO number', 'NWT-FR-0117'.length);
    await page.keyboard.type('NWT-FR-0999');
    await page.keyboard.press('Enter');
    const outcome = await waitForItem(
        page, /^Order NWT-FR-0999 is processed: it went to account #\d+; contracts created: 1\.$/);
    const accountId = Number(outcome.label.match(/#(\d+)/)[1]);
    const accounts = await (await apiAs(...anne))('GET', '/api/v1/accounts');
    const hq = accounts.json.accounts.find((a) => a.name === 'Northwind Traders — Siège');
    assert.equal(accountId, hq.id, 'the headquarters address matched the HQ account');
    await waitForItem(page, 'Unmatched orders');
    await screenshot(page, 'order-intake-processed');

    // The order is there, processed, with its account.
    const orders = await (await apiAs(...olivia))('GET', '/api/v1/orders?status=processed');
    const order = orders.json.orders.find((o) => o.poNumber === 'NWT-FR-0999');
    assert.equal(order.accountId, hq.id);
    assert.equal(order.endCustomer.name, 'Élise Marchand', 'accented characters went through');
    assert.deepEqual(order.lines, [{sku: 'SELECT-1Y', quantity: 5}]);
    assert.deepEqual(page.problems, []);
    await page.close();
});

test('the navigation shows Order intake to operators only', async () => {
    const page = await openPage(browser);
    await page.addInitScript(() => window.localStorage.setItem('portal.language', 'en'));
    await signIn(page, server.url, ...anne);
    assert.equal((await items(page)).some((i) => i.label === 'Order intake'), false);
    await page.close();
    const ops = await openPage(browser);
    await ops.addInitScript(() => window.localStorage.setItem('portal.language', 'en'));
    await signIn(ops, server.url, ...olivia);
    await clickItem(ops, 'Order intake');
    await waitForItem(ops, 'Send order');
    await ops.close();
});
