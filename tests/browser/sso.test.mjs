// Single sign-on in the browser (issue 15, R-ACC-5), through the portal's own pages and a real
// OpenID provider's (npm oidc-provider, tests/support/oidc/real_provider.mjs): Anne, admin of
// Northwind, proves example.test with a TXT record that this test publishes in a real DNS server
// (Debian's dnsmasq on loopback), connects the provider, runs a Test sign-in through its login
// and consent pages, marks herself break-glass and requires SSO. Then Alice, unknown to the
// portal, signs in with SSO and comes in as a read-only member created just in time; a password
// sign-in of the enforced domain is sent to SSO; Eve, whose provider has not verified her email,
// is refused with a sentence. Real server, real Chromium, real mouse and keys.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  apiAs, clickItem, items, launchBrowser, openPage, pageApi, screenshot, signIn, startServer,
  stopAll, waitForItem, waitForState,
} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];
const domain = 'example.test';
const recordName = `_portal-verification.${domain}`;
const providerScript = path.resolve('tests/support/oidc/real_provider.mjs');

let dns; // the DNS server the portal asks
let server;
let provider; // {issuer, stop()}
let browser;
let admin; // the API as Anne
let account; // Northwind's headquarters, where Anne's People & access opens

// ---------------------------------------------------------------------------------------------
// Debian's dnsmasq on 127.0.0.1:<port>, answering only from its own records (as
// tests/server/dns_fixture.cpp runs it). Publishing a record restarts it on the same port.

function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

// dnsmasq's conf-file syntax: a quoted string, so that '=' and ',' are plain characters.
const dnsmasqPath = '/usr/sbin/dnsmasq'; // Debian's path; PATH may not hold /usr/sbin
const quoted = (value) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

class Dnsmasq {
  constructor() {
    this.dir = mkdtempSync(path.join(tmpdir(), 'portal-dnsmasq-'));
    this.txt = [];
  }

  get servers() { return `127.0.0.1:${this.port}`; }

  async start() {
    this.port = await freeUdpPort();
    await this.spawn();
  }

  async publishTxt(name, value) {
    this.txt.push([name, value]);
    await this.stop();
    await this.spawn(); // the same port: the portal was started with it
  }

  async spawn() {
    if (!existsSync(dnsmasqPath)) {
      throw new Error(`${dnsmasqPath} is missing: install Debian's dnsmasq-base (scripts/setup does it)`);
    }
    const conf = path.join(this.dir, 'dnsmasq.conf');
    writeFileSync(conf, this.txt.map(([name, value]) => `txt-record=${name},${quoted(value)}\n`).join(''));
    const args = ['--keep-in-foreground', '--no-resolv', '--no-hosts', '--local=/#/',
      '--bind-interfaces', '--listen-address=127.0.0.1', `--port=${this.port}`,
      `--conf-file=${conf}`, '--pid-file=', '--cache-size=0', '--log-facility=-'];
    // As root dnsmasq would drop to nobody, who cannot read the conf file in our temp dir.
    if (process.getuid?.() === 0) args.push('--user=root');
    this.child = spawn(dnsmasqPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    this.child.stderr.on('data', (chunk) => { log += chunk; });
    // Ready once it answers anything (NXDOMAIN for the probe); until it binds, it is refused.
    const resolver = new Resolver({ timeout: 200, tries: 1 });
    resolver.setServers([this.servers]);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`dnsmasq exited at start: ${log}`);
      try {
        await resolver.resolveTxt('probe.dns-fixture.invalid');
        return;
      } catch (error) {
        if (error.code === 'ENOTFOUND' || error.code === 'ENODATA') return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`dnsmasq did not answer on ${this.servers} within 5 s: ${log}`);
  }

  async lookupTxt(name) {
    const resolver = new Resolver({ timeout: 500, tries: 2 });
    resolver.setServers([this.servers]);
    return (await resolver.resolveTxt(name)).map((strings) => strings.join(''));
  }

  async stop() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async cleanup() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// The real provider, registered with the portal's redirect URI; issuer http://127.0.0.1:<port>.
async function startProvider(portalUrl) {
  const child = spawn(process.execPath, [providerScript, '--port', '0',
    '--redirect-uri', `${portalUrl}/api/v1/auth/sso/callback`, '--domain', domain,
    '--existing-email', anne[0], '--client-id', 'portal-test', '--client-secret', 's3cret'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const port = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`provider did not start: ${stderr}`)), 10000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/listening (\d+)/);
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`provider exited ${code}: ${stderr}`)); });
  });
  child.removeAllListeners('exit');
  return {
    issuer: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

before(async () => {
  dns = new Dnsmasq();
  await dns.start();
  // The redirect URI is <public_url>/api/v1/auth/sso/callback: the provider learns it from the
  // started server. Private addresses allowed: the provider is on loopback.
  server = await startServer({
    env: { PORTAL_DNS_SERVERS: dns.servers, PORTAL_OUTBOUND_ALLOW_PRIVATE: '1' },
  });
  provider = await startProvider(server.url);
  browser = await launchBrowser();
  admin = await apiAs(server.url, ...anne);
});

after(async () => {
  await stopAll({ server, browser });
  await provider?.stop();
  await dns?.cleanup();
});

// ---------------------------------------------------------------------------------------------
// The page

// A page whose English is preset, which never waits for the provider pages' Google Fonts (no
// network here).
async function englishPage() {
  const page = await openPage(browser, { height: 900 });
  await page.addInitScript(() => window.localStorage.setItem('portal.language', 'en'));
  await page.route(/^https:\/\/fonts\.(googleapis|gstatic)\.com\//, (route) => route.abort());
  return page;
}

const isControl = (item) => item.role === 'item';
const matches = (label) => (item) => (label instanceof RegExp ? label.test(item.label) : item.label === label);

// The People page is taller than the window: scrolls the page with the wheel, down then up,
// until an item with this label (and, when given, that passes `also`) is wholly in view.
async function reveal(page, label, { also = () => true, timeout = 10000 } = {}) {
  const wanted = (item) => matches(label)(item) && also(item);
  const viewport = page.viewportSize();
  const inView = (item) => item.y >= 0 && item.y + item.h <= viewport.height;
  const deadline = Date.now() + timeout;
  let direction = 400;
  let last = '';
  let before = null;
  let shown = [];
  while (Date.now() < deadline) {
    shown = await items(page);
    const found = shown.find(wanted);
    // In view, and where it was a moment ago: what loads above it moves it no more.
    if (found && inView(found) && before && before.x === found.x && before.y === found.y) return found;
    before = found;
    if (found && inView(found)) {
      await page.waitForTimeout(50);
      continue;
    }
    // Seen but cut by the window's bottom edge: a little further down. At the end of the page
    // (nothing moved), turn back.
    const signature = shown.map((i) => `${i.label}@${Math.round(i.y)}`).join('|');
    if (signature === last && !found) direction = -direction;
    last = signature;
    await page.mouse.move(viewport.width * 0.6, viewport.height * 0.6);
    await page.mouse.wheel(0, found ? Math.sign(found.y) * 200 || 200 : direction);
    await page.waitForTimeout(120);
  }
  throw new Error(`no "${label}" came into view within ${timeout} ms; on screen: ` +
    shown.map((i) => i.label).join(' | '));
}

async function click(page, item) {
  assert.ok(item.enabled, `"${item.label}" is enabled`);
  await page.mouse.move(item.x + item.w / 2, item.y + item.h / 2, { steps: 2 });
  await page.mouse.down();
  await page.mouse.up();
}

// Scrolls to the control (never a text of the same label) and clicks it.
async function clickControl(page, label, options = {}) {
  const item = await reveal(page, label, { ...options, also: isControl });
  await click(page, item);
  return item;
}

async function typeInto(page, label, text) {
  await clickControl(page, label);
  await page.keyboard.type(text);
}

// The provider's own pages: login (any password; the login name picks the account, the email
// typed in the portal comes prefilled as login_hint) and consent.
const atProvider = (page) => page.waitForURL(
  (url) => url.href.startsWith(`${provider.issuer}/interaction/`), { waitUntil: 'domcontentloaded' });

async function signInAtProvider(page, { login, hint, shot }) {
  await atProvider(page);
  const field = page.locator('input[name=login]');
  if (hint !== undefined) {
    assert.equal(await field.inputValue(), hint, 'the email typed in the portal is the login hint');
  }
  if (login !== undefined) await field.fill(login);
  await page.locator('input[name=password]').fill('any password');
  await screenshot(page, shot);
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await atProvider(page); // its consent page
  await page.getByRole('button', { name: 'Continue' }).click();
  // Back at the portal (its callback answers with a redirect to an app route).
  await page.waitForURL((url) => url.href.startsWith(`${server.url}/#/`), { waitUntil: 'domcontentloaded' });
}

// On the Sign in page: the email, then Sign in with SSO; the app leaves for the provider.
async function startSso(page, email) {
  await page.goto(`${server.url}/`);
  await clickItem(page, 'Email');
  await page.keyboard.type(email);
  await clickItem(page, 'Sign in with SSO');
}

// ---------------------------------------------------------------------------------------------
// The tests, in order: each builds on the one before.

test('an admin proves her domain, connects the provider, tests it and requires SSO', async () => {
  const page = await englishPage();
  await signIn(page, server.url, ...anne);
  await clickItem(page, 'People & access');
  const state = await waitForState(page, (s) => s.page === 'people' && s.account,
    { what: 'People & access' });
  account = state.account;
  // Everything of the page loaded (the section is last), so that nothing moves under the mouse.
  await waitForItem(page, 'Users and how they sign in');
  await waitForState(page, (s) => s.loading.length === 0, { what: 'the page loaded' });
  await reveal(page, `Break-glass: ${anne[0]}`);

  // The domain: added, its TXT record shown, published in the DNS, verified with one click.
  await typeInto(page, 'Domain to add', domain);
  await clickControl(page, 'Add domain');
  await waitForItem(page, `${domain} was added: publish its TXT record, then press Verify.`);
  await reveal(page, recordName);
  const value = await reveal(page, /^portal-verification=/);
  const domains = await admin('GET', `/api/v1/accounts/${account.id}/sso/domains`);
  assert.equal(domains.status, 200, JSON.stringify(domains.json));
  const [added] = domains.json.items;
  assert.equal(added.domain, domain);
  assert.equal(added.verified, false);
  assert.deepEqual(added.verification, { type: 'dns-txt', name: recordName, value: value.label });
  await screenshot(page, 'sso-domain-added');
  await dns.publishTxt(recordName, value.label);
  assert.deepEqual(await dns.lookupTxt(recordName), [value.label], 'the record is published');
  await clickControl(page, 'Verify');
  await waitForItem(page, `${domain} is verified.`);
  await reveal(page, 'Verified', { also: (i) => i.role === 'text' });
  const verified = (await admin('GET', `/api/v1/accounts/${account.id}/sso/domains`)).json.items[0];
  assert.equal(verified.verified, true);

  // The connection: the provider's issuer and client, the domain, new users Read-only.
  await clickControl(page, 'Add connection');
  await waitForItem(page, 'Add a connection');
  await typeInto(page, 'Name', 'Example IdP');
  await typeInto(page, 'Issuer', provider.issuer);
  await typeInto(page, 'Client ID', 'portal-test');
  await typeInto(page, 'Client secret', 's3cret');
  await clickControl(page, domain, { also: (i) => i.checkable });
  await clickControl(page, 'New users');
  await clickControl(page, 'Read-only');
  await screenshot(page, 'sso-connection-form');
  await clickControl(page, 'Save connection');
  await waitForItem(page, 'The connection Example IdP was saved.');
  // The redirect URI to register at the provider, shown to copy.
  const redirectUri = `${server.url}/api/v1/auth/sso/callback`;
  await reveal(page, redirectUri);
  await reveal(page, `Issuer: ${provider.issuer}`);
  await reveal(page, 'New users: Read-only');
  const connections = await admin('GET', `/api/v1/accounts/${account.id}/sso/connections`);
  assert.equal(connections.status, 200, JSON.stringify(connections.json));
  assert.equal(connections.json.redirectUri, redirectUri);
  const [connection] = connections.json.items;
  assert.equal(connection.issuer, provider.issuer);
  assert.equal(connection.clientId, 'portal-test');
  assert.deepEqual(connection.domains, [added.id]);
  assert.equal(connection.defaultRole, 'readonly');
  assert.equal(connection.testedAt, null);
  assert.ok(!JSON.stringify(connections.json).includes('s3cret'), 'the secret is never read back');
  await screenshot(page, 'sso-connection-saved');

  // Test sign-in: through the provider's login and consent pages and back to People & access.
  await clickControl(page, 'Test sign-in');
  await signInAtProvider(page, { login: 'alice', shot: 'sso-provider-login-test' });
  await waitForState(page, (s) => s.page === 'people' && /[?&]sso=tested/.test(s.route),
    { what: 'back from the Test sign-in' });
  await reveal(page, 'Test sign-in succeeded.');
  await screenshot(page, 'sso-test-sign-in-succeeded');
  const tested = (await admin('GET', `/api/v1/accounts/${account.id}/sso/connections`)).json.items[0];
  assert.ok(tested.testedAt, 'the connection is tested');
  const me = await pageApi(page, 'GET', '/api/v1/me');
  assert.equal(me.json.user.email, anne[0], 'a Test sign-in signs nobody else in');

  // Anne keeps her password as break-glass, then requires SSO for example.test.
  const breakGlass = `Break-glass: ${anne[0]}`;
  const box = await clickControl(page, breakGlass);
  assert.equal(box.checked, false);
  await waitForItem(page, /is now a break-glass admin\.$/);
  assert.equal((await reveal(page, breakGlass)).checked, true);
  const require = await clickControl(page, 'Require SSO');
  assert.equal(require.checked, false);
  await waitForItem(page, 'Example IdP now requires single sign-on for its domains.');
  await reveal(page, 'Required for its domains: their people sign in through it.');
  assert.equal((await reveal(page, 'Require SSO', { also: isControl })).checked, true);
  await screenshot(page, 'sso-required');
  // R-ACC-5: required only once tested and with a break-glass admin, which is the case now.
  const enforced = (await admin('GET', `/api/v1/accounts/${account.id}/sso/connections`)).json.items[0];
  assert.equal(enforced.enforced, true);
  const users = (await admin('GET', `/api/v1/accounts/${account.id}/sso/users`)).json.items;
  assert.equal(users.find((u) => u.email === anne[0]).breakGlass, true);

  // She signs out: the Sign in page.
  await page.mouse.wheel(0, -5000);
  await clickControl(page, 'Anne Martin');
  await clickControl(page, 'Sign out');
  await waitForItem(page, 'Sign in with SSO');
  assert.equal((await pageApi(page, 'GET', '/api/v1/me')).status, 401);
  // As break-glass admin, her password still signs her in (R-ACC-5).
  await apiAs(server.url, ...anne);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a new user of the domain signs in with SSO and comes in read-only, created just in time', async () => {
  assert.ok(account, 'the connection of the first test');
  const page = await englishPage();
  await startSso(page, `alice@${domain}`);
  await signInAtProvider(page, { hint: `alice@${domain}`, shot: 'sso-provider-login-alice' });
  // Signed in, and her account's data shown (as harness.mjs's signIn waits for it).
  const state = await waitForState(page, (s) => s.user && s.user.email === `alice@${domain}` &&
    s.loading.length === 0 && s.accountCount === 1 && s.accountVersion > 0, { what: 'signed in as alice' });
  assert.equal(state.account?.id, account.id, 'her account is the connection\'s');
  assert.equal(state.account.role, 'readonly');
  await screenshot(page, 'sso-signed-in-alice');
  const me = await pageApi(page, 'GET', '/api/v1/me');
  assert.equal(me.status, 200, JSON.stringify(me.json));
  assert.equal(me.json.user.email, `alice@${domain}`);
  const users = (await admin('GET', `/api/v1/accounts/${account.id}/sso/users`)).json.items;
  const alice = users.find((u) => u.email === `alice@${domain}`);
  assert.ok(alice, JSON.stringify(users));
  assert.equal(alice.role, 'readonly');
  assert.equal(alice.hasPassword, false);
  assert.ok(alice.lastSsoSignInAt, 'her SSO sign-in is recorded');
  assert.deepEqual(alice.ssoIdentities.map((i) => i.issuer), [provider.issuer]);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a password sign-in of the enforced domain is sent to single sign-on', async () => {
  const page = await englishPage();
  await page.goto(`${server.url}/`);
  await clickItem(page, 'Email');
  await page.keyboard.type(`alice@${domain}`);
  await clickItem(page, 'Password');
  await page.keyboard.type('a guess');
  await clickItem(page, 'Sign in');
  await waitForItem(page, 'Your organisation requires single sign-on for this address.');
  await screenshot(page, 'sso-required-on-sign-in');
  // The server's answer, for any address of the domain.
  const answer = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'portal' },
    body: JSON.stringify({ email: `nobody@${domain}`, password: 'whatever' }),
  });
  assert.equal(answer.status, 403);
  const body = await answer.json();
  assert.equal(body.error.code, 'sso_required');
  assert.equal(body.error.details.ssoUrl, `/api/v1/auth/sso/start?email=nobody%40${domain}`);
  // Continue with SSO goes to the provider with the address.
  await clickItem(page, 'Continue with SSO');
  await atProvider(page);
  assert.equal(await page.locator('input[name=login]').inputValue(), `alice@${domain}`);
  await page.close();
});

test('a user whose provider has not verified her email is refused with a sentence', async () => {
  const page = await englishPage();
  await startSso(page, `eve@${domain}`);
  await signInAtProvider(page, { hint: `eve@${domain}`, shot: 'sso-provider-login-eve' });
  await waitForState(page, (s) => /[?&]sso=email_unverified/.test(s.route), { what: 'the refusal' });
  await waitForItem(page, 'Your identity provider has not verified your email address, so the ' +
    'portal cannot sign you in with it. Ask your IT admin.');
  await waitForItem(page, 'Sign in with SSO');
  await screenshot(page, 'sso-refused-email-unverified');
  assert.equal((await pageApi(page, 'GET', '/api/v1/me')).status, 401, 'nobody is signed in');
  // Read-only is the default role: she would have been created but for email_verified (an
  // email claim is trusted only when the provider vouches for it, R-ACC-5).
  const users = (await admin('GET', `/api/v1/accounts/${account.id}/sso/users`)).json.items;
  assert.ok(!users.some((u) => u.email === `eve@${domain}`), JSON.stringify(users));
  assert.deepEqual(page.problems, []);
  await page.close();
});
