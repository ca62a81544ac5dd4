#!/usr/bin/env node
// Lead inbox throughput: `leadscore serve` on loopback (port 0, a fresh SQLite
// file) takes a stream of POST /leads from concurrent keep-alive clients, the
// way many pages' senders would: realistic leadscore.lead/v1 payloads, about
// 30% repeating the id of an earlier request (at-least-once delivery retries),
// about 3% malformed (not JSON, missing fields, wrong schema), a tenth sent
// form-urlencoded and some as text/plain (sendBeacon). Afterwards GET /leads
// must count exactly the unique valid ids. Prints requests/s, latency
// percentiles and the counts. A script, not a test.
// Usage: node bench/bench-inbox.mjs [--requests 10000] [--concurrency 64]
//        [--duplicates 0.3] [--malformed 0.03] [--db-dir build/bench]
// Needs the native build (cmake --build --preset native).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import http from 'node:http';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const REQUESTS = Number(arg('requests', '10000'));
const CONCURRENCY = Number(arg('concurrency', '64'));
const DUPLICATES = Number(arg('duplicates', '0.3'));
const MALFORMED = Number(arg('malformed', '0.03'));
const dbDir = arg('db-dir', join(root, 'build', 'bench'));
const cli = join(root, 'build', 'native', 'cli', 'leadscore');
if (!existsSync(cli)) throw new Error('build the native preset first: cmake --build --preset native');

// A fixed seed: every run sends the same requests in the same order.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20260105);
const pick = (list) => list[Math.floor(random() * list.length)];

function payload(id, n) {
  const at = (ms) => new Date(Date.UTC(2026, 0, 5, 8) + ms).toISOString();
  return {
    schema: 'leadscore.lead/v1', id, visitor_id: `visitor-${n % 4000}`,
    reason: random() < 0.7 ? 'form_submit' : 'stage_change', submitted_at: at(n * 1000),
    form: 'demo-request',
    contact: { email: `lead${n}@${pick(['acme.com', 'globex.vn', 'initech.co.th', 'gmail.com'])}`, first_name: pick(['Linh', 'Somchai', 'Dariush', 'Ana']), company: pick(['Công ty ACME', 'บริษัท โกลเบกซ์', 'شرکت نمونه', 'Initech']), job_title: pick(['Giám đốc', 'VP Sales', 'Engineer']) },
    stage: pick(['lead', 'mql', 'sql']), journey: pick(['awareness', 'consideration', 'decision']), temperature: pick(['cold', 'warm', 'hot']),
    score: {
      total: 40 + (n % 60), fit: 20, engagement: 20 + (n % 60),
      breakdown: [{ rule: 'pricing', dimension: 'engagement', fired: 2, points: 30 }, { rule: 'corp', dimension: 'fit', fired: 1, points: 20 }],
    },
    attribution: { first: { source: 'google', medium: 'cpc', campaign: 'spring', landing_page: '/pricing', at: at(0) } },
    activity: { sessions: 1 + (n % 5), page_views: 3 + (n % 20), events: 10 + n % 50, first_seen: at(0), last_seen: at(n * 1000), recent_pages: [{ path: '/pricing', at: at(n * 1000) }] },
    consent: { granted: true, text: 'I agree to be contacted', at: at(n * 1000) },
    page: { url: 'https://example.com/demo', title: 'Book a demo' },
  };
}

function formEncoded(value) {
  const pairs = [];
  const walk = (name, v) => {
    if (Array.isArray(v)) v.forEach((e, i) => walk(`${name}[${i}]`, e));
    else if (v !== null && typeof v === 'object') for (const [k, e] of Object.entries(v)) walk(name ? `${name}[${k}]` : k, e);
    else if (v !== null && v !== undefined) pairs.push([name, String(v)]);
  };
  walk('', value);
  return new URLSearchParams(pairs).toString();
}

// ---- the requests, generated up front so that the clients only send
const requests = [];
const uniqueIds = [];
const expected = { 201: 0, 200: 0, 400: 0 };
for (let i = 0; i < REQUESTS; i++) {
  const r = random();
  let body, type, kind;
  if (r < MALFORMED) {
    kind = 'malformed';
    const p = payload(`bad-${i}`, i);
    const which = i % 3;
    if (which === 0) body = JSON.stringify(p).slice(0, 120);  // cut short: not JSON
    else if (which === 1) { delete p.submitted_at; body = JSON.stringify(p); } else body = JSON.stringify({ ...p, schema: 'leadscore.lead/v0' });
    type = 'application/json';
    expected[400]++;
  } else {
    kind = r < MALFORMED + DUPLICATES && uniqueIds.length > 0 ? 'duplicate' : 'new';
    const id = kind === 'duplicate' ? pick(uniqueIds) : `lead-${String(uniqueIds.length).padStart(6, '0')}`;
    if (kind === 'new') uniqueIds.push(id);
    const p = payload(id, Number(id.slice(5)));
    const format = random();
    if (format < 0.1) { body = formEncoded(p); type = 'application/x-www-form-urlencoded'; } else if (format < 0.15) { body = JSON.stringify(p); type = 'text/plain;charset=UTF-8'; } else { body = JSON.stringify(p); type = 'application/json'; }
    expected[kind === 'new' ? 201 : 200]++;
  }
  requests.push({ body: Buffer.from(body), type, kind });
}

// ---- the server
mkdirSync(dbDir, { recursive: true });
const work = mkdtempSync(join(dbDir, 'inbox-'));
const db = join(work, 'inbox.sqlite');
const server = spawn(cli, ['serve', '--port', '0', '--db', db, '--root', work], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => { out += d; const m = /on (http:\/\/[^\s,]+), inbox/.exec(out); if (m) resolve(new URL(m[1])); });
  server.on('exit', (code) => reject(new Error(`leadscore serve exited (${code})`)));
});

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function send(req) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const r = http.request({ host: base.hostname, port: base.port, method: 'POST', path: '/leads', agent, headers: { 'content-type': req.type, 'content-length': req.body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

// ---- the run: CONCURRENCY clients, each sending the next request when its last one is answered
const latencies = new Float64Array(REQUESTS);
const statuses = {};
let next = 0;
const t0 = process.hrtime.bigint();
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (next < REQUESTS) {
    const i = next++;
    const { status, ms } = await send(requests[i]);
    latencies[i] = ms;
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
}));
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

const listed = await new Promise((resolve, reject) => {
  http.get({ host: base.hostname, port: base.port, path: '/leads?limit=0', agent }, (res) => {
    let text = '';
    res.on('data', (d) => { text += d; });
    res.on('end', () => resolve(JSON.parse(text)));
  }).on('error', reject);
});
agent.destroy();
server.kill('SIGTERM');
const [exitCode] = await once(server, 'exit');

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const count = (k) => requests.filter((r) => r.kind === k).length;
const statusesMatch = [201, 200, 400].every((s) => (statuses[s] ?? 0) === expected[s]) && Object.keys(statuses).length === 3;
const countMatches = listed.count === uniqueIds.length;

console.log(`\nLead inbox: ${REQUESTS.toLocaleString('en-US')} POST /leads from ${CONCURRENCY} concurrent keep-alive clients`);
console.log(`(${cpus()[0].model}, ${cpus().length} cores, node ${process.version}; SQLite file in ${dbDir}, client and server on the same machine)\n`);
console.log('| measure | value |');
console.log('|---|---:|');
console.log(`| requests/s | ${Math.round(REQUESTS / seconds).toLocaleString('en-US')} |`);
console.log(`| wall time | ${seconds.toFixed(2)} s |`);
console.log(`| latency p50 | ${pct(50).toFixed(2)} ms |`);
console.log(`| latency p90 | ${pct(90).toFixed(2)} ms |`);
console.log(`| latency p99 | ${pct(99).toFixed(2)} ms |`);
console.log(`| latency max | ${sorted[sorted.length - 1].toFixed(2)} ms |`);
console.log(`| sent: new / duplicate / malformed | ${count('new')} / ${count('duplicate')} / ${count('malformed')} |`);
console.log(`| answered 201 / 200 / 400 | ${statuses[201] ?? 0} / ${statuses[200] ?? 0} / ${statuses[400] ?? 0}${statusesMatch ? '' : `  MISMATCH (all: ${JSON.stringify(statuses)})`} |`);
console.log(`| GET /leads count vs unique valid ids | ${listed.count} vs ${uniqueIds.length} ${countMatches ? '(equal)' : 'MISMATCH'} |`);
console.log(`| database size after the run | ${(statSync(db).size / 1e6).toFixed(1)} MB |`);
console.log(`| server exit after SIGTERM | ${exitCode} |`);
if (!statusesMatch || !countMatches || exitCode !== 0) process.exitCode = 1;
