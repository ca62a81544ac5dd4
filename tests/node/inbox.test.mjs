// `leadscore serve` as senders and browsers use it: the lead inbox (POST
// /leads in JSON, text/plain and form encoding, de-duplication by id, errors
// with ids and paths, listing), CORS, the static site, restarts on the same
// database, and concurrent senders. Each server runs on port 0 with its own
// temporary database and site directory.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from './support.mjs';

// ------------------------------------------------------------------ fixtures

const work = mkdtempSync(join(tmpdir(), 'leadscore-inbox-'));
writeFileSync(join(work, 'secret.txt'), 'outside the root\n');

/** A site directory with one file of each kind the widget's pages use. */
function makeSite() {
  const root = mkdtempSync(join(work, 'site-'));
  const files = {
    'index.html': '<!doctype html><title>LeadScore demo</title>',
    'leadscore.js': 'console.log("loader");',
    'leadscore-core.mjs': 'export default 1;',
    'leadscore.json': '{"version": 1}',
    'style.css': 'body { color: #123; }',
    'logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'docs/index.html': '<p>docs</p>',
    'assets/readme.txt': 'no index here',
  };
  mkdirSync(join(root, 'docs'));
  mkdirSync(join(root, 'assets'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  writeFileSync(join(root, 'leadscore.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(root, 'pixel.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  writeFileSync(join(root, '.env'), 'SECRET=1');
  symlinkSync(join(work, 'secret.txt'), join(root, 'escape.txt'));
  return root;
}

let dbCount = 0;
const newDb = () => join(work, `inbox-${++dbCount}.sqlite`);

/** Starts `leadscore serve` on a free port; resolves once it prints its address. */
async function startServer({ db = newDb(), root = makeSite(), args = [] } = {}) {
  const proc = spawn(cliPath, ['serve', '--port', '0', '--db', db, '--root', root, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const base = await new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = /^leadscore: serving .* on (http:\/\/[^\s,]+), inbox .*$/m.exec(stdout);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
  });
  const exited = once(proc, 'exit');
  return {
    base, db, root, proc,
    stderr: () => stderr,
    /** Sends `signal` and resolves with the exit code. */
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      const [code, sig] = await exited;
      return code ?? sig;
    },
  };
}

/** One HTTP request without connection reuse unless an agent is given. */
function request(base, { method = 'GET', path = '/', headers = {}, body, chunks, agent = false } = {}) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(parts);
        const text = bytes.toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, bytes, text, json });
      });
    });
    req.on('error', reject);
    if (chunks) {
      for (const c of chunks) req.write(c);  // no Content-Length: sent chunked
      req.end();
    } else {
      req.end(body);
    }
  });
}

const postJson = (base, payload, headers = {}) =>
  request(base, { method: 'POST', path: '/leads', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });

/** Exact bytes on a fresh connection (paths Node's client would not send as is); resolves with the raw response. */
function rawRequest(base, text) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(text));  // the request says Connection: close
    let out = '';
    socket.on('data', (d) => { out += d; });
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}
const statusOf = (raw) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);

/**
 * A conversation on one connection: sends `first`; once a response head has
 * arrived calls `then(head)` (which may send more); resolves with every
 * response received, as text, after the last one is complete.
 */
function rawConversation(base, first, then = () => {}, responses = 1) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(first));
    let out = '';
    let seen = 0;
    socket.on('data', (d) => {
      out += d;
      // Count complete responses: a head, then Content-Length bytes (none for 100 Continue).
      const complete = [];
      let rest = out;
      for (;;) {
        const end = rest.indexOf('\r\n\r\n');
        if (end < 0) break;
        const head = rest.slice(0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (rest.length < end + 4 + length) break;
        complete.push(rest.slice(0, end + 4 + length));
        rest = rest.slice(end + 4 + length);
      }
      for (; seen < complete.length; seen++) then(complete[seen], socket);
      if (complete.filter((r) => !r.startsWith('HTTP/1.1 100')).length >= responses) {
        socket.destroy();
        resolve(complete);
      }
    });
    socket.on('error', reject);
  });
}
const bodyOf = (response) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

/** A payload shaped as build_lead_payload makes it (leadscore.lead/v1). */
function leadPayload(id, { visitor = `v-${id}` } = {}) {
  return {
    schema: 'leadscore.lead/v1',
    id,
    visitor_id: visitor,
    reason: 'form_submit',
    submitted_at: '2026-01-05T08:00:00.000Z',
    form: 'demo-request',
    contact: { email: 'linh.nguyen@acme.vn', first_name: 'Linh', company: 'Công ty ACME & Co', job_title: 'Giám đốc', phone: '0912 345 678' },
    stage: 'sql',
    journey: 'decision',
    temperature: 'hot',
    score: {
      total: 87.5,
      fit: 45,
      engagement: 42.5,
      breakdown: [
        { rule: 'pricing', dimension: 'engagement', fired: 3, points: 30 },
        { rule: 'return_visit', dimension: 'engagement', fired: 2, points: 12.5 },
        { rule: 'senior', dimension: 'fit', fired: 1, points: 45 },
      ],
    },
    attribution: {
      first: { source: 'google', medium: 'cpc', campaign: 'spring=sale', gclid: 'Cj0KCQ', landing_page: '/pricing?plan=pro', at: '2026-01-01T09:00:00.000Z' },
      last: { source: 'newsletter', medium: 'email', at: '2026-01-05T07:55:00.000Z' },
    },
    activity: {
      sessions: 3,
      page_views: 12,
      events: 41,
      first_seen: '2026-01-01T09:00:00.000Z',
      last_seen: '2026-01-05T07:59:30.000Z',
      recent_pages: [{ path: '/pricing', at: '2026-01-05T07:58:00.000Z' }, { path: '/demo', at: '2026-01-05T07:59:30.000Z' }],
    },
    consent: { granted: true, text: 'Tôi đồng ý nhận email — ยินยอม — موافقم', at: '2026-01-05T08:00:00.000Z' },
    page: { url: 'https://example.com/demo?utm_source=x', title: 'Đặt lịch demo', referrer: 'https://www.google.com/' },
  };
}

/** The payload as to_form_urlencoded writes it: nested members in brackets, array indexes, booleans as text. */
function formEncoded(value) {
  const pairs = [];
  const walk = (name, v) => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) v.forEach((e, i) => walk(`${name}[${i}]`, e));
    else if (typeof v === 'object') for (const [k, e] of Object.entries(v)) walk(name ? `${name}[${k}]` : k, e);
    else pairs.push([name, String(v)]);
  };
  walk('', value);
  return new URLSearchParams(pairs).toString();
}

const list = async (base, query = '') => (await request(base, { path: `/leads${query}` })).json;

// ------------------------------------------------------------------ the inbox

test('inbox: a valid JSON payload is stored (201), listed, and readable by id', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const payload = leadPayload('lead-0001');
  const r = await postJson(server.base, payload);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json, { id: 'lead-0001', stored: true });
  assert.equal(r.headers.location, '/leads/lead-0001');
  assert.match(r.headers['content-type'], /^application\/json/);

  const all = await list(server.base);
  assert.equal(all.count, 1);
  assert.deepEqual(all.leads, [payload]);
  const one = await request(server.base, { path: '/leads/lead-0001' });
  assert.equal(one.status, 200);
  assert.deepEqual(one.json, payload);

  const missing = await request(server.base, { path: '/leads/nope' });
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.id, 'leadscore.inbox.not_found');
});

test('inbox: the same id again is a duplicate (200); the first payload stays, one row', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const first = leadPayload('dup-1');
  assert.equal((await postJson(server.base, first)).status, 201);
  const again = { ...leadPayload('dup-1'), reason: 'stage_change', stage: 'customer' };
  const r = await postJson(server.base, again);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { id: 'dup-1', stored: false, duplicate: true });
  const all = await list(server.base);
  assert.equal(all.count, 1);
  assert.deepEqual(all.leads[0], first);
});

test('inbox: the same payload form-urlencoded is stored with the same fields (numbers and booleans converted back)', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const payload = leadPayload('form-1');
  const body = formEncoded(payload);
  assert.match(body, /contact%5Bemail%5D=linh.nguyen%40acme.vn/);  // contact[email]=...
  assert.match(body, /score%5Bbreakdown%5D%5B0%5D%5Brule%5D=pricing/);
  const r = await request(server.base, { method: 'POST', path: '/leads', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  assert.equal(r.status, 201, r.text);
  const stored = (await request(server.base, { path: '/leads/form-1' })).json;
  assert.deepEqual(stored, payload);
  assert.equal(typeof stored.score.total, 'number');
  assert.equal(typeof stored.score.breakdown[1].points, 'number');
  assert.equal(typeof stored.activity.sessions, 'number');
  assert.equal(stored.consent.granted, true);
  assert.equal(stored.contact.phone, '0912 345 678');  // contact values stay text

  // A form is de-duplicated against JSON by the same id.
  const json = await postJson(server.base, payload);
  assert.equal(json.status, 200);
  assert.equal(json.json.duplicate, true);
});

test('inbox: text/plain bodies (navigator.sendBeacon with a string) are read as JSON', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const payload = leadPayload('beacon-1');
  const r = await request(server.base, { method: 'POST', path: '/leads', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify(payload) });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual((await request(server.base, { path: '/leads/beacon-1' })).json, payload);
});

test('inbox: bad input gets the right status, error id and path; nothing is stored', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const valid = leadPayload('ok-1');
  const without = (key) => { const p = leadPayload('bad-1'); delete p[key]; return p; };
  let deep = 'null';
  for (let i = 0; i < 100; i++) deep = `{"x": ${deep}}`;
  const cases = [
    { name: 'not JSON', type: 'application/json', body: '{"schema": "leadscore.lead/v1", ', status: 400, id: 'leadscore.inbox.syntax', path: '' },
    { name: 'empty body', type: 'application/json', body: '', status: 400, id: 'leadscore.inbox.syntax', path: '' },
    { name: 'text/plain that is not JSON', type: 'text/plain', body: 'hello', status: 400, id: 'leadscore.inbox.syntax', path: '' },
    { name: 'missing submitted_at', body: JSON.stringify(without('submitted_at')), status: 400, id: 'leadscore.payload.required', path: '/submitted_at' },
    { name: 'missing id', body: JSON.stringify(without('id')), status: 400, id: 'leadscore.payload.required', path: '/id' },
    { name: 'wrong schema', body: JSON.stringify({ ...valid, schema: 'leadscore.lead/v2' }), status: 400, id: 'leadscore.payload.schema', path: '/schema' },
    { name: 'bad submitted_at', body: JSON.stringify({ ...valid, submitted_at: 'yesterday at noon' }), status: 400, id: 'leadscore.payload.time', path: '/submitted_at' },
    { name: 'bad id', body: JSON.stringify({ ...valid, id: 'has space' }), status: 400, id: 'leadscore.payload.identifier', path: '/id' },
    { name: 'unknown reason', body: JSON.stringify({ ...valid, reason: 'whim' }), status: 400, id: 'leadscore.payload.enum', path: '/reason' },
    { name: 'score as text', body: JSON.stringify({ ...valid, score: { total: 'high' } }), status: 400, id: 'leadscore.payload.type', path: '/score/total' },
    { name: 'an array, not an object', body: '[1, 2]', status: 400, id: 'leadscore.payload.type', path: '' },
    { name: 'nested past the depth limit', body: `{"schema": "leadscore.lead/v1", "extra": ${deep}}`, status: 400, id: 'leadscore.inbox.too_deep', path: '' },
    { name: 'form without required fields', type: 'application/x-www-form-urlencoded', body: 'contact%5Bemail%5D=a%40b.c', status: 400, id: 'leadscore.payload.required', path: '/schema' },
    { name: 'body over --max-body', body: JSON.stringify({ ...valid, padding: 'x'.repeat(70000) }), status: 413, id: 'leadscore.inbox.too_large', path: '' },
    { name: 'unsupported content type', type: 'application/xml', body: '<lead/>', status: 415, id: 'leadscore.inbox.unsupported_media_type', path: '' },
    { name: 'JSON in another charset', type: 'application/json; charset=iso-8859-1', body: JSON.stringify(valid), status: 415, id: 'leadscore.inbox.unsupported_media_type', path: '' },
    { name: 'no content type', type: null, body: JSON.stringify(valid), status: 415, id: 'leadscore.inbox.unsupported_media_type', path: '' },
  ];
  for (const c of cases) {
    const headers = c.type === null ? {} : { 'content-type': c.type ?? 'application/json' };
    const r = await request(server.base, { method: 'POST', path: '/leads', headers, body: c.body });
    assert.equal(r.status, c.status, `${c.name}: ${r.text}`);
    assert.equal(r.json?.error?.id, c.id, `${c.name}: ${r.text}`);
    assert.equal(typeof r.json.error.message, 'string');
    assert.ok(r.json.error.errors.length >= 1, c.name);
    assert.equal(r.json.error.errors[0].id, c.id, c.name);
    assert.equal(r.json.error.errors[0].path, c.path, c.name);
  }
  // Bytes that are not UTF-8 are refused, and the answer (which quotes where
  // parsing stopped) is still UTF-8 JSON.
  const notUtf8 = await request(server.base, {
    method: 'POST', path: '/leads', headers: { 'content-type': 'application/json' },
    body: Buffer.concat([Buffer.from('{"schema": "leadscore.lead/v1", "id": "x'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
  });
  assert.equal(notUtf8.status, 400);
  assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(notUtf8.bytes));
  assert.equal(notUtf8.json.error.id, 'leadscore.inbox.syntax');
  assert.match(notUtf8.json.error.message, /ill-formed UTF-8/);
  // Every problem is listed, by path.
  const many = await postJson(server.base, { schema: 'x', id: '', reason: 'whim', submitted_at: 5, contact: [] });
  assert.equal(many.status, 400);
  assert.deepEqual(many.json.error.errors.map((e) => [e.id, e.path]), [
    ['leadscore.payload.schema', '/schema'],
    ['leadscore.payload.empty', '/id'],
    ['leadscore.payload.required', '/visitor_id'],
    ['leadscore.payload.enum', '/reason'],
    ['leadscore.payload.type', '/submitted_at'],
    ['leadscore.payload.type', '/contact'],
  ]);
  assert.equal((await list(server.base)).count, 0);
  // And the connection-level size check holds for a body sent in chunks (no Content-Length).
  const chunked = await request(server.base, { method: 'POST', path: '/leads', headers: { 'content-type': 'application/json' }, chunks: ['{"padding": "', 'x'.repeat(40000), 'y'.repeat(40000), '"}'] });
  assert.equal(chunked.status, 413);
  assert.equal(chunked.json.error.id, 'leadscore.inbox.too_large');
  // The inbox still takes a good lead afterwards.
  assert.equal((await postJson(server.base, valid)).status, 201);
});

test('inbox: Expect: 100-continue is refused before the body when too large, continued when chunked; a bad Content-Length is 400', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const [tooLarge] = await rawConversation(server.base,
    'POST /leads HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\nExpect: 100-continue\r\n\r\n');
  assert.equal(statusOf(tooLarge), 413);  // answered without a byte of the body sent
  assert.equal(bodyOf(tooLarge).error.id, 'leadscore.inbox.too_large');

  const body = JSON.stringify(leadPayload('expect-1'));
  const answers = await rawConversation(server.base,
    'POST /leads HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n',
    (response, socket) => {
      if (response.startsWith('HTTP/1.1 100')) socket.write(`${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`);
    });
  assert.equal(statusOf(answers[0]), 100);
  assert.equal(statusOf(answers[1]), 201, answers[1]);

  const [badLength] = await rawConversation(server.base,
    'POST /leads HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: lots\r\n\r\n{}');
  assert.equal(statusOf(badLength), 400);
  assert.equal(bodyOf(badLength).error.id, 'leadscore.inbox.body');
  assert.match(badLength, /\r\nConnection: close\r\n/i);
  assert.deepEqual((await list(server.base)).leads.map((l) => l.id), ['expect-1']);
});

test('inbox: --max-body sets the limit', async (t) => {
  const server = await startServer({ args: ['--max-body', '2000'] });
  t.after(() => server.stop());
  const payload = leadPayload('small-1');
  assert.equal((await postJson(server.base, payload)).status, 201);
  const big = await postJson(server.base, { ...leadPayload('big-1'), padding: 'x'.repeat(2000) });
  assert.equal(big.status, 413);
  assert.match(big.json.error.message, /2000 bytes/);
});

test('inbox: GET /leads pages with limit and offset, in arrival order; bad values are refused', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  for (let i = 0; i < 5; i++) assert.equal((await postJson(server.base, leadPayload(`page-${i}`))).status, 201);
  const page = await list(server.base, '?limit=2&offset=1');
  assert.equal(page.count, 5);
  assert.deepEqual(page.leads.map((l) => l.id), ['page-1', 'page-2']);
  assert.deepEqual((await list(server.base, '?offset=4')).leads.map((l) => l.id), ['page-4']);
  assert.deepEqual((await list(server.base, '?limit=0')).leads, []);
  const bad = await request(server.base, { path: '/leads?limit=-1' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.id, 'leadscore.inbox.query');
  const wrongMethod = await request(server.base, { method: 'DELETE', path: '/leads' });
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.json.error.id, 'leadscore.inbox.method_not_allowed');
  assert.match(wrongMethod.headers.allow, /POST/);
});

// ------------------------------------------------------------------ CORS

test('CORS: an allowed origin may read the answer; another origin gets no CORS headers; preflight', async (t) => {
  const server = await startServer({ args: ['--allow-origin', 'https://shop.example', '--allow-origin', 'http://localhost:3000'] });
  t.after(() => server.stop());
  const allowed = await postJson(server.base, leadPayload('cors-1'), { origin: 'https://shop.example' });
  assert.equal(allowed.status, 201);
  assert.equal(allowed.headers['access-control-allow-origin'], 'https://shop.example');
  assert.match(allowed.headers.vary, /Origin/);

  const other = await postJson(server.base, leadPayload('cors-2'), { origin: 'https://evil.example' });
  assert.equal(other.headers['access-control-allow-origin'], undefined);
  const errorAllowed = await request(server.base, { method: 'POST', path: '/leads', headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' }, body: 'nope' });
  assert.equal(errorAllowed.status, 400);
  assert.equal(errorAllowed.headers['access-control-allow-origin'], 'http://localhost:3000');  // errors are readable too

  const preflight = await request(server.base, {
    method: 'OPTIONS', path: '/leads',
    headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], 'https://shop.example');
  assert.equal(preflight.headers['access-control-allow-methods'], 'GET, POST, OPTIONS');
  assert.equal(preflight.headers['access-control-allow-headers'], 'Content-Type, Authorization');
  assert.ok(Number(preflight.headers['access-control-max-age']) > 0);

  const refused = await request(server.base, { method: 'OPTIONS', path: '/leads', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  assert.equal(refused.headers['access-control-allow-origin'], undefined);
  assert.equal(refused.headers['access-control-allow-methods'], undefined);
  const listAllowed = await request(server.base, { path: '/leads', headers: { origin: 'https://shop.example' } });
  assert.equal(listAllowed.headers['access-control-allow-origin'], 'https://shop.example');
});

test('CORS: "*" allows any origin (echoed, with Vary: Origin) but not the opaque "null"; without the option nothing is sent', async (t) => {
  const any = await startServer({ args: ['--allow-origin', '*'] });
  t.after(() => any.stop());
  const r = await postJson(any.base, leadPayload('any-1'), { origin: 'https://anything.example' });
  assert.equal(r.headers['access-control-allow-origin'], 'https://anything.example');
  assert.match(r.headers.vary, /Origin/);
  const opaque = await request(any.base, { path: '/leads', headers: { origin: 'null' } });
  assert.equal(opaque.headers['access-control-allow-origin'], undefined);

  const none = await startServer();
  t.after(() => none.stop());
  const plain = await postJson(none.base, leadPayload('none-1'), { origin: 'https://shop.example' });
  assert.equal(plain.status, 201);
  assert.equal(plain.headers['access-control-allow-origin'], undefined);
});

// ------------------------------------------------------------------ static files

test('static: files with their content types, index.html for directories, CSP on HTML only', async (t) => {
  const csp = "script-src 'self' 'wasm-unsafe-eval'";
  const server = await startServer({ args: ['--csp', csp] });
  t.after(() => server.stop());
  const types = {
    '/': 'text/html; charset=utf-8',
    '/index.html': 'text/html; charset=utf-8',
    '/leadscore.js': 'text/javascript; charset=utf-8',
    '/leadscore-core.mjs': 'text/javascript; charset=utf-8',
    '/leadscore.wasm': 'application/wasm',
    '/leadscore.json': 'application/json',
    '/style.css': 'text/css; charset=utf-8',
    '/logo.svg': 'image/svg+xml',
    '/pixel.png': 'image/png',
    '/docs/': 'text/html; charset=utf-8',
  };
  for (const [path, type] of Object.entries(types)) {
    const r = await request(server.base, { path });
    assert.equal(r.status, 200, path);
    assert.equal(r.headers['content-type'], type, path);
    assert.equal(r.headers['content-security-policy'], type.startsWith('text/html') ? csp : undefined, path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', path);
  }
  assert.equal((await request(server.base, { path: '/' })).text, '<!doctype html><title>LeadScore demo</title>');
  assert.equal((await request(server.base, { path: '/docs/' })).text, '<p>docs</p>');
  const wasm = await request(server.base, { path: '/leadscore.wasm' });
  assert.equal(wasm.headers['content-length'], '8');

  const head = await request(server.base, { method: 'HEAD', path: '/style.css' });
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String('body { color: #123; }'.length));
  assert.equal(head.text, '');

  const redirect = await request(server.base, { path: '/docs?x=1' });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.location, '/docs/?x=1');
  assert.equal((await request(server.base, { path: '/assets/' })).status, 404);  // no index.html, no listing
  assert.equal((await request(server.base, { path: '/missing.js' })).status, 404);
  assert.equal((await request(server.base, { method: 'POST', path: '/index.html', headers: { 'content-type': 'text/plain' }, body: 'x' })).status, 404);
});

test('static: path traversal, encoded or not, absolute paths, dot-files and symlinks out of the root are 404', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const attempts = [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/docs/../../secret.txt',
    '/docs/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/docs/..%5c..%5csecret.txt',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/./index.html',
    '/.env',
    '/escape.txt',
    `/${'%2e%2e/'.repeat(8)}etc/passwd`,
  ];
  for (const path of attempts) {
    const raw = await rawRequest(server.base, `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    assert.equal(statusOf(raw), 404, `${path}: ${raw.slice(0, 200)}`);
    assert.doesNotMatch(raw, /outside the root|root:x:0/, path);
  }
  for (const target of ['http://localhost/etc/passwd', '/etc/passwd', 'etc/passwd']) {
    const raw = await rawRequest(server.base, `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    assert.notEqual(statusOf(raw), 200, target);
  }
});

// ------------------------------------------------------------------ durability and concurrency

test('restart: after SIGTERM, and after SIGKILL, every stored lead is still there, in order', async () => {
  const db = newDb();
  const root = makeSite();
  let server = await startServer({ db, root });
  const ids = Array.from({ length: 20 }, (_, i) => `restart-${String(i).padStart(2, '0')}`);
  for (const id of ids.slice(0, 10)) assert.equal((await postJson(server.base, leadPayload(id))).status, 201);
  assert.equal(await server.stop('SIGTERM'), 0);
  assert.match(server.stderr(), /stopped \(SIGTERM\)/);

  server = await startServer({ db, root });
  assert.deepEqual((await list(server.base)).leads.map((l) => l.id), ids.slice(0, 10));
  for (const id of ids.slice(10)) assert.equal((await postJson(server.base, leadPayload(id))).status, 201);
  assert.equal((await postJson(server.base, leadPayload(ids[0]))).status, 200);  // still a duplicate after the restart
  // A crash: committed rows are in the WAL, which the next open reads.
  assert.equal(await server.stop('SIGKILL'), 'SIGKILL');

  server = await startServer({ db, root });
  const all = await list(server.base);
  assert.equal(all.count, 20);
  assert.deepEqual(all.leads.map((l) => l.id), ids);
  assert.deepEqual(all.leads[19], leadPayload(ids[19]));
  assert.equal(await server.stop('SIGINT'), 0);
  assert.match(server.stderr(), /stopped \(SIGINT\)/);
});

test('concurrency: 200 parallel POSTs of 100 ids (each twice) store exactly 100 rows', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
  t.after(() => agent.destroy());
  const ids = Array.from({ length: 100 }, (_, i) => `burst-${i}`);
  const sends = [...ids, ...ids].map((id) => request(server.base, {
    method: 'POST', path: '/leads', agent,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(leadPayload(id)),
  }));
  const answers = await Promise.all(sends);
  const byStatus = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  assert.deepEqual(byStatus, { 200: 100, 201: 100 });
  // Exactly one of each id's two requests stored it.
  const stored = new Map();
  for (const a of answers) if (a.json.stored) stored.set(a.json.id, (stored.get(a.json.id) ?? 0) + 1);
  assert.equal(stored.size, 100);
  assert.ok([...stored.values()].every((n) => n === 1));
  const all = await list(server.base);
  assert.equal(all.count, 100);
  assert.deepEqual(new Set(all.leads.map((l) => l.id)), new Set(ids));
});

test('serve: a root that is not a directory or an unusable database is exit 2 with a message', async () => {
  const run = (args) => new Promise((resolve) => {
    const proc = spawn(cliPath, ['serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    proc.on('exit', (code) => resolve({ code, stderr }));
  });
  const noRoot = await run(['--db', newDb(), '--root', join(work, 'no-such-dir')]);
  assert.equal(noRoot.code, 2);
  assert.match(noRoot.stderr, /--root .*no-such-dir/);
  const badDb = await run(['--db', join(work, 'no-such-dir', 'inbox.sqlite'), '--root', makeSite()]);
  assert.equal(badDb.code, 2);
  assert.match(badDb.stderr, /cannot open .*inbox\.sqlite/);
  const notDb = join(work, 'not-a-db.sqlite');
  writeFileSync(notDb, 'this is not a database, just text that is long enough to have a header of sorts....');
  const garbage = await run(['--db', notDb, '--root', makeSite()]);
  assert.equal(garbage.code, 2);
  assert.match(garbage.stderr, /cannot open .*not-a-db\.sqlite: file is not a database/);
});

test('serve: a port in use or a host that is not an address is exit 2 with a message that says which', async () => {
  const run = (args) => new Promise((resolve) => {
    const proc = spawn(cliPath, ['serve', '--db', newDb(), '--root', makeSite(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    proc.on('exit', (code) => resolve({ code, stderr }));
  });
  const taken = net.createServer();
  taken.listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const port = taken.address().port;
  try {
    const inUse = await run(['--port', String(port)]);
    assert.equal(inUse.code, 2);
    assert.match(inUse.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: Address already in use`));
  } finally {
    taken.close();
  }
  // Not an IP address and no name that resolves: say so, not a stale errno
  // ("No such file or directory").
  const badHost = await run(['--port', '0', '--host', '999.1.1.1']);
  assert.equal(badHost.code, 2);
  assert.match(badHost.stderr, /cannot listen on 999\.1\.1\.1:0: 999\.1\.1\.1 is not an address or a host name that resolves \(.+\)/);
  assert.doesNotMatch(badHost.stderr, /No such file or directory/);
});
