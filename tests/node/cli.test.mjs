// The native `leadscore` CLI as a user runs it: exit codes, stdout/stderr,
// bad lines reported with their line numbers while the run continues.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, root, fixtures } from './support.mjs';

const run = (args, input) => spawnSync(cliPath, args, { input, encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'leadscore-cli-'));
const file = (name, text) => { const p = join(dir, name); writeFileSync(p, text); return p; };
const config = file('config.json', JSON.stringify({ version: 1, rules: [{ id: 'pv', event: 'page_view', points: 10 }] }));

test('validate: exit 0 for a valid config, nothing on stdout', () => {
  const r = run(['validate', join(root, 'demo', 'leadscore.json')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, '');
});

test('validate: exit 1 and one error per line, in document order', () => {
  const bad = file('bad.json', JSON.stringify({ version: 1, rules: [{ id: 'a', points: '5' }, { id: 'b', pionts: 5 }] }));
  const r = run(['validate', bad]);
  assert.equal(r.status, 1);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    '[leadscore.config.type] /rules/0/points: expected a number, got a string',
    '[leadscore.config.required] /rules/1/points: required key is missing',
    '[leadscore.config.unknown_key] /rules/1/pionts: unknown key (allowed: id, description, event, path, if, points, cap, dimension)',
  ]);
});

test('validate: text that is not JSON says where', () => {
  const r = run(['validate', file('syntax.json', '{"version": 1,\n  "rules": [}')]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^\[leadscore\.config\.syntax\] \/: .*line 2, column 13/);
});

test('validate: an unreadable file is exit 2', () => {
  const r = run(['validate', join(dir, 'missing.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot open .*missing\.json/);
});

test('score: one line per visitor in first-seen order; bad lines on stderr with line numbers; the run continues', () => {
  const events = [
    '{"visitor":"b","type":"page_view","url":"/","ts":1000}',
    'not json',
    '',
    '{"visitor":"a","type":"page_view","url":"/x","ts":2000}',
    '{"type":"page_view","url":"/","ts":3000}',
    '{"visitor":"c","type":"identify","ts":4000,"props":{"email":"' + 'x'.repeat(1001) + '"}}',
    '{"visitor":"b","type":"page_view","url":"/y","ts":5000}',
  ].join('\n') + '\n';
  const r = run(['score', '--config', config, '--now', '6000', '-'], events);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  // "c" had only a refused line: no line for it.
  assert.deepEqual(lines.map((l) => [l.visitor, l.score]), [['b', 20], ['a', 10]]);
  assert.deepEqual(Object.keys(lines[0]), ['visitor', 'score', 'fit', 'engagement', 'stage', 'journey', 'temperature', 'breakdown']);
  const errors = r.stderr.trim().split('\n');
  assert.match(errors[0], /^-:2: \[leadscore\.event\.syntax\]/);
  assert.match(errors[1], /^-:5: \[leadscore\.event\.required\] \/visitor:/);
  assert.match(errors[2], /^-:6: \[leadscore\.event\.too_large\] \/props\/email:/);
  assert.match(errors[3], /3 of 6 event lines skipped/);
});

test('score: --now as epoch ms and as ISO 8601 mean the same moment; decay follows it', () => {
  const decaying = file('decay.json', JSON.stringify({ version: 1, decay: { half_life_days: 1 }, rules: [{ id: 'pv', event: 'page_view', points: 8 }] }));
  const events = '{"visitor":"v","type":"page_view","url":"/","ts":1767225600000}\n';
  const iso = run(['score', '--config', decaying, '--now', '2026-01-02T00:00:00Z', '-'], events);
  const epoch = run(['score', '--config', decaying, '--now', String(1767225600000 + 86400000), '-'], events);
  const offset = run(['score', '--config', decaying, '--now', '2026-01-02T07:00:00+07:00', '-'], events);
  assert.equal(iso.stdout, epoch.stdout);
  assert.equal(offset.stdout, epoch.stdout);
  assert.equal(JSON.parse(iso.stdout).score, 4);
  const bad = run(['score', '--config', decaying, '--now', 'tomorrow', '-'], events);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--now/);
});

test('score: --detail prints the state with contact, attribution and transitions', () => {
  const events = '{"visitor":"v","type":"identify","ts":1000,"props":{"email":"a@acme.com"}}\n';
  const r = run(['score', '--config', config, '--now', '2000', '--detail', '-'], events);
  const state = JSON.parse(r.stdout);
  assert.equal(state.stage, 'lead');
  assert.deepEqual(state.contact, { email: 'a@acme.com' });
  assert.equal(state.transitions[0].cause, 'known contact');
});

test('score: an invalid config is exit 1 with its errors on stderr', () => {
  const r = run(['score', '--config', file('bad2.json', '{"version": 2}'), '-'], '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\[leadscore\.config\.version\] \/version: unsupported version 2/);
});

test('the demo config scores the sample visitors', () => {
  const r = run(['score', '--config', join(root, 'demo', 'leadscore.json'), '--now', '2026-01-08T12:00:00Z', join(root, 'demo', 'sample-events.ndjson')]);
  assert.equal(r.status, 0);
  const byVisitor = Object.fromEntries(r.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((s) => [s.visitor, s]));
  assert.equal(byVisitor['buyer-sam'].stage, 'sql');
  assert.equal(byVisitor['buyer-sam'].journey, 'decision');
  assert.equal(byVisitor['anon-blog-reader'].stage, 'visitor');
  assert.equal(byVisitor['researcher-linh'].stage, 'mql');
  assert.equal(byVisitor['jobseeker'].stage, 'lead');
  assert.ok(byVisitor['jobseeker'].score < 0);
  assert.equal(byVisitor['customer-ops'].stage, 'customer');
  assert.match(r.stderr, /sample-events\.ndjson:\d+: \[leadscore\.event\.type\] \/ts/);
});
