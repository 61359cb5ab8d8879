// kill -9 at random moments (issue 19), a few cycles per backend so that ctest stays fast:
// PORTAL_KILL_CYCLES (default 5) on SQLite, and on a fresh database of PORTAL_TEST_POSTGRESQL's
// server (skipped without it). scripts/faults runs the same harness for 200 cycles, waits out
// every claim a killed server held, and restarts its own PostgreSQL under load; see harness.mjs.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { defaultServerBin, onPath } from '../support/portal_procs.mjs';
import { runKill9 } from './harness.mjs';

const serverBin = process.env.PORTAL_SERVER_BIN || defaultServerBin;
const cycles = Number(process.env.PORTAL_KILL_CYCLES || 5);
const logs = process.env.PORTAL_ARTIFACTS || mkdtempSync(path.join(tmpdir(), 'portal-kill9-'));
const adminUrl = process.env.PORTAL_TEST_POSTGRESQL;

const noServer = !existsSync(serverBin) ? `no server binary at ${serverBin}` : false;
const noPostgres = noServer || (!adminUrl ? 'PORTAL_TEST_POSTGRESQL is not set (scripts/test sets it)'
  : !onPath('psql') ? 'psql is not installed (scripts/setup)' : false);
if (noPostgres) console.log(`# kill -9 on PostgreSQL skipped: ${noPostgres}`);

async function kill9(backend) {
  const harness = await runKill9({ backend, cycles, serverBin, logs, adminUrl, drain: 'quick' });
  console.log(harness.summary().split('\n').map((line) => `# ${line}`).join('\n'));
  assert.equal(harness.figures.cycles, cycles);
  assert.ok(harness.figures.acknowledged.assign > 0 && harness.figures.acknowledged.telemetry > 0
    && harness.figures.acknowledged.comment > 0, 'the load reached the server');
  assert.ok(!harness.failed(), harness.summary());
}

describe('kill -9 at random moments under load', () => {
  test(`SQLite: ${cycles} kills, every acknowledged write there, no violation, no mail or incident twice`,
    { skip: noServer }, () => kill9('sqlite'));
  test(`PostgreSQL: ${cycles} kills, every acknowledged write there, no violation, no mail or incident twice`,
    { skip: noPostgres }, () => kill9('postgresql'));
});
