// People & access in the browser, against the real server and its demo data: an admin invites a
// colleague as Read-only with real clicks and keys and sees the invitation appear; a read-only
// member sees Invite disabled, and the server refuses the same request forged from their page.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';

import {clickItem, items, launchBrowser, openPage, portalState, screenshot, signIn, startServer, waitForItem, waitForState, apiAs as apiAsOn} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];
const louis = ['louis.bernard@northwind.example', 'northwind-readonly'];

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

// Anne's and Louis's profiles say French: these tests read the English labels.
async function englishPage() {
    const page = await openPage(browser);
    await page.addInitScript(() => window.localStorage.setItem('portal.language', 'en'));
    return page;
}

const apiAs = (email, password) => apiAsOn(server.url, email, password);

// A control (not a text) with this label: "Read-only" is also a member's role in the table.
async function control(page, label) {
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
        const found =
            (await items(page)).find((item) => item.label === label && item.role === 'item');
        if (found) return found;
        await page.waitForTimeout(50);
    }
    throw new Error(`no control "${label}"`);
}

async function clickControl(page, label) {
    const item = await control(page, label);
    assert.equal(item.enabled, true, `${label} is enabled`);
    await page.mouse.click(item.x + item.w / 2, item.y + item.h / 2);
}

test('an admin invites someone as Read-only and the invitation appears', async () => {
    const page = await englishPage();
    await signIn(page, server.url, ...anne, {hash: '#/people'});
    const {account} =
        await waitForState(page, (s) => s.route.startsWith('#/people?account=') && s.account);
    await waitForItem(page, 'Members');
    await waitForItem(page, 'louis.bernard@northwind.example');
    await waitForItem(page, 'Anne Martin (you)');
    await waitForItem(page, 'Fabrikam Services');  // partner access: the demo's delegation
    await waitForItem(page, 'No invitation is waiting for an answer.');

    await clickItem(page, 'Invite');
    await waitForItem(page, 'Send invitation');
    // The dialog takes the keyboard at once: type, pick the role, Enter sends.
    await page.keyboard.type('zoe.petit@northwind.example');
    // Admin, then back to Read-only: the server's record below says which one was sent. (The
    // item tree does not say which radio button is on.)
    await clickControl(page, 'Admin');
    await clickControl(page, 'Read-only');
    await clickItem(page, 'Email');
    await page.keyboard.press('Enter');

    await waitForItem(page, 'Invitation sent to zoe.petit@northwind.example.');
    await waitForItem(page, 'zoe.petit@northwind.example');  // in Pending invitations
    await waitForItem(page, 'Pending');
    assert.equal(
        (await items(page)).some((item) => item.label === 'Send invitation'), false,
        'the dialog closed');
    await screenshot(page, 'people');

    // What the server holds: one pending Read-only invitation for that email, by Anne.
    const api = await apiAs(...anne);
    const list = await api('GET', `/api/v1/accounts/${account.id}/invitations`);
    assert.equal(list.status, 200);
    const sent = list.json.invitations.filter((i) => i.email === 'zoe.petit@northwind.example');
    assert.equal(sent.length, 1);
    assert.equal(sent[0].role, 'readonly');
    assert.equal(sent[0].status, 'pending');
    assert.deepEqual(page.problems, []);
    await page.close();
});

test('an invalid email is refused under the field, and Escape closes the dialog', async () => {
    const page = await englishPage();
    await signIn(page, server.url, ...anne, {hash: '#/people'});
    await waitForItem(page, 'Members');
    await clickItem(page, 'Invite');
    await waitForItem(page, 'Send invitation');
    await page.keyboard.type('not an email');
    await clickItem(page, 'Send invitation');
    const error = await waitForItem(page, 'is not a valid email address');
    const field = await waitForItem(page, 'Email');
    assert.ok(error.y > field.y, 'the message is under the field');
    await page.keyboard.press('Escape');
    const deadline = Date.now() + 5000;
    while ((await items(page)).some((item) => item.label === 'Send invitation')) {
        assert.ok(Date.now() < deadline, 'Escape closes the dialog');
        await page.waitForTimeout(50);
    }
    await page.close();
});

test('a read-only member sees Invite disabled, and a forged request is refused', async () => {
    const page = await englishPage();
    await signIn(page, server.url, ...louis, {hash: '#/people'});
    const {account} =
        await waitForState(page, (s) => s.route.startsWith('#/people?account=') && s.account);
    assert.equal(account.role, 'readonly');
    await waitForItem(page, 'anne.martin@northwind.example');
    await waitForItem(
        page, 'Only the admins of this account see its pending invitations and partner access.');
    for (const label of ['Invite', 'Make admin', 'Make read-only', 'Remove']) {
        const item = await control(page, label);
        assert.equal(item.enabled, false, `${label} is disabled for a read-only member`);
    }
    // Hovering the disabled button shows why (the screenshot keeps the tooltip).
    const invite = await control(page, 'Invite');
    await page.mouse.move(invite.x + invite.w / 2, invite.y + invite.h / 2);
    await page.waitForTimeout(600);
    await page.mouse.move(invite.x + invite.w / 2 + 1, invite.y + invite.h / 2);
    await page.waitForTimeout(200);
    await screenshot(page, 'people-readonly');

    // The same request the Invite dialog sends, forged from his page with his cookie.
    const forged = await page.evaluate(async (id) => {
        const res = await fetch(`/api/v1/accounts/${id}/invitations`, {
            method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-Requested-With': 'portal'},
            body: JSON.stringify({email: 'forged@northwind.example', role: 'admin'}),
        });
        return {status: res.status, body: await res.json()};
    }, account.id);
    assert.equal(forged.status, 403);
    assert.equal(forged.body.error.code, 'forbidden');
    const removal = await page.evaluate(async (id) => {
        const res = await fetch(`/api/v1/accounts/${id}/members/1`, {
            method: 'DELETE',
            headers: {'X-Requested-With': 'portal'},
        });
        return res.status;
    }, account.id);
    assert.equal(removal, 403);

    const api = await apiAs(...anne);
    const list = await api('GET', `/api/v1/accounts/${account.id}/invitations`);
    assert.equal(
        list.json.invitations.some((i) => i.email === 'forged@northwind.example'), false,
        'nothing was created');
    assert.equal((await portalState(page)).user.email, louis[0]);
    await page.close();
});
