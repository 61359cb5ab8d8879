// The invitation flow end to end, against the real server and its demo data: an admin invites
// someone from People & access; the invitation mail's link (read from the operators' outbox: the
// browser tests' server has no SMTP sink) opens the invitation page in a browser with no session;
// the recipient gives a name and a password and is signed in, in the account. The same link
// again says it has been used; a link replaced by a resend says so too.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';

import {clickItem, items, launchBrowser, openPage, portalState, screenshot, signIn, startServer, waitForItem, waitForState, apiAs as apiAsOn} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];
const olivia = ['olivia.ops@portal.example', 'portal-operator'];
const hq = 'Northwind Traders — Siège';

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

async function englishPage() {
    const page = await openPage(browser);
    await page.addInitScript(() => window.localStorage.setItem('portal.language', 'en'));
    return page;
}

const apiAs = (email, password) => apiAsOn(server.url, email, password);

// The newest invitation mailed to `email`, as the operators' outbox shows it, and its token.
async function mailedLink(email) {
    const ops = await apiAs(...olivia);
    const outbox = await ops('GET', '/api/v1/outbox?status=all&limit=1000');
    assert.equal(outbox.status, 200);
    const mail = outbox.json.mails.find((m) => m.kind === 'invitation' && m.to === email);
    assert.ok(mail, `an invitation mailed to ${email}`);
    const match = mail.body.match(/\/#\/invite\/([A-Za-z0-9_-]+)/);
    assert.ok(match, `a link in the mail: ${mail.body}`);
    return {mail, token: match[1]};
}

// Anne invites `email` as Read-only through People & access, with real clicks and keys.
async function inviteThroughThePage(email) {
    const page = await englishPage();
    await signIn(page, server.url, ...anne, {hash: '#/people'});
    await waitForItem(page, 'Members');
    await clickItem(page, 'Invite');
    await waitForItem(page, 'Send invitation');
    await page.keyboard.type(email);
    await clickItem(page, 'Send invitation');
    await waitForItem(page, `Invitation sent to ${email}.`);
    return page;
}

async function typeInto(page, label, text) {
    await clickItem(page, label);
    await page.keyboard.type(text);
}

test('invitation mail → link → account created → signed in', async () => {
    const email = 'leo.garnier@northwind.example';
    const admin = await inviteThroughThePage(email);
    await admin.close();
    const {mail, token} = await mailedLink(email);
    assert.match(mail.body, /Anne Martin/);

    // The recipient's browser: no session, straight from the mail's link.
    const page = await englishPage();
    await page.goto(`${server.url}/#/invite/${token}`);
    await waitForItem(page, `Join ${hq}`);
    await waitForItem(page, `Anne Martin invited you to join ${hq} as a read-only member.`);
    const shown = await waitForItem(page, email);
    assert.equal(shown.role, 'text', 'the invited email is shown, not a field');
    assert.equal((await portalState(page)).user, null, 'nobody is signed in');
    await waitForItem(page, /^This link works until \d+ \w+ \d{4}\.$/);

    // Too short first: the page says so before sending anything.
    await typeInto(page, 'Your name', 'Léo Garnier');
    await typeInto(page, 'Password', 'short');
    await clickItem(page, 'Join and sign in');
    // A pixel of mouse movement brings the next frame (see intake.test.mjs: the web shell stops
    // drawing right after the frame that takes the click).
    await page.mouse.move(5, 790);
    await waitForItem(page, 'Use at least 12 characters.');
    await typeInto(page, 'Password', ' but long enough');
    await typeInto(page, 'Confirm password', 'short but long enough');
    await screenshot(page, 'invitation');
    await page.keyboard.press('Enter');

    const state = await waitForState(
        page, (s) => s.user && s.user.email === email && s.account && s.loading.length === 0,
        {what: `signed in as ${email}`});
    assert.equal(state.account.name, hq);
    assert.equal(state.account.role, 'readonly');
    assert.equal(state.user.name, 'Léo Garnier', 'accented characters type correctly');
    assert.equal(state.route, `#/overview?account=${state.account.id}`);
    assert.equal(new URL(page.url()).hash, state.route, 'the used link left the address bar');
    await screenshot(page, 'invitation-accepted');

    // He can sign in again with the password he chose.
    const again = await apiAs(email, 'short but long enough');
    const me = await again('GET', '/api/v1/me');
    assert.equal(me.json.user.email, email);

    // The same link a second time: used, and what to do about it.
    const later = await englishPage();
    await later.goto(`${server.url}/#/invite/${token}`);
    await waitForItem(later, 'This invitation has been used already.');
    await waitForItem(
        later, /^If you accepted it, sign in with the email and password you chose\./);
    assert.equal((await items(later)).some((i) => i.label === 'Join and sign in'), false);
    await screenshot(later, 'invitation-used');
    assert.deepEqual(page.problems, []);
    await page.close();
    await later.close();
});

test('a link replaced by a resend says so and points to the newest', async () => {
    const email = 'mia.roux@northwind.example';
    const admin = await inviteThroughThePage(email);
    const first = await mailedLink(email);
    // Anne resends it from the page: a new link, the old one stops working (R-ACC-2).
    await waitForItem(admin, email);
    await clickItem(admin, 'Resend');
    await waitForItem(admin, `A new link was sent to ${email}; the previous one no longer works.`);
    const second = await mailedLink(email);
    assert.notEqual(second.token, first.token);
    await admin.close();

    const page = await englishPage();
    await page.goto(`${server.url}/#/invite/${first.token}`);
    await waitForItem(page, 'This link was replaced by a newer one.');
    await waitForItem(page, /^Use the link of the latest invitation email/);
    await page.goto(`${server.url}/#/invite/${second.token}`);
    await waitForItem(page, `Join ${hq}`);
    await page.goto(`${server.url}/#/invite/not-a-real-token`);
    await waitForItem(page, 'This invitation link is not valid.');
    await page.close();
});
