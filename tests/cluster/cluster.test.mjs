// Cluster tests (issue 18): three portal servers on one PostgreSQL database behind HAProxy, each a
// real process this test starts on a fresh database of PORTAL_TEST_POSTGRESQL's server, with a
// real SMTP sink (tests/server/smtp_sink.py). Plain fetch, no browser:
//   - 64 clients spread over the servers race for the licenses of one contract (R-ROOM-1);
//   - the server holding the background leases is killed (-9): its leases and the mail it was
//     delivering are taken over, every mail arrives exactly once;
//   - kill -9 of one server under a load of assignments, telemetry and ticket comments: HAProxy
//     routes around it, every acknowledged write is there, the restarted server's start-up check
//     (the whole state, CheckState) passes.
// Skipped without PORTAL_TEST_POSTGRESQL (scripts/test sets it) or HAProxy.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  call, defaultServerBin, freePort, get, iso, lastStartupCheck, logTail, onPath, psql as psqlOn, sessionOf,
  signIn, sinkMails, startProcess, startSmtpSink, waitFor, waitHealthy,
} from '../support/portal_procs.mjs';

const adminUrl = process.env.PORTAL_TEST_POSTGRESQL;
const serverBin = process.env.PORTAL_SERVER_BIN || defaultServerBin;

const skip = !adminUrl ? 'PORTAL_TEST_POSTGRESQL is not set (scripts/test sets it)'
  : !onPath('haproxy') ? 'haproxy is not installed (scripts/setup)'
  : !onPath('psql') ? 'psql is not installed (scripts/setup)'
  : !existsSync(serverBin) ? `no server binary at ${serverBin}`
  : false;
if (skip) console.log(`# cluster tests skipped: ${skip}`);

const SERVERS = 3;
const LEASE_TICK_MS = 500; // PORTAL_ALERTS_TICK_MS: leases of 5 s (LeaseHolder: tick / 100 s, 3..30)
const LEASE_SECONDS = 5;
const MAIL_CLAIM_SECONDS = 60; // mail.cpp's kClaimSeconds: a dead server's claimed mail waits that long
const operator = ['olivia.ops@portal.example', 'portal-operator'];
const adminPassword = 'cluster-admin-password';

// ---------------------------------------------------------------------------------------------
// Processes

const psql = (sql, database = 'postgres') => psqlOn(adminUrl, sql, database);

class Cluster {
  async start() {
    this.dir = mkdtempSync(path.join(tmpdir(), 'portal-cluster-'));
    this.logs = process.env.PORTAL_ARTIFACTS || this.dir;
    mkdirSync(this.logs, { recursive: true });
    this.database = `portal_cluster_${process.pid}_${Date.now()}`;
    await psql(`CREATE DATABASE ${this.database}`);
    this.databaseUrl = adminUrl.replace(/\/[^/?]*(\?|$)/, `/${this.database}$1`);
    this.secretKey = randomBytes(32).toString('hex');

    // The SMTP sink: every server delivers there.
    this.mailDir = path.join(this.logs, 'mail');
    for (const name of readdirSync(this.logs)) {
      if (name.endsWith('.log')) rmSync(path.join(this.logs, name));
    }
    this.sink = await startSmtpSink(this.mailDir, path.join(this.logs, 'smtp-sink.log'));
    this.smtpPort = this.sink.port;

    this.lbPort = await freePort();
    this.lbUrl = `http://127.0.0.1:${this.lbPort}`;
    this.ports = [];
    for (let k = 0; k < SERVERS; k++) this.ports.push(await freePort());
    this.servers = [];
    // The first alone migrates the empty database and loads the demo, then the others.
    await this.startServer(0, { demo: true });
    for (let k = 1; k < SERVERS; k++) await this.startServer(k);
    await this.startHaproxy();
  }

  url(k) { return `http://127.0.0.1:${this.ports[k]}`; }

  async startServer(k, { demo = false } = {}) {
    const server = startProcess(serverBin, [
      '--port', String(this.ports[k]), '--bind', '127.0.0.1', '--database-url', this.databaseUrl,
      '--public-url', this.lbUrl, '--demo', demo ? '1' : '0', '--log-level', 'info',
      '--smtp-url', `smtp://127.0.0.1:${this.smtpPort}`, '--alerts-tick-ms', String(LEASE_TICK_MS),
    ], { env: { PORTAL_SECRET_KEY: this.secretKey, PORTAL_TRUSTED_PROXIES: '127.0.0.1' }, log: path.join(this.logs, `server-${k + 1}.log`) });
    this.servers[k] = server;
    await waitHealthy(this.url(k), server, this.log(k), `server-${k + 1}`);
  }

  log(k) { return path.join(this.logs, `server-${k + 1}.log`); }

  // The last start-up check the server logged ("...: 0 violations").
  startupCheck(k) { return lastStartupCheck(this.log(k)); }

  logTail(k) { return logTail(this.log(k)); }

  // SIGKILL: no clean stop, no lease given back, transactions cut where they are.
  async kill(k) {
    const server = this.servers[k];
    server.child.kill('SIGKILL');
    await server.exited;
  }

  async startHaproxy() {
    const cfg = path.join(this.dir, 'haproxy.cfg');
    const lines = [
      'global', '    maxconn 4096', '',
      'defaults', '    mode http', '    timeout connect 2s', '    timeout client 65s',
      '    timeout server 65s', '    timeout http-request 10s', '    timeout http-keep-alive 10s',
      '    timeout queue 10s', '    retries 2', '    option redispatch', '    option forwardfor', '',
      'frontend portal', `    bind 127.0.0.1:${this.lbPort}`, '    stats enable',
      '    stats uri /haproxy-stats', '    default_backend servers', '',
      'backend servers', '    balance roundrobin', '    option httpchk GET /api/v1/health',
      '    http-check expect status 200', '    http-response set-header X-Portal-Server %s',
      // Checks every 200 ms: a dead server is out within half a second.
      ...this.ports.map((port, k) => `    server server-${k + 1} 127.0.0.1:${port} check inter 200ms fall 2 rise 2`),
    ];
    writeFileSync(cfg, `${lines.join('\n')}\n`);
    this.haproxy = startProcess('haproxy', ['-f', cfg, '-db'], { log: path.join(this.logs, 'haproxy.log') });
    await this.waitUp(SERVERS);
  }

  // The servers HAProxy sees UP, by name.
  async upServers() {
    const stats = await get(`${this.lbUrl}/haproxy-stats;csv`);
    return stats.text.split('\n').map((line) => line.split(','))
      .filter((f) => f[0] === 'servers' && f[1]?.startsWith('server-') && f[17] === 'UP').map((f) => f[1]);
  }

  async waitUp(count) {
    const deadline = Date.now() + 20000;
    for (;;) {
      if (!this.haproxy.alive()) throw new Error('HAProxy stopped');
      const up = await this.upServers();
      if (up.length === count) return;
      if (Date.now() > deadline) throw new Error(`HAProxy sees ${up.length} of ${count} servers up`);
      await sleep(50);
    }
  }

  async stop() {
    if (this.haproxy?.alive()) {
      this.haproxy.child.kill('SIGTERM');
      await this.haproxy.exited;
    }
    for (const server of this.servers || []) {
      if (server.alive()) server.child.kill('SIGTERM');
    }
    for (const server of this.servers || []) await server.exited;
    if (this.sink?.alive()) {
      this.sink.child.kill('SIGTERM');
      await this.sink.exited;
    }
    if (this.database) await psql(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`).catch(() => {});
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  // The mails the sink has accepted so far.
  mails() { return sinkMails(this.mailDir); }
}

// ---------------------------------------------------------------------------------------------

describe('cluster: three servers on PostgreSQL behind HAProxy', { skip }, () => {
  const cluster = new Cluster();
  const stamp = `${process.pid}-${Date.now()}`;
  const adminEmail = `cluster.admin.${stamp}@cluster.example`;
  let admin; // the new customer's admin session cookie
  let account; // its account id
  let raceContract; // 20 licenses, raced for by 64 rooms
  let loadContract; // 5,000 licenses for the assignments of the kill test
  let raceRooms = [];
  let loadRooms = [];

  before(async () => {
    await cluster.start();
    // The operator registers an order of a new customer (one PO, two Select contracts); the
    // customer's IT admin accepts the invitation the sink received.
    const ops = await signIn(cluster.lbUrl, ...operator);
    const address = { line1: '1 Cluster Road', city: 'Austin', postalCode: '73301', country: 'US' };
    const order = await call(cluster.lbUrl, ops, 'POST', '/api/v1/orders', {
      poNumber: `CLUSTER-${stamp}`, purchaseDate: new Date().toISOString().slice(0, 10),
      lines: [{ sku: 'SELECT-1Y', quantity: 20 }, { sku: 'SELECT-1Y', quantity: 5000 }],
      endCustomer: { name: 'Cluster Admin', email: adminEmail, company: `Cluster ${stamp}`, address },
      reseller: { name: 'Cluster Reseller', email: 'reseller@cluster.example', address },
      distributor: { name: 'Cluster Distributor', email: 'distributor@cluster.example', address },
    });
    assert.equal(order.status, 201, JSON.stringify(order.json));
    account = order.json.order.accountId;
    [raceContract, loadContract] = order.json.order.contracts.map((c) => c.id);
    assert.ok(raceContract && loadContract, JSON.stringify(order.json.order.contracts));

    const invitation = await waitFor('the invitation mail', () => cluster.mails()
      .find((m) => m.rcpt_tos.includes(adminEmail) && /#\/invite\//.test(m.body)), 20000);
    const token = invitation.body.split('/#/invite/')[1].split(/\s/)[0];
    const accepted = await call(cluster.lbUrl, null, 'POST', '/api/v1/invitations/accept',
      { token, name: 'Cluster Admin', password: adminPassword });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
    admin = sessionOf(accepted);
    assert.ok(admin, 'a session after accepting');

    const rooms = (first, count) => Array.from({ length: count }, (_, i) => ({
      name: `Room ${String(first + i).padStart(5, '0')}`, site: 'Cluster', country: 'US', capacity: 8,
    }));
    const imported = await call(cluster.lbUrl, admin, 'POST', `/api/v1/accounts/${account}/rooms/import`,
      [...rooms(0, 64), ...rooms(64, 4000)]);
    assert.equal(imported.status, 201, JSON.stringify(imported.json).slice(0, 400));
    const ids = imported.json.created.map((r) => r.id);
    raceRooms = ids.slice(0, 64);
    loadRooms = ids.slice(64);
  });

  after(() => cluster.stop());

  test('64 clients over three servers never hold a license twice nor over-assign (R-ROOM-1)', async () => {
    // A quarter through HAProxy, the rest straight to each server: every server's transactions
    // race every other's. Each client asks for its own room; 20 licenses for 64 rooms.
    const bases = [cluster.lbUrl, cluster.url(0), cluster.url(1), cluster.url(2)];
    const answers = await Promise.all(raceRooms.map((room, i) => call(bases[i % bases.length], admin,
      'POST', `/api/v1/rooms/${room}/licenses`, { contractId: raceContract })));
    const assigned = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    assert.equal(assigned.length, 20, `201s: ${assigned.length}; answers: ${JSON.stringify(answers.map((a) => a.status))}`);
    for (const answer of refused) {
      assert.equal(answer.status, 409, JSON.stringify(answer.json));
      assert.equal(answer.json.error.code, 'rule_violation', JSON.stringify(answer.json));
      assert.equal(answer.json.error.details.rule, 'R-ROOM-1');
      assert.match(answer.json.error.message, /All 20 licenses of PO .* are assigned/);
    }
    const slots = assigned.map((a) => a.json.assignment.slot);
    assert.equal(new Set(slots).size, 20, `slots answered: ${slots}`);

    // What every server holds afterwards: the 20 rooms answered, each license once.
    for (let k = 0; k < SERVERS; k++) {
      const list = await call(cluster.url(k), admin, 'GET', `/api/v1/accounts/${account}/rooms`);
      assert.equal(list.status, 200);
      const licensed = list.json.rooms.filter((r) => Object.values(r.licenses || {})
        .some((l) => l.contractId === raceContract)).map((r) => r.id).sort();
      assert.deepEqual(licensed, assigned.map((a) => a.json.assignment.roomId).sort());
      const contracts = await call(cluster.url(k), admin, 'GET', `/api/v1/accounts/${account}/contracts`);
      const contract = contracts.json.contracts.find((c) => c.id === raceContract);
      assert.equal(contract.assigned, 20, JSON.stringify(contract));
      assert.equal(contract.free, 0, JSON.stringify(contract));
    }
    const [[held, distinctSlots, distinctRooms]] = await psql(
      `SELECT count(*), count(DISTINCT slot), count(DISTINCT room_id) FROM assignments
        WHERE contract_id = ${raceContract} AND released_on IS NULL`, cluster.database);
    assert.deepEqual([held, distinctSlots, distinctRooms], ['20', '20', '20']);
  });

  test('the leases and mail of a server killed with -9 are taken over; each mail arrives, once but for the one in flight', async () => {
    // Server 1 started alone and has renewed its leases since: its workers (each its own holder)
    // hold every short one.
    const now = () => Math.floor(Date.now() / 1000);
    const leases = async () => (await psql('SELECT name, holder, expires_at FROM leases', cluster.database))
      .map(([name, holder, expires]) => ({ name, holder, expires: Number(expires) }));
    const before = (await leases()).filter((l) => l.expires > now() && l.expires - now() <= LEASE_SECONDS + 1);
    assert.ok(before.length > 0, `no running short lease: ${JSON.stringify(await leases())}`);

    try {
      await leaseAndMail(before, now, leases);
    } finally {
      // Back to three servers for the next test, whatever failed here.
      if (!cluster.servers[0].alive()) await cluster.startServer(0);
      await cluster.waitUp(SERVERS);
    }
  });

  async function leaseAndMail(before, now, leases) {
    // Mail on its way when the server dies: invitations queued through every server, the kill
    // as soon as the first reaches the sink; more queued after the kill, through HAProxy.
    const invite = (base, i) => call(base, admin, 'POST', `/api/v1/accounts/${account}/invitations`,
      { email: `lease-${i}.${stamp}@cluster.example`, role: 'readonly' });
    const recipients = [];
    const queued = await Promise.all(Array.from({ length: 24 }, (_, i) => invite(cluster.url(i % SERVERS), i)));
    queued.forEach((a, i) => { assert.equal(a.status, 201, JSON.stringify(a.json)); recipients.push(i); });
    await waitFor('a first invitation in the sink', () => cluster.mails()
      .some((m) => m.rcpt_tos.some((to) => to.startsWith('lease-'))), 20000);
    const killedAt = Date.now();
    await cluster.kill(0);
    const later = await Promise.all(Array.from({ length: 12 }, (_, i) => invite(cluster.lbUrl, 24 + i)));
    later.forEach((a, i) => { assert.equal(a.status, 201, JSON.stringify(a.json)); recipients.push(24 + i); });

    // The leases: each is held again, by a live server, within its time.
    await waitFor('the leases taken over', async () => {
      const current = await leases();
      return before.every((b) => current.some((c) => c.name === b.name && c.holder !== b.holder && c.expires > now()));
    }, (LEASE_SECONDS + 3) * 1000);
    const takenOver = Date.now() - killedAt;

    // Every mail: sent (the outbox says so), and in the sink once. A mail the dead server had
    // claimed waits for its claim to run out.
    const like = `'lease-%.${stamp}@cluster.example'`;
    await waitFor('every invitation sent', async () => {
      const [[unsent]] = await psql(`SELECT count(*) FROM outbox WHERE sent_at IS NULL AND recipient LIKE ${like}`,
        cluster.database);
      return unsent === '0';
    }, (MAIL_CLAIM_SECONDS + 15) * 1000);
    const delivered = Date.now() - killedAt;
    const counts = new Map();
    for (const mail of cluster.mails()) {
      for (const to of mail.rcpt_tos) {
        if (to.startsWith('lease-') && to.endsWith(`.${stamp}@cluster.example`)) counts.set(to, (counts.get(to) || 0) + 1);
      }
    }
    // SMTP has no exactly-once: a server killed after the SMTP server said 250 and before it
    // recorded the send leaves that one mail to be sent again when its claim runs out (with the
    // same Message-ID, so that mail clients show it once). That is the only duplicate allowed:
    // at most one mail, twice, with one Message-ID. Anything more (two servers sending the same
    // queue, a mail sent after being recorded) fails.
    const twice = [...counts].filter(([, n]) => n !== 1);
    assert.equal(counts.size, recipients.length, `${counts.size} of ${recipients.length} recipients got their mail`);
    const inFlight = twice.length === 1 && twice[0][1] === 2 && new Set(cluster.mails()
      .filter((m) => m.rcpt_tos.includes(twice[0][0])).map((m) => m.headers['message-id'])).size === 1;
    if (inFlight) console.log(`# the mail in flight at the kill went twice, one Message-ID: ${twice[0][0]}`);
    if (twice.length > 0 && !inFlight) {
      const ids = cluster.mails().filter((m) => twice.some(([to]) => m.rcpt_tos.includes(to)))
        .map((m) => `${m.rcpt_tos[0]} ${m.headers['message-id']}`);
      const rows = await psql(`SELECT id, recipient, attempts, sent_at FROM outbox
        WHERE recipient IN (${twice.map(([to]) => `'${to}'`).join(', ')})`, cluster.database);
      assert.fail(`each invitation arrives exactly once: ${JSON.stringify(twice)}; sink: ${ids.join('; ')}; `
        + `outbox (id, recipient, attempts, sent_at): ${JSON.stringify(rows)}`);
    }
    console.log(`# leases taken over ${takenOver} ms after the kill; ${recipients.length} mails delivered once within ${delivered} ms`);
  }

  test('kill -9 under load: HAProxy routes around it, every acknowledged write is there', async () => {
    const token = await call(cluster.lbUrl, admin, 'POST', `/api/v1/accounts/${account}/agent-tokens`, { name: 'Cluster agent' });
    assert.equal(token.status, 201, JSON.stringify(token.json));
    const agent = `Bearer ${token.json.token}`;
    const ticket = await call(cluster.lbUrl, admin, 'POST', `/api/v1/accounts/${account}/tickets`,
      { subject: 'Cluster test ticket', description: 'Comments under kill -9', severity: 'low' });
    assert.equal(ticket.status, 201, JSON.stringify(ticket.json));
    const ticketId = ticket.json.ticket?.id ?? ticket.json.id;
    assert.ok(ticketId, JSON.stringify(ticket.json));

    const freeRooms = [...loadRooms];
    let batchNo = 0;
    let commentNo = 0;
    for (let cycle = 1; cycle <= 3; cycle++) {
      const acked = { assignments: [], batches: [], comments: [] };
      const requests = []; // {started, ended, status, what}
      let stop = false;
      const timed = async (what, send) => {
        const started = Date.now();
        const answer = await send();
        requests.push({ what, started, ended: Date.now(), status: answer.status, json: answer.json });
        return answer;
      };
      const assigner = async () => {
        while (!stop && freeRooms.length > 0) {
          const room = freeRooms.shift();
          const a = await timed('assign', () => call(cluster.lbUrl, admin, 'POST', `/api/v1/rooms/${room}/licenses`,
            { contractId: loadContract }));
          if (a.status === 201) acked.assignments.push({ room, slot: a.json.assignment.slot });
        }
      };
      const agentLoop = async () => {
        while (!stop) {
          const batch = { batchId: `cluster-${stamp}-${++batchNo}`,
            events: Array.from({ length: 10 }, (_, i) => ({ type: 'occupancy', roomId: raceRooms[(batchNo + i) % 64],
              at: iso(Date.now() - (batchNo % 600) * 1000 - i * 1000), people: i % 5 })) };
          const a = await timed('telemetry', () => call(cluster.lbUrl, null, 'POST', '/api/v1/telemetry', batch,
            { Authorization: agent }));
          if (a.status === 200) acked.batches.push(batch);
        }
      };
      const commenter = async () => {
        while (!stop) {
          const body = `Comment ${++commentNo} of cycle ${cycle}`;
          const a = await timed('comment', () => call(cluster.lbUrl, admin, 'POST', `/api/v1/tickets/${ticketId}/comments`, { body }));
          if (a.status === 201) acked.comments.push(a.json.comment?.id ?? a.json.id);
        }
      };
      const load = [...Array.from({ length: 6 }, assigner), ...Array.from({ length: 3 }, agentLoop),
        ...Array.from({ length: 2 }, commenter)];

      await sleep(500 + Math.random() * 2500);
      const victim = Math.floor(Math.random() * SERVERS);
      const killedAt = Date.now();
      await cluster.kill(victim);
      await sleep(4000);
      stop = true;
      await Promise.all(load);

      // In flight at the kill may fail; anything sent a moment after it must not.
      const GRACE_MS = 1000;
      const failed = requests.filter((r) => !(r.status === 200 || r.status === 201));
      const late = failed.filter((r) => r.started > killedAt + GRACE_MS);
      const afterKill = requests.filter((r) => r.started > killedAt + GRACE_MS).length;
      console.log(`# cycle ${cycle}: killed server-${victim + 1}; ${requests.length} requests, acknowledged `
        + `${acked.assignments.length} assignments, ${acked.batches.length} batches, ${acked.comments.length} comments; `
        + `${failed.length} failed (${late.length} of ${afterKill} sent after the kill + ${GRACE_MS} ms)`);
      assert.deepEqual(late.map((r) => `${r.what} ${r.status} ${JSON.stringify(r.json)}`), [],
        'HAProxy routes around the dead server');
      for (const r of failed) {
        // In flight: cut (0) or HAProxy's 502/503/504; never a refusal.
        assert.ok([0, 502, 503, 504].includes(r.status), `${r.what}: ${r.status} ${JSON.stringify(r.json)}`);
      }
      assert.ok(acked.assignments.length > 0 && acked.batches.length > 0 && acked.comments.length > 0,
        'load reached the cluster');

      // The killed server comes back on the same database: its start-up check reads the whole
      // state and refuses a broken one.
      await cluster.startServer(victim);
      assert.match(cluster.startupCheck(victim), /: 0 violations$/);
      await cluster.waitUp(SERVERS);

      // Every acknowledged assignment, through the restarted server: the room holds that license.
      const list = await call(cluster.url(victim), admin, 'GET', `/api/v1/accounts/${account}/rooms`);
      assert.equal(list.status, 200);
      const byRoom = new Map(list.json.rooms.map((r) => [r.id, r]));
      for (const { room } of acked.assignments) {
        const held = Object.values(byRoom.get(room)?.licenses || {});
        assert.ok(held.some((l) => l.contractId === loadContract), `room ${room} lost its license`);
      }
      const rows = await psql(`SELECT room_id, slot FROM assignments WHERE contract_id = ${loadContract}
        AND released_on IS NULL`, cluster.database);
      const slotOf = new Map(rows.map(([room, slot]) => [Number(room), Number(slot)]));
      for (const { room, slot } of acked.assignments) assert.equal(slotOf.get(room), slot, `room ${room}`);
      assert.equal(new Set(rows.map(([, slot]) => slot)).size, rows.length, 'a license held twice (R-ROOM-1)');

      // Every acknowledged batch is stored: sent again, it is recognised as a replay.
      const replays = [];
      for (let i = 0; i < acked.batches.length; i += 16) {
        replays.push(...await Promise.all(acked.batches.slice(i, i + 16).map((batch) =>
          call(cluster.lbUrl, null, 'POST', '/api/v1/telemetry', batch, { Authorization: agent }))));
      }
      const notStored = replays.filter((a) => a.status !== 200 || a.json.duplicate !== true);
      assert.deepEqual(notStored.map((a) => JSON.stringify(a.json)), [], 'acknowledged batches not stored');

      // Every acknowledged comment is on the ticket.
      const view = await call(cluster.url(victim), admin, 'GET', `/api/v1/tickets/${ticketId}`);
      assert.equal(view.status, 200);
      const have = new Set(view.json.comments.map((c) => c.id));
      const lost = acked.comments.filter((id) => !have.has(id));
      assert.deepEqual(lost, [], 'acknowledged comments lost');
    }
  });
});
