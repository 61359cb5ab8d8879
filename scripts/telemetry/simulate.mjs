// Telemetry simulator: plays room agents against a portal server, so that the demo has history
// and live status, and so that scripts/bench-insights has a load generator. Node built-ins only.
//
//   node scripts/telemetry/simulate.mjs [--url http://127.0.0.1:8080] [--days 30] [--no-live] ...
//   (scripts/simulate-telemetry --help lists every option)
//
// What it does: signs in (the demo's admins from assets/demo/demo.json unless --email/--password
// are given), makes one agent token per account it administers (POST /accounts/{id}/agent-tokens;
// revoking the earlier tokens of the same name, so that restarts do not pile them up), reads each
// account's rooms and devices, then
//   1. back-fills --days of history: POST /api/v1/telemetry batches of at most --batch-size
//      events, in time order, and
//   2. unless --no-live, sends every --interval seconds what happened since the last batch.
//
// The history is a pure function of (seed, room or device, local date): a working day in the
// room's own time zone (room.timeZone, UTC when absent) has meetings on the hour and half hour
// with morning and afternoon peaks and a lunch dip, people arriving and leaving around them,
// a few drop-ins, quiet nights and weekends; devices report at midnight, have the odd outage and
// a firmware update every three weeks. Live mode sends the same timeline as it happens, so a
// restart sends the same events again, and a batch's id is derived from its content: sending it
// again (after a timeout, a restart) answers "duplicate" instead of storing it twice.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

const usage = `usage: simulate-telemetry [options]
  --url URL            the portal (default $PORTAL_URL or http://127.0.0.1:8080)
  --email E --password P
                       sign in as (repeatable, paired in order); default: the demo's admins
                       (assets/demo/demo.json), which between them administer every demo account
  --account ID         only this account (repeatable); default: every account signed-in admins hold
  --days N             history to back-fill, in days before now (default 30; 0: none)
  --end-days-ago N     end the back-fill at the UTC midnight N days before today's, not at
                       now (implies --no-live)
  --now T              the back-fill's "now" (ISO 8601 UTC, not in the future): runs with the
                       same --now and --seed send the same batches
  --live / --no-live   keep sending live events after the back-fill (default: live)
  --backfill-only      same as --no-live
  --interval S         seconds between live batches (default 5)
  --seed N             the history's seed (default 1): same seed, same events, same batch ids
  --rooms N            at most N rooms per account (the first N by id)
  --batch-size N       events per batch, 1..10000 (default 5000)
  --rate R             back-fill pace in events/s, or "max" (default max)
  --concurrency N      batches in flight at once during the back-fill (default 1: strict order)
  --max-events N       stop the back-fill after N events (load generation)
  --timeout S          seconds before a request is abandoned and sent again (default 30)
  --stats-json FILE    write the back-fill's figures (events/s, batch latency) to FILE
  --token-name NAME    the agent tokens' name (default "Telemetry simulator")
  --quiet              print errors only
  --verbose            print every live batch
Environment: PORTAL_AGENT_TOKEN sends with this token instead of making one (one account only:
name it with --account; signing in is still needed to read its rooms and devices).`;

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      url: { type: 'string' },
      email: { type: 'string', multiple: true },
      password: { type: 'string', multiple: true },
      account: { type: 'string', multiple: true },
      days: { type: 'string', default: '30' },
      'end-days-ago': { type: 'string', default: '0' },
      now: { type: 'string' },
      live: { type: 'boolean' },
      'no-live': { type: 'boolean' },
      'backfill-only': { type: 'boolean' },
      interval: { type: 'string', default: '5' },
      seed: { type: 'string', default: '1' },
      rooms: { type: 'string' },
      'batch-size': { type: 'string', default: '5000' },
      rate: { type: 'string', default: 'max' },
      concurrency: { type: 'string', default: '1' },
      'max-events': { type: 'string' },
      timeout: { type: 'string', default: '30' },
      'stats-json': { type: 'string' },
      'token-name': { type: 'string', default: 'Telemetry simulator' },
      'demo-file': { type: 'string', default: path.join(repoRoot, 'assets/demo/demo.json') },
      quiet: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  console.error(`simulate-telemetry: ${error.message}\n\n${usage}`);
  process.exit(2);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Options

class Fatal extends Error {}

function fail(message) {
  throw new Fatal(message);
}

function integer(name, min, max) {
  const text = args[name];
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(`--${name} must be a whole number between ${min} and ${max}, not "${text}"`);
  }
  return value;
}

const options = {};
function readOptions() {
  options.url = (args.url || process.env.PORTAL_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
  options.days = integer('days', 0, 3650);
  options.endDaysAgo = integer('end-days-ago', 0, 3650);
  if (options.endDaysAgo > options.days) fail('--end-days-ago must not be more than --days');
  options.now = Math.floor(Date.now() / 1000);
  if (args.now !== undefined) {
    const pinned = Date.parse(args.now) / 1000;
    if (!Number.isFinite(pinned) || pinned > options.now) fail(`--now must be a time not in the future, not "${args.now}"`);
    options.now = Math.floor(pinned);
  }
  options.live = !(args['no-live'] || args['backfill-only'] || options.endDaysAgo > 0);
  if (args.live && !options.live) fail('--live contradicts --no-live / --backfill-only / --end-days-ago');
  // Live mode waits out a server restart however long it takes; a back-fill alone gives up.
  options.giveUpMs = options.live ? Infinity : 120000;
  options.interval = Number(args.interval);
  if (!(options.interval >= 0.2 && options.interval <= 3600)) fail('--interval must be 0.2..3600 seconds');
  options.seed = integer('seed', 0, 2 ** 31 - 1);
  options.rooms = args.rooms === undefined ? Infinity : integer('rooms', 1, 10_000_000);
  options.batchSize = integer('batch-size', 1, 10000);
  options.rate = args.rate === 'max' ? Infinity : Number(args.rate);
  if (!(options.rate > 0)) fail('--rate must be events per second (> 0) or "max"');
  options.concurrency = integer('concurrency', 1, 64);
  options.maxEvents = args['max-events'] === undefined ? Infinity : integer('max-events', 1, 1e9);
  options.timeoutMs = Number(args.timeout) * 1000;
  if (!(options.timeoutMs >= 1000)) fail('--timeout must be at least 1 second');
  options.accounts = (args.account || []).map((text) => {
    const id = Number(text);
    if (!Number.isInteger(id) || id <= 0) fail(`--account must be an account id, not "${text}"`);
    return id;
  });
  options.agentToken = process.env.PORTAL_AGENT_TOKEN || '';
  if (options.agentToken && options.accounts.length !== 1) {
    fail('PORTAL_AGENT_TOKEN is good for one account: name it with --account ID');
  }
  const emails = args.email || [];
  const passwords = args.password || [];
  if (emails.length !== passwords.length) fail('give one --password per --email, in the same order');
  options.credentials = emails.map((email, i) => ({ email, password: passwords[i] }));
  if (options.credentials.length === 0) options.credentials = demoAdmins(args['demo-file']);
}

// The demo's sign-ins that administer an account: its members with the admin role, and the
// partners' admins (who administer the accounts delegated to them).
function demoAdmins(file) {
  if (!existsSync(file)) fail(`no --email/--password given and no demo data at ${file}`);
  const demo = JSON.parse(readFileSync(file, 'utf8'));
  const admins = new Set();
  for (const user of demo.users || []) {
    if ((user.memberships || []).some((m) => m.role === 'admin')) admins.add(user.email);
  }
  for (const partner of demo.partners || []) {
    if (!(partner.delegations || []).some((d) => d.role === 'admin')) continue;
    for (const member of partner.members || []) if (member.role === 'admin') admins.add(member.email);
  }
  const credentials = (demo.users || []).filter((u) => admins.has(u.email))
    .map((u) => ({ email: u.email, password: u.password }));
  if (credentials.length === 0) fail(`${file} names no admin to sign in as: give --email/--password`);
  return credentials;
}

const say = (...parts) => { if (!args.quiet) console.log(...parts); };
const warn = (...parts) => console.error('simulate-telemetry:', ...parts);
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const thousands = (n) => Math.round(n).toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------
// [SECTION] Deterministic randomness

// A 32-bit hash of the parts (FNV-1a over their text), to seed one generator per room and day.
function hash32(...parts) {
  let h = 0x811c9dc5;
  const text = parts.join('\u0001');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// mulberry32: small, fast, good enough for a simulation; returns numbers in [0, 1).
function generator(...parts) {
  let state = hash32(options.seed, ...parts);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.between = (low, high) => low + next() * (high - low);
  next.int = (low, high) => Math.floor(next.between(low, high + 1));  // inclusive
  next.pick = (weighted) => {  // [[value, weight], ...]
    let r = next() * weighted.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of weighted) if ((r -= w) < 0) return value;
    return weighted[weighted.length - 1][0];
  };
  next.normal = (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return next;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Time zones (Intl: the IANA database node carries)

const zoneFormats = new Map();
const offsetCache = new Map();
const warnedZones = new Set();

function zoneFormat(zone) {
  let format = zoneFormats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      if (!warnedZones.has(zone)) warn(`unknown time zone "${zone}": using UTC`);
      warnedZones.add(zone);
      format = null;
    }
    zoneFormats.set(zone, format);
  }
  return format;
}

// Seconds east of UTC in force in `zone` at the Unix time t (cached per quarter hour: zones
// change offsets on quarter hours).
function offsetAt(zone, t) {
  if (!zone || zone === 'UTC') return 0;
  const key = `${zone}@${Math.floor(t / 900)}`;
  let offset = offsetCache.get(key);
  if (offset !== undefined) return offset;
  const format = zoneFormat(zone);
  if (!format) return 0;
  const parts = {};
  for (const { type, value } of format.formatToParts(new Date(Math.floor(t / 900) * 900 * 1000))) {
    parts[type] = Number(value);
  }
  offset = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) / 1000
    - Math.floor(t / 900) * 900;
  if (offsetCache.size > 200000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

// A local date as days since 1970-01-01 (its weekday and calendar follow from Date.UTC).
function localDay(zone, t) {
  return Math.floor((t + offsetAt(zone, t)) / 86400);
}

// The Unix time of a local wall-clock time: `seconds` after the local midnight of `day` (a
// wall-clock time in a spring-forward gap lands an hour off, which a simulation may).
function localToUtc(zone, day, seconds) {
  const wall = day * 86400 + seconds;
  const guess = wall - offsetAt(zone, wall);
  const offset = offsetAt(zone, guess);
  return guess + offset === wall ? guess : wall - offset;
}

const weekdayOf = (day) => new Date(day * 86400000).getUTCDay();  // 0 Sunday .. 6 Saturday
const isoDate = (day) => new Date(day * 86400000).toISOString().slice(0, 10);
const isoTime = (t) => `${new Date(t * 1000).toISOString().slice(0, 19)}Z`;

// ---------------------------------------------------------------------------------------------
// [SECTION] The simulated world: a day of a room, a day of a device

// What stays the same about a room from day to day: how sought-after it is, how full its
// meetings are, how often a booking is a no-show.
function roomTraits(room) {
  const rng = generator('room-traits', room.id);
  return {
    popularity: rng.between(0.35, 0.9),
    fill: rng.between(0.25, 0.65),
    noShow: rng.between(0.04, 0.16),
    dropIns: rng.between(0.3, 2.5),
  };
}

// Meeting starts per half hour of the working day: a morning peak near 10:00, an afternoon one
// near 14:30, a dip over lunch, little before 8:30 or after 17:30.
function meetingIntensity(hour) {
  const bump = (centre, width) => Math.exp(-((hour - centre) ** 2) / (2 * width * width));
  return Math.max(0.02, 0.12 + bump(10, 1.1) + 0.85 * bump(14.5, 1.3) - 0.65 * bump(12.75, 0.55));
}

const roomDayCache = new Map();

// One local day of a room: its meetings and its occupancy events (Unix times). Nobody is in at
// midnight: the day opens with an event of 0 people, which also keeps the room observed.
function roomDay(room, day) {
  const key = `${options.seed}/${room.id}/${room.timeZone || ''}/${room.capacity}/${day}`;
  const cached = roomDayCache.get(key);
  if (cached) return cached;
  const zone = room.timeZone || 'UTC';
  const rng = generator('room-day', room.id, day);
  const traits = roomTraits(room);
  const capacity = Math.max(1, room.capacity || 4);
  const most = Math.min(10000, Math.ceil(capacity * 1.2) + 1);  // a bit over capacity, rarely
  const at = (seconds) => localToUtc(zone, day, Math.round(seconds));
  const weekday = weekdayOf(day);
  const meetings = [];   // [startSeconds, endSeconds] local
  const changes = [];    // [localSeconds, +1 | -1]

  const person = (arrive, leave) => {
    if (leave - arrive < 60) return;
    changes.push([arrive, 1], [leave, -1]);
  };
  const meeting = (start, minutes, headcount) => {
    const end = start + minutes * 60;
    meetings.push([start, end]);
    const early = rng() < 0.2 ? rng.between(300, 900) : 0;  // some finish before the booking ends
    for (let i = 0; i < headcount; i++) {
      const late = rng() < 0.08 ? rng.between(300, 900) : rng.between(-240, 300);
      const leave = rng() < 0.08 ? rng.between(start + 600, end) : end - early + rng.between(-180, 150);
      person(start + late, leave);
    }
  };
  const headcount = () => {
    if (rng() < traits.noShow) return 0;
    if (rng() < 0.04) return Math.min(most, capacity + rng.int(1, Math.max(1, Math.ceil(capacity * 0.15))));
    const share = Math.min(1, Math.max(0.08, rng.normal(traits.fill, 0.18)));
    return Math.max(1, Math.min(capacity, Math.round(capacity * share)));
  };

  if (weekday >= 1 && weekday <= 5) {
    // Monday and Friday are quieter, Friday afternoon most of all; days vary.
    const dayFactor = [0, 0.85, 1, 1, 0.95, 0.7][weekday] * rng.between(0.7, 1.2);
    let t = 8 * 3600;
    while (t <= 18 * 3600) {
      const minute = (t / 60) % 60;
      const onGrid = minute % 30 === 0 ? 1 : 0.1;  // mostly on the hour or half hour
      const friday = weekday === 5 && t > 14 * 3600 ? 0.6 : 1;
      const chance = 0.42 * meetingIntensity(t / 3600) * traits.popularity * dayFactor * onGrid * friday;
      if (rng() < chance) {
        const minutes = rng.pick([[30, 34], [45, 8], [60, 38], [90, 15], [120, 5]]);
        meeting(t, minutes, headcount());
        t += minutes * 60 + (rng() < 0.6 ? 0 : 900);
        continue;
      }
      t += 900;
    }
    // Drop-ins: one or two people for a quick chat or a call, when the room is free.
    const dropIns = Math.floor(traits.dropIns * rng.between(0, 1.6));
    for (let i = 0; i < dropIns; i++) {
      const start = rng.between(8.5, 18) * 3600;
      const end = start + rng.between(8, 40) * 60;
      if (meetings.some(([s, e]) => start < e + 300 && end > s - 300)) continue;
      const people = rng() < 0.7 ? 1 : 2;
      for (let p = 0; p < people; p++) person(start + rng.between(0, 120), end - rng.between(0, 120));
    }
  } else if (weekday === 6 && rng() < 0.08) {
    meeting(rng.int(9, 11) * 3600, rng.pick([[60, 1], [90, 1]]), Math.min(capacity, rng.int(1, 4)));
  }

  // Occupancy as a sensor reports it: at most one event a minute, only when the count changes.
  changes.sort((a, b) => a[0] - b[0]);
  const occupancy = [{ at: at(0), people: 0 }];
  let people = 0;
  for (let i = 0; i < changes.length;) {
    const minute = Math.floor(changes[i][0] / 60);
    while (i < changes.length && Math.floor(changes[i][0] / 60) === minute) people += changes[i++][1];
    const shown = Math.min(most, Math.max(0, people));
    if (shown !== occupancy[occupancy.length - 1].people) {
      occupancy.push({ at: at(minute * 60 + (hash32(room.id, day, minute) % 60)), people: shown });
    }
  }
  const result = {
    occupancy,
    meetings: meetings.map(([start, end]) => ({ start: at(start), end: at(end) })),
  };
  roomDayCache.set(key, result);
  if (roomDayCache.size > 50000) roomDayCache.delete(roomDayCache.keys().next().value);
  return result;
}

// A device's firmware on a day: a new version every three weeks, each device on its own day.
function firmwareOn(serial, day) {
  const offset = hash32('fw-offset', serial) % 21;
  const release = Math.floor((day + offset) / 21);
  const major = 1 + (hash32('fw-major', serial) % 3);
  return { release, text: `${major}.${release % 40}.${(hash32('fw', serial, release) % 900) + 100}` };
}

const deviceDayCache = new Map();

// One local day of a device (in its room's zone): online at midnight with its firmware, a
// firmware update at night when a release comes, and now and then an outage.
function deviceDay(device, zone, day) {
  const key = `${options.seed}/${device.serial}/${zone}/${day}`;
  const cached = deviceDayCache.get(key);
  if (cached) return cached;
  const rng = generator('device-day', device.serial, day);
  const flaky = hash32('flaky', options.seed, device.serial) % 10 === 0 ? 0.15 : 0.025;
  const at = (seconds) => localToUtc(zone || 'UTC', day, Math.round(seconds));
  const today = firmwareOn(device.serial, day);
  const yesterday = firmwareOn(device.serial, day - 1);
  const events = [{ at: at(0), status: 'online', firmware: yesterday.text }];
  let busyUntil = 0;
  if (today.release !== yesterday.release) {
    const start = rng.between(2, 4) * 3600;
    busyUntil = start + rng.between(180, 600);
    events.push({ at: at(start), status: 'offline', firmware: yesterday.text },
      { at: at(busyUntil), status: 'online', firmware: today.text });
  }
  if (rng() < flaky) {
    const duration = rng.pick([[[120, 1200], 60], [[1200, 7200], 30], [[7200, 28800], 10]]);
    const start = Math.max(busyUntil + 60, rng.between(0.1, 22) * 3600);
    const end = Math.min(86400 - 120, start + rng.between(...duration));
    if (end > start + 60) {
      events.push({ at: at(start), status: 'offline', firmware: today.text },
        { at: at(end), status: 'online', firmware: today.text });
    }
  }
  const result = events.sort((a, b) => a.at - b.at);
  deviceDayCache.set(key, result);
  if (deviceDayCache.size > 50000) deviceDayCache.delete(deviceDayCache.keys().next().value);
  return result;
}

// Every event of an account in [from, to), in time order. A meeting is told when it begins,
// with its booked end (a room's calendar knows both), so that live status shows it under way.
function eventsBetween(account, from, to) {
  const events = [];
  for (const room of account.rooms) {
    const zone = room.timeZone || 'UTC';
    for (let day = localDay(zone, from) - 1; day <= localDay(zone, to); day++) {
      const plan = roomDay(room, day);
      for (const e of plan.occupancy) {
        if (e.at >= from && e.at < to) events.push([e.at, { type: 'occupancy', roomId: room.id, at: isoTime(e.at), people: e.people }]);
      }
      for (const m of plan.meetings) {
        if (m.start >= from && m.start < to) {
          events.push([m.start, { type: 'meeting', roomId: room.id, start: isoTime(m.start), end: isoTime(m.end) }]);
        }
      }
    }
  }
  for (const device of account.devices) {
    const room = account.roomsById.get(device.roomId);
    if (!room) continue;  // in stock: nothing reports
    const zone = room.timeZone || 'UTC';
    for (let day = localDay(zone, from) - 1; day <= localDay(zone, to); day++) {
      for (const e of deviceDay(device, zone, day)) {
        if (e.at >= from && e.at < to) {
          events.push([e.at, { type: 'device', serial: device.serial, at: isoTime(e.at), status: e.status, firmware: e.firmware }]);
        }
      }
    }
  }
  events.sort((a, b) => a[0] - b[0]);
  return events.map(([, event]) => event);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] HTTP: retries, sessions

const retryable = (status) => status === 429 || status >= 500;

// One request, sent again on network errors, timeouts, 429 and 5xx with backoff (for up to
// `giveUpMs`). Answers
// {status, body (parsed JSON or text), headers}; 4xx are the caller's to judge.
async function request(method, url, { headers = {}, body, giveUpMs = options.giveUpMs, what } = {}) {
  const started = Date.now();
  let delay = 250;
  let lastProblem = '';
  for (let attempt = 1; ; attempt++) {
    let problem;
    const attemptStarted = performance.now();
    try {
      const response = await fetch(url, {
        method, body,
        headers: { 'X-Requested-With': 'portal', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      let parsed = text;
      try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
      if (!retryable(response.status)) {
        return { status: response.status, body: parsed, headers: response.headers, attempts: attempt,
          elapsedMs: performance.now() - attemptStarted };
      }
      problem = `${response.status} ${text.slice(0, 200)}`;
      const after = Number(response.headers.get('retry-after'));
      if (after > 0) delay = Math.max(delay, after * 1000);
    } catch (error) {
      const cause = error.cause || {};
      problem = error.name === 'TimeoutError' ? `no answer within ${options.timeoutMs / 1000} s`
        : cause.code || (cause.errors && cause.errors[0] && cause.errors[0].code) || cause.message || error.message;
    }
    if (Date.now() - started > giveUpMs) {
      fail(`${what || `${method} ${url}`}: gave up after ${Math.round((Date.now() - started) / 1000)} s: ${problem}`);
    }
    if (problem !== lastProblem) warn(`${what || `${method} ${url}`}: ${problem}; trying again`);
    lastProblem = problem;
    await sleep(delay * (0.75 + Math.random() * 0.5));
    delay = Math.min(delay * 2, 15000);
  }
}

// The server's error body in one line: "422 unprocessable: ... (events[3].roomId: ...)".
function describeError(response) {
  const body = response.body;
  const error = body && body.error;
  if (!error) return `${response.status} ${typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body)}`;
  const details = error.details || {};
  const all = details.fields || [];
  const fields = all.slice(0, 3).map((f) => `${f.field}: ${f.message}`).join('; ')
    + (all.length > 3 ? `; and ${all.length - 3} more` : '');
  return `${response.status} ${error.code}: ${error.message}${details.rule ? ` [${details.rule}]` : ''}${fields ? ` (${fields})` : ''}`;
}

class Session {
  constructor(credentials) {
    this.credentials = credentials;
    this.cookie = '';
  }

  async signIn() {
    const response = await request('POST', `${options.url}/api/v1/auth/login`, {
      body: JSON.stringify(this.credentials), what: `sign-in as ${this.credentials.email}`,
    });
    if (response.status !== 200) fail(`cannot sign in as ${this.credentials.email}: ${describeError(response)}`);
    const cookie = (response.headers.get('set-cookie') || '').split(';')[0];
    if (!cookie) fail(`signing in as ${this.credentials.email} set no session cookie`);
    this.cookie = cookie;
  }

  // A call with the session's cookie (and the CSRF header every request carries); signs in
  // again once when the session has ended (idle or absolute expiry).
  async call(method, apiPath, body) {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.cookie) await this.signIn();
      const response = await request(method, `${options.url}/api/v1${apiPath}`, {
        headers: { Cookie: this.cookie }, body: body === undefined ? undefined : JSON.stringify(body),
        what: `${method} ${apiPath}`,
      });
      if (response.status !== 401) return response;
      this.cookie = '';
    }
    fail(`${method} ${apiPath}: 401 after signing in again as ${this.credentials.email}`);
  }

  async json(method, apiPath, body, expect = [200]) {
    const response = await this.call(method, apiPath, body);
    if (!expect.includes(response.status)) fail(`${method} ${apiPath} as ${this.credentials.email}: ${describeError(response)}`);
    return response.body;
  }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Accounts, tokens and inventory

// Finds, for each account, a signed-in admin (the first credentials that administer it).
async function findAccounts() {
  const accounts = new Map();
  for (const credentials of options.credentials) {
    const session = new Session(credentials);
    const { accounts: list } = await session.json('GET', '/accounts');
    for (const account of list) {
      if (options.accounts.length && !options.accounts.includes(account.id)) continue;
      if (accounts.has(account.id)) continue;
      if (account.role !== 'admin' && !(options.agentToken && options.accounts.includes(account.id))) continue;
      accounts.set(account.id, { id: account.id, name: account.name, session, token: '', tokenId: null, rooms: [], devices: [], roomsById: new Map() });
    }
  }
  for (const id of options.accounts) {
    if (!accounts.has(id)) fail(`account ${id}: none of ${options.credentials.map((c) => c.email).join(', ')} administers it`);
  }
  if (accounts.size === 0) fail(`no account to play: none of ${options.credentials.map((c) => c.email).join(', ')} is an account's admin`);
  return [...accounts.values()].sort((a, b) => a.id - b.id);
}

async function makeToken(account) {
  if (options.agentToken) {
    account.token = options.agentToken;
    return;
  }
  const name = args['token-name'];
  // The tokens an earlier run made under the same name are revoked: a restart must not leave
  // a trail of live tokens behind. (A listing the server refuses is no reason to stop.)
  const listed = await account.session.call('GET', `/accounts/${account.id}/agent-tokens`);
  if (listed.status === 200) {
    for (const token of listed.body.agentTokens || []) {
      if (token.name !== name || token.revokedAt) continue;
      const revoked = await account.session.call('DELETE', `/agent-tokens/${token.id}`);
      if (revoked.status !== 204 && revoked.status !== 404) warn(`revoking agent token ${token.id}: ${describeError(revoked)}`);
    }
  }
  const made = await account.session.json('POST', `/accounts/${account.id}/agent-tokens`, { name }, [201]);
  if (typeof made.token !== 'string' || !made.token) fail(`POST /accounts/${account.id}/agent-tokens answered no token`);
  account.token = made.token;
  account.tokenId = made.id;
}

async function loadInventory(account) {
  const { rooms } = await account.session.json('GET', `/accounts/${account.id}/rooms`);
  const { devices } = await account.session.json('GET', `/accounts/${account.id}/devices`);
  account.rooms = rooms.filter((room) => room.accountId === undefined || room.accountId === account.id)
    .sort((a, b) => a.id - b.id).slice(0, options.rooms)
    .map((room) => ({ id: room.id, name: room.name, capacity: room.capacity, timeZone: room.timeZone || null }));
  account.roomsById = new Map(account.rooms.map((room) => [room.id, room]));
  account.devices = devices.filter((device) => device.roomId != null && account.roomsById.has(device.roomId))
    .map((device) => ({ serial: device.serial, roomId: device.roomId }));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Sending batches

const stats = { events: 0, accepted: 0, duplicates: 0, batches: 0, retried: 0, latencies: [] };

// A batch: its events and its id. The id names the account, the span and the content's hash,
// so the same events always travel under the same id (a replay is a duplicate, not a double),
// and other events never reuse an id (which the server would refuse with 409).
function makeBatch(account, label, events) {
  const eventsJson = JSON.stringify(events);
  const digest = createHash('sha256').update(eventsJson).digest('hex').slice(0, 16);
  const batchId = `sim${options.seed}-a${account.id}-${label}-${digest}`;
  return { account, label, events, batchId, body: `{"batchId":${JSON.stringify(batchId)},"events":${eventsJson}}` };
}

// Sends one batch until the server has it. 401 (token revoked, database replaced) makes a new
// token when we made it; 413 splits the batch; 422 naming a room or device reloads the
// account's rooms and devices (one was deleted or moved) and sends what is still valid; any
// other 4xx is fatal, with the server's words.
async function sendBatch(batch, { giveUpMs }) {
  const { account } = batch;
  let reloaded = false;
  let tokenRenewed = false;
  for (;;) {
    const token = account.token;
    const response = await request('POST', `${options.url}/api/v1/telemetry`, {
      headers: { Authorization: `Bearer ${token}` }, body: batch.body, giveUpMs,
      what: `batch ${batch.batchId}`,
    });
    if (response.status === 200) {
      stats.batches++;
      stats.events += batch.events.length;
      stats.latencies.push(response.elapsedMs);  // the answering attempt: the server's time
      if (response.attempts > 1) stats.retried++;
      if (response.body && response.body.duplicate) stats.duplicates++;
      else stats.accepted += (response.body && response.body.accepted) ?? batch.events.length;
      return;
    }
    if (response.status === 401 && !options.agentToken && !tokenRenewed) {
      // One new token per account, however many batches were in flight with the old one.
      tokenRenewed = true;
      if (account.token === token) {
        if (!account.renewing) {
          warn(`account ${account.id}: the agent token answers 401 (revoked? another database?); making a new one`);
          account.renewing = makeToken(account).finally(() => { account.renewing = null; });
        }
        await account.renewing;
      }
      continue;
    }
    if (response.status === 413 && batch.events.length > 1) {
      const half = Math.ceil(batch.events.length / 2);
      await sendBatch(makeBatch(account, `${batch.label}a`, batch.events.slice(0, half)), { giveUpMs });
      await sendBatch(makeBatch(account, `${batch.label}b`, batch.events.slice(half)), { giveUpMs });
      return;
    }
    const fields = ((response.body && response.body.error && response.body.error.details) || {}).fields || [];
    const namesInventory = fields.some((f) => /^events\[\d+\]\.(roomId|serial)$/.test(f.field));
    if (response.status === 422 && namesInventory && !reloaded) {
      reloaded = true;
      await loadInventory(account);
      const kept = batch.events.filter((e) => (e.roomId !== undefined ? account.roomsById.has(e.roomId)
        : account.devices.some((d) => d.serial === e.serial)));
      if (kept.length === batch.events.length) {
        const hint = options.agentToken ? ` (is PORTAL_AGENT_TOKEN a token of account ${account.id}?)` : '';
        fail(`batch ${batch.batchId} refused: ${describeError(response)}${hint}`);
      }
      warn(`account ${account.id}: ${batch.events.length - kept.length} events name a room or device no longer there; sending the rest`);
      if (kept.length === 0) return;
      batch = makeBatch(account, batch.label, kept);
      continue;
    }
    fail(`POST /api/v1/telemetry (batch ${batch.batchId}, ${batch.events.length} events) refused: ${describeError(response)}`);
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Back-fill and live

// The back-fill's batches, in time order: one UTC day of one account after another (accounts
// interleaved day by day), each day cut into batches of --batch-size. A whole past day always
// makes the same batches; the last, partial day is labelled with its end.
function* backfillBatches(accounts, from, to) {
  let left = options.maxEvents;
  for (let day = Math.floor(from / 86400); day * 86400 < to && left > 0; day++) {
    const start = Math.max(from, day * 86400);
    const end = Math.min(to, (day + 1) * 86400);
    for (const account of accounts) {
      const events = eventsBetween(account, start, end);
      const label = isoDate(day).replaceAll('-', '') + (end < (day + 1) * 86400 ? `-to${end}` : '');
      for (let i = 0; i < events.length && left > 0; i += options.batchSize) {
        const chunk = events.slice(i, Math.min(i + options.batchSize, events.length, i + left));
        left -= chunk.length;
        yield makeBatch(account, `${label}-${i / options.batchSize}`, chunk);
      }
    }
  }
}

async function backfill(accounts, from, to) {
  // Load generation wants the server's rate, not ours: with --max-events every batch is made
  // before the clock starts.
  let batches = backfillBatches(accounts, from, to);
  if (Number.isFinite(options.maxEvents)) batches = [...batches][Symbol.iterator]();
  const { giveUpMs } = options;
  const started = performance.now();
  let sent = 0;
  let lastReport = started;
  const worker = async () => {
    for (let next = batches.next(); !next.done; next = batches.next()) {
      const batch = next.value;
      if (Number.isFinite(options.rate)) {  // pace: the events sent so far at --rate
        const due = started + (sent / options.rate) * 1000;
        if (due > performance.now()) await sleep(due - performance.now());
      }
      sent += batch.events.length;
      await sendBatch(batch, { giveUpMs });
      if (!args.quiet && performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        const last = batch.events[batch.events.length - 1];
        say(`  back-fill: ${thousands(stats.events)} events sent, up to ${last.at || last.start}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const latencies = [...stats.latencies].sort((a, b) => a - b);
  const figures = {
    url: options.url, seed: options.seed, from: isoTime(from), to: isoTime(to),
    accounts: accounts.map((a) => ({ id: a.id, rooms: a.rooms.length, devices: a.devices.length })),
    batchSize: options.batchSize, concurrency: options.concurrency,
    events: stats.events, accepted: stats.accepted, batches: stats.batches, duplicates: stats.duplicates,
    retriedBatches: stats.retried, seconds,
    eventsPerSecond: seconds > 0 ? stats.events / seconds : 0,
    batchesPerSecond: seconds > 0 ? stats.batches / seconds : 0,
    latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99), max: latencies[latencies.length - 1] || 0 },
  };
  say(`back-fill: ${thousands(figures.events)} events in ${thousands(figures.batches)} batches (${figures.duplicates} already there) in ${seconds.toFixed(1)} s: ` +
    `${thousands(figures.eventsPerSecond)} events/s; batch latency p50 ${figures.latencyMs.p50.toFixed(1)} ms, p95 ${figures.latencyMs.p95.toFixed(1)} ms`);
  return figures;
}

async function live(accounts, since) {
  say(`live: a batch every ${options.interval} s per account with news (Ctrl-C to stop)`);
  const sentUpTo = new Map(accounts.map((a) => [a.id, since]));
  let lastRefresh = Date.now();
  let lastSummary = Date.now();
  const tally = { events: 0, occupancy: 0, meeting: 0, device: 0 };
  for (;;) {
    await sleep(options.interval * 1000);
    // Rooms and devices come and go in the portal while we run: read them again now and then.
    if (Date.now() - lastRefresh > 300000) {
      lastRefresh = Date.now();
      for (const account of accounts) await loadInventory(account);
    }
    for (const account of accounts) {
      const from = sentUpTo.get(account.id);
      const to = Math.floor(Date.now() / 1000);
      if (to <= from) continue;
      const events = eventsBetween(account, from, to);
      for (let i = 0; i < events.length; i += options.batchSize) {
        const chunk = events.slice(i, i + options.batchSize);
        await sendBatch(makeBatch(account, `live${from}-${to}-${i / options.batchSize}`, chunk), { giveUpMs: Infinity });
        for (const e of chunk) tally[e.type]++;
        tally.events += chunk.length;
        if (args.verbose) say(`live ${isoTime(to)} account ${account.id}: ${chunk.map(describeEvent).join(', ')}`);
      }
      sentUpTo.set(account.id, to);
    }
    if (Date.now() - lastSummary >= 300000) {
      if (tally.events) say(`live ${isoTime(Math.floor(Date.now() / 1000))}: ${tally.events} events in the last ${Math.round((Date.now() - lastSummary) / 60000)} min (occupancy ${tally.occupancy}, meetings ${tally.meeting}, devices ${tally.device})`);
      lastSummary = Date.now();
      Object.keys(tally).forEach((k) => { tally[k] = 0; });
    }
  }
}

function describeEvent(e) {
  if (e.type === 'occupancy') return `room ${e.roomId} ${e.people} people`;
  if (e.type === 'meeting') return `room ${e.roomId} meeting until ${e.end.slice(11, 16)}`;
  return `${e.serial} ${e.status}`;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Main

async function main() {
  readOptions();
  const accounts = await findAccounts();
  for (const account of accounts) {
    await makeToken(account);
    await loadInventory(account);
  }
  say(`simulate-telemetry: ${options.url}, seed ${options.seed}, ${options.days} days of history${options.live ? `, then live every ${options.interval} s` : ''}`);
  for (const account of accounts) {
    const zones = [...new Set(account.rooms.map((r) => r.timeZone || 'UTC'))].join(', ');
    say(`  account ${account.id} ${account.name}: ${account.rooms.length} rooms (${zones || 'none'}), ${account.devices.length} devices, ` +
      `${options.agentToken ? 'PORTAL_AGENT_TOKEN' : `agent token #${account.tokenId} as ${account.session.credentials.email}`}`);
  }
  const now = options.now;
  const to = options.endDaysAgo ? Math.floor(now / 86400 - options.endDaysAgo) * 86400 : now;
  const from = Math.floor(now / 86400 - options.days) * 86400;  // whole UTC days: same batches each run
  let figures = null;
  if (options.days > 0 && to > from) figures = await backfill(accounts, from, to);
  if (args['stats-json']) writeFileSync(args['stats-json'], `${JSON.stringify(figures, null, 2)}\n`);
  if (options.live) await live(accounts, options.days > 0 ? to : Math.floor(Date.now() / 1000));
}

export { eventsBetween, localDay, localToUtc, offsetAt, options, roomDay };

// Run as a program (not when a test imports the generator).
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
  main().catch((error) => {
    console.error(`simulate-telemetry: ${error instanceof Fatal ? error.message : error.stack}`);
    process.exit(1);
  });
}
