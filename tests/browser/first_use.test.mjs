// First use (issue 16), against the real server and its demo data, with real clicks and keys:
// - a new customer's IT admin, invited by the order an operator enters (R-ORD-3, R-ACC-2),
//   accepts the invitation mail's link, lands on the Overview with the Getting started
//   checklist and works through it from the checklist's own buttons: a room, a device placed by
//   serial, a license, a colleague invited, an agent token, an alert rule; the checklist follows
//   each step ("n of 7 done", the server's steps agree), a read-only colleague sees it without
//   buttons, and Hide checklist puts it away for good;
// - the partner home: one row per customer, worst first (the server's order), a row opens the
//   customer;
// - the operator home: three figures, each a link to its page, filtered.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';

import {apiAs as apiAsOn, clickEntry, clickItem, iso, items, launchBrowser, openPage, postTelemetry, screenshot, signIn, startServer, waitForItem, waitForNoItem, waitForRow, waitForState} from './harness.mjs';

const olivia = ['olivia.ops@portal.example', 'portal-operator'];
const anne = ['anne.martin@northwind.example', 'northwind-admin'];
const sam = ['sam.patel@fabrikam.example', 'fabrikam-partner'];
const hqName = 'Northwind Traders — Siège';
const austinName = 'Northwind Traders — Austin';

// The checklist's steps, in the server's order (ids are a contract) with the app's texts.
const steps = [
    ['rooms', 'Add or import your rooms'],
    ['devices', 'Place devices by serial number'],
    ['licenses', 'Assign licenses to rooms'],
    ['people', 'Invite colleagues'],
    ['agents', 'Connect room agents'],
    ['alerts', 'Set up alerts'],
    ['sso', 'Set up single sign-on'],
];

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

// A browser that reads English (the language chosen in this browser wins).
async function englishPage(options = {}) {
    const page = await openPage(browser, {height: 1000, ...options});
    await page.addInitScript(() => window.localStorage.setItem('portal.language', 'en'));
    return page;
}

// The interactive items (not texts) with this label: a dialog's field is drawn after the page's
// table header of the same name, so the last one is the dialog's.
async function waitForControl(page, label, {last = false, timeout = 10000} = {}) {
    const matches = (item) => item.role === 'item' &&
        (label instanceof RegExp ? label.test(item.label) : item.label === label);
    const deadline = Date.now() + timeout;
    let seen = [];
    while (Date.now() < deadline) {
        seen = await items(page);
        const found = seen.filter(matches);
        if (found.length) return last ? found[found.length - 1] : found[0];
        await page.waitForTimeout(50);
    }
    throw new Error(`no control "${label}"; on screen: ${seen.map((i) => i.label).join(' | ')}`);
}

async function click(page, item) {
    assert.ok(item.enabled, `"${item.label}" is enabled`);
    await page.mouse.move(item.x + item.w / 2, item.y + item.h / 2, {steps: 2});
    await page.mouse.down();
    await page.mouse.up();
    return item;
}

const clickControl = async (page, label, options) =>
    click(page, await waitForControl(page, label, options));

async function typeInto(page, label, text) {
    await clickControl(page, label, {last: true});
    await page.keyboard.type(text);
}

// Waits for `label` while the mouse moves a pixel at a time: the web shell stops drawing right
// after the frame that takes the last input (see intake.test.mjs), so what a click opens may
// wait for the next frame.
async function waitNudging(page, label, {timeout = 10000} = {}) {
    const deadline = Date.now() + timeout;
    for (let step = 0; Date.now() < deadline; ++step) {
        if ((await items(page)).some((i) => i.label === label)) return;
        await page.mouse.move(5 + (step % 2), 990);
        await page.waitForTimeout(50);
    }
    throw new Error(
        `no "${label}" within ${timeout} ms; on screen: ` +
        (await items(page)).map((i) => i.label).join(' | '));
}

const today = () => new Date().toISOString().slice(0, 10);

function party(name, email, city, country) {
    return {
        name,
        email,
        address: {
            line1: '1 Example Street',
            city,
            postalCode: 'EC1A 1BB',
            country,
            kind: 'headquarters'
        },
    };
}

// The order an operator enters for a customer the portal does not know yet: it makes the
// customer and its account (R-ORD-3) and invites the end customer's IT admin (R-ACC-2).
async function orderForNewCustomer(po, company, email) {
    const ops = await apiAs(...olivia);
    const endCustomer = {...party('Nadia Keller', email, 'London', 'GB'), company};
    const order = await ops('POST', '/api/v1/orders', {
        poNumber: po,
        purchaseDate: today(),
        lines: [{sku: 'SELECT-1Y', quantity: 5}],
        endCustomer,
        reseller: party('Rita Reseller', 'rita@reseller.example', 'Leeds', 'GB'),
        distributor: party('Dan Distri', 'dan@distri.example', 'Bristol', 'GB'),
    });
    assert.equal(order.status, 201, JSON.stringify(order.json));
    assert.equal(order.json.order.status, 'processed');
    return order.json.order.accountId;
}

// The newest invitation mailed to `email`, from the operators' outbox, and its link's token.
async function mailedToken(email) {
    const ops = await apiAs(...olivia);
    const outbox = await ops('GET', '/api/v1/outbox?status=all&limit=1000');
    assert.equal(outbox.status, 200);
    const mail = outbox.json.mails.find((m) => m.kind === 'invitation' && m.to === email);
    assert.ok(mail, `an invitation mailed to ${email}`);
    const match = mail.body.match(/\/#\/invite\/([A-Za-z0-9_-]+)/);
    assert.ok(match, `a link in the mail: ${mail.body}`);
    return match[1];
}

// Opens the invitation link in a browser with no session and joins with a name and a password.
async function acceptInvitation(token, name, password) {
    const page = await englishPage();
    await page.goto(`${server.url}/#/invite/${token}`);
    await waitForItem(page, /^Join /);
    await typeInto(page, 'Your name', name);
    await typeInto(page, 'Password', password);
    await typeInto(page, 'Confirm password', password);
    await page.keyboard.press('Enter');
    return page;
}

// The server's Getting started of the account, as its home says it.
async function gettingStarted(api, accountId) {
    const home = await api('GET', `/api/v1/accounts/${accountId}/home`);
    assert.equal(home.status, 200, JSON.stringify(home.json));
    return home.json.gettingStarted;
}

// Opens the Overview from the navigation and waits until the checklist says `done` of 7, and
// the server agrees step by step.
async function checklistAt(page, api, accountId, done) {
    await clickControl(page, 'Overview');
    await waitForState(
        page, (s) => s.page === 'overview' && s.loading.length === 0, {what: 'the Overview'});
    await waitForItem(page, `${done} of 7 done`);
    await checklistShows(page, done, {admin: true});
    const server = await gettingStarted(api, accountId);
    assert.deepEqual(server.steps.map((s) => s.id), steps.map(([id]) => id), 'the steps\' order');
    assert.deepEqual(
        server.steps.map((s) => s.done), steps.map((_, i) => i < done),
        JSON.stringify(server.steps));
    assert.equal(server.show, true);
}

// The checklist on screen, `done` steps ticked: the next one is the page's primary button for
// an admin; the others (and every step for a read-only member) are ticks the user cannot change.
async function checklistShows(page, done, {admin}) {
    const deadline = Date.now() + 10000;
    let problems;
    do {
        const all = await items(page);
        problems = [];
        steps.forEach(([, text], i) => {
            const item = all.find((it) => it.label === text);
            if (!item) return problems.push(`"${text}" is not shown`);
            if (admin && i === done) {
                if (!item.enabled || item.checkable) problems.push(`"${text}" is not a button`);
            } else if (!item.checkable || item.enabled || item.checked !== i < done) {
                problems.push(`"${text}": ${JSON.stringify(item)}`);
            }
        });
        if (!problems.length) return;
        await page.waitForTimeout(50);
    } while (Date.now() < deadline);
    throw new Error(`the checklist at ${done} of 7: ${problems.join('; ')}`);
}

// The checklist's next step: a button named as the step (done and later steps are ticks).
async function waitForStepButton(page, text, {timeout = 10000} = {}) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
        const button =
            (await items(page))
                .find((i) => i.label === text && i.role === 'item' && i.enabled && !i.checkable);
        if (button) return button;
        await page.waitForTimeout(50);
    }
    throw new Error(
        `no button for the step "${text}"; on screen: ` +
        (await items(page)).map((i) => `${i.label}${i.checkable ? ' [tick]' : ''}`).join(' | '));
}

const clickStepButton = async (page, text) => click(page, await waitForStepButton(page, text));

// A figure of the operator's home: a link (an interactive item) that names it and its count.
async function figureLink(page, name, count, {timeout = 10000} = {}) {
    const deadline = Date.now() + timeout;
    let seen = [];
    while (Date.now() < deadline) {
        seen = await items(page);
        const own = seen.find(
            (i) => i.role === 'item' && i.label.includes(name) &&
                new RegExp(`(^|\\D)${count}(\\D|$)`).test(i.label));
        if (own) return own;
        const text = seen.find((i) => i.label === name);
        const beside = text &&
            seen.find(
                (i) => i.role === 'item' && i.label === String(count) &&
                    Math.abs(i.y + i.h / 2 - (text.y + text.h / 2)) < 40);
        if (beside) return beside;
        await page.waitForTimeout(50);
    }
    throw new Error(
        `no figure "${name}" (${count}); on screen: ${seen.map((i) => i.label).join(' | ')}`);
}

test('a new admin from the invitation mail completes Getting started step by step', async () => {
    const email = 'nadia.keller@tailspin.example';
    const password = 'tailspin-admin-2026';
    const accountId = await orderForNewCustomer('TSP-GB-0001', 'Tailspin Toys', email);
    assert.ok(accountId, 'the order made the customer\'s account');
    const token = await mailedToken(email);

    const page = await acceptInvitation(token, 'Nadia Keller', password);
    const state = await waitForState(
        page, (s) => s.user && s.user.email === email && s.account && s.loading.length === 0,
        {what: `signed in as ${email}`});
    assert.equal(state.account.id, accountId);
    assert.equal(state.account.role, 'admin');
    assert.equal(state.route, `#/overview?account=${accountId}`);
    const api = await apiAs(email, password);
    const deviations = [];  // what differs from the spec but lets the walk go on

    // The Overview opens with the checklist: nothing done, the first step is next.
    await waitForItem(page, 'Getting started');
    await waitForItem(page, '0 of 7 done');
    await checklistShows(page, 0, {admin: true});
    const first = await gettingStarted(api, accountId);
    assert.equal(first.show, true, 'a new account shows Getting started');
    assert.ok(first.steps.every((s) => !s.done), JSON.stringify(first.steps));
    await waitForControl(page, 'Hide checklist');
    await screenshot(page, 'first-use-checklist');

    // 1. A room, from the checklist: the Rooms page and its Add room dialog.
    await clickStepButton(page, 'Add or import your rooms');
    await waitForState(page, (s) => s.page === 'rooms', {what: 'the Rooms page'});
    await waitForItem(page, 'Time zone (IANA, e.g. Europe/Paris)');
    await typeInto(page, 'Name', 'Boardroom');
    await typeInto(page, 'Site', 'London HQ');
    await typeInto(page, 'Country (2 letters, e.g. FR)', 'GB');
    await clickControl(page, 'Add', {last: true});
    const roomPage = await waitForState(
        page, (s) => /^#\/rooms\/\d+\?account=/.test(s.route), {what: 'the new room'});
    const roomId = Number(roomPage.route.match(/#\/rooms\/(\d+)/)[1]);
    const rooms = (await api('GET', `/api/v1/accounts/${accountId}/rooms`)).json.rooms;
    assert.deepEqual(rooms.map((r) => [r.id, r.name, r.country]), [[roomId, 'Boardroom', 'GB']]);
    await checklistAt(page, api, accountId, 1);

    // 2. A device by its serial number and its product's name, placed in the room.
    await clickStepButton(page, 'Place devices by serial number');
    await waitForState(page, (s) => s.page === 'devices', {what: 'the Devices page'});
    await waitForItem(page, 'Purchase date');
    await typeInto(page, 'Serial number', 'TSP2026RB0001');
    await clickControl(page, 'Product', {last: true});
    await clickEntry(page, 'Rally Bar');
    await clickControl(page, 'Room', {last: true});
    await clickEntry(page, 'Boardroom');
    await waitForItem(page, 'The rules allow it.');
    await clickControl(page, 'Add', {last: true});
    await waitForNoItem(page, 'Purchase date');
    const devices = (await api('GET', `/api/v1/accounts/${accountId}/devices`)).json.devices;
    assert.deepEqual(
        devices.map((d) => [d.serial, d.product, d.roomId]),
        [['TSP2026RB0001', 'rally-bar', roomId]]);
    await checklistAt(page, api, accountId, 2);

    // 3. A license for the room, from the order's Select contract (R-ROOM-1).
    // The rooms without a license, filtered, and the page says so.
    await clickStepButton(page, 'Assign licenses to rooms');
    await waitForState(
        page, (s) => s.route === `#/rooms?account=${accountId}&filter=unlicensed`,
        {what: 'the Rooms page, rooms without a license'});
    await waitForControl(page, /^Filtered: .+ [×✕]$/);
    await clickItem(page, 'Boardroom');
    await waitForState(page, (s) => s.route.startsWith(`#/rooms/${roomId}`));
    await clickControl(page, 'Assign license');
    await clickEntry(page, 'TSP-GB-0001 · Select · 5 free');
    await waitForItem(
        page,
        /^Will (assign a Select license of TSP-GB-0001 to Boardroom\.|work for 1 of 1 rooms\.)$/);
    await clickControl(page, /^Assign( to 1 rooms)?$/, {last: true});
    const deadline = Date.now() + 10000;
    let contracts;
    do {
        contracts = (await api('GET', `/api/v1/accounts/${accountId}/contracts`)).json.contracts;
        if (contracts[0].free === 4) break;
        await page.waitForTimeout(100);
    } while (Date.now() < deadline);
    assert.equal(contracts[0].free, 4, JSON.stringify(contracts));
    await page.keyboard.press('Escape');
    await checklistAt(page, api, accountId, 3);

    // 4. A colleague invited (read-only), from People & access's Invite dialog.
    const colleague = 'theo.brun@tailspin.example';
    await clickStepButton(page, 'Invite colleagues');
    await waitForState(page, (s) => s.page === 'people', {what: 'People & access'});
    try {
        await waitNudging(page, 'Send invitation', {timeout: 3000});
    } catch {
        // Said at the end; the walk goes on through the page's own button.
        deviations.push('Invite colleagues opened People & access without its Invite dialog');
        await clickControl(page, 'Invite');
        await waitForItem(page, 'Send invitation');
    }
    await page.keyboard.type(colleague);
    await clickControl(page, 'Send invitation');
    await waitForItem(page, `Invitation sent to ${colleague}.`);
    await checklistAt(page, api, accountId, 4);

    // 5. An agent token, on Insights.
    await clickStepButton(page, 'Connect room agents');
    await waitForState(page, (s) => s.page === 'insights', {what: 'Insights'});
    await typeInto(page, 'Token name', 'Boardroom agent');
    await clickControl(page, 'Create agent token');
    await waitForItem(page, 'Copy it now: it will not be shown again.');
    const tokens = (await api('GET', `/api/v1/accounts/${accountId}/agent-tokens`)).json;
    assert.equal(tokens.agentTokens.length, 1, JSON.stringify(tokens));
    await checklistAt(page, api, accountId, 5);

    // 6. An alert rule of its own (the account's default rules do not count).
    await clickStepButton(page, 'Set up alerts');
    await waitForState(page, (s) => s.page === 'alerts', {what: 'Alerts'});
    // The Rules tab is open; its list loads and moves New rule: a second click if the first
    // landed before.
    await waitForState(page, (s) => s.loading.length === 0, {what: 'the rules'});
    await clickControl(page, 'New rule');
    await waitNudging(page, 'Create rule', {timeout: 3000}).catch(async () => {
        await clickControl(page, 'New rule');
        await waitNudging(page, 'Create rule');
    });
    await typeInto(page, 'Name', 'Boardroom offline');
    await clickControl(page, 'Create rule');
    await waitForNoItem(page, 'Create rule');
    const rules = (await api('GET', `/api/v1/accounts/${accountId}/alert-rules`)).json;
    assert.equal(JSON.stringify(rules).includes('Boardroom offline'), true, JSON.stringify(rules));
    await checklistAt(page, api, accountId, 6);

    // Single sign-on is left: it is the next step, with its button.
    await waitForStepButton(page, 'Set up single sign-on');
    await screenshot(page, 'first-use-checklist-6-of-7');

    // The colleague joins as read-only: the same checklist, without buttons.
    const theirs =
        await acceptInvitation(await mailedToken(colleague), 'Théo Brun', 'tailspin-readonly-2026');
    const joined = await waitForState(
        theirs, (s) => s.user && s.user.email === colleague && s.account && s.loading.length === 0,
        {what: `signed in as ${colleague}`});
    assert.equal(joined.account.role, 'readonly');
    await waitForItem(theirs, '6 of 7 done');
    await checklistShows(theirs, 6, {admin: false});
    await waitForItem(theirs, 'An admin of the account takes these steps.');
    assert.equal(
        (await items(theirs)).some((i) => i.label === 'Hide checklist'), false,
        'no Hide checklist for a read-only member');
    await screenshot(theirs, 'first-use-checklist-readonly');
    await theirs.close();

    // Hide checklist: gone, and it stays gone (the server keeps it).
    await clickControl(page, 'Hide checklist');
    await waitForNoItem(page, '6 of 7 done');
    assert.equal((await gettingStarted(api, accountId)).show, false);
    await page.reload();
    await waitForState(
        page, (s) => s.user && s.page === 'overview' && s.loading.length === 0,
        {what: 'the Overview after a reload'});
    await page.waitForTimeout(300);
    assert.equal((await items(page)).some((i) => i.label === 'Getting started'), false);
    assert.deepEqual(page.problems, []);
    await page.close();
    assert.deepEqual(deviations, []);
});

test('an established account never shows Getting started', async () => {
    const page = await englishPage();
    const {account} = await signIn(page, server.url, ...anne);
    await waitForState(page, (s) => s.page === 'overview' && s.loading.length === 0);
    const home = await (await apiAs(...anne))('GET', `/api/v1/accounts/${account.id}/home`);
    assert.equal(home.status, 200, JSON.stringify(home.json));
    assert.equal(home.json.gettingStarted.show, false);
    // The account's figures are there; the checklist is not.
    await waitForItem(page, /Free licenses/);
    assert.equal((await items(page)).some((i) => i.label === 'Getting started'), false);
    await page.close();
});

test('the partner home: one row per customer, worst first; a row opens the customer', async () => {
    const partner = await apiAs(...sam);
    const accounts = (await partner('GET', '/api/v1/accounts')).json.accounts;
    const austin = accounts.find((a) => a.name === austinName);
    const hq = accounts.find((a) => a.name === hqName);
    assert.ok(austin && hq, 'Fabrikam manages both Northwind accounts');

    // Austin gets worse: a room agent says Lone Star's Rally Bar is offline.
    const created = await partner(
        'POST', `/api/v1/accounts/${austin.id}/agent-tokens`, {name: 'Partner home test agent'});
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const sent = await postTelemetry(server.url, created.json.token, `partner-home-${Date.now()}`, [
        {type: 'device', serial: '2228RB0H3301', at: iso(Date.now()), status: 'offline'},
    ]);
    assert.equal(sent.status, 200, JSON.stringify(sent.json));

    // The server's rows: worst first (attention = firing + breached + offline).
    const home = await partner('GET', '/api/v1/home');
    assert.equal(home.status, 200, JSON.stringify(home.json));
    const rows = home.json.accounts;
    assert.deepEqual(rows.map((r) => r.name).sort(), [hqName, austinName].sort());
    assert.equal(rows[0].name, austinName, JSON.stringify(rows));
    assert.ok(rows[0].rooms.offline >= 1, JSON.stringify(rows[0]));
    for (const row of rows) {
        assert.equal(row.via, 'partner');
        assert.equal(row.partnerName, 'Fabrikam Services');
    }

    const page = await englishPage();
    await signIn(page, server.url, ...sam);
    await waitForState(page, (s) => s.page === 'overview' && s.loading.length === 0);
    await waitForItem(page, 'Your customers');
    const austinRow = await waitForControl(page, austinName);
    const hqRow = await waitForControl(page, hqName);
    assert.ok(austinRow.y < hqRow.y, 'the customer that needs attention comes first');
    const austinHome = rows.find((r) => r.name === austinName);
    await waitForRow(page, austinName, String(austinHome.rooms.total));
    await waitForRow(page, austinName, String(austinHome.rooms.offline));
    await screenshot(page, 'partner-home');

    await click(page, austinRow);
    const opened = await waitForState(
        page,
        (s) => s.account && s.account.id === austin.id && s.page === 'overview' &&
            s.loading.length === 0,
        {what: 'Austin\'s Overview'});
    assert.equal(opened.route, `#/overview?account=${austin.id}`);
    await waitForItem(page, /Free licenses/);
    await screenshot(page, 'partner-home-customer');

    // Fabrikam's people see the partner code their customers delegate with (S2b's GET /me).
    const me = (await partner('GET', '/api/v1/me')).json;
    assert.ok(Array.isArray(me.partnerOrgs) && me.partnerOrgs.length === 1, JSON.stringify(me));
    await waitForItem(page, `Your partner code: ${me.partnerOrgs[0].code}`);
    assert.deepEqual(page.problems, []);
    await page.close();
});

test('the operator home: three figures, each a link to its filtered page', async () => {
    // A critical ticket and an invitation not accepted yet, from Northwind's admin.
    const admin = await apiAs(...anne);
    const hq =
        (await admin('GET', '/api/v1/accounts')).json.accounts.find((a) => a.name === hqName);
    const ticket = await admin('POST', `/api/v1/accounts/${hq.id}/tickets`, {
        subject: 'Boardroom screens all black',
        description: 'Every screen of the floor went black at once.',
        severity: 'critical',
    });
    assert.equal(ticket.status, 201, JSON.stringify(ticket.json));
    const invitation = await admin(
        'POST', `/api/v1/accounts/${hq.id}/invitations`,
        {email: 'pending.person@northwind.example', role: 'readonly'});
    assert.equal(invitation.status, 201, JSON.stringify(invitation.json));

    const ops = await apiAs(...olivia);
    const home = await ops('GET', '/api/v1/operator/home');
    assert.equal(home.status, 200, JSON.stringify(home.json));
    assert.ok(home.json.criticalTickets >= 1, JSON.stringify(home.json));
    assert.ok(home.json.pendingInvitations >= 1, JSON.stringify(home.json));
    assert.equal((await admin('GET', '/api/v1/operator/home')).status, 403, 'operators only');

    const page = await englishPage();
    await signIn(page, server.url, ...olivia);
    await waitForState(page, (s) => s.page === 'overview' && s.loading.length === 0);
    const figures = [
        ['Orders waiting', home.json.unmatchedOrders],
        ['Critical tickets', home.json.criticalTickets],
    ];
    for (const [name, count] of figures) await figureLink(page, name, count);
    // No page lists every account's invitations: a count, and each one can be sent again.
    await waitForItem(page, `Invitations not accepted: ${home.json.pendingInvitations}`);
    const subject = /Boardroom screens all black/;
    await waitForItem(page, subject);
    await waitForItem(page, /^pending\.person@northwind\.example · /);
    await screenshot(page, 'operator-home');

    // Critical tickets opens the support queue, filtered, and says so.
    await click(page, await figureLink(page, 'Critical tickets', home.json.criticalTickets));
    await waitForState(
        page, (s) => s.route === '#/support-queue?filter=critical',
        {what: 'the support queue, critical tickets'});
    await waitForControl(page, /^Filtered: .+ [×✕]$/);
    await waitForItem(page, subject);
    await screenshot(page, 'operator-home-critical');

    // Orders waiting opens the intake's unmatched orders.
    await clickControl(page, 'Overview');
    await click(page, await figureLink(page, 'Orders waiting', home.json.unmatchedOrders));
    await waitForState(
        page, (s) => s.route === '#/intake?filter=unmatched', {what: 'the unmatched orders'});
    await waitForItem(page, 'Unmatched orders');

    // An invitation not accepted is sent again from the operator's home (R-ACC-2): a new
    // mail with a new link, the old link no longer works.
    await clickControl(page, 'Overview');
    const row = (await waitForItem(page, /^pending\.person@northwind\.example · /)).label;
    const invitationMails = async () =>
        (await ops('GET', '/api/v1/outbox?status=all&limit=1000'))
            .json.mails.filter(
                (m) => m.kind === 'invitation' && m.to === 'pending.person@northwind.example')
            .length;
    const mailsBefore = await invitationMails();
    await click(page, await waitForRow(page, row, 'Resend'));
    await waitForItem(page, 'A new link was sent.');
    assert.equal(await invitationMails(), mailsBefore + 1, 'the resend mailed a new link');
    assert.deepEqual(page.problems, []);
    await page.close();
});
