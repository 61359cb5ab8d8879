// French throughout (issue 16): the same pages and main dialogs, walked by the same user in a
// browser that reads English and in one that reads French, against the real server and its demo
// data. Every label drawn (window.portalItems()) is compared with the English run: a label that
// is the same in both languages must be data or a proper noun (room, site, product, program,
// brand, people's names, numbers, dates, emails, serials, codes, words French shares with
// English), never an identifier (`next-business-day`, `success-manager`, `device_offline`), and
// no French label holds an English word.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {after, before, test} from 'node:test';

import {apiAs as apiAsOn, clickItem, items, launchBrowser, openPage, screenshot, startServer, waitForItem, waitForState} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];
const olivia = ['olivia.ops@portal.example', 'portal-operator'];
const sam = ['sam.patel@fabrikam.example', 'fabrikam-partner'];

const catalogue =
    JSON.parse(readFileSync(new URL('../../assets/catalogue.json', import.meta.url), 'utf8'));

// Words French writes as English does (or names nobody translates).
const shared = new Set(`
    support insights catalogue condition description site sites silence silences type source
    version total date message messages note notes contact code action actions options
    invitation invitations ticket tickets agent agents standard normal service services page
    pages format minutes min h s ms rma sso csv json utc po id sku url api ok sla openid connect
    saml english français microsoft google entra okta teams zoom jumpstart audit portal admin e
    mail x utilisation servicenow webhook via secret
`.trim().split(/\s+/));

// Words that are English only: none may stand on a French page.
const englishOnly = new Set(`
    the and of to with without your you is are this that for from not all new add open close
    save delete edit cancel room rooms device devices license licenses alert alerts free since
    days day none yes no hours hour week month year years ending firing pending expired offline
    online people account accounts order orders customer customers partner settings sign in at
    by done show hide filtered getting started will be was has have can may more only each every
    other when what which who warranty waiting accepted critical next business best manager
    success spare spares replacement priority available refresh search assign revoke create
`.trim().split(/\s+/));

// Identifiers of the catalogue and of the API's enumerations, which a page shows as words.
const ids = new Set([
    ...catalogue.programs.map((p) => p.id),
    ...Object.keys(catalogue.labels.features),
    ...Object.keys(catalogue.labels.rmaSpeeds),
    ...Object.keys(catalogue.labels.productCategories),
    ...catalogue.products.map((p) => p.id),
    ...catalogue.serviceLevels.map((s) => s.id),
    'device_offline',
    'room_offline',
    'no_telemetry',
    'over_capacity',
    'readonly',
    'headquarters',
    'in_meeting',
    'waiting_on_customer',
]);

// The catalogue's names that are the same in both languages (programs, countries, labels) and
// the products' names: proper nouns.
function catalogueNames() {
    const names = new Set(catalogue.products.map((p) => p.name));
    const walk = (value) => {
        if (Array.isArray(value)) return value.forEach(walk);
        if (!value || typeof value !== 'object') return;
        if (typeof value.name === 'string' && value.nameFr === value.name) names.add(value.name);
        if (typeof value.en === 'string' && value.en === value.fr) names.add(value.en);
        Object.values(value).forEach(walk);
    };
    walk(catalogue);
    return names;
}

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

// Every string the API gives this user about their accounts: their data.
async function dataOf(credentials, paths) {
    const api = await apiAsOn(server.url, ...credentials);
    const strings = new Set();
    const walk = (value) => {
        if (typeof value === 'string') {
            if (value.trim() && !ids.has(value)) strings.add(value);
        } else if (Array.isArray(value)) {
            value.forEach(walk);
        } else if (value && typeof value === 'object') {
            Object.values(value).forEach(walk);
        }
    };
    const accounts = (await api('GET', '/api/v1/accounts')).json.accounts;
    walk(accounts);
    walk((await api('GET', '/api/v1/me')).json);
    for (const account of accounts) {
        for (const path of paths) {
            const answer = await api('GET', `/api/v1/accounts/${account.id}${path}`);
            if (answer.status === 200) walk(answer.json);
        }
    }
    for (const path
             of ['/api/v1/support/tickets?status=all', '/api/v1/orders', '/api/v1/operator/home',
                 '/api/v1/home']) {
        const answer = await api('GET', path);
        if (answer.status === 200) walk(answer.json);
    }
    for (const name of catalogueNames()) strings.add(name);
    return strings;
}

const accountPaths = [
    '/rooms',
    '/devices',
    '/contracts',
    '/members',
    '/invitations',
    '/delegations',
    '/alert-rules',
    '/alert-channels',
    '/alerts?state=all',
    '/silences',
    '/tickets?status=all',
    '/agent-tokens',
    '/kiosk-links',
    '/sso/connections',
    '/sso/domains',
    '/home',
    '/state',
];

// A label stripped of the user's data (longest first), emails, links and numbers: what is left
// is the portal's own words.
function ownWords(label, data) {
    let rest = label.replace(/\S+@\S+\.\S+/g, ' ').replace(/https?:\/\/\S+/g, ' ');
    rest = rest.replace(/\b[A-Z0-9]+(?:-[A-Z0-9]+)+\b/g, ' ');  // SKUs, POs, codes, serials
    for (const value of data) {
        if (value.length < 2 || !rest.includes(value)) continue;
        const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        rest = rest.replace(new RegExp(`(?<![\\p{L}\\d])${escaped}(?![\\p{L}\\d])`, 'gu'), ' ');
    }
    rest = rest.replace(/\b[A-Z]*\d[A-Z0-9]*\b/g, ' ');  // serials, numbers
    return rest.split(/[^\p{L}]+/u).filter(Boolean);
}

function sortedData(data) { return [...data].sort((a, b) => b.length - a.length); }

// What a screen shows once its data is there: the labels of a few frames.
async function labelsOf(page) {
    await waitForState(page, (s) => s.loading.length === 0, {what: 'the data loaded'});
    await page.waitForTimeout(300);
    const labels = new Set();
    for (let i = 0; i < 3; ++i) {
        for (const item of await items(page)) labels.add(item.label);
        await page.waitForTimeout(100);
    }
    labels.delete('');
    return labels;
}

// Opens a route as a link does (the hash changes), closing any dialog first.
async function open(page, hash, slug) {
    await page.keyboard.press('Escape');
    await page.evaluate((hash) => { window.location.hash = hash; }, hash);
    await waitForState(
        page, (s) => s.page === slug && s.loading.length === 0, {what: `the page ${hash}`});
}

async function clickLabel(page, label) {
    const item = await waitForItem(page, label);
    await page.mouse.move(item.x + item.w / 2, item.y + item.h / 2, {steps: 2});
    await page.mouse.down();
    await page.mouse.up();
}

// What the labels of one screen say about its French.
function problemsOf(screen, english, french, data) {
    const problems = [];
    const parts = (label) => label.split(/\s*[·,|()]\s*/).filter(Boolean);
    for (const label of new Set([...english, ...french])) {
        const tokens = label.split(/\s+/);
        if (parts(label).some((part) => ids.has(part)) ||
            tokens.some((t) => (ids.has(t) && /[-_]/.test(t)) || /^[a-z]+(?:_[a-z]+)+$/.test(t))) {
            problems.push(`${screen}: an identifier is shown: "${label}"`);
        }
    }
    for (const label of french) {
        const words = ownWords(label, data);
        const english_words = words.filter((w) => englishOnly.has(w.toLowerCase()));
        if (english_words.length) {
            problems.push(
                `${screen}: English on the French page: "${label}" (${english_words.join(', ')})`);
            continue;
        }
        if (!english.has(label)) continue;
        const untranslated = words.filter((w) => !shared.has(w.toLowerCase()));
        if (untranslated.length) {
            problems.push(`${screen}: the same in English and French: "${label}"`);
        }
    }
    return problems;
}

// Signs in through the Sign in page in the page's language, as harness.mjs's signIn does in
// English, and waits until the user's data is shown.
async function signIn(page, language, email, password) {
    const say = (english, french) => (language === 'en' ? english : french);
    await page.goto(`${server.url}/`);
    await clickItem(page, say('Email', 'E-mail'));
    await page.keyboard.type(email);
    await clickItem(page, say('Password', 'Mot de passe'));
    await page.keyboard.type(password);
    await clickItem(page, say('Sign in', 'Se connecter'));
    return waitForState(
        page,
        (s) => s.user && s.user.email === email && s.loading.length === 0 &&
            s.accountCount !== null && (s.accountCount === 0 || s.accountVersion > 0),
        {what: `signed in as ${email}`});
}

// Signs `credentials` in twice, one browser reading English and one reading French, and walks
// `screens` ([name, async (page, say) => {...}]) in both; say(english, french) names what to
// click in the page's language. Returns the problems found.
async function walk(credentials, screens) {
    const data = sortedData(await dataOf(credentials, accountPaths));
    const pages = {};
    for (const language of ['en', 'fr']) {
        const page = await openPage(browser, {height: 1400});
        await page.addInitScript(
            (language) => { window.localStorage.setItem('portal.language', language); }, language);
        await page.setExtraHTTPHeaders(
            {'Accept-Language': language === 'fr' ? 'fr-FR,fr' : 'en-US,en'});
        await signIn(page, language, ...credentials);
        const state = await waitForState(
            page, (s) => s.language === language, {what: `the portal in ${language}`});
        pages[language] = {page, account: state.account};
    }
    const problems = [];
    for (const [name, visit] of screens) {
        const labels = {};
        for (const language of ['en', 'fr']) {
            const {page, account} = pages[language];
            const say = (english, french) => (language === 'en' ? english : french);
            try {
                await visit(page, say, account);
                labels[language] = await labelsOf(page);
            } catch (error) {
                await screenshot(page, `french-${name}-${language}-failed`);
                problems.push(`${name} (${language}): ${error.message.slice(0, 400)}`);
                break;
            }
            if (language === 'fr') await screenshot(page, `french-${name}`);
        }
        if (labels.en && labels.fr) problems.push(...problemsOf(name, labels.en, labels.fr, data));
    }
    for (const {page} of Object.values(pages)) {
        assert.deepEqual(page.problems, []);
        await page.close();
    }
    return problems;
}

// The page `slug` (its `detail`, with `filter` as the Overview's figures open it).
const at = (slug, detail = '', filter = '') => async (page, say, account) => {
    const query = [
        account ? `account=${account.id}` : '', filter ? `filter=${filter}` : ''
    ].filter(Boolean).join('&');
    await open(page, `#/${slug}${detail ? `/${detail}` : ''}${query ? `?${query}` : ''}`, slug);
};

const then = (first, ...clicks) => async (page, say, account) => {
    await first(page, say, account);
    for (const click of clicks) await clickLabel(page, say(...click));
};

test('an admin\'s pages and dialogs, in French', async () => {
    const problems = await walk(anne, [
        ['overview', at('overview')],
        ['catalogue', at('catalogue')],
        ['orders', at('orders')],
        ['order', then(at('orders'), ['NWT-FR-0117', 'NWT-FR-0117'])],
        ['rooms', at('rooms')],
        ['add-room', then(at('rooms'), ['Add room', 'Ajouter une salle'])],
        ['import-rooms', then(at('rooms'), ['Import rooms', 'Importer des salles'])],
        ['room', then(at('rooms'), ['Salle Étoile', 'Salle Étoile'])],
        [
            'assign',
            then(
                at('rooms'), ['Confluence', 'Confluence'],
                ['Assign license', 'Attribuer une licence'])
        ],
        ['devices', at('devices')],
        ['add-device', then(at('devices'), ['Add device', 'Ajouter un appareil'])],
        ['insights', at('insights')],
        ['alerts', at('alerts')],
        ['alert-history', then(at('alerts'), ['History', 'Historique'])],
        ['alert-rules', then(at('alerts'), ['Rules', 'Règles'], ['New rule', 'Nouvelle règle'])],
        [
            'alert-channels',
            then(at('alerts'), ['Channels', 'Canaux'], ['New channel', 'Nouveau canal'])
        ],
        [
            'alert-silences',
            then(at('alerts'), ['Silences', 'Silences'], ['New silence', 'Nouveau silence'])
        ],
        ['support', then(at('support'), ['New ticket', 'Nouveau ticket'])],
        ['people', at('people')],
        ['invite', then(at('people'), ['Invite', 'Inviter'])],
        ['grant', then(at('people'), ['Grant access', 'Donner accès'])],
        // Last: a page keeps the filter a link gave it (its chip says so) until it is removed.
        ['rooms-unlicensed', at('rooms', '', 'unlicensed')],
        ['rooms-offline', at('rooms', '', 'offline')],
        ['orders-ending-soon', at('orders', '', 'ending-soon')],
        ['devices-warranty-ending', at('devices', '', 'warranty-ending')],
    ]);
    assert.deepEqual(problems, []);
});

test('the operator\'s and the partner\'s pages, in French', async () => {
    const problems = [
        ...await walk(
            olivia,
            [
                ['operator-overview', at('overview')],
                ['intake', at('intake')],
                ['support-queue', at('support-queue')],
            ]),
        ...await walk(
            sam,
            [
                ['partner-overview', at('overview')],
            ]),
    ];
    assert.deepEqual(problems, []);
});

// A customer the portal has just met (R-ORD-3): its IT admin joins (R-ACC-2) and finds the
// Getting started checklist and empty pages, each saying what it will hold.
test('a new customer\'s first pages, in French', async () => {
    const ops = await apiAsOn(server.url, ...olivia);
    const email = 'margaux.leroy@boulangerie-leroy.example';
    const party = (name, mail, city) => ({
        name,
        email: mail,
        address: {
            line1: '2 rue du Four',
            city,
            postalCode: '69002',
            country: 'FR',
            kind: 'headquarters'
        },
    });
    const order = await ops('POST', '/api/v1/orders', {
        poNumber: 'BLR-FR-0001',
        purchaseDate: new Date().toISOString().slice(0, 10),
        lines: [{sku: 'SELECT-1Y', quantity: 3}],
        endCustomer: {...party('Margaux Leroy', email, 'Lyon'), company: 'Boulangerie Leroy'},
        reseller: party('Lumière AV Intégration', 'commandes@lumiere-av.example', 'Paris'),
        distributor: party('EuroDistri Pro AV', 'orders@eurodistri-proav.example', 'Saint-Priest'),
    });
    assert.equal(order.status, 201, JSON.stringify(order.json));
    const outbox = await ops('GET', '/api/v1/outbox?status=all&limit=1000');
    const mail = outbox.json.mails.find((m) => m.kind === 'invitation' && m.to === email);
    assert.ok(mail, 'the new admin is invited');
    const token = mail.body.match(/\/#\/invite\/([A-Za-z0-9_-]+)/)[1];
    const password = 'boulangerie-2026';
    const accepted = await fetch(`${server.url}/api/v1/invitations/accept`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-Requested-With': 'portal'},
        body: JSON.stringify({token, name: 'Margaux Leroy', password}),
    });
    assert.equal(accepted.status, 200, await accepted.text());
    const problems = await walk([email, password], [
        ['getting-started', at('overview')],
        ['rooms-empty', at('rooms')],
        ['devices-empty', at('devices')],
        ['alerts-empty', at('alerts')],
        ['support-empty', at('support')],
        ['insights-empty', at('insights')],
    ]);
    assert.deepEqual(problems, []);
});

test('the invitation page, in French, sends the language chosen', async () => {
    const api = await apiAsOn(server.url, ...anne);
    const hq = (await api('GET', '/api/v1/accounts')).json.accounts[0];
    const email = 'claire.fontaine@northwind.example';
    const sent =
        await api('POST', `/api/v1/accounts/${hq.id}/invitations`, {email, role: 'readonly'});
    assert.equal(sent.status, 201, JSON.stringify(sent.json));
    const ops = await apiAsOn(server.url, ...olivia);
    const outbox = await ops('GET', '/api/v1/outbox?status=all&limit=1000');
    const mail = outbox.json.mails.find((m) => m.kind === 'invitation' && m.to === email);
    const token = mail.body.match(/\/#\/invite\/([A-Za-z0-9_-]+)/)[1];
    const data = sortedData(await dataOf(anne, accountPaths));
    const labels = {};
    const pages = {};
    for (const language of ['en', 'fr']) {
        const page = await openPage(browser);
        await page.addInitScript(
            (language) => { window.localStorage.setItem('portal.language', language); }, language);
        await page.goto(`${server.url}/#/invite/${token}`);
        await waitForItem(page, language === 'en' ? /^Join / : /^Rejoindre /);
        labels[language] = await labelsOf(page);
        pages[language] = page;
    }
    assert.deepEqual(problemsOf('invitation', labels.en, labels.fr, data), []);
    // Joining from the French page sends its language (the page's choice starts at it), and the
    // server keeps it as chosen.
    const page = pages.fr;
    const accepts = [];
    page.on('request', (request) => {
        if (request.url().endsWith('/api/v1/invitations/accept'))
            accepts.push(request.postDataJSON());
    });
    for (const [label, text] of [
             ['Votre nom', 'Claire Fontaine'], ['Mot de passe', 'fontaine-2026-pass'],
             ['Confirmez le mot de passe', 'fontaine-2026-pass']]) {
        await clickLabel(page, label);
        await page.keyboard.type(text);
    }
    await page.keyboard.press('Enter');
    await waitForState(page, (s) => s.user && s.user.email === email, {what: 'signed in'});
    assert.equal(accepts.length, 1);
    assert.equal(accepts[0].language, 'fr');
    const me = await (await apiAsOn(server.url, email, 'fontaine-2026-pass'))('GET', '/api/v1/me');
    assert.equal(me.json.user.language, 'fr', 'the language chosen is kept');
    for (const p of Object.values(pages)) await p.close();
});
