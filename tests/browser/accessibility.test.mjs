// Accessibility (issue 17): axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) finds nothing on
// any page of the portal, signed out and signed in as each demo user who sees it, with a dialog
// open, with a form error shown, on a scrolled 10,000-room table, in French and on the kiosk.
// On each of them every interactive element of the accessible mirror (#a11y-root, over the
// canvas) has a role and a non-empty accessible name as Chromium's accessibility tree computes
// them, and every interactive item ImGui drew has its mirror element at its place. What fails is
// printed (axe rule id, target, summary) so that it can be mended. One server, one browser, one
// sign-in per user.
import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';

import AxeBuilder from '@axe-core/playwright';

import {
    apiAs, clickItem, launchBrowser, screenshot, signIn, startServer, stopAll,
    waitForItem, waitForState,
} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];
const dana = ['dana.lee@contoso.example', 'contoso-admin'];
const olivia = ['olivia.ops@portal.example', 'portal-operator'];

const kWcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
// Roles a user operates: each needs a name (WCAG 4.1.2 Name, Role, Value).
const kInteractiveRoles = new Set([
    'button', 'link', 'checkbox', 'radio', 'textbox', 'searchbox', 'combobox', 'tab', 'option',
    'menuitem', 'menuitemcheckbox', 'menuitemradio', 'slider', 'spinbutton', 'switch', 'listbox',
    'TextField', 'PopUpButton', 'ToggleButton',
]);
const kLargeRooms = 10000;

let server;
let browser;
before(async () => {
    server = await startServer();
    browser = await launchBrowser();
});
after(() => stopAll({server, browser}));

// Waits until the page's data is loaded and the mirror has caught up: no batch applied for a
// few frames (a page that animates, the kiosk's clock, stops waiting after `timeout`).
async function settle(page, {timeout = 3000} = {}) {
    await waitForState(page, (s) => !s.loading || s.loading.length === 0, {what: 'the data loaded'})
        .catch(() => {});
    const deadline = Date.now() + timeout;
    let last = null;
    let quiet = 0;
    while (Date.now() < deadline) {
        await page.waitForTimeout(100);
        const applies = await page.evaluate(
            () => (window.portalMirror && window.portalMirror.stats ?
                       window.portalMirror.stats().applies :
                       null));
        if (applies === null) return;  // no mirror to wait for
        quiet = applies === last ? quiet + 1 : 0;
        last = applies;
        if (quiet >= 3) return;
    }
}

// Where an element is, for a message: "button 'Save' #a11y-root > div > button:nth-child(3)".
const describe = (node) => `${node.html || node.target}`;

// axe's violations on the page as it is now, one line per rule and element.
async function axeProblems(page, where) {
    const results = await new AxeBuilder({page}).withTags(kWcagTags).analyze();
    const problems = [];
    for (const violation of results.violations) {
        for (const node of violation.nodes.slice(0, 8)) {
            const summary = (node.failureSummary || '').replace(/\s+/g, ' ').trim();
            problems.push(`${where}: axe ${violation.id} (${violation.impact}) at ${
                node.target.join(' ')}: ${describe(node).slice(0, 160)} — ${summary.slice(0, 300)}`);
        }
        if (violation.nodes.length > 8) {
            problems.push(`${where}: axe ${violation.id}: and ${violation.nodes.length - 8} more`);
        }
    }
    return problems;
}

// Chromium's accessibility tree: every interactive node has a role and a non-empty name, and
// nothing focusable lacks a role.
async function treeProblems(page, where) {
    const cdp = await page.context().newCDPSession(page);
    const problems = [];
    try {
        const {nodes} = await cdp.send('Accessibility.getFullAXTree');
        const describeNode = async (node) => {
            if (!node.backendDOMNodeId) return `ax node ${node.nodeId}`;
            try {
                const {node: dom} = await cdp.send('DOM.describeNode', {backendNodeId: node.backendDOMNodeId});
                const attributes = [];
                for (let i = 0; i + 1 < (dom.attributes || []).length; i += 2) {
                    if (dom.attributes[i] === 'style') continue;
                    attributes.push(`${dom.attributes[i]}="${dom.attributes[i + 1]}"`);
                }
                return `<${dom.localName} ${attributes.join(' ')}>`.slice(0, 160);
            } catch {
                return `dom node ${node.backendDOMNodeId}`;
            }
        };
        for (const node of nodes) {
            if (node.ignored) continue;
            const role = node.role?.value || '';
            const name = (node.name?.value || '').trim();
            const focusable = (node.properties || []).some((p) => p.name === 'focusable' && p.value?.value);
            if (kInteractiveRoles.has(role) && !name) {
                problems.push(`${where}: a ${role} without a name: ${await describeNode(node)}`);
            } else if (focusable && ['generic', 'none', 'StaticText', ''].includes(role)) {
                problems.push(`${where}: focusable without a role ("${name}"): ${await describeNode(node)}`);
            }
        }
    } finally {
        await cdp.detach();
    }
    return problems;
}

// Every interactive item ImGui drew inside the viewport has its element in the mirror
// (window.portalMirror.elementFor(its id)), and that element is named and not a container.
async function coverageProblems(page, where) {
    const viewport = page.viewportSize();
    const found = await page.evaluate(({width, height}) => {
        if (!document.getElementById('a11y-root') || !window.portalMirror ||
            typeof window.portalMirror.elementFor !== 'function') {
            return null;
        }
        const missing = [];
        for (const item of window.portalItems()) {
            if (item.role !== 'item' || !item.label || !item.id || item.w <= 0 || item.h <= 0) continue;
            const cx = item.x + item.w / 2, cy = item.y + item.h / 2;
            if (cx < 0 || cy < 0 || cx > width || cy > height) continue;
            const element = window.portalMirror.elementFor(item.id);
            if (!element || !element.isConnected) {
                missing.push(`"${item.label}" (${Math.round(item.x)},${Math.round(item.y)}) is not in the mirror`);
                continue;
            }
            const name = (element.getAttribute('aria-label') || element.textContent ||
                (element.labels && element.labels[0] ? element.labels[0].textContent : '')).trim();
            if (!name) missing.push(`"${item.label}": its <${element.localName}> has no name`);
        }
        return missing;
    }, viewport);
    if (found === null) return [`${where}: no #a11y-root or window.portalMirror.elementFor (the mirror is missing)`];
    return found.map((problem) => `${where}: ${problem}`);
}

// Everything checked on the page as it is now; collected into `problems`.
// PORTAL_A11Y_SNAPSHOTS=DIR writes what a screen reader finds on each page checked (Playwright's
// ARIA snapshot of the mirror) to DIR/<page>.yml, to read it through.
async function check(page, where, problems, {coverage = true} = {}) {
    await settle(page);
    if (process.env.PORTAL_A11Y_SNAPSHOTS) {
        mkdirSync(process.env.PORTAL_A11Y_SNAPSHOTS, {recursive: true});
        const snapshot = await page.locator('body').ariaSnapshot();
        writeFileSync(path.join(process.env.PORTAL_A11Y_SNAPSHOTS, `${where}.yml`), snapshot);
    }
    const found = [
        ...await axeProblems(page, where),
        ...await treeProblems(page, where),
        ...(coverage ? await coverageProblems(page, where) : []),
    ];
    if (found.length) {
        await screenshot(page, `a11y-${where.replace(/[^a-z0-9]+/gi, '-')}`);
        console.log(found.join('\n'));
    }
    problems.push(...found);
}

function report(problems) {
    assert.equal(problems.length, 0, `${problems.length} accessibility problems:\n${problems.join('\n')}`);
}

// Opens a route as a link does (the hash changes), closing any dialog first.
async function open(page, hash, slug) {
    await page.keyboard.press('Escape');
    await page.evaluate((hash) => { window.location.hash = hash; }, hash);
    await waitForState(page, (s) => s.page === slug && s.loading.length === 0, {what: `the page ${hash}`});
}

// A page in a context of its own (axe runs its last step in a new page of the page's context,
// which a page made by browser.newPage() cannot have), recording errors as openPage() does.
async function contextPage({width = 1280, height = 800, scale = 1} = {}) {
    const context = await browser.newContext({viewport: {width, height}, deviceScaleFactor: scale});
    const page = await context.newPage();
    page.problems = [];
    page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
        if (/Content.Security.Policy|Refused to/i.test(message.text())) page.problems.push(message.text());
    });
    return page;
}

async function englishPage(options = {}) {
    const page = await contextPage(options);
    await page.addInitScript(() => {
        if (!window.localStorage.getItem('portal.language')) window.localStorage.setItem('portal.language', 'en');
    });
    return page;
}

async function closePage(page) {
    assert.deepEqual(page.problems, []);
    await page.context().close();
}

test('signed out: sign in, a refused sign-in, a single sign-on outcome, an invitation', async () => {
    const problems = [];
    const page = await englishPage();
    await page.goto(`${server.url}/`);
    await waitForItem(page, 'Sign in');
    await check(page, 'sign-in', problems);

    // Form errors: a submission with the fields empty (each field invalid, a sentence says
    // why), then one the server refuses (its sentence under the form).
    await clickItem(page, 'Sign in');
    await waitForItem(page, 'Enter your email and your password.');
    await check(page, 'sign-in-incomplete', problems);
    await clickItem(page, 'Email');
    await page.keyboard.type(anne[0]);
    await clickItem(page, 'Password');
    await page.keyboard.type('not her password');
    await clickItem(page, 'Sign in');
    await waitForItem(page, /^The email or password is wrong/);
    await check(page, 'sign-in-refused', problems);

    // What single sign-on says when the provider's answer is refused (the SSO outcome page).
    await page.goto(`${server.url}/#/overview?sso=email_unverified`);
    await page.reload();
    await waitForItem(page, 'Sign in with SSO');
    await check(page, 'sign-in-sso-outcome', problems);

    // An invitation's page, opened from its link with no session.
    const admin = await apiAs(server.url, ...anne);
    const hq = (await admin('GET', '/api/v1/accounts')).json.accounts[0];
    const email = 'axe.reader@northwind.example';
    const sent = await admin('POST', `/api/v1/accounts/${hq.id}/invitations`, {email, role: 'readonly'});
    assert.equal(sent.status, 201, JSON.stringify(sent.json));
    const ops = await apiAs(server.url, ...olivia);
    const outbox = await ops('GET', '/api/v1/outbox?status=all&limit=1000');
    const mail = outbox.json.mails.find((m) => m.kind === 'invitation' && m.to === email);
    const token = mail.body.match(/\/#\/invite\/([A-Za-z0-9_-]+)/)[1];
    await page.goto(`${server.url}/#/invite/${token}`);
    await waitForItem(page, /^Join /);
    await check(page, 'invitation', problems);
    await closePage(page);
    report(problems);
});

test('an admin\'s pages, tabs and dialogs, in English then in French', async () => {
    const problems = [];
    const page = await englishPage({height: 1000});
    const {account} = await signIn(page, server.url, ...anne);
    await waitForItem(page, /^Rooms: \d+$/);
    const at = (slug, extra = '') => `#/${slug}?account=${account.id}${extra}`;
    await check(page, 'overview', problems);
    for (const slug of ['orders', 'rooms', 'devices', 'insights', 'alerts', 'support', 'people', 'catalogue']) {
        await open(page, at(slug), slug);
        await check(page, slug, problems);
    }
    // The Alerts page's tabs.
    await open(page, at('alerts'), 'alerts');
    for (const tab of ['History', 'Rules', 'Channels', 'Silences']) {
        await clickItem(page, tab);
        await page.waitForTimeout(200);
        await check(page, `alerts-${tab.toLowerCase()}`, problems);
    }
    // People & access' single sign-on section, at the end of the page.
    await open(page, at('people'), 'people');
    await waitForItem(page, 'Users and how they sign in');
    await page.mouse.move(640, 600);
    for (let i = 0; i < 10; ++i) await page.mouse.wheel(0, 600);
    await check(page, 'people-sso', problems);
    // A dialog open: Add room.
    await open(page, at('rooms'), 'rooms');
    await clickItem(page, 'Add room');
    await waitForItem(page, 'Cancel');
    await check(page, 'rooms-add-room-dialog', problems);
    // A refused submission in the dialog: the form's error is shown.
    await clickItem(page, 'Add');
    await page.waitForTimeout(300);
    await check(page, 'rooms-add-room-refused', problems);
    await page.keyboard.press('Escape');
    // A room's page, and a page that does not exist.
    await clickItem(page, 'Confluence');
    await waitForState(page, (s) => /^#\/rooms\/\d+\?account=\d+$/.test(s.route), {what: 'a room'});
    await waitForItem(page, 'Assign license');
    await check(page, 'room', problems);
    await page.evaluate(() => { window.location.hash = '#/billing'; });
    await waitForItem(page, 'There is no page at "#/billing".');
    await check(page, 'not-found', problems);

    // French: the page's language follows the portal's (WCAG 3.1.1).
    await open(page, at('overview'), 'overview');
    await clickItem(page, 'Français');
    await waitForState(page, (s) => s.language === 'fr', {what: 'the portal in French'});
    await page.waitForTimeout(200);
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== 'fr') problems.push(`fr-overview: <html lang="${lang}">, not "fr" (WCAG 3.1.1)`);
    await check(page, 'fr-overview', problems);
    for (const slug of ['rooms', 'alerts', 'people', 'orders']) {
        await open(page, at(slug), slug);
        await check(page, `fr-${slug}`, problems);
    }
    await open(page, at('rooms'), 'rooms');
    await clickItem(page, 'Ajouter une salle');
    await waitForItem(page, 'Annuler');
    await check(page, 'fr-rooms-add-room-dialog', problems);
    await page.keyboard.press('Escape');
    await closePage(page);
    report(problems);
});

test('the operator\'s pages: support queue and order intake', async () => {
    const problems = [];
    const page = await englishPage();
    await signIn(page, server.url, ...olivia);
    await check(page, 'operator-overview', problems);
    for (const slug of ['support-queue', 'intake']) {
        await open(page, `#/${slug}`, slug);
        await check(page, slug, problems);
    }
    await closePage(page);
    report(problems);
});

test('the kiosk', async () => {
    const problems = [];
    const admin = await apiAs(server.url, ...anne);
    const hq = (await admin('GET', '/api/v1/accounts')).json.accounts[0];
    const link = await admin('POST', `/api/v1/accounts/${hq.id}/kiosk-links`, {name: 'Lobby'});
    assert.equal(link.status, 201, JSON.stringify(link.json));
    const page = await contextPage({width: 1280, height: 720});
    await page.goto(`${server.url}/#/kiosk/${link.json.token}`);
    await waitForState(page, (s) => s.kiosk && s.kiosk.status === 'live' && s.kiosk.rooms.length > 0,
        {what: 'the kiosk showing rooms'});
    await page.waitForTimeout(300);  // the loading screen fades out
    await check(page, 'kiosk', problems);
    await closePage(page);
    report(problems);
});

test('a scrolled table of 10,000 rooms stays 10,000 rows to a screen reader', async () => {
    const problems = [];
    // Contoso's account gets the rooms (one CSV import through the API, from the signed-in page),
    // so that the other tests' pages stay as the demo has them.
    const sites = ['Paris', 'Lyon', 'London', 'Berlin', 'Madrid', 'Milano', 'Austin', 'Tokyo'];
    let csv = 'name,site,country,capacity\n';
    for (let i = 0; i < kLargeRooms; i++) {
        csv += `Axe room ${String(i).padStart(5, '0')},${sites[i % sites.length]},FR,${4 + (i % 12)}\n`;
    }
    const page = await englishPage();
    const {account} = await signIn(page, server.url, ...dana);
    const answer = await page.evaluate(async ({path, csv}) => {
        const response = await fetch(path, {
            method: 'POST', headers: {'X-Requested-With': 'portal', 'Content-Type': 'text/csv'}, body: csv,
        });
        return {status: response.status};
    }, {path: `/api/v1/accounts/${account.id}/rooms/import`, csv});
    assert.ok(answer.status < 300, `the import: ${answer.status}`);
    await page.evaluate((id) => { window.location.hash = `#/rooms?account=${id}`; }, account.id);
    await page.reload();
    await waitForItem(page, /^\d{2},\d{3} rooms$/, {timeout: 60000});
    await settle(page);
    await page.mouse.move(640, 500);
    for (let i = 0; i < 20; ++i) {
        await page.mouse.wheel(0, 2400);
        await page.waitForTimeout(16);
    }
    await page.waitForTimeout(300);
    await check(page, 'rooms-10000-scrolled', problems);
    // The table says how many rows it has, not how many are drawn (aria-rowcount counts the
    // header row too), and the rows drawn say which they are.
    const table = await page.evaluate(() => {
        const element = document.querySelector('#a11y-root [role=table], #a11y-root [role=grid], #a11y-root table');
        if (!element) return null;
        const rows = [...element.querySelectorAll('[aria-rowindex]')].map((r) => Number(r.getAttribute('aria-rowindex')));
        return {rowcount: Number(element.getAttribute('aria-rowcount')), rows};
    });
    if (!table) {
        problems.push('rooms-10000-scrolled: no table in the mirror');
    } else {
        if (!(table.rowcount > kLargeRooms)) {
            problems.push(`rooms-10000-scrolled: aria-rowcount ${table.rowcount}, not the whole list`);
        }
        if (!table.rows.some((index) => index > 100)) {
            problems.push(`rooms-10000-scrolled: the rows drawn say they are ${table.rows.join(', ')} (scrolled?)`);
        }
    }
    await closePage(page);
    report(problems);
});
