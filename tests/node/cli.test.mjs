// The native `leadscore` CLI as a user runs it: exit codes, stdout/stderr,
// bad lines reported with their line numbers while the run continues.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, root, fixtures } from './support.mjs';

const run = (args, input) => spawnSync(cliPath, args, { input, encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'leadscore-cli-'));
const file = (name, text) => { const p = join(dir, name); writeFileSync(p, text); return p; };
const config = file('config.json', JSON.stringify({ version: 1, rules: [{ id: 'pv', event: 'page_view', points: 10 }] }));

test('a mistyped subcommand is named as unknown, with the ones there are (exit 2)', () => {
  for (const args of [['scroe', '--config', config, 'x.ndjson'], ['Validate', config]]) {
    const r = run(args);
    assert.equal(r.status, 2, args[0]);
    assert.match(r.stderr, new RegExp(`unknown subcommand "${args[0]}" \\(validate, score, serve, backtest\\)`), r.stderr);
  }
  const none = run([]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /A subcommand is required/);
});

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

test('validate: an event name a typo away from a built-in one is a warning with a suggestion, and the config passes (exit 0)', () => {
  const typo = file('typo.json', JSON.stringify({ version: 1, rules: [
    { id: 'pv', event: 'page_view', points: 1 },
    { id: 'signup', event: 'signup', points: 5 },
    { id: 'pricing', event: 'page_veiw', path: '/pricing', points: 15 },
  ] }));
  const r = run(['validate', typo]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    'warning: [leadscore.config.unknown_event] /rules/2/event: "page_veiw" is not a built-in event; did you mean "page_view"?',
  ]);
  // Next to errors, after them: exit 1 for the errors.
  const both = run(['validate', file('typo-bad.json', JSON.stringify({ version: 1, rules: [{ id: 'a', event: 'dwel', points: '5' }] }))]);
  assert.equal(both.status, 1);
  assert.deepEqual(both.stdout.trim().split('\n'), [
    '[leadscore.config.type] /rules/0/points: expected a number, got a string',
    'warning: [leadscore.config.unknown_event] /rules/0/event: "dwel" is not a built-in event; did you mean "dwell"?',
  ]);
});

test('validate: a regular expression pasted where a glob belongs is a warning with the glob it means; ordinary paths say nothing (exit 0)', () => {
  const demo = JSON.parse(readFileSync(join(root, 'demo', 'leadscore.json'), 'utf8'));
  assert.equal(demo.rules[1].path, '/blog/**');
  demo.rules[1].path = '^/blog/.*$';
  demo.journey.tags[1].path = ['/customers/**', '/pricing.html', '/a.b/*', '/files/report.*'];
  const r = run(['validate', file('regex.json', JSON.stringify(demo, null, 2))]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    'warning: [leadscore.config.regex] /rules/1/path: "^/blog/.*$" looks like a regular expression, but this is a glob ' +
      '(* any run of characters but "/", ** any run, ? one character, the rest as written); did you mean "/blog/**"?',
  ]);
});

test('validate: text that is not JSON says where', () => {
  const r = run(['validate', file('syntax.json', '{"version": 1,\n  "rules": [}')]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^\[leadscore\.config\.syntax\] \/: .*line 2, column 13/);
});

test('validate and score: a key given twice is an error by its path, not a silent "last one wins"', () => {
  const twice = file('twice.json', '{"version": 1,\n "rules": [{"id": "pv", "event": "page_view", "points": 5, "points": 50}],\n "rules": []}');
  const r = run(['validate', twice]);
  assert.equal(r.status, 1);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    '[leadscore.config.duplicate_key] /rules: given twice',
  ]);
  const events = file('twice-events.ndjson', '{"visitor":"a","type":"page_view","url":"/","ts":1000}\n');
  const s = run(['score', '--config', twice, events]);
  assert.equal(s.status, 1);
  assert.equal(s.stdout, '');
  assert.match(s.stderr, /twice\.json: \[leadscore\.config\.duplicate_key\] \/rules: /);
});

test('validate: a number too big for any double says where it is, as other syntax errors do', () => {
  const r = run(['validate', file('huge.json', '{\n  "version": 1,\n  "rules": [{"id": "a", "points": 1e400}]\n}')]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '[leadscore.config.syntax] /: not a JSON document: line 3, column 35: number out of range\n');
});

// A config saved in Windows-1252 ("Café" with the one byte E9) and one with a
// lone surrogate escape: the CLI says where, in the widget's words
// (tests/node/wasm-core.test.mjs, tests/browser/failures.test.mjs); nlohmann
// said the byte after the bad one, and the end of the escape.
test('validate: text that is not UTF-8 or holds a lone surrogate is refused at the offending byte', () => {
  const latin1 = file('latin1.json', Buffer.from('{\n  "version": 1,\n  "name": "Caf\u00e9 launch"\n}', 'latin1'));
  const r = run(['validate', latin1]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '[leadscore.config.syntax] /: not a JSON document: line 3, column 15: invalid UTF-8 in string\n');
  const lone = run(['validate', file('lone.json', '{"version": 1, "name": "Spring \\ud800 sale"}')]);
  assert.equal(lone.stdout, '[leadscore.config.syntax] /: not a JSON document: line 1, column 32: unpaired surrogate\n');
  // After a UTF-8 byte order mark, columns count from the first character (nlohmann counted the mark's three bytes).
  const bom = run(['validate', file('bom.json', '\ufeff{"version": 1,}')]);
  assert.equal(bom.stdout, '[leadscore.config.syntax] /: not a JSON document: line 1, column 15: expected a member name\n');
  assert.equal(run(['validate', file('bom-valid.json', '\ufeff{"version": 1}')]).status, 0);
});

test('validate: one error per line even when a key or value holds a line break or a NUL', () => {
  const r = run(['validate', file('newlines.json', '{"version": 1, "bad\\nkey\\u0000x": 1, "rules": [{"id": "a\\nb", "event": "x", "points": 1}]}')]);
  assert.equal(r.status, 1);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    '[leadscore.config.unknown_key] /bad\\nkey\\u0000x: unknown key (allowed: $schema, version, name, session_timeout_minutes, decay, rules, fit, lifecycle, temperature, journey, offers, gates, privacy, forms, delivery, labels)',
    '[leadscore.config.identifier] /rules/0/id: "a\\nb" is not an identifier (1-64 of A-Z a-z 0-9 _ . -)',
  ]);
});

test('a config nested far too deep is refused (exit 1), by validate, score and backtest, never a crash', () => {
  const deep = file('deep.json', '{"version": 1, "rules": ' + '['.repeat(100000) + ']'.repeat(100000) + '}');
  const events = file('deep-events.ndjson', '{"visitor":"a","type":"page_view","url":"/","ts":1000}\n');
  const v = run(['validate', deep]);
  assert.equal(v.status, 1, v.stderr);
  assert.equal(v.stdout, '[leadscore.config.syntax] /: not a JSON document: nested deeper than 64 levels\n');
  for (const args of [['score', '--config', deep, events], ['backtest', '--config', deep, '--events', events, '--outcomes', join(fixtures, 'backtest', 'outcomes.csv')]]) {
    const r = run(args);
    assert.equal(r.status, 1, args[0] + ': ' + r.stderr);
    assert.match(r.stderr, /deep\.json: \[leadscore\.config\.syntax\] \/: not a JSON document: nested deeper than 64 levels/);
  }
});

test('validate: an unreadable file is exit 2', () => {
  const r = run(['validate', join(dir, 'missing.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot open .*missing\.json/);
});

test('a directory given as a file is exit 2 with its name, for validate and for score events and config', () => {
  for (const args of [['validate', dir], ['score', '--config', dir, join(dir, 'x.ndjson')], ['score', '--config', config, dir]]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /cannot read .*: it is a directory/, args.join(' '));
  }
});

test('score: one line per visitor in first-seen order; bad lines on stderr with line numbers; the run continues', () => {
  const events = [
    '{"visitor":"b","type":"page_view","url":"/","ts":1767600001000}',
    'not json',
    '',
    '{"visitor":"a","type":"page_view","url":"/x","ts":1767600002000}',
    '{"type":"page_view","url":"/","ts":1767600003000}',
    '{"visitor":"c","type":"identify","ts":1767600004000,"props":{"email":"' + 'x'.repeat(1001) + '"}}',
    '{"visitor":"b","type":"page_view","url":"/y","ts":1767600005000}',
  ].join('\n') + '\n';
  const r = run(['score', '--config', config, '--now', '1767600006000', '-'], events);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  // "c" had only a refused line: no line for it.
  assert.deepEqual(lines.map((l) => [l.visitor, l.score]), [['b', 20], ['a', 10]]);
  assert.deepEqual(Object.keys(lines[0]), ['visitor', 'score', 'fit', 'engagement', 'stage', 'journey', 'temperature', 'breakdown']);
  const errors = r.stderr.trim().split('\n');
  assert.equal(errors[0], 'leadscore: -: 3 of 6 event lines skipped: 1 not JSON (first: line 2), ' +
    '1 missing a required field (first: line 5), 1 too large (first: line 6)');
  assert.match(errors[1], /^-:2: \[leadscore\.event\.syntax\]/);
  assert.match(errors[2], /^-:5: \[leadscore\.event\.required\] \/visitor:/);
  assert.match(errors[3], /^-:6: \[leadscore\.event\.too_large\] \/props\/email:/);
  assert.equal(errors.length, 4);
});

test('score and backtest: with many event lines refused, a summary by reason comes first on stderr, then at most 10 of them and how many more', () => {
  const good = '{"visitor":"a","type":"page_view","url":"/","ts":1767600000000}';
  const noTime = '{"visitor":"b","type":"page_view","url":"/"}';
  // Line 1 scores; lines 2-21 are not JSON, lines 22-26 have no "ts".
  const events = file('many-refused.ndjson', [good, ...Array(20).fill('not json'), ...Array(5).fill(noTime)].join('\n') + '\n');
  const summary = `leadscore: ${events}: 25 of 26 event lines skipped: 20 not JSON (first: line 2), ` +
    '5 missing a required field (first: line 22)';
  const listed = (said) => said.slice(1, 11).map((l) => Number(l.slice(events.length + 1).split(':')[0]));
  const r = run(['score', '--config', config, events]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').map((l) => JSON.parse(l).visitor), ['a']);
  const said = r.stderr.trim().split('\n');
  assert.equal(said[0], summary);
  assert.deepEqual(listed(said), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.equal(said[11], `leadscore: ${events}: and 15 more event lines skipped`);
  assert.equal(said.length, 12, r.stderr);
  const bt = run(['backtest', '--config', config, '--events', events, '--outcomes', file('many-refused.csv', 'visitor,converted\na,1\n')]);
  assert.equal(bt.status, 0, bt.stderr);
  assert.equal(JSON.parse(bt.stdout).counts.event_lines_skipped, 25);
  const btSaid = bt.stderr.trim().split('\n');
  assert.equal(btSaid[0], summary);
  assert.deepEqual(listed(btSaid), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.equal(btSaid[11], `leadscore: ${events}: and 15 more event lines skipped`);
  assert.equal(btSaid.length, 12, bt.stderr);
});

test('score: a UTF-8 byte order mark at the start of the events file is skipped, not the first event', () => {
  const line = (v) => `{"visitor":"${v}","type":"page_view","url":"/","ts":1767600001000}`;
  const r = run(['score', '--config', config, '--now', '1767600001000', file('bom.ndjson', '\ufeff' + line('a') + '\r\n' + line('b') + '\r\n')]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(r.stdout.trim().split('\n').map((l) => JSON.parse(l).visitor), ['a', 'b']);
  const stdin = run(['score', '--config', config, '--now', '1767600001000', '-'], '\ufeff' + line('c') + '\n');
  assert.equal(stdin.stderr, '');
  assert.equal(JSON.parse(stdin.stdout).visitor, 'c');
});

test('score and backtest: the config and an input cannot both be standard input (exit 2, said plainly)', () => {
  const events = '{"visitor":"a","type":"page_view","url":"/","ts":1000}\n';
  const score = run(['score', '--config', '-', '--now', '1000', '-'], JSON.stringify({ version: 1 }) + '\n' + events);
  assert.equal(score.status, 2, score.stderr);
  assert.match(score.stderr, /--config and EVENTS cannot both be standard input/);
  assert.equal(score.stdout, '');
  const outcomes = join(fixtures, 'backtest', 'outcomes.csv');
  const backtest = run(['backtest', '--config', '-', '--events', '-', '--outcomes', outcomes], JSON.stringify({ version: 1 }) + '\n' + events);
  assert.equal(backtest.status, 2, backtest.stderr);
  assert.match(backtest.stderr, /--config and --events cannot both be standard input/);
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

test('score: without --now a log is scored as of its latest event, as backtest does: the same file gives the same scores any day', () => {
  const decaying = file('decay-default.json', JSON.stringify({ version: 1, decay: { half_life_days: 1 }, rules: [{ id: 'pv', event: 'page_view', points: 8 }] }));
  // Two views in January 2026, a day apart; the second is the latest event in the log.
  const events = file('january.ndjson', [
    '{"visitor":"v","type":"page_view","url":"/","ts":1767225600000}',
    '{"visitor":"w","type":"page_view","url":"/","ts":1767312000000}',
  ].join('\n') + '\n');
  const r = run(['score', '--config', decaying, events]);
  assert.equal(r.status, 0, r.stderr);
  const scores = r.stdout.trim().split('\n').map((l) => JSON.parse(l).score);
  assert.deepEqual(scores, [4, 8]); // v's view is a day (one half-life) old; w's is the latest
  assert.equal(r.stdout, run(['score', '--config', decaying, '--now', '2026-01-02T00:00:00Z', events]).stdout);
  // --now still overrides: a day later both are a half-life older.
  const later = run(['score', '--config', decaying, '--now', '2026-01-03T00:00:00Z', events]);
  assert.deepEqual(later.stdout.trim().split('\n').map((l) => JSON.parse(l).score), [2, 4]);
  // The demo's sample visitors: the same scores without --now as at their last event.
  const demo = ['--config', join(root, 'demo', 'leadscore.json'), join(root, 'demo', 'sample-events.ndjson')];
  assert.equal(run(['score', ...demo]).stdout, run(['score', '--now', '2026-01-07T08:08:00Z', ...demo]).stdout); // its latest event
  assert.match(run(['score', '--help']).stdout, /default: the latest event in the log/);
});

test('score and backtest: "ts" in seconds instead of milliseconds is said once, naming the first line; the events are still scored as given', () => {
  const seconds = file('seconds.ndjson', [
    '{"visitor":"a","type":"page_view","url":"/","ts":1767600000000}',
    '{"visitor":"b","type":"page_view","url":"/","ts":1767600000}',
    '{"visitor":"b","type":"page_view","url":"/pricing","ts":1767600060}',
  ].join('\n') + '\n');
  const said = `leadscore: ${seconds}:2: "ts" 1767600000 looks like seconds, not milliseconds ` +
    `(it is ${new Date(1767600000).toISOString()}); 2 of 3 events have such a time and are scored as given: ` +
    'write "ts" in epoch milliseconds';
  const r = run(['score', '--config', config, '--now', '1767600000000', seconds]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((s) => [s.visitor, s.score]), [['a', 10], ['b', 20]]);
  assert.deepEqual(r.stderr.trim().split('\n'), [said]);
  for (const threads of ['1', '3']) {
    assert.equal(run(['score', '--config', config, '--now', '1767600000000', '--threads', threads, seconds]).stderr, r.stderr, threads);
  }
  const outcomes = file('seconds-outcomes.csv', 'visitor,converted\na,1\nb,0\n');
  const bt = run(['backtest', '--config', config, '--events', seconds, '--outcomes', outcomes]);
  assert.equal(bt.status, 0, bt.stderr);
  assert.equal(JSON.parse(bt.stdout).counts.with_outcome, 2);
  assert.deepEqual(bt.stderr.trim().split('\n'), [said]);
  // Milliseconds, as the widget writes them: nothing said.
  const ms = run(['score', '--config', config, file('ms.ndjson', '{"visitor":"a","type":"page_view","url":"/","ts":1767600000000}\n')]);
  assert.equal(ms.stderr, '');
});

test('score and backtest: an empty --now (an unset shell variable) is refused, not read as "use the clock"', () => {
  const events = file('now-empty.ndjson', '{"visitor":"a","type":"page_view","url":"/","ts":1000}\n');
  const score = run(['score', '--config', config, '--now', '', events]);
  assert.equal(score.status, 2, score.stdout);
  assert.match(score.stderr, /--now: "" is not epoch milliseconds or ISO 8601/);
  assert.equal(score.stdout, '');
  const bt = join(fixtures, 'backtest');
  const backtest = run(['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'), '--outcomes', join(bt, 'outcomes.csv'), '--now', '']);
  assert.equal(backtest.status, 2);
  assert.match(backtest.stderr, /--now: "" is not epoch milliseconds or ISO 8601/);
});

test('score: --now refuses a day the month does not have instead of counting on into the next month', () => {
  const events = file('now-day.ndjson', '{"visitor":"a","type":"page_view","url":"/","ts":1000}\n');
  for (const bad of ['2026-02-30', '2026-02-29', '2026-04-31T08:00:00Z', '2026-01-05T08:00:00+25:00']) {
    const r = run(['score', '--config', config, '--now', bad, events]);
    assert.equal(r.status, 2, bad);
    assert.match(r.stderr, /--now: ".*" is not epoch milliseconds or ISO 8601/, bad);
  }
  assert.equal(run(['score', '--config', config, '--now', '2024-02-29', events]).status, 0);
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

test('output that cannot be written (a full disk) is an error, exit 2, not a silent success', () => {
  const bt = join(fixtures, 'backtest');
  const events = file('full.ndjson', '{"visitor":"a","type":"page_view","url":"/","ts":1000}\n');
  const cases = [
    ['score', '--config', config, '--now', '1000', events],
    ['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'), '--outcomes', join(bt, 'outcomes.csv')],
    ['validate', file('full-bad.json', '{"version": 2}')],
  ];
  for (const args of cases) {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(cliPath, args, { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, /leadscore: cannot write to standard output: No space left on device/, args[0]);
    } finally {
      closeSync(full);
    }
  }
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

test('the demo config gives a company size chosen from its forms\' bands the fit points of a number in that band', () => {
  const pairs = [['1-10', 5], ['51-200', 120], ['201-1000', 250], ['1000+', 2400]];
  const lines = pairs.flatMap(([band, n], i) => [
    { visitor: `band-${i}`, type: 'identify', ts: 1767600000000, url: 'https://northwind.example/', props: { email: `b${i}@acme.example`, company_size: band } },
    { visitor: `number-${i}`, type: 'identify', ts: 1767600000000, url: 'https://northwind.example/', props: { email: `n${i}@acme.example`, company_size: n } },
  ]);
  const events = file('company-sizes.ndjson', lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const r = run(['score', '--config', join(root, 'demo', 'leadscore.json'), events]);
  assert.equal(r.status, 0, r.stderr);
  const fit = Object.fromEntries(r.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((s) => [s.visitor, s.fit]));
  assert.deepEqual(pairs.map((_, i) => fit[`band-${i}`]), pairs.map((_, i) => fit[`number-${i}`]));
  assert.deepEqual(pairs.map((_, i) => fit[`number-${i}`]), [0, 10, 10, 20]);
});

// ---- backtest: tests/fixtures/backtest holds 11 visitors whose figures are
// worked out by hand in the comments below (BOM + CRLF outcomes, quoted ids,
// a refused event line, a duplicate and a bad outcome row).
const bt = join(fixtures, 'backtest');
const btArgs = (...more) => ['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'),
  '--outcomes', join(bt, 'outcomes.csv'), ...more];

test('backtest: counts, AUC with ties, stages, lift and thresholds of the fixture', () => {
  const r = run(btArgs());
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.schema, 'leadscore.backtest/v1');
  assert.equal(report.now, 1767227940000); // the last event
  assert.deepEqual(report.counts, {
    event_lines: 40, event_lines_skipped: 1, visitors_scored: 10,
    outcome_rows: 12, outcome_rows_skipped: 2, outcome_rows_without_events: 1, // v10: its only line was refused
    visitors_without_outcome: 1, // v11
    with_outcome: 9, converted: 4, base_rate: 0.4444,
  });
  // scores (converted*): v1 70*, v4 60*, v2 50*, v3 50, ana 30, v5 20, v8 20*, v6 10, v7 10
  // pairs won: 5 + 5 + 4.5 (tie with v3) + 2.5 (tie with v5) = 17 of 20
  assert.deepEqual(report.auc, { score: 0.85, fit: 0.625, engagement: 0.775 });
  // mql reached by v1, v2, v3, v8, ana (v4 is anonymous); sql by v1 (70) and v8 (demo request with fit)
  assert.deepEqual(report.stages.mql, {
    stage: 'mql', min_total: 30, reached: 5, true_positives: 3, false_positives: 2, false_negatives: 1,
    true_negatives: 3, precision: 0.6, recall: 0.75, f1: 0.6667,
  });
  assert.equal(report.stages.sql.reached, 2);
  assert.equal(report.stages.sql.precision, 1);
  assert.equal(report.stages.sql.recall, 0.5);
  // deciles: 70 | 60 | 50 50 | - | 30 | 20 20 | - | 10 10 | - | -
  assert.deepEqual(report.lift.map((d) => d.visitors), [1, 1, 2, 0, 1, 2, 0, 2, 0, 0]);
  assert.deepEqual(report.lift.map((d) => d.converted), [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]);
  assert.equal(report.lift[0].lift, 2.25);
  assert.equal(report.lift[3].rate, null);
  assert.match(report.undefined['/lift/3'], /equal scores stay in one decile/);
  assert.equal(report.lift[9].cumulative_recall, 1);
  // F1 by threshold: 70 .4, 60 .667, 50 .75, 30 .667, 20 .727, 10 .615; F0.5 is best at 60 (.833)
  assert.deepEqual(report.suggested_thresholds.mql, {
    criterion: 'max_f1', description: report.suggested_thresholds.mql.description,
    threshold: 50, visitors: 4, share: 0.4444, precision: 0.75, recall: 0.75, f1: 0.75, f0_5: 0.75,
  });
  assert.equal(report.suggested_thresholds.sql.criterion, 'max_f0.5');
  assert.equal(report.suggested_thresholds.sql.threshold, 60);
  assert.equal(report.suggested_thresholds.sql.f0_5, 0.8333);
  // Bad rows and lines on stderr with their line numbers.
  const errors = r.stderr.trim().split('\n');
  assert.ok(errors.some((l) => /outcomes\.csv:13: \[leadscore\.outcomes\.duplicate\] \/visitor: visitor "v5" already has an outcome \(line 7\)/.test(l)), r.stderr);
  assert.ok(errors.some((l) => /outcomes\.csv:14: \[leadscore\.outcomes\.value\] \/converted: "maybe" is not an outcome/.test(l)), r.stderr);
  assert.ok(errors.some((l) => /events\.ndjson:38: \[leadscore\.event\.required\] \/ts/.test(l)), r.stderr);
  // Said first: the rows used, and those left out by kind.
  assert.equal(errors[0], `leadscore: ${join(bt, 'outcomes.csv')}: 9 of 12 outcome rows used, 2 skipped: ` +
    '1 repeating a visitor (first: line 13), 1 with an outcome that is not 1/0, true/false or yes/no (first: line 14, "maybe" in /converted); ' +
    '1 with a visitor not scored in the events');
});

test('backtest: the same document for any thread count and run after run', () => {
  const one = run(btArgs('--threads', '1'));
  const three = run(btArgs('--threads', '3'));
  assert.equal(one.stdout, three.stdout);
  assert.equal(run(btArgs()).stdout, one.stdout);
});

test('backtest: --sql-precision suggests the lowest score with that precision; --now sets the moment', () => {
  const r = JSON.parse(run(btArgs('--sql-precision', '0.75')).stdout);
  assert.equal(r.suggested_thresholds.sql.criterion, 'min_precision');
  assert.equal(r.suggested_thresholds.sql.target_precision, 0.75);
  assert.equal(r.suggested_thresholds.sql.threshold, 50);
  assert.equal(r.suggested_thresholds.sql.precision, 0.75);
  const out = JSON.parse(run(btArgs('--sql-precision', '1.0', '--now', '2026-01-01T00:00:00Z')).stdout);
  assert.equal(out.now, 1767225600000);
  assert.equal(out.suggested_thresholds.sql.threshold, 60);
  const at = JSON.parse(run(btArgs('--at', '50', '--at', '20')).stdout);
  assert.deepEqual(at.at_thresholds, [
    { threshold: 50, visitors: 4, precision: 0.75, recall: 0.75, f1: 0.75 },
    { threshold: 20, visitors: 7, precision: 0.5714, recall: 1, f1: 0.7273 },
  ]);
  assert.equal(run(btArgs('--at', 'nan')).status, 2);
  const unreachable = file('bt-unreachable.csv', 'visitor,converted\nv1,0\nv3,1\n');
  const none = JSON.parse(run(['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'),
    '--outcomes', unreachable, '--sql-precision', '1']).stdout);
  assert.equal(none.suggested_thresholds.sql.threshold, null);
  assert.match(none.undefined['/suggested_thresholds/sql/threshold'], /no score threshold reaches precision 1 \(the best is 0\.5, at score >= 50\)/);
});

test('backtest: no converter: metrics are null with reasons, never NaN', () => {
  const negative = file('bt-negative.csv', 'visitor,converted\nv1,0\nv2,0\n');
  const r = run(['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'), '--outcomes', negative]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /NaN|Infinity|nan|inf/);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.auc, { score: null, fit: null, engagement: null });
  assert.equal(report.undefined['/auc/score'], 'no visitor converted: AUC needs converted and unconverted visitors');
  assert.equal(report.stages.mql.recall, null);
  assert.equal(report.stages.mql.precision, 0);
  assert.equal(report.suggested_thresholds.mql.threshold, null);
  // Nobody with an outcome is no report at all (exit 2), see below.
  const strangers = file('bt-strangers.csv', 'visitor,converted\nnobody,1\n');
  const s = run(['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'), '--outcomes', strangers]);
  assert.equal(s.status, 2);
  assert.equal(s.stdout, '');
  assert.match(s.stderr, /no outcome row matches a visitor in the events/);
});

test('backtest: outcome columns by name, outcomes from stdin', () => {
  const crm = 'Prospect ID,Lead Number,Converted\r\nv1,1,Yes\r\nv7,2,No\r\n';
  const args = ['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'), '--outcomes', '-'];
  const missing = run(args, crm);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /-:1: \[leadscore\.outcomes\.header\] the header has no visitor column \("visitor" or "visitor_id"\); its columns: "Prospect ID", "Lead Number", "Converted"/);
  assert.match(missing.stderr, /--visitor-column/);
  const r = run([...args, '--visitor-column', 'prospect id', '--outcome-column', 'CONVERTED'], crm);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.counts.with_outcome, 2);
  assert.equal(report.auc.score, 1);
});

test('backtest: bad input is a clear error and an exit code, never a crash', () => {
  const base = ['--events', join(bt, 'events.ndjson'), '--outcomes', join(bt, 'outcomes.csv')];
  const badConfig = run(['backtest', '--config', file('bt-bad.json', '{"version": 2}'), ...base]);
  assert.equal(badConfig.status, 1);
  assert.match(badConfig.stderr, /\[leadscore\.config\.version\]/);
  const noOutcomes = run(['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'), '--outcomes', join(dir, 'nope.csv')]);
  assert.equal(noOutcomes.status, 2);
  assert.match(noOutcomes.stderr, /cannot open .*nope\.csv/);
  const emptyOutcomes = run(['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'), '--outcomes', file('bt-empty.csv', '')]);
  assert.equal(emptyOutcomes.status, 2);
  assert.match(emptyOutcomes.stderr, /no header: the file is empty/);
  const binary = run(['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'), '--outcomes', file('bt-binary.csv', 'visitor,converted\n\u0000\u00ff"x,1\nv1,1\n')]);
  assert.equal(binary.status, 0);
  assert.match(binary.stderr, /:2: \[leadscore\.csv\.syntax\]/);
  // With no other row there is nothing to report on.
  const onlyBinary = run(['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'), '--outcomes', file('bt-binary-only.csv', 'visitor,converted\n\u0000\u00ff"x,1\n')]);
  assert.equal(onlyBinary.status, 2);
  assert.match(onlyBinary.stderr, /none of the 1 outcome rows is usable: 1 not valid CSV \(first: line 2\)/);
  const bothStdin = run(['backtest', '--config', join(bt, 'config.json'), '--events', '-', '--outcomes', '-'], '');
  assert.equal(bothStdin.status, 2);
  assert.match(bothStdin.stderr, /cannot both be standard input/);
  assert.equal(run(['backtest', '--config', join(bt, 'config.json'), ...base, '--now', 'soon']).status, 2);
  assert.equal(run(['backtest', '--config', join(bt, 'config.json'), ...base, '--sql-precision', '0']).status, 2);
  assert.equal(run(['backtest', '--config', join(bt, 'config.json'), ...base, '--sql-precision', '1.5']).status, 2);
  assert.equal(run(['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson')]).status, 2);
});

test('backtest: outcomes whose visitor ids match no visitor in the events are refused (exit 2, no report), showing ids from both sides and the flag to check', () => {
  const events = join(bt, 'events.ndjson');
  // The CRM's own ids picked as the visitor column: none of them is a visitor id of the events.
  const crm = file('bt-crm-ids.csv', 'crm_id,web_id,converted\nCRM-001,v1,1\nCRM-002,v2,0\nCRM-003,v3,1\nCRM-004,v4,0\n');
  const r = run(['backtest', '--config', join(bt, 'config.json'), '--events', events, '--outcomes', crm, '--visitor-column', 'crm_id']);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '');
  const said = r.stderr.trim().split('\n');
  assert.equal(said.length, 1, r.stderr);
  assert.match(said[0], /^leadscore: no outcome row matches a visitor in the events:/);
  assert.match(said[0], /the outcomes' visitor column "crm_id" holds ids such as "CRM-001", "CRM-002", "CRM-003"/);
  assert.match(said[0], /the events' "visitor" holds ids such as "v1", "v2", "v3"/);
  assert.match(said[0], /--visitor-column/);
  // The right column: a report.
  const right = run(['backtest', '--config', join(bt, 'config.json'), '--events', events, '--outcomes', crm, '--visitor-column', 'web_id']);
  assert.equal(right.status, 0, right.stderr);
  assert.equal(JSON.parse(right.stdout).counts.with_outcome, 4);
  // No events at all, or none that could be scored: nobody to pair.
  const empty = run(['backtest', '--config', join(bt, 'config.json'), '--events', file('bt-no-events.ndjson', '\n'), '--outcomes', crm, '--visitor-column', 'web_id']);
  assert.equal(empty.status, 2, empty.stderr);
  assert.equal(empty.stdout, '');
  assert.match(empty.stderr, /^leadscore: .*bt-no-events\.ndjson: no events: the file has no event lines\n$/);
  const unscored = run(['backtest', '--config', join(bt, 'config.json'), '--events', file('bt-unscored.ndjson', '{"visitor":"v1","type":"page_view"}\n'), '--outcomes', crm, '--visitor-column', 'web_id']);
  assert.equal(unscored.status, 2, unscored.stderr);
  assert.match(unscored.stderr, /^leadscore: .*bt-unscored\.ndjson: no event could be scored: all 1 event lines skipped \(first: line 1: \[leadscore\.event\.required\] \/ts: is required\)\n$/);
});

test('backtest: an outcome column without a single usable value is refused (exit 2, no report), saying why and which flag to check', () => {
  // An attribute column picked as the outcome: mostly empty, never 1/0, true/false or yes/no.
  const deals = file('bt-deals.csv', 'visitor,has_company,business_type\nv1,,reseller\nv2,,manufacturer\nv3,,\n');
  const r = run(['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'), '--outcomes', deals,
    '--outcome-column', 'has_company']);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '');
  const said = r.stderr.trim().split('\n');
  assert.equal(said.length, 1, r.stderr);
  assert.match(said[0], /^leadscore: .*bt-deals\.csv: none of the 3 outcome rows is usable: 3 with an outcome that is not 1\/0, true\/false or yes\/no \(first: line 2, "" in \/has_company\); check --outcome-column$/);
  // A header and no rows: nothing to backtest either.
  const bare = run(['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'), '--outcomes', file('bt-bare.csv', 'visitor,converted\n')]);
  assert.equal(bare.status, 2, bare.stderr);
  assert.equal(bare.stdout, '');
  assert.match(bare.stderr, /bt-bare\.csv: the outcomes file has a header but no rows/);
});

test('backtest: with many outcome rows skipped, one summary line comes first on stderr, then at most 10 of them and how many more; the report still follows', () => {
  const good = ['v1,1', 'v2,1', 'v3,0', 'v4,1', 'v5,0', 'v6,0', 'v7,0', 'v8,1'];
  const unknown = Array.from({ length: 28 }, (_, i) => `x${i},maybe`);
  const outcomes = file('bt-many-bad.csv', ['visitor,converted', ...good, ...unknown, ',1', 'v1,0', ''].join('\n'));
  const r = run(['backtest', '--config', join(bt, 'config.json'), '--events', join(bt, 'events.ndjson'), '--outcomes', outcomes]);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.counts.outcome_rows, 38);
  assert.equal(report.counts.outcome_rows_skipped, 30);
  assert.equal(report.counts.with_outcome, 8);
  const said = r.stderr.trim().split('\n');
  assert.equal(said[0], `leadscore: ${outcomes}: 8 of 38 outcome rows used, 30 skipped: ` +
    '28 with an outcome that is not 1/0, true/false or yes/no (first: line 10, "maybe" in /converted), ' +
    '1 with an empty visitor (first: line 38), 1 repeating a visitor (first: line 39); ' +
    'check --outcome-column'); // more rows lost to their outcome than used
  // Rows 10..19, then a count of the rest.
  assert.deepEqual(said.slice(1, 11).map((l) => Number(l.slice(outcomes.length + 1).split(':')[0])), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  assert.equal(said[11], `leadscore: ${outcomes}: and 20 more outcome rows skipped`);
  // The events' own refused line is still said.
  assert.ok(said.slice(12).some((l) => /events\.ndjson:38: \[leadscore\.event\.required\] \/ts/.test(l)), r.stderr);
});

test('backtest and score: an NDJSON file given as --outcomes, or a CSV given as events, is named for what it looks like (exit 2 for backtest)', () => {
  const events = join(bt, 'events.ndjson');
  const outcomes = join(bt, 'outcomes.csv');
  const cfg = join(bt, 'config.json');
  // The two files swapped: the outcomes are read first.
  for (const args of [['--events', events, '--outcomes', events], ['--events', outcomes, '--outcomes', events]]) {
    const r = run(['backtest', '--config', cfg, ...args]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.deepEqual(r.stderr.trim().split('\n'), [`leadscore: ${events}: this looks like NDJSON (a JSON object per line): ` +
      '--outcomes takes a CSV with a header row (such as visitor,converted); the events go to --events']);
  }
  // The outcomes CSV (with a BOM) given as the events.
  const csv = run(['backtest', '--config', cfg, '--events', outcomes, '--outcomes', outcomes]);
  assert.equal(csv.status, 2, csv.stderr);
  assert.equal(csv.stdout, '');
  assert.deepEqual(csv.stderr.trim().split('\n'), [`leadscore: ${outcomes}: this looks like CSV (its first line: "visitor,plan,converted"), ` +
    'not NDJSON: --events takes a JSON object per line, each with a "visitor"; the outcomes CSV goes to --outcomes']);
  // score: each line is still said, then what the file looks like.
  const score = run(['score', '--config', cfg, outcomes]);
  assert.equal(score.status, 0, score.stderr);
  assert.equal(score.stdout, '');
  const said = score.stderr.trim().split('\n');
  assert.equal(said[0], `leadscore: ${outcomes}: 13 of 13 event lines skipped: 13 not JSON (first: line 1)`);
  assert.match(said[1], /outcomes\.csv:1: \[leadscore\.event\.syntax\]/);
  assert.equal(said.at(-1), `leadscore: ${outcomes}: this looks like CSV (its first line: "visitor,plan,converted"), ` +
    'not NDJSON: score takes a JSON object per line, each with a "visitor"');
  // NDJSON with a bad line or two says nothing of the kind.
  const mixed = run(['score', '--config', cfg, file('mixed.ndjson', 'a,b\n{"visitor":"a","type":"page_view","url":"/","ts":1767600000000}\n')]);
  assert.doesNotMatch(mixed.stderr, /looks like CSV/);
});

test('score and backtest: "ts" written as a date string is refused with what to write instead: the epoch milliseconds it means', () => {
  const iso = '2026-01-05T10:00:00Z';
  const events = file('iso-ts.ndjson', [
    '{"visitor":"a","type":"page_view","url":"/","ts":1767600000000}',
    `{"visitor":"b","type":"page_view","url":"/","ts":"${iso}"}`,
    '{"visitor":"b","type":"page_view","url":"/","ts":"1767600000000"}',
    '{"visitor":"b","type":"page_view","url":"/","ts":"yesterday"}',
    '{"visitor":"b","type":"page_view","url":"/","ts":true}',
  ].join('\n') + '\n');
  const said = [
    `${events}:2: [leadscore.event.type] /ts: must be epoch milliseconds (a number), not the string "${iso}"; ` +
      `as epoch milliseconds that is ${Date.parse(iso)}`,
    `${events}:3: [leadscore.event.type] /ts: must be epoch milliseconds (a number), not the string "1767600000000"; ` +
      'write it without the quotes',
    `${events}:4: [leadscore.event.type] /ts: must be epoch milliseconds (a number), not the string "yesterday"`,
    `${events}:5: [leadscore.event.type] /ts: expected a number, got a boolean`,
  ];
  for (const threads of ['1', '3']) {
    const r = run(['score', '--config', config, '--threads', threads, events]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => JSON.parse(l).visitor), ['a']);
    const summary = `leadscore: ${events}: 4 of 5 event lines skipped: 4 with a value of the wrong type (first: line 2)`;
    assert.deepEqual(r.stderr.trim().split('\n'), [summary, ...said], threads);
  }
  const bt = run(['backtest', '--config', config, '--events', events, '--outcomes', file('iso-outcomes.csv', 'visitor,converted\na,1\n')]);
  assert.equal(bt.status, 0, bt.stderr);
  assert.deepEqual(bt.stderr.trim().split('\n').slice(1, 5), said);
});
