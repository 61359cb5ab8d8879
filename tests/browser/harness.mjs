// Browser-test harness: a real portal-server on an ephemeral port with a fresh SQLite file, and
// Debian's Chromium driven by playwright-core. The app is an ImGui canvas, so tests find items
// through window.portalItems() and click their real coordinates with the real mouse.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run the browser tests through ctest)`);
  return value;
};

export const serverBinary = () => env('PORTAL_SERVER_BIN');
export const webDist = () => env('PORTAL_WEB_DIST');
export const artifactsDir = () => process.env.PORTAL_ARTIFACTS || path.join(tmpdir(), 'portal-artifacts');

// Starts the real server. Pass `port` to come back on the same address after a stop, and `env`
// for PORTAL_* settings that have no flag here (PORTAL_DNS_SERVERS).
export async function startServer({ port = 0, demo = true, dataDir, env: extraEnv = {} } = {}) {
  const dir = dataDir || mkdtempSync(path.join(tmpdir(), 'portal-browser-'));
  const child = spawn(serverBinary(), [
    '--port', String(port), '--bind', '127.0.0.1', '--db', path.join(dir, 'portal.db'),
    '--web-root', webDist(), '--demo', demo ? '1' : '0', '--log-level', 'warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...extraEnv } });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 10000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/listening on (http:\/\/\S+)/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  child.removeAllListeners('exit');
  return {
    url,
    port: Number(new URL(url).port),
    dataDir: dir,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.PORTAL_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic'],
  });
}

// Opens a page that records console errors and CSP violations for the test to check.
export async function openPage(browser, { width = 1280, height = 800, scale = 1 } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: scale });
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) page.problems.push(message.text());
  });
  return page;
}

export const items = (page) => page.evaluate(() => (window.portalItems ? window.portalItems() : []));
export const portalState = (page) => page.evaluate(() => (window.portalState ? window.portalState() : null));

// Waits until an item with this label (string or RegExp) is on screen; returns it.
export async function waitForItem(page, label, { timeout = 10000 } = {}) {
  const matches = (item) => (label instanceof RegExp ? label.test(item.label) : item.label === label);
  const deadline = Date.now() + timeout;
  let last = [];
  while (Date.now() < deadline) {
    last = await items(page);
    const found = last.find(matches);
    if (found) return found;
    await page.waitForTimeout(50);
  }
  throw new Error(`no item "${label}" within ${timeout} ms; on screen: ${last.map((i) => i.label).join(' | ')}`);
}

export async function waitForNoItem(page, label, { timeout = 10000 } = {}) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (!(await items(page)).some((item) => item.label === label)) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`item "${label}" still on screen after ${timeout} ms`);
}

export async function waitForState(page, predicate, { timeout = 10000, what = 'state' } = {}) {
  const deadline = Date.now() + timeout;
  let state = null;
  while (Date.now() < deadline) {
    state = await portalState(page);
    if (state && predicate(state)) return state;
    await page.waitForTimeout(50);
  }
  throw new Error(`${what} not reached within ${timeout} ms; last: ${JSON.stringify(state)}`);
}

// Moves the real mouse to the item's centre and clicks it, as a user does.
export async function clickItem(page, label) {
  const item = await waitForItem(page, label);
  if (!item.enabled) throw new Error(`item "${label}" is disabled`);
  await page.mouse.move(item.x + item.w / 2, item.y + item.h / 2, { steps: 2 });
  await page.mouse.down();
  await page.mouse.up();
  return item;
}

export async function screenshot(page, name) {
  const dir = artifactsDir();
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

// Signs in through the Sign in page as a user does (real clicks and keys), then waits until the
// portal shows the user's data. `hash` opens that route first ("#/rooms").
// The demo users' own language is French for some: tests read English labels unless they
// choose a language themselves, so English is preset when this browser has none saved yet.
export async function signIn(page, url, email, password, { hash = '' } = {}) {
  await page.addInitScript(() => {
    if (!window.localStorage.getItem('portal.language')) window.localStorage.setItem('portal.language', 'en');
  });
  await page.goto(`${url}/${hash}`);
  await clickItem(page, 'Email');
  await page.keyboard.type(email);
  await clickItem(page, 'Password');
  await page.keyboard.type(password);
  await clickItem(page, 'Sign in');
  // Signed in, the accounts known, and the first account's data shown (operators may have none).
  try {
    return await waitForState(page, (s) => s.user && s.user.email === email && s.loading.length === 0 &&
      s.accountCount !== null && (s.accountCount === 0 || s.accountVersion > 0),
    { what: `signed in as ${email}` });
  } catch (error) {
    await screenshot(page, `sign-in-failed-${email.split('@')[0]}`);
    throw error;
  }
}

// Waits until the account's state has been (re)loaded after `version` (portalState().accountVersion).
export async function waitForAccountReload(page, version) {
  return waitForState(page, (s) => s.accountVersion > version && s.loading.length === 0,
    { what: `account state newer than ${version}` });
}

// The API as a signed-in user, outside the browser (to set things up or check what the server
// holds): signs in with the password, then calls (method, path, body?) -> {status, json}.
export async function apiAs(serverUrl, email, password) {
  const login = await fetch(`${serverUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'portal' },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in of ${email}: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  return async (method, path, body) => {
    const headers = { Cookie: cookie, 'X-Requested-With': 'portal' };
    if (body) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${serverUrl}${path}`, { method, headers, body: body && JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
}

// An API call from inside the page, with its session cookie, as the portal makes them.
export async function pageApi(page, method, apiPath, body) {
  return page.evaluate(async ([method, apiPath, body]) => {
    const response = await fetch(apiPath, {
      method,
      headers: { 'X-Requested-With': 'portal', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  }, [method, apiPath, body]);
}

// What a room agent does: POST /api/v1/telemetry with its bearer token (no cookie).
export async function postTelemetry(serverUrl, token, batchId, events) {
  const response = await fetch(`${serverUrl}/api/v1/telemetry`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ batchId, events }),
  });
  return { status: response.status, json: await response.json() };
}

// An instant as the API writes it: "2026-11-22T09:15:00Z".
export const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

// Where the tests driven by a room agent start: a real server and a browser, the API as an admin
// of the demo's Northwind headquarters (`credentials`: [email, password]), that account, and an
// agent token for it named `agentName`. What it started is stopped when a step fails.
export async function startNorthwindWithAgent(credentials, agentName) {
  const server = await startServer();
  let browser;
  try {
    browser = await launchBrowser();
    const admin = await apiAs(server.url, ...credentials);
    const accounts = (await admin('GET', '/api/v1/accounts')).json.accounts;
    const account = accounts.find((a) => a.name === 'Northwind Traders — Siège');
    assert.ok(account, 'the demo account');
    const token = await admin('POST', `/api/v1/accounts/${account.id}/agent-tokens`, { name: agentName });
    assert.equal(token.status, 201, JSON.stringify(token.json));
    return { server, browser, admin, account, agentToken: token.json.token };
  } catch (error) {
    await stopAll({ server, browser });
    throw error;
  }
}

// Closes the browser and stops the server; either may be missing (a set-up that failed).
export async function stopAll({ server, browser }) {
  await browser?.close();
  await server?.stop();
  server?.cleanup();
}

// The item labelled `label` on the same line as the item labelled `rowLabel` (a table row).
export async function inRow(page, rowLabel, label) {
  const all = await items(page);
  const row = all.find((i) => i.label === rowLabel);
  if (!row) return null;
  return all.find((i) => (label instanceof RegExp ? label.test(i.label) : i.label === label) &&
    Math.abs(i.y + i.h / 2 - (row.y + row.h / 2)) < row.h) || null;
}

export async function waitForRow(page, rowLabel, label, { timeout = 10000 } = {}) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const found = await inRow(page, rowLabel, label);
    if (found) return found;
    await page.waitForTimeout(20);
  }
  throw new Error(`no "${label}" in the row of "${rowLabel}" within ${timeout} ms; on screen: ` +
    (await items(page)).map((i) => i.label).join(' | '));
}

// Clicks the interactive item with this label (a list entry), not a text of the same name
// drawn elsewhere on the page (the table behind a dialog). A list that has just opened is
// published on its first frame while ImGui still keeps it hidden (auto-sizing) and deaf to
// clicks: hover first, and click once the entry is where it was.
export async function clickEntry(page, label, { timeout = 10000 } = {}) {
  const deadline = Date.now() + timeout;
  let last = [];
  const find = (list) => list.find((item) => item.label === label && item.role === 'item' && item.enabled);
  while (Date.now() < deadline) {
    last = await items(page);
    const entry = find(last);
    if (entry) {
      await page.mouse.move(entry.x + entry.w / 2, entry.y + entry.h / 2, { steps: 2 });
      await page.waitForTimeout(150);
      const again = find(await items(page));
      if (again && again.x === entry.x && again.y === entry.y) {
        await page.mouse.down();
        await page.mouse.up();
        return entry;
      }
    }
    await page.waitForTimeout(50);
  }
  throw new Error(`no entry "${label}"; on screen: ${last.map((i) => i.label).join(' | ')}`);
}
