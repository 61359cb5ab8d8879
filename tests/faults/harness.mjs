// kill -9 at random moments (issue 19): one portal server on SQLite or PostgreSQL under a load of
// license assignments and unassignments, telemetry batches, ticket comments, invitations (mail
// over SMTP to tests/server/smtp_sink.py) and device-offline alerts (ServiceNow incidents on
// tests/support/servicenow_fake.mjs, alert mail); killed with SIGKILL at a uniformly random
// moment, restarted, and checked, cycle after cycle:
//   - every request answered 2xx before the kill is there after the restart (read back);
//   - the restarted server's start-up check (the whole state) reports 0 violations;
//   - at the end the outbox and the alert deliveries drain, each mail arrives once (a mail sent
//     again with its own Message-ID, the SMTP window of mail.cpp, is counted apart), each alert
//     has one incident.
// On PostgreSQL, given an instance the harness owns (pgDir), some cycles also restart PostgreSQL
// itself (pg_ctl restart -m immediate) under the load before the kill.
// Used by kill9.test.mjs (a few cycles in ctest) and scripts/faults (200 cycles).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  call, databaseUrl, freePort, iso, lastStartupCheck, logTail, psql, root, run, sessionOf, signIn,
  sinkMails, startProcess, startSmtpSink, stopProcess, waitFor, waitHealthy,
} from '../support/portal_procs.mjs';
import { ServiceNowFake } from '../support/servicenow_fake.mjs';

const operator = ['olivia.ops@portal.example', 'portal-operator'];
const MAIL_CLAIM_SECONDS = 60; // mail.cpp's kClaimSeconds
const DELIVERY_CLAIM_SECONDS = 240; // alert_worker.h's kDeliveryClaimSeconds
const POOL_ROOMS = 160; // assigned and unassigned over and over
const LICENSES = 400;
const KILL_MIN_MS = 50;
const KILL_MAX_MS = 800;

const percentile = (values, p) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

// Restarts the PostgreSQL instance of dir the way a crash would (immediate: no checkpoint, every
// session cut), through scripts/lib/postgres.sh.
async function restartPostgres(pgDir) {
  const script = `source "${root}/scripts/lib/common.sh"; source "${root}/scripts/lib/postgres.sh"; `
    + 'restart_throwaway_postgres "$1"';
  await run('bash', ['-c', script, 'restart', pgDir]);
}

export class Kill9Harness {
  // backend: 'sqlite' | 'postgresql'; adminUrl: a PostgreSQL admin URL (postgresql only);
  // pgDir: that instance's folder when the harness may restart it; pgRestartEvery: every how
  // many cycles (0: never); drain: 'full' waits for every claim a killed server held to run out
  // (up to 4 min), 'quick' accepts what such a claim still holds.
  constructor({ backend, serverBin, logs, adminUrl, pgDir, pgRestartEvery = 0, drain = 'full', say = console.log }) {
    Object.assign(this, { backend, serverBin, logs, adminUrl, pgDir, pgRestartEvery, drain, say });
    this.stamp = `${process.pid}-${Date.now()}`;
    this.figures = {
      backend, cycles: 0, kills: 0, pgRestarts: 0,
      acknowledged: { assign: 0, unassign: 0, telemetry: 0, comment: 0, ticket: 0, invitation: 0, device: 0, offline: 0 },
      verified: 0, lost: [], violations: [], startupChecks: 0,
      clientFailures: {}, unexpected: [],
      recoveryMs: [], pgRestartMs: [], pgRecoveryMs: [],
      mails: 0, mailIds: 0, mailDuplicatesSameId: [], mailDuplicatesOtherId: [], invitationsMissing: [],
      incidents: 0, alerts: 0, incidentDuplicates: [], alertsWithoutIncident: [],
      outboxPending: null, deliveriesPending: null, drained: false, drainMs: 0, heldByClaims: 0,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Processes

  async start() {
    mkdirSync(this.logs, { recursive: true });
    for (const name of readdirSync(this.logs)) {
      if (name.startsWith(`${this.backend}-`)) rmSync(path.join(this.logs, name), { recursive: true, force: true });
    }
    this.log = path.join(this.logs, `${this.backend}-server.log`);
    this.mailDir = path.join(this.logs, `${this.backend}-mail`);
    this.sink = await startSmtpSink(this.mailDir, path.join(this.logs, `${this.backend}-smtp-sink.log`));
    this.mailCache = new Map();
    this.servicenow = await new ServiceNowFake().start();
    this.secretKey = randomBytes(32).toString('hex');
    this.port = await freePort();
    this.url = `http://127.0.0.1:${this.port}`;
    if (this.backend === 'postgresql') {
      this.database = `portal_kill9_${process.pid}_${Date.now()}`;
      await psql(this.adminUrl, `CREATE DATABASE ${this.database}`);
      this.databaseArgs = ['--database-url', databaseUrl(this.adminUrl, this.database)];
    } else {
      this.dbFile = path.join(this.logs, `${this.backend}-portal.db`);
      this.databaseArgs = ['--db', this.dbFile, '--secret-key-file', `${this.dbFile}.key`];
    }
    await this.startServer({ demo: true });
  }

  async startServer({ demo = false } = {}) {
    this.server = startProcess(this.serverBin, [
      '--port', String(this.port), '--bind', '127.0.0.1', ...this.databaseArgs, '--public-url', this.url,
      '--demo', demo ? '1' : '0', '--log-level', 'info', '--smtp-url', `smtp://127.0.0.1:${this.sink.port}`,
      '--outbound-allow-private', '1', '--alerts-tick-ms', '200', '--max-users-per-account', '100000',
      '--assets', path.join(root, 'assets'),
    ], { env: { PORTAL_SECRET_KEY: this.secretKey }, log: this.log });
    await waitHealthy(this.url, this.server, this.log, `the ${this.backend} server`);
  }

  async stop() {
    await stopProcess(this.server);
    await stopProcess(this.sink);
    await this.servicenow?.stop();
    // A database that lost writes is kept, to be looked into.
    if (this.database && !this.failed()) {
      await psql(this.adminUrl, `DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`).catch(() => {});
    } else if (this.database) {
      this.say(`# kept database ${this.database} for inspection`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The world the load works in: a new customer (an order of LICENSES licenses), its rooms, an
  // agent token, a ServiceNow channel, an email channel and a rule that alerts at once when a
  // device goes offline.

  async setUp() {
    const api = (cookie, method, p, body, headers) => call(this.url, cookie, method, p, body, headers);
    const must = (answer, status, what) => {
      if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.json).slice(0, 400)}`);
      return answer.json;
    };
    this.operator = await signIn(this.url, ...operator);
    const adminEmail = `kill.admin.${this.stamp}@kill.example`;
    const address = { line1: '1 Kill Road', city: 'Austin', postalCode: '73301', country: 'US' };
    const order = must(await api(this.operator, 'POST', '/api/v1/orders', {
      poNumber: `KILL-${this.stamp}`, purchaseDate: new Date().toISOString().slice(0, 10),
      lines: [{ sku: 'SELECT-1Y', quantity: LICENSES }],
      endCustomer: { name: 'Kill Admin', email: adminEmail, company: `Kill ${this.stamp}`, address },
      reseller: { name: 'Kill Reseller', email: 'reseller@kill.example', address },
      distributor: { name: 'Kill Distributor', email: 'distributor@kill.example', address },
    }), 201, 'the order');
    this.account = order.order.accountId;
    this.contract = order.order.contracts[0].id;
    const invitation = await waitFor('the invitation mail', () => this.mails()
      .find((m) => m.rcpt_tos.includes(adminEmail) && /#\/invite\//.test(m.body)), 20000);
    const token = invitation.body.split('/#/invite/')[1].split(/\s/)[0];
    const accepted = await api(null, 'POST', '/api/v1/invitations/accept',
      { token, name: 'Kill Admin', password: 'kill-admin-password' });
    must(accepted, 200, 'accepting the invitation');
    this.admin = sessionOf(accepted);

    const rooms = Array.from({ length: POOL_ROOMS + 40 }, (_, i) => ({
      name: `Room ${String(i).padStart(4, '0')}`, site: 'Kill', country: 'US', capacity: 8,
    }));
    const imported = must(await api(this.admin, 'POST', `/api/v1/accounts/${this.account}/rooms/import`, rooms),
      201, 'the rooms');
    const ids = imported.created.map((r) => r.id);
    this.poolRooms = ids.slice(0, POOL_ROOMS);
    this.alertRooms = ids.slice(POOL_ROOMS);
    // Alerts need a licensed room (R-GATE-2).
    for (const room of this.alertRooms) {
      must(await api(this.admin, 'POST', `/api/v1/rooms/${room}/licenses`, { contractId: this.contract }),
        201, 'an alert room license');
    }
    // The program is the key of a room's license (DELETE /rooms/{id}/licenses/{program}).
    const licensed = must(await api(this.admin, 'GET', `/api/v1/accounts/${this.account}/rooms`), 200, 'the rooms');
    const room = licensed.rooms.find((r) => r.id === this.alertRooms[0]);
    this.program = Object.entries(room.licenses).find(([, l]) => l.contractId === this.contract)[0];
    this.roomState = new Map(this.poolRooms.map((room) => [room, 'free']));

    this.agent = `Bearer ${must(await api(this.admin, 'POST', `/api/v1/accounts/${this.account}/agent-tokens`,
      { name: 'Kill agent' }), 201, 'the agent token').token}`;
    const sn = must(await api(this.admin, 'POST', `/api/v1/accounts/${this.account}/alert-channels`, {
      type: 'servicenow', name: 'ServiceNow', instanceUrl: this.servicenow.url,
      auth: { type: 'basic', username: this.servicenow.user, password: this.servicenow.password },
    }), 201, 'the ServiceNow channel');
    const email = must(await api(this.admin, 'POST', `/api/v1/accounts/${this.account}/alert-channels`, {
      type: 'email', name: 'On call', recipients: [`oncall.${this.stamp}@kill.example`],
    }), 201, 'the email channel');
    // The account's default rule (offline for 5 minutes) would fire again for every device
    // during the wait for the end, and the deliveries would never drain.
    const rules = must(await api(this.admin, 'GET', `/api/v1/accounts/${this.account}/alert-rules`), 200, 'the rules');
    for (const rule of rules.alertRules) {
      must(await api(this.admin, 'PATCH', `/api/v1/alert-rules/${rule.id}`, { enabled: false }), 200, 'the default rule');
    }
    must(await api(this.admin, 'POST', `/api/v1/accounts/${this.account}/alert-rules`, {
      name: 'Offline now', condition: 'device_offline', forSeconds: 0, severity: 'major', channels: [sn.id, email.id],
    }), 201, 'the alert rule');

    this.acked = { invitations: [], devices: [], offline: [] };
    this.batchNo = 0;
    this.serialNo = 0;
  }

  mails() { return sinkMails(this.mailDir, this.mailCache); }

  // ---------------------------------------------------------------------------------------------
  // Load: loops at full speed until stop; each records what was acknowledged.

  startLoad(cycle) {
    const load = {
      stop: false, requests: [], comments: [], batches: [], invitations: [], devices: [], offline: [],
      ticket: null, firstOkAfter: null,
    };
    const timed = async (what, send) => {
      const started = Date.now();
      const answer = await send();
      load.requests.push({ what, started, status: answer.status, json: answer.json });
      if (answer.status >= 200 && answer.status < 300 && load.watchFrom && started >= load.watchFrom
        && load.firstOkAfter === null) {
        load.firstOkAfter = Date.now();
      }
      return answer;
    };
    const api = (what, cookie, method, p, body, headers) => timed(what, () => call(this.url, cookie, method, p, body, headers));
    const ok = (a) => a.status >= 200 && a.status < 300;

    // Each assigner owns its slice of the pool rooms: the rooms' state follows its answers. A
    // room whose last answer is unknown (cut, or a 5xx) is left until the check reads it.
    const assigner = async (k, of) => {
      const mine = this.poolRooms.filter((_, i) => i % of === k);
      for (let i = 0; !load.stop; i++) {
        const room = mine[i % mine.length];
        const state = this.roomState.get(room);
        if (state === 'unknown') {
          if (mine.every((r) => this.roomState.get(r) === 'unknown')) return;
          continue;
        }
        // Only a cut connection (0) or a 5xx leaves the outcome unknown; any other refusal is
        // reported (unexpected) and the room is left alone.
        const a = state === 'free'
          ? await api('assign', this.admin, 'POST', `/api/v1/rooms/${room}/licenses`, { contractId: this.contract })
          : await api('unassign', this.admin, 'DELETE', `/api/v1/rooms/${room}/licenses/${this.program}`);
        if (ok(a)) {
          this.roomState.set(room, state === 'free' ? 'held' : 'free');
          this.figures.acknowledged[state === 'free' ? 'assign' : 'unassign']++;
        } else {
          this.roomState.set(room, 'unknown');
        }
      }
    };
    const agentLoop = async () => {
      while (!load.stop) {
        const n = ++this.batchNo;
        const batch = { batchId: `kill-${this.stamp}-${n}`, events: Array.from({ length: 10 }, (_, i) => ({
          type: 'occupancy', roomId: this.poolRooms[(n + i) % POOL_ROOMS],
          at: iso(Date.now() - (n % 3000) * 1000 - i * 1000), people: i % 5 })) };
        const a = await api('telemetry', null, 'POST', '/api/v1/telemetry', batch, { Authorization: this.agent });
        if (a.status === 200) load.batches.push(batch);
      }
    };
    const commenter = async () => {
      while (!load.stop && !load.ticket) await sleep(5);
      for (let n = 0; !load.stop; n++) {
        const a = await api('comment', this.admin, 'POST', `/api/v1/tickets/${load.ticket}/comments`,
          { body: `Comment ${n} of cycle ${cycle}` });
        if (a.status === 201) load.comments.push(a.json.comment?.id ?? a.json.id);
      }
    };
    const ticketer = async () => {
      // A new ticket each cycle: one ticket's page stays small however many cycles run.
      while (!load.stop && !load.ticket) {
        const a = await api('ticket', this.admin, 'POST', `/api/v1/accounts/${this.account}/tickets`,
          { subject: `Kill cycle ${cycle}`, description: 'Comments under kill -9', severity: 'low' });
        if (a.status === 201) {
          load.ticket = a.json.ticket?.id ?? a.json.id;
          this.figures.acknowledged.ticket++;
        }
      }
    };
    const inviter = async () => {
      for (let n = 0; !load.stop; n++) {
        const email = `invitee.${cycle}.${n}.${this.stamp}@kill.example`;
        const a = await api('invitation', this.admin, 'POST', `/api/v1/accounts/${this.account}/invitations`,
          { email, role: 'readonly' });
        if (a.status === 201) load.invitations.push(email);
        await sleep(20); // mail at a pace an SMTP server takes, not the telemetry's
      }
    };
    // A new device in an alert room, then that device offline: an alert at once, delivered to
    // ServiceNow and by mail.
    const alerter = async () => {
      while (!load.stop) {
        const serial = `K9-${this.stamp.replace(/[^0-9]/g, '').slice(-10)}-${++this.serialNo}`;
        const room = this.alertRooms[this.serialNo % this.alertRooms.length];
        const d = await api('device', this.admin, 'POST', `/api/v1/accounts/${this.account}/devices`,
          { serial, product: 'rally-bar', roomId: room });
        if (d.status !== 201) continue;
        load.devices.push(serial);
        const batch = { batchId: `kill-offline-${this.stamp}-${serial}`,
          events: [{ type: 'device', serial: serial.toUpperCase(), at: iso(Date.now()), status: 'offline' }] };
        const a = await api('offline', null, 'POST', '/api/v1/telemetry', batch, { Authorization: this.agent });
        if (a.status === 200) load.offline.push(serial);
        await sleep(50);
      }
    };
    load.done = Promise.all([ticketer(), ...Array.from({ length: 3 }, (_, k) => assigner(k, 3)),
      agentLoop(), agentLoop(), commenter(), commenter(), inviter(), alerter()]);
    return load;
  }

  // ---------------------------------------------------------------------------------------------
  // One cycle: load, a kill at a random moment (and on some cycles a PostgreSQL restart first),
  // restart, checks.

  async cycle(n) {
    const load = this.startLoad(n);
    const restartPg = this.backend === 'postgresql' && this.pgDir && this.pgRestartEvery > 0
      && n % this.pgRestartEvery === 0;
    await sleep(KILL_MIN_MS + Math.random() * (KILL_MAX_MS - KILL_MIN_MS));
    if (restartPg) {
      // PostgreSQL dies under the load and comes back; the server must find it again.
      const restartAt = Date.now();
      load.watchFrom = Date.now() + 1e12;
      await restartPostgres(this.pgDir);
      load.watchFrom = Date.now();
      this.figures.pgRestartMs.push(load.watchFrom - restartAt);
      await waitFor('a write acknowledged after the PostgreSQL restart', () => load.firstOkAfter !== null, 30000, 10);
      this.figures.pgRecoveryMs.push(load.firstOkAfter - load.watchFrom);
      this.figures.pgRestarts++;
      await sleep(KILL_MIN_MS + Math.random() * (KILL_MAX_MS - KILL_MIN_MS));
    }
    const killedAt = Date.now();
    this.server.child.kill('SIGKILL');
    await this.server.exited;
    load.stop = true;
    await load.done;
    this.figures.kills++;

    for (const r of load.requests) {
      if (r.status >= 200 && r.status < 300) continue;
      const key = `${r.what} ${r.status}`;
      this.figures.clientFailures[key] = (this.figures.clientFailures[key] || 0) + 1;
      // Cut by the kill (0), or PostgreSQL gone (5xx); a refusal (4xx) means the harness or the
      // server is wrong.
      if (!(r.status === 0 || r.status >= 500) && !(r.what === 'device' && r.status === 409)) {
        this.figures.unexpected.push(`cycle ${n}: ${r.what} ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
      }
    }

    await this.startServer();
    this.figures.recoveryMs.push(Date.now() - killedAt);
    const check = lastStartupCheck(this.log);
    this.figures.startupChecks++;
    if (!/: 0 violations$/.test(check)) this.figures.violations.push(`cycle ${n}: ${check || 'no start-up check logged'}`);

    await this.verify(n, load);
    this.figures.cycles++;
  }

  lost(what) { this.figures.lost.push(what); }

  async verify(n, load) {
    const api = (method, p, body, headers) => call(this.url, this.admin, method, p, body, headers);
    const fig = this.figures;
    fig.acknowledged.telemetry += load.batches.length;
    fig.acknowledged.comment += load.comments.length;
    fig.acknowledged.invitation += load.invitations.length;
    fig.acknowledged.device += load.devices.length;
    fig.acknowledged.offline += load.offline.length;
    this.acked.invitations.push(...load.invitations);
    this.acked.offline.push(...load.offline);

    // Assignments: each room as its last acknowledged answer left it.
    const list = await api('GET', `/api/v1/accounts/${this.account}/rooms`);
    if (list.status !== 200) throw new Error(`cycle ${n}: rooms: ${list.status}`);
    const byRoom = new Map(list.json.rooms.map((r) => [r.id, r]));
    for (const room of this.poolRooms) {
      const held = Object.values(byRoom.get(room)?.licenses || {}).some((l) => l.contractId === this.contract);
      const expected = this.roomState.get(room);
      if (expected === 'unknown') {
        this.roomState.set(room, held ? 'held' : 'free');
      } else {
        fig.verified++;
        if ((expected === 'held') !== held) this.lost(`cycle ${n}: room ${room} should be ${expected}, is ${held ? 'held' : 'free'}`);
      }
    }

    // Telemetry: every acknowledged batch is stored, so that sent again it is a replay.
    for (let i = 0; i < load.batches.length; i += 16) {
      const replays = await Promise.all(load.batches.slice(i, i + 16).map((batch) =>
        call(this.url, null, 'POST', '/api/v1/telemetry', batch, { Authorization: this.agent })));
      replays.forEach((a, j) => {
        fig.verified++;
        if (a.status !== 200 || a.json.duplicate !== true) {
          this.lost(`cycle ${n}: batch ${load.batches[i + j].batchId}: ${a.status} ${JSON.stringify(a.json)}`);
        }
      });
    }

    // Comments, on the cycle's ticket.
    if (load.ticket) {
      const view = await api('GET', `/api/v1/tickets/${load.ticket}`);
      fig.verified++;
      if (view.status !== 200) {
        this.lost(`cycle ${n}: ticket ${load.ticket}: ${view.status}`);
      } else {
        const have = new Set(view.json.comments.map((c) => c.id));
        for (const id of load.comments) {
          fig.verified++;
          if (!have.has(id)) this.lost(`cycle ${n}: comment ${id} of ticket ${load.ticket}`);
        }
      }
    }

    // Invitations: pending in the account's list (their mail is checked at the end).
    if (load.invitations.length > 0) {
      const invitations = await api('GET', `/api/v1/accounts/${this.account}/invitations`);
      const emails = new Set((invitations.json?.invitations || []).map((i) => i.email));
      for (const email of load.invitations) {
        fig.verified++;
        if (!emails.has(email)) this.lost(`cycle ${n}: invitation of ${email}`);
      }
    }

    // Devices, and the alert each acknowledged offline batch raised.
    if (load.devices.length > 0) {
      const devices = await api('GET', `/api/v1/accounts/${this.account}/devices`);
      const serials = new Set((devices.json?.devices || []).map((d) => d.serial));
      for (const serial of load.devices) {
        fig.verified++;
        if (!serials.has(serial.toUpperCase())) this.lost(`cycle ${n}: device ${serial}`);
      }
    }
    if (load.offline.length > 0) {
      const alerts = await api('GET', `/api/v1/accounts/${this.account}/alerts?state=all`);
      const alerted = new Set((alerts.json?.alerts || []).map((a) => a.serial));
      for (const serial of load.offline) {
        fig.verified++;
        if (!alerted.has(serial.toUpperCase())) this.lost(`cycle ${n}: the alert of device ${serial} offline`);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The end: the outbox and the deliveries drain; each mail once, each incident once.

  // What is still to send. Alerts room by room: a list holds the newest 500 only.
  async pending() {
    const outbox = await call(this.url, this.operator, 'GET', '/api/v1/outbox?status=pending&limit=1000');
    if (outbox.status !== 200) return null;
    const alerts = [];
    for (const room of this.alertRooms) {
      const list = await call(this.url, this.admin, 'GET', `/api/v1/accounts/${this.account}/alerts?state=all&roomId=${room}`);
      if (list.status !== 200) return null;
      alerts.push(...list.json.alerts);
    }
    const deliveries = alerts.flatMap((a) => a.deliveries.map((d) => ({ ...d, alert: a.id })));
    return {
      mails: outbox.json.mails,
      deliveries: deliveries.filter((d) => d.status === 'pending'),
      failed: deliveries.filter((d) => d.status === 'failed'),
      alerts,
    };
  }

  async finish() {
    const fig = this.figures;
    // Operators' sessions may have idled out over a long run.
    this.operator = await signIn(this.url, ...operator);
    const started = Date.now();
    const limitMs = this.drain === 'full' ? (DELIVERY_CLAIM_SECONDS + 60) * 1000 : 5000;
    let state = await this.pending();
    while (!state || state.mails.length > 0 || state.deliveries.length > 0) {
      if (Date.now() - started > limitMs) break;
      await sleep(1000);
      state = await this.pending();
    }
    fig.drainMs = Date.now() - started;
    fig.drainMode = this.drain;
    if (!state) throw new Error('cannot read the outbox or the alerts');
    fig.outboxPending = state.mails.length;
    fig.deliveriesPending = state.deliveries.length;
    fig.drained = state.mails.length === 0 && state.deliveries.length === 0;
    if (!fig.drained && this.drain !== 'full') {
      // Quick runs do not wait out what legitimately delays the end: a mail a killed server had
      // claimed waits MAIL_CLAIM_SECONDS, an alert delivery DELIVERY_CLAIM_SECONDS, alert mail
      // is grouped per channel for 30 s. Pending mail must at least be due again within its claim.
      const now = Date.now();
      const late = state.mails.filter((m) => !(Date.parse(m.nextAttemptAt) <= now + MAIL_CLAIM_SECONDS * 1000 + 1000));
      fig.heldByClaims = state.mails.length - late.length + state.deliveries.length;
      if (late.length > 0) fig.violations.push(`outbox: ${late.length} mails pending beyond any claim`);
    } else if (!fig.drained) {
      fig.violations.push(`not drained after ${fig.drainMs} ms: ${state.mails.length} mails, ${state.deliveries.length} deliveries`);
    }
    for (const d of state.failed) fig.violations.push(`alert ${d.alert}: delivery failed: ${d.lastError}`);

    // Mail: one arrival per Message-ID. The same Message-ID twice is SMTP's at-least-once window
    // (mail.cpp: a kill between the server's 250 and the recorded send); two Message-IDs for one
    // invitation would be a second mail.
    const mails = this.mails();
    fig.mails = mails.length;
    const byId = new Map();
    for (const m of mails) {
      const id = m.headers['message-id'];
      byId.set(id, [...(byId.get(id) || []), m]);
    }
    fig.mailIds = byId.size;
    for (const [id, list] of byId) if (list.length > 1) fig.mailDuplicatesSameId.push(`${id} x${list.length} to ${list[0].rcpt_tos}`);
    // One mail worker per server sends one mail at a time: a crash repeats one mail at most.
    const repeats = [...byId.values()].reduce((sum, list) => sum + list.length - 1, 0);
    if (repeats > fig.kills + fig.pgRestarts) {
      fig.violations.push(`${repeats} mails sent again for ${fig.kills} kills and ${fig.pgRestarts} PostgreSQL restarts`);
    }
    const idsTo = new Map();
    for (const [id, list] of byId) {
      for (const to of list[0].rcpt_tos) idsTo.set(to, [...(idsTo.get(to) || []), id]);
    }
    // Not yet sent is not lost when the outbox still holds it (a quick run's pending claims).
    const queued = new Set(state.mails.map((m) => m.to));
    for (const email of this.acked.invitations) {
      const ids = idsTo.get(email) || [];
      if (ids.length === 0 && !queued.has(email)) fig.invitationsMissing.push(email);
      if (ids.length > 1) fig.mailDuplicatesOtherId.push(`${email}: ${ids.join(', ')}`);
    }

    // Incidents: one per correlation id, and one for each alert the load raised.
    const incidents = this.servicenow.incidents;
    fig.incidents = incidents.length;
    const byCorrelation = new Map();
    for (const i of incidents) byCorrelation.set(i.correlation_id, (byCorrelation.get(i.correlation_id) || 0) + 1);
    for (const [id, count] of byCorrelation) if (count > 1) fig.incidentDuplicates.push(`${id} x${count}`);
    const offline = new Set(this.acked.offline.map((s) => s.toUpperCase()));
    const ours = state.alerts.filter((a) => offline.has(a.serial) && a.ruleName === 'Offline now');
    fig.alerts = ours.length;
    for (const alert of ours) {
      const incident = [...byCorrelation.keys()].some((id) => id.endsWith(`:alert:${alert.id}`));
      const delivered = alert.deliveries.some((d) => d.status === 'delivered' && d.externalId);
      if (!incident && (this.drain === 'full' || delivered)) fig.alertsWithoutIncident.push(`alert ${alert.id} (${alert.serial})`);
    }
  }

  failed() {
    const f = this.figures;
    return f.lost.length + f.violations.length + f.unexpected.length + f.mailDuplicatesOtherId.length
      + f.invitationsMissing.length + f.incidentDuplicates.length + f.alertsWithoutIncident.length > 0;
  }

  summary() {
    const f = this.figures;
    const a = f.acknowledged;
    const total = Object.values(a).reduce((x, y) => x + y, 0);
    const failures = Object.entries(f.clientFailures).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
    return [
      `${f.backend}: ${f.cycles} cycles, ${f.kills} kills -9, ${f.pgRestarts} PostgreSQL restarts`,
      `  acknowledged writes: ${total} (assign ${a.assign}, unassign ${a.unassign}, telemetry batches ${a.telemetry}, `
        + `comments ${a.comment}, tickets ${a.ticket}, invitations ${a.invitation}, devices ${a.device}, offline batches ${a.offline})`,
      `  read back after restarts: ${f.verified}; lost: ${f.lost.length}`,
      `  start-up checks: ${f.startupChecks}, with violations: ${f.violations.filter((v) => v.startsWith('cycle')).length}`,
      `  mail: ${f.mails} received, ${f.mailIds} Message-IDs; same Message-ID twice (SMTP window): ${f.mailDuplicatesSameId.length}; `
        + `second mail for one invitation: ${f.mailDuplicatesOtherId.length}; invitations without mail: ${f.invitationsMissing.length}`,
      `  incidents: ${f.incidents} for ${f.alerts} alerts; duplicated: ${f.incidentDuplicates.length}; alerts without one: ${f.alertsWithoutIncident.length}`,
      `  outbox and deliveries drained: ${f.drained ? 'yes' : `no (${f.outboxPending} mails, ${f.deliveriesPending} alert deliveries still pending${f.drainMode === 'quick'
          ? ': claims of killed servers and alert mail grouping, not waited for in a quick run' : ''})`} after ${(f.drainMs / 1000).toFixed(1)} s`,
      `  recovery after kill (kill -> healthy): p50 ${percentile(f.recoveryMs, 50)} ms, p99 ${percentile(f.recoveryMs, 99)} ms, max ${percentile(f.recoveryMs, 100)} ms`,
      ...(f.pgRestarts ? [`  PostgreSQL restart (pg_ctl restart -m immediate until it accepts connections): p50 ${percentile(f.pgRestartMs, 50)} ms, `
        + `p99 ${percentile(f.pgRestartMs, 99)} ms; then to the next acknowledged write: p50 ${percentile(f.pgRecoveryMs, 50)} ms, p99 ${percentile(f.pgRecoveryMs, 99)} ms`] : []),
      `  failures seen by clients: ${failures}; unexpected: ${f.unexpected.length}`,
      ...[...f.lost, ...f.violations, ...f.unexpected, ...f.mailDuplicatesOtherId, ...f.invitationsMissing,
        ...f.incidentDuplicates, ...f.alertsWithoutIncident].slice(0, 30).map((line) => `  ! ${line}`),
      ...f.mailDuplicatesSameId.slice(0, 10).map((line) => `  ~ same Message-ID twice: ${line}`),
    ].join('\n');
  }
}

// The whole run on one backend: set-up, cycles, the end's checks. Returns the harness (figures,
// summary(), failed()).
let running = null;

// Stops the processes of the run under way (a runner interrupted by a signal).
export const stopRunning = () => running?.stop();

export async function runKill9(options) {
  const harness = new Kill9Harness(options);
  running = harness;
  const started = Date.now();
  try {
    await harness.start();
    await harness.setUp();
    for (let n = 1; n <= options.cycles; n++) {
      await harness.cycle(n);
      if (options.progress && (n % options.progress === 0 || n === options.cycles)) {
        harness.say(`# ${options.backend}: cycle ${n}/${options.cycles}, lost ${harness.figures.lost.length}, `
          + `violations ${harness.figures.violations.length}, ${Math.round((Date.now() - started) / 1000)} s`);
      }
    }
    await harness.finish();
  } catch (error) {
    if (harness.log && existsSync(harness.log)) error.message += `\nserver log tail:\n${logTail(harness.log, 20)}`;
    throw error;
  } finally {
    harness.figures.wallMs = Date.now() - started;
    await harness.stop();
    running = null;
  }
  return harness;
}

