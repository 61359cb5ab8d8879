// A ServiceNow instance for node tests, to the same contract as tests/server/servicenow_fake.cpp
// (the C++ suites' fake) for what the portal's client (src/server/alerts/servicenow.cpp) sends:
// the Table API of table incident with basic authentication: create (POST), query by encoded
// query (GET ?sysparm_query=a=1^b=2&sysparm_limit&sysparm_fields), read and patch one record,
// ServiceNow's error envelopes. No OAuth and no injected faults: the faults tests kill the
// portal, not the instance. Runs in the test's own process, so it outlives every kill.
import { randomBytes } from 'node:crypto';
import http from 'node:http';

const answer = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
};

const error = (res, status, message, detail = '') =>
  answer(res, status, { error: { message, detail }, status: 'failure' });

// The Table API stores every field as text.
const fieldText = (value) => (typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value));

// "a=1^b=2^ORDERBYx": the equality conditions; ordering terms do not matter for one match.
const matches = (incident, query) => query.split('^').every((term) => {
  if (term === '' || term.startsWith('ORDERBY')) return true;
  const equals = term.indexOf('=');
  if (equals < 0) return true;
  return (incident[term.slice(0, equals)] ?? '') === term.slice(equals + 1);
});

const project = (incident, fields) => (fields
  ? Object.fromEntries(fields.split(',').map((name) => [name, incident[name] ?? '']))
  : { ...incident });

const now = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

export class ServiceNowFake {
  constructor({ user = 'portal.integration', password = 's3cret-Passw0rd' } = {}) {
    this.user = user;
    this.password = password;
    this.incidents = []; // creation order
    this.requests = []; // {method, path, status}
    this.nextNumber = 10001;
  }

  async start() {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        const entry = { method: req.method, path: req.url, status: 0 };
        this.requests.push(entry);
        const finish = res.end.bind(res);
        res.end = (...args) => { entry.status = res.statusCode; return finish(...args); };
        this.handle(req, res, body);
      });
    });
    // The portal's outbound client keeps connections alive; so does an instance.
    this.server.keepAliveTimeout = 30000;
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = this.server.address().port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this;
  }

  stop() {
    this.server?.closeAllConnections?.();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  authorized(req, res) {
    const expected = `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}`;
    if (req.headers.authorization === expected) return true;
    // What an instance answers, whatever was wrong with the credentials.
    res.setHeader('WWW-Authenticate', 'BASIC realm="Service-now"');
    error(res, 401, 'User Not Authenticated', 'Required to provide Auth information');
    return false;
  }

  handle(req, res, body) {
    const url = new URL(req.url, this.url);
    const route = url.pathname.match(/^\/api\/now\/table\/([A-Za-z0-9_]+)(?:\/([A-Za-z0-9]+))?$/);
    if (!route) return error(res, 400, 'Requested URI does not represent any resource');
    if (!this.authorized(req, res)) return undefined;
    const [, table, sysId] = route;
    if (table !== 'incident') return error(res, 400, `Invalid table ${table}`);
    if (!sysId && req.method === 'GET') {
      const limitText = url.searchParams.get('sysparm_limit');
      const limit = limitText ? Number.parseInt(limitText, 10) : 10000;
      const query = url.searchParams.get('sysparm_query') || '';
      const fields = url.searchParams.get('sysparm_fields') || '';
      const rows = this.incidents.filter((incident) => matches(incident, query)).slice(0, limit)
        .map((incident) => project(incident, fields));
      return answer(res, 200, { result: rows });
    }
    if (!sysId && req.method === 'POST') {
      let input;
      try { input = JSON.parse(body); } catch { input = null; }
      if (!input || typeof input !== 'object' || Array.isArray(input)) {
        return error(res, 400, 'Exception while reading request', 'The payload is not valid JSON.');
      }
      const incident = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, fieldText(v)]));
      incident.sys_id = randomBytes(16).toString('hex');
      incident.number = `INC${String(this.nextNumber++).padStart(7, '0')}`;
      if (!incident.state) incident.state = '1';
      incident.active = 'true';
      incident.sys_created_on = now();
      this.incidents.push(incident);
      res.setHeader('Location', `${this.url}/api/now/table/incident/${incident.sys_id}`);
      return answer(res, 201, { result: { ...incident } });
    }
    const incident = sysId && this.incidents.find((i) => i.sys_id === sysId);
    if (sysId && req.method === 'GET') {
      if (!incident) return error(res, 404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
      return answer(res, 200, { result: project(incident, url.searchParams.get('sysparm_fields') || '') });
    }
    if (sysId && (req.method === 'PATCH' || req.method === 'PUT')) {
      let input;
      try { input = JSON.parse(body); } catch { input = null; }
      if (!input || typeof input !== 'object' || Array.isArray(input)) {
        return error(res, 400, 'Exception while reading request', 'The payload is not valid JSON.');
      }
      if (!incident) return error(res, 404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
      for (const [key, value] of Object.entries(input)) {
        if (key !== 'sys_id' && key !== 'number') incident[key] = fieldText(value);
      }
      return answer(res, 200, { result: { ...incident } });
    }
    return error(res, 400, 'Requested URI does not represent any resource');
  }
}
