#!/usr/bin/env node
// Scoring throughput on the peer benchmark (200,000 events, 1,000 visitors,
// 25 rules), all in one run:
//   - native `leadscore score` end to end (process start, reading and parsing
//     the NDJSON, scoring, printing), wall time;
//   - the WebAssembly module through its public API in node: one NDJSON batch
//     (trackNdjson), and one event per call (track(JSON text));
//   - json-rules-engine 7.3.1 and the plain JS loop, by running the peer's own
//     ../shared/bench/peer-rules/bench-rules.js (events already parsed).
// Usage: node bench/bench-scoring.mjs [--runs 5] [--skip-peers]
// Needs the native and wasm builds (cmake --build --preset native / wasm).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const RUNS = Number(arg('runs', '5'));
const skipPeers = process.argv.includes('--skip-peers');
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const now = () => Number(process.hrtime.bigint()) / 1e6;
const fmt = (n) => Math.round(n).toLocaleString('en-US');

const workDir = join(root, 'build', 'bench');
mkdirSync(workDir, { recursive: true });
const eventsPath = join(workDir, 'events-200k.ndjson');
const text = gunzipSync(readFileSync(join(root, 'tests', 'fixtures', 'peer-rules', 'events-200k.ndjson.gz'))).toString('utf8');
writeFileSync(eventsPath, text);
const lines = text.split('\n').filter(Boolean);
const N = lines.length;
const configPath = join(root, 'bench', 'peer-rules.leadscore.json');
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const expected = JSON.parse(readFileSync(join(root, 'tests', 'fixtures', 'peer-rules', 'expected-200k-scores.json'), 'utf8'));
const NOW = '1767600000000';

const results = [];
const record = (name, times, note = '') => {
  const m = median(times);
  results.push({ name, ms: m, eps: N / (m / 1000), note });
  process.stderr.write(`${name}: ${times.map((t) => t.toFixed(1)).join(', ')} ms\n`);
};

// ---- native CLI, end to end
const cli = join(root, 'build', 'native', 'cli', 'leadscore');
if (!existsSync(cli)) throw new Error('build the native preset first: cmake --build --preset native');
{
  const times = [];
  let out = '';
  for (let r = 0; r < RUNS; r++) {
    const t0 = now();
    out = execFileSync(cli, ['score', '--config', configPath, '--now', NOW, eventsPath], { maxBuffer: 1 << 28, encoding: 'utf8' });
    times.push(now() - t0);
  }
  const scores = out.trim().split('\n').map((l) => JSON.parse(l));
  const agree = scores.length === 1000 && scores.every((s) => s.score === expected[s.visitor]);
  record('native leadscore score (end to end, incl. process start)', times, agree ? 'all 1,000 scores exact' : 'SCORES DIFFER');
}

// ---- WebAssembly through its public API
const { default: createLeadScoreCore } = await import(join(root, 'dist', 'leadscore-core.mjs'));
const { coreClass } = await import(join(root, 'web', 'core.js'));
const Core = coreClass(await createLeadScoreCore({ wasmBinary: readFileSync(join(root, 'dist', 'leadscore.wasm')) }));
{
  const times = [];
  let agree = false;
  for (let r = 0; r < RUNS; r++) {
    const core = new Core();
    core.loadConfig(config);
    const t0 = now();
    core.trackNdjson(text);
    times.push(now() - t0);
    agree = core.standings(Number(NOW)).every((s) => s.score === expected[s.visitor]);
    core.delete();
  }
  record('wasm trackNdjson (one batch of NDJSON text)', times, agree ? 'all 1,000 scores exact' : 'SCORES DIFFER');
}
{
  const times = [];
  let agree = false;
  for (let r = 0; r < RUNS; r++) {
    const core = new Core();
    core.loadConfig(config);
    const t0 = now();
    for (let i = 0; i < N; i++) core.track(lines[i]);
    times.push(now() - t0);
    agree = core.standings(Number(NOW)).every((s) => s.score === expected[s.visitor]);
    core.delete();
  }
  record('wasm track(event JSON), one call per event', times, agree ? 'all 1,000 scores exact' : 'SCORES DIFFER');
}

// ---- the peers, from the same run
let peers = null;
const peerDir = join(root, '..', 'shared', 'bench', 'peer-rules');
if (!skipPeers && existsSync(join(peerDir, 'bench-rules.js'))) {
  // bench-rules.js writes beside itself: run a copy, with our node_modules (json-rules-engine 7.3.1).
  const dir = mkdtempSync(join(tmpdir(), 'peer-rules-'));
  for (const f of ['bench-rules.js', 'rules-json-rules-engine.json']) cpSync(join(peerDir, f), join(dir, f));
  writeFileSync(join(dir, 'events-200k.ndjson'), text);
  writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  process.stderr.write('running json-rules-engine and the plain JS loop (about a minute per run)...\n');
  const run = spawnSync('node', ['bench-rules.js', '--runs', '1', '--events', 'events-200k.ndjson'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status === 0) peers = JSON.parse(readFileSync(join(dir, 'results', 'bench-rules.json'), 'utf8'));
  else process.stderr.write(`peer benchmark failed (${run.status})\n`);
}
if (peers) {
  results.push({ name: `json-rules-engine ${peers.env.json_rules_engine} (events already parsed)`, ms: peers.json_rules_engine.median_ms, eps: peers.json_rules_engine.events_per_s, note: `agreement ${peers.agreement.agree ? 'exact' : 'MISMATCH'}` });
  results.push({ name: 'plain hand-written JS loop (events already parsed)', ms: peers.plain_js.median_ms, eps: peers.plain_js.events_per_s, note: '' });
  results.push({ name: 'JSON.parse of the NDJSON alone', ms: peers.ndjson_parse.median_ms, eps: N / (peers.ndjson_parse.median_ms / 1000), note: '' });
}

const jre = results.find((r) => r.name.startsWith('json-rules-engine'));
const plain = results.find((r) => r.name.startsWith('plain'));
console.log(`\nScoring ${fmt(N)} events of 1,000 visitors with 25 rules (median of ${RUNS}; ${cpus()[0].model}, ${cpus().length} cores, node ${process.version})\n`);
console.log('| implementation | median ms | events/s | vs json-rules-engine | vs plain JS | note |');
console.log('|---|---:|---:|---:|---:|---|');
for (const r of results) {
  const vs = (p) => (p ? `${(r.eps / p.eps).toFixed(1)}x` : 'n/a');
  console.log(`| ${r.name} | ${r.ms.toFixed(1)} | ${fmt(r.eps)} | ${vs(jre)} | ${vs(plain)} | ${r.note} |`);
}
console.log('\nTargets: native >= 2,000,000 events/s end to end; wasm >= 1,000,000 events/s.');
