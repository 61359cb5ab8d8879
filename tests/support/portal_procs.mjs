// What the node tests that run real portal servers share (tests/cluster, tests/faults): child
// processes with their output in a log file, free ports, the SMTP sink (tests/server/smtp_sink.py),
// psql against a PostgreSQL admin URL, and the plain-fetch API client (call, signIn).
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const defaultServerBin = path.join(root, 'build/native/src/server/portal-server');

export const onPath = (program) => {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export const freePort = () => new Promise((resolve, reject) => {
  const probe = net.createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

// The same server's URL with another database.
export const databaseUrl = (adminUrl, database) => adminUrl.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);

// Rows of fields (text) of one SQL statement run with psql on adminUrl's server.
export const psql = async (adminUrl, sql, database = 'postgres') => {
  const { stdout } = await run('psql', [databaseUrl(adminUrl, database), '-v', 'ON_ERROR_STOP=1', '-qtAc', sql],
    { env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } });
  return stdout.trim().split('\n').filter((line) => line !== '').map((line) => line.split('|'));
};

// A child process whose output goes to a log file; exited resolves once it has exited.
export function startProcess(command, args, { env = {}, log }) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const out = createWriteStream(log, { flags: 'a' });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, alive: () => child.exitCode === null && child.signalCode === null };
}

export async function stopProcess(proc, signal = 'SIGTERM') {
  if (proc?.alive()) proc.child.kill(signal);
  if (proc) await proc.exited;
}

export const get = async (url) => {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return { status: res.status, text: await res.text() };
  } catch {
    return { status: 0, text: '' };
  }
};

// Waits until url/api/v1/health answers 200; throws with the log's tail if the process stops.
export async function waitHealthy(url, proc, log, name, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while ((await get(`${url}/api/v1/health`)).status !== 200) {
    if (!proc.alive()) throw new Error(`${name} stopped: ${logTail(log)}`);
    if (Date.now() > deadline) throw new Error(`${name} is not healthy after ${timeoutMs / 1000} s`);
    await sleep(20);
  }
}

export const logTail = (log, lines = 15) => readFileSync(log, 'utf8').split('\n').slice(-lines).join('\n');

// The last start-up check a server logged ("...: 0 violations").
export const lastStartupCheck = (log) => readFileSync(log, 'utf8').split('\n')
  .filter((line) => line.includes('start-up check as of')).pop() || '';

// The SMTP sink writing each mail it accepts to mailDir (emptied first); .port is where it listens.
export async function startSmtpSink(mailDir, log) {
  rmSync(mailDir, { recursive: true, force: true });
  mkdirSync(mailDir, { recursive: true });
  const proc = startProcess('/usr/bin/python3', [path.join(root, 'tests/server/smtp_sink.py'), mailDir], { log });
  proc.port = await new Promise((resolve, reject) => {
    let text = '';
    proc.child.stdout.on('data', (chunk) => {
      text += chunk;
      const match = text.match(/^(\d+)\n/);
      if (match) resolve(Number(match[1]));
    });
    proc.exited.then(() => reject(new Error('the SMTP sink stopped')));
  });
  return proc;
}

// The mails the sink has accepted so far, oldest first. Reads only the files not read before
// when given a cache (a Map kept by the caller): a long run has thousands.
export function sinkMails(mailDir, cache = null) {
  const names = readdirSync(mailDir).filter((name) => name.endsWith('.json')).sort();
  return names.map((name) => {
    if (cache?.has(name)) return cache.get(name);
    const mail = JSON.parse(readFileSync(path.join(mailDir, name), 'utf8'));
    cache?.set(name, mail);
    return mail;
  });
}

// One call; status 0 when the connection failed (a server killed under it).
export async function call(base, cookie, method, apiPath, body, headers = {}, timeoutMs = 30000) {
  const all = { 'X-Requested-With': 'portal', ...headers };
  if (cookie) all.Cookie = cookie;
  if (body !== undefined) all['Content-Type'] = 'application/json';
  try {
    const res = await fetch(`${base}${apiPath}`, {
      method, headers: all, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = { text }; }
    return { status: res.status, json, headers: res.headers };
  } catch (error) {
    return { status: 0, json: { error: String(error.cause?.code || error.message) }, headers: new Headers() };
  }
}

// The session cookie a sign-in (or an accepted invitation) set.
export const sessionOf = (answer) => answer.headers.get('set-cookie')?.match(/portal_session=[^;]*/)?.[0];

export async function signIn(base, email, password) {
  const answer = await call(base, null, 'POST', '/api/v1/auth/login', { email, password });
  assert.equal(answer.status, 200, `sign-in of ${email}: ${JSON.stringify(answer.json)}`);
  return sessionOf(answer);
}

export async function waitFor(what, predicate, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

// An ISO time to the second, as telemetry events carry it.
export const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
