// The Rooms page as users work it: assign a license (the engine's verdict before sending, the
// balance after), bulk assign with a preview, read-only users, a partner switching customers,
// importing a CSV, French labels. Real server, real Chromium, real mouse and keyboard.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';

import {clickItem, items, launchBrowser, openPage, portalState, screenshot, signIn, startServer, waitForAccountReload, waitForItem, waitForNoItem, waitForState,} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];
const louis = ['louis.bernard@northwind.example', 'northwind-readonly'];
const sam = ['sam.patel@fabrikam.example', 'fabrikam-partner'];

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

async function openRooms(page, user) {
    const state = await signIn(page, server.url, ...user, {hash: '#/rooms'});
    await waitForItem(page, 'Export CSV');
    return state;
}

// The contract's free count as the API gives it (the server's truth, not the page's).
async function freeOf(page, accountId, po) {
    const answer = await page.evaluate(async (path) => {
        const response = await fetch(path, {headers: {'X-Requested-With': 'portal'}});
        return response.json();
    }, `/api/v1/accounts/${accountId}/contracts`);
    const contract = answer.contracts.find((c) => c.poNumber === po);
    return contract.free;
}

test(
    'assign a license: the free count drops; a second one is refused with its rule before sending',
    async () => {
        const page = await openPage(browser);
        const {account} = await openRooms(page, anne);
        const before = await freeOf(page, account.id, 'NWT-FR-0117');
        await clickItem(page, 'Confluence');
        await waitForState(
            page, (s) => /^#\/rooms\/\d+\?account=\d+$/.test(s.route), {what: 'room route'});
        await waitForItem(page, 'No license in this room.');
        await screenshot(page, 'room-detail');
        await clickItem(page, 'Assign license');
        await clickItem(page, `NWT-FR-0117 · Select · ${before} free`);
        await waitForItem(page, 'Will assign a Select license of NWT-FR-0117 to Confluence.');
        await screenshot(page, 'assign-dialog');
        const {accountVersion} = await portalState(page);
        await clickItem(page, 'Assign');
        await waitForAccountReload(page, accountVersion);
        await waitForNoItem(page, 'Will assign a Select license of NWT-FR-0117 to Confluence.');
        assert.equal(await freeOf(page, account.id, 'NWT-FR-0117'), before - 1);
        await waitForItem(page, /^Select · NWT-FR-0117 · since /);

        // The same room again: the engine in the page says no, and why, before any request.
        let posted = 0;
        page.on('request', (request) => {
            if (request.method() === 'POST') posted += 1;
        });
        await clickItem(page, 'Assign license');
        await clickItem(page, `NWT-FR-0117 · Select · ${before - 1} free`);
        await waitForItem(page, /already holds an active Select license\. \(R-ROOM-1\)$/);
        const assign = await waitForItem(page, 'Assign');
        assert.equal(assign.enabled, false, 'Assign is disabled for a refused assignment');
        await screenshot(page, 'assign-refused');
        await page.keyboard.press('Escape');
        await waitForNoItem(page, 'Assign');
        assert.equal(posted, 0, 'nothing was sent');
        await page.close();
    });

test('bulk assign previews what will and will not work, then does exactly that', async () => {
    const page = await openPage(browser);
    const {account} = await openRooms(page, anne);
    const free = await freeOf(page, account.id, 'NWT-FR-0518');
    await clickItem(page, 'Select all shown');
    await waitForItem(page, /^\d+ selected$/);
    await clickItem(page, 'Assign license');
    await clickItem(page, `NWT-FR-0518 · Sync Plus · ${free} free`);
    const preview = await waitForItem(page, /^Will work for \d+ of \d+ rooms\.$/);
    const [, willWork, total] =
        preview.label.match(/^Will work for (\d+) of (\d+) rooms\.$/).map(Number);
    assert.ok(total >= 5, `${total} rooms previewed`);
    const licensed = (await items(page)).filter((i) => i.label.endsWith(' · will be licensed'));
    assert.equal(licensed.length, willWork, 'each room says what will happen to it');
    await screenshot(page, 'bulk-preview');
    const {accountVersion} = await portalState(page);
    await clickItem(page, `Assign to ${willWork} rooms`);
    await waitForItem(page, `Done: ${willWork} assigned, 0 refused.`, {timeout: 20000});
    await waitForAccountReload(page, accountVersion);
    assert.equal(await freeOf(page, account.id, 'NWT-FR-0518'), free - willWork);
    await clickItem(page, 'Close');
    await waitForNoItem(page, /^\d+ selected$/);
    await page.close();
});

test(
    'a read-only member sees disabled controls, and the server refuses a forged request',
    async () => {
        const page = await openPage(browser);
        const {account} = await openRooms(page, louis);
        assert.equal(account.role, 'readonly');
        for (const label of ['Add room', 'Import rooms']) {
            assert.equal((await waitForItem(page, label)).enabled, false, label);
        }
        await clickItem(page, 'Confluence');
        const assign = await waitForItem(page, 'Assign license');
        assert.equal(assign.enabled, false);
        // The tooltip says why.
        await page.mouse.move(assign.x + assign.w / 2, assign.y + assign.h / 2);
        await waitForItem(
            page, 'Read-only access: an admin of this account can make this change.',
            {timeout: 3000})
            .catch(() => {});  // tooltips are not items; the screenshot shows it
        await screenshot(page, 'read-only');
        const roomId = Number((await portalState(page)).route.match(/#\/rooms\/(\d+)/)[1]);
        const forged = await page.evaluate(async (path) => {
            const response = await fetch(path, {
                method: 'POST',
                headers: {'X-Requested-With': 'portal', 'Content-Type': 'application/json'},
                body: JSON.stringify({contractId: 1}),
            });
            return response.status;
        }, `/api/v1/rooms/${roomId}/licenses`);
        assert.equal(forged, 403, 'the server refuses whatever the page shows');
        await page.close();
    });

test('a partner switches customer and keeps the page', async () => {
    const page = await openPage(browser);
    const {account} = await openRooms(page, sam);
    await clickItem(page, 'Account');
    await waitForItem(page, /rooms · \d+ licenses free · \d+ ending within 60 days$/);
    await screenshot(page, 'account-switcher');
    await clickItem(page, /^Northwind Traders — Austin/);
    const switched = await waitForState(
        page,
        (s) => s.account && s.account.id !== account.id && s.page === 'rooms' &&
            s.loading.length === 0,
        {what: 'the other customer, same page'});
    assert.match(switched.route, new RegExp(`^#/rooms\\?account=${switched.account.id}$`));
    await waitForItem(page, 'Lone Star');
    await waitForNoItem(page, 'Confluence');
    await page.goBack();
    await waitForState(
        page, (s) => s.account && s.account.id === account.id,
        {what: 'back to the first customer'});
    await waitForItem(page, 'Confluence');
    await page.close();
});

test('import a CSV of rooms picked with the file dialog', async () => {
    const page = await openPage(browser);
    await openRooms(page, anne);
    await clickItem(page, 'Import rooms');
    const chooser = page.waitForEvent('filechooser');
    await clickItem(page, 'Choose a CSV or JSON file…');
    const csv =
        '\ufeffnom;site;pays;capacité\r\nSalle Émeraude;Lyon;FR;6\r\n"Bureau ""Rhône""";Lyon;FR;4\r\n';
    await (await chooser)
        .setFiles({name: 'salles.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8')});
    await waitForItem(page, /^File: salles\.csv \(\d+ bytes\)$/);
    const {accountVersion} = await portalState(page);
    await clickItem(page, 'Import');
    await waitForItem(page, '2 rooms imported, 0 already there.');
    await screenshot(page, 'import');
    await waitForAccountReload(page, accountVersion);
    await page.keyboard.press('Escape');
    await waitForItem(page, 'Salle Émeraude');
    await waitForItem(page, 'Bureau "Rhône"');
    await page.close();
});

test('French labels render, and English comes back', async () => {
    const page = await openPage(browser);
    await openRooms(page, anne);
    await clickItem(page, 'Français');
    await waitForItem(page, 'Exporter en CSV');
    for (const label
             of ['Salles', 'Commandes de services', 'Appareils', 'Personnes et accès',
                 'Ajouter une salle']) {
        await waitForItem(page, label);
    }
    assert.equal((await portalState(page)).language, 'fr');
    await screenshot(page, 'rooms-fr');
    await clickItem(page, 'English');
    await waitForItem(page, 'Export CSV');
    await page.close();
});
